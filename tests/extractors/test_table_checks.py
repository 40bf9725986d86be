"""A table the document shows but that could not be read is a failed check, never a silent success."""

from extractors.budget_table import extract_budget_table, read
from extractors.ita_measures import extract_ita_measures
from extractors.thai.normalise import normalise_text

# The budget table of a plan pasted from a web page, its cells run together on one line each.
NAMED_BUDGET_TABLE = "\n".join([
    "ส่วนที่ 2",
    "โครงการ/กิจกรรม/มาตรการ",
    "ปี 2566",
    "ปี 2567",
    "งบประมาณ (บาท)",
    "1) โครงการอบรมคุณธรรม 20,000 20,000",
])


def test_a_named_budget_table_without_budget_lines_is_a_failed_error_check():
    lines = normalise_text(NAMED_BUDGET_TABLE).lines
    records = extract_budget_table(read(lines), lines=lines)
    (failed,) = [r.values for r in records if r.table == "checks"]
    assert (failed["check"], failed["status"], failed["severity"]) == ("budget_table_rows", "fail", "error")
    assert not [r for r in records if r.table == "budget_lines"]


def test_an_ita_measures_header_without_rows_is_a_failed_error_check():
    text = "ลำดับ\tมาตรการ\tขั้นตอน/วิธีการปฏิบัติ\tผู้รับผิดชอบ\tระยะเวลาดำเนินการ\n\nจึงประกาศให้ทราบโดยทั่วกัน"
    checks = [r.values for r in extract_ita_measures(normalise_text(text).lines) if r.table == "checks"]
    assert [(c["check"], c["status"], c["severity"]) for c in checks if c["status"] == "fail"] == [
        ("ita_measures_table_rows", "fail", "error")]

"""Tables flattened to one cell per line (a table copied from a web page) read back into rows."""

from __future__ import annotations

from extractors.tables.read import with_row_lines
from pipeline.document import run_stages
from pipeline.ingest import read_document
from pipeline.stages import all_stages
from tests.conftest import ROOT

# A เทศบาลตำบล's 2561-2564 plan pasted from its web page (hand-made after the one issue 14 names):
# "มิติที่ 1. <name>" headings, the header's first row on one line and "งบประมาณ" / "(บาท)" under
# each year, a mission and its sub-mission "1.1.1" on one line, "๑) โครงการ…" items with their
# amounts on the lines after them.
WEB_PAGE_PLAN = ROOT / "tests" / "fixtures" / "forms" / "webpage_plan.txt"


def _records(path):
    _, records, errors = run_stages(read_document(str(path)), all_stages())
    assert not errors
    return records


def test_plan_pasted_from_a_web_page_gives_its_dimensions_missions_projects_and_budget():
    records = _records(WEB_PAGE_PLAN)
    rows = {t: [r.values for r in records if r.table == t] for t in
            ("documents", "dimensions", "missions", "projects", "budget_lines")}
    document = {k: v for r in rows["documents"] for k, v in r.items()}
    assert document["doc_type"] == "action_plan"
    assert [(d["dimension_no"], d["name"]) for d in rows["dimensions"]] == [
        (1, "การสร้างสังคมที่ไม่ทนต่อการทุจริต"), (2, "การบริหารราชการเพื่อป้องกันการทุจริต")]
    assert {m["mission_code"] for m in rows["missions"]} >= {"1.1", "1.1.1", "1.1.2", "1.2.1", "2.1", "2.2.1"}
    assert [(p["project_no"], p["dimension_no"], p["mission_code"], p["kind"]) for p in rows["projects"]] == [
        (1, 1, "1.1.1", "โครงการ"), (2, 1, "1.1.1", "มาตรการ"), (3, 1, "1.1.2", "โครงการ"), (4, 1, "1.2.1", "กิจกรรม"),
        (5, 2, "2.1", "กิจกรรม"), (6, 2, "2.2.1", "มาตรการ"), (7, 2, "2.2.1", "โครงการ")]
    amounts = {(b["project_no"], b["fiscal_year_be"]): b["amount_thb"] for b in rows["budget_lines"]}
    assert len(amounts) == 7 * 4
    assert (amounts[(1, 2561)], amounts[(2, 2564)], amounts[(4, 2563)], amounts[(7, 2562)]) == \
        (20000, None, 5000, 10000)


def _row_lines(text: str) -> list[str]:
    return [line for _, line in with_row_lines(text.split("\n"))]


def test_a_committee_printed_one_cell_per_line_is_read_into_member_rows():
    text = "\n".join(["คณะทำงาน ประกอบด้วย", "",
                      "1. นางเปรมฤดี ชามพูนท", "นายกเทศมนตรีนครพิษณุโลก", "ประธานคณะทำงาน",
                      "2. นายสมชาย สีวะรัมย์", "ปลัดเทศบาล", "รองประธานคณะทำงาน",
                      "3. นางกมลศิกานต์ อัครสุภาเศรษฐี หัวหน้าสำนักปลัดเทศบาล", "คณะทำงาน", "",
                      "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"])
    assert _row_lines(text) == [
        "คณะทำงาน ประกอบด้วย", "",
        "1. นางเปรมฤดี ชามพูนท\tนายกเทศมนตรีนครพิษณุโลก\tประธานคณะทำงาน",
        "2. นายสมชาย สีวะรัมย์\tปลัดเทศบาล\tรองประธานคณะทำงาน",
        "3. นางกมลศิกานต์ อัครสุภาเศรษฐี หัวหน้าสำนักปลัดเทศบาล\tคณะทำงาน", "",
        "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"]


def test_numbered_card_fields_each_with_one_line_under_them_are_no_table():
    text = "\n".join(["6. ระยะเวลาดำเนินการ", "ปีงบประมาณ พ.ศ. 2566 - 2570", "7. งบประมาณดำเนินการ",
                      "ไม่ใช้งบประมาณ", "8. ผู้รับผิดชอบโครงการ", "กองการเจ้าหน้าที่"])
    assert _row_lines(text) == text.split("\n")


def test_a_report_cut_by_a_page_goes_on_after_the_running_title_where_its_numbering_does():
    # ลำดับ / title / มิติ / tick / amounts; after the page break no header, row 3 goes on
    text = "\n".join(["ลำดับ", "รายการโครงการ", "มิติ", "แล้วเสร็จ", "ไม่สามารถดำเนินการได้", "งบประมาณ", "เบิกจ่าย",
                      "คงเหลือ",
                      "1", "โครงการเชิดชูเกียรติบุคลากร", "1", "✓", "0.00", "0.00", "0.00",
                      "2", "โครงการเสริมสร้างค่านิยมต่อต้านการทุจริต", "2", "✓", "50,000.00", "0.00", "50,000.00",
                      "", "สรุปการดำเนินงานตามแผนปฏิบัติการ", "",
                      "3", "โครงการจัดเวทีประชาคม", "3", "✓", "30,000.00", "30,000.00", "0.00"])
    assert _row_lines(text) == [
        "ลำดับ\tรายการโครงการ\tมิติ\tแล้วเสร็จ\tไม่สามารถดำเนินการได้\tงบประมาณ\tเบิกจ่าย\tคงเหลือ",
        "1\tโครงการเชิดชูเกียรติบุคลากร\t1\t✓\t0.00\t0.00\t0.00",
        "2\tโครงการเสริมสร้างค่านิยมต่อต้านการทุจริต\t2\t✓\t50,000.00\t0.00\t50,000.00",
        "", "สรุปการดำเนินงานตามแผนปฏิบัติการ", "",
        "3\tโครงการจัดเวทีประชาคม\t3\t✓\t30,000.00\t30,000.00\t0.00"]


def test_values_run_on_past_a_row_are_cut_into_rows_of_the_usual_length():
    # four projects in one cell, their amounts on two rows: 6 values (a หมายเหตุ one) then 5
    text = "\n".join(["มิติ", "ภารกิจตามมิติ", "โครงการ/กิจกรรม/มาตรการ", "ปี 2566", "ปี 2567", "ปี 2568", "หมายเหตุ",
                      "1. การสร้างวัฒนธรรมสุจริต", "1.1 การเสริมสร้างจิตสำนึก", "1. โครงการพัฒนาความรู้",
                      "2. โครงการฝึกอบรม", *["10,000"] * 4, *["30,000"] * 3,
                      "1.2 การเสริมสร้างจิตสำนึกแก่ประชาชน", "3. กิจกรรมยกย่อง", *["-"] * 3,
                      "1.3 การเสริมสร้างจิตสำนึกแก่เยาวชน", "4. โครงการค่าย", *["5,000"] * 3])
    assert _row_lines(text)[1:] == [
        "1. การสร้างวัฒนธรรมสุจริต\t1.1 การเสริมสร้างจิตสำนึก\t1. โครงการพัฒนาความรู้ 2. โครงการฝึกอบรม"
        "\t10,000\t10,000\t10,000\t10,000",
        "30,000\t30,000\t30,000",
        "1.2 การเสริมสร้างจิตสำนึกแก่ประชาชน\t3. กิจกรรมยกย่อง\t-\t-\t-",
        "1.3 การเสริมสร้างจิตสำนึกแก่เยาวชน\t4. โครงการค่าย\t5,000\t5,000\t5,000"]

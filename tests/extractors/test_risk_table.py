
from extractors.risk_table import as_items, extract_risks, locate
from extractors.thai.normalise import normalise_text
from tests.conftest import UNSEEN, seed_norm


def _by_table(lines):
    out: dict[str, list] = {}
    for record in extract_risks(lines):
        out.setdefault(record.table, []).append(record)
    return out


def test_seed_001_seven_risks_have_likelihood_impact_and_score():
    risks = [r.values for r in _by_table(seed_norm("001").lines)["risks"]]
    assert [r["seq"] for r in risks] == list(range(1, 8))
    assert all((r["likelihood"], r["impact"], r["score"]) == (4, 1, 4) for r in risks)
    assert all(r["process"] and r["risk_issue"] and r["control_measure"] for r in risks)


def test_seed_001_score_is_likelihood_times_impact():
    checks = [c.values for c in _by_table(seed_norm("001").lines)["checks"] if c.values["check"] == "risk_score"]
    assert len(checks) == 7 and all(c["status"] == "pass" for c in checks)


def test_two_row_header_gives_likelihood_impact_and_score_their_own_columns():
    # seed 001 lines 103-104: "Risk Score (LxI)" spans three columns named on the second row
    (assessment, plan) = locate(seed_norm("001").lines)
    assert assessment.label.endswith("Likelihood (L) | Impact (I) | Risk Score (LxI)")
    assert plan.label.endswith("มาตรการควบคุมความเสี่ยงการทุจริต")


def test_control_measure_joined_by_number_keeps_its_paragraph_items():
    # seed 001 line 118: <p> paragraphs of the control plan arrive joined by " • "
    first = _by_table(seed_norm("001").lines)["risks"][0]
    assert first.values["control_measure"].split(" • ") == [
        "1. จัดทำระบบการติดตามตรวจสอบการก่อสร้าง",
        "2. วางระบบการเชื่อมโยงข้อมูลการอนุญาตก่อสร้างอาคารกับระบบแผนที่ภาษีและทะเบียนทรัพย์สิน",
        "3. ตรวจสอบปริมาณงานให้เหมาะสมกับเจ้าหน้าที่",
        "4. สรุปผลการดำเนินการตาม พรบ.ควบคุมอาคาร เพื่อรายงานฝ่ายบริหารและให้มีการแถลงข้อมูลต่อสภาเทศบาล"]


def test_numbered_risks_on_one_line_are_split_but_years_and_sections_are_not():
    # seed 001 line 105 (no <p>), and a cell citing "พ.ศ. 2560 มาตรา 11 ... ข้อ 11-13"
    assert as_items(["1.ไม่มีระบบการตรวจสอบ 2.ข้อมูลการก่อสร้างไม่เชื่อมโยง"]) == \
        "1.ไม่มีระบบการตรวจสอบ • 2.ข้อมูลการก่อสร้างไม่เชื่อมโยง"
    cited = "การจัดซื้อจัดจ้าง พ.ศ. 2560 มาตรา 11 และระเบียบ ข้อ 11-13"
    assert as_items([cited]) == cited


def test_plan_numbering_another_process_under_the_same_number_is_flagged():
    # seed 001 rows 4 and 7 word their process differently in the two tables but are the same risks
    checks = [c.values for c in _by_table(seed_norm("001").lines)["checks"]
              if c.values["check"] == "risk_plan_matches_assessment"]
    assert all(c["status"] == "pass" for c in checks)
    text = ("ที่\tกระบวนงาน\tเหตุการณ์ความเสี่ยง\tโอกาส\tผลกระทบ\tระดับความเสี่ยง\n"
            "1\tการจัดเก็บภาษี\tไม่ออกใบเสร็จ\t2\t3\t6\n\n"
            "ที่\tกระบวนงาน/เหตุการณ์ความเสี่ยง\tมาตรการควบคุม\n"
            "1\tการจ่ายเบี้ยยังชีพ • จ่ายซ้ำซ้อน\tตรวจทะเบียนผู้มีสิทธิ\n")
    (mismatch,) = [c.values for c in _by_table(normalise_text(text).lines)["checks"]
                   if c.values["check"] == "risk_plan_matches_assessment"]
    assert mismatch["status"] == "fail"


OTHER_PLAN = """การประเมินความเสี่ยงการทุจริต องค์การบริหารส่วนตำบลบ้านใหม่ ประจำปีงบประมาณ พ.ศ. 2569

ที่\tกระบวนงาน\tเหตุการณ์ความเสี่ยง\tโอกาส (L)\tผลกระทบ (I)\tระดับความเสี่ยง (L x I)
1\tการจัดซื้อจัดจ้าง\t- กำหนดคุณลักษณะเอื้อผู้ขาย\t3\t4\t12
2\tการออกใบอนุญาตก่อสร้าง\t- เรียกรับเงิน\t2\t5\t10
3\tการจัดเก็บภาษีที่ดิน\t- ลดหย่อนโดยมิชอบ\t2\t3\t6
4\tการใช้รถส่วนกลาง\t- ใช้รถเพื่อประโยชน์ส่วนตน\t3\t2\t6



ที่\tกระบวนงาน\tเหตุการณ์ความเสี่ยง\tโอกาส (L)\tผลกระทบ (I)\tระดับความเสี่ยง (L x I)
5\tการเบิกจ่ายค่าตอบแทน\t- เบิกเกินสิทธิ\t2\t2\t4
6\tการรับเรื่องร้องเรียน\t- ไม่ดำเนินการตามกำหนด\t1\t3\t3
7\tการสรรหาบุคลากร\t- ช่วยเหลือผู้สมัครบางราย\t2\t4\t8
8\tการจัดทำแผนพัฒนา\t- ไม่เปิดรับฟังความเห็น\t2\t2\t5

แผนบริหารความเสี่ยงการทุจริต

ที่\tกระบวนงาน/เหตุการณ์ความเสี่ยง\tมาตรการควบคุมความเสี่ยง\tผู้รับผิดชอบ
1\tการจัดซื้อจัดจ้าง • กำหนดคุณลักษณะเอื้อผู้ขาย\t1. ตรวจร่าง TOR 2. เผยแพร่ร่าง TOR\tกองคลัง
2\tการออกใบอนุญาตก่อสร้าง • เรียกรับเงิน\tกำหนดระยะเวลาพิจารณา\tกองช่าง
"""


def test_another_organisations_assessment_with_a_page_break_and_eight_risks():
    records = _by_table(normalise_text(OTHER_PLAN).lines)
    risks = [r.values for r in records["risks"]]
    assert [r["seq"] for r in risks] == list(range(1, 9))
    assert (risks[0]["likelihood"], risks[0]["impact"], risks[0]["score"]) == (3, 4, 12)
    assert risks[0]["control_measure"] == "1. ตรวจร่าง TOR • 2. เผยแพร่ร่าง TOR"
    assert risks[1]["control_measure"] == "กำหนดระยะเวลาพิจารณา"
    assert risks[2]["control_measure"] is None
    assert records["risks"][2].scores["control_measure"].confidence == 0.0
    status = {c.values["subject"]: c.values["status"] for c in records["checks"] if c.values["check"] == "risk_score"}
    assert status["seq=8"] == "fail" and status["seq=1"] == "pass"
    assert records["risks"][7].scores["score"].confidence < 0.9


def test_plans_without_risk_tables_and_other_documents_have_no_risks():
    for seed in ("000", "002", "003", "004"):
        assert not _by_table(seed_norm(seed).lines).get("risks"), seed


def test_control_plan_alone_gives_process_and_risk_from_its_merged_cell():
    # seed 001 lines 116-117 without the assessment table
    lines = seed_norm("001").lines[115:117]
    (risk,) = _by_table(lines)["risks"]
    assert risk.values["process"].startswith("การปฏิบัติหน้าที่ตาม พรบ.ควบคุมอาคาร")
    assert risk.values["risk_issue"].startswith("1. ไม่มีระบบการตรวจสอบ")
    assert risk.values["likelihood"] is None and risk.scores["likelihood"].confidence == 0.0
    assert risk.scores["process"].confidence < 0.9


def test_risks_are_read_from_the_zones_located_once():
    lines = seed_norm("001").lines
    assessment, plan = locate(lines)
    assert [r.values for r in extract_risks(lines, [assessment, plan])] == [r.values for r in extract_risks(lines)]
    # Given only the control plan's zone, the risks carry no assessment numbers.
    assert all(r.values["score"] is None for r in extract_risks(lines, [plan]) if r.table == "risks")


NACC_MATRIX = ("ที่\tโครงการ/กระบวนงาน\tความเสี่ยงการทุจริต\tความจำเป็นของการเฝ้าระวัง\tความรุนแรงของผลกระทบ"
               "\tค่าความเสี่ยงรวม จำเป็น x รุนแรง\n"
               "\t\t\t(๑-๓)\t(๑-๓)\t\n"
               "๑\tการจัดซื้อจัดจ้าง\tกำหนดคุณลักษณะเอื้อผู้ขาย\t๓\t๒\t๖\n"
               "๒\tการออกใบอนุญาต\tเรียกรับเงิน\t๒\t๒\t๔\n")


def test_nacc_template_reads_necessity_as_likelihood_and_severity_as_impact():
    risks = [r.values for r in _by_table(normalise_text(NACC_MATRIX).lines)["risks"]]
    assert [(r["seq"], r["likelihood"], r["impact"], r["score"]) for r in risks] == [(1, 3, 2, 6), (2, 2, 2, 4)]
    assert risks[0]["process"] == "การจัดซื้อจัดจ้าง" and risks[0]["risk_issue"] == "กำหนดคุณลักษณะเอื้อผู้ขาย"


def test_level_column_gives_the_score_its_number_but_a_level_word_alone_gives_none():
    text = ("กระบวนงาน\tเหตุการณ์ความเสี่ยง\tโอกาส\tผลกระทบ\tระดับความเสี่ยง\n"
            "การจัดเก็บภาษี\tไม่ออกใบเสร็จ\t3\t4\t12 (สูง)\n"
            "การใช้รถส่วนกลาง\tใช้รถเพื่อธุระส่วนตัว\t2\t2\tปานกลาง\n")
    records = _by_table(normalise_text(text).lines)
    first, second = records["risks"]
    assert first.values["score"] == 12 and first.scores["score"].confidence >= 0.9
    assert second.values["score"] is None and second.scores["score"].confidence == 0.0
    assert [c.values["status"] for c in records["checks"] if c.values["check"] == "risk_score"] == ["pass", "skip"]


def test_rows_without_numbers_are_numbered_by_position_across_pages():
    text = ("กระบวนงาน\tเหตุการณ์ความเสี่ยง\tโอกาส\tผลกระทบ\tคะแนน\n"
            "การจัดซื้อ\tแบ่งซื้อแบ่งจ้าง\t3\t4\t12\n\n\n\n-2-\n\n"
            "กระบวนงาน\tเหตุการณ์ความเสี่ยง\tโอกาส\tผลกระทบ\tคะแนน\n"
            "การตรวจรับงาน\tตรวจรับงานไม่ครบ\t3\t5\t15\n")
    risks = _by_table(normalise_text(text).lines)["risks"]
    assert [(r.values["seq"], r.values["process"]) for r in risks] == [(1, "การจัดซื้อ"), (2, "การตรวจรับงาน")]
    assert risks[1].scores["seq"].reason.startswith("inferred")


def test_number_heading_the_first_text_cell_is_the_seq_not_part_of_the_process():
    text = ("โครงการ/กระบวนงาน\tความเสี่ยงการทุจริต\tโอกาส\tผลกระทบ\tคะแนน\n"
            "3. การจัดซื้อจัดจ้าง\tแบ่งซื้อแบ่งจ้าง\t3\t4\t12\n")
    (risk,) = _by_table(normalise_text(text).lines)["risks"]
    assert (risk.values["seq"], risk.values["process"]) == (3, "การจัดซื้อจัดจ้าง")


def test_cell_wrapping_onto_a_line_without_tabs_continues_the_longest_cell_at_lower_confidence():
    text = ("ที่\tกระบวนงาน\tเหตุการณ์ความเสี่ยง\tโอกาส\tผลกระทบ\tคะแนน\n"
            "1\tการอนุญาต\tเจ้าหน้าที่เรียกรับเงินเพื่อพิจารณาคำขอ\t2\t3\t6\n"
            "ได้เร็วกว่ารายอื่น\n"
            "2\tการจัดซื้อ\tแบ่งซื้อแบ่งจ้าง\t3\t4\t12\n\n"
            "หมายเหตุ คะแนนเต็ม 25\n")
    first, second = _by_table(normalise_text(text).lines)["risks"]
    assert first.values["risk_issue"] == "เจ้าหน้าที่เรียกรับเงินเพื่อพิจารณาคำขอ ได้เร็วกว่ารายอื่น"
    assert first.scores["risk_issue"].confidence < 0.9 and first.values["process"] == "การอนุญาต"
    # After a blank line a paragraph is not a wrap.
    assert second.values["risk_issue"] == "แบ่งซื้อแบ่งจ้าง" and second.scores["risk_issue"].confidence >= 0.9


def test_unseen_risk_fixture_reads_a_process_wrapped_onto_a_markdown_row_of_its_own():
    text = (UNSEEN / "risk_likelihood_impact_markdown.txt").read_text()
    first = _by_table(normalise_text(text).lines)["risks"][0]
    assert first.values["process"] == "การจัดซื้อจัดจ้างโดยวิธี เฉพาะเจาะจง"
    assert first.values["risk_issue"].count(" • ") == 1 and first.scores["process"].confidence < 0.9

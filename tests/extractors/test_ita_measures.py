import json

from extractors.ita_measures import extract_ita_measures, locate, split_units
from extractors.thai.normalise import normalise_text
from tests.conftest import GOLD, seed_norm, seed_path

HEADER = "ลำดับ\tแนวทาง/มาตรการดำเนินการ\tขั้นตอน/วิธีการปฏิบัติ\tผู้รับผิดชอบ\tระยะเวลาดำเนินการ\tผลการดำเนินงาน"


def _rows(text: str) -> list[dict]:
    return [r.values for r in extract_ita_measures(normalise_text(text).lines) if r.table == "ita_measures"]


def _checks(text: str) -> list[dict]:
    return [r.values for r in extract_ita_measures(normalise_text(text).lines) if r.table == "checks"]


def test_seed_002_measures_match_gold_field_by_field():
    gold = json.loads((GOLD / f"{seed_path('002').stem}.gold.json").read_text(encoding="utf-8"))["ita_measures"]
    rows = [r.values for r in extract_ita_measures(seed_norm("002").lines) if r.table == "ita_measures"]
    assert len(rows) == len(gold)
    for want, got in zip(gold, rows):
        for field, value in want.items():
            assert got[field] == value, (want["seq"], field)


def test_seed_002_every_measure_has_steps_and_results():
    rows = [r.values for r in extract_ita_measures(seed_norm("002").lines) if r.table == "ita_measures"]
    assert all(r["steps"] and r["results"] for r in rows)


def test_dash_bullets_on_one_line_become_list_items():
    # seed 002, measure 3: lists printed as "- a -b" with no HTML
    rows = _rows(HEADER + "\n๓\t๓. มาตรการหรือแนวทางการพัฒนาด้านการใช้อำนาจหน้าที่\t- หน่วยงานต้องมีการจัดประชุมหน่วยงานอย่างสม่ำเสมอ "
                 "-มีการปรับปรุงคำสั่งแบ่งงานให้เป็นปัจจุบันและชัดเจน\t- สำนักปลัด - กองคลัง - หน่วยตรวจสอบภายใน\t"
                 "ตุลาคม ๒๕๖๕- ๓๐ กันยายน ๒๕๖๖\t- จัดทำแผนป้องกันการทุจริต ประจำปี พ.ศ. ๒๕๖๖ – ๒๕๗๐\n")
    assert rows[0]["measure"] == "มาตรการหรือแนวทางการพัฒนาด้านการใช้อำนาจหน้าที่"
    assert rows[0]["steps"] == ["หน่วยงานต้องมีการจัดประชุมหน่วยงานอย่างสม่ำเสมอ",
                                "มีการปรับปรุงคำสั่งแบ่งงานให้เป็นปัจจุบันและชัดเจน"]
    assert rows[0]["responsible_units"] == ["สำนักปลัด", "กองคลัง", "หน่วยตรวจสอบภายใน"]
    # a dash between two years is a range, not a bullet
    assert rows[0]["results"] == ["จัดทำแผนป้องกันการทุจริต ประจำปี พ.ศ. 2566 – 2570"]


def test_row_continued_after_a_repeated_header_joins_its_row():
    # seed 002 lines 13-16: measure 4's steps go on on the next page with an empty ลำดับ cell
    text = seed_norm("002").text
    rows = [r for r in extract_ita_measures(seed_norm("002").lines) if r.table == "ita_measures"]
    fourth = rows[3]
    assert fourth.values["steps"][-1].startswith("มีการจัดทำคำสั่งมอบหมายผู้รับผิดชอบอย่างชัดเจน")
    assert fourth.scores["steps"].reason.startswith("inferred")
    assert "\t\t-มีการจัดทำคำสั่งมอบหมายผู้รับผิดชอบ" in text
    fifth = rows[4]
    assert fifth.values["results"][-1] == "จัดทำระบบและช่องทางการร้องเรียนทุจริต ผ่านเว็บไซต์หลักของหน่วยงาน"


def test_website_menu_and_visitor_counter_after_the_table_are_not_measures():
    lines = seed_norm("002").lines
    (segment,) = locate(lines)
    assert lines[segment.end].startswith("10\t")
    rows = _rows(seed_norm("002").text)
    assert [r["seq"] for r in rows] == list(range(1, 11))
    assert not any("QR" in " ".join(r["results"]) or "Visitors" in (r["measure"] or "") for r in rows)


def test_plain_run_of_unit_names_is_split_with_lower_confidence():
    units, confidence, _ = split_units(["สำนักปลัด กองคลัง กองการศึกษา ศาสนาและวัฒนธรรม"])
    assert units == ["สำนักปลัด", "กองคลัง", "กองการศึกษา ศาสนาและวัฒนธรรม"]
    assert confidence < 0.9
    assert split_units(["สำนักงาน ปลัด อบต."])[0] == ["สำนักงาน ปลัด อบต."]


def test_risk_control_plan_is_not_read_as_ita_measures():
    lines = seed_norm("001").lines
    assert locate(lines) == []


OTHER_ORG = """มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน เทศบาลตำบลหนองบัว ประจำปีงบประมาณ พ.ศ. 2567

ลำดับ\tมาตรการ\tวิธีการดำเนินการ\tหน่วยงานที่รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ
1.\tมาตรการเผยแพร่ข้อมูลต่อสาธารณะ\t- จัดทำประกาศ - เผยแพร่บนเว็บไซต์\tสำนักปลัด, กองคลัง\tต.ค. 66 - ก.ย. 67\t- ดำเนินการแล้ว
2.\tมาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม\t1. จัดประชุม 2. สรุปผล\tกองช่าง\tต.ค. 66 - ก.ย. 67\t-
3.\tมาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง\t- รายงานผลการจัดซื้อจัดจ้างรายเดือน\tกองคลัง\tต.ค. 66 - ก.ย. 67\t- รายงานครบ 12 เดือน



ลำดับ\tมาตรการ\tวิธีการดำเนินการ\tหน่วยงานที่รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ
\t\t- ตรวจสอบโดยหน่วยตรวจสอบภายใน\t\t\t
4.\tมาตรการจัดการเรื่องร้องเรียน\t- เปิดช่องทางออนไลน์\tสำนักปลัด กองคลัง\tตลอดปี\t- มีช่องทาง 3 ช่องทาง
5.\tมาตรการป้องกันผลประโยชน์ทับซ้อน\t- จัดอบรม\tสำนักปลัด/กองคลัง/กองช่าง\tตลอดปี\t- อบรม 1 ครั้ง
6.\tมาตรการตรวจสอบการใช้ดุลพินิจ\t- จัดทำคู่มือ\tทุกกอง\tตลอดปี\t- มีคู่มือ
7.\tมาตรการส่งเสริมคุณธรรม\t- ประกาศนโยบาย\tสำนักปลัด\tตลอดปี\t- ประกาศแล้ว
8.\tมาตรการลดขั้นตอนการให้บริการ\t- ปรับปรุงขั้นตอน\tสำนักปลัด\tตลอดปี\t- ลดเวลา
9.\tมาตรการประเมินความพึงพอใจ\t- สำรวจความพึงพอใจ\tสำนักปลัด\tตลอดปี\t- ร้อยละ 90
10.\tมาตรการเปิดเผยงบประมาณ\t- เผยแพร่รายงานการเงิน\tกองคลัง\tตลอดปี\t- เผยแพร่แล้ว
11.\tมาตรการ No Gift Policy\t- ประกาศเจตนารมณ์\tสำนักปลัด\tตลอดปี\t- ประกาศแล้ว

สถิติผู้เยี่ยมชม
วันนี้\t35
"""


def test_another_organisations_table_with_arabic_digits_and_eleven_measures():
    rows = _rows(OTHER_ORG)
    assert [r["seq"] for r in rows] == list(range(1, 12))
    assert rows[0]["responsible_units"] == ["สำนักปลัด", "กองคลัง"]
    assert rows[0]["steps"] == ["จัดทำประกาศ", "เผยแพร่บนเว็บไซต์"]
    assert rows[1]["steps"] == ["จัดประชุม", "สรุปผล"]
    assert rows[1]["results"] == []
    assert rows[2]["steps"] == ["รายงานผลการจัดซื้อจัดจ้างรายเดือน", "ตรวจสอบโดยหน่วยตรวจสอบภายใน"]
    assert rows[3]["responsible_units"] == ["สำนักปลัด", "กองคลัง"]
    assert rows[4]["responsible_units"] == ["สำนักปลัด", "กองคลัง", "กองช่าง"]
    assert rows[5]["responsible_units"] == ["ทุกกอง"]
    assert rows[10]["measure"] == "มาตรการ No Gift Policy"
    assert [c["status"] for c in _checks(OTHER_ORG)] == ["pass"]


def test_a_gap_in_the_numbering_is_a_failed_check():
    text = HEADER + "\n1\tมาตรการ ก\t- ขั้น\tกองคลัง\tตลอดปี\t-\n3\tมาตรการ ข\t- ขั้น\tกองคลัง\tตลอดปี\t-\n"
    (numbering,) = _checks(text)
    assert numbering["status"] == "fail"


def test_markdown_table_from_another_ocr_engine_reads_like_a_tab_table():
    text = ("| ลำดับ | มาตรการ | ขั้นตอนการดำเนินการ | ผู้รับผิดชอบ | ระยะเวลา |\n"
            "|---|---|---|---|---|\n"
            "| 1 | มาตรการเผยแพร่ข้อมูล | - จัดทำประกาศ - เผยแพร่ | สำนักปลัด กองคลัง | ต.ค. 67 - ก.ย. 68 |\n"
            "| | | - รายงานผล | | |\n"
            "| 2 | มาตรการลดขั้นตอน | - ปรับปรุงคู่มือ | กองช่าง | ตลอดปี |\n")
    rows = _rows(text)
    assert [(r["seq"], r["measure"]) for r in rows] == [(1, "มาตรการเผยแพร่ข้อมูล"), (2, "มาตรการลดขั้นตอน")]
    assert rows[0]["steps"] == ["จัดทำประกาศ", "เผยแพร่", "รายงานผล"]
    assert rows[0]["responsible_units"] == ["สำนักปลัด", "กองคลัง"]


def test_table_without_a_numbering_column_takes_the_number_from_the_measure():
    text = ("มาตรการ/แนวทาง\tขั้นตอน/วิธีการ\tผู้รับผิดชอบ\tระยะเวลา\n"
            "1. มาตรการเผยแพร่ข้อมูล\t- จัดทำประกาศ\tสำนักปลัด\tตลอดปี\n"
            "\t- เผยแพร่บนเว็บไซต์\t\t\n"
            "2. มาตรการลดขั้นตอน\t- ปรับปรุงคู่มือ\tกองช่าง\tตลอดปี\n")
    records = [r for r in extract_ita_measures(normalise_text(text).lines) if r.table == "ita_measures"]
    assert [(r.values["seq"], r.values["measure"]) for r in records] == \
        [(1, "มาตรการเผยแพร่ข้อมูล"), (2, "มาตรการลดขั้นตอน")]
    assert records[0].values["steps"] == ["จัดทำประกาศ", "เผยแพร่บนเว็บไซต์"]


def test_second_table_restarting_at_one_keeps_seq_unique():
    table = HEADER + "\n1\tมาตรการ ก\t- ขั้น\tกองคลัง\tตลอดปี\t-\n2\tมาตรการ ข\t- ขั้น\tกองคลัง\tตลอดปี\t-\n"
    rows = _rows(table + "\nมาตรการภายในเพื่อส่งเสริมความโปร่งใส\n\n" + table)
    assert [r["seq"] for r in rows] == [1, 2, 3, 4]


def test_line_breaks_inside_measure_and_period_cells_are_spaces():
    text = HEADER + ("\n1\t<p>มาตรการส่งเสริม</p><p>ความโปร่งใส</p>\t- ขั้น\tกองคลัง\tตุลาคม 2566<br>- กันยายน 2567\t-\n")
    (row,) = _rows(text)
    assert row["measure"] == "มาตรการส่งเสริม ความโปร่งใส"
    assert row["period_text"] == "ตุลาคม 2566 - กันยายน 2567"


def test_measures_are_read_from_the_zones_located_once():
    lines = seed_norm("002").lines
    zones = locate(lines)
    assert [r.values for r in extract_ita_measures(lines, zones)] == [r.values for r in extract_ita_measures(lines)]
    assert extract_ita_measures(lines, []) == []


def test_a_responsible_header_ocr_damaged_keeps_the_table_and_its_numbering():
    lines = list(seed_norm("002").lines)
    header = next(i for i, line in enumerate(lines) if "ผู้รับผิดชอบ" in line and "\t" in line)
    lines[header] = lines[header].replace("ผู้รับผิดชอบ", "ผู้รัปผิดชอบ")
    damaged = [r for r in extract_ita_measures(lines) if r.table == "ita_measures"]
    clean = [r for r in extract_ita_measures(seed_norm("002").lines) if r.table == "ita_measures"]
    assert [r.values for r in damaged] == [r.values for r in clean]
    assert all(r.scores["responsible_units"].reason.startswith("OCR variant repaired") for r in damaged)

"""Words and numbers OCR damaged inside cards and headings, read as what the document's own evidence
(the plan period, the count of headings) says they are, and marked repaired."""

from extractors import dimension
from extractors.project_card import extract_cards, read_budget, read_period
from extractors.records import REPAIRED


def test_a_card_year_misread_outside_the_plan_is_the_year_inside_it_a_look_alike_digit_gives():
    period = read_period("ปีงบประมาณ พ.ศ. 2566 - 2510", (2566, 2570))  # ๗ read as ๑
    assert (period.start, period.end) == (2566, 2570)
    assert period.reason.startswith(REPAIRED) and period.confidence < 0.9
    assert (read_period("ปีงบประมาณ พ.ศ. 2566 - 2510").end) == 2566  # without the plan, no evidence


def test_no_budget_printed_with_a_damaged_word_is_still_no_budget_and_marked_repaired():
    budget = read_budget("ไม่ใช้งปประมาณ")
    assert budget.no_budget and budget.value == 0 and budget.reason.startswith(REPAIRED) and budget.confidence < 0.9


def test_a_dimension_heading_whose_number_ocr_misread_is_the_number_the_headings_count_to():
    lines = ["มิติที่ 1 การสร้างวัฒนธรรมสุจริต", "1. ชื่อโครงการ : โครงการ ก", "2. หลักการและเหตุผล", "x", "3. วัตถุประสงค์", "y",
             "", "มิติที่ 6 การบริหารราชการด้วยความโปร่งใส",  # ๖ printed for ๒
             "1. ชื่อโครงการ : โครงการ ข", "2. หลักการและเหตุผล", "x", "3. วัตถุประสงค์", "y", "",
             "มิติที่ 3 การส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน",
             "1. ชื่อโครงการ : โครงการ ค", "2. หลักการและเหตุผล", "x", "3. วัตถุประสงค์", "y"]
    found = dimension.extract(lines, [])
    assert [(h.dimension_no, h.misread) for h in found.headings] == [(1, None), (2, "6"), (3, None)]
    assert [d.values["dimension_no"] for d in found.dimensions] == [1, 2, 3]


def _card(title_line: str, number: str = "2") -> list[str]:
    return [title_line, f"{number}. หลักการและเหตุผล", "x", "3. วัตถุประสงค์", "y", "4. กลุ่มเป้าหมาย", "z", ""]


def test_a_card_whose_title_label_ocr_destroyed_is_found_by_the_fields_that_follow():
    lines = [*_card("1. ชื่อโครงการ : โครงการ ก (1)"),
             *_card("1. าก มาตรการ “ข” (2)"),  # ชื่อโครงการ : read as two letters
             *_card("1: ชื่อโครงการ : โครงการ ค"),  # the number's dot read as a colon
             "1. จอก กิจกรรม ง", "(4)", *_card("")[1:]]  # the title wraps before field 2
    cards = extract_cards(lines)
    assert [(c.values["title"], c.row_hint) for c in cards] == [
        ("โครงการ ก", 1), ("มาตรการ “ข”", 2), ("โครงการ ค", None), ("กิจกรรม ง", 4)]
    assert [c.scores["title"].confidence < 0.9 for c in cards] == [False, True, True, True]


def test_a_numbered_line_with_a_colon_is_no_card_unless_field_2_follows():
    lines = [*_card("1. ชื่อโครงการ : โครงการ ก"), "1. จัดประชุม : ครั้งที่ 1", "ข้อความ",
             *_card("1. าก มาตรการ ข", number="3")]  # field 3 follows: a list item
    assert [c.values["title"] for c in extract_cards(lines)] == ["โครงการ ก"]


def test_the_first_mission_of_a_dimension_whose_heading_ocr_lost_opens_that_dimension():
    lines = ["มิติที่ 2 การบริหารราชการด้วยความโปร่งใส", "2.1 การเปิดเผยข้อมูล", *_card("1. ชื่อโครงการ : โครงการ ก"),
             "การส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน",  # มิติที่ 3 lost, its name read
             "3.1 การส่งเสริมให้ประชาชนมีส่วนร่วม", "3.1.1 การมีส่วนร่วมในการจัดทำแผนพัฒนา",
             *_card("1. ชื่อโครงการ : โครงการ ข"), "3.2 การรับฟังความคิดเห็น", *_card("1. ชื่อโครงการ : โครงการ ค")]
    found = dimension.extract(lines, [])
    assert [(r.values["dimension_no"], r.values["mission_code"]) for r in found.missions] == [
        (2, "2.1"), (3, "3.1"), (3, "3.1.1"), (3, "3.2")]
    # Items numbered after their field ("3.1 เพื่อ...", "3.2 ...") under dimension 2 open no dimension 3.
    items = ["มิติที่ 2 การบริหารราชการด้วยความโปร่งใส", "2.1 การเปิดเผยข้อมูล", *_card("1. ชื่อโครงการ : โครงการ ก"),
             "3.1 เพื่อเสริมสร้างจิตสำนึก", "3.2 เพื่อป้องกันการทุจริต"]
    assert [r.values["mission_code"] for r in dimension.extract(items, []).missions] == ["2.1"]


def test_a_mission_heading_with_a_dot_and_litter_after_its_code_keeps_its_name():
    # Scanned seed 003: "2.2.1. ), การแสดงเจตนารมณ์..." and a line of litter before the card.
    lines = ["มิติที่ 2 การบริหารราชการด้วยความโปร่งใส", "2.2 มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
             "2.2.1. ), การแสดงเจตนารมณ์ในการปฏิบัติหน้าที่", "1709011272321031", "ลำดับที 1",
             *_card("1. ชื่อโครงการ : มาตรการแสดงเจตนารมณ์")]
    found = dimension.extract(lines, [])
    assert [(r.values["mission_code"], r.values["name"]) for r in found.missions] == [
        ("2.2", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"), ("2.2.1", "การแสดงเจตนารมณ์ในการปฏิบัติหน้าที่")]

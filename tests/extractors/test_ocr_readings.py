"""Words and numbers OCR damaged inside cards and headings, read as what the document's own evidence
(the plan period, the count of headings) says they are, and marked repaired."""

from extractors import dimension
from extractors.project_card import read_budget, read_period
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

"""Project detail cards: every card found once, every field by meaning, linked to the budget table.

Lines below are taken from the seeds (after normalisation: Arabic digits).
"""

from __future__ import annotations

import json

import pytest
import regex

from extractors.card_links import link_cards
from extractors.project_card import (
    card_checks,
    extract_cards,
    locate,
    read_budget,
    read_period,
    split_items,
)
from extractors.records import REPAIRED, Heading, Record
from extractors.thai.normalise import normalise_text
from extractors.thai.numbers import amount_in_words, parse_number_words
from extractors.thai.titles import same_title, similar_titles, title_similarity
from tests.conftest import GOLD, UNSEEN, seed_norm

# A card as 000 prints it (card 1), used as the frame for single-field damage below.
CARD_HEAD = [
    "ลำดับที่ 1", "",
    "1. ชื่อโครงการ : โครงการพัฒนาความรู้ด้านกฎหมายและระเบียบที่เกี่ยวข้องกับการปฏิบัติงาน",
    "", "2. หลักการและเหตุผล", "", "การบริหารจัดการขององค์กรปกครองส่วนท้องถิ่นมีกฎหมาย ระเบียบ ประกาศ",
    "", "3. วัตถุประสงค์", "", "1) เพื่อให้บุคลากร ผู้บริหาร และสมาชิกสภาท้องถิ่น ได้เพิ่มพูนความรู้",
    "", "4. กลุ่มเป้าหมาย", "", "บุคลากร ผู้บริหาร และสมาชิกสภาท้องถิ่นของเทศบาลตำบลคลองแสนแสบ จำนวน 51 คน",
]


def one_card(lines: list[str], **kwargs) -> Record:
    cards = extract_cards(lines, **kwargs)
    assert len(cards) == 1
    return cards[0]


def card_with(*body: str) -> Record:
    return one_card([*CARD_HEAD, "", *body])


def headings_from_gold(prefix: str) -> list[Heading]:
    """Body dimension headings of a seed, found by the gold dimension names (the heading helper's job)."""
    gold = json.loads(next(GOLD.glob(f"{prefix}_*.gold.json")).read_text(encoding="utf-8"))
    lines = seed_norm(prefix).lines
    first_card = locate(lines)[0].start
    headings = []
    for dimension in gold["dimensions"]:
        line = next(i for i in range(first_card - 3, len(lines))
                    if dimension["name"] in lines[i] and lines[i].startswith(("มติที่", "มิติที่")))
        headings.append(Heading(line, dimension["dimension_no"], None, dimension["name"]))
    return headings


def gold_projects(prefix: str) -> tuple[list[Record], list[Record]]:
    """Budget-table projects and yearly lines as the budget-table stage will hand them over."""
    gold = json.loads(next(GOLD.glob(f"{prefix}_*.gold.json")).read_text(encoding="utf-8"))
    projects, lines = [], []
    for p in gold["projects"]:
        projects.append(Record("projects", {k: p[k] for k in ("project_no", "dimension_no", "mission_code", "title")},
                               0))
        for year, amount in p["budgets"].items():
            lines.append(Record("budget_lines", {"project_no": p["project_no"], "fiscal_year_be": int(year),
                                                 "amount_thb": amount, "no_budget": amount == 0}, 0))
    return projects, lines


# --- every card exactly once -------------------------------------------------------------------

@pytest.mark.parametrize("prefix, expected", [("000", 25), ("001", 58), ("003", 19)])
def test_every_card_of_a_seed_is_found_once(prefix, expected):
    lines = seed_norm(prefix).lines
    cards = extract_cards(lines)
    assert len(cards) == expected
    assert [c.values["card_seq"] for c in cards] == list(range(1, expected + 1))
    assert len({c.values["title"] for c in cards}) >= expected - 1  # 001 prints two cards near-identically


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_documents_without_cards_give_none(prefix):
    assert extract_cards(seed_norm(prefix).lines) == []


def test_cards_of_seed_000_match_gold():
    gold = json.loads(next(GOLD.glob("000_*.gold.json")).read_text(encoding="utf-8"))["project_cards"]
    cards = extract_cards(seed_norm("000").lines, headings_from_gold("000"), (2566, 2570))
    link_cards(cards, *gold_projects("000"))
    fields = ("card_no", "project_no", "dimension_no", "mission_code", "title", "budget_thb", "period_text",
              "start_year_be", "end_year_be", "responsible", "target_group")
    wrong = []
    for expected, card in zip(gold, cards, strict=True):
        got = {f: card.values[f] for f in fields}
        got |= {"n_objectives": len(card.values["objectives"]), "n_methods": len(card.values["methods"])}
        wrong += [(expected["card_no"], f, expected[f], got[f]) for f in got if got[f] != expected[f]]
    assert wrong == []


def test_confident_card_fields_are_right_on_seed_000():
    gold = json.loads(next(GOLD.glob("000_*.gold.json")).read_text(encoding="utf-8"))["project_cards"]
    cards = extract_cards(seed_norm("000").lines, headings_from_gold("000"), (2566, 2570))
    for expected, card in zip(gold, cards):
        for name in ("card_no", "title", "budget_thb", "responsible", "start_year_be", "end_year_be"):
            if card.scores[name].confidence >= 0.9:
                assert card.values[name] == expected[name], (expected["card_no"], name)


# --- damage patterns ---------------------------------------------------------------------------

def test_fields_numbered_again_after_a_page_break_are_read_by_meaning():
    # 000 card 2: after the page break the budget and responsible headings are numbered 3. and 4.
    card = card_with("5. วิธีดำเนินการ", "", "1) จัดทำโครงการเพื่อขออนุมัติจากผู้มีอำนาจอนุมัติ", "",
                     "6. ระยะเวลาดำเนินการ", "", "ปีงบประมาณ พ.ศ. 2566-2570", "", "", "",
                     "3. งบประมาณที่ใช้ในการดำเนินการ", "งบประมาณ จำนวน 30,000 บาท", "",
                     "4. ผู้รับผิดชอบ", "เทศบาลตำบลคลองแสนแสบ", "", "5. ผลผลิต/ผลลัพธ์", "", "ผลผลิต", "",
                     "1) มีการจัดอบรมจำนวน 1 ครั้ง")
    assert card.values["budget_thb"] == 30000
    assert card.values["responsible"] == "เทศบาลตำบลคลองแสนแสบ"
    assert card.values["outputs"] == ["มีการจัดอบรมจำนวน 1 ครั้ง"]
    assert len(card.values["objectives"]) == 1


def failed_card_checks(lines: list[str], plan_period=(2566, 2570)) -> list[tuple[str, str, str]]:
    segments = locate(lines)
    cards = extract_cards(lines, plan_period=plan_period, segments=segments)
    return [(c.values["check"], c.values["expected"], c.values["observed"])
            for c in card_checks(cards, lines, plan_period, segments=segments) if c.values["status"] == "fail"]


def test_field_numbers_that_restart_after_a_page_break_are_a_failed_check():
    # 000 card 2: "6. ระยะเวลาดำเนินการ" is followed by "3. งบประมาณที่ใช้ในการดำเนินการ" (7 belongs)
    lines = [*CARD_HEAD, "", "5. วิธีดำเนินการ", "1) จัดทำโครงการ", "6. ระยะเวลาดำเนินการ",
             "ปีงบประมาณ พ.ศ. 2566-2570", "", "", "", "3. งบประมาณที่ใช้ในการดำเนินการ", "งบประมาณ จำนวน 30,000 บาท",
             "4. ผู้รับผิดชอบ", "เทศบาลตำบลคลองแสนแสบ"]
    assert failed_card_checks(lines) == [("card_field_numbering", "7", "3")]
    in_order = [line.replace("3. งบ", "7. งบ").replace("4. ผู้", "8. ผู้") for line in lines]
    assert failed_card_checks(in_order) == []


def test_a_period_year_repaired_from_a_typo_is_a_failed_check():
    # 000 card 16: "ปีงบประมาณ พ.ศ. ๒๕๖๖-๒๖๗๐" is read as 2566-2570 and reported
    lines = [*CARD_HEAD, "", "5. วิธีดำเนินการ", "1) จัดทำโครงการ", "6. ระยะเวลาดำเนินการ", "ปีงบประมาณ พ.ศ. 2566-2670",
             "7. งบประมาณ", "ไม่ใช้งบประมาณ", "8. ผู้รับผิดชอบ", "สำนักปลัด"]
    assert failed_card_checks(lines) == [("card_period_as_printed", "2566-2570", "ปีงบประมาณ พ.ศ. 2566-2670")]


@pytest.mark.parametrize("heading", ["5. วิธีดำเนินงาน", "5. วิธีดำเนิน", "5. วิธีการดำเนินการ"])
def test_method_heading_variants_are_recognised(heading):
    card = card_with(heading, "", "1) จัดตั้งคณะทำงาน", "", "2) แต่งตั้งเจ้าหน้าที่ผู้รับผิดชอบศูนย์ข้อมูลข่าวสาร",
                     "", "6. ระยะเวลาดำเนินการ", "", "ปีงบประมาณ พ.ศ. 2566 – 2570")
    assert card.values["methods"] == ["จัดตั้งคณะทำงาน", "แต่งตั้งเจ้าหน้าที่ผู้รับผิดชอบศูนย์ข้อมูลข่าวสาร"]
    assert (card.values["start_year_be"], card.values["end_year_be"]) == (2566, 2570)


def test_results_heading_with_spaced_slash_splits_outputs_and_outcomes():
    # 003: "9. ผลผลิต / ผลลัพธ์"
    card = card_with("9. ผลผลิต / ผลลัพธ์", "", "ผลผลิต", "", "1) มีการจัดทำข้อตกลงการปฏิบัติราชการ", "",
                     "ผลลัพธ์", "", "ประชาชนมีความพึงพอใจต่อการใช้บริการศูนย์ข้อมูลข่าวสารไม่ต่ำกว่าร้อยละ 80")
    assert card.values["outputs"] == ["มีการจัดทำข้อตกลงการปฏิบัติราชการ"]
    assert card.values["outcomes"] == ["ประชาชนมีความพึงพอใจต่อการใช้บริการศูนย์ข้อมูลข่าวสารไม่ต่ำกว่าร้อยละ 80"]


@pytest.mark.parametrize("merged", ["9. ผลผลิต/ผลลัพธ์**ผลผลิต**", "9. ผลผลิต/ผลลัพธ์ ผลผลิต"])
def test_two_fields_on_one_line_are_both_read(merged):
    lines = normalise_text("\n".join([*CARD_HEAD, merged, "1) มีการเผยแพร่ประมวลจริยธรรม อย่างน้อย 3 ช่องทาง",
                                      "ผลลัพธ์", "บุคลากรปฏิบัติตามประมวลจริยธรรม"])).lines
    card = one_card(lines)
    assert card.values["outputs"] == ["มีการเผยแพร่ประมวลจริยธรรม อย่างน้อย 3 ช่องทาง"]
    assert card.values["outcomes"] == ["บุคลากรปฏิบัติตามประมวลจริยธรรม"]


@pytest.mark.parametrize("merged", [
    # 003 as OCR'd: banner, card number and title glued by emphasis
    "รายละเอียดโครงการ/กิจกรรม/มาตรการ**ลำดับที่ ๖****๑. ชื่อโครงการ : โครงการเสริมสร้างความโปร่งใสในการใช้ทรัพย์สินของทางราชการ**",
    # the same without emphasis marks
    "รายละเอียดโครงการ/กิจกรรม/มาตรการ ลำดับที่ ๖ ๑. ชื่อโครงการ : โครงการเสริมสร้างความโปร่งใสในการใช้ทรัพย์สินของทางราชการ",
])
def test_card_header_merged_with_the_previous_line(merged):
    body = ["2. หลักการและเหตุผล", "ทรัพย์สินของทางราชการ", "3. วัตถุประสงค์", "1) เพื่อป้องกันการใช้ทรัพย์สิน"]
    card = one_card(normalise_text("\n".join([merged, *body])).lines)
    assert card.values["card_no"] == 6
    assert card.values["title"] == "โครงการเสริมสร้างความโปร่งใสในการใช้ทรัพย์สินของทางราชการ"


def test_card_number_glued_after_a_dimension_heading():
    # 000 raw line 231: "มติที่ ๑ การสร้างวัฒนธรรมสุจริต**ลำดับที่ ๑**", here without emphasis
    lines = ["มติที่ 1 การสร้างวัฒนธรรมสุจริต ลำดับที่ 1", "", *CARD_HEAD[2:]]
    assert one_card(lines).values["card_no"] == 1


def test_card_numbers_restarting_under_each_mission_are_kept_as_printed():
    lines = seed_norm("003").lines
    headings = [Heading(i, 2, line.split(" ")[0], line) for i, line in enumerate(lines)
                if regex.match(r"2\.[1-3]\.[1-3] ", line)]
    cards = extract_cards(lines, headings)
    assert [c.values["card_no"] for c in cards][:6] == [1, 1, 1, 1, 1, 2]
    assert [c.values["mission_code"] for c in cards][:2] == ["2.1.1", "2.1.2"]
    from extractors.project_card import card_checks
    failed = [c for c in card_checks(cards, lines, (2566, 2570), headings) if c.values["status"] == "fail"]
    assert [c.values["check"] for c in failed] == []


def test_misprinted_card_number_is_repaired_and_reported():
    # 000: the sixth card is headed "ลำดับที่ 2", between ลำดับที่ 5 and ลำดับที่ 7
    from extractors.project_card import card_checks
    lines = seed_norm("000").lines
    cards = extract_cards(lines)
    assert [c.values["card_no"] for c in cards[4:7]] == [5, 6, 7]
    assert cards[5].scores["card_no"].confidence < 0.9
    failed = [c.values for c in card_checks(cards, lines, None) if c.values["status"] == "fail"
              and c.values["check"] == "card_numbering" and c.values["subject"] != "document"]
    assert [(f["subject"], f["observed"]) for f in failed] == [("card_seq=6", "2")]


def test_list_item_numbered_like_a_field_heading_stays_in_the_list():
    # 001 card 16: "6. สรุปผลประเมินผล" is the last method step, right before "6. ระยะเวลาดำเนินการ"
    card = card_with("5. วิธีดำเนินการ", "", "1. เสนอโครงการ", "", "2. ประชุมผู้บริหาร และครูฝ่ายกิจกรรมเพื่อกำหนดกิจกรรมต่างๆ",
                     "", "3. เสนอกิจกรรมเพื่ออนุมัติ", "", "4. ออกคำสั่งแต่งตั้งคณะกรรมการดำเนินงาน", "",
                     "5. ดำเนินงานตามโครงการ", "", "6. สรุปผลประเมินผล", "", "6. ระยะเวลาดำเนินการ", "",
                     "ปีงบประมาณ พ.ศ.2566-2570", "", "7. งบประมาณดำเนินการ", "",
                     "เป็นเงิน 450,000 บาท (สี่แสนห้าหมื่นบาทถ้วน)")
    assert len(card.values["methods"]) == 6
    assert card.values["methods"][-1] == "สรุปผลประเมินผล"
    assert card.values["period_text"] == "ปีงบประมาณ พ.ศ.2566-2570"
    assert card.values["budget_thb"] == 450000 and card.scores["budget_thb"].confidence >= 0.95


def test_field_heading_with_a_long_value_on_its_line_is_read_when_numbered_as_the_next_field():
    # tests/fixtures/unseen/5year_plan_lost_tabs.txt, card 1: "4. กลุ่มเป้าหมาย ผู้บริหาร ... จำนวน 60 คน".
    lines = normalise_text((UNSEEN / "5year_plan_lost_tabs.txt").read_text(encoding="utf-8")).lines[66:99]
    card = one_card(lines)
    assert card.values["target_group"] == "ผู้บริหาร สมาชิกสภาเทศบาล พนักงานเทศบาล และพนักงานจ้าง จำนวน 60 คน"
    assert len(card.values["objectives"]) == 3
    assert card.values["location"] == "เทศบาลตำบลหนองหญ้าปล้อง"


LONG_TARGET = "เป้าหมาย ผู้บริหาร สมาชิกสภาเทศบาล พนักงานเทศบาล และพนักงานจ้าง ที่เข้าร่วมอบรม จำนวน 60 คน"


@pytest.mark.parametrize("body", [
    # numbered as the field after next ("3." is the last heading)
    ("5. " + LONG_TARGET,),
    # the next item of a list numbered like the fields
    ("1. เพื่อให้บุคลากรมีความรู้", "2. เพื่อสร้างจิตสำนึก", "3. เพื่อแยกแยะผลประโยชน์", "4. " + LONG_TARGET),
])
def test_long_line_starting_with_heading_words_stays_content_when_its_number_does_not_fit(body):
    card = one_card([*CARD_HEAD[:9], "", *body, "", "6. ระยะเวลาดำเนินการ", "", "ปีงบประมาณ พ.ศ. 2566"])
    assert card.values["target_group"] is None


def test_sub_items_stay_inside_their_method_step():
    # 001 card 21: "2) ประชุมคณะทำงานฯ" carries 2.1), 2.1.1) ... 2.2)
    items = split_items(["1) จัดตั้งคณะทำงานจัดทำมาตรการเปิดเผยข้อมูลสาธารณะ", "2) ประชุมคณะทำงานฯ",
                         "2.1) กำหนดแนวทาง/มาตรการเพื่อกำกับติดตามหน่วยงาน", "2.1.1) ข้อมูลพื้นฐาน ได้แก่ โครงสร้าง",
                         "2.1.2) การบริหารงาน ได้แก่ แผนการดำเนินงาน", "2.2) กำหนดแนวทาง/มาตรการกำกับติดตาม",
                         "3) ติดตามผลการดำเนินการตามมาตรการเปิดเผยข้อมูล", "สาธารณะของเทศบาลนครพิษณุโลก"]).items
    assert len(items) == 3
    assert items[1].startswith("ประชุมคณะทำงานฯ 2.1) กำหนดแนวทาง") and "2.1.2) การบริหารงาน" in items[1]
    assert items[2] == "ติดตามผลการดำเนินการตามมาตรการเปิดเผยข้อมูล สาธารณะของเทศบาลนครพิษณุโลก"


def test_a_sub_list_restarting_at_one_does_not_end_the_steps():
    # 000 card 16: step 4) lists members (1)-(6) and duties 1)-4); the steps go on at 5)
    items = split_items(["1) ประสานกับส่วนราชการ", "2) จัดทำโครงการและขออนุมัติโครงการ", "3) จัดทำประกาศประชาสัมพันธ์",
                         "4) จัดทำคำสั่งแต่งตั้งคณะกรรมการติดตามประเมินผล", "(1) ผู้แทนชุมชน", "(2) ผู้แทนสมาชิกสภา 2 คน",
                         "ให้คณะกรรมการฯ ดำเนินการดังนี้", "- 1) ประเมินผลการปฏิบัติราชการ", "- 2) ประเมินผล",
                         "- 3) จัดทำแบบประเมินผล", "- 4) ดำเนินการเรื่องอื่นๆ", "- 5) ประชุมคณะกรรมการ",
                         "- 6) ดำเนินการติดตามประเมินผลแผนพัฒนา"])
    assert len(items.items) == 6
    assert items.confidence < 0.9


def test_trailing_row_number_links_the_card_to_its_budget_row():
    # 001: "1. ชื่อโครงการ : โครงการบุคลากรต้นแบบ ด้าน “บริการเป็นเลิศ” (8)"
    lines = ["1. ชื่อโครงการ : โครงการบุคลากรต้นแบบ ด้าน “บริการเป็นเลิศ” (8)", "2. หลักการและเหตุผล", "ข้อความ",
             "3. วัตถุประสงค์", "1) เพื่อ"]
    card = one_card(lines)
    link_cards([card], [])  # no budget table to check it: the printed row number stands
    assert card.values["project_no"] == 8
    assert card.values["title"] == "โครงการบุคลากรต้นแบบ ด้าน “บริการเป็นเลิศ”"


def test_misprinted_row_number_between_its_neighbours_is_repaired():
    # 001 prints "(37)", "(378)", "(39)"
    cards = extract_cards(seed_norm("001").lines)
    link_cards(cards, [])  # no budget table to check them: the printed row numbers stand
    assert [c.values["project_no"] for c in cards[36:39]] == [37, 38, 39]


def test_budget_in_digits_and_words_that_disagree_takes_the_one_the_table_supports():
    # 001 card 11: digits 1,365,000, words หนึ่งล้านเจ็ดแสนหกหมื่นห้าพัน (1,765,000); the table says 1,765,000
    card = card_with("7. งบประมาณดำเนินการ", "", "จำนวน 1,365,000 บาท (หนึ่งล้านเจ็ดแสนหกหมื่นห้าพันบาทถ้วน)")
    assert (card.values["budget_thb"], card.values["budget_words_thb"]) == (1365000, 1765000)
    assert card.scores["budget_thb"].confidence < 0.5
    project = Record("projects", {"project_no": 11, "title": card.values["title"]}, 0)
    yearly = [Record("budget_lines", {"project_no": 11, "fiscal_year_be": y, "amount_thb": 1765000.0,
                                      "no_budget": False}, 0) for y in range(2566, 2571)]
    checks = link_cards([card], [project], yearly)
    assert card.values["budget_thb"] == 1765000
    budget_check = next(c.values for c in checks if c.values["check"] == "card_budget_vs_table")
    assert budget_check["status"] == "pass" and "took the words" in budget_check["message"]


@pytest.mark.parametrize("text, value, no_budget", [
    ("- ไม่ใช้งบประมาณ", 0.0, True),  # 001, after a dash bullet
    ("ดำเนินการโดยไม่ใช้งบประมาณ", 0.0, True),  # 000
    ("-", None, False),  # 001: nothing printed
    ("- 63,000 บาท", 63000.0, False),  # 001
    ("50,000 บาท (งบสำนักช่าง)", 50000.0, False),  # 001
])
def test_budget_field_readings(text, value, no_budget):
    budget = read_budget(text)
    assert (budget.value, budget.no_budget) == (value, no_budget)


def test_no_budget_after_a_dash_bullet_in_a_card():
    card = card_with("7. งบประมาณดำเนินการ", "- ไม่ใช้งบประมาณ", "8. ผู้รับผิดชอบโครงการ", "- กองการเจ้าหน้าที่")
    assert (card.values["budget_thb"], card.values["no_budget"]) == (0.0, True)
    assert card.values["responsible"] == "กองการเจ้าหน้าที่"


def test_period_readings():
    def years(period):
        return period.start, period.end

    assert years(read_period("ปีงบประมาณ พ.ศ. 2567 -2570")) == (2567, 2570)  # 003
    typo = read_period("ปีงบประมาณ พ.ศ. 2566-2670")  # 000 card 16
    assert years(typo) == (2566, 2570) and typo.confidence < 0.9
    whole = read_period("ตลอดปีงบประมาณ", (2566, 2570))
    assert years(whole) == (2566, 2570) and whole.confidence < 0.9
    assert years(read_period("ตลอดปีงบประมาณ")) == (None, None)
    assert years(read_period("ตุลาคม 2565 - กันยายน 2566")) == (2566, 2566)


def test_thai_number_words():
    assert parse_number_words("หนึ่งล้านเจ็ดแสนหกหมื่นห้าพัน") == 1765000
    assert parse_number_words("สิบล้าน") == 10_000_000
    assert parse_number_words("ยี่สิบเอ็ด") == 21
    assert parse_number_words("สามสี่") is None
    assert amount_in_words("เป็นเงิน 30,000 บาท (สามหมื่นบาทถ้วน)") == 30000


# --- linking to the budget table ---------------------------------------------------------------

def test_cards_without_row_numbers_link_by_title_and_position_on_seed_000():
    cards = extract_cards(seed_norm("000").lines)
    checks = link_cards(cards, *gold_projects("000"))
    assert [c.values["project_no"] for c in cards] == list(range(1, 26))
    # card 4's table title is garbled: linked by position between cards 3 and 5, not confidently
    assert cards[3].scores["project_no"].confidence < 0.9
    assert not [c for c in checks if c.values["status"] == "fail" and c.values["check"] == "project_has_card"]


def test_a_row_number_that_disagrees_with_the_title_is_overruled():
    # 001 prints "(50)" on two cards; the second is budget row 51 by its title
    lines = seed_norm("001").lines
    cards = extract_cards(lines)
    projects = [Record("projects", {"project_no": n, "title": t}, 0) for n, t in (
        (50, "กิจกรรมส่งเสริมชุมชน เฝ้าระวังการทุจริต"),
        (51, "โครงการสร้างเครือข่าย ภาคประชาชนเพื่อเฝ้าระวัง การทุจริตของเทศบาลฯ"),
        (52, "กิจกรรมบูรณาการทุก ภาคส่วนเพื่อต่อต้านการ ทุจริต"))]
    trio = cards[49:52]
    assert [c.row_hint for c in trio] == [50, 50, 51]
    link_cards(trio, projects)
    assert [c.values["project_no"] for c in trio] == [50, 51, 52]
    assert "overruled" in trio[1].scores["project_no"].reason


def test_title_similarity_ignores_spacing_and_quotes():
    assert title_similarity("มาตรการ “จัดทำข้อตกลงการปฏิบัติราชการตามหลักธรรมาภิบาล”",
                            "มาตรการ \"จัดทำข้อตกลง การปฏิบัติราชการตามหลักธรรมาภิบาล\"") == 1.0


def test_similar_titles_gives_the_exact_likeness_of_every_pair_that_reaches_the_floor():
    # Seed 000's card titles against its budget-table titles: the prefilter must drop no pair
    # that reaches the floor and change no value it keeps.
    card_titles = [c.values["title"] for c in extract_cards(seed_norm("000").lines)]
    table_titles = [p.values["title"] for p in gold_projects("000")[0]]
    every = {(i, j): title_similarity(a, b) for i, a in enumerate(card_titles) for j, b in enumerate(table_titles)}
    for floor in (0.3, 0.55, 0.6, 0.9):
        assert similar_titles(card_titles, table_titles, floor) == {k: v for k, v in every.items() if v >= floor}


def test_abbreviated_municipality_in_the_table_is_the_same_title():
    # 001's table prints "เทศบาลฯ" where the card prints "เทศบาลนครพิษณุโลก".
    assert same_title("ส่งเสริมการมีส่วนร่วม ของประชาชนในการบริหาร กิจการของเทศบาลฯ",
                      "ส่งเสริมการมีส่วนร่วมของประชาชนในการบริหารกิจการของเทศบาลนครพิษณุโลก")
    assert not same_title("โครงการจัดงานวันเด็ก", "โครงการจัดงานวันผู้สูงอายุ")


def test_segments_cover_each_card_and_stop_before_the_appendix():
    lines = seed_norm("001").lines
    segments = locate(lines)
    assert all(s.kind == "project_card" for s in segments)
    assert lines[segments[-1].end + 2] == "ภาคผนวก"
    assert all(a.end < b.start for a, b in zip(segments, segments[1:]))


def test_card_stage_runs_end_to_end(extracted):
    import pandas as pd

    cards = pd.read_parquet(extracted / "project_cards.parquet")
    documents = pd.read_parquet(extracted / "documents.parquet")
    names = dict(zip(documents.doc_id, documents.source_file.str.split("/").str[-1].str[:3]))
    assert cards.doc_id.map(names).value_counts().to_dict() == {"001": 58, "000": 25, "003": 19}
    segments = pd.read_parquet(extracted / "segments.parquet")
    assert (segments.kind == "project_card").sum() == 102



# --- older templates and other layouts -----------------------------------------------------------

# The 2561-2564 template's card: title on its own line, เป้าหมาย/ผลผลิต, พื้นที่ดำเนินการ,
# ตัวชี้วัด/ผลลัพธ์, values on the heading line, items numbered after their field (3.1, 3.2).
OLDER_CARD = [
    "โครงการที่ 3", "1. ชื่อโครงการ", "โครงการส่งเสริมคุณธรรมและจริยธรรมในการป้องกันการทุจริต",
    "2. หลักการและเหตุผล/ที่มาของโครงการ", "การทุจริตเป็นปัญหาสำคัญ", "3. วัตถุประสงค์",
    "3.1 เพื่อเสริมสร้างจิตสำนึก", "3.2 เพื่อป้องกันการทุจริต", "4. เป้าหมาย/ผลผลิต",
    "พนักงานส่วนตำบล จำนวน 30 คน", "5. พื้นที่ดำเนินการ", "องค์การบริหารส่วนตำบลบ้านเป้า",
    "6. วิธีดำเนินการ", "6.1 จัดทำโครงการ", "6.2 จัดอบรม", "6.3 ประเมินผล",
    "7. ระยะเวลาดำเนินการ 4 ปี (ปีงบประมาณ พ.ศ. 2561 - 2564)", "8. งบประมาณดำเนินการ 20,000 บาท",
    "9. ผู้รับผิดชอบโครงการ สำนักปลัด", "10. ตัวชี้วัด/ผลลัพธ์", "10.1 ผู้เข้าร่วมอบรมร้อยละ 80",
    "10.2 ไม่มีเรื่องร้องเรียน",
]


def test_older_template_card_is_read_field_by_field():
    card = one_card(OLDER_CARD)
    v = card.values
    assert v["card_no"] == 3
    assert v["title"] == "โครงการส่งเสริมคุณธรรมและจริยธรรมในการป้องกันการทุจริต"
    assert v["objectives"] == ["เพื่อเสริมสร้างจิตสำนึก", "เพื่อป้องกันการทุจริต"]
    assert (v["target_group"], v["location"]) == ("พนักงานส่วนตำบล จำนวน 30 คน", "องค์การบริหารส่วนตำบลบ้านเป้า")
    assert v["methods"] == ["จัดทำโครงการ", "จัดอบรม", "ประเมินผล"]
    assert (v["start_year_be"], v["end_year_be"], v["budget_thb"]) == (2561, 2564, 20000)
    assert v["responsible"] == "สำนักปลัด"
    assert v["indicators"] == ["ผู้เข้าร่วมอบรมร้อยละ 80", "ไม่มีเรื่องร้องเรียน"]


def test_items_numbered_unlike_the_fields_are_not_headings():
    # fields numbered "N.", so "2) เป้าหมาย..." is an objective, not the target-group field
    card = card_with("5. วิธีดำเนินการ", "1) จัดทำโครงการ", "2) เป้าหมายการอบรม 2 ครั้งต่อปี", "3) รายงานผล",
                     "6. ระยะเวลาดำเนินการ", "ปีงบประมาณ พ.ศ. 2566-2570")
    assert len(card.values["methods"]) == 3
    assert card.values["target_group"].startswith("บุคลากร")


def test_a_heading_reported_inside_a_card_does_not_cut_it():
    # 003: "2.1.1) ข้อมูลพื้นฐาน ..." is a method sub-item even if reported as a mission heading
    lines = seed_norm("003").lines
    inside = next(i for i, line in enumerate(lines) if line.startswith("2.1.1) ข้อมูลพื้นฐาน"))
    cards = extract_cards(lines, [Heading(inside, 2, "2.1.1", lines[inside])])
    assert len(cards) == 19
    card = max((c for c in cards if c.line < inside), key=lambda c: c.line)
    assert card.values["responsible"] and card.values["budget_text"] == "ไม่ใช้งบประมาณ"


def test_card_printed_as_a_two_column_table_is_read():
    # Some converters print a card as a table: heading cell, tab, value cell.
    lines = ["ลำดับที่ 2", "1. ชื่อโครงการ\tโครงการจัดงานวันเด็ก (16)", "2. หลักการและเหตุผล\tเด็กเป็นอนาคตของชาติ",
             "3. วัตถุประสงค์\t1) เพื่อส่งเสริมเด็กและเยาวชน • 2) เพื่อสร้างจิตสำนึก",
             "7. งบประมาณดำเนินการ\tเป็นเงิน 450,000 บาท (สี่แสนห้าหมื่นบาทถ้วน)", "8. ผู้รับผิดชอบโครงการ\tสำนักการศึกษา"]
    card = one_card(lines)
    v = card.values
    assert (v["card_no"], card.row_hint, v["title"]) == (2, 16, "โครงการจัดงานวันเด็ก")
    assert (v["budget_thb"], v["responsible"]) == (450000, "สำนักการศึกษา")
    assert v["objectives"] == ["เพื่อส่งเสริมเด็กและเยาวชน", "เพื่อสร้างจิตสำนึก"]  # the cell's list items


def test_budget_table_rows_are_no_cards():
    # 001's budget table: tab-separated rows naming projects
    lines = ["มิติ\tภารกิจตามมิติ\tโครงการ /กิจกรรม/ มาตรการ\tปี 2566\tปี 2567",
             "\t1.3\t16.โครงการจัดงานวันเด็ก\t450,000\t450,000", "ลำดับ\tชื่อโครงการ\tงบประมาณ\tผู้รับผิดชอบ"]
    assert extract_cards(lines) == []


def test_a_budget_table_project_without_a_card_is_reported():
    cards = extract_cards(seed_norm("000").lines)
    del cards[9]  # card 10 lost
    checks = link_cards(cards, *gold_projects("000"))
    failed = [c.values for c in checks if c.values["status"] == "fail"]
    assert [(f["check"], f["subject"]) for f in failed] == [("project_has_card", "project_no=10"),
                                                            ("project_has_card", "document")]
    assert [c.values["project_no"] for c in cards][8:10] == [9, 11]


def test_digits_the_table_supports_win_over_words():
    card = card_with("7. งบประมาณดำเนินการ", "เป็นเงิน 30,000 บาท (สามแสนบาทถ้วน)")
    project = Record("projects", {"project_no": 17, "title": card.values["title"]}, 0)
    yearly = [Record("budget_lines", {"project_no": 17, "fiscal_year_be": 2566, "amount_thb": 30000.0}, 0)]
    checks = link_cards([card], [project], yearly)
    assert card.values["budget_thb"] == 30000
    assert "took the digits" in next(c.values["message"] for c in checks if c.values["check"] == "card_budget_vs_table")


# --- cards read from OCR'd scans (lines as Tesseract's Thai model read 000, 001 and 003 printed) ----

# Seed 000's first card as OCR'd (Thai digits, sara am decomposed, tone marks lost, look-alike numbers).
OCR_CARD = [
    "มติที่๑การสร้างวัฒนธรรมสุจริต**ลําดับที่๑”*",
    "๑.ชื่อโครงการ::โครงการพัฒนาความรู้ด้านกฎหมายและระเบียบที่เกี่ยวข้องกับการปฏิบัติงาน",
    "๒.หลักการและเหตุผล",
    "การบริหารจัดการขององค์กรปกครองส่วนท้องถิ่นมีกฎหมายระเบียบประกาศคําสั่ง",
    "๓.วัตถุประสงค์",
    "-@)เพื่อเผยแพร่ข้อมูลข่าวสารอันเป็นประโยชน์",
    "-๒)เพื่อมีหน่วยประชาสัมพันธ์ข้อมูลข่าวสาร",
    "-๓)เพื่อจัดแสดงข้อมูลการดําเนินงานตามบทบาท",
    "๕.กลุ่มเป้าหมาย",
    "บุคลากรผู้บริหารและสมาชิกสภาท้องถิ่นของเทศบาลตําบลคลองแสนแสบ",
    "๒.ระยะเวลาดําเนินการ",
    "ปีงบประมาณ พ.ศ. ๒๕๒๒-๒๕๐",
    "ฆ.งบประมาณทีใช้ในการดําเนินการ",
    "งบประมาณ จํานวน ๑๐,๐๐๐ บาท",
    "๕.ผู้รับถิดชอบโครงการ",
    "สํานักปลัดเทศบาล",
    "๕.ผลผลิต/ผลลัพธ์",
    "ผลผลิต อ",
    "-๑)มีการจัดอบรมความรู้ด้านกฎหมายและระเบียบ",
    "ผลลัพธ์ .",
    "เทศบาลตําบลคลองแสนแสบมีการบริหารงานโดยยึดอํานาจหน้าที่",
]


def ocr_card(lines: list[str] = OCR_CARD) -> Record:
    return one_card(normalise_text("\n".join(lines)).lines)


def test_ocr_damaged_headings_are_read_and_what_they_head_is_marked_repaired():
    card = ocr_card()
    v, scores = card.values, card.scores
    assert v["card_no"] == 1  # "ลําดับที่๑”*": marks after the number
    assert v["title"].startswith("โครงการพัฒนาความรู้")  # "::" doubled by OCR
    assert v["budget_thb"] == 10000  # under "ฆ.งบประมาณทีใช้..." (7 read as ฆ, ที่ lost its tone mark)
    assert v["budget_text"] == "งบประมาณ จำนวน 10,000 บาท"
    assert v["responsible"] == "สำนักปลัดเทศบาล"  # under "ผู้รับถิดชอบ" (ผ read as ถ)
    assert v["outputs"] == ["มีการจัดอบรมความรู้ด้านกฎหมายและระเบียบ"]  # "ผลผลิต อ": a letter of litter
    assert v["outcomes"] == ["เทศบาลตำบลคลองแสนแสบมีการบริหารงานโดยยึดอำนาจหน้าที่"]  # "ผลลัพธ์ ."
    for name in ("card_no", "title", "budget_thb", "responsible", "outcomes"):
        assert scores[name].reason.startswith(REPAIRED) and scores[name].confidence <= 0.8, name


def test_no_value_of_an_ocr_damaged_card_is_scored_sure():
    card = ocr_card()
    assert max(s.confidence for s in card.scores.values() if s is not card.scores["card_seq"]) <= 0.85


def test_a_year_ocr_broke_in_the_period_is_weak_not_exact():
    card = ocr_card()
    assert card.values["start_year_be"] == 2522  # as read, but not believed
    assert card.scores["start_year_be"].confidence < 0.5 and "250" in card.scores["start_year_be"].reason
    assert card.scores["period_text"].confidence < 0.9
    assert read_period("ปีงบประมาณพ.ศ. 252-2550").confidence < 0.5
    assert read_period("ไตรมาส 1-4 ปีงบประมาณ 2566").confidence >= 0.9  # quarters are no range of years


def test_a_list_number_ocr_read_as_a_letter_is_the_number_missing_before_the_next():
    card = ocr_card()
    assert card.values["objectives"][0] == "เพื่อเผยแพร่ข้อมูลข่าวสารอันเป็นประโยชน์"
    assert len(card.values["objectives"]) == 3
    assert card.scores["objectives"].reason.startswith(REPAIRED)


@pytest.mark.parametrize("card_line, number", [
    ("ลําดับที่๑”*", 1),  # 000 card 1
    ("ล้าดับที่๒", 2),  # 000 card 2: sara am read as ้า
    ("ล าดับที่ 3", 3),
    ("ลำดับท 4", 4),
])
def test_ocr_variants_of_the_card_number_are_read_as_repaired(card_line, number):
    card = ocr_card([card_line, *OCR_CARD[1:]])
    assert card.values["card_no"] == number
    assert card.scores["card_no"].reason.startswith(REPAIRED)


@pytest.mark.parametrize("title_line", [
    "๑.ซือโครงการ :โครงการเสริมความโปร่งใสในการบริหารงบประมาณ",  # 003 card 2
    "๑.ซื่อโครงการ :",  # 000 card 2, title on the next line
    "๑. .ชื่อโครงการ : โครงการเสริมความโปร่งใสในการบริหารงบประมาณ",  # scanned 001 card 40: a speck
    "๑. ซีอุโครงการ : โครงการเสริมความโปร่งใสในการบริหารงบประมาณ",  # scanned 001 card 4
    "๑. ชื่อโครุงการ : โครงการเสริมความโปร่งใสในการบริหารงบประมาณ",  # scanned 001 card 41
])
def test_ocr_variants_of_the_title_heading_start_a_card(title_line):
    lines = ["ลําดับที่๑", title_line, "โครงการเสริมความโปร่งใสในการบริหารงบประมาณ", *OCR_CARD[2:]]
    assert "โครงการเสริมความโปร่งใส" in ocr_card(lines).values["title"]


def test_a_field_number_with_ocr_litter_before_the_heading_is_a_heading():
    # 001 card 2: "๒.'หลักการและเหตุผล/ที่มาของโครงการ"; "«๓. ผลผลิต/ผลลัพธ์" in 003
    lines = [*OCR_CARD[:2], "๒.'หลักการและเหตุผล/ที่มาของโครงการ", *OCR_CARD[3:16], "«๓. ผลผลิต/ผลลัพธ์",
             *OCR_CARD[17:]]
    card = ocr_card(lines)
    assert card.values["rationale"].startswith("การบริหารจัดการ")
    assert card.values["outputs"] == ["มีการจัดอบรมความรู้ด้านกฎหมายและระเบียบ"]

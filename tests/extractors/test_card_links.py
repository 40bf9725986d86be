"""One decision of which card describes which budget-table row, used by the table and the links."""

from extractors.card_links import match_cards
from pipeline.document import run_stages
from pipeline.ingest import read_document
from pipeline.stages import all_stages
from tests.conftest import seed_path

ROWS = [(1, "โครงการจัดงานวันเด็ก"), (2, "โครงการอบรมคุณธรรมจริยธรรมบุคลากร"), (3, "มาตรการ No Gift Policy"),
        (4, "กิจกรรมเผยแพร่ข้อมูลข่าวสาร")]


def test_a_printed_row_number_lifts_a_loosely_alike_title_to_its_row():
    found = match_cards(["โครงการส่งเสริมคุณธรรมพนักงานจ้าง"], [2], ROWS)
    assert found[0].row == 1
    assert match_cards(["โครงการส่งเสริมคุณธรรมพนักงานจ้าง"], [None], ROWS) == {}


def test_a_card_between_two_matched_neighbours_takes_the_one_row_left_between_them():
    found = match_cards(["โครงการจัดงานวันเด็ก", "ข้อความที่ OCR อ่านผิดทั้งหมด", "มาตรการ No Gift Policy"],
                        [None, None, None], ROWS)
    assert {card: m.row for card, m in found.items()} == {0: 0, 1: 1, 2: 2}
    assert found[1].by_position and not found[0].by_position


def test_each_row_goes_to_one_card_only():
    found = match_cards(["โครงการจัดงานวันเด็ก", "โครงการจัดงานวันเด็ก"], [None, None], ROWS)
    assert len({m.row for m in found.values()}) == len(found) == 1


def test_the_budget_table_and_the_card_links_agree_on_every_card_of_a_plan():
    artefacts, records, errors = run_stages(read_document(str(seed_path("001"))), all_stages())
    assert errors == []
    projects, matches = artefacts["projects"], artefacts["card_matches"]
    for index, card in enumerate(artefacts["cards"]):
        expected = projects[matches[index].row].values["project_no"] if index in matches else None
        assert card.values["project_no"] == expected
    # Each card the table took as evidence is the card the link names (a title check per pair).
    compared = {c.values["subject"] for c in records if c.table == "checks" and c.values["check"] == "project_title_vs_card"}
    linked = {f"project_no={c.values['project_no']}" for c in artefacts["cards"] if c.values["project_no"] is not None}
    assert compared == linked


def test_a_card_budget_misread_through_a_look_alike_digit_is_read_as_the_budget_table_gives_it():
    from extractors.card_links import link_cards
    from extractors.project_card import Card
    from extractors.records import REPAIRED, Record

    card = Card("project_cards", {"card_seq": 1, "title": "โครงการจัดงานวันเด็ก", "budget_thb": 60000.0,
                                  "budget_text": "๖๐,๐๐๐ บาท", "no_budget": False, "budget_words_thb": None}, 0)
    card.score("budget_thb", 0.95, "exact pattern")
    projects = [Record("projects", {"project_no": 1, "title": "โครงการจัดงานวันเด็ก"}, 0)]
    yearly = [Record("budget_lines", {"project_no": 1, "amount_thb": 20000.0, "no_budget": False}, 0)]
    checks = link_cards([card], projects, yearly)
    assert card.values["budget_thb"] == 20000 and card.scores["budget_thb"].reason.startswith(REPAIRED)
    assert card.scores["budget_thb"].confidence < 0.9
    assert [c.values["status"] for c in checks if c.values["check"] == "card_budget_vs_table"] == ["pass"]

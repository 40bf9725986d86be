"""Dimensions (มิติ), missions (ภารกิจ) and their body headings."""

import json

import pytest

from extractors import budget_table, dimension
from extractors.dimension.mentions import row_mentions
from extractors.dimension.vocabulary import DIMENSION_HEAD, MISSION_HEAD
from extractors.segment import locate
from extractors.thai.normalise import normalise_text
from tests.conftest import GOLD, UNSEEN, seed_norm
from tests.extractors.test_segment import older_plan


def structure_of(norm):
    cells = budget_table.structure_cells(budget_table.read(norm.lines))
    return dimension.extract(norm.lines, locate(norm.lines, norm.page_starts), cells)


def gold(prefix):
    return json.loads(next(GOLD.glob(f"{prefix}_*.gold.json")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_dimensions_match_gold(prefix):
    found = structure_of(seed_norm(prefix))
    assert [{k: r.values[k] for k in ("dimension_no", "name", "stated_project_count")} for r in found.dimensions] == [
        {k: g[k] for k in ("dimension_no", "name", "stated_project_count")} for g in gold(prefix)["dimensions"]]


def test_missions_of_seed_000_come_from_the_budget_table_mission_cells():
    found = structure_of(seed_norm("000"))
    assert [{k: r.values[k] for k in ("dimension_no", "mission_code", "name")} for r in found.missions] == [
        {k: g[k] for k in ("dimension_no", "mission_code", "name")} for g in gold("000")["missions"]]


def test_dimension_word_ocr_variants_are_one_pattern():
    for line in ("มิติที่ 1 การสร้างวัฒนธรรมสุจริต", "มติที่ 1 การสร้างวัฒนธรรมสุจริต", "มิตินี้ 2 การบริหารราชการด้วยความโปร่งใส",
                 "มิตี 4 การยกระดับกลไก", "มิติที่ -2 การบริหารราชการเพื่อป้องกันการทุจริต ประกอบด้วย 8 โครงการ"):
        assert DIMENSION_HEAD.match(line), line
    assert DIMENSION_HEAD.match("แยกตาม 4 มิติ รวมทั้งสิ้นจำนวน 25 โครงการ") is None


def test_dimension_heading_with_a_dot_after_its_number_names_the_dimension():
    # a web page's plan: "มิติที่ 1. การสร้างสังคมที่ไม่ทนต่อการทุจริต"; a mission code is no dimension heading
    match = DIMENSION_HEAD.match("มิติที่ 1. การสร้างสังคมที่ไม่ทนต่อการทุจริต")
    assert (match.group("no"), match.group("name")) == ("1", "การสร้างสังคมที่ไม่ทนต่อการทุจริต")
    assert DIMENSION_HEAD.match("มิติที่ 1.1 การสร้างจิตสำนึก") is None


def test_toc_entries_are_not_headings():
    # Seed 001's TOC lists "มิตินี้ 1 การสร้างวัฒนธรรมสุจริต<TAB>13"; the body heading is "มติที่ 1".
    norm = seed_norm("001")
    found = structure_of(norm)
    dimension_lines = [h.line for h in found.headings if h.mission_code is None]
    assert [norm.lines[i] for i in dimension_lines] == ["มติที่ 1", "มิตินี้ 2", "มติที่ 3", "มติที่ 4"]


def test_heading_name_printed_on_the_next_line():
    found = structure_of(seed_norm("001"))
    assert found.headings[0].name == "การสร้างวัฒนธรรมสุจริต"


def test_introduction_list_is_not_a_heading():
    found = structure_of(seed_norm("000"))
    assert [h.line for h in found.headings] == [230, 664, 1163, 1542]


def test_headings_are_complete_and_in_document_order():
    found = structure_of(seed_norm("001"))
    lines = [h.line for h in found.headings]
    assert lines == sorted(lines)
    codes = [h.mission_code for h in found.headings if h.mission_code]
    assert len(codes) == 43 and "2.2" in codes and "1.2.3" in codes
    assert all(h.dimension_no == int(h.mission_code[0]) for h in found.headings if h.mission_code)


def test_numbered_sub_items_in_a_card_are_not_missions():
    # Seed 001, inside a card: "1. อบรมให้ความรู้...", "1.1 โชน 1 จำนวน 218 คน ประกอบด้วย", "- กรรมการชุมชน..."
    found = structure_of(seed_norm("001"))
    assert not any("โชน" in h.name for h in found.headings)
    found = structure_of(older_plan())
    assert not any("กลุ่มที่" in m.values["name"] for m in found.missions)


def test_list_item_with_parenthesis_is_not_a_mission():
    assert MISSION_HEAD.match("2.1) กำหนดแนวทาง/มาตรการเพื่อกำกับติดตามหน่วยงานที่เกี่ยวข้อง") is None
    assert MISSION_HEAD.match("2.1.1 การเปิดเผยข้อมูลการบริหารงานและการดำเนินงาน")


def test_reversed_ocr_line_is_reassembled_with_its_wrapped_count():
    # Seed 004: "การเสริมสร้างและปรับปรุงกลไกในการตรวจสอบ 4มิติที่ -" then
    # "การบริหารราชการขององค์กรปกครองส่วนท้องถิ่น ประกอบด้วย 4 โครงการ"
    found = structure_of(seed_norm("004"))
    fourth = found.dimensions[3]
    assert fourth.values["stated_project_count"] == 4
    assert fourth.scores["name"].confidence < 0.9


def test_stated_count_falls_back_to_the_budget_table_subtotal():
    # Seed 001's introduction states no counts; its budget table prints "รวม<TAB>18 โครงการ".
    found = structure_of(seed_norm("001"))
    assert [r.values["stated_project_count"] for r in found.dimensions] == [18, 29, 8, 7]
    assert all(r.scores["stated_project_count"].confidence < 0.9 for r in found.dimensions)


def test_document_starting_at_dimension_2_has_only_that_dimension():
    found = structure_of(seed_norm("003"))
    assert [(r.values["dimension_no"], r.values["name"]) for r in found.dimensions] == [
        (2, "การบริหารราชการด้วยความโปร่งใส")]
    assert [r.values["mission_code"] for r in found.missions] == [
        "2.1", "2.1.1", "2.1.2", "2.1.3", "2.2", "2.2.1", "2.2.2", "2.2.3", "2.3", "2.3.1", "2.3.2", "2.3.3"]


def test_body_heading_name_is_preferred_to_the_table_cell():
    found = structure_of(older_plan())
    names = {r.values["mission_code"]: r.values["name"] for r in found.missions}
    assert names["1.2"] == "การสร้างจิตสำนึกและความตระหนักแก่ประชาชนทุกภาคส่วนในท้องถิ่น"
    assert set(names) == {"1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "4.1"}  # 1.3, 2.2, 3.1, 4.1 from the table


def test_older_plan_dimensions_with_stated_counts_and_a_consistent_subtotal():
    found = structure_of(older_plan())
    assert [(r.values["dimension_no"], r.values["stated_project_count"]) for r in found.dimensions] == [
        (1, 3), (2, 2), (3, 1), (4, 1)]
    assert found.dimensions[0].values["name"] == "การสร้างสังคมที่ไม่ทนต่อการทุจริต"
    assert all(c.values["status"] == "pass" for c in found.checks)


def test_dimension_and_mission_segments_nest():
    found = structure_of(seed_norm("001"))
    dims = [s for s in found.segments if s.kind == "dimension"]
    missions = [s for s in found.segments if s.kind == "mission"]
    assert len(dims) == 4 and len(missions) == 43
    for m in missions:
        assert any(d.start < m.start and m.end <= d.end for d in dims)


def test_budget_table_cells_give_dimension_names_mission_names_and_subtotal_counts():
    lines = ["มิติ\tภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี 2561\tปี 2562",
             "1. การสร้างสังคมที่ไม่ทนต่อการทุจริต\t1.1 การสร้างจิตสำนึก\t1. โครงการอบรม\t-\t-",
             "รวม 1 โครงการ\t\t\t-\t-",
             "2. การบริหารราชการเพื่อป้องกันการทุจริต\t2.1 2.1.1 แสดงเจตจำนง\t2. กิจกรรมประกาศเจตจำนง\t-\t-",
             "รวม\t\t1 โครงการ\t-\t-"]
    cells = budget_table.structure_cells(budget_table.read(lines))
    assert cells.subtotals == {1: (1, 2), 2: (1, 4)}  # in one cell, or in the cell after "รวม"
    assert cells.dimensions == [(1, "การสร้างสังคมที่ไม่ทนต่อการทุจริต", 1), (2, "การบริหารราชการเพื่อป้องกันการทุจริต", 3)]
    assert cells.missions == [("1.1", "การสร้างจิตสำนึก", 1), ("2.1", "", 3), ("2.1.1", "แสดงเจตจำนง", 3)]
    found = dimension.extract(lines, [], cells)
    assert [(r.values["mission_code"], r.values["name"]) for r in found.missions] == [
        ("1.1", "การสร้างจิตสำนึก"), ("2.1", None), ("2.1.1", "แสดงเจตจำนง")]  # 2.1 printed without its name


def test_count_printed_on_the_line_after_the_name():
    lines = ["มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต", "ประกอบด้วย 5 โครงการ", "",
             "มิติที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต จำนวน 4 โครงการ"]
    found = dimension.extract(lines, [])
    assert [(r.values["name"], r.values["stated_project_count"]) for r in found.dimensions] == [
        ("การสร้างสังคมที่ไม่ทนต่อการทุจริต", 5), ("การบริหารราชการเพื่อป้องกันการทุจริต", 4)]
    assert found.headings == []  # a list, not headings


def test_dimension_printed_without_a_name_has_a_null_name_of_low_confidence():
    found = dimension.extract(["มิติที่ 1 "], [])
    assert [r.values["name"] for r in found.dimensions] == [None]
    assert found.dimensions[0].scores["name"].confidence < 0.5


@pytest.mark.parametrize("count", ["จำนวน 5 โครงการ", "ประกอบด้วย 5 โครงการ", "รวมจำนวน 5 โครงการ", "(5 โครงการ)"])
def test_stated_count_wording_stays_out_of_the_name(count):
    lines = [f"มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต {count}", f"มิติที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต {count}"]
    found = dimension.extract(lines, [])
    assert [(r.values["name"], r.values["stated_project_count"]) for r in found.dimensions] == [
        ("การสร้างสังคมที่ไม่ทนต่อการทุจริต", 5), ("การบริหารราชการเพื่อป้องกันการทุจริต", 5)]


def test_report_names_its_dimensions_in_heading_rows_and_counts_them_in_a_breakdown_table():
    # tests/fixtures/unseen/report_pao_arabic.txt: no มิติ outside its tables; names in the item
    # table's heading rows ("<TAB>มิติที่ 1 การสร้างวัฒนธรรมสุจริต<TAB><TAB>..."), counts in the
    # จำนวนโครงการ column of ตารางที่ 1 ("มิติที่ 1<TAB>3<TAB>2<TAB>0<TAB>1<TAB>450,000.00<TAB>286,400.00").
    path = UNSEEN / "report_pao_arabic.txt"
    found = structure_of(normalise_text(path.read_text(encoding="utf-8")))
    rows = [(r.values["dimension_no"], r.values["name"], r.values["stated_project_count"]) for r in found.dimensions]
    assert rows == [
        (1, "การสร้างวัฒนธรรมสุจริต", 3), (2, "การบริหารราชการด้วยความโปร่งใส", 4),
        (3, "การส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน", 2),
        (4, "การยกระดับกลไกการตรวจสอบการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น", 3)]
    assert not found.headings  # rows of a table open no part of the document


def test_a_number_beside_a_dimension_row_is_a_count_only_under_a_project_count_column():
    # Seed 001's TOC row "มิตินี้ 1 การสร้างวัฒนธรรมสุจริต<TAB>13": 13 is a page number.
    toc_row = seed_norm("001").lines[43]
    assert toc_row.endswith("\t13")
    assert row_mentions([toc_row], []) == []
    header = "มิติ\tจำนวนโครงการ\tงบประมาณ (บาท)"
    (mention,) = row_mentions([header, "มิติที่ 1\t13\t450,000.00"], [])
    assert (mention.no, mention.count) == (1, 13)


def test_a_mission_code_the_budget_table_prints_without_a_name_is_a_mission_with_no_name():
    # A scan's budget table: "\t3.2\t49.มาตรการจัดการเรื่องราวร้องทุกข์..." then "\t3.2.1\t\t\t\t\t\t\t\t",
    # the code read and its name lost, with no body heading for it either.
    table = dimension.TableCells(missions=[("3.2", "การรับฟังความคิดเห็น", 1), ("3.2.1", "", 2), ("3.2.2", "", 3)])
    found = {r.values["mission_code"]: r for r in dimension.extract(["", "", "", ""], [], table).missions}
    assert [found[c].values["name"] for c in ("3.2", "3.2.1", "3.2.2")] == ["การรับฟังความคิดเห็น", None, None]
    assert found["3.2.1"].scores["name"].confidence < 0.5 and found["3.2.1"].values["dimension_no"] == 3

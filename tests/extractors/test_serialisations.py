"""Tables read the same whatever serialisation they come in: the seeds re-serialised as Typhoon HTML and
GFM pipe tables give the tables of their TAB-celled originals, and a hand-made HTML table with
rowspan/colspan gives the row lines the TAB form prints."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from extractors.tables.read import with_row_lines
from extractors.thai.normalise import normalise_text
from pipeline.document import run_stages
from pipeline.ingest import read_document
from pipeline.schemas import SCHEMAS, key_columns
from pipeline.stages import all_stages
from tests.builders.variants import FORMS, SUFFIX
from tests.builders.variants.tables import pad_to
from tests.conftest import ROOT, seed_path, seed_text

TABLES = ("projects", "budget_lines", "budget_totals", "ita_measures", "report_items", "risks", "committee_members")
# Fields a reader cannot change: what the tables say, not where they stand in the file.
PROVENANCE = {"source_line", "page"}


def _tables(path) -> dict[str, list[dict]]:
    _, records, errors = run_stages(read_document(str(path)), all_stages())
    assert not errors
    return {t: sorted(({k: v for k, v in r.values.items() if k not in PROVENANCE} for r in records if r.table == t),
                      key=repr) for t in TABLES}


@pytest.mark.parametrize("form", ["html", "pipes"])
@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_seed_in_html_and_pipes_gives_the_tab_originals_tables(seed, form, tmp_path):
    variant = tmp_path / (seed_path(seed).stem + SUFFIX[form])
    variant.write_text(FORMS[form](seed_text(seed), random.Random(7)), encoding="utf-8")
    assert _tables(variant) == _tables(seed_path(seed))


# Typhoon OCR's budget table: a merged dimension cell (rowspan), a year group over two columns (colspan),
# list items and a wrapped line inside cells, the whole table on one line after a paragraph.
TYPHOON_TABLE = (
    'แผนปฏิบัติการ <table><tr><th rowspan="2">มิติ</th><th rowspan="2">โครงการ/กิจกรรม/มาตรการ</th>'
    '<th colspan="2">งบประมาณ (บาท)</th></tr><tr><th>ปี ๒๕๖๖</th><th>ปี ๒๕๖๗</th></tr>'
    '<tr><td rowspan="2">๑. การสร้างวัฒนธรรมสุจริต</td><td><ul><li>๑. โครงการอบรม</li><li>๒. โครงการค่าย</li></ul></td>'
    '<td>๑๐,๐๐๐</td><td>-</td></tr><tr><td>๓. มาตรการเผยแพร่<br>ข้อมูล</td><td>-</td><td>&amp;</td></tr></table>'
)


def test_typhoon_html_table_with_spans_reads_as_tab_rows():
    norm = normalise_text(TYPHOON_TABLE)
    assert norm.lines == [
        "แผนปฏิบัติการ",
        "มิติ\tโครงการ/กิจกรรม/มาตรการ\tงบประมาณ (บาท)\t",
        "\t\tปี 2566\tปี 2567",
        "1. การสร้างวัฒนธรรมสุจริต\t1. โครงการอบรม • 2. โครงการค่าย\t10,000\t-",
        "\t3. มาตรการเผยแพร่ ข้อมูล\t-\t&",
    ]
    assert norm.source_lines == [1] * 5


def test_gfm_table_with_a_second_header_row_and_escaped_bars():
    text = "| ลำดับ | ประเด็น | Risk Score | | |\n|---|---|:-:|---|---|\n| | | L | I | L x I |\n| 1 | ก \\| ข | 4 | 1 | 4 |"
    assert [line for _, line in with_row_lines(text.split("\n"))] == [
        "ลำดับ\tประเด็น\tRisk Score\t\t", "\t\tL\tI\tL x I", "1\tก | ข\t4\t1\t4"]


def test_layout_rows_keep_empty_cells_and_join_wrapped_lines():
    # A Thai run cut at the column edge goes on without a space (Thai words are not spaced).
    text = "\n".join([
        "ลำดับ   รายการ                 งบประมาณ",
        "1       โครงการอบรมคุณธรรม     20,000",
        "        จริยธรรม",
        "2       โครงการค่ายเยาวชน      -",
        "3                              15,000",
    ])
    assert normalise_text(text).lines == [
        "ลำดับ\tรายการ\tงบประมาณ", "1\tโครงการอบรมคุณธรรมจริยธรรม\t20,000", "2\tโครงการค่ายเยาวชน\t-", "3\t\t15,000"]


def test_a_committee_line_with_a_wide_gap_splits_into_name_and_position():
    line = "๑๖. นางพรสวรรค์ วรอินทร์ จิรพัฒน์กุลจุ   นักวิเคราะห์นโยบายและแผน"
    assert normalise_text(line).lines == ["16. นางพรสวรรค์ วรอินทร์ จิรพัฒน์กุลจุ\tนักวิเคราะห์นโยบายและแผน"]


def test_prose_is_no_table():
    text = "เทศบาลตำบลคลองแสนแสบ ได้จัดทำแผน | ฉบับนี้\n  ย่อหน้าที่เยื้องเข้ามา\nข้อความ  ธรรมดา"
    assert normalise_text(text).lines == ["เทศบาลตำบลคลองแสนแสบ ได้จัดทำแผน | ฉบับนี้", "ย่อหน้าที่เยื้องเข้ามา",
                                          "ข้อความ ธรรมดา"]


def test_layout_numbering_goes_on_under_a_name_as_wide_as_its_column():
    # cells padded to the widest: the line under the widest name is the next member, not its wrap
    text = "\n".join(["๑๕. นางรัศมี ชายป่า                 นักวิเคราะห์นโยบายและแผน    คณะทำงาน",
                     "๑๖. นางพรสวรรค์ วรอินทร์ จิรพัฒน์กุลจุ   นักวิเคราะห์นโยบายและแผน    คณะทำงาน",
                     "๑๗. นางสาวจินตนา เตจาบูรณ์          นักวิเคราะห์นโยบายและแผน    คณะทำงาน"])
    assert [line.split("\t")[0] for line in normalise_text(text).lines] == [
        "15. นางรัศมี ชายป่า", "16. นางพรสวรรค์ วรอินทร์ จิรพัฒน์กุลจุ", "17. นางสาวจินตนา เตจาบูรณ์"]


def test_a_sentence_between_two_layout_tables_stays_text_and_both_tables_are_read():
    # the first table's cells do not line up (empty cells gone), the second's do
    text = "\n".join(["1  ก่อสร้างอาคาร  4  1  4", "2   เบิกจ่ายน้ำมันเชื้อเพลิง    4   1   4", "",
                     "เทศบาลจัดทำแผนบริหารความเสี่ยง ดังนี้", "",
                     "ลำดับ  มาตรการควบคุมความเสี่ยง", "1      จัดทำคู่มือ", "2      ตรวจสอบการเบิกจ่าย", "",
                     "3              ประชาสัมพันธ์", "4              รายงานผล"])
    assert normalise_text(text).lines == [
        "1\tก่อสร้างอาคาร\t4\t1\t4", "2\tเบิกจ่ายน้ำมันเชื้อเพลิง\t4\t1\t4", "",
        "เทศบาลจัดทำแผนบริหารความเสี่ยง ดังนี้", "",
        "ลำดับ\tมาตรการควบคุมความเสี่ยง", "1\tจัดทำคู่มือ", "2\tตรวจสอบการเบิกจ่าย", "3\tประชาสัมพันธ์", "4\tรายงานผล"]


def test_a_mission_code_alone_between_rows_whose_cells_do_not_line_up_is_a_row():
    # cells apart by two to four spaces, empty cells gone: "3.2.1" is a row whose other cells are empty
    text = "\n".join(["3.2  49.มาตรการจัดการเรื่องร้องเรียน  -   -  สป.", "3.2.1", "3.2.2",
                     "3.3   50.กิจกรรมเฝ้าระวัง  -  -    สว.", "3.3.1", "รวม  8 โครงการ  318,000   318,000"])
    assert normalise_text(text).lines == [
        "3.2\t49.มาตรการจัดการเรื่องร้องเรียน\t-\t-\tสป.", "3.2.1\t", "3.2.2\t", "3.3\t50.กิจกรรมเฝ้าระวัง\t-\t-\tสว.",
        "3.3.1\t", "รวม\t8 โครงการ\t318,000\t318,000"]


def _rows_and_numbers(path) -> dict[str, set[tuple]]:
    """Each table's rows as their key and numeric fields (what a form without positions keeps)."""
    _, records, errors = run_stages(read_document(str(path)), all_stages())
    assert not errors
    out: dict[str, set[tuple]] = {}
    for table in TABLES:
        numbers = [f.name for f in SCHEMAS[table] if pa.types.is_integer(f.type) or pa.types.is_floating(f.type)]
        out[table] = {tuple(r.values.get(c) for c in (*key_columns(table), *numbers)) for r in records
                      if r.table == table}
    return out


@pytest.mark.parametrize("form", ["spaces", "flattened"])
@pytest.mark.parametrize("seed", ["000", "002", "004", pytest.param("001", marks=pytest.mark.slow)])
def test_seed_with_cells_apart_by_spaces_or_one_per_line_gives_the_tab_originals_rows_and_numbers(seed, form, tmp_path):
    for rng in (3, 11):
        variant = tmp_path / (seed_path(seed).stem + SUFFIX[form])
        variant.write_text(FORMS[form](seed_text(seed), random.Random(rng)), encoding="utf-8")
        assert _rows_and_numbers(variant) == _rows_and_numbers(seed_path(seed))


def _aligned(rows: list[list[str]], starts: list[int]) -> str:
    """Lines with each cell at its column's display position (Thai marks take no column)."""
    out = []
    for row in rows:
        line = ""
        for cell, start in zip(row, starts):
            if cell:
                line = pad_to(line, start) + cell
        out.append(line)
    return "\n".join(out)


def test_layout_row_whose_cells_sit_at_its_middle_keeps_the_lines_above_its_number():
    # row 2 is centred: its cells start a line above its number ("-" of a bullet cut from its
    # unit); the line under row 1 had room for their first words: they are no wrap of row 1's cells
    text = _aligned([["ลำดับ", "แนวทาง/มาตรการ", "ขั้นตอน/วิธีการปฏิบัติ", "ผู้รับผิดชอบ"],
                     ["1", "มาตรการ ก", "จัดประชุม", "สำนักปลัด"],
                     ["", "มาตรการหรือแนวทาง", "ผู้อำนวยการกองต้องจัดให้", "-"],
                     ["2", "การพัฒนาด้านการใช้ทรัพย์สินของทางราชการ", "มีการประชุมพนักงานในกองทุก", "กองคลัง"],
                     ["", "ทุกประเภท", "", ""]], [0, 8, 48, 80])
    assert normalise_text(text).lines == [
        "ลำดับ\tแนวทาง/มาตรการ\tขั้นตอน/วิธีการปฏิบัติ\tผู้รับผิดชอบ",
        "1\tมาตรการ ก\tจัดประชุม\tสำนักปลัด",
        "2\tมาตรการหรือแนวทาง การพัฒนาด้านการใช้ทรัพย์สินของทางราชการทุกประเภท"
        "\tผู้อำนวยการกองต้องจัดให้ มีการประชุมพนักงานในกองทุก\t- กองคลัง"]


def test_layout_item_number_under_a_word_cut_at_the_column_edge_stays_a_word_apart():
    # "11." opens the line under a full line without a space: the next item, not the cut word's end
    text = "\n".join([
        "มิติ   ภารกิจ          โครงการ/กิจกรรม/มาตรการ   ปี 2566    ปี 2567",
        "2.     2.2 มาตรการ     10. มาตรการจัดทำแผน        -          -",
        "                       ป้องกันการทุจริตเพื่อยกระดับ",
        "                       11. มาตรการ NO Gift"])
    assert normalise_text(text).lines[1].split("\t")[2] == \
        "10. มาตรการจัดทำแผน ป้องกันการทุจริตเพื่อยกระดับ 11. มาตรการ NO Gift"


def test_pdftotext_layout_block_with_cells_one_space_apart_reads_into_rows():
    # pdftotext -layout of a budget table page: the mission and project columns one space apart,
    # drifting by a few positions from line to line; the year values one space apart too
    text = (ROOT / "tests" / "fixtures" / "forms" / "pdftotext_budget.txt").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in normalise_text(text).lines if "\t" in line]
    body = [[c for c in row if c] for row in rows if any(c[:1].isdigit() or c == "รวม" for c in row[:2] if c)]
    assert [row[0].split()[0] for row in body] == ["1.2", "1.3", "รวม", "2."]
    assert [row[-5:] for row in body] == [["-"] * 5, ["15,000"] * 5, ["55,000"] * 5, ["-"] * 5]
    assert body[0][1].startswith("5. ") and "6. โครงการ" in body[0][1]
    assert body[3][1].startswith("2.1 ") and body[3][2].startswith("8. ") and "9. มาตรการปรับปรุง" in body[3][2]

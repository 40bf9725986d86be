"""Tables read the same whatever serialisation they come in: the seeds re-serialised as Typhoon HTML and
GFM pipe tables give the tables of their TAB-celled originals, and a hand-made HTML table with
rowspan/colspan gives the row lines the TAB form prints."""

from __future__ import annotations

import random

import pytest

from extractors.tables.read import with_row_lines
from extractors.thai.normalise import normalise_text
from pipeline.document import run_stages
from pipeline.ingest import read_document
from pipeline.stages import all_stages
from tests.builders.variants import FORMS, SUFFIX
from tests.conftest import seed_path, seed_text

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

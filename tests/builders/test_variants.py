"""The re-serialised and noised seeds say what the TAB-celled seeds say.

bench/forms.py measures the readers on these variants; a variant that lost or invented a cell
would measure the generator instead. Each test reads a variant back with an independent reader
(Python's HTML parser, a GFM splitter, column positions) and compares with the TAB cells.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from html.parser import HTMLParser

import pytest
import regex

from tests.builders.variants import (
    FORMS,
    add_noise,
    noised_numbers,
    to_flattened,
    to_html,
    to_layout,
    to_pipes,
    to_spaces,
)
from tests.builders.variants.noise import NoiseChange
from tests.builders.variants.tables import Table, blocks
from tests.conftest import SEEDS, seed_text

TABLE_SEEDS = ["000", "001", "002", "004"]  # 003 has no TAB table
RNG_SEEDS = [0, 1]


def tables_of(text: str) -> list[Table]:
    return [b for b in blocks(text) if isinstance(b, Table)]


def words(text: str) -> str:
    return " ".join(text.split())


def non_space(text: str) -> str:
    return "".join(text.split())


# --- HTML ---

class _Tables(HTMLParser):
    """<table>s as rows of (text, rowspan, colspan, is_th); <br>, <li> and <p> read as spaces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[list]]] = []
        self.cell: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ["", int(attrs.get("rowspan", 1)), int(attrs.get("colspan", 1)), tag == "th"]
            self.tables[-1][-1].append(self.cell)
        elif self.cell is not None:
            self.cell[0] += " "

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cell = None
        elif self.cell is not None:
            self.cell[0] += " "

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data


def html_text(fragment: str) -> str:
    """The text of a cell's content as an HTML parser reads it."""
    parser = _Tables()
    parser.feed(f"<table><tr><td>{fragment}</td></tr></table>")
    return words(parser.tables[0][0][0][0])


def expanded(rows: list[list[list]]) -> tuple[list[list[str]], list[list[bool]]]:
    """The table's grid with spans expanded: text in the spanning cell's place, "" under the span."""
    grid: dict[tuple[int, int], tuple[str, bool]] = {}
    for r, cells in enumerate(rows):
        c = 0
        for text, rowspan, colspan, is_th in cells:
            while (r, c) in grid:
                c += 1
            for i in range(rowspan):
                for k in range(colspan):
                    grid[(r + i, c + k)] = (words(text) if i == k == 0 else "", is_th)
            c += colspan
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    cells = [[grid.get((r, c), ("", False)) for c in range(width)] for r in range(height)]
    return [[t for t, _ in row] for row in cells], [[h for _, h in row] for row in cells]


@pytest.mark.parametrize("prefix", TABLE_SEEDS)
def test_html_tables_read_by_an_html_parser_give_the_tab_cells(prefix):
    text = seed_text(prefix)
    originals = tables_of(text)
    for seed in RNG_SEEDS:
        parser = _Tables()
        parser.feed(to_html(text, random.Random(seed)))
        assert len(parser.tables) == len(originals)
        for rows, table in zip(parser.tables, originals):
            grid, is_th = expanded(rows)
            assert grid == [[html_text(c) for c in row] for row in table.rows]
            assert [all(row) for row in is_th] == [r < table.header_rows for r in range(len(table.rows))]


def test_html_merges_the_dimension_column_and_groups_the_year_header():
    text = "\n".join([
        "มิติ\tโครงการ\tงบประมาณ\t\tหน่วยงาน",
        "\t\tปี ๒๕๖๖\tปี ๒๕๖๗\t",
        "๑. การสร้างวัฒนธรรมสุจริต\t๑. โครงการพัฒนาความรู้ ๒. โครงการฝึกอบรม\t๑๐,๐๐๐\t๑๐,๐๐๐\tกจ.",
        "\t๓. มาตรการส่งเสริมการปฏิบัติงาน\t-\t-\tสป.",
    ])
    outputs = [to_html(text, random.Random(seed)) for seed in range(20)]
    assert any('<th colspan="2">งบประมาณ</th>' in out for out in outputs)
    assert any('<td rowspan="2">๑. การสร้างวัฒนธรรมสุจริต</td>' in out for out in outputs)
    assert any("<ul><li>๑. โครงการพัฒนาความรู้</li><li>๒. โครงการฝึกอบรม</li></ul>" in out for out in outputs)
    assert any(out.count("<tr>") == 4 and "\n<tr>" in out for out in outputs)  # one <tr> per line
    assert any("<table><tr>" in out for out in outputs)  # the whole table on one line


# --- Markdown pipes ---

_SEPARATOR = regex.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$")


def pipe_cells(line: str) -> list[str]:
    cells = regex.split(r"(?<!\\)\|", line.strip())
    if line.strip().startswith("|"):
        cells = cells[1:]
    if line.strip().endswith("|") and not line.strip().endswith("\\|"):
        cells = cells[:-1]
    return [c.strip().replace("\\|", "|") for c in cells]


def pipe_tables(text: str) -> list[list[str]]:
    tables, current = [], []
    for line in text.split("\n") + [""]:
        if "|" in line:
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


@pytest.mark.parametrize("prefix", TABLE_SEEDS)
def test_pipe_tables_split_on_unescaped_bars_give_the_tab_cells(prefix):
    text = seed_text(prefix)
    originals = tables_of(text)
    for seed in RNG_SEEDS:
        found = pipe_tables(to_pipes(text, random.Random(seed)))
        assert len(found) == len(originals)
        for lines, table in zip(found, originals):
            assert _SEPARATOR.match(lines[1]), lines[1]
            rows = [pipe_cells(line) for line in lines[:1] + lines[2:]]
            expected = [[words(c) for c in row] for row in table.rows]
            if len(rows) == len(expected) + 1:  # an empty header row above a table that starts with data
                assert table.header_rows == 0 and not any(rows[0])
                rows = rows[1:]
            assert rows == expected


def test_a_bar_inside_a_cell_is_escaped():
    text = "ประเด็น\tคะแนน\nโอกาส | ผลกระทบ\t๓\n"
    out = to_pipes(text, random.Random(0))
    assert "โอกาส \\| ผลกระทบ" in out
    assert pipe_cells(out.split("\n")[3]) == ["โอกาส | ผลกระทบ", "๓"]


# --- spaces ---

@pytest.mark.parametrize("prefix", TABLE_SEEDS)
def test_space_separated_rows_split_on_wide_gaps_give_the_filled_cells(prefix):
    text = seed_text(prefix)
    for seed in RNG_SEEDS:
        out = to_spaces(text, random.Random(seed)).split("\n")
        original = text.split("\n")
        assert len(out) == len(original)
        for before, after in zip(original, out):
            if "\t" in before:
                assert "\t" not in after
                gaps = [cell for cell in regex.split(" {2,}", after.strip()) if cell]
                assert gaps == [words(c) for c in before.split("\t") if c.strip()]
            else:
                assert after == before


# --- layout ---

def columns_of(lines: list[str]) -> list[tuple[int, int]]:
    """Display-column ranges of the text columns: apart where two or more positions are blank on every line."""
    used = sorted({p for line in lines for p, ch in _positions(line) if ch != " "})
    columns: list[list[int]] = []
    for p in used:
        if columns and p - columns[-1][1] < 2:
            columns[-1][1] = p + 1
        else:
            columns.append([p, p + 1])
    return [(start, end) for start, end in columns]


def _positions(line: str) -> list[tuple[int, str]]:
    """(display column, character); a mark above or below a letter is at its letter's column."""
    out, column = [], -1
    for ch in line:
        if unicodedata.category(ch) != "Mn" or column < 0:
            column += 1
        out.append((column, ch))
    return out


LAYOUT_TABLE = "\n".join([
    "มิติ\tภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี ๒๕๖๖\tปี ๒๕๖๗",
    "\t\t\tงบประมาณ (บาท)\tงบประมาณ (บาท)",
    "๑. การสร้างวัฒนธรรมสุจริต\t๑.๑ การเสริมสร้างจิตสำนึกและความตระหนักแก่บุคลากรทั้งข้าราชการการเมืองฝ่ายบริหาร"
    "\t๑. โครงการพัฒนาความรู้ด้านกฎหมายและระเบียบที่เกี่ยวข้องกับการปฏิบัติงาน ๒. โครงการฝึกอบรมคุณธรรม"
    "\t๑๐,๐๐๐\t๑๐,๐๐๐",
    "\t\t๓. มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรมของเทศบาลตำบลคลองแสนแสบ\t-\t๒๐,๐๐๐",
])


def test_layout_columns_read_top_down_give_each_column_cells_in_order():
    cells = [row.split("\t") for row in LAYOUT_TABLE.split("\n")]
    for seed in range(10):
        lines = [line for line in to_layout(LAYOUT_TABLE, random.Random(seed), width=70).split("\n") if line.strip()]
        assert len(lines) > len(cells)  # long cells were wrapped
        columns = columns_of(lines)
        assert len(columns) == 5, (seed, columns, lines)
        for c, (start, end) in enumerate(columns):
            read = "".join(ch for line in lines for p, ch in _positions(line) if start <= p < end)
            assert non_space(read) == non_space("".join(row[c] for row in cells))


def test_layout_wraps_text_at_the_page_width_in_display_columns():
    paragraph = ("เทศบาลตำบลคลองแสนแสบได้ดำเนินการจัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส "
                 "โดยมีวัตถุประสงค์เพื่อป้องกันการทุจริตและยกระดับมาตรฐานในการป้องกันการทุจริตของหน่วยงาน")
    out = to_layout(paragraph, random.Random(0), width=40).split("\n")
    assert len(out) > 3
    assert all(len(_positions(line)) and _positions(line)[-1][0] < 40 for line in out)
    assert non_space("".join(out)) == non_space(paragraph)


@pytest.mark.parametrize("form", ["layout", "spaces", "flattened"])
def test_plain_text_forms_keep_every_character_of_the_seeds(form):
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        out = FORMS[form](text, random.Random(0))
        assert Counter(non_space(out)) == Counter(non_space(text)), path.name


# --- one cell per line ---

def test_flattened_table_has_one_filled_cell_per_line_in_row_order():
    text = "\n".join([
        "ก่อนตาราง",
        "มิติ\tโครงการ\tปี ๒๕๖๖\tปี ๒๕๖๗",
        "\t\tงบประมาณ (บาท)\tงบประมาณ (บาท)",
        "๑.๑.๑\t๑. โครงการพัฒนาความรู้ ๒. โครงการฝึกอบรม\t๑๐,๐๐๐\t",
        "\t๓. มาตรการส่งเสริม\t-\t๒๐,๐๐๐",
        "หลังตาราง",
    ])
    body = ["๑.๑.๑", "๑. โครงการพัฒนาความรู้ ๒. โครงการฝึกอบรม", "๑๐,๐๐๐", "๓. มาตรการส่งเสริม", "-", "๒๐,๐๐๐"]
    for seed in range(10):
        lines = to_flattened(text, random.Random(seed)).split("\n")
        assert lines[0] == "ก่อนตาราง" and lines[-1] == "หลังตาราง"
        cells = lines[1:-1]
        assert all(line.strip() for line in cells)
        assert any(line.startswith("ปี ๒๕๖๖") for line in cells) and "ปี" not in cells  # a year stays whole
        start = cells.index("๑.๑.๑")
        assert non_space("".join(cells[start:])) == non_space("".join(body))
        assert Counter(non_space("".join(cells[:start]))) == Counter(non_space(
            "มิติ โครงการ ปี ๒๕๖๖ ปี ๒๕๖๗ งบประมาณ (บาท) งบประมาณ (บาท)"))


# --- noise ---

THAI = regex.compile(r"[\u0e01-\u0e5b0-9]")


@pytest.mark.parametrize("rate", [0.005, 0.01, 0.02])
def test_noise_damages_the_given_share_of_thai_characters_and_keeps_tabs_and_lines(rate):
    text = seed_text("000")
    noised, changes = add_noise(text, rate, random.Random(7))
    assert len(changes) == round(rate * len(THAI.findall(text)))
    before, after = text.split("\n"), noised.split("\n")
    assert len(after) == len(before)
    assert [line.count("\t") for line in after] == [line.count("\t") for line in before]
    changed_lines = {c.line for c in changes}
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == sorted(changed_lines)
    for c in changes:
        assert before[c.line][c.column: c.column + len(c.before)] == c.before
        assert c.after.count("\t") == 0 and c.before != c.after


def test_noise_makes_every_kind_of_ocr_damage():
    _, changes = add_noise(seed_text("001"), 0.02, random.Random(0))
    assert {c.kind for c in changes} == {"look_alike", "tone_dropped", "tone_doubled", "sara_am_split", "inserted"}
    assert {c.after for c in changes if c.kind == "inserted"} == {" ", "|", "."}
    assert any(c.before in "๑๒๓๔๕๖๗๘" for c in changes if c.kind == "look_alike")


def test_numbers_whose_digits_the_noise_changed_are_known():
    text = "๑. โครงการพัฒนา\t๒๐,๐๐๐\t๑๕,๐๐๐\nรวม ๓๕,๐๐๐ บาท"
    changes = [NoiseChange(0, 16, "๒", "๖", "look_alike"), NoiseChange(1, 7, "", "|", "inserted"),
               NoiseChange(0, 6, "", " ", "inserted")]
    assert noised_numbers(text, changes) == {(1, 20000.0), (2, 35000.0)}


# --- determinism ---

@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_form_is_the_same_for_the_same_seed_and_varies_with_it(form):
    text = seed_text("004")
    first = FORMS[form](text, random.Random(3))
    assert FORMS[form](text, random.Random(3)) == first
    assert any(FORMS[form](text, random.Random(s)) != first for s in range(4, 8))


def test_noise_is_the_same_for_the_same_seed():
    text = seed_text("002")
    assert add_noise(text, 0.01, random.Random(5)) == add_noise(text, 0.01, random.Random(5))
    assert add_noise(text, 0.01, random.Random(5))[0] != add_noise(text, 0.01, random.Random(6))[0]

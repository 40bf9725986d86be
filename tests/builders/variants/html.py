"""Typhoon-OCR style Markdown: text as Markdown paragraphs, tables as HTML.

Typhoon OCR writes ``<table>`` with ``<th>`` header cells, a group header over several columns
as ``colspan``, a merged cell (the dimension column of a budget table) as ``rowspan``, ``<br>``
inside long cells and ``<ul><li>`` for a cell that is a numbered list; a table comes on one
line or one ``<tr>`` per line, with or without ``<thead>``/``<tbody>``.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

from tests.builders.variants.tables import (
    MARKUP,
    Table,
    leading_empty,
    numbered_items,
    rewrite,
)

# A standalone short line (a title, ส่วนที่ ๒, a dimension heading) may become a Markdown heading.
HEADING_MAX_CHARS = 60
# Cells longer than this may get <br> where a printed line ended.
BR_CELL_CHARS = 50


@dataclass
class Cell:
    text: str
    header: bool
    rowspan: int = 1
    colspan: int = 1


def to_html(text: str, rng: random.Random) -> str:
    return rewrite(text, lambda table: ["", *_table_lines(table, rng), ""], lambda lines: _markdown_lines(lines, rng))


def _markdown_lines(lines: list[str], rng: random.Random) -> list[str]:
    out = []
    for i, line in enumerate(lines):
        alone = (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip())
        stripped = line.strip()
        if alone and stripped and len(stripped) <= HEADING_MAX_CHARS and not stripped.startswith(("#", "*", "-")):
            roll = rng.random()
            if roll < 0.3:
                line = "#" * rng.randint(1, 3) + " " + stripped
            elif roll < 0.45:
                line = f"**{stripped}**"
        out.append(line)
    return out


def table_cells(table: Table, rng: random.Random) -> list[list[tuple[int, Cell]]]:
    """Per row, the cells Typhoon would write (column index, cell); cells under a span are left out."""
    covered: set[tuple[int, int]] = set()
    rows: list[list[tuple[int, Cell]]] = [[] for _ in table.rows]
    grid, nh = table.rows, table.header_rows
    group_headers = rng.random() < 0.9  # colspan for a header over several columns
    merged_rows = rng.random() < 0.85  # rowspan for merged body cells (else empty cells)
    for r in range(nh):
        for c in range(table.width):
            if (r, c) in covered:
                continue
            cell = Cell(grid[r][c], header=True)
            if cell.text.strip():
                cell.colspan = _header_colspan(grid, nh, r, c, covered) if group_headers else 1
                while r + cell.rowspan < nh and all(
                        not grid[r + cell.rowspan][k].strip() and (r + cell.rowspan, k) not in covered
                        for k in range(c, c + cell.colspan)):
                    cell.rowspan += 1
                covered.update((r + i, c + k) for i in range(cell.rowspan) for k in range(cell.colspan))
            rows[r].append((c, cell))
    origin: dict[int, Cell] = {}  # column -> the body cell a merged cell below would extend
    for r in range(nh, len(grid)):
        merged = leading_empty(grid[r]) if merged_rows else 0
        for c in range(table.width):
            if c < merged and c in origin:
                origin[c].rowspan += 1
                continue
            cell = Cell(grid[r][c], header=False)
            rows[r].append((c, cell))
            if cell.text.strip():
                origin[c] = cell
            else:
                origin.pop(c, None)
    return rows


def _header_colspan(grid: list[list[str]], nh: int, r: int, c: int, covered: set) -> int:
    """A header cell spans the empty cells after it when the header row below is filled under them."""
    end = c + 1
    while end < len(grid[r]) and not grid[r][end].strip() and (r, end) not in covered:
        end += 1
    if r + 1 >= nh or end - c < 2:
        return 1
    below = grid[r + 1][c:end]
    return end - c if sum(1 for x in below if x.strip()) >= 2 else 1


def _table_lines(table: Table, rng: random.Random) -> list[str]:
    one_line = rng.random() < 0.4
    sections = rng.random() < 0.5 and table.header_rows > 0
    parts: list[str] = ["<table>"]
    for r, cells in enumerate(table_cells(table, rng)):
        if sections and r == 0:
            parts.append("<thead>")
        if sections and r == table.header_rows:
            parts.append("<tbody>")
        parts.append("<tr>" + "".join(_cell_html(cell, rng) for _, cell in cells) + "</tr>")
        if sections and r == table.header_rows - 1:
            parts.append("</thead>")
    if sections and table.header_rows < len(table.rows):
        parts.append("</tbody>")
    parts.append("</table>")
    return ["".join(parts)] if one_line else parts


def _cell_html(cell: Cell, rng: random.Random) -> str:
    tag = "th" if cell.header else "td"
    attrs = "".join(f' {name}="{n}"' for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if n > 1)
    return f"<{tag}{attrs}>{cell_content(cell.text, rng)}</{tag}>"


def cell_content(text: str, rng: random.Random) -> str:
    """The cell as HTML: OCR markup kept, a numbered list sometimes as <ul><li>, long text sometimes broken by <br>."""
    text = text.strip()
    if MARKUP.search(text):
        return text
    items = numbered_items(text)
    if items and rng.random() < 0.6:
        return "<ul>" + "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in items) + "</ul>"
    escaped = html.escape(text, quote=False)
    if len(text) > BR_CELL_CHARS and rng.random() < 0.5:
        words = escaped.split(" ")
        breaks = set(rng.sample(range(1, len(words)), k=min(len(words) - 1, rng.randint(1, 3)))) if len(words) > 1 else set()
        return "".join((("<br>" if i in breaks else " ") if i else "") + w for i, w in enumerate(words))
    return escaped

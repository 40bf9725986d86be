"""One page's words and ruling lines -> its blocks in reading order: lines of text outside tables,
bordered tables whose cells hold the words inside their boxes, and tables without borders."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.tables import Cell, Row, Table
from pipeline.pdf.aligned import aligned_line, aligned_tables
from pipeline.pdf.grid import GridTable
from pipeline.pdf.rulings import Box
from pipeline.pdf.words import Word, same_line

# Thai letters and marks (not Thai digits): a line wrapped between two of them was cut between two
# words that Thai writes without a space; any other wrap was at a space.
_THAI_LETTERS = ("\u0e01", "\u0e4e")
# A lone cluster of a consonant and the marks above or below it, or a consonant with a descender.
_INK_CLUSTER = regex.compile("[ก-ฮ][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+|[ฎฏฐญ][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*")


@dataclass(slots=True)
class TextLine(Word):
    """A line of text outside tables: its words' text and box, and its page."""

    page: int = 0


@dataclass
class PageTable:
    """A table on one page; ``open_bottom``: its last row runs on over the page break; ``open_top``: its
    first row is the rest of a row from the page before."""

    table: Table
    columns: list[float]
    top: float
    bottom: float
    page: int
    open_bottom: bool
    open_top: bool


Block = TextLine | PageTable


@dataclass
class PageLayout:
    blocks: list[Block]  # top to bottom
    n_tables: int  # tables read on the page, bordered or not
    unread_tables: int  # rulings that look like a table but gave no cells, and no aligned text either


def page_layout(words: list[Word], grids: list[GridTable], unread: list[Box], page: int) -> PageLayout:
    """The page's blocks; a ruled area that gave no cells counts as read when its text lines up as
    a table without borders."""
    blocks = page_blocks(words, grids, page)
    tables = [b for b in blocks if isinstance(b, PageTable)]
    missing = [box for box in unread
               if not any(t.top < box[3] and box[1] < t.bottom and t.table.serialisation == "pdf-alignment"
                          for t in tables)]
    return PageLayout(blocks, len(tables), len(missing))


def page_blocks(words: list[Word], grids: list[GridTable], page: int) -> list[Block]:
    """Lines outside the tables and the tables, top to bottom."""
    in_cell: dict[int, list[Word]] = {}
    outside: list[Word] = []
    cells = [(t, c) for t in grids for c in t.cells]
    for word in words:
        x, y = word.middle
        owner = next((k for k, (_, cell) in enumerate(cells) if cell.holds(x, y)), None)
        if owner is None:
            outside.append(word)
        else:
            in_cell.setdefault(owner, []).append(word)
    blocks: list[Block] = _outside_blocks(outside, page)
    offset = 0
    for grid in grids:
        rows: list[Row] = [Row([], 0, page) for _ in range(grid.n_rows)]
        for k, cell in enumerate(grid.cells, start=offset):
            text = join_wrapped([" ".join(w.text for w in line) for line in word_lines(in_cell.get(k, []))])
            rows[cell.row].cells.append(Cell(text, cell.row_span, cell.col_span,
                                             (cell.x0, cell.top, cell.x1, cell.bottom)))
        offset += len(grid.cells)
        open_bottom = all(c.open_bottom for c in grid.cells if c.row == grid.n_rows - 1)
        open_top = all(c.open_top for c in grid.cells if c.row == 0)
        blocks.append(PageTable(Table(rows, "pdf-geometry"), grid.columns, grid.top, grid.bottom, page,
                                open_bottom, open_top))
    return sorted(blocks, key=lambda b: b.top)


def blocks_text(blocks: list[Block]) -> str:
    """The text of a page's blocks, one line per text line and per cell."""
    parts = []
    for block in blocks:
        if isinstance(block, TextLine):
            parts.append(block.text)
        else:
            parts.extend(cell.text for row in block.table.rows for cell in row.cells if cell.text)
    return "\n".join(parts)


def _outside_blocks(words: list[Word], page: int) -> list[Block]:
    """Lines outside the bordered tables; runs of them that line up in columns as tables."""
    lines = word_lines(words)
    while lines and _overflow_ink(lines[0]):
        lines.pop(0)
    while lines and _overflow_ink(lines[-1]):
        lines.pop()
    aligned = [aligned_line(line) for line in lines]
    blocks: list[Block] = []
    start = 0
    for first, last, table in aligned_tables(aligned, page):
        blocks.extend(_text_line(line, page) for line in lines[start:first])
        columns = [row_cell.box[0] for row_cell in table.rows[0].cells] + [table.rows[0].cells[-1].box[2]]
        blocks.append(PageTable(table, columns, aligned[first].top, aligned[last].bottom, page, False, False))
        start = last + 1
    blocks.extend(_text_line(line, page) for line in lines[start:])
    return blocks


def _overflow_ink(line: list[Word]) -> bool:
    """A page's first or last line made only of lone clusters with marks or descenders (``ตั้ ที่``,
    ``ฏิ``): the ink of the line the page break moved on, which Chromium paints again where it sticks
    out over the margin, outside any clip pdfium reports."""
    return all(_INK_CLUSTER.fullmatch(word.text) for word in line)


def word_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines (by their vertical place), top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        line = next((line for line in reversed(lines[-3:]) if same_line(line[0], word)), None)
        if line is None:
            lines.append([word])
        else:
            line.append(word)
    for line in lines:
        line.sort(key=lambda w: w.x0)
    return sorted(lines, key=lambda line: min(w.top for w in line))


def _text_line(words: list[Word], page: int) -> TextLine:
    return TextLine(" ".join(w.text for w in words), words[0].x0, min(w.top for w in words),
                    max(w.x1 for w in words), max(w.bottom for w in words), page)


def wrap_separator(before: str, after: str) -> str:
    """What stood where a line was wrapped: nothing between two Thai words, a space elsewhere.

    >>> wrap_separator("ตระหนักแก่", "บุคลากร"), wrap_separator("ปี", "๒๕๖๖"), wrap_separator("กิจกรรม/", "มาตรการ")
    ('', ' ', '')
    """
    if not before or not after:
        return ""
    last, first = before[-1], after[0]
    if last == "/" or _THAI_LETTERS[0] <= last <= _THAI_LETTERS[1] and _THAI_LETTERS[0] <= first <= _THAI_LETTERS[1]:
        return ""
    return " "


def join_wrapped(lines: list[str]) -> str:
    """The lines of one paragraph or cell as one text."""
    text = ""
    for line in lines:
        text = text + wrap_separator(text, line) + line if text else line
    return text

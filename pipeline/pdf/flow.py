"""The pages' blocks as one document: a table cut by a page break joined with its continuation, the lines
of a paragraph joined, and everything written out as text lines and row lines.

A Word or browser PDF wraps every paragraph and every cell into lines of the page's or the cell's
width; the plan's text has one line per paragraph, and the extractors read it so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from extractors.tables import Cell, Row, Table
from pipeline.pdf.layout import Block, PageTable, TextLine, join_wrapped, wrap_separator
from pipeline.pdf.pages import cell_positions

# Two tables on consecutive pages are one when their column edges lie this close (points).
SAME_COLUMN = 2.0
# A line is full (the paragraph goes on below it) when it ends this close to the text's right edge,
# in line heights: a Thai word of a few syllables did not fit after it.
FULL_LINE_SLACK = 1.6
# The next line of a paragraph starts at most this far right of the line above (line heights).
MAX_INDENT = 0.5
# A line further below the one above than this many times the usual pitch starts a paragraph after
# a space (a blank line in the typed text, a heading's margin); so does one more than a line height
# below it, whatever the usual pitch.
GAP_PITCH, MAX_PITCH = 1.25, 1.0
# Lines between a table at the foot of a page and its continuation on the next that are page
# furniture, not text: at most this many, each at most this long ("- 12 -", "แผนปฏิบัติการฯ").
MAX_FURNITURE_LINES, MAX_FURNITURE_CHARS = 3, 40
# A line that starts a list item starts a paragraph, however full the line above: "2. หลักการและเหตุผล",
# "1) จัดทำโครงการ", "- สำนักปลัด", "• กองคลัง", and an ordinal "มิติที่ 4 การยกระดับกลไก...".
_ITEM_START = regex.compile(r"^(?:[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2})*[.)]\s|[-•]\s|\S{1,12}ที่ [0-9๐-๙])")


@dataclass
class FlowLine:
    page: int
    text: str
    row: Row | None = None  # the table row this line writes out


def document_lines(pages: list[list[Block]], widths: dict[int, float]) -> tuple[list[FlowLine], list[Table]]:
    """Every page's blocks (``widths``: each page's width) -> the document's lines (row lines carry
    their row) and its tables."""
    blocks = _join_tables([b for page in pages for b in page])
    right_edges = _right_edges(blocks, widths)
    pitch = _line_pitch(blocks)
    lines: list[FlowLine] = []
    tables: list[Table] = []
    paragraph: list[TextLine] = []

    def close_paragraph() -> None:
        if paragraph:
            lines.append(FlowLine(paragraph[0].page, join_wrapped([line.text for line in paragraph])))
            paragraph.clear()

    for block in blocks:
        if isinstance(block, PageTable):
            close_paragraph()
            tables.append(block.table)
            lines.extend(FlowLine(row.page or block.page, text, row)
                         for row, (_, text) in zip(block.table.rows, block.table.row_lines()))
            continue
        above = paragraph[-1] if paragraph else None
        if above is not None and not _continues(above, block, right_edges[round(widths[above.page])], pitch):
            close_paragraph()
            if block.page == above.page and block.top - above.top > GAP_PITCH * pitch * above.height:
                lines.append(FlowLine(block.page, ""))  # space between paragraphs: a blank line, as typed
        paragraph.append(block)
    close_paragraph()
    return lines, tables


def _join_tables(blocks: list[Block]) -> list[Block]:
    """A table that ends one page and one that starts the next with the same columns are one: the
    next page's copy of the header rows is dropped, and a row the break cut is joined again. Page
    furniture between them (a page number, a running title) stays, after the table."""
    out: list[Block] = []
    for block in blocks:
        previous = _table_before(out, block.page) if isinstance(block, PageTable) else None
        if previous is not None and _same_columns(previous.columns, block.columns):
            rows = block.table.rows
            grid, new_grid = previous.table.grid(), block.table.grid()
            repeated = 0
            while repeated < len(rows) - 1 and new_grid[repeated] == grid[repeated]:
                repeated += 1
            rows = rows[repeated:]
            if (previous.open_bottom or block.open_top and not repeated) and rows:
                _continue_row(previous.table, rows[0])
                rows = rows[1:]
            previous.table.rows.extend(rows)
            previous.page, previous.open_bottom = block.page, block.open_bottom
            continue
        out.append(block)
    return out


def _table_before(blocks: list[Block], page: int) -> PageTable | None:
    """The table that ends page ``page - 1``, when nothing but page furniture follows it."""
    for block in reversed(blocks[-1 - MAX_FURNITURE_LINES:]):
        if isinstance(block, PageTable):
            return block if block.page == page - 1 else None
        if len(block.text) > MAX_FURNITURE_CHARS or block.page not in (page - 1, page):
            return None
    return None


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= SAME_COLUMN for x, y in zip(a, b))


def _continue_row(table: Table, continuation: Row) -> None:
    """The cells of ``continuation`` (the top of a row the page break cut) appended to the cells of the
    table's last row in the same columns; a continuation cell that spans rows below extends the cell
    it continues by as many rows."""
    covering = _last_row_cells(table)
    column = 0
    for cell in continuation.cells:
        target = covering.get(column)
        if target is not None:
            if cell.text:
                target.text = target.text + wrap_separator(target.text, cell.text) + cell.text if target.text else cell.text
            target.row_span += cell.row_span - 1
        column += cell.col_span


def _last_row_cells(table: Table) -> dict[int, Cell]:
    """The cell that covers each column of the table's last row (a cell of that row, or one spanning
    down into it)."""
    last = len(table.rows) - 1
    return {c + dc: cell for r, c, cell in cell_positions(table) if r <= last < r + cell.row_span
            for dc in range(cell.col_span)}


def _right_edges(blocks: list[Block], widths: dict[int, float]) -> dict[int, float]:
    """The right edge of the text column for each page width (portrait, landscape): where the longest
    line of most pages of that width ends."""
    longest: dict[int, float] = {}
    for block in blocks:
        if isinstance(block, TextLine):
            longest[block.page] = max(longest.get(block.page, 0.0), block.x1)
    edges: dict[int, Counter] = {}
    for page, edge in longest.items():
        edges.setdefault(round(widths[page]), Counter())[round(edge)] += 1
    return {width: float(counts.most_common(1)[0][0]) for width, counts in edges.items()}


def _line_pitch(blocks: list[Block]) -> float:
    """The document's usual distance from one line to the next, in line heights (the median)."""
    pitches = sorted((b.top - a.top) / a.height for a, b in zip(blocks, blocks[1:])
                     if isinstance(a, TextLine) and isinstance(b, TextLine) and a.page == b.page and b.top > a.top)
    return pitches[len(pitches) // 2] if pitches else 1.0


def _continues(above: TextLine, line: TextLine, right: float, pitch: float) -> bool:
    """``line`` goes on the paragraph whose last line is ``above``: that line is full, and this one
    is not indented and follows at the usual line pitch (or starts the next page)."""
    height = above.height
    if above.x1 < right - FULL_LINE_SLACK * height or line.x0 > above.x0 + MAX_INDENT * height:
        return False
    if _ITEM_START.match(line.text):
        return False
    below = min(GAP_PITCH * pitch, MAX_PITCH) * height
    return line.page == above.page + 1 or (line.page == above.page and 0 < line.top - above.top <= below)

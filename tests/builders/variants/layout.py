"""``pdftotext -layout`` style text: a page of fixed width, tables as aligned columns.

Each table gets fixed column starts (widths in display columns: Thai vowels and tone marks
above or below a letter take none); a cell wider than its column is wrapped onto the
following lines at the same start, on spaces, and a long space-free Thai run is cut between
letters. A cell may sit at the top or the middle of its row, and a table's rows may be apart by
a blank line, as the PDF's row heights put them. Text outside tables is wrapped at the page width.
"""

from __future__ import annotations

import random

from tests.builders.variants.tables import (
    Table,
    display_width,
    one_line,
    pad_to,
    rewrite,
    wrap,
)

PAGE_WIDTH = 120
# Narrowest a column is made when the page is too narrow for the table: whole amounts and
# short words stay on one line (a PDF's column is never narrower than ๑๐,๐๐๐).
MIN_COLUMN = 4
UNBROKEN_WORD = 12
LANDSCAPE_COLUMNS = 6


def to_layout(text: str, rng: random.Random, width: int = PAGE_WIDTH) -> str:
    def text_lines(lines: list[str]) -> list[str]:
        return [part for line in lines for part in (wrap(line, width) if display_width(line) > width else [line])]

    return rewrite(text, lambda table: _table_lines(table, rng, width), text_lines)


def column_widths(rows: list[list[str]], available: int) -> list[int]:
    """Each column as wide as its widest cell; when the page is too narrow, every column keeps its
    longest short word and the room left goes to the columns in proportion to what they lack."""
    columns = list(zip(*rows))
    natural = [max([1, *(display_width(c) for c in col)]) for col in columns]
    least = [min(n, max([MIN_COLUMN, *(min(UNBROKEN_WORD, display_width(w)) for c in col for w in c.split())]))
             for n, col in zip(natural, columns)]
    if sum(natural) <= available:
        return natural
    room = available - sum(least)
    lacking = [n - lo for n, lo in zip(natural, least)]
    return [lo + max(0, room * lack // sum(lacking)) for lo, lack in zip(least, lacking)]


def _table_lines(table: Table, rng: random.Random, page_width: int) -> list[str]:
    rows = [[one_line(c) for c in row] for row in table.rows]
    if table.width >= LANDSCAPE_COLUMNS and rng.random() < 0.7:
        page_width = page_width * 3 // 2  # a wide table printed on a landscape page
    gap = rng.randint(2, 4)
    widths = column_widths(rows, page_width - gap * (table.width - 1))
    starts = [sum(widths[:c]) + gap * c for c in range(table.width)]
    middle = rng.random() < 0.3  # short cells at the middle of a tall row
    row_gaps = rng.random() < 0.25  # a blank line between rows
    out: list[str] = []
    for r, row in enumerate(rows):
        pieces = [wrap(cell, w) if cell else [] for cell, w in zip(row, widths)]
        height = max(len(p) for p in pieces)
        if not height:
            continue
        if row_gaps and r:
            out.append("")
        offsets = [(height - len(p)) // 2 if middle else 0 for p in pieces]
        for i in range(height):
            line = ""
            for c, piece in enumerate(pieces):
                k = i - offsets[c]
                if 0 <= k < len(piece):
                    line = pad_to(line, starts[c]) + piece[k]
            out.append(line.rstrip())
    return out

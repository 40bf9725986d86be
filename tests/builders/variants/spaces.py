"""Tables without a cell delimiter: cells apart by runs of spaces, or one cell per line.

``to_spaces`` is Tesseract's and many PDF-to-text tools' form: a row on one line, cells apart by
two or more spaces, either padded to column widths (an empty cell a wide gap) or just two to
four spaces (an empty cell gone). ``to_flattened`` is a table copied from a web page: one cell
per line, empty cells dropped, a header cell sometimes broken where the page broke it
(``ปี ๒๕๖๖`` / ``งบประมาณ`` / ``(บาท)``), a cell holding a numbered list sometimes one item per line.
"""

from __future__ import annotations

import random

from tests.builders.variants.tables import (
    Table,
    display_width,
    numbered_items,
    one_line,
    pad_to,
    rewrite,
    spaced,
)


def to_spaces(text: str, rng: random.Random) -> str:
    return rewrite(text, lambda table: _spaced_rows(table, rng))


def _spaced_rows(table: Table, rng: random.Random) -> list[str]:
    rows = [[one_line(c) for c in row] for row in table.rows]
    if rng.random() < 0.5:  # padded to the widest cell of each column
        widths = [max(display_width(row[c]) for row in rows) for c in range(table.width)]
        gap = spaced(rng, 2, 3)
        return [gap.join(pad_to(cell, w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    return ["".join(cell + (spaced(rng) if i < len(filled) - 1 else "") for i, cell in enumerate(filled))
            for filled in ([c for c in row if c] for row in rows)]


def to_flattened(text: str, rng: random.Random) -> str:
    return rewrite(text, lambda table: _cell_lines(table, rng))


def _cell_lines(table: Table, rng: random.Random) -> list[str]:
    rows = [[one_line(c) for c in row] for row in table.rows]
    header, body = rows[: table.header_rows], rows[table.header_rows:]
    lines: list[str] = []
    if header and rng.random() < 0.5:
        # One header row on the page: each column's header cells stacked (ปี ๒๕๖๖ over งบประมาณ บาท).
        header = [[" ".join(h[c] for h in header if h[c]) for c in range(table.width)]]
    split_header = rng.random() < 0.6
    for row in header:
        for cell in filter(None, row):
            lines.extend(_broken(cell, rng) if split_header else [cell])
    split_lists = rng.random() < 0.5
    for row in body:
        for cell in filter(None, row):
            lines.extend((split_lists and numbered_items(cell)) or [cell])
    return lines


def _broken(cell: str, rng: random.Random) -> list[str]:
    """A header cell broken at some of its spaces, as a narrow page column breaks it."""
    words = cell.split(" ")
    lines = [words[0]]
    for word in words[1:]:
        if word.startswith("(") or (not word[:1].isdigit() and rng.random() < 0.7):  # ปี ๒๕๖๖ stays whole
            lines.append(word)
        else:
            lines[-1] += " " + word
    return lines

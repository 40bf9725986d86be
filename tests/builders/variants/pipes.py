"""GitHub-flavoured Markdown pipe tables, as Markdown converters and some OCR tools write them.

The ``|---|`` separator follows the first header row, so a two-row header has its second row
after the separator; a table without a header gets the first data row or an empty row above the
separator; a bar inside a cell is escaped (``\\|``). Leading and trailing bars are optional where
leaving them out cannot lose an empty edge cell; cells are padded to the column width or not.
"""

from __future__ import annotations

import random

from tests.builders.variants.tables import (
    Table,
    display_width,
    one_line,
    pad_to,
    rewrite,
)


def to_pipes(text: str, rng: random.Random) -> str:
    return rewrite(text, lambda table: ["", *_table_lines(table, rng), ""])


def _table_lines(table: Table, rng: random.Random) -> list[str]:
    rows = [[one_line(c).replace("|", "\\|") for c in row] for row in table.rows]
    if table.header_rows == 0 and rng.random() < 0.5:
        rows.insert(0, [""] * table.width)  # an empty header, so the first row stays data
    leading = rng.random() < 0.85 or any(not row[0] for row in rows)
    trailing = rng.random() < 0.75 or any(not row[-1] for row in rows)
    widths = ([max(3, *(display_width(row[c]) for row in rows)) for c in range(table.width)]
              if rng.random() < 0.4 else None)
    gap = " " if rng.random() < 0.8 else ""

    def line(cells: list[str]) -> str:
        if widths:
            cells = [pad_to(cell, w) for cell, w in zip(cells, widths)]
        inner = f"{gap}|{gap}".join(cells)
        return ("|" + gap if leading else "") + inner + (gap + "|" if trailing else "")

    align = rng.choice(["---", ":---", "---:", ":---:"]) if rng.random() < 0.2 else "---"
    separator = [align if not widths else align[0] + "-" * (w - 2) + align[-1] for w in (widths or [3] * table.width)]
    out = [line(rows[0]), line(separator)]
    out.extend(line(row) for row in rows[1:])
    return [text.rstrip() for text in out]

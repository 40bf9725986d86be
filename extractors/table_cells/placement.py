"""Cells of a row printed without its empty cells (cells apart by spaces), placed in their columns
by what they hold."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import regex

# Cost of a cell in a column of another kind, of a value-like cell in a text column, and of a
# column the table is read for left empty.
_WRONG_KIND = 3
_VALUE_IN_TEXT = 3
_NEEDED_EMPTY = 2


def place_cells(columns: Sequence[str | None], cells: Sequence[str], kinds: Mapping[str, regex.Pattern],
                needed: Collection[str] = ()) -> list[str]:
    """A row printed without its empty cells (``2  โครงการ…  1  ✓  50,000.00  0.00``) spread over
    the columns: cells keep their order, each in a column whose kind it fits (a tick under a
    status, an amount under money, text under a column of no kind, a column that names no field
    only when no other fits), leaving the ``needed`` columns (those the table is read for) empty
    last; where two columns fit alike, the leftmost (a lone tick is read under the first status
    column).

    >>> from extractors.table_cells.header import SEQ_CELL
    >>> place_cells(["seq", "title", "done", "not_done", "budget"], ["2", "โครงการ", "✓", "50"],
    ...             {"seq": SEQ_CELL, "done": regex.compile("^✓$"), "not_done": regex.compile("^✓$"),
    ...              "budget": regex.compile("^[0-9]+$")})
    ['2', 'โครงการ', '✓', '', '50']
    >>> place_cells(["seq", "process", "risk", "measure"], ["1", "การจัดซื้อ", "จัดทำคู่มือ"], {"seq": SEQ_CELL},
    ...             needed={"risk", "measure"})
    ['1', '', 'การจัดซื้อ', 'จัดทำคู่มือ']
    """
    n, m = len(cells), len(columns)

    def cost(i: int, j: int) -> int:
        kind = kinds.get(columns[j] or "")
        if kind is not None:
            return 0 if kind.match(cells[i]) else _WRONG_KIND
        value = any(k.match(cells[i]) for k in kinds.values())
        return (_VALUE_IN_TEXT if value else 0) + (columns[j] is None)  # a column of no field: the last resort

    def skip(j: int) -> int:
        return _NEEDED_EMPTY if columns[j] in needed else 0

    # best[i][j]: least cost of cells i.. in columns j.. (infinite when too few columns are left).
    infinite = (_WRONG_KIND + _NEEDED_EMPTY) * (n + m) + 1
    best = [[infinite] * (m + 1) for _ in range(n + 1)]
    best[n][m] = 0
    for j in range(m - 1, -1, -1):
        best[n][j] = skip(j) + best[n][j + 1]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = min(skip(j) + best[i][j + 1], cost(i, j) + best[i + 1][j + 1])
    out = [""] * m
    i = 0
    for j in range(m):
        if i < n and cost(i, j) + best[i + 1][j + 1] == best[i][j]:
            out[j] = cells[i]
            i += 1
    return out

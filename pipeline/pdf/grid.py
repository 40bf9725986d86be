"""Bordered tables from a page's ruling lines: cell boxes, merged cells as spans.

Rulings that touch one another form one table. Their x and y positions cut the table into elementary
boxes; neighbouring boxes with no ruling between them belong to one cell (a dimension cell over many
rows, a year heading over two columns). A box enclosed left and right but not below (above) is part of
a cell a page break cut (``open_bottom``, ``open_top``): the table goes on at the top of the next page.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.pdf.rulings import Box, Ruling

# Rulings closer than this are one line (a border drawn twice, half a point apart); a ruling that
# ends this close to another touches it.
TOLERANCE = 1.5
# A ruling covering at least this share of a box's side separates the box from its neighbour.
COVERED = 0.5


@dataclass(slots=True)
class CellBox:
    row: int
    col: int
    row_span: int
    col_span: int
    x0: float
    top: float
    x1: float
    bottom: float
    open_bottom: bool
    open_top: bool

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


@dataclass
class GridTable:
    cells: list[CellBox]  # row by row, left to right
    n_rows: int
    columns: list[float]  # x of every column's left edge, and the table's right edge
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return self.columns[0]

    @property
    def x1(self) -> float:
        return self.columns[-1]


def grid_tables(rulings: list[Ruling]) -> tuple[list[GridTable], list[Box]]:
    """Tables of at least two columns drawn by the rulings, top to bottom, and the boxes of rulings
    that look like a table but give no cells: a grid of at least three lines one way and two the other,
    or at least three horizontal lines of the same length one under the other (a table ruled only
    between its rows)."""
    tables, unread = [], []
    merged = _merged(rulings)
    for group in _touching_groups(merged):
        table = _grid(group)
        if table is not None and len(table.columns) >= 3:
            tables.append(table)
        elif _grid_like(group):
            unread.append(_bounds(group))
    unread.extend(_ruled_rows(merged))
    return sorted(tables, key=lambda t: (t.top, t.x0)), unread


def _grid_like(group: list[Ruling]) -> bool:
    horizontal = len(_positions([r.position for r in group if r.horizontal]))
    vertical = len(_positions([r.position for r in group if not r.horizontal]))
    return max(horizontal, vertical) >= 3 and min(horizontal, vertical) >= 2


def _bounds(group: list[Ruling]) -> Box:
    xs = [x for r in group for x in ((r.start, r.end) if r.horizontal else (r.position,))]
    ys = [y for r in group for y in ((r.position,) if r.horizontal else (r.start, r.end))]
    return min(xs), min(ys), max(xs), max(ys)


def _ruled_rows(rulings: list[Ruling]) -> list[Box]:
    """Boxes of three or more horizontal lines of one extent that no vertical line touches."""
    lone = [r for r in rulings if r.horizontal and not any(_crosses(r, v) for v in rulings if not v.horizontal)]
    by_extent: dict[tuple[int, int], list[Ruling]] = {}
    for ruling in lone:
        by_extent.setdefault((round(ruling.start / 2), round(ruling.end / 2)), []).append(ruling)
    return [_bounds(group) for group in by_extent.values() if len(_positions([r.position for r in group])) >= 3]


def _merged(rulings: list[Ruling]) -> list[Ruling]:
    """Collinear rulings that overlap or touch, as one."""
    out: list[Ruling] = []
    for ruling in sorted(rulings, key=lambda r: (r.horizontal, round(r.position / TOLERANCE), r.start)):
        last = out[-1] if out else None
        if (last is not None and last.horizontal == ruling.horizontal
                and abs(last.position - ruling.position) <= TOLERANCE and ruling.start <= last.end + TOLERANCE):
            last.end = max(last.end, ruling.end)
        else:
            out.append(Ruling(ruling.horizontal, ruling.position, ruling.start, ruling.end))
    return out


def _touching_groups(rulings: list[Ruling]) -> list[list[Ruling]]:
    parent = list(range(len(rulings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    horizontals = [i for i, r in enumerate(rulings) if r.horizontal]
    verticals = [i for i, r in enumerate(rulings) if not r.horizontal]
    for h in horizontals:
        for v in verticals:
            if _crosses(rulings[h], rulings[v]):
                parent[root(h)] = root(v)
    groups: dict[int, list[Ruling]] = {}
    for i, ruling in enumerate(rulings):
        groups.setdefault(root(i), []).append(ruling)
    return list(groups.values())


def _crosses(h: Ruling, v: Ruling) -> bool:
    return (h.start - TOLERANCE <= v.position <= h.end + TOLERANCE
            and v.start - TOLERANCE <= h.position <= v.end + TOLERANCE)


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > TOLERANCE:
            out.append(value)
    return out


def _covers(rulings: list[Ruling], position: float, start: float, end: float) -> bool:
    """A ruling at ``position`` covers most of the span start..end."""
    need = COVERED * (end - start)
    return any(abs(r.position - position) <= TOLERANCE and min(r.end, end) - max(r.start, start) >= need
               for r in rulings)


def _grid(group: list[Ruling]) -> GridTable | None:
    horizontals = [r for r in group if r.horizontal]
    verticals = [r for r in group if not r.horizontal]
    if len(horizontals) < 2 or len(verticals) < 2:
        return None
    xs = _positions([v.position for v in verticals])
    ys = _positions([h.position for h in horizontals] + [y for v in verticals for y in (v.start, v.end)])
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1:
        return None
    # Which elementary boxes lie inside the table: a vertical ruling on both sides.
    inside = [[False] * cols for _ in range(rows)]
    for i in range(rows):
        mid_y = (ys[i] + ys[i + 1]) / 2
        sides = [any(abs(v.position - x) <= TOLERANCE and v.start <= mid_y <= v.end for v in verticals) for x in xs]
        for j in range(cols):
            left = any(sides[k] for k in range(j + 1))
            right = any(sides[k] for k in range(j + 1, cols + 1))
            inside[i][j] = left and right
    cell_of = [[-1] * cols for _ in range(rows)]
    cells: list[CellBox] = []
    for i in range(rows):
        for j in range(cols):
            if not inside[i][j] or cell_of[i][j] >= 0:
                continue
            # Grow right while no vertical ruling separates, then down while no horizontal one does.
            j1 = j
            while j1 + 1 < cols and inside[i][j1 + 1] and not _covers(verticals, xs[j1 + 1], ys[i], ys[i + 1]):
                j1 += 1
            i1 = i
            while (i1 + 1 < rows and all(inside[i1 + 1][k] and cell_of[i1 + 1][k] < 0 for k in range(j, j1 + 1))
                   and not any(_covers(horizontals, ys[i1 + 1], xs[k], xs[k + 1]) for k in range(j, j1 + 1))):
                i1 += 1
            for a in range(i, i1 + 1):
                for b in range(j, j1 + 1):
                    cell_of[a][b] = len(cells)
            open_bottom = not any(_covers(horizontals, ys[i1 + 1], xs[k], xs[k + 1]) for k in range(j, j1 + 1))
            open_top = not any(_covers(horizontals, ys[i], xs[k], xs[k + 1]) for k in range(j, j1 + 1))
            cells.append(CellBox(i, j, i1 - i + 1, j1 - j + 1, xs[j], ys[i], xs[j1 + 1], ys[i1 + 1],
                                 open_bottom, open_top))
    if not cells:
        return None
    return _compact(cells, xs, rows, cols)


def _compact(cells: list[CellBox], xs: list[float], rows: int, cols: int) -> GridTable:
    """Rows and columns where no cell starts (cut by a ruling that only a neighbour has) are dropped,
    and spans counted in the rows and columns that remain."""
    row_kept = sorted({c.row for c in cells})
    col_kept = sorted({c.col for c in cells})
    row_index = {r: k for k, r in enumerate(row_kept)}
    col_index = {c: k for k, c in enumerate(col_kept)}
    for cell in cells:
        last_row, last_col = cell.row + cell.row_span, cell.col + cell.col_span
        cell.row_span = sum(cell.row <= r < last_row for r in row_kept)
        cell.col_span = sum(cell.col <= c < last_col for c in col_kept)
        cell.row, cell.col = row_index[cell.row], col_index[cell.col]
    cells.sort(key=lambda c: (c.row, c.col))
    columns = [xs[c] for c in col_kept] + [max(c.x1 for c in cells)]
    return GridTable(cells, len(row_kept), columns, min(c.top for c in cells), max(c.bottom for c in cells))

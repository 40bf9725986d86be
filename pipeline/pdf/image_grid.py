"""Bordered tables found in a scanned page's picture: their ruling lines, and the cells those lines
enclose, merged cells with their row and column spans.

Ruling lines are long thin runs of ink: a morphological opening with a long horizontal (vertical)
kernel keeps them and drops the letters. Lines that cross or touch make one table. Every ruling
line's position is a grid line; two neighbouring grid boxes belong to one cell when no ruling line
separates them (a merged cell has no border inside it).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# A ruling line is at least this long: a tenth of an A4 page width at 200 dpi, longer than any
# letter's stroke or a dash in running text.
MIN_RULE_PX = 60
# Grid lines closer than this are one line drawn thick, or a double border.
MERGE_PX = 8
# A border between two grid boxes must be inked along this share of their common edge.
BORDER_COVER = 0.6
MIN_TABLE_PX = 40  # smaller boxes of lines are underlines or frames, not tables


@dataclass(frozen=True)
class GridCell:
    row: int
    column: int
    row_span: int
    col_span: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels, borders excluded


@dataclass
class Grid:
    box: tuple[int, int, int, int]  # the table's outline in pixels
    rows: int
    columns: int
    cells: list[GridCell]  # by row, then column


def ruling_lines(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling lines of an ink mask (ink 255)."""
    horizontal = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (MIN_RULE_PX, 1)))
    vertical = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, MIN_RULE_PX)))
    # A line that lost a pixel to noise or JPEG is closed again.
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    return horizontal, vertical


def find_grids(horizontal: np.ndarray, vertical: np.ndarray) -> list[Grid]:
    """The bordered tables drawn by a page's ruling lines (``ruling_lines``), top to bottom."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_or(horizontal, vertical))
    grids = []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if w < MIN_TABLE_PX or h < MIN_TABLE_PX:
            continue
        region = labels[y:y + h, x:x + w] == label
        grid = _grid(np.where(region, horizontal[y:y + h, x:x + w], 0), np.where(region, vertical[y:y + h, x:x + w], 0),
                     (x, y))
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: g.box[1])


def _positions(profile: np.ndarray, min_length: int) -> list[int]:
    """Centres of runs of ``profile`` at least ``min_length`` long (a line's pixels per row or column),
    runs closer than MERGE_PX joined."""
    hits = np.flatnonzero(profile >= min_length)
    if hits.size == 0:
        return []
    groups = np.split(hits, np.flatnonzero(np.diff(hits) > MERGE_PX) + 1)
    return [int(round(g.mean())) for g in groups]


def _grid(horizontal: np.ndarray, vertical: np.ndarray, origin: tuple[int, int]) -> Grid | None:
    height, width = horizontal.shape
    ys = _positions((horizontal > 0).sum(axis=1), MIN_RULE_PX)
    xs = _positions((vertical > 0).sum(axis=0), MIN_RULE_PX)
    # A table is closed by its outer lines; a table cut by the page end has none at the bottom.
    if len(xs) < 2 or len(ys) < 1:
        return None
    if ys[0] > MERGE_PX:
        ys.insert(0, 0)
    if ys[-1] < height - 1 - MERGE_PX:
        ys.append(height - 1)
    if len(ys) < 2:
        return None
    rows, columns = len(ys) - 1, len(xs) - 1
    # Borders: is the edge between two neighbouring grid boxes inked?
    right_border = np.ones((rows, columns - 1), dtype=bool)
    below_border = np.ones((rows - 1, columns), dtype=bool)
    for r in range(rows):
        for c in range(columns - 1):
            right_border[r, c] = _inked(vertical[ys[r]:ys[r + 1], max(0, xs[c + 1] - 4):xs[c + 1] + 5], axis=0)
    for r in range(rows - 1):
        for c in range(columns):
            below_border[r, c] = _inked(horizontal[max(0, ys[r + 1] - 4):ys[r + 1] + 5, xs[c]:xs[c + 1]], axis=1)
    owner = _merge(rows, columns, right_border, below_border)
    x0, y0 = origin
    cells = []
    for r in range(rows):
        for c in range(columns):
            if owner[r][c] != (r, c):
                continue
            last_r = max(rr for rr in range(r, rows) if owner[rr][c] == (r, c))
            last_c = max(cc for cc in range(c, columns) if owner[r][cc] == (r, c))
            box = (x0 + xs[c] + 3, y0 + ys[r] + 3, x0 + xs[last_c + 1] - 3, y0 + ys[last_r + 1] - 3)
            cells.append(GridCell(r, c, last_r - r + 1, last_c - c + 1, box))
    return Grid((x0 + xs[0], y0 + ys[0], x0 + xs[-1], y0 + ys[-1]), rows, columns, cells)


def _inked(strip: np.ndarray, axis: int) -> bool:
    """A border runs along ``strip`` (across ``axis``) for BORDER_COVER of its length, its ends
    (where the crossing lines are) left out."""
    along = (strip > 0).any(axis=1 - axis)
    trim = min(MERGE_PX, along.size // 4)
    middle = along[trim:along.size - trim] if along.size > 2 * trim else along
    return middle.size > 0 and middle.mean() >= BORDER_COVER


def _merge(rows: int, columns: int, right_border: np.ndarray, below_border: np.ndarray) -> list[list[tuple[int, int]]]:
    """Each grid box's cell, named by its top-left box: boxes with no border between them are one
    cell, grown as a rectangle from its top-left box."""
    owner: list[list[tuple[int, int] | None]] = [[None] * columns for _ in range(rows)]
    for r in range(rows):
        for c in range(columns):
            if owner[r][c] is not None:
                continue
            last_c = c
            while last_c + 1 < columns and owner[r][last_c + 1] is None and not right_border[r, last_c]:
                last_c += 1
            last_r = r
            while (last_r + 1 < rows and all(owner[last_r + 1][cc] is None for cc in range(c, last_c + 1))
                   and not any(below_border[last_r, cc] for cc in range(c, last_c + 1))):
                last_r += 1
            for rr in range(r, last_r + 1):
                for cc in range(c, last_c + 1):
                    owner[rr][cc] = (r, c)
    return owner  # type: ignore[return-value]

"""Columns of a layout block whose cells stand one space apart, as ``pdftotext -layout`` prints a
PDF table with narrow columns: the text of a cell drifts by a few positions from line to line as
the widths of its glyphs add up, so no run of spaces marks the columns.

The block's words (runs of text between single spaces) are laid over one another: a column
boundary is a run of positions that few words cross (at most ``CROSSING`` of the lines: the drift,
a label centred over two columns) with words ending just before it and starting just after it on
``MIN_SIDE`` lines or more. Each line is then cut at its gap between two words nearest to each
boundary, within ``DRIFT`` positions; a line with no gap there keeps each word on the side its first
letter falls. The values a line ends with (``10,000 10,000 -``) drift the most, by all the text
before them: each is a cell of its own, in order, in value columns after the text columns.

The columns are used only when they account for the block: every gap of two or more spaces in a
line is one of its cuts, two lines at least have cells in two columns or more, and two lines at
least have two cells one space apart (cells all two spaces apart that do not line up are rows
printed without their empty cells).
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.tables.positions import VALUE, Fragment, fragments

# Share of the block's lines whose words may cross a column boundary.
CROSSING = 0.08
# Lines with a word ending just before a boundary, and with one starting just after it.
MIN_SIDE = 3
# How far (positions) a line's cut may stand from the boundary.
DRIFT = 4
# Lines that must have cells in two columns or more.
MIN_ROWS = 2


@dataclass(slots=True)
class _Line:
    words: list[Fragment]
    gaps: list[tuple[int, int]]  # (end of a word, start of the next)


def columns(lines: dict[int, str]) -> tuple[list[tuple[int, int]], dict[int, list[Fragment]]] | None:
    """The block's columns (start and end position of each) and each line's fragments, one per
    column it has text in and starting at that column's start; None when the words of the block
    do not stand in columns."""
    words = {k: fragments(text, gap=1) for k, text in lines.items()}
    values_from = _value_region(words.values())
    text = {k: [w for w in ws if w.start < values_from] for k, ws in words.items()}
    boundaries = _boundaries([ws for ws in text.values() if ws])
    if not boundaries and values_from == _NONE:
        return None
    starts = [0, *boundaries]
    ends = [*(b - 1 for b in boundaries), max((w.end for ws in text.values() for w in ws), default=0)]
    regions = {k: _value_cells(lines[k], values_from) for k in lines}
    value_width = max((w.end - w.start for cells in regions.values() for w in cells), default=0)
    value_at = ends[-1] + 2
    value_columns = [(value_at + j * (value_width + 2), value_at + j * (value_width + 2) + value_width)
                     for j in range(max(map(len, regions.values())))]
    parts: dict[int, list[Fragment]] = {}
    single = 0  # lines with two cells one space apart
    for k, ws in text.items():
        cells = _cut(ws, boundaries)
        gapped = [f for f in fragments(lines[k]) if f.start < values_from]
        if cells is None or not _accounts_for(gapped, cells):
            return None
        single += len(cells) > len(gapped)
        parts[k] = [Fragment(starts[c], starts[c] + (group[-1].end - group[0].start), " ".join(w.text for w in group))
                    for c, group in sorted(cells.items())]
        parts[k] += [Fragment(a, a + w.end - w.start, w.text) for (a, _), w in zip(value_columns, regions[k])]
    # Cells all two spaces apart and still out of line are rows printed without their empty
    # cells, not columns one space apart.
    if sum(1 for p in parts.values() if len(p) >= 2) < MIN_ROWS or single < MIN_ROWS:
        return None
    return list(zip(starts, ends)) + value_columns, parts


_NONE = 1 << 30


def _value_region(lines) -> int:
    """Where the values begin: before the leftmost of the values lines end with (two or more in a
    row: ``10,000 10,000``); the columns there are read in order, not by position."""
    starts = []
    for ws in lines:
        n = len(ws)
        while n and VALUE.match(ws[n - 1].text):
            n -= 1
        if len(ws) - n >= 2:
            starts.append(ws[n].start)
    return min(starts) - 1 if starts else _NONE


def _value_cells(line: str, values_from: int) -> list[Fragment]:
    """The cells of a line's value region, in order: its runs apart by two spaces or more, each value
    a cell of its own (``10,000 10,000`` are two; ``ประมาณ บาท`` one)."""
    out: list[Fragment] = []
    for run in fragments(line):
        if run.end <= values_from:
            continue
        group: list[Fragment] = []
        for w in fragments(run.text, gap=1):
            w = Fragment(run.start + w.start, run.start + w.end, w.text)
            if w.start < values_from:
                continue
            if VALUE.match(w.text):
                out.extend(_joined(group))
                out.append(w)
                group = []
            else:
                group.append(w)
        out.extend(_joined(group))
    return out


def _joined(words: list[Fragment]) -> list[Fragment]:
    return [Fragment(words[0].start, words[-1].end, " ".join(w.text for w in words))] if words else []


def _boundaries(lines: list[list[Fragment]]) -> list[int]:
    if not lines:
        return []
    width = max(w.end for ws in lines for w in ws) + 1
    crossing = [0] * (width + 1)
    ending = [0] * (width + 2)
    starting = [0] * (width + 2)
    for ws in lines:
        for w in ws:
            for x in range(w.start + 1, w.end):
                crossing[x] += 1
            ending[w.end] += 1
            starting[w.start] += 1
    limit = max(1.0, CROSSING * len(lines))
    out = []
    x = 1
    while x < width:
        if crossing[x] > limit:
            x += 1
            continue
        y = x
        while y + 1 < width and crossing[y + 1] <= limit:
            y += 1
        left = sum(ending[max(0, x - 2):y + 2])
        right = sum(starting[max(0, x - 1):y + 3])
        if left >= MIN_SIDE and right >= MIN_SIDE:
            out.append(min(range(x, y + 1), key=lambda k: (crossing[k], -starting[k])))
        x = y + 1
    return out


def _cut(words: list[Fragment], boundaries: list[int]) -> dict[int, list[Fragment]] | None:
    """The line's words by column: cut at the gap nearest each boundary."""
    cuts: list[int | None] = []
    for b in boundaries:
        best = None
        for i in range(1, len(words)):
            if words[i - 1].start >= b - 1 or words[i].end <= b + 1:
                continue  # both words on one side of the boundary
            end, start = words[i - 1].end, words[i].start
            distance = 0 if end <= b <= start else min(abs(b - end), abs(b - start))
            if distance <= DRIFT and (best is None or distance < best[0]):
                best = (distance, i)
        cuts.append(best[1] if best else None)
    cells: dict[int, list[Fragment]] = {}
    for i, w in enumerate(words):
        column = sum(1 for b, cut in zip(boundaries, cuts) if (cut is not None and cut <= i)
                     or (cut is None and w.start >= b))
        cells.setdefault(column, []).append(w)
    # Cuts out of order (a boundary's gap before an earlier one's): the line does not fit.
    placed = [c for c, group in sorted(cells.items()) for _ in group]
    return cells if placed == sorted(placed) else None


def _accounts_for(gapped: list[Fragment], cells: dict[int, list[Fragment]]) -> bool:
    """Every gap of two spaces or more in the line falls between two cells."""
    edges = {group[0].start for group in cells.values()}
    return all(f.start in edges for f in gapped)

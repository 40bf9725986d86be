"""Layout text: cells apart by runs of spaces, as Tesseract and ``pdftotext -layout`` write tables.

A *fragment* is a run of text on a line between gaps of two or more spaces. Lines with fragments
apart by such gaps, and the lines between them, form a block; the block's columns are the runs of
display positions some fragment covers (Thai vowels and tone marks above or below a letter take no
position), so every fragment falls in one column and an empty cell keeps its place. Lines are then
grouped into rows (``layout_rows``).

Where the fragments do not line up in columns (cells apart by two to four spaces, empty cells left
out), each line is a row of its fragments. A line alone is a row only when its gap is wide or it
opens with a number (``๑๖. นางพรสวรรค์ วรอินทร์ จิรพัฒน์กุลจุ   นักวิเคราะห์นโยบายและแผน``).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from extractors.tables import word_columns
from extractors.tables.layout_rows import aligned_table, column_of
from extractors.tables.model import Cell, Row, Table
from extractors.tables.positions import SPACE, Fragment, fragments, width

# A gap between cells: two or more spaces inside the line.
_INNER_GAP = regex.compile(r"\S[ \u00a0]{2,}\S")
_WIDE_GAP = regex.compile(r"\S[ \u00a0]{3,}\S")
# A line alone opening with a number: "16. นางพรสวรรค์ …", "3 การจัดซื้อ …".
_NUMBERED_LINE = regex.compile(r"^\s*[0-9]{1,3}[.)]?\s")
# Blank lines a table goes on across (a gap between rows); more is a page break.
MAX_BLANKS = 2
# Lines of fragments a block needs to be read as columns.
MIN_ROWS = 2
# Lines of one cell in a row inside a block whose columns do not line up.
MAX_LONE = 4
SHORT_PIECE = 16


def find(lines: Sequence[str], start: int, end: int) -> list[Table]:
    tables: list[Table] = []
    i = start
    while i < end:
        if not _gapped(lines[i]):
            i += 1
            continue
        last = _block_end(lines, i, end)
        found = _read_block(lines, i, last)
        tables.extend(found)
        i = found[-1].span[1] if found else last
    return tables


def _gapped(line: str) -> bool:
    return "  " in line and "\t" not in line and "\f" not in line and _INNER_GAP.search(line) is not None


def _block_end(lines: Sequence[str], i: int, end: int) -> int:
    """End of the block that starts at the gapped line ``i``: gapped lines, and lines of one
    fragment before the next gapped one (a wrapped cell's continuation), across at most
    ``MAX_BLANKS`` blank lines."""
    last = j = i + 1
    while j < end:
        line = lines[j]
        if "\t" in line or "\f" in line:
            break
        if not line.strip():
            j += 1
            continue
        if j - last > MAX_BLANKS or not (_gapped(line) or _indented(line) or _gapped_ahead(lines, j, end)):
            break
        last = j = j + 1
    return last


def _indented(line: str) -> bool:
    return line[:1] in SPACE and bool(line.strip())


def _gapped_ahead(lines: Sequence[str], j: int, end: int) -> bool:
    """A line at the margin inside a block: the next text line is gapped, or comes after at most
    ``MAX_LONE`` lines of one cell right below (mission codes alone on their rows) and any number
    of short ones (the pieces of a long name wrapped in a narrow column)."""
    for k in range(j + 1, min(end, j + MAX_BLANKS + 2)):
        if lines[k].strip():
            break
    else:
        return False
    lone = 0
    while k < end and lines[k].strip() and not _gapped(lines[k]) and lone < MAX_LONE:
        lone += width(lines[k].strip()) > SHORT_PIECE
        k += 1
    return k < end and _gapped(lines[k])


def _read_block(lines: Sequence[str], first: int, last: int) -> list[Table]:
    """The block's tables: its parts between blank lines joined while their fragments line up in
    one set of columns (a table printed in two pieces of other column widths gives two)."""
    parts = {k: fragments(lines[k]) for k in range(first, last) if lines[k].strip()}
    pieces: list[list[int]] = []
    for k in parts:
        if pieces and k == pieces[-1][-1] + 1:
            pieces[-1].append(k)
        else:
            pieces.append([k])
    tables: list[Table] = []
    current: list[int] = []
    for piece in pieces:
        if not current or _columns_of(parts, current + piece) is not None:
            current += piece
            continue
        tables.extend(_read_lines(lines, parts, current))
        current = list(piece)
    tables.extend(_read_lines(lines, parts, current))
    return tables


def _columns_of(parts: dict[int, list[Fragment]], keys: list[int]) -> list[tuple[int, int]] | None:
    """The columns of these lines when their fragments line up (two gapped lines at least, each
    fragment of a line in a column of its own); else None."""
    gapped = [k for k in keys if len(parts[k]) >= 2]
    columns = _columns([f for k in gapped for f in parts[k]])
    if len(gapped) < MIN_ROWS or len(columns) < 2 or any(
            len({column_of(f, columns) for f in parts[k]}) != len(parts[k]) for k in gapped):
        return None
    return columns


def _read_lines(lines: Sequence[str], parts: dict[int, list[Fragment]], keys: list[int]) -> list[Table]:
    columns = _columns_of(parts, keys)
    by_words = None
    if columns is None:
        by_words = word_columns.columns({k: lines[k] for k in keys})
        if by_words is None:
            return _line_tables(lines, parts, keys)
        columns, parts = by_words
    # A line of one fragment that crosses a column is text: before the table's first fit line it
    # is left out (prose above the table), after it the table ends.
    crossing = [k for k in keys if len(parts[k]) < 2 and not _fits(parts[k][0], columns)]
    start = next(k for k in keys if k not in crossing)
    end = next((k for k in crossing if k > start), None)
    kept = {k: parts[k] for k in keys if start <= k and (end is None or k < end)}
    return [aligned_table(kept, columns, min(kept), max(kept) + 1, widths_known=by_words is None)] if kept else []


def _columns(frags: list[Fragment]) -> list[tuple[int, int]]:
    """Runs of display columns covered by some fragment, left to right."""
    out: list[list[int]] = []
    for a, b in sorted((f.start, f.end) for f in frags):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _fits(fragment: Fragment, columns: list[tuple[int, int]]) -> bool:
    """A lone fragment inside one column: it starts in it and ends before the next one starts."""
    c = column_of(fragment, columns)
    a, b = columns[c]
    return fragment.start < max(b, a + 1) and (c + 1 == len(columns) or fragment.end < columns[c + 1][0])


def _line_tables(lines: Sequence[str], parts: dict[int, list[Fragment]], keys: list[int]) -> list[Table]:
    """Each run of gapped lines a table whose rows are their fragments (the columns do not line
    up), with the lines of one fragment between them as rows of one cell (``2.3.1`` alone: a row
    whose other cells are empty); a lone gapped line only when its gap is wide or it opens with a
    number."""
    tables = []
    runs: list[list[int]] = []
    for k in keys:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    for run in runs:
        gapped = [k for k in run if len(parts[k]) >= 2]
        if not gapped:
            continue
        widest = max(f.end - f.start for k in gapped for f in parts[k])
        run = [k for k in run if gapped[0] <= k <= gapped[-1] and (k in gapped or parts[k][0].end - parts[k][0].start
                                                                   <= widest)]
        if len(run) == 1 and not (_WIDE_GAP.search(lines[run[0]]) or _NUMBERED_LINE.match(lines[run[0]])):
            continue
        rows = [Row([Cell(f.text) for f in parts[k]] + [Cell("")] * (len(parts[k]) < 2), k + 1) for k in run]
        tables.append(Table(rows, "layout", span=(run[0], run[-1] + 1)))
    return tables



"""Layout text: cells apart by runs of spaces, as Tesseract and ``pdftotext -layout`` write tables.

A *fragment* is a run of text on a line between gaps of two or more spaces. Lines with fragments
apart by such gaps, and the lines between them, form a block; the block's columns are the runs of
display positions some fragment covers (Thai vowels and tone marks above or below a letter take no
position), so every fragment falls in one column and an empty cell keeps its place. Lines are then
grouped into rows: a cell too long for its column wraps onto the next lines at the same position
(the greedy wrap a word processor does: the line above had no room for the next word), and a
short cell may sit lower than the row's first line (vertically centred). A new row starts after a
blank line, where the numbering of a column goes on (``๕.``, ``1.2``), where a second line of
values comes (amounts, scores, a row number), and where text lands in a column that did not wrap.

Where the fragments do not line up in columns (cells apart by two to four spaces, empty cells left
out), each line is a row of its fragments. A line alone is a row only when its gap is wide or it
opens with a number (``๑๖. นางพรสวรรค์ วรอินทร์ จิรพัฒน์กุลจุ   นักวิเคราะห์นโยบายและแผน``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from extractors.tables.model import Cell, Row, Table

_SPACE = " \u00a0"
# A gap between cells: two or more spaces inside the line.
_INNER_GAP = regex.compile(r"\S[ \u00a0]{2,}\S")
_WIDE_GAP = regex.compile(r"\S[ \u00a0]{3,}\S")
# A cell that is one value: an amount, a count or score, a dash for no budget, a page range ("5 - 9");
# not a numbering ("3." heads a dimension cell).
VALUE = regex.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?:\.-)?|[0-9]+(?:\.[0-9]+)?|[-–—]+"
                      r"|[0-9]{1,3}\s?[-–]\s?[0-9]{1,3})$")
# Numbering at the head of a cell: "๕.", "12)", "(3)", "1.2", "2.1.3", a bare "7".
_NUMBERING = regex.compile(r"^\(?([0-9]{1,3}(?:\.[0-9]{1,2}){0,2})(?:[.)]|(?=\s|$))")
# A line alone opening with a number: "16. นางพรสวรรค์ …", "3 การจัดซื้อ …".
_NUMBERED_LINE = regex.compile(r"^\s*[0-9]{1,3}[.)]?\s")
# Blank lines a table goes on across (a gap between rows); more is a page break.
MAX_BLANKS = 2
# Lines of fragments a block needs to be read as columns.
MIN_ROWS = 2


@dataclass(slots=True)
class Fragment:
    start: int  # display column of the first letter
    end: int  # display column after the last letter
    text: str


def width(text: str) -> int:
    """Display width: Thai (and other) marks above or below a letter take no column.

    >>> width("ที่เกี่ยวข้อง")
    8
    """
    return sum(1 for ch in text if ch.isascii() or unicodedata.category(ch) not in ("Mn", "Me"))


def fragments(line: str) -> list[Fragment]:
    """The line's runs of text apart by two or more spaces, with their display columns."""
    out: list[Fragment] = []
    column = 0
    start = None
    spaces = 0
    chars: list[str] = []
    for ch in line:
        if ch in _SPACE:
            spaces += 1
            column += 1
            continue
        if start is not None and spaces >= 2:
            out.append(Fragment(start, column - spaces, "".join(chars).rstrip()))
            start, chars = None, []
        if start is None:
            start = column
        elif spaces:
            chars.append(" ")
        spaces = 0
        chars.append(ch)
        column += 0 if not ch.isascii() and unicodedata.category(ch) in ("Mn", "Me") else 1
    if start is not None:
        out.append(Fragment(start, column - spaces, "".join(chars)))
    return out


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
    return line[:1] in _SPACE and bool(line.strip())


def _gapped_ahead(lines: Sequence[str], j: int, end: int) -> bool:
    """A line at the margin inside a block: the next text line is gapped."""
    for k in range(j + 1, min(end, j + MAX_BLANKS + 2)):
        if lines[k].strip():
            return _gapped(lines[k])
    return False


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
            len({_column_of(f, columns) for f in parts[k]}) != len(parts[k]) for k in gapped):
        return None
    return columns


def _read_lines(lines: Sequence[str], parts: dict[int, list[Fragment]], keys: list[int]) -> list[Table]:
    columns = _columns_of(parts, keys)
    if columns is None:
        return _line_tables(lines, parts, [k for k in keys if len(parts[k]) >= 2])
    # The table ends before a line of one fragment that crosses a column (text after it).
    end = next((k for k in keys if len(parts[k]) < 2 and not _fits(parts[k][0], columns)), None)
    kept = {k: parts[k] for k in keys if end is None or k < end}
    return [_aligned_table(kept, columns, min(kept), max(kept) + 1)] if kept else []


def _columns(frags: list[Fragment]) -> list[tuple[int, int]]:
    """Runs of display columns covered by some fragment, left to right."""
    out: list[list[int]] = []
    for a, b in sorted((f.start, f.end) for f in frags):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _column_of(fragment: Fragment, columns: list[tuple[int, int]]) -> int:
    """The column a fragment starts in (the last one starting at or before it)."""
    return max((c for c, (a, _) in enumerate(columns) if a <= fragment.start), default=0)


def _fits(fragment: Fragment, columns: list[tuple[int, int]]) -> bool:
    """A lone fragment inside one column: it starts in it and ends before the next one starts."""
    c = _column_of(fragment, columns)
    a, b = columns[c]
    return fragment.start < max(b, a + 1) and (c + 1 == len(columns) or fragment.end < columns[c + 1][0])


def _line_tables(lines: Sequence[str], parts: dict[int, list[Fragment]], gapped: list[int]) -> list[Table]:
    """Each run of gapped lines a table whose rows are their fragments (the columns do not line
    up); a lone line only when its gap is wide or it opens with a number."""
    tables = []
    runs: list[list[int]] = []
    for k in gapped:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    for run in runs:
        if len(run) == 1 and not (_WIDE_GAP.search(lines[run[0]]) or _NUMBERED_LINE.match(lines[run[0]])):
            continue
        rows = [Row([Cell(f.text) for f in parts[k]], k + 1) for k in run]
        tables.append(Table(rows, "layout", span=(run[0], run[-1] + 1)))
    return tables


def _aligned_table(parts: dict[int, list[Fragment]], columns: list[tuple[int, int]], first: int,
                   last: int) -> Table:
    n = len(columns)
    cells_of = {k: {_column_of(f, columns): f for f in parts[k]} for k in parts}
    widths = [0] * n
    for line in cells_of.values():
        for c, f in line.items():
            widths[c] = max(widths[c], f.end - columns[c][0])
    key = _key_columns(cells_of, n)
    rows: list[tuple[int, dict[int, list[Fragment]]]] = []  # (first line, column -> its fragments)
    state = _RowState()
    previous = None
    for k in range(first, last):
        line_cells = cells_of.get(k)
        if line_cells is None:
            continue
        blank_before = previous is not None and k > previous + 1
        if not rows or blank_before or state.starts_row(line_cells, k, key, widths):
            rows.append((k, {}))
            state = _RowState()
        state.add(line_cells, k, key)
        for c, f in line_cells.items():
            rows[-1][1].setdefault(c, []).append(f)
        previous = k
    table_rows = [Row([Cell(_join(cells.get(c, []), widths[c])) for c in range(n)], k + 1) for k, cells in rows]
    return Table(table_rows, "layout", span=(first, last))


def _key_columns(cells_of: dict[int, dict[int, Fragment]], n: int) -> set[int]:
    """Columns whose cells are numbered in order down the table (a ลำดับ column, project numbers,
    mission codes): at least two numbers, mostly going up."""
    key = set()
    for c in range(n):
        numbers = [x for line in cells_of.values() if (f := line.get(c)) and (x := _number(f.text)) is not None]
        ups = sum(1 for a, b in zip(numbers, numbers[1:]) if b > a)
        if len(numbers) >= 2 and ups >= 0.7 * (len(numbers) - 1):
            key.add(c)
    return key


def _number(text: str) -> tuple[int, ...] | None:
    match = _NUMBERING.match(text)
    return tuple(int(p) for p in match.group(1).split(".")) if match else None


class _RowState:
    """What the row being read holds so far."""

    def __init__(self) -> None:
        self.last_line: dict[int, int] = {}  # column -> the last line with text in it
        self.last_text: dict[int, str] = {}
        self.numbered: set[int] = set()  # key columns whose number the row has
        self.has_values = False

    def add(self, line_cells: dict[int, Fragment], k: int, key: set[int]) -> None:
        for c, f in line_cells.items():
            self.last_line[c], self.last_text[c] = k, f.text
            if c in key and _number(f.text) is not None:
                self.numbered.add(c)
            self.has_values = self.has_values or VALUE.match(f.text) is not None

    def starts_row(self, line_cells: dict[int, Fragment], k: int, key: set[int], widths: list[int]) -> bool:
        """Whether the line opens a new row rather than going on with this one."""
        for c, f in line_cells.items():
            if self._wrapped(c, f.text, k, widths[c], key):
                continue
            if c in self.last_line:
                return True  # text under a cell that had room for it
            if self.has_values and VALUE.match(f.text):
                return True  # a second line of values
            if c in key and c in self.numbered and _number(f.text) is not None:
                return True  # the numbering goes on
        return False

    def _wrapped(self, c: int, text: str, k: int, column_width: int, key: set[int]) -> bool:
        """``text`` goes on with the cell of column ``c`` on the line above: that line had no room
        for its first word (a greedy wrap), or holds its parent's code ("2.3" over "2.3.1")."""
        if self.last_line.get(c) != k - 1:
            return False
        above = self.last_text[c]
        if VALUE.match(text) and (VALUE.match(above) or c in key):
            return False  # values do not wrap; a row number is a cell of its own
        parent, number = _number(above), _number(text)
        if parent is not None and number is not None and len(number) > len(parent) == len(above.split()[0]) \
                and number[:len(parent)] == parent:
            return True
        return _wraps(above, text, column_width)


def _wraps(above: str, below: str, column_width: int) -> bool:
    """``below`` continues ``above`` in a column this wide: the line above had no room for its
    first word (a greedy wrap), or ``below`` is a piece of a word too long for the column.

    >>> _wraps("2.2", "มาตรการส่งเสริมคุณธรรม", 20), _wraps("คำนำ", "สารบัญ", 20)
    (True, False)
    """
    first = below.split(" ", 1)[0]
    return width(above) + 1 + width(first) > column_width or first == below and width(below) >= column_width - 2


def _join(parts: list[Fragment], column_width: int) -> str:
    """A cell's lines as one text; a word cut at the column edge (a full line without a space)
    joins the next line without a space."""
    text = parts[0].text if parts else ""
    for above, below in zip(parts, parts[1:]):
        cut = " " not in above.text and width(above.text) >= column_width - 2
        text += below.text if cut else " " + below.text
    return text

"""The rows of a layout table whose columns are known: which lines of text make one row.

A cell too long for its column wraps onto the next lines at the same position (the greedy wrap a
word processor does: the line above had no room for the next word), and a short cell may sit lower
than the row's first line (vertically centred). A new row starts after a blank line, where the
numbering of a column goes on (``๕.``, ``1.2``), where a second line of values comes (amounts,
scores, a row number), and where text lands in a column that did not wrap; a row without its number
whose cells run on into the numbered row under it joins that row (cells centred in a tall row).
"""

from __future__ import annotations

import regex

from extractors.tables.model import Cell, Row, Table
from extractors.tables.positions import VALUE, Fragment, width

# A value that is a number (not a dash, which may open a bullet whose text wrapped below it).
_AMOUNT = regex.compile(r"^[0-9][0-9,.\s-]*$")
# Numbering at the head of a cell: "๕.", "12)", "(3)", "1.2", "2.1.3", a bare "7".
_NUMBERING = regex.compile(r"^\(?([0-9]{1,3}(?:\.[0-9]{1,2}){0,2})(?:[.)]|(?=\s|$))")
# A Thai letter, vowel or mark (not a Thai digit: digits are Arabic by now).
_THAI = regex.compile(r"[\u0e01-\u0e4e]")


def column_of(fragment: Fragment, columns: list[tuple[int, int]]) -> int:
    """The column a fragment starts in (the last one starting at or before it)."""
    return max((c for c, (a, _) in enumerate(columns) if a <= fragment.start), default=0)


def aligned_table(parts: dict[int, list[Fragment]], columns: list[tuple[int, int]], first: int,
                  last: int, widths_known: bool = True) -> Table:
    """The table of these lines, each fragment in the column it starts in. Without known column
    widths (cells that drift along the line) no line tells by its length that it ends a cell:
    text under text goes on with its cell, and rows start where numbers and values say."""
    n = len(columns)
    cells_of = {k: {column_of(f, columns): f for f in parts[k]} for k in parts}
    widths = [0] * n
    for line in cells_of.values():
        for c, f in line.items():
            widths[c] = max(widths[c], f.end - columns[c][0]) if widths_known else 0
    key = _key_columns(cells_of, n)
    values_first = not widths_known and any(VALUE.match(f.text) for line in cells_of.values() for f in line.values())
    rows: list[tuple[int, dict[int, list[tuple[int, Fragment]]]]] = []  # (first line, column -> (line, fragment))
    state = _RowState(values_first)
    previous = None
    for k in range(first, last):
        line_cells = cells_of.get(k)
        if line_cells is None:
            continue
        blank_before = previous is not None and k > previous + 1
        if not rows or blank_before or state.starts_row(line_cells, k, key, widths):
            rows.append((k, {}))
            state = _RowState(values_first)
        state.add(line_cells, k, key)
        for c, f in line_cells.items():
            rows[-1][1].setdefault(c, []).append((k, f))
        previous = k
    rows = _centred(rows, key, cells_of, widths)
    table_rows = [Row([Cell(_join([f for _, f in cells.get(c, [])], widths[c])) for c in range(n)], k + 1)
                  for k, cells in rows]
    return Table(table_rows, "layout", span=(first, last))


def _centred(rows: list[tuple[int, dict[int, list[tuple[int, Fragment]]]]], key: set[int],
             cells_of: dict[int, dict[int, Fragment]], widths: list[int]
             ) -> list[tuple[int, dict[int, list[tuple[int, Fragment]]]]]:
    """Rows whose cells sit at the middle of their height print their long cells' first lines
    above their number: a row without a number goes into the numbered row right under it when
    each of its cells runs on into that row's cell in the same column (the line had no room for
    the next word, and that is a word, not a value or a number; a number does not run on, a
    bullet's dash does) and none stops short."""
    if not key:
        return rows
    numbering = max(key, key=lambda c: sum(1 for line in cells_of.values() if c in line and _number(line[c].text)))

    def numbered(row: dict[int, list[tuple[int, Fragment]]]) -> bool:
        return any(_number(f.text) for _, f in row.get(numbering, []))

    out: list[tuple[int, dict[int, list[tuple[int, Fragment]]]]] = []
    for first, cells in reversed(rows):
        if out and not numbered(cells) and numbered(out[-1][1]) and _runs_on(cells, out[-1][1], widths):
            below = out.pop()[1]
            cells = {c: cells.get(c, []) + below.get(c, []) for c in sorted({*cells, *below})}
        out.append((first, cells))
    return out[::-1]


def _runs_on(upper: dict[int, list[tuple[int, Fragment]]], lower: dict[int, list[tuple[int, Fragment]]],
             widths: list[int]) -> bool:
    last = max(k for cell in upper.values() for k, _ in cell)
    if min(k for cell in lower.values() for k, _ in cell) != last + 1:
        return False
    shared = [c for c in upper if c in lower]
    return bool(shared) and all(
        upper[c][-1][0] + 1 == lower[c][0][0] and not _AMOUNT.match(upper[c][-1][1].text)
        and not VALUE.match(lower[c][0][1].text) and _number(lower[c][0][1].text) is None
        and _wraps(upper[c][-1][1].text, lower[c][0][1].text, widths[c]) for c in shared)


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

    def __init__(self, values_first: bool = False) -> None:
        # Rows open with their values (a table of values whose column widths are unknown): a number
        # goes on a list inside a cell ("9. มาตรการ…" under "8. โครงการ…") unless values stand beside it.
        self.values_first = values_first
        self.last_line: dict[int, int] = {}  # column -> the last line with text in it
        self.last_text: dict[int, str] = {}
        self.numbered: dict[int, tuple[int, ...]] = {}  # key column -> the row's number in it
        self.has_values = False
        self.labels_only = True  # no number nor value yet: the row may be the header's

    def add(self, line_cells: dict[int, Fragment], k: int, key: set[int]) -> None:
        for c, f in line_cells.items():
            self.last_line[c], self.last_text[c] = k, f.text
            if c in key and c not in self.numbered and (number := _number(f.text)) is not None:
                self.numbered[c] = number
            # A number in a numbered column (a row number, a mission code "1.2") is no value.
            self.has_values = self.has_values or VALUE.match(f.text) is not None and c not in self.numbered
            self.labels_only = self.labels_only and _number(f.text) is None and VALUE.match(f.text) is None

    def starts_row(self, line_cells: dict[int, Fragment], k: int, key: set[int], widths: list[int]) -> bool:
        """Whether the line opens a new row rather than going on with this one."""
        for c, f in line_cells.items():
            number, own = _number(f.text), self.numbered.get(c)
            if own is not None and number is not None and number > own and number[:len(own)] != own \
                    and len(line_cells) > 1 and (not self.values_first or any(
                        VALUE.match(g.text) for d, g in line_cells.items() if d != c)):
                return True  # the numbering goes on beside other cells, even under a cell as wide as its column
        if self.labels_only and sum(1 for f in line_cells.values() if VALUE.match(f.text)) >= 2:
            return True  # the first values under a header's labels
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
    """A cell's lines as one text; a Thai word cut at the column edge (a full line without a
    space, Thai letters on both sides of the cut) joins the next line without a space. A number
    never goes on a word ("…ความโปร่งใส" / "11. มาตรการ…" is the next item of a list)."""
    text = parts[0].text if parts else ""
    for above, below in zip(parts, parts[1:]):
        cut = " " not in above.text and width(above.text) >= column_width - 2 \
            and _THAI.match(above.text[-1]) is not None and _THAI.match(below.text[0]) is not None
        text += below.text if cut else " " + below.text
    return text

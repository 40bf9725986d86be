"""A table flattened to one cell per line, as a table copied from a web page pastes: no cell
delimiter, empty cells gone, a header cell broken where the page broke it (``ปี 2561`` /
``งบประมาณ`` / ``(บาท)``), a list cell printed one item per line.

A table is found from its header: ``MIN_HEADER`` or more short label lines (no value, no numbering)
right above its first row, which opens with a number or a value. Rows are recovered from what their
cells hold:

- a table whose first row opens with a bare number (a ลำดับ column: ``1`` / ``โครงการ…`` / ``1`` /
  ``✓`` / ``0.00`` …) starts a row where the numbering goes on;
- a table whose rows are numbered cells and print no values starts a row at the next number;
- any other table ends a row after its values: ``1.1 การเสริมสร้าง…`` / ``1. โครงการ…`` /
  ``10,000`` × 5 / ``1.2 …``; a mission code opens a row unless it is a child of the row's last
  code (``2.1`` / ``2.1.1`` share one, ``3.2.1`` / ``3.2.2`` do not). A short line right after
  the values (a responsible unit, ``สป.``) stays in the row when most rows print one; a run of
  values longer than a row's (the amounts of two rows under one cell of projects) is cut into runs
  of the table's usual length, the first taking the surplus (a หมายเหตุ value);
- the items of a numbered list cell printed one per line (``1. โครงการ…`` / ``2. โครงการ…``) join
  into one cell (bullet items do not: two cells of bullets in a row read the same); a heading and
  its child heading on one line (``1.1 … 1.1.1 …``) part into two cells.

Where a page break cuts a table, it goes on after the page's running title without its header
when its numbering goes on (``10`` after row 9) or, for a table of values, when rows with values
follow. Numbered lines counting up, each followed by one to three short lines and some by two or
more (a committee: ``1. นาง…`` / position / role), are a table without a header.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from extractors.tables.model import Cell, Row, Table
from extractors.tables.positions import VALUE, width

# Header lines a table needs, and how wide a label is (a header printed on one line, its cells
# apart by single spaces, may be wider when it names several years).
MIN_HEADER = 3
MAX_LABEL = 60
MAX_HEADER_LINE = 120
# Rows a table needs (a header over one row is read when that row holds values, or opens with its
# ลำดับ number and has a cell per header line at least).
MIN_ROWS = 2
# A ลำดับ cell: "1", "12."
SEQ = regex.compile(r"^([0-9]{1,3})\.?$")
# A mission code alone, "2.1", "2.1.3", not an amount "2.50".
CODE = regex.compile(r"^[1-9]\.[0-9](?:\.[0-9]{1,2})?$")
# A tick in a status column.
TICK = regex.compile(r"^[✓✔√☑✗]$")
# A numbered cell: "1. โครงการ…", "1.โครงการ…", "๑) โครงการ…", "(2) กิจกรรม…", a code "1.1 การ…",
# "1.1.1 สร้าง…", "1.1 1.1.1"; not a count "18 โครงการ".
NUMBERED = regex.compile(r"^\(?(?P<no>[0-9]{1,3}(?:\.[0-9]{1,2}){1,2}(?=[\s.)])|[0-9]{1,3}(?=[.)]))[.)]?\s*(?=\S)")
# A bullet item of a list cell: "- หน่วยงาน…", "• กองคลัง".
BULLET = regex.compile(r"^[-–•]\s?\S")
# A Buddhist-era year alone, which a header may print under ปี.
YEAR = regex.compile(r"^25[0-9]{2}$")
YEAR_ANYWHERE = regex.compile(r"(?<![0-9])25[0-9]{2}(?![0-9])")
# A headerless table of numbered rows: one to MAX_BELOW short lines under each number, at least
# MIN_KEYED rows.
MAX_BELOW = 3
SHORT = 40
MIN_KEYED = 3
# Non-blank lines of running title or page number between two pages of one table.
MAX_FURNITURE = 3
# A unit printed after a row's values.
MAX_TRAILING = 20
# Lines under the header before the first row: the end of a row the page cut.
MAX_LEAD = 2


# What a value, a number or a bullet may open with.
_NOT_TEXT = frozenset("0123456789(-–—•✓✔√☑✗")
# What follows a row's number: its text (a bare number after a number is a value).
_TEXT = ("text", "numbered", "bullet")


@dataclass(slots=True)
class _Line:
    index: int
    text: str
    kind: str  # value, seq, numbered, bullet, text
    number: tuple[int, ...] | None = None


def _classify(index: int, text: str) -> _Line:
    stripped = text.strip()
    if stripped[:1] not in _NOT_TEXT:  # most lines open with a letter
        return _Line(index, stripped, "text")
    seq = SEQ.match(stripped)
    if seq:
        return _Line(index, stripped, "seq", (int(seq.group(1)),))
    if CODE.match(stripped):
        return _Line(index, stripped, "numbered", tuple(int(p) for p in stripped.split(".")))
    if VALUE.match(stripped) or TICK.match(stripped):
        return _Line(index, stripped, "value")
    numbered = NUMBERED.match(stripped)
    if numbered:
        return _Line(index, stripped, "numbered", tuple(int(p) for p in numbered.group("no").split(".")))
    if BULLET.match(stripped):
        return _Line(index, stripped, "bullet")
    return _Line(index, stripped, "text")


def _free(line: str) -> bool:
    """A line of text no other reader took (they run first): not blank, no TAB, no form feed."""
    return bool(line.strip()) and "\t" not in line and "\f" not in line


def _within(text: str, limit: int) -> bool:
    """``width(text) <= limit``, without measuring most lines: a line is no wider than it is long,
    and at least a third as wide (Thai marks take no column)."""
    return len(text) <= limit or len(text) <= 3 * limit and width(text) <= limit


def _is_label(line: _Line, first: bool) -> bool:
    if line.kind == "text":
        return _within(line.text, MAX_LABEL) or len(YEAR_ANYWHERE.findall(line.text)) >= 2 \
            and _within(line.text, MAX_HEADER_LINE)
    return not first and line.kind == "value" and YEAR.match(line.text) is not None


def find(lines: Sequence[str], start: int, end: int) -> list[Table]:
    tables: list[Table] = []
    i = start
    while i < end:
        found = None
        if _free(lines[i]):
            opens_run = i == 0 or not _free(lines[i - 1])
            if opens_run and _may_head(lines, i, end):
                found = _with_header(lines, i, end)
            if not found and i + 1 < end and _free(lines[i + 1]) and lines[i].lstrip()[:1] in _NOT_TEXT \
                    and NUMBERED.match(lines[i].strip()):
                found = _keyed(lines, i, end)
        if not found:
            i += 1
            continue
        tables.extend(found)
        i = found[-1].span[1]
    return tables


def _may_head(lines: Sequence[str], i: int, end: int) -> bool:
    """A cheap look before reading a header: ``MIN_HEADER`` lines, none too long to be a label."""
    return i + MIN_HEADER < end and all(_free(lines[k]) and len(lines[k]) <= 3 * MAX_HEADER_LINE
                                        for k in range(i, i + MIN_HEADER))


def _run(lines: Sequence[str], i: int, end: int) -> list[_Line]:
    """The free lines from ``i`` to the next blank or other line."""
    out = []
    while i < end and _free(lines[i]):
        out.append(_classify(i, lines[i]))
        i += 1
    return out


def _with_header(lines: Sequence[str], i: int, end: int) -> list[Table] | None:
    """The table whose header starts at ``i`` and the tables that go on after its page breaks."""
    h = i
    while h < end and _free(lines[h]) and len(lines[h]) <= 3 * MAX_HEADER_LINE \
            and _is_label(_classify(h, lines[h]), h == i):
        h += 1
    if h - i < MIN_HEADER:
        return None
    # The first row opens with a number or a value, maybe under the end of a row the page cut.
    first = next((k for k in range(h, min(end, h + MAX_LEAD + 1)) if not _free(lines[k])
                  or _classify(k, lines[k]).kind in ("seq", "numbered", "value")), None)
    if first is None or not _free(lines[first]):
        return None
    run = _run(lines, i, end)
    h, first = h - i, first - i
    header, body = _unbroken(run[:h]), run[h:]
    key = _key(run[first:])
    rows = _rows(body, key)
    if len(rows) < MIN_ROWS and not (key == "seq" and len(rows[-1]) >= MIN_HEADER) \
            and not any(line.kind == "value" for row in rows for line in row):
        return None
    # Two header rows in one: a label printed again further on, past other labels, heads its later
    # cell; the first is the spanning one over it ("Risk Score (LxI)" over "Likelihood (L)" …
    # "Risk Score (LxI)"). Labels repeated side by side head columns of their own ("งบประมาณ (บาท)").
    header = [line for k, line in enumerate(header)
              if next((j for j in range(k + 1, len(header)) if header[j].text == line.text), k + 1) == k + 1]
    tables = [_table(rows, (i, body[-1].index + 1), key, len(header))]
    tables[0].rows.insert(0, Row([Cell(line.text) for line in header], header[0].index + 1))
    while (more := _goes_on(lines, tables[-1].span[1], end, key, rows, len(header))) is not None:
        tables.append(more[0])
        rows = more[1]
    return tables


def _unbroken(header: list[_Line]) -> list[_Line]:
    """Header lines with a parenthesis that the page broke off its cell joined back ("งบประมาณ" /
    "(บาท)"): a unit in brackets never heads a column."""
    out: list[_Line] = []
    for line in header:
        if out and line.text.startswith("("):
            out[-1] = _Line(out[-1].index, f"{out[-1].text} {line.text}", out[-1].kind)
        else:
            out.append(line)
    return out


def _key(body: list[_Line]) -> str | None:
    """How the table's rows open: ``seq`` (a ลำดับ cell), ``numbered`` (a numbered cell, in a table
    without values), or None (rows end after their values)."""
    first = body[0]
    if first.kind == "seq" and len(body) > 1 and body[1].kind in _TEXT:
        return "seq"
    if first.kind == "numbered" and len(first.number) == 1 and not any(line.kind == "value" for line in body):
        return "numbered"
    return None


def _starts_row(line: _Line, row: list[_Line], after: _Line | None, key: str | None) -> bool:
    """Whether ``line`` opens a new row after ``row``; under a row that does not open with the key
    (the end of a row the page cut), the first key does."""
    opening = row[0]
    if key == "seq":
        return line.kind == "seq" and after is not None and after.kind in _TEXT and (
            opening.kind != "seq" or len(row) >= 2 and line.number[0] == opening.number[0] + 1)
    if key == "numbered":
        return line.kind == "numbered" and len(line.number) == 1 and (
            opening.kind != "numbered" or line.number[0] == opening.number[0] + 1)
    if line.kind == "numbered" and len(line.number) >= 2:
        # A mission code goes on its parent's row ("2.1" under "2. การบริหาร…", "2.1.1" under "2.1");
        # any other opens a row (codes alone on their rows: "3.2.1" / "3.2.2").
        numbers = [earlier.number for earlier in row if earlier.kind == "numbered"]
        if numbers and (line.number[:len(numbers[-1])] != numbers[-1] or len(numbers[-1]) >= len(line.number)):
            return True
    return line.kind != "value" and row[-1].kind == "value"


def _rows(body: list[_Line], key: str | None) -> list[list[_Line]]:
    rows: list[list[_Line]] = []
    for n, line in enumerate(body):
        after = body[n + 1] if n + 1 < len(body) else None
        if not rows or _starts_row(line, rows[-1], after, key):
            rows.append([line])
        else:
            rows[-1].append(line)
    if key is None:
        rows = _keep_units(rows)
        rows = [piece for row in rows for piece in _cut_values(row, _usual_run(rows))]
    return rows


def _value_run(row: list[_Line]) -> int:
    """How many values close the row (before a unit printed after them)."""
    end = len(row) - (row[-1].kind != "value" and len(row) > 1 and row[-2].kind == "value")
    k = end
    while k > 0 and row[k - 1].kind == "value":
        k -= 1
    return end - k


def _keep_units(rows: list[list[_Line]]) -> list[list[_Line]]:
    """A short line opening a row right after a numbered row of values goes back to that row when
    most rows of values have one (``สป.`` before ``24.โครงการ…``): the table has a column after its
    values. A total's row (``รวม`` / ``7 โครงการ`` / values) is numbered by nothing and has none."""
    candidates = [r for r in range(1, len(rows)) if rows[r - 1][-1].kind == "value" and rows[r][0].kind == "text"
                  and _within(rows[r][0].text, MAX_TRAILING) and len(rows[r]) > 1
                  and any(line.kind == "numbered" for line in rows[r - 1])]  # a total row has no unit
    # Counted where a numbered row follows ("สป." / "24.โครงการ…"), not a total's label and count.
    evident = [r for r in candidates if rows[r][1].kind == "numbered"]
    with_values = sum(1 for row in rows if row[-1].kind == "value")
    if not evident or 2 * len(evident) < with_values:
        return rows
    for r in reversed(candidates):
        rows[r - 1].append(rows[r].pop(0))
    return [row for row in rows if row]


def _usual_run(rows: list[list[_Line]]) -> int:
    runs = Counter(run for row in rows if (run := _value_run(row)) >= 2)
    return runs.most_common(1)[0][0] if runs else 0


def _cut_values(row: list[_Line], usual: int) -> list[list[_Line]]:
    """A row whose run of values is two rows' or more: the surplus stays with the first."""
    run = _value_run(row)
    if not usual or run < 2 * usual:
        return [row]
    unit = row[len(row) - 1:] if row[-1].kind != "value" else []
    values_at = len(row) - len(unit) - run
    count = run // usual
    first = run - (count - 1) * usual
    pieces = [row[:values_at + first]]
    for k in range(count - 1):
        start = values_at + first + k * usual
        pieces.append(row[start:start + usual])
    pieces[-1] = pieces[-1] + unit
    return pieces


def _cells(row: list[_Line]) -> list[str]:
    """The row's cells: the items of a numbered list printed one per line join into one cell; a
    heading and its child's on one line part ("1.1 การสร้างจิตสำนึก… 1.1.1 สร้างจิตสำนึก…")."""
    cells: list[str] = []
    previous = None
    for line in row:
        joins = previous is not None and line.kind == previous.kind == "numbered" \
            and len(line.number) == len(previous.number) == 1 and line.number[0] == previous.number[0] + 1
        if joins:
            cells[-1] += " " + line.text
        elif line.kind == "numbered" and len(line.number) >= 2:
            cells.extend(_child_headings(line))
        else:
            cells.append(line.text)
        previous = line
    return cells if len(cells) > 1 else [*cells, ""]


def _child_headings(line: _Line) -> list[str]:
    code = ".".join(map(str, line.number))
    child = regex.search(rf"(?<=\S\s+){regex.escape(code)}\.[0-9]{{1,2}}\s+(?=\S)", line.text)
    if child is None:
        return [line.text]
    return [line.text[:child.start()].strip(), line.text[child.start():].strip()]


def _table(rows: list[list[_Line]], span: tuple[int, int], key: str | None = None, columns: int = 0) -> Table:
    """The rows as a table. In a table of numbered rows, a row that does not open with its number
    is the end of a row the page cut: its cells are the last of the ``columns`` (the long cells
    run over the page; the number and name stand at the row's top), the others empty."""
    out = []
    for row in rows:
        cells = _cells(row)
        if key and row[0].kind != key:
            cells = [c for c in cells if c]
            cells = [""] * max(1, columns - len(cells)) + cells
        out.append(Row([Cell(c) for c in cells], row[0].index + 1))
    return Table(out, "flattened", span=span)


def _goes_on(lines: Sequence[str], after: int, end: int, key: str | None, rows: list[list[_Line]], columns: int
             ) -> tuple[Table, list[list[_Line]]] | None:
    """The same table after a page break: past blank lines and up to ``MAX_FURNITURE`` lines of
    running title, rows whose numbering goes on, or (a table of values) rows with values."""
    j = after
    furniture = 0
    while j < end and furniture <= MAX_FURNITURE:
        if not lines[j].strip():
            j += 1
            continue
        if not _free(lines[j]):
            return None
        body = _run(lines, j, end)
        if key == "seq":
            last = next((row[0].number[0] for row in reversed(rows) if row[0].kind == "seq"), None)
            if body[0].kind == "seq" and last is not None and body[0].number[0] == last + 1 \
                    and len(body) > 1 and body[1].kind in _TEXT:
                more = _rows(body, key)
                return _table(more, (j, body[-1].index + 1), key, columns), more
        elif key is None and body[0].kind in ("numbered", "value"):
            more = _rows(body, key)
            if _value_run(more[0]):
                return _table(more, (j, body[-1].index + 1)), more
        furniture += 1
        j += 1
    return None


def _keyed(lines: Sequence[str], i: int, end: int) -> list[Table] | None:
    """A table without a header from ``i``: numbered lines counting up, each followed by one to
    ``MAX_BELOW`` short lines."""
    rows: list[list[_Line]] = []
    for k in range(i, end):
        if not _free(lines[k]):
            break
        line = _classify(k, lines[k])
        if not rows and (line.kind != "numbered" or len(line.number) != 1):
            return None
        if line.kind == "numbered" and len(line.number) == 1 and \
                (not rows or line.number[0] == rows[-1][0].number[0] + 1 and len(rows[-1]) > 1):
            rows.append([line])
        elif rows and line.kind == "text" and _within(line.text, SHORT) and len(rows[-1]) <= MAX_BELOW:
            rows[-1].append(line)
        else:
            break
    # A table has columns: some row prints two cells or more under its number (a numbered list
    # whose items go on for a line, "6. ระยะเวลาดำเนินการ" / "ปีงบประมาณ 2566", is no table).
    if len(rows) < MIN_KEYED or any(len(row) < 2 for row in rows) or not any(len(row) > 2 for row in rows):
        return None
    return [_table(rows, (i, rows[-1][-1].index + 1))]

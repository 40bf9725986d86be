"""Tables as the normaliser leaves them: one row line per row (``extractors.tables``).

Shared by the table structures (ITA measures, performance reports, risk assessments). Each
structure passes its own column patterns; this module only knows the layout damage they share:

- a header of one or two rows (``ลำดับ ที่ | ... | Risk Score (LxI)`` over
  ``| | | Likelihood (L) | Impact (I) | Risk Score (LxI)``), repeated at the top of each page;
- a row continued on the next page with an empty ลำดับ cell, joined to its row, unless the
  line is a heading or a total printed with its ลำดับ cell empty (``LABEL_CELL``);
- running titles or page furniture between two pages of one table, skipped when the numbering
  goes on right after them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import regex

from extractors.records import Record, Segment, check
from extractors.table_cells.header import (
    LABEL_CELL,
    LEADING_NUMBER,
    MAX_GAP_LINES,
    MAX_HEADER_CELL,
    NUMBER_CELL,
    SEQ_CELL,
    ColumnPatterns,
    map_header,
    read_header,
    unstack,
)
from extractors.table_cells.placement import place_cells
from extractors.tables import cells as row_cells
from extractors.tables import is_row
from extractors.thai.ocr_tolerance import look_alike_numbers


@dataclass
class TableRow:
    """One logical row: its first line and every continuation line joined to it."""

    seq: int | None
    line: int
    fragments: dict[str, list[str]] = field(default_factory=dict)
    raw: list[list[str]] = field(default_factory=list)  # cells of each line, as printed
    continued: set[str] = field(default_factory=set)  # fields that got text from a continuation line
    seq_inferred: bool = False  # number read from the text cell because the ลำดับ cell was empty
    placed: bool = False  # cells placed by what they hold: the row printed none of its empty cells
    seq_misread: int | None = None  # the number as printed, when OCR misread a digit of it

    def text(self, name: str, sep: str = " ") -> str | None:
        parts = self.fragments.get(name)
        return sep.join(parts) if parts else None

    def add(self, columns: Sequence[str | None], cells: Sequence[str], continuation: bool) -> None:
        self.raw.append(list(cells))
        for name, cell in zip(columns, cells):
            if name and name != "seq" and cell:
                self.fragments.setdefault(name, []).append(cell)
                if continuation:
                    self.continued.add(name)


@dataclass
class Table:
    start: int  # first header line
    end: int  # last line of the last row
    columns: list[str | None]
    header: list[str]
    rows: list[TableRow] = field(default_factory=list)
    # Lines inside the table that are not rows: totals, headings ("มิติที่ 2 ..."), running titles.
    other_lines: list[int] = field(default_factory=list)
    # The second header row was printed without its empty cells: where a row's cells stand says
    # nothing of their columns, so every row's cells are placed by what they hold.
    placed: bool = False
    # Fields whose header cell was read through OCR variants ("ผู้รัปผิดชอบ").
    repaired_columns: set[str] = field(default_factory=set)

    def score_repaired_columns(self, record: Record) -> None:
        """What ``record`` took from a column whose header OCR damaged is a repaired reading."""
        for name in sorted(self.repaired_columns & record.scores.keys()):
            record.repaired(name, "its column header")

    def repair_numbering(self) -> None:
        """Rows count 1, 2, 3...: a printed number that breaks the count (๘ for ๓: ๓ and ๘ look alike)
        is read as the one between its neighbours when a look-alike digit gives it (``seq_misread``
        keeps what was printed), so the rows of two tables about the same items still meet."""
        rows = [row for row in self.rows if row.seq is not None]
        for k, row in enumerate(rows):
            expected = rows[k - 1].seq + 1 if k else 1
            following = rows[k + 1].seq if k + 1 < len(rows) else None
            if row.seq != expected and expected in look_alike_numbers(row.seq) and (
                    following is None or following == expected + 1 or expected + 1 in look_alike_numbers(following)):
                row.seq_misread, row.seq = row.seq, expected


class TableReader:
    """Finds tables whose header maps to all ``required`` fields with ``patterns``.

    ``forbidden`` fields tell a look-alike table apart (a risk plan also has a มาตรการ column).
    ``kinds``: what a cell of a field holds (a tick, an amount), to place the cells of a row printed
    without its empty cells (``place_cells``); the ลำดับ column holds a row number.
    """

    def __init__(self, patterns: ColumnPatterns, required: Sequence[str], forbidden: Sequence[str] = (),
                 kinds: Mapping[str, regex.Pattern] | None = None):
        self.patterns = patterns
        self.required = set(required)
        self.forbidden = set(forbidden)
        self.kinds = {"seq": SEQ_CELL, **(kinds or {})}

    def header_fields(self, cells: Sequence[str]) -> list[str | None] | None:
        """Fields of a header line that has every required column and no forbidden one."""
        if len(cells) < 2 or any(NUMBER_CELL.match(c) for c in cells):
            return None  # a header names its columns; a line with a row number or an amount is a row
        fields = map_header(unstack(cells), self.patterns)
        names = set(fields)
        return fields if self.required <= names and not self.forbidden & names else None

    def _sub_header(self, top: list[str], cells: list[str] | None) -> list[str] | None:
        """The second header row, merged into the first; None when ``cells`` is not one.

        Printed without its leading empty cells (cells apart by spaces), the second row takes the
        place of the first row's cell that spans it: the one naming a field the second row names
        too ("Risk Score (LxI)" over "Likelihood (L) | Impact (I) | Risk Score (LxI)")."""
        if not cells or not any(cells):
            return None
        texts = [c for c in cells if c]
        if any(len(c) > MAX_HEADER_CELL or SEQ_CELL.match(c) for c in texts):
            return None
        if not any(self.patterns.first(c) for c in texts):
            return None
        if cells[0]:
            if not all(self.patterns.first(c) and not LEADING_NUMBER.match(c) for c in texts):
                return None  # a row: some cell names no column
            below = set(map_header(texts, self.patterns)) - {None}
            spanning = next((k for k, name in enumerate(map_header(top, self.patterns)) if name in below), None)
            return None if spanning is None else top[:spanning] + texts + top[spanning + 1:]
        width = max(len(top), len(cells))
        top = top + [""] * (width - len(top))
        cells = cells + [""] * (width - len(cells))
        return [sub or above for above, sub in zip(top, cells)]

    def _read_header(self, lines: list[str], i: int, columns: list[str | None] | None = None
                     ) -> tuple[list[str], list[str | None], int] | None:
        """Header cells, fields and the index after the header at line ``i``; None if no header.

        ``columns``: the fields of the table whose header is repeated here; a row continued right
        under the repeated header (``"\t(ต่อ) ของมาตรการ ข\tกองช่าง"``) is then no second header row.
        """
        cells = row_cells(lines[i])
        if cells is None:
            return None
        merged = self._sub_header(cells, row_cells(lines[i + 1])) if i + 1 < len(lines) else None
        if merged is not None:
            # With a second header row, the merged row is the header (its columns decide the table).
            fields = self.header_fields(merged)
            if columns is not None and fields != columns and self.header_fields(cells) == columns:
                return cells, columns, i + 1
            return (merged, fields, i + 2) if fields else None
        fields = self.header_fields(cells)
        return (cells, fields, i + 1) if fields else None

    def find(self, lines: list[str]) -> list[Table]:
        tables: list[Table] = []
        i = 0
        while i < len(lines):
            found = self._read_table(lines, i) if is_row(lines[i]) else None
            if found is None:
                i += 1
                continue
            table, i = found
            tables.append(table)
        return tables

    def read(self, lines: list[str], segments: Iterable[Segment]) -> list[Table]:
        """The tables ``find`` located as ``segments``, read again from their header lines without
        scanning the document; a segment that starts no table of this reader is left out."""
        return [found[0] for found in (self._read_table(lines, s.start) for s in segments) if found is not None]

    def _read_table(self, lines: list[str], i: int) -> tuple[Table, int] | None:
        """The table whose header is at line ``i`` and the index after it; None if no header there."""
        header = self._read_header(lines, i)
        if header is None:
            return None
        cells, fields, after = header
        below = row_cells(lines[i + 1]) if after == i + 2 else None
        table = Table(start=i, end=after - 1, columns=fields, header=cells, placed=bool(below and below[0]),
                      repaired_columns={name for name, repaired in read_header(cells, self.patterns)
                                        if name and repaired})
        end = self._read_rows(lines, after, table)
        table.repair_numbering()
        return table, end

    def _row_seq(self, table: Table, cells: list[str]) -> tuple[int | None, bool, bool]:
        """(seq, starts a new row, seq inferred) for a table line."""
        has_seq_column = table.columns[0] == "seq"
        first = cells[0] if cells else ""
        if has_seq_column:
            match = SEQ_CELL.match(first)
            if match:
                return int(match.group(1)), True, False
            if first:
                return None, False, False
            # ลำดับ cell empty: a new row only if the text cell starts with the next number.
            text = next((c for c in cells[1:] if c), "")
            number = LEADING_NUMBER.match(text)
            expected = (table.rows[-1].seq or 0) + 1 if table.rows else 1
            if number and int(number.group(1)) == expected:
                return expected, True, True
            return None, False, False
        if not first:
            return None, False, False
        number = LEADING_NUMBER.match(first) or SEQ_CELL.match(first)
        return (int(number.group(1)) if number else None), True, number is None

    @staticmethod
    def _is_section_row(table: Table, cells: list[str]) -> bool:
        """A narrow row without a number: a heading inside the table, or something else after it."""
        if not cells[0] or SEQ_CELL.match(cells[0]) or LEADING_NUMBER.match(cells[0]):
            return False
        return len([c for c in cells if c]) * 2 < len(table.columns)

    def _resumes_after_gap(self, lines: list[str], j: int, table: Table) -> int | None:
        """Index where the table goes on after page furniture at ``j``, or None if it has ended."""
        expected = (table.rows[-1].seq or 0) + 1 if table.rows else None
        text_lines = 0
        for k in range(j, min(len(lines), j + 4 * MAX_GAP_LINES)):
            line = lines[k]
            if not line.strip():
                continue
            cells = row_cells(line)
            if cells is None or self._is_section_row(table, cells):
                text_lines += 1
                if text_lines > MAX_GAP_LINES:
                    return None
                continue
            header = self._read_header(lines, k, table.columns)
            if header is not None:
                return k if header[1] == table.columns else None
            seq, new_row, _ = self._row_seq(table, cells)
            # A row printed without its empty cells is as wide as the rows above it.
            filled = len([c for c in cells if c])
            wide_enough = len(cells) >= len(table.columns) - 1 or (table.placed or all(cells)) and bool(table.rows) \
                and filled >= min(len([c for c in r.raw[0] if c]) for r in table.rows)
            continues = seq is not None and (expected is None or seq == expected or expected in look_alike_numbers(seq))
            return k if new_row and continues and wide_enough else None
        return None

    def _read_rows(self, lines: list[str], j: int, table: Table) -> int:
        while j < len(lines):
            line = lines[j]
            if not line.strip():
                j += 1
                continue
            cells = row_cells(line)
            if cells is None or self._is_section_row(table, cells):
                # Page furniture, or a heading row inside the table ("มิติที่ 2 ..."): the table
                # goes on only if its numbering does right after.
                resume = self._resumes_after_gap(lines, j, table)
                if resume is None:
                    break
                table.other_lines.extend(k for k in range(j, resume) if lines[k].strip())
                j = resume
                continue
            header = self._read_header(lines, j, table.columns)
            if header is not None:
                if header[1] != table.columns:
                    break  # another table starts
                j = header[2]  # the header repeated at the top of a page
                continue
            seq, new_row, inferred = self._row_seq(table, cells)
            if new_row:
                placed = table.placed or len(cells) < len(table.columns) and all(cells)
                row = TableRow(seq, j, seq_inferred=inferred, placed=placed)
                row.add(table.columns, place_cells(table.columns, [c for c in cells if c], self.kinds, self.required)
                        if placed else cells, continuation=False)
                table.rows.append(row)
            elif not cells[0] and table.rows and any(cells) and not _is_label_line(cells):
                table.rows[-1].add(table.columns, cells, continuation=True)
            else:
                table.other_lines.append(j)  # a wide row without a number, e.g. a total
            table.end = j
            j += 1
        return j


def empty_table_checks(kind: str, tables: Iterable[Table]) -> list[Record]:
    """A failed check (severity error) for each table whose header was found but under which no row
    could be read: a table that should be there is never a silent success."""
    return [check(f"{kind}_rows", f"line={t.start + 1}", False, "rows under the header", 0, line=t.start,
                  severity="error", message=f"a {kind.replace('_', ' ')} header with no row read below it: "
                                            f"{' | '.join(c for c in t.header if c)}")
            for t in tables if not t.rows]


def _is_label_line(cells: Sequence[str]) -> bool:
    """A heading or total line whose ลำดับ cell is empty: its first text cell is the label."""
    return LABEL_CELL.match(next((c for c in cells if c), "")) is not None

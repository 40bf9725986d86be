"""Where the budget table is: from a header with year columns to the grand total, across page
breaks; and the years of its columns."""

from __future__ import annotations

import regex

from extractors.budget_table.lines import is_header, line_cells, parse_line
from extractors.budget_table.patterns import (
    COLUMN_NAME,
    GRAND_TOTAL,
    TABLE_HEADER_WORD,
    TABLE_NAME,
    TOTAL_CELL,
    YEAR_CELL,
    YEAR_COLUMN,
)
from extractors.records import Segment
from extractors.tables import cells as row_cells
from extractors.tables import is_row
from extractors.thai.dates import BE_YEAR
from extractors.thai.ocr_tolerance import look_alike_numbers

SEGMENT_KIND = "budget_table"
SPECKS = regex.compile(r"[ |.]")
_LOOKAHEAD = 8  # lines scanned past page furniture (page numbers, running titles) inside a table
# Lines below a column name searched for the year columns that make it a budget table's.
_YEARS_REACH = 16


def _starts_table(lines: list[str], i: int) -> bool:
    """A header with year columns on this line or the next (the years may sit on the second line)."""
    if not is_header(lines[i]) or not TABLE_HEADER_WORD.search(lines[i]):
        return False
    header = lines[i:i + 2] if i + 1 < len(lines) and is_header(lines[i + 1]) else lines[i:i + 1]
    return len(header_years(header)) >= 2


def _is_grand_total(line: str) -> bool:
    cells = [c for c in line_cells(line) if c]
    return any(TOTAL_CELL.match(c) and GRAND_TOTAL.search(c) for c in cells[:3])


def locate(lines: list[str]) -> list[Segment]:
    """Budget tables: from a header with year columns to the grand total (or the table's last row).

    Blank lines (page breaks), repeated headers and page furniture between pages stay inside.
    """
    segments: list[Segment] = []
    i = 0
    while i < len(lines):
        if not _starts_table(lines, i):
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if not line.strip():
                j += 1
                continue
            if is_row(line):
                end = j
                if _is_grand_total(line):
                    break
                j += 1
                continue
            # A line without cells: page furniture when the table goes on below it.
            ahead = [k for k in range(j + 1, min(len(lines), j + _LOOKAHEAD)) if lines[k].strip()]
            below = lines[ahead[0]] if ahead else ""
            if is_row(below) and (is_header(below) or parse_line(below, ahead[0]).is_row):
                j = ahead[0]
                continue
            break
        years = header_years(lines[start:end + 1])
        label = f"ตารางงบประมาณ ปี {years[0]}-{years[-1]}" if years else "ตารางงบประมาณ"
        segments.append(Segment(SEGMENT_KIND, start, end, label))
        i = end + 1
    return segments


def named_table(lines: list[str]) -> int | None:
    """The line where the document names a budget table (``TABLE_NAME``, or ``COLUMN_NAME`` with two
    year columns below it, as cells or as lines of their own), whether or not one could be read."""
    for i, line in enumerate(lines):
        text = line.strip()
        if TABLE_NAME.search(text) and not is_row(line):
            return i
        if COLUMN_NAME.match(text) or any(COLUMN_NAME.match(c) for c in row_cells(line) or []):
            years = {m.group(1) for below in lines[i:i + _YEARS_REACH]
                     for c in row_cells(below) or [below.strip()] if (m := YEAR_COLUMN.match(c))}
            if len(years) >= 2:
                return i
    return None


def printed_years(lines: list[str]) -> list[int]:
    """Years of the year columns as the header lines print them (repeats and drift collapse),
    "ปี NNNN" that is no year included ("ปี 6568"). Without year cells, a range in the header
    ("งบประมาณ (พ.ศ. 2566-2570)") gives them."""
    headers = [line for line in lines if is_header(line)]
    years = {int(m.group(1) or SPECKS.sub("", m.group("misread"))) if not m.group(2) else 2500 + int(m.group(2))
             for line in headers for c in line_cells(line) if (m := YEAR_CELL.match(c))}
    if len(years) < 2:
        mentioned = [int(y) for line in headers for y in BE_YEAR.findall(line)]
        years = set(range(min(mentioned), max(mentioned) + 1)) if len(set(mentioned)) >= 2 else set()
    return sorted(years)


def header_years(lines: list[str]) -> list[int]:
    """The table's years: ``printed_years`` with the years OCR misread repaired."""
    return repaired_years(printed_years(lines))


def repaired_years(printed: list[int]) -> list[int]:
    """Year columns run on without a gap: the printed years (several headers may print one column
    each its own way) are read as the one run of consecutive years that every printed year is, or
    is a look-alike reading of ("ปี 6568" and "2563" for 2568; ๒/๖ and ๓/๘ look alike), and
    that prints each of its years; when no run or more than one does, as printed."""
    plausible = [y for y in printed if BE_YEAR.fullmatch(str(y))]
    if not printed or len(plausible) == len(printed) and _consecutive(plausible):
        return printed
    options = [{y} | look_alike_numbers(y) for y in printed]
    runs = set()
    for first in {o for opts in options for o in opts if BE_YEAR.fullmatch(str(o))}:
        for length in range(2, len(printed) + 1):
            run = set(range(first, first + length))
            if all(opts & run for opts in options) and all(any(y in opts for opts in options) for y in run):
                runs.add((first, length))
    if len(runs) != 1:
        return sorted(plausible)
    first, length = runs.pop()
    return list(range(first, first + length))


def _consecutive(years: list[int]) -> bool:
    return max(years) - min(years) + 1 == len(set(years))

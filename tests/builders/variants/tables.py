"""The TAB-celled document as the serialisers see it: text lines and tables of cells.

In the seeds a line holding a TAB is a table row and consecutive rows form one table. Cells
keep their text as printed (a cell may hold the HTML the OCR left in it, ``<ul><li>…``); rows
are padded with empty cells to the table's width. A leading empty cell under a filled one is
a merged cell (the dimension column of a budget table); the first rows that carry no data are
the header.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import regex

# Data cells: an amount or count (๑๐,๐๐๐ / 0.00 / ๑), a dash for no budget, a tick.
_DATA_CELL = regex.compile(r"^\s*(?:[0-9๐-๙][0-9๐-๙,.]*|[-–—]|✓|/)\s*$")
# A cell that starts with a numbered item: ๑. โครงการ…, ๑.๑ การ…, 3) …
_NUMBERED_START = regex.compile(r"^\s*[0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,3})*[.)]?\s*\S")
# Items of a numbered list inside one cell: "๑. โครงการ… ๒. โครงการ…" (numbers followed by a dot).
_ITEM_NUMBER = regex.compile(r"(?:^|(?<=\s))[0-9๐-๙]{1,3}\.(?![0-9๐-๙])")
# Markup the OCR left inside cells; such a cell is HTML already.
MARKUP = regex.compile(r"</?(?:ul|ol|li|p|br|b|i|strong|em|span|div)\b[^<>]*>", regex.IGNORECASE)
# Most header rows a table has (a plan's budget table has two: years, then งบประมาณ (บาท)).
MAX_HEADER_ROWS = 2
# Header cells are labels; a longer cell is data even without a number (an ITA table's wrapped step).
MAX_HEADER_CELL = 60


@dataclass
class Table:
    rows: list[list[str]]  # padded to one width
    header_rows: int  # how many leading rows are headers (0: the table starts with data)

    @property
    def width(self) -> int:
        return len(self.rows[0])


Block = list[str] | Table  # text lines, or a table


def blocks(text: str) -> list[Block]:
    """The document as alternating runs of text lines and tables, in order."""
    out: list[Block] = []
    run: list[str] = []
    rows: list[list[str]] = []
    for line in text.split("\n"):
        if "\t" in line:
            if run:
                out.append(run)
                run = []
            rows.append(line.split("\t"))
        else:
            if rows:
                out.append(make_table(rows))
                rows = []
            run.append(line)
    if rows:
        out.append(make_table(rows))
    if run:
        out.append(run)
    return out


def rewrite(text: str, table_lines: Callable[[Table], list[str]],
            text_lines: Callable[[list[str]], list[str]] = list) -> str:
    """The document with each table written by ``table_lines`` and each run of text lines by ``text_lines``."""
    out: list[str] = []
    for block in blocks(text):
        out.extend(table_lines(block) if isinstance(block, Table) else text_lines(block))
    return "\n".join(out)


def make_table(rows: list[list[str]]) -> Table:
    width = max(len(r) for r in rows)
    padded = [r + [""] * (width - len(r)) for r in rows]
    return Table(padded, header_rows(padded))


def is_data_cell(cell: str) -> bool:
    return bool(_DATA_CELL.match(cell))


def header_rows(rows: list[list[str]]) -> int:
    """Leading rows that hold no data: the first row, and a sub-header under it whose first cell is empty."""
    def headerish(row: list[str]) -> bool:
        return any(c.strip() for c in row) and not any(
            is_data_cell(c) or _NUMBERED_START.match(c) or len(c) > MAX_HEADER_CELL for c in row)

    count = 0
    for row in rows[:MAX_HEADER_ROWS]:
        if not headerish(row) or (count and row[0].strip()):
            break
        count += 1
    return count if count < len(rows) else min(count, 1)


def numbered_items(cell: str) -> list[str]:
    """The items of a cell that is a numbered list from its start (two items at least), else []."""
    starts = [m.start() for m in _ITEM_NUMBER.finditer(cell)]
    if len(starts) < 2 or cell[: starts[0]].strip():
        return []
    return [cell[a:b].strip() for a, b in zip(starts, starts[1:] + [len(cell)])]


def leading_empty(row: list[str]) -> int:
    """How many cells at the start of the row are empty (the row's merged cells)."""
    return next((i for i, c in enumerate(row) if c.strip()), len(row))


def one_line(cell: str) -> str:
    """The cell's text with runs of whitespace as one space (a serialisation's own gaps stay unambiguous)."""
    return " ".join(cell.split())


# --- display width: what a monospaced page gives a Thai string ---

def char_width(ch: str) -> int:
    """0 for marks that sit above or below their letter (Thai vowels and tone marks), else 1."""
    return 0 if unicodedata.category(ch) in ("Mn", "Me") else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def clusters(text: str) -> list[str]:
    """The string cut into letters with their marks (a mark never starts a piece)."""
    out: list[str] = []
    for ch in text:
        if out and char_width(ch) == 0:
            out[-1] += ch
        else:
            out.append(ch)
    return out


# Where a run of Thai letters is not cut: before a following vowel, after a leading one.
_NO_CUT_BEFORE = "ะาำๅๆฯ"
_NO_CUT_AFTER = "เแโใไ"


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap at ``width`` display columns; a word longer than a line is cut between
    letters, where a Thai syllable may end if there is such a place on the line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if display_width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = clusters(word)
        while display_width("".join(pieces)) > width:
            cut = _cut(pieces, width)
            lines.append("".join(pieces[:cut]))
            pieces = pieces[cut:]
        current = "".join(pieces)
    if current or not lines:
        lines.append(current)
    return lines


def _cut(pieces: list[str], width: int) -> int:
    """How many letters of ``pieces`` go on a line of ``width`` columns."""
    fits = max(1, next((k for k in range(1, len(pieces) + 1) if display_width("".join(pieces[:k])) > width),
                       len(pieces) + 1) - 1)
    for k in range(fits, max(1, fits // 2), -1):
        if pieces[k][0] not in _NO_CUT_BEFORE and pieces[k - 1][-1] not in _NO_CUT_AFTER:
            return k
    return fits


def pad_to(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` display columns."""
    return text + " " * max(0, width - display_width(text))


def spaced(rng: random.Random, low: int = 2, high: int = 4) -> str:
    return " " * rng.randint(low, high)

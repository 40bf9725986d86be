"""A table row broken by a page end made whole again.

A word processor prints a row that does not fit at the bottom of a page over two pages: the next
page repeats the table's header rows, then the rest of the row's cells (``| | หกรรม และชื่อเสียง
สุจริต | | |``). Read page by page, that rest would be a row of its own, with no project number
and no amounts; it is appended to the row it continues, cell by cell.
"""

from __future__ import annotations

import regex
from rapidfuzz.distance import Levenshtein

from extractors.tables import CELL_SEP, cells, is_row
from pipeline.pdf.pages import PdfPage
from pipeline.pdf.paragraphs import join_wrapped, starts_item

# A cell that holds a number (an amount, a count, a dash for none) starts a row of its own.
_NUMBER_CELL = regex.compile(r"^(?:[0-9๐-๙][0-9๐-๙,.]*|-+)$")
# A subtotal row: "รวม", "รวมทั้งสิ้น"
_TOTAL = regex.compile(r"^รวม")
HEADER_SIMILARITY = 0.8  # the repeated header is the same text, read again by OCR


def join_rows_over_page_breaks(pages: list[PdfPage]) -> None:
    """Join, in place, each page's first table row to the previous page's last when it continues
    it; ``pages`` are consecutive pages in order."""
    for before, after in zip(pages, pages[1:]):
        if after.page != before.page + 1 or not before.lines or not is_row(before.lines[-1]):
            continue
        table = _trailing_rows(before.lines)
        leading = _leading_rows(after.lines)
        header = 0
        while (header < min(len(leading), len(table)) - 1
               and _same_row(after.lines[header], before.lines[table[header]])):
            header += 1
        if header >= len(leading):
            continue
        last, rest = cells(before.lines[-1]), cells(after.lines[header])
        if len(last) != len(rest) or not _continues(rest):
            continue
        before.lines[-1] = CELL_SEP.join(join_wrapped(a, b) if a and b else a or b for a, b in zip(last, rest))
        del after.lines[header]
        if before.line_confidence is not None and after.line_confidence is not None:
            before.line_confidence[-1] = min(before.line_confidence[-1], after.line_confidence.pop(header))


def _trailing_rows(lines: list[str]) -> list[int]:
    """Indices of the row lines that end the page (the table it ends with), first to last."""
    start = len(lines)
    while start > 0 and is_row(lines[start - 1]):
        start -= 1
    return list(range(start, len(lines)))


def _leading_rows(lines: list[str]) -> list[int]:
    end = 0
    while end < len(lines) and is_row(lines[end]):
        end += 1
    return list(range(end))


def _same_row(a: str, b: str) -> bool:
    return Levenshtein.normalized_similarity("".join(a.split()), "".join(b.split())) >= HEADER_SIMILARITY


def _continues(row: list[str]) -> bool:
    """A row that is the rest of a broken one: no number in it, nothing in its first column, and
    its first text starts no item of its own (a numbered project, a mission ๑.๒, a subtotal)."""
    filled = [c for c in row if c]
    if not filled or row[0] or any(_NUMBER_CELL.match(c) for c in filled):
        return False
    return not (starts_item(filled[0]) or _TOTAL.match(filled[0]))

"""A table's header: which field each header cell names, read through OCR damage, and the row
number column."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from extractors.thai.ocr_tolerance import Keyword, Vocabulary
from extractors.thai.vocabulary import DIMENSION_WORD, GRAND_TOTAL_WORD

# The numbering column's header: "ลำดับ", "ลำดับ ที่", "ที่", "ข้อ", "No."
SEQ_HEADER = Keyword(r"^(?:ลำดับ\s?(?:ที่)?|ที่|ข้อ|no\.?)$", regex.IGNORECASE)
# A row number: "1", "12.", "3)"
SEQ_CELL = regex.compile(r"^([0-9]{1,3})\s?[.)]?$")
# A row number printed at the head of the first text cell when OCR lost the ลำดับ cell: "3. มาตรการ..."
LEADING_NUMBER = regex.compile(r"^([0-9]{1,3})\s?[.)]\s?(?=\S)")
# A cell that is only a number or an amount: "1", "12.", "20,000", "0.00"
NUMBER_CELL = regex.compile(r"^[0-9][0-9,.]*[.)]?$")
# A label that stands on a line of its own inside a table even when the ลำดับ cell is empty:
# a heading "มิติที่ 2 การบริหารราชการด้วยความโปร่งใส", a total "รวม", "รวมทั้งสิ้น"
LABEL_CELL = Keyword(r"^(?:" + DIMENSION_WORD + r"\s?[1-9](?![0-9])|รวม" + GRAND_TOTAL_WORD + r"?$)")

# A header cell is short; a long cell is a row's text even when a keyword occurs in it.
MAX_HEADER_CELL = 60
# Lines of running title or page furniture allowed between two pages of one table.
MAX_GAP_LINES = 8


# A structure's column vocabulary: header words -> field, read in order (``Vocabulary.first``).
ColumnPatterns = Vocabulary[str]


def read_header(cells: Sequence[str], patterns: ColumnPatterns) -> list[tuple[str | None, bool]]:
    """Field of each header cell and whether its words were read through OCR variants ("ผู้รัปผิดชอบ",
    "มิ ติ"): "seq" for the numbering column, else the first column pattern that reads the cell (as
    printed before any OCR reading); a field already taken by an earlier column is not assigned twice."""
    fields: list[tuple[str | None, bool]] = []
    for index, cell in enumerate(cells):
        found = None
        if index == 0 and (seq := SEQ_HEADER.match(cell)):
            found = ("seq", SEQ_HEADER.repaired(seq))
        elif cell and len(cell) <= MAX_HEADER_CELL and (column := patterns.first(cell)):
            found = (column[0], column[2])
        taken = found is not None and any(found[0] == name for name, _ in fields)
        fields.append((None, False) if found is None or taken else found)
    return fields


def map_header(cells: Sequence[str], patterns: ColumnPatterns) -> list[str | None]:
    """Field name of each header cell (``read_header``)."""
    return [name for name, _ in read_header(cells, patterns)]


def unstack(cells: Sequence[str]) -> list[str]:
    """Header cells without a spanning label stacked into the cell of its first sub-column: a cell
    that opens with the whole text of a later cell loses it ("Risk Score (LxI) Likelihood (L)" before
    "Impact (I)", "Risk Score (LxI)": the two header rows of a layout or flattened table in one).

    >>> unstack(["ลำดับ", "Risk Score (LxI) Likelihood (L)", "Impact (I)", "Risk Score (LxI)"])
    ['ลำดับ', 'Likelihood (L)', 'Impact (I)', 'Risk Score (LxI)']
    """
    out = list(cells)
    # From the last cell back: the first later index of each cell text, and the lengths of those
    # texts, so a cell is compared only with its own prefixes that end at a space (linear in the
    # row where comparing each cell with every later one was quadratic: a line of 5,000 TABs, 18 s).
    first_later: dict[str, int] = {}
    lengths: set[int] = set()
    for k in range(len(cells) - 1, -1, -1):
        cell = cells[k]
        found = None
        space = cell.find(" ", 1)
        while space != -1:
            if space in lengths and (at := first_later.get(cell[:space])) is not None and (found is None or at < found):
                found = at
            space = cell.find(" ", space + 1)
        if found is not None:
            out[k] = cell[len(cells[found]):].strip()
        if cell:
            first_later[cell] = k
            lengths.add(len(cell))
    return out

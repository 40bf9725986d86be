"""Tables without borders, found from how their text lines up.

A line whose words stand in groups with a wide gap between them (wider than any space between words)
is a candidate row; a run of such lines whose groups start at the same places, column after column,
is a table: each line one row, each group in the column it starts under. A line of one group inside
the run (a cell's text wrapped onto the next line) is a row of its own, the other cells empty, as an
OCR'd table gives it. Paragraph text never lines up like this over several lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.tables import Cell, Row, Table
from pipeline.pdf.words import Word

# A gap between words this many line heights wide separates two cells (a space is 0.15-0.26).
COLUMN_GAP = 0.6
# Group starts this close (line heights) are one column.
SAME_START = 0.4
# Fewest candidate rows of a table, fewest columns, and the share of rows that must start a group at
# every column after the first (the first column may be empty in continuation rows).
MIN_ROWS, MIN_COLUMNS, MIN_COLUMN_SHARE = 3, 2, 0.5


@dataclass
class AlignedLine:
    """A line of words outside bordered tables, cut into groups at wide gaps."""

    groups: list[list[Word]]
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


def aligned_line(words: list[Word]) -> AlignedLine:
    """One line's words (left to right) cut at gaps of over ``COLUMN_GAP`` line heights."""
    height = max(w.height for w in words)
    groups = [[words[0]]]
    for previous, word in zip(words, words[1:]):
        if word.x0 - previous.x1 > COLUMN_GAP * height:
            groups.append([word])
        else:
            groups[-1].append(word)
    return AlignedLine(groups, min(w.top for w in words), max(w.bottom for w in words))


def aligned_tables(lines: list[AlignedLine], page: int) -> list[tuple[int, int, Table]]:
    """``(first, last, table)`` for every run of lines ``first..last`` (indices, inclusive) that is a
    table without borders."""
    found = []
    i = 0
    while i < len(lines):
        if len(lines[i].groups) < MIN_COLUMNS:
            i += 1
            continue
        end = i
        while end + 1 < len(lines) and _same_table(lines[i], lines[end + 1]):
            end += 1
        while end > i and len(lines[end].groups) < MIN_COLUMNS:
            end -= 1  # a table ends with a row of cells, not with a wrapped line
        table = _table(lines[i:end + 1], page)
        if table is not None:
            found.append((i, end, table))
            i = end + 1
        else:
            i += 1
    return found


def _same_table(first: AlignedLine, line: AlignedLine) -> bool:
    """The line lies under the table's first row: a row whose groups start at its columns, or a line
    of one group starting under one of them."""
    starts = [g[0].x0 for g in first.groups]
    tolerance = SAME_START * first.height
    return all(any(abs(g[0].x0 - s) <= tolerance for s in starts) for g in line.groups)


def _table(lines: list[AlignedLine], page: int) -> Table | None:
    rows_with_cells = [line for line in lines if len(line.groups) >= MIN_COLUMNS]
    if len(rows_with_cells) < MIN_ROWS:
        return None
    starts = [g[0].x0 for g in lines[0].groups]
    tolerance = SAME_START * lines[0].height
    used = [sum(any(abs(g[0].x0 - s) <= tolerance for g in line.groups) for line in rows_with_cells)
            for s in starts]
    if any(n < MIN_COLUMN_SHARE * len(rows_with_cells) for n in used[1:]):
        return None
    edges = starts[1:] + [max(w.x1 for line in lines for g in line.groups for w in g)]
    rows = []
    for line in lines:
        texts = [""] * len(starts)
        for group in line.groups:
            column = min(range(len(starts)), key=lambda k: abs(group[0].x0 - starts[k]))
            text = " ".join(w.text for w in group)
            texts[column] = f"{texts[column]} {text}".strip()
        rows.append(Row([Cell(text, box=(start, line.top, edge, line.bottom))
                         for text, start, edge in zip(texts, starts, edges)], 0, page))
    return Table(rows, "pdf-alignment")

"""The document model's tables: rows of cells, whatever serialisation or page geometry they came from.

Every reader (TAB cells, HTML, Markdown pipes, layout text, a table flattened to one cell per line,
a PDF page's ruling lines, a scanned page's grid) builds ``Table`` objects; the document's text then
holds each row as one *row line*: its cells joined by ``CELL_SEP``, spans expanded so that every
logical cell keeps its column (a merged cell's text stands in its first row and column, the cells it
covers are empty, as OCR engines that write TABs print them). Extractors read a row line's cells with
``cells()`` and never split on a separator themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The separator of cells in a row line. Readers replace it (and line breaks) inside cell texts.
CELL_SEP = "\t"


@dataclass(slots=True)
class Cell:
    text: str
    row_span: int = 1
    col_span: int = 1
    # (x0, top, x1, bottom) in PDF points on its page, for cells read from page geometry.
    box: tuple[float, float, float, float] | None = None


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    source_line: int  # 1-based line of the source text where the row starts
    page: int | None = None


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    serialisation: str = "tab"  # tab, html, pipes, layout, flattened, pdf-geometry, image-grid
    # The 0-based source lines [start, end) the table was read from; the text it replaces.
    span: tuple[int, int] = (0, 0)
    # Text sharing the table's first or last line outside it (``intro <table>…</table> more``).
    before: str = ""
    after: str = ""

    def grid(self) -> list[list[str]]:
        """Each row's cell texts with spans expanded: the covered cells are empty.

        >>> t = Table([Row([Cell("1. มิติ", row_span=2), Cell("ก")], 1), Row([Cell("ข")], 2)])
        >>> t.grid()
        [['1. มิติ', 'ก'], ['', 'ข']]
        """
        grid: list[list[str]] = []
        covered: dict[tuple[int, int], bool] = {}
        for r, row in enumerate(self.rows):
            out: list[str] = []
            column = 0
            for cell in row.cells:
                while covered.pop((r, column), False):
                    out.append("")
                    column += 1
                out.append(clean_cell(cell.text))
                out.extend([""] * (cell.col_span - 1))
                for below in range(1, cell.row_span):
                    for c in range(column, column + cell.col_span):
                        covered[(r + below, c)] = True
                column += cell.col_span
            while covered.pop((r, column), False):
                out.append("")
                column += 1
            grid.append(out)
        return grid

    def row_lines(self) -> list[tuple[int, str]]:
        """``(source_line, row line)`` of every row, in order."""
        return [(row.source_line, row_line(cells)) for row, cells in zip(self.rows, self.grid())]


def clean_cell(text: str) -> str:
    """A cell's text fit for a row line: no separator, no line break inside."""
    return " ".join(text.replace(CELL_SEP, " ").split())


def row_line(cells: list[str]) -> str:
    """The cells joined into one row line.

    >>> row_line(["1", "นายก", ""]).split(CELL_SEP)
    ['1', 'นายก', '']
    """
    return CELL_SEP.join(cells)


def cells(line: str) -> list[str] | None:
    """The cells of a row line, stripped; None for a line outside tables.

    >>> cells("1\\tนายสมชาย ใจดี\\tประธาน")
    ['1', 'นายสมชาย ใจดี', 'ประธาน']
    >>> cells("ประกาศเทศบาลตำบลคลองแสนแสบ") is None
    True
    """
    if CELL_SEP not in line:
        return None
    return [c.strip() for c in line.split(CELL_SEP)]


def is_row(line: str) -> bool:
    return CELL_SEP in line

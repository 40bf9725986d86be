"""A PDF opened with pdfium, and the text of its pages however each was read."""

from __future__ import annotations

from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.tables import Cell, Row, Table


class PdfError(Exception):
    """A PDF that cannot be read; ``error_type`` is the errors-table code."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type

    def __reduce__(self):  # a page task on a Dask worker returns it to the document's task
        return PdfError, (self.error_type, str(self))


@dataclass
class PdfPage:
    page: int  # 1-based
    method: str  # text-layer or ocr
    lines: list[str]
    text_quality: float
    ocr_confidence: float | None = None
    line_confidence: list[float] | None = None
    rows: dict[int, Row] = field(default_factory=dict)  # index in ``lines`` -> the table row written there
    n_tables: int | None = None  # tables read from the text layer (None: OCR'd page)
    unread_tables: int | None = None  # ruled areas that look like a table but gave no cells


@dataclass
class PdfText:
    pages: list[PdfPage] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)  # read from page geometry; rows keep page and line

    def number_rows(self) -> None:
        """Each table row's ``source_line``: the 1-based line of ``lines`` that writes it out."""
        line = 1
        for page in self.pages:
            for index, row in page.rows.items():
                row.source_line = line + index
            line += len(page.lines)

    @property
    def lines(self) -> list[str]:
        return [line for p in self.pages for line in p.lines]

    @property
    def page_of_line(self) -> list[int]:
        return [p.page for p in self.pages for _ in p.lines]

    @property
    def line_confidence(self) -> list[float] | None:
        """OCR confidence per line (1.0 for text-layer lines); None when nothing was OCR'd."""
        if not any(p.method == "ocr" for p in self.pages):
            return None
        return [c for p in self.pages for c in (p.line_confidence or [1.0] * len(p.lines))]

    def table_cell_rows(self) -> list[dict]:
        """Rows of the ``table_cells`` table: every cell of every table, with its box."""
        rows = []
        for table_no, table in enumerate(self.tables, start=1):
            for r, c, cell in cell_positions(table):
                row = table.rows[r]
                box = [None if v is None else round(v, 2) for v in (cell.box or (None,) * 4)]
                rows.append({"page": row.page, "table_no": table_no, "row": r + 1, "col": c + 1,
                             "row_span": cell.row_span, "col_span": cell.col_span,
                             **dict(zip(("x0", "top", "x1", "bottom"), box)),
                             "text": cell.text, "source_line": row.source_line})
        return rows

    def check_rows(self) -> list[dict]:
        """A failed ``checks`` row for every page that draws a table the layout could not rebuild."""
        rows, line = [], 1
        for p in self.pages:
            if p.unread_tables:
                rows.append({"check": "pdf_table_read", "subject": f"page={p.page}", "status": "fail",
                             "expected": f"{p.unread_tables} ruled table(s) read into cells", "observed": "no cells",
                             "severity": "error", "source_line": line, "page": p.page,
                             "message": f"page {p.page} draws {p.unread_tables} table(s) whose ruling lines give "
                                        "no cells and whose text does not line up in columns; its text is read "
                                        "as plain lines, so rows of that table may be missing: check the page"})
            line += len(p.lines)
        return rows

    def page_rows(self) -> list[dict]:
        rows, line = [], 1
        for p in self.pages:
            rows.append({"page": p.page, "method": p.method, "text_quality": round(p.text_quality, 4),
                         "ocr_confidence": None if p.ocr_confidence is None else round(p.ocr_confidence, 4),
                         "n_chars": sum(len(x) for x in p.lines), "n_tables": p.n_tables,
                         "unread_tables": p.unread_tables, "source_line": line})
            line += len(p.lines)
        return rows


def cell_positions(table: Table) -> list[tuple[int, int, Cell]]:
    """``(row, column, cell)`` of every cell, 0-based, columns counted past the cells that rows above
    span down (as ``Table.grid`` lays them out)."""
    out = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        column = 0
        for cell in row.cells:
            while (r, column) in covered:
                column += 1
            out.append((r, column, cell))
            covered.update((r + dr, column + dc) for dr in range(cell.row_span) for dc in range(cell.col_span))
            column += cell.col_span
    return out


def open_pdf(data: bytes, source_file: str, max_pages: int) -> pdfium.PdfDocument:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise PdfError("encrypted_pdf", f"{source_file}: is an encrypted PDF that needs a password; "
                           "save an unprotected copy (print to PDF) and run again.") from exc
        raise PdfError("corrupt_pdf", f"{source_file}: is a damaged or truncated PDF ({exc}); "
                       "download or export it again.") from exc
    if len(document) == 0:
        document.close()
        raise PdfError("corrupt_pdf", f"{source_file}: is a PDF with no pages; download or export it again.")
    if len(document) > max_pages:
        n = len(document)
        document.close()
        raise PdfError("too_many_pages", f"{source_file}: has {n} pages, over the limit of {max_pages} "
                       "pages for one document; split it into parts of at most that many pages, or raise "
                       "the limit with --max-pages.")
    return document

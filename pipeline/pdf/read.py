"""PDF input: each page read from its text layer when the layer is good, else by OCR.

A text-layer page's words (poppler) are laid out with its ruling lines (pdfium): bordered tables become
``Table`` rows, the rest lines of text; then the document's pages are joined (tables over page breaks,
paragraphs over lines) and written out.
"""

from __future__ import annotations

from contextvars import ContextVar

from pipeline.limits import MAX_PDF_PAGES
from pipeline.pdf.flow import document_lines
from pipeline.pdf.grid import grid_tables
from pipeline.pdf.layout import blocks_text, page_layout
from pipeline.pdf.ocr import OnPage, ocr_pages
from pipeline.pdf.pages import PdfError, PdfPage, PdfText, open_pdf
from pipeline.pdf.rulings import page_drawing
from pipeline.pdf.text_layer import MIN_TEXT_QUALITY, text_layer_quality
from pipeline.pdf.words import read_words

# What reads the pages without a good text layer: ``ocr_pages`` here; a Dask cluster gives pages its
# workers read as tasks of their own (pipeline.cluster).
SCAN_READER: ContextVar = ContextVar("scan_reader", default=ocr_pages)


def read_pdf(data: bytes, source_file: str, max_pages: int = MAX_PDF_PAGES,
             min_quality: float = MIN_TEXT_QUALITY, on_page: OnPage | None = None) -> PdfText:
    """Every page's text: its text layer when good enough, else OCR (``on_page(done, total)`` is
    called after each OCR'd page)."""
    document = open_pdf(data, source_file, max_pages)
    result = PdfText()
    try:
        layer = read_words(data, source_file)
        if len(layer) != len(document):
            raise PdfError("corrupt_pdf", f"{source_file}: poppler reads {len(layer)} pages where pdfium reads "
                           f"{len(document)}; the file is damaged: export the PDF again.")
        drawings = []
        for page in document:
            drawings.append(page_drawing(page))
            page.close()
        blocks, widths, layouts = [], {}, {}
        to_ocr: list[tuple[int, float]] = []
        for number, (drawing, words) in enumerate(zip(drawings, layer), start=1):
            visible = [w for w in words.words if drawing.visible(*w.middle)]
            layout = page_layout(visible, *grid_tables(drawing.rulings), number)
            quality = text_layer_quality(blocks_text(layout.blocks))
            if quality >= min_quality:
                blocks.append(layout.blocks)
                widths[number], layouts[number] = words.width, (quality, layout)
            else:
                to_ocr.append((number, quality))
        lines, result.tables = document_lines(blocks, widths)
        for number, (quality, layout) in layouts.items():
            result.pages.append(PdfPage(number, "text-layer", [], quality, n_tables=layout.n_tables,
                                        unread_tables=layout.unread_tables))
        by_number = {p.page: p for p in result.pages}
        for line in lines:
            page = by_number[line.page]
            if line.row is not None:
                page.rows[len(page.lines)] = line.row
            page.lines.append(line.text)
        if to_ocr:
            result.pages.extend(SCAN_READER.get()(document, to_ocr, source_file, on_page))
        result.pages.sort(key=lambda p: p.page)
        result.number_rows()
    finally:
        document.close()
    return result


"""PDF input: text per page from the text layer (pdfium), or from Tesseract's Thai model where
the page has no usable text layer."""

from __future__ import annotations

from pipeline.limits import MAX_PDF_PAGES
from pipeline.pdf.ocr import OnPage, ocr_pages
from pipeline.pdf.pages import PdfPage, PdfText, open_pdf
from pipeline.pdf.text_layer import (
    MIN_TEXT_QUALITY,
    page_text_layer,
    text_layer_quality,
)


def read_pdf(data: bytes, source_file: str, max_pages: int = MAX_PDF_PAGES,
             min_quality: float = MIN_TEXT_QUALITY, on_page: OnPage | None = None) -> PdfText:
    """Every page's text: its text layer when good enough, else OCR (``on_page(done, total)`` is
    called after each OCR'd page)."""
    document = open_pdf(data, source_file, max_pages)
    result = PdfText()
    try:
        to_ocr: list[tuple[int, float]] = []
        for number, page in enumerate(document, start=1):
            text, unmapped = page_text_layer(page)
            quality = text_layer_quality(text, unmapped)
            if quality >= min_quality:
                result.pages.append(PdfPage(number, "text-layer", text.split("\n"), quality))
            else:
                to_ocr.append((number, quality))
            page.close()
        if to_ocr:
            result.pages.extend(ocr_pages(document, to_ocr, source_file, on_page))
            result.pages.sort(key=lambda p: p.page)
    finally:
        document.close()
    return result

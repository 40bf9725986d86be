"""A page is rendered to a bounded number of pixels: a 20,000-point page (under 1 KB of PDF) took
49 s and 6 GiB at 200 dpi before its errors row."""

from __future__ import annotations

import math

import pypdfium2 as pdfium

from pipeline.document import process_document
from pipeline.pdf.ocr import MAX_PAGE_PIXELS, OCR_DPI, page_dpi, render_page
from pipeline.stages import all_stages
from tests.builders.pdf_samples import huge_page_pdf, text_pages, write_text_pdf
from tests.conftest import seed_text


def test_a_huge_page_is_rendered_scaled_down_to_the_pixel_budget(tmp_path):
    document = pdfium.PdfDocument(str(huge_page_pdf(tmp_path / "huge.pdf")))
    try:
        gray = render_page(document, 1)
        assert gray.size <= MAX_PAGE_PIXELS
        assert gray.size > MAX_PAGE_PIXELS * 0.99  # scaled down, not refused
        assert page_dpi(document, 1) < OCR_DPI / 10
    finally:
        document.close()


def test_a_plan_page_keeps_its_resolution(tmp_path):
    path = write_text_pdf(text_pages(seed_text("000"))[:1], tmp_path / "a4.pdf")
    document = pdfium.PdfDocument(str(path))
    try:
        assert page_dpi(document, 1) == OCR_DPI
        height, width = render_page(document, 1).shape
        assert math.isclose(height, 841.89 * OCR_DPI / 72, abs_tol=1)  # A4 at 200 dpi
        assert math.isclose(width, 595.28 * OCR_DPI / 72, abs_tol=1)
    finally:
        document.close()


def test_a_huge_blank_page_is_one_errors_row_naming_the_file(tmp_path):
    path = str(huge_page_pdf(tmp_path / "huge.pdf"))
    result = process_document(path, all_stages())
    assert [e["error_type"] for e in result.errors] == ["empty_file"]
    assert path in result.errors[0]["message"]

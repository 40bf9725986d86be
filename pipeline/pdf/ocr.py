"""Scanned pages: rendered at 200 dpi and read by Tesseract's Thai model (``scanned_page``), pages in
parallel.

``read_scanned_page`` reads one page on its own from the PDF's bytes (or path) and its number, so
that a page can be a task of its own; ``ocr_pages`` reads a document's scanned pages on
OCR_WORKERS threads, each with its own Tesseract engine (tesserocr works without the GIL).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from pipeline.pdf.page_breaks import join_rows_over_page_breaks
from pipeline.pdf.pages import PdfError, PdfPage
from pipeline.pdf.scanned_page import read_page_image
from pipeline.pdf.tesseract import Engine, TesseractMissing, TesseractTimeout

OCR_DPI = 200  # faster and more accurate than 300 on a rendered plan page
OCR_PAGE_TIMEOUT_SECONDS = 60
OCR_WORKERS = max(1, min(2, os.cpu_count() or 1))
# A page is rendered to at most this many pixels, scaled down beyond (an A4 page at 200 dpi is 3.9
# million, A1 31 million): a 20,000-point page, 464 bytes of PDF, is 3 billion pixels at 200 dpi
# (6 GiB and 49 s before it failed).
MAX_PAGE_PIXELS = 25_000_000

# Called after each OCR'd page with (pages done, pages to OCR).
OnPage = Callable[[int, int], None]


def page_dpi(document: pdfium.PdfDocument, number: int, dpi: int | None = None) -> float:
    """The resolution page ``number`` is rendered at: ``dpi`` (OCR_DPI), or less for a page so
    large that it would take more than ``MAX_PAGE_PIXELS``."""
    page = document[number - 1]
    try:
        width, height = page.get_size()
    finally:
        page.close()
    dpi = dpi or OCR_DPI
    pixels = max(width, 1.0) * max(height, 1.0) * (dpi / 72) ** 2
    # A little under the exact scale: pdfium rounds each side up to a whole pixel.
    return dpi if pixels <= MAX_PAGE_PIXELS else dpi * math.sqrt(MAX_PAGE_PIXELS / pixels) * 0.999


def render_page(document: pdfium.PdfDocument, number: int, dpi: int | None = None) -> np.ndarray:
    """Page ``number`` (1-based) as a greyscale picture of at most ``MAX_PAGE_PIXELS``."""
    scale = page_dpi(document, number, dpi) / 72
    page = document[number - 1]
    try:
        pixels = page.render(scale=scale, grayscale=True).to_numpy()
        return np.ascontiguousarray(pixels[:, :, 0] if pixels.ndim == 3 else pixels)
    finally:
        page.close()


def ocr_page_image(gray: np.ndarray, number: int, quality: float = 0.0, dpi: float = OCR_DPI) -> PdfPage:
    """One page rendered at ``dpi`` read by OCR."""
    text = read_page_image(gray, round(dpi), OCR_PAGE_TIMEOUT_SECONDS)
    mean = sum(text.confidences) / len(text.confidences) if text.confidences else 0.0
    return PdfPage(number, "ocr", text.lines, quality, mean, text.confidences)


def read_scanned_page(pdf: bytes | str | Path, number: int, quality: float = 0.0) -> PdfPage:
    """Page ``number`` (1-based) of a PDF, given as its bytes or path, read by OCR."""
    document = pdfium.PdfDocument(pdf)
    try:
        gray, dpi = render_page(document, number), page_dpi(document, number)
    finally:
        document.close()
    return ocr_page_image(gray, number, quality, dpi)


def ocr_pages(document: pdfium.PdfDocument, to_ocr: list[tuple[int, float]], source_file: str,
              on_page: OnPage | None = None) -> list[PdfPage]:
    """The pages ``to_ocr`` ((number, text-layer quality) pairs) read by OCR."""
    _require_tesseract(source_file)
    pages: list[PdfPage] = []

    def collect(number: int, future) -> None:
        try:
            pages.append(future.result())
        except TesseractTimeout as exc:
            raise PdfError("ocr_timeout", f"{source_file}: OCR of page {number} took longer than "
                           f"{OCR_PAGE_TIMEOUT_SECONDS} s; check the page (a huge image?) or give "
                           "a text-layer PDF.") from exc
        except RuntimeError as exc:  # tesserocr reports Tesseract's own failures so
            raise PdfError("ocr_failed", f"{source_file}: Tesseract failed on page {number} "
                           f"({str(exc)[:200]}); check the page or give a text-layer PDF.") from exc
        if on_page is not None:
            on_page(len(pages), len(to_ocr))

    # pdfium is not thread-safe: pages are rendered here, one at a time, and read in the pool;
    # a few pages in flight keep every worker busy without holding every image in memory.
    with ThreadPoolExecutor(OCR_WORKERS) as pool:
        in_flight: list = []
        for number, quality in to_ocr:
            if len(in_flight) >= 2 * OCR_WORKERS:
                collect(*in_flight.pop(0))
            gray, dpi = render_page(document, number), page_dpi(document, number)
            in_flight.append((number, pool.submit(ocr_page_image, gray, number, quality, dpi)))
        for job in in_flight:
            collect(*job)
    pages.sort(key=lambda p: p.page)
    join_rows_over_page_breaks(pages)
    return pages


def _require_tesseract(source_file: str) -> None:
    try:
        with Engine.borrowed():
            pass
    except TesseractMissing as exc:
        raise PdfError("ocr_unavailable", f"{source_file}: has pages without a usable text layer and "
                       f"OCR is not available ({exc}); run `make setup` (Debian packages tesseract-ocr-tha, "
                       "Python package tesserocr).") from exc

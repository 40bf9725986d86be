"""Scanned pages: rendered and read by Tesseract's Thai model.

Tesseract runs one thread per page (OMP_THREAD_LIMIT=1: ten times faster than its default threading
on a plan page) and pages run in parallel.
"""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pypdfium2 as pdfium

from pipeline.pdf.pages import PdfError, PdfPage

OCR_DPI = 200  # faster and more accurate than 300 on a rendered plan page
OCR_PSM = 4  # one column of lines: CER 2.5% against 3.6% (psm 6) and 12% (psm 3), bench_pdf.py
OCR_PAGE_TIMEOUT_SECONDS = 60
OCR_WORKERS = max(1, min(2, os.cpu_count() or 1))


def ocr_page(image) -> tuple[list[str], list[float]]:
    """Lines of text and a 0..1 confidence per line, from Tesseract's Thai model.

    Tesseract reports one "word" per Thai character or cluster; a line's text joins them, with
    a space where the gap is wider than a third of the line height, and its confidence is the
    mean of its words'.
    """
    import pytesseract

    data = pytesseract.image_to_data(image, lang="tha", config=f"--psm {OCR_PSM}",
                                     output_type=pytesseract.Output.DICT, timeout=OCR_PAGE_TIMEOUT_SECONDS)
    words: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for i, word in enumerate(data["text"]):
        if word.strip() and float(data["conf"][i]) >= 0:
            words[(data["block_num"][i], data["par_num"][i], data["line_num"][i])].append(i)
    lines, confidences = [], []
    for indices in words.values():
        height = max(data["height"][i] for i in indices)
        parts, previous_right = [], None
        for i in indices:
            if previous_right is not None and data["left"][i] - previous_right > height / 3:
                parts.append(" ")
            parts.append(data["text"][i].strip())
            previous_right = data["left"][i] + data["width"][i]
        lines.append("".join(parts))
        confidences.append(sum(float(data["conf"][i]) for i in indices) / len(indices) / 100)
    return lines, confidences


def _ocr_in_pool(image) -> tuple[list[str], list[float]]:
    import pytesseract

    try:
        return ocr_page(image)
    except pytesseract.TesseractError:
        raise
    except RuntimeError as exc:  # pytesseract signals its timeout with a bare RuntimeError
        raise TimeoutError(str(exc)) from exc


def ocr_pages(document: pdfium.PdfDocument, to_ocr: list[tuple[int, float]], source_file: str) -> list[PdfPage]:
    import pytesseract

    _require_tesseract(source_file)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # inherited by the tesseract processes
    pages = []

    def collect(number: int, quality: float, future) -> None:
        try:
            lines, confidences = future.result()
        except pytesseract.TesseractError as exc:
            raise PdfError("ocr_failed", f"{source_file}: Tesseract failed on page {number} "
                           f"({exc.message.strip()[:200]}); check the page or give a text-layer PDF.") from exc
        except TimeoutError as exc:
            raise PdfError("ocr_timeout", f"{source_file}: OCR of page {number} took longer than "
                           f"{OCR_PAGE_TIMEOUT_SECONDS} s; check the page (a huge image?) or give "
                           "a text-layer PDF.") from exc
        mean = sum(confidences) / len(confidences) if confidences else 0.0
        pages.append(PdfPage(number, "ocr", lines, quality, mean, confidences))

    # pdfium is not thread-safe: pages are rendered here, one at a time, and OCR'd in the pool;
    # a few pages in flight keep every worker busy without holding every image in memory.
    with ThreadPoolExecutor(OCR_WORKERS) as pool:
        in_flight: list = []
        for number, quality in to_ocr:
            if len(in_flight) >= 2 * OCR_WORKERS:
                collect(*in_flight.pop(0))
            page = document[number - 1]
            image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
            page.close()
            in_flight.append((number, quality, pool.submit(_ocr_in_pool, image)))
        for job in in_flight:
            collect(*job)
    return pages


def _require_tesseract(source_file: str) -> None:
    import pytesseract

    try:
        languages = pytesseract.get_languages()
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise PdfError("ocr_unavailable", f"{source_file}: has pages without a usable text layer and "
                       "Tesseract is not installed; run `make setup`.") from exc
    if "tha" not in languages:
        raise PdfError("ocr_unavailable", f"{source_file}: needs Tesseract's Thai model for its scanned "
                       "pages; run `make setup` (Debian package tesseract-ocr-tha).")

"""What one document may take before it is refused or stopped: bytes of input, PDF pages, seconds.

A module of its own so that ingest and pdf (and the CLI's defaults) read the same numbers without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_INPUT_BYTES = 64 * 1024 * 1024  # a text plan is under 1 MB: anything near this is not one
# A 300 dpi grey scan is about 1 MB a page (a 200 dpi one 0.45 MB): 200 pages fit, with room for colour.
MAX_PDF_BYTES = 512 * 1024 * 1024
MAX_PDF_PAGES = 500  # longer documents are refused rather than left to run for hours
# A document's time limit: this much, plus PAGE_TIMEOUT_SECONDS for each page it reads by OCR (about
# 1 s a page on two cores, and 3-4 s on a loaded machine), so a long scan is not cut at a flat limit.
DOC_TIMEOUT_SECONDS = 120.0
PAGE_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class InputLimits:
    """What one document may take: bytes of a text input (--max-mb) and of a PDF (--max-pdf-mb),
    and PDF pages (--max-pages)."""

    max_bytes: int = MAX_INPUT_BYTES
    max_pages: int = MAX_PDF_PAGES
    max_pdf_bytes: int = MAX_PDF_BYTES

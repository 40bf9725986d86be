"""What one document may take before it is refused: bytes of input and PDF pages.

A module of its own so that ingest and pdf (and the CLI's defaults) read the same numbers without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_INPUT_BYTES = 64 * 1024 * 1024
MAX_PDF_PAGES = 500  # longer documents are refused rather than left to run for hours


@dataclass(frozen=True)
class InputLimits:
    """What one document may take: bytes of input (--max-mb) and PDF pages (--max-pages)."""

    max_bytes: int = MAX_INPUT_BYTES
    max_pages: int = MAX_PDF_PAGES

"""Build sample PDFs from seed text: a Thai text layer (fpdf2, TLWG Laksaman, HarfBuzz shaping)
and an image-only copy of it (pages rendered by pdfium and re-embedded as pictures), as a
scanned plan would be. Used by tests/test_pdf.py and bench/bench_pdf.py."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF

# Page breaks in seed text: runs of blank lines (as extractors.thai.normalise reads them).
_PAGE_BREAK = re.compile(r"\n[ \t]*(?:\n[ \t]*){3,}")


def text_pages(text: str) -> list[list[str]]:
    """Seed text -> pages of non-blank lines, split where the seed has a page break."""
    return [[line for line in page.split("\n") if line.strip()] for page in _PAGE_BREAK.split(text)
            if page.strip()]


# Laksaman is TLWG's metric clone of TH Sarabun, the font of Thai government documents.
THAI_FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")


def write_text_pdf(pages: list[list[str]], path: Path, font_size: float = 14) -> Path:
    """One PDF page per list of lines (long lines wrap, as in a real plan)."""
    if not THAI_FONT.exists():
        raise FileNotFoundError(f"{THAI_FONT} is missing: run `make setup` (Debian package fonts-thai-tlwg)")
    pdf = FPDF(format="A4")
    pdf.add_font("thai", fname=str(THAI_FONT))
    pdf.set_font("thai", size=font_size)
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(True, margin=15)
    line_height = font_size * 0.5
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, line_height, line.replace("\t", "    ") or " ", align="L",
                           new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def rasterise_pdf(source: Path, path: Path, dpi: int = 150) -> Path:
    """An image-only copy of ``source``: every page becomes a greyscale picture, no text layer."""
    document = pdfium.PdfDocument(str(source))
    pdf = FPDF(format="A4")
    try:
        for page in document:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            pdf.add_page()
            pdf.image(buffer, x=0, y=0, w=pdf.w, h=pdf.h)
    finally:
        document.close()
    pdf.output(str(path))
    return path


def huge_page_pdf(path: Path, points: float = 20_000) -> Path:
    """A one-page PDF ``points`` wide and high with no text, only a bar: under 1 KB of PDF that is
    billions of pixels when rendered at 200 dpi."""
    pdf = FPDF(unit="pt", format=(points, points))
    pdf.add_page()
    pdf.rect(points / 10, points / 5, points / 4, points / 50, style="F")
    pdf.output(str(path))
    return path

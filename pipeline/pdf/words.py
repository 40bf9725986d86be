"""The words of a PDF's text layer with their boxes, read by poppler (``pdftotext -raw -bbox``).

Measured on the same Thai pages printed by Chromium, fpdf2 (HarfBuzz) and LibreOffice (bench/bench_pdf.py
``engines``): poppler in content-stream order reads all three right; pdfium doubles the clusters
Chromium wraps in ActualText (``ท้องถิ่นถิ่``) and puts a space after sara am (``ดำ เนิน``), and poppler's
physical word order splits the marks fpdf2 draws after the next glyph (``ซึ ง ่``).

In content-stream order poppler cuts text into fragments wherever a glyph run ends, also inside a word
(``ป้`` + ``อง``); fragments are joined again unless a space's worth of gap lies between them.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from dataclasses import dataclass

import regex

from pipeline.pdf.pages import PdfError

PDFTOTEXT_TIMEOUT_S = 300
# A gap between two fragments of one line, in line heights, above which it is a space. Measured on
# the three producers: glyph runs cut inside a word leave at most 0.12, a space at least 0.16.
SPACE_GAP = 0.14
# After sara am, fpdf2 leaves the advance of the sara aa glyph that has no text of its own (0.24-0.25);
# sara am and a space leave 0.41.
SPACE_GAP_AFTER_SARA_AM = 0.32
# Fragments on one line: their tops differ by less than this share of the line height.
SAME_LINE = 0.3

_PAGE = regex.compile(r'<page width="([0-9.]+)" height="([0-9.]+)">(.*?)</page>', regex.DOTALL)
_WORD = regex.compile(r'<word xMin="(-?[0-9.]+)" yMin="(-?[0-9.]+)" xMax="(-?[0-9.]+)" yMax="(-?[0-9.]+)">(.*?)</word>')


@dataclass(slots=True)
class Word:
    """A word's text and box in PDF points, from the top left of its page."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@dataclass
class PageWords:
    width: float
    height: float
    words: list[Word]  # content-stream order, fragments joined



def read_words(data: bytes, source_file: str) -> list[PageWords]:
    """Every page's words, by one poppler run over the whole PDF."""
    if shutil.which("pdftotext") is None:
        raise PdfError("pdf_reader_unavailable", f"{source_file}: reading a PDF's text needs poppler's "
                       "pdftotext; run `make setup` (Debian package poppler-utils).")
    try:
        result = subprocess.run(["pdftotext", "-raw", "-bbox", "-enc", "UTF-8", "-q", "-", "-"], input=data,
                                capture_output=True, timeout=PDFTOTEXT_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise PdfError("pdf_timeout", f"{source_file}: reading its text layer took over {PDFTOTEXT_TIMEOUT_S} s; "
                       "check the file (a huge page?) or split it.") from exc
    if result.returncode != 0:
        raise PdfError("corrupt_pdf", f"{source_file}: poppler could not read its text layer "
                       f"({result.stderr.decode('utf-8', 'replace').strip()[:200]}); export the PDF again.")
    pages = []
    for page in _PAGE.finditer(result.stdout.decode("utf-8", "replace")):
        fragments = [Word(html.unescape(m[5]), float(m[1]), float(m[2]), float(m[3]), float(m[4]))
                     for m in _WORD.finditer(page[3])]
        pages.append(PageWords(float(page[1]), float(page[2]), join_fragments(fragments)))
    return pages


def join_fragments(fragments: list[Word]) -> list[Word]:
    """Consecutive fragments of one line with less than a space between them, as one word.

    >>> [w.text for w in join_fragments([Word("ป้", 0, 0, 9, 20), Word("อง", 10.5, 0, 25, 20),
    ...                                  Word("กัน", 30, 0, 45, 20)])]
    ['ป้อง', 'กัน']
    """
    words: list[Word] = []
    for fragment in fragments:
        last = words[-1] if words else None
        if last is not None and same_line(last, fragment) and fragment.x0 >= last.x0 - 1:
            limit = SPACE_GAP_AFTER_SARA_AM if last.text.endswith("\u0e33") else SPACE_GAP
            if fragment.x0 - last.x1 < limit * last.height:
                last.text += fragment.text
                last.x1 = max(last.x1, fragment.x1)
                last.top, last.bottom = min(last.top, fragment.top), max(last.bottom, fragment.bottom)
                continue
        words.append(fragment)
    return words


def same_line(a: Word, b: Word) -> bool:
    return abs(a.top - b.top) < SAME_LINE * max(a.height, b.height)

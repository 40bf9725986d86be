"""PDF input: text per page from the text layer (pdfium), or from Tesseract's Thai model where
the page has no usable text layer.

A Thai text layer is damaged in known ways (see ``text_layer_quality``); a page whose layer scores
below ``MIN_TEXT_QUALITY`` is rendered and OCR'd instead of guessed at. Tesseract runs one thread
per page (OMP_THREAD_LIMIT=1: ten times faster than its default threading on a plan page) and
pages run in parallel.
"""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from extractors.thai.normalise import map_thai_private_use
from pipeline.limits import MAX_PDF_PAGES

OCR_DPI = 200  # faster and more accurate than 300 on a rendered plan page
OCR_PSM = 4  # one column of lines: CER 2.5% against 3.6% (psm 6) and 12% (psm 3), bench_pdf.py
OCR_PAGE_TIMEOUT_SECONDS = 60
OCR_WORKERS = max(1, min(2, os.cpu_count() or 1))
MIN_TEXT_QUALITY = 0.9
# One damaged character in 50 already garbles a title or an amount on most pages.
_DAMAGE_WEIGHT = 50

# Thai non-spacing marks: above/below vowels, tone marks, thanthakhat, nikhahit.
THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_IS_MARK = regex.compile(f"[{THAI_MARKS}]")
# Characters a Thai text layer gets wrong: unmapped glyphs (``(cid:24)`` in pdfminer, raw control
# codes in pdfium), private-use code points that are not a legacy Thai font's (normalise maps
# those back), U+FFFD, and Latin-1 letters: a TIS-620 font read as WinAnsi (``¡ÒÃ`` for การ).
_BROKEN_CHAR = regex.compile(r"\(cid:[0-9]+\)|[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd"
                             r"\u00a1-\u00af\u00b2-\u00b6\u00b8-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")
# A mark with no consonant to sit on: after a space (a word split before its vowel, ``การเปิ ด``
# read as ``การเป ิด``), at line start, after a non-Thai character (``ที ่``: the tone mark of
# ที่ emitted apart from its consonant).
_DANGLING_MARK = regex.compile(f"(?:^|[^\\p{{Thai}}])[{THAI_MARKS}]", regex.MULTILINE)
# A word split after its leading vowel (``เ ปิด``): a leading vowel always precedes its consonant.
_SPLIT_WORD = regex.compile("[เแโใไ] +[ก-ฮ]")


class PdfError(Exception):
    """A PDF that cannot be read; ``error_type`` is the errors-table code."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type


@dataclass
class PdfPage:
    page: int  # 1-based
    method: str  # text-layer or ocr
    lines: list[str]
    text_quality: float
    ocr_confidence: float | None = None
    line_confidence: list[float] | None = None


@dataclass
class PdfText:
    pages: list[PdfPage] = field(default_factory=list)

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

    def page_rows(self) -> list[dict]:
        rows, line = [], 1
        for p in self.pages:
            rows.append({"page": p.page, "method": p.method, "text_quality": round(p.text_quality, 4),
                         "ocr_confidence": None if p.ocr_confidence is None else round(p.ocr_confidence, 4),
                         "n_chars": sum(len(x) for x in p.lines), "source_line": line})
            line += len(p.lines)
        return rows


def text_layer_quality(text: str, unmapped: int = 0) -> float:
    """1 for a clean text layer, 0 for one with no text or one damaged character in 50;
    ``unmapped`` counts glyphs already dropped for having no Unicode mapping."""
    if not text.strip():
        return 0.0
    text = map_thai_private_use(text)
    damage = (unmapped + len(_BROKEN_CHAR.findall(text)) + len(_DANGLING_MARK.findall(text))
              + len(_SPLIT_WORD.findall(text)))
    return max(0.0, 1.0 - _DAMAGE_WEIGHT * damage / (len(text) + unmapped))


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


def page_text_layer(page: pdfium.PdfPage) -> tuple[str, int]:
    """The page's text layer in reading order, marks put back on their consonants.

    pdfium gives characters in content-stream order. Thai fonts with mark positioning (HarfBuzz,
    Word) often draw a tone mark after the following glyphs, so it lands on the wrong consonant
    or alone; such a mark is moved back after the consonant it is drawn over. Glyphs without a
    Unicode mapping (pdfium gives their raw code, a control character) are dropped and counted:
    returns the text and that count.
    """
    textpage = page.get_textpage()
    try:
        out: list[tuple[str, float, float, bool]] = []  # char, left, right, generated by pdfium
        skip_space, unmapped = False, 0
        for i in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
            generated = pdfium_c.FPDFText_IsGenerated(textpage, i) == 1
            if not generated and (ord(char) < 0x20 or pdfium_c.FPDFText_HasUnicodeMapError(textpage, i) == 1):
                # Shaping draws sara am as two glyphs and maps ำ to the first: the second is no loss.
                unmapped += not (out and out[-1][0] == "\u0e33")
                continue
            if skip_space and generated and char == " ":
                skip_space = False
                continue
            skip_space = False
            left, _bottom, right, _top = textpage.get_charbox(i)
            if _IS_MARK.fullmatch(char) and out and not generated:
                # pdfium puts a space before and after a glyph drawn back over earlier ones.
                last_space = out[-1][0] == " " and out[-1][3]
                target = _base_under(out, len(out) - last_space, (left + right) / 2)
                if target is not None and target < len(out) - last_space:
                    if last_space:
                        out.pop()
                    out.insert(target, (char, left, right, False))
                    skip_space = True
                    continue
            out.append((char, left, right, generated))
        text = "".join(c for c, *_ in out)
    finally:
        textpage.close()
    return text.replace("\r\n", "\n"), unmapped


def _base_under(out: list[tuple[str, float, float, bool]], before: int, x: float) -> int | None:
    """Index after the consonant (and its marks) drawn under x, searching back from ``before``
    on the same line."""
    for j in range(before - 1, max(-1, before - 60), -1):
        char, left, right, _ = out[j]
        if char == "\n":
            return None
        if not _IS_MARK.fullmatch(char) and not char.isspace() and left - 0.5 <= x <= right + 0.5:
            end = j + 1
            while end < len(out) and _IS_MARK.fullmatch(out[end][0]):
                end += 1
            return end
    return None


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


def read_pdf(data: bytes, source_file: str, max_pages: int = MAX_PDF_PAGES,
             min_quality: float = MIN_TEXT_QUALITY) -> PdfText:
    """Every page's text: its text layer when good enough, else OCR."""
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
            result.pages.extend(_ocr_pages(document, to_ocr, source_file))
            result.pages.sort(key=lambda p: p.page)
    finally:
        document.close()
    return result


def _ocr_pages(document: pdfium.PdfDocument, to_ocr: list[tuple[int, float]], source_file: str) -> list[PdfPage]:
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

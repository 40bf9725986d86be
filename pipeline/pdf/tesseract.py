"""Tesseract's Thai model in memory (tesserocr): one engine per thread, reading regions of a page image
without writing it to a file.

An engine takes the page once (``set_page``) and reads any rectangle of it (the page outside its
tables, a table cell). It runs one OpenMP thread (OMP_THREAD_LIMIT=1: ten times faster than
Tesseract's default threading on a plan page); pages run in parallel, one engine each, borrowed
from the process's idle engines. tesserocr releases the GIL while Tesseract works, so threads
are enough.
"""

from __future__ import annotations

import glob
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # read when the library loads

LANGUAGE = "tha"
# Headers some plans print in English ("Likelihood (L)", "Risk Score (LxI)"): the Thai model reads
# them as Thai letters. Not "tha+eng" for every word: it reads the Thai digits of list items as
# Latin letters ("๒." as "lo,").
LATIN = "eng"
PSM_COLUMN = 4  # one column of lines: CER 2.5% against 3.6% (psm 6) and 12% (psm 3), bench_pdf.py
PSM_BLOCK = 6  # a cell: one block of text
PSM_LINE = 7  # one line


class TesseractMissing(Exception):
    """Tesseract or its Thai model is not installed."""


class TesseractTimeout(Exception):
    """A page took longer to read than its time limit."""


@dataclass(slots=True)
class Glyph:
    """A character or cluster as Tesseract reports it (a Thai "word" is often one cluster)."""

    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels
    confidence: float  # 0..1
    space_before: bool  # Tesseract put a space before it (Thai writes none between words)


@dataclass(slots=True)
class TextLine:
    glyphs: list[Glyph]

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (min(g.box[0] for g in self.glyphs), min(g.box[1] for g in self.glyphs),
                max(g.box[2] for g in self.glyphs), max(g.box[3] for g in self.glyphs))

    @property
    def confidence(self) -> float:
        return sum(g.confidence for g in self.glyphs) / len(self.glyphs)

    def text(self) -> str:
        return "".join((" " if g.space_before else "") + g.text for g in self.glyphs).strip()


def tessdata_path(language: str = LANGUAGE) -> str:
    """The folder holding a model (the Thai one by default): TESSDATA_PREFIX, else where Debian's
    tesseract-ocr-tha puts it."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata")),
                  "/usr/share/tessdata", "/usr/local/share/tessdata"]
    for folder in candidates:
        if folder and os.path.exists(os.path.join(folder, f"{language}.traineddata")):
            return folder.rstrip("/") + "/"
    raise TesseractMissing(f"Tesseract's model {language}.traineddata is not installed")


_idle: dict[str, list[Engine]] = {}
_idle_lock = threading.Lock()


class Engine:
    """A Tesseract engine, reading regions of one page image at a time; one thread uses it at a time."""

    def __init__(self, language: str = LANGUAGE) -> None:
        try:
            import tesserocr
        except ImportError as exc:
            raise TesseractMissing("the tesserocr package is missing") from exc
        self._tesserocr = tesserocr
        self._api = tesserocr.PyTessBaseAPI(path=tessdata_path(language), lang=language, psm=PSM_COLUMN,
                                            oem=tesserocr.OEM.LSTM_ONLY)
        self._image: bytes | None = None
        self._origin = (0, 0)
        self.deadline = float("inf")

    @classmethod
    @contextmanager
    def borrowed(cls, language: str = LANGUAGE) -> Iterator[Engine]:
        """An idle engine of this process for ``language`` (a new one when all are busy), returned
        after use: starting Tesseract costs a third of a second, so engines outlive the pages and
        documents they read."""
        with _idle_lock:
            idle = _idle.setdefault(language, [])
            engine = idle.pop() if idle else None
        if engine is None:
            engine = cls(language)
        try:
            yield engine
        finally:
            with _idle_lock:
                _idle[language].append(engine)

    def start_page(self, timeout_seconds: float) -> None:
        """The time by which every read of this page must be done."""
        self.deadline = time.monotonic() + timeout_seconds

    def set_page(self, gray: np.ndarray, dpi: int, origin: tuple[int, int] = (0, 0)) -> None:
        """The image every later ``read`` looks at (greyscale; kept alive here: Tesseract does not
        copy it); ``origin``: where its top-left pixel is on the page, so that boxes are in page
        pixels."""
        self._origin = origin
        height, width = gray.shape
        self._image = np.ascontiguousarray(gray, dtype=np.uint8).tobytes()
        self._api.SetImageBytes(self._image, width, height, 1, width)
        self._api.SetSourceResolution(dpi)

    def read(self, box: tuple[int, int, int, int] | None = None, psm: int = PSM_COLUMN) -> list[TextLine]:
        """The text lines in ``box`` (of the image, the whole image when None), boxed in page pixels."""
        tesserocr = self._tesserocr
        api = self._api
        api.SetPageSegMode(psm)
        if box is not None:
            x0, y0, x1, y1 = box
            api.SetRectangle(x0, y0, max(1, x1 - x0), max(1, y1 - y0))
        remaining_ms = int((self.deadline - time.monotonic()) * 1000)
        if remaining_ms <= 0 or not api.Recognize(timeout=remaining_ms):
            raise TesseractTimeout()
        lines: list[TextLine] = []
        iterator = api.GetIterator()
        if iterator is None:
            return lines
        level = tesserocr.RIL.SYMBOL
        for symbol in tesserocr.iterate_level(iterator, level):
            try:
                text = symbol.GetUTF8Text(level)
            except RuntimeError:  # tesserocr's word for an empty page or rectangle
                break
            if not text or not text.strip():
                continue
            confidence = symbol.Confidence(level)
            if confidence < 0:
                continue
            space = symbol.IsAtBeginningOf(tesserocr.RIL.WORD) and symbol.BlanksBeforeWord() > 0
            x0, y0, x1, y1 = symbol.BoundingBox(level)
            dx, dy = self._origin
            glyph = Glyph(text.strip(), (x0 + dx, y0 + dy, x1 + dx, y1 + dy), confidence / 100, space)
            if symbol.IsAtBeginningOf(tesserocr.RIL.TEXTLINE) or not lines:
                lines.append(TextLine([glyph]))
            else:
                lines[-1].glyphs.append(glyph)
        return lines

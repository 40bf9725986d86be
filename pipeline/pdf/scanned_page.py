"""A scanned page's picture to the document model: its bordered tables as ``Table``s (a cell's text
read on its own, so that a row's cells never run together), the text outside them as lines, in
reading order, each line with its OCR confidence.

Numbers are read again from their digits' shapes (``numerals``): Tesseract's Thai model misreads
Thai digits with high confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import regex

from extractors.tables import Cell, Row, Table
from pipeline.pdf import numerals
from pipeline.pdf.image_grid import Grid, find_grids, ruling_lines
from pipeline.pdf.page_image import deskewed, ink
from pipeline.pdf.paragraphs import PrintedLine, joined
from pipeline.pdf.tesseract import (
    LATIN,
    PSM_BLOCK,
    PSM_COLUMN,
    PSM_LINE,
    Engine,
    Glyph,
    TesseractMissing,
    TextLine,
)

# Glyphs Tesseract gives for a number's characters: digits, separators, and « (its reading of ๙).
_NUMBER_GLYPH = regex.compile(r"[0-9๐-๙,.«]+")
_DIGIT = regex.compile(r"[0-9๐-๙]")
_THAI_DIGIT = regex.compile(r"[๐-๙«]")
_ARABIC_DIGIT = regex.compile(r"[0-9]")
_DIGITS = regex.compile(r"\(?[0-9๐-๙]+[.)]?")  # a number standing alone: "๓", "๒)", "๑๒."
# Specks Tesseract reads as punctuation before a line's first word or list item's number:
# "@๑. ชื่อโครงการ", ". ๑. ชื่อ…", ". สารบัญ", ". .@. ชื่อโครงการ" (Thai text never starts with them).
_LEADING_JUNK = regex.compile(r"^[.,'`@«»*~^][.,'`@«»*~^\s]*(?=[0-9๐-๙]{1,3}\s?[.)]|[ก-ฮเ-ไ])")
# A section number ("๒.๓.๑", "๑.๑") opening a line: a speck read as a letter or a 1 before it
# ("ย ๔.๒.๑ ส่งเสริม…", "1 ๒.๓.๑ จัดทำ…") goes, and the space Tesseract dropped after it comes
# back ("๑.๑ภารเสริมสร้าง…").
_SECTION = r"[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2}){1,2}"
_SPECK_BEFORE_SECTION = regex.compile(rf"^(?!ณ)[ก-ฮ1]\s(?={_SECTION}\s)")  # ณ: "at", a word
_SECTION_GLUED = regex.compile(rf"^({_SECTION})(?=[ก-ฮเ-ไ])")
MARKS_SHARE = 0.6  # marks are less than half as tall as the letters they stand on
TABLE_MARGIN_PX = 4  # paper over a table's outline this far out, so no border is read as text
CELL_MARGIN_PX = 12
MAX_DASH_PX = 120  # a dash in 16 pt is about 15 x 3 pixels; in 10 pt 8 x 2
MIN_DASH_WIDTH_PX = 6
DASH_CONFIDENCE = 0.6  # a lone flat stroke: a dash, or a speck of dirt
MIN_CELL_INK_PX = 15  # less ink than the smallest digit: an empty cell (Tesseract reads specks as letters)
# English in a cell ("Likelihood (L)", "Risk Score (LxI)") comes out of the Thai model as Thai
# letters with digits inside words ("เมแพ๑นท๐๐อ๐ส่", "พิ1ร", "เทาวล๕1"), which Thai writing never
# has, at the confidence of good Thai (0.9 and more: Tesseract's confidence does not tell them
# apart). Such a cell is read again by the English model; its reading wins when it is Latin text
# read surely.
_LATIN_AS_THAI = regex.compile(r"[\u0E01-\u0E4E][๐-๙]*[0-9]|[0-9][๐-๙]*[\u0E01-\u0E4E]"
                               r"|[\u0E01-\u0E2E][๐-๙]+[\u0E01-\u0E2E]")
LATIN_CONFIDENCE = 0.9
_LATIN_TEXT = regex.compile(r"^[\sA-Za-z0-9().,:;/&%*×x+-]*[A-Za-z]{3}[\sA-Za-z0-9().,:;/&%*×x+-]*$")


@dataclass
class PageText:
    lines: list[str]
    confidences: list[float]
    tables: list[Table]
    skew_degrees: float


def read_page_image(gray: np.ndarray, dpi: int, timeout_seconds: float) -> PageText:
    """Lines and tables of one scanned page (greyscale, ``dpi`` dots per inch)."""
    gray, angle = deskewed(gray)
    mask = ink(gray)
    horizontal, vertical = ruling_lines(mask)
    grids = find_grids(horizontal, vertical)
    if grids:
        # Cells are read without their borders: a border's edge in a cell reads as letters.
        rules = cv2.bitwise_or(horizontal, vertical) > 0
        mask = np.where(rules, 0, mask).astype(np.uint8)
        cells_image = np.where(rules, np.uint8(255), gray)
    with Engine.borrowed() as engine:
        return _read(engine, gray, cells_image if grids else gray, mask, grids, dpi, timeout_seconds, angle)


def _read(engine: Engine, gray: np.ndarray, cells_image: np.ndarray, mask: np.ndarray, grids: list[Grid],
          dpi: int, timeout_seconds: float, angle: float) -> PageText:
    outside = gray.copy()
    for grid in grids:
        x0, y0, x1, y1 = grid.box
        outside[max(0, y0 - TABLE_MARGIN_PX):y1 + TABLE_MARGIN_PX + 1,
                max(0, x0 - TABLE_MARGIN_PX):x1 + TABLE_MARGIN_PX + 1] = 255
    engine.start_page(timeout_seconds)
    engine.set_page(outside, dpi)
    # (top, printed lines or table rows) of every text line and table, sorted into reading order.
    blocks: list[tuple[int, PrintedLine | list[tuple[str, float]]]] = []
    for line in _marks_rejoined(engine, engine.read(psm=PSM_COLUMN), mask):
        text, confidence = repaired(line, mask)
        if text:
            x0, y0, x1, _ = line.box
            baseline = int(np.median([g.box[3] for g in line.glyphs]))
            blocks.append((y0, PrintedLine(text, confidence, x0, x1, baseline)))
    tables = []
    if grids:
        for grid in grids:
            table, confidences = _read_table(engine, grid, cells_image, mask, dpi)
            # A row of empty cells (the sliver between a border and a line overshooting it) is no row.
            rows = [(line, c) for (_, line), c in zip(table.row_lines(), confidences) if line.strip()]
            if rows:
                tables.append(table)
                blocks.append((grid.box[1], rows))
    blocks.sort(key=lambda block: block[0])
    printed = [block for _, block in blocks if isinstance(block, PrintedLine)]
    column = (min((p.left for p in printed), default=0), max((p.right for p in printed), default=0))
    lines: list[tuple[str, float]] = []
    run: list[PrintedLine] = []  # printed lines since the last table
    for _, block in [*blocks, (0, [])]:
        if isinstance(block, PrintedLine):
            run.append(block)
            continue
        lines += joined(run, column)
        lines += block
        run = []
    return PageText([t for t, _ in lines], [c for _, c in lines], tables, angle)


def _marks_rejoined(engine: Engine, lines: list[TextLine], mask: np.ndarray) -> list[TextLine]:
    """Lines of large type read again as one where Tesseract took the marks above a heading's
    letters for a line of their own (``๐ ๑ ๕`` over ``ลาดบท ๓`` for ลำดับที่ ๓): a line whose ink
    is much smaller than the letters of the next, touching its top, within its width."""
    out: list[TextLine] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        below = lines[k + 1] if k + 1 < len(lines) else None
        if below is not None:
            (x0, y0, x1, y1), (bx0, by0, bx1, by1) = line.box, below.box
            if (y1 >= by0 - (by1 - by0) / 2 and x0 >= bx0 - (by1 - by0) and x1 <= bx1 + (by1 - by0)
                    and _band(line, mask, None).letter_height <= MARKS_SHARE * _band(below, mask, None).letter_height):
                again = engine.read((min(x0, bx0), y0, max(x1, bx1), by1), psm=PSM_LINE)
                if again:
                    out += again
                    k += 2
                    continue
        out.append(line)
        k += 1
    return out


def _read_table(engine: Engine, grid: Grid, image: np.ndarray, mask: np.ndarray, dpi: int
                ) -> tuple[Table, list[float]]:
    """The grid's cells read one by one, each as a picture of its own with a margin of paper
    (Tesseract misses marks, ปี read as ป, on text cut close). Returns the table and each row's
    confidence (its least sure cell's)."""
    by_row: dict[int, list[tuple[Cell, float]]] = {}
    for cell in grid.cells:
        texts, confidences = [], []
        x0, y0, x1, y1 = cell.box
        dash = _is_dash(mask[y0:y1, x0:x1])
        number = None if dash else _number_cell(mask, cell.box)
        blank = dash or number is not None or np.count_nonzero(mask[y0:y1, x0:x1]) < MIN_CELL_INK_PX
        if not blank:
            picture = cv2.copyMakeBorder(image[y0:y1, x0:x1], CELL_MARGIN_PX, CELL_MARGIN_PX, CELL_MARGIN_PX,
                                         CELL_MARGIN_PX, cv2.BORDER_CONSTANT, value=255)
            engine.set_page(picture, dpi, origin=(x0 - CELL_MARGIN_PX, y0 - CELL_MARGIN_PX))
        for line in [] if blank else _latin_reread(engine, engine.read(psm=PSM_BLOCK), picture, cell.box, dpi):
            text, confidence = repaired(line, mask, cell.box)
            if text:
                texts.append(text)
                confidences.append(confidence)
        if dash:
            texts, confidences = ["-"], [DASH_CONFIDENCE]
        elif number is not None:
            texts, confidences = [number[0]], [number[1]]
        by_row.setdefault(cell.row, []).append(
            (Cell(" ".join(texts), cell.row_span, cell.col_span, cell.box), min(confidences, default=1.0)))
    table = Table(serialisation="image-grid")
    row_confidences = []
    for r in range(grid.rows):
        cells = by_row.get(r, [])
        table.rows.append(Row([cell for cell, _ in cells], source_line=r + 1))
        row_confidences.append(min((c for cell, c in cells if cell.text), default=1.0))
    return table, row_confidences


def _latin_reread(engine: Engine, lines: list[TextLine], picture: np.ndarray, box: tuple[int, int, int, int],
                  dpi: int) -> list[TextLine]:
    """A cell's lines as the Thai model read them, or as the English model reads them where the
    cell is English (``_LATIN_AS_THAI``)."""
    if not any(_LATIN_AS_THAI.search(line.text()) for line in lines):
        return lines
    try:
        with Engine.borrowed(LATIN) as latin:
            latin.deadline = engine.deadline
            latin.set_page(picture, dpi, origin=(box[0] - CELL_MARGIN_PX, box[1] - CELL_MARGIN_PX))
            again = latin.read(psm=PSM_BLOCK)
    except TesseractMissing:
        return lines  # no English model: the Thai reading, unsure as it is
    read = [g for line in again for g in line.glyphs]
    if not read or not _LATIN_TEXT.match(" ".join(line.text() for line in again)):
        return lines
    return again if sum(g.confidence for g in read) / len(read) >= LATIN_CONFIDENCE else lines


_AMOUNT = regex.compile(r"^[0-9๐-๙][0-9๐-๙,.]*$")
_NUMBER_CELL_LIKENESS = 0.75


def _number_cell(mask: np.ndarray, box: tuple[int, int, int, int]) -> tuple[str, float] | None:
    """A cell that holds one number and nothing else (an amount, a year) read from its digits'
    shapes alone: half a budget table's cells, read without Tesseract, whose Thai model misreads
    them anyway. None for any other cell."""
    x0, y0, x1, y1 = box
    ys, xs = np.nonzero(mask[y0:y1, x0:x1])
    if ys.size < MIN_CELL_INK_PX:
        return None
    top, bottom = y0 + int(ys.min()), y0 + int(ys.max())
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask[top:bottom + 1, x0:x1], connectivity=8)
    heights = [h for _, _, w, h, area in stats[1:] if area >= 30]
    if not heights or bottom - top > 1.5 * max(heights):
        return None  # more than one line of ink
    ink_box = (x0 + int(xs.min()), top, x0 + int(xs.max()), bottom)
    reading = numerals.read_number(mask, ink_box, True, box, body=float(max(heights)),
                                   min_likeness=_NUMBER_CELL_LIKENESS)
    return reading if reading is not None and _AMOUNT.match(reading[0]) else None


def _is_dash(ink: np.ndarray) -> bool:
    """A cell whose only ink is one short flat stroke: the dash a budget table prints for "none",
    which Tesseract reads as nothing, or as a letter, when it stands alone."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    marks = [s for s in stats[1:] if s[cv2.CC_STAT_AREA] >= 4]
    if len(marks) != 1:
        return False
    _, _, width, height, area = marks[0]
    return MIN_DASH_WIDTH_PX <= width and 2 * height <= width and area <= MAX_DASH_PX


def repaired(line: TextLine, mask: np.ndarray, clip: tuple[int, int, int, int] | None = None) -> tuple[str, float]:
    """A line's text with its numbers read from their digits' shapes, and its confidence: the mean
    of its glyphs', or its least sure number's when lower. ``clip``: the cell the line is in."""
    glyphs: list[Glyph] = []
    least = 1.0
    source = _list_marker_read(line, mask, clip)
    band: _Band | None = None
    i = 0
    while i < len(source):
        end = i
        while (end < len(source) and _NUMBER_GLYPH.fullmatch(source[end].text)
               and (end == i or not source[end].space_before or _close(source[end - 1], source[end]))):
            end += 1
        if end == i:
            glyphs.append(source[i])
            i += 1
            continue
        run = source[i:end]
        band = band or _band(line, mask, clip)
        reading = _read_number(run, mask, clip, tuple(g.box for g in source[max(0, i - 1):i] + source[end:end + 1]),
                               band)
        if reading is None:
            glyphs.extend(run)
        else:
            glyphs.append(reading)
            least = min(least, reading.confidence)
        i = end
    if not glyphs:
        return "", 0.0
    band = band or _band(line, mask, clip)
    glyphs = _short_words_as_numbers(_skipped_numbers(glyphs, band, mask, clip), band, mask, clip)
    read = TextLine(glyphs)
    text = _SPECK_BEFORE_SECTION.sub("", _LEADING_JUNK.sub("", read.text()))
    return _SECTION_GLUED.sub(r"\1 ", text), min(read.confidence, least)


# Only ink that is clearly a digit is taken: on plan pages 98% of letter-sized components score
# under 0.6 against the digits' shapes, the digits 0.74 to 0.97.
_SKIPPED_LIKENESS = 0.7
_SHORT_WORD = 2  # glyphs


def _short_words_as_numbers(glyphs: list[Glyph], band: _Band, mask: np.ndarray, clip) -> list[Glyph]:
    """The glyphs with a word of one or two glyphs standing alone read again as a number when its
    ink is clearly digits (``ลำดับที่ ดา`` for ลำดับที่ ๓)."""
    starts = [k for k, g in enumerate(glyphs) if k == 0 or g.space_before] + [len(glyphs)]
    out: list[Glyph] = []
    for start, end in zip(starts, starts[1:]):
        word = glyphs[start:end]
        reading = None
        if len(word) <= _SHORT_WORD and not any(_DIGIT.search(g.text) for g in word):
            neighbours = tuple(g.box for g in glyphs[max(0, start - 1):start] + glyphs[end:end + 1])
            reading = _read_number(word, mask, clip, neighbours, band, _SKIPPED_LIKENESS)
        out += [reading] if reading is not None and _DIGITS.fullmatch(reading.text) else word
    return out


def _skipped_numbers(glyphs: list[Glyph], band: _Band, mask: np.ndarray, clip) -> list[Glyph]:
    """The glyphs with the numbers Tesseract left out ("จำนวน   โครงการ" for "จำนวน ๗ โครงการ"):
    digit-shaped ink in a gap between words."""
    thai = not any(_ARABIC_DIGIT.search(g.text) for g in glyphs)
    out = [glyphs[0]]
    for glyph in glyphs[1:]:
        left, right = out[-1].box[2] + 1, glyph.box[0] - 1
        if glyph.space_before and right - left >= band.letter_height:
            box = (left, band.top, right, band.bottom)
            reading = numerals.read_number(mask, box, thai, clip, (out[-1].box, glyph.box), (box,),
                                           band.letter_height, _SKIPPED_LIKENESS, whole=True)
            if reading is not None and _DIGIT.search(reading[0]):
                out.append(Glyph(reading[0], box, reading[1], True))
        out.append(glyph)
    return out


def _read_number(run: list[Glyph], mask: np.ndarray, clip, neighbours, band: _Band,
                 min_likeness: float = 0.0) -> Glyph | None:
    """Tesseract's glyphs of a number read again from the digits' shapes, as one glyph."""
    text = "".join(g.text for g in run)
    if not (_DIGIT.search(text) or "«" in text or min_likeness) or not numerals.available():
        return None
    box = (min(g.box[0] for g in run), band.top, max(g.box[2] for g in run), band.bottom)
    thai = bool(_THAI_DIGIT.search(text)) or (min_likeness > 0 and not _DIGIT.search(text))
    reading = numerals.read_number(mask, box, thai, clip, neighbours,
                                   tuple(g.box for g in run), band.letter_height, min_likeness)
    return None if reading is None else Glyph(reading[0], box, reading[1], run[0].space_before)


def _close(left: Glyph, right: Glyph) -> bool:
    """Two glyphs of one number although Tesseract put a space between them: no wider apart than
    a digit (where it lost a comma: ``๕๕ ๐๐๐``)."""
    return right.box[0] - left.box[2] <= left.box[3] - left.box[1]


@dataclass
class _Band:
    """Where a line's letters stand: their top and bottom (the medians of its glyphs' boxes:
    Tesseract boxes a mark or a comma as tall as two lines now and then), and their height (the
    median height of the ink along the line: a consonant's, a digit's)."""

    top: int
    bottom: int
    letter_height: float


def _band(line: TextLine, mask: np.ndarray, clip) -> _Band:
    x0, _, x1, _ = line.box
    top = int(np.median([g.box[1] for g in line.glyphs]))
    bottom = int(np.median([g.box[3] for g in line.glyphs]))
    if clip is not None:
        x0, x1 = max(x0, clip[0]), min(x1, clip[2])
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask[top:bottom + 1, x0:x1 + 1], connectivity=8)
    heights = [h for _, _, w, h, area in stats[1:] if area >= 30 and w >= 5]
    return _Band(top, bottom, float(np.median(heights)) if heights else float(bottom - top))


# A list item's number ends at its first ")" or "." within the line's first glyphs ("- ๓) เพื่อ…",
# "๔. กลุ่มเป้าหมาย"); Tesseract reads it as a letter now and then ("- ต)", "- @)").
_MARKER_END = {")", "."}
_MARKER_GLYPHS = 4
_MARKER_LIKENESS = _SKIPPED_LIKENESS


def _list_marker_read(line: TextLine, mask: np.ndarray, clip) -> list[Glyph]:
    """The line's glyphs with a list item's number, read as letters or junk by Tesseract, read
    again from its shape when it is clearly a digit."""
    # Tesseract reads a bracket after a digit as mai yamok now and then: "๔ๆ จัดทำสื่อ…"
    glyphs = [Glyph(")", g.box, g.confidence, g.space_before) if g.text == "ๆ" and k and k < _MARKER_GLYPHS
              and _DIGIT.fullmatch(line.glyphs[k - 1].text) else g for k, g in enumerate(line.glyphs)]
    end = next((k for k, g in enumerate(glyphs[:_MARKER_GLYPHS]) if g.text in _MARKER_END), None)
    if not end or glyphs[end - 1].text in "-" or _NUMBER_GLYPH.fullmatch(glyphs[end - 1].text):
        return glyphs
    marker = glyphs[end - 1:end]
    neighbours = tuple(g.box for g in glyphs[max(0, end - 2):end - 1] + glyphs[end:end + 1])
    reading = _read_number(marker, mask, clip, neighbours, _band(line, mask, clip), _MARKER_LIKENESS)
    if reading is None or not _DIGIT.fullmatch(reading.text):
        return glyphs
    return [*glyphs[:end - 1], reading, *glyphs[end:]]

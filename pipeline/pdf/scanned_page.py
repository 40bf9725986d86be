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
from pipeline.pdf.image_grid import Grid, find_grids
from pipeline.pdf.page_image import deskewed, ink
from pipeline.pdf.tesseract import PSM_BLOCK, PSM_COLUMN, Engine, Glyph, TextLine

# Glyphs Tesseract gives for a number's characters: digits, separators, and « (its reading of ๙).
_NUMBER_GLYPH = regex.compile(r"[0-9๐-๙,.«]+")
_DIGIT = regex.compile(r"[0-9๐-๙]")
_THAI_DIGIT = regex.compile(r"[๐-๙«]")
TABLE_MARGIN_PX = 4  # paper over a table's outline this far out, so no border is read as text


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
    grids = find_grids(mask)
    engine = Engine.for_thread()
    outside = gray.copy()
    for grid in grids:
        x0, y0, x1, y1 = grid.box
        outside[max(0, y0 - TABLE_MARGIN_PX):y1 + TABLE_MARGIN_PX + 1,
                max(0, x0 - TABLE_MARGIN_PX):x1 + TABLE_MARGIN_PX + 1] = 255
    engine.start_page(timeout_seconds)
    engine.set_page(outside, dpi)
    # (top, lines with confidences) of every text line and table, sorted into reading order after.
    blocks: list[tuple[int, list[tuple[str, float]]]] = []
    for line in engine.read(psm=PSM_COLUMN):
        text, confidence = repaired(line, mask)
        if text:
            blocks.append((line.box[1], [(text, confidence)]))
    tables = []
    if grids:
        engine.set_page(gray, dpi)
        for grid in grids:
            table, confidences = _read_table(engine, grid, mask)
            # A row of empty cells (the sliver between a border and a line overshooting it) is no row.
            rows = [(line, c) for (_, line), c in zip(table.row_lines(), confidences) if line.strip()]
            if rows:
                tables.append(table)
                blocks.append((grid.box[1], rows))
    blocks.sort(key=lambda block: block[0])
    lines = [line for _, block in blocks for line in block]
    return PageText([t for t, _ in lines], [c for _, c in lines], tables, angle)


def _read_table(engine: Engine, grid: Grid, mask: np.ndarray) -> tuple[Table, list[float]]:
    """The grid's cells read one by one. Returns the table and each row's confidence (its least
    sure cell's)."""
    by_row: dict[int, list[tuple[Cell, float]]] = {}
    for cell in grid.cells:
        texts, confidences = [], []
        for line in engine.read(cell.box, psm=PSM_BLOCK):
            text, confidence = repaired(line, mask, cell.box)
            if text:
                texts.append(text)
                confidences.append(confidence)
        by_row.setdefault(cell.row, []).append(
            (Cell(" ".join(texts), cell.row_span, cell.col_span, cell.box), min(confidences, default=1.0)))
    table = Table(serialisation="image-grid")
    row_confidences = []
    for r in range(grid.rows):
        cells = by_row.get(r, [])
        table.rows.append(Row([cell for cell, _ in cells], source_line=r + 1))
        row_confidences.append(min((c for cell, c in cells if cell.text), default=1.0))
    return table, row_confidences


def repaired(line: TextLine, mask: np.ndarray, clip: tuple[int, int, int, int] | None = None) -> tuple[str, float]:
    """A line's text with its numbers read from their digits' shapes, and its confidence: the mean
    of its glyphs', or its least sure number's when lower. ``clip``: the cell the line is in."""
    glyphs: list[Glyph] = []
    least = 1.0
    source = line.glyphs
    body: float | None = None
    i = 0
    while i < len(source):
        end = i
        while (end < len(source) and _NUMBER_GLYPH.fullmatch(source[end].text)
               and (end == i or not source[end].space_before)):
            end += 1
        if end == i:
            glyphs.append(source[i])
            i += 1
            continue
        run = source[i:end]
        if body is None:
            body = _letter_height(line, mask, clip)
        reading = _read_number(run, mask, clip, tuple(g.box for g in source[max(0, i - 1):i] + source[end:end + 1]),
                               body)
        if reading is None:
            glyphs.extend(run)
        else:
            glyphs.append(reading)
            least = min(least, reading.confidence)
        i = end
    if not glyphs:
        return "", 0.0
    read = TextLine(glyphs)
    return read.text(), min(read.confidence, least)


def _read_number(run: list[Glyph], mask: np.ndarray, clip, neighbours, body: float) -> Glyph | None:
    """Tesseract's glyphs of a number read again from the digits' shapes, as one glyph."""
    text = "".join(g.text for g in run)
    if not (_DIGIT.search(text) or "«" in text) or not numerals.available():
        return None
    # The digits' own top and bottom: Tesseract boxes a comma as tall as two lines now and then.
    digits = [g.box for g in run if _DIGIT.search(g.text)] or [g.box for g in run]
    box = (min(g.box[0] for g in run), int(np.median([b[1] for b in digits])),
           max(g.box[2] for g in run), int(np.median([b[3] for b in digits])))
    reading = numerals.read_number(mask, box, bool(_THAI_DIGIT.search(text)), clip, neighbours,
                                   tuple(g.box for g in run), body)
    return None if reading is None else Glyph(reading[0], box, reading[1], run[0].space_before)


def _letter_height(line: TextLine, mask: np.ndarray, clip) -> float:
    """The height of the line's letters (a consonant's, a digit's): the median height of the ink
    components along it. Tesseract's glyph boxes are no measure: a mark's is often a line tall."""
    x0, _, x1, _ = line.box
    top = int(np.median([g.box[1] for g in line.glyphs]))
    bottom = int(np.median([g.box[3] for g in line.glyphs]))
    if clip is not None:
        x0, x1 = max(x0, clip[0]), min(x1, clip[2])
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask[top:bottom + 1, x0:x1 + 1], connectivity=8)
    heights = [h for _, _, w, h, area in stats[1:] if area >= 30 and w >= 5]
    return float(np.median(heights)) if heights else float(bottom - top)

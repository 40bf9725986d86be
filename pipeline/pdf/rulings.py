"""The ruling lines a page draws (table borders) and where it clips, read from its path objects with pdfium.

Producers draw a border either as a thin filled rectangle (Chromium, Word) or as a stroked line
(LibreOffice); both become a ``Ruling``: horizontal or vertical, at ``position``, from ``start`` to
``end``, in PDF points from the top left of the page (as poppler gives word boxes).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# A filled rectangle at most this thick is a line; a shorter line is a glyph's stroke or a bullet.
MAX_THICKNESS, MIN_LENGTH = 2.5, 4.0
# A segment this close to axis-parallel counts as horizontal or vertical.
SLANT = 0.5
# Fill or stroke colour channels all above this are white: a line drawn to be invisible.
WHITE = 250
# A ruling centred further than this outside its clip box is hidden (a row border a page break cut
# is drawn just below the clip: 0.7 pt).
CLIP_EDGE = 0.3


@dataclass(slots=True)
class Ruling:
    horizontal: bool
    position: float  # y of a horizontal ruling, x of a vertical one
    start: float
    end: float


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class PageDrawing:
    rulings: list[Ruling]
    # Where the page clips what it draws (Chromium clips to the page's margins, and draws the rows a
    # page break cuts on both pages, the part outside the clip hidden); empty: nothing is clipped.
    clips: list[Box]

    def visible(self, x: float, y: float) -> bool:
        return not self.clips or any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in self.clips)


def page_drawing(page: pdfium.PdfPage) -> PageDrawing:
    """Horizontal and vertical lines drawn on the page (thin filled rectangles included), cut to
    their clip, and the clip boxes of what the page draws. A rotated page or one whose media box does
    not start at the origin gives none: its drawing would not meet poppler's word boxes."""
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDF_GetPageBoundingBox(page, box)
    if page.get_rotation() or abs(box.left) > 0.5 or abs(box.bottom) > 0.5:
        return PageDrawing([], [])
    height = page.get_height()
    rulings: list[Ruling] = []
    clips: set[Box] = set()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        clip = _clip_box(obj, height)
        if clip is not None:
            clips.add(clip)
        width, tall = right.value - left.value, top.value - bottom.value
        thin = min(width, tall) <= MAX_THICKNESS and max(width, tall) >= MIN_LENGTH
        found: list[Ruling] = []
        if thin and (fill_mode.value or stroke.value) and not _white(obj, bool(fill_mode.value)):
            if width >= tall:
                found.append(Ruling(True, height - (top.value + bottom.value) / 2, left.value, right.value))
            else:
                found.append(Ruling(False, (left.value + right.value) / 2, height - top.value, height - bottom.value))
        elif stroke.value and not _white(obj, False):
            found = _stroked_lines(obj, height)
        rulings.extend(r for r in (_clipped(r, clip) for r in found) if r is not None)
    return PageDrawing(rulings, sorted(clips))


def _clip_box(obj, height: float) -> Box | None:
    """The bounding box of an object's clip path, from the top left; None when it has none."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    xs, ys = [], []
    for p in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        for s in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, p)):
            pdfium_c.FPDFPathSegment_GetPoint(pdfium_c.FPDFClipPath_GetPathSegment(clip, p, s), x, y)
            xs.append(x.value)
            ys.append(height - y.value)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _clipped(ruling: Ruling, clip: Box | None) -> Ruling | None:
    if clip is None:
        return ruling
    x0, top, x1, bottom = clip
    low, high = (x0, x1) if ruling.horizontal else (top, bottom)
    across_low, across_high = (top, bottom) if ruling.horizontal else (x0, x1)
    start, end = max(ruling.start, low), min(ruling.end, high)
    if end - start < MIN_LENGTH or not across_low - CLIP_EDGE <= ruling.position <= across_high + CLIP_EDGE:
        return None
    return Ruling(ruling.horizontal, ruling.position, start, end)


def _white(obj, filled: bool) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    get = pdfium_c.FPDFPageObj_GetFillColor if filled else pdfium_c.FPDFPageObj_GetStrokeColor
    if not get(obj, r, g, b, a):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) > WHITE


def _stroked_lines(obj, height: float) -> list[Ruling]:
    """The axis-parallel straight segments of a stroked path, in page coordinates."""
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    edges: list[tuple[float, float, float, float]] = []
    start = previous = None
    for s in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, s)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (matrix.a * x.value + matrix.c * y.value + matrix.e,
                 height - (matrix.b * x.value + matrix.d * y.value + matrix.f))
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif previous is not None and pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_LINETO:
            edges.append((*previous, *point))
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            edges.append((*point, *start))
        previous = point
    lines = []
    for x0, y0, x1, y1 in edges:
        if abs(y1 - y0) <= SLANT and abs(x1 - x0) >= MIN_LENGTH:
            lines.append(Ruling(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= SLANT and abs(y1 - y0) >= MIN_LENGTH:
            lines.append(Ruling(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    return lines

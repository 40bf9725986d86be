"""Numbers on a scanned page read from the shapes of their digits.

Tesseract's Thai model misreads Thai digits in the fonts plans are set in, with high confidence
(๒๕๖๖ read as ๒๕๒๒๐, ๘๐ as ๕๐: ๖ ๗ ๘ ๙ become ๒ ๓ ๕ «), and a digits-only whitelist does not help:
the model's choice is wrong, not its alphabet. So where Tesseract saw a number, each digit's
connected component of ink is compared with the digits drawn by the Thai fonts of fonts-thai-tlwg
(Laksaman is TLWG's clone of TH Sarabun, the font of Thai government documents); the nearest
shape wins, and how much nearer it is than the next digit is the reading's confidence.
"""

from __future__ import annotations

import glob
from functools import lru_cache

import cv2
import numpy as np
import regex

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
FONT_FOLDER = "/usr/share/fonts/truetype/tlwg"
# Upright text faces: the slanted, monospaced and handwriting ones draw digits no plan prints.
_FONTS = ("Laksaman", "Garuda", "Kinnari", "Loma", "Norasi", "Sawasdee", "Umpush", "Waree")
_SIDE = 24  # shapes are compared as SIDE x SIDE pictures, aspect ratio kept
# A digit is at least this share of the tallest ink in its number; smaller ink is a comma or a dot.
_DIGIT_HEIGHT = 0.6
# A bracket is this many times as tall as it is wide (the narrowest Thai digit, ๑, about 1), and
# taller than the letters.
_BRACKET_SHAPE, _BRACKET_HEIGHT = 2.2, 1.15
# The nearest digit must be this much nearer (in correlation) than the next for full confidence.
_SURE_MARGIN = 0.15


def _shape(mask: np.ndarray) -> np.ndarray:
    """A component's ink as a unit vector: centred in a square, scaled to SIDE, blurred a little so
    that a stroke a pixel off still matches."""
    ys, xs = np.nonzero(mask)
    ink = mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.float32)
    height, width = ink.shape
    side = max(height, width)
    square = np.zeros((side, side), np.float32)
    top, left = (side - height) // 2, (side - width) // 2
    square[top:top + height, left:left + width] = ink
    vector = cv2.GaussianBlur(cv2.resize(square, (_SIDE, _SIDE), interpolation=cv2.INTER_AREA), (3, 3), 0).ravel()
    vector -= vector.mean()
    return vector / (np.linalg.norm(vector) + 1e-9)


@lru_cache(maxsize=2)
def _templates(digits: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """Every digit as each font draws it, regular and bold: (shapes, their digits)."""
    from PIL import Image, ImageDraw, ImageFont

    shapes, labels = [], []
    for family in _FONTS:
        for path in sorted(glob.glob(f"{FONT_FOLDER}/{family}.ttf") + glob.glob(f"{FONT_FOLDER}/{family}-Bold.ttf")):
            font = ImageFont.truetype(path, 64)
            for digit in digits:
                picture = Image.new("L", (128, 128), 0)
                ImageDraw.Draw(picture).text((24, 8), digit, font=font, fill=255)
                mask = np.asarray(picture) > 127
                if mask.any():
                    shapes.append(_shape(mask))
                    labels.append(digit)
    return np.array(shapes, dtype=np.float32).reshape(len(shapes), _SIDE * _SIDE), tuple(labels)


def available() -> bool:
    return bool(glob.glob(f"{FONT_FOLDER}/Laksaman.ttf"))


def classify(mask: np.ndarray, digits: str) -> tuple[str, float, float]:
    """The digit (of ``digits``) a component's ink shows, a 0..1 confidence (how much nearer it
    is than the next digit), and its likeness to that digit (correlation: a digit of the scans
    scores over 0.85, a Thai letter under 0.65)."""
    shapes, labels = _templates(digits)
    scores = shapes @ _shape(mask)
    best = int(np.argmax(scores))
    other = max((s for s, label in zip(scores, labels) if label != labels[best]), default=0.0)
    margin = float(scores[best] - other)
    return labels[best], max(0.0, min(1.0, 0.5 + 0.5 * margin / _SURE_MARGIN)), float(scores[best])


def read_number(ink: np.ndarray, box: tuple[int, int, int, int], thai: bool,
                clip: tuple[int, int, int, int] | None = None,
                neighbours: tuple[tuple[int, int, int, int], ...] = (),
                own: tuple[tuple[int, int, int, int], ...] = (), body: float | None = None,
                min_likeness: float = 0.0, whole: bool = False) -> tuple[str, float] | None:
    """The number Tesseract saw in ``box`` (page pixels: the run's left and right, its digits'
    top and bottom) read digit by digit from the ink mask: its text (digits, commas, dots) and
    confidence (the least sure digit's). Ink outside ``clip`` (a table cell) is not looked at, nor
    ink centred in the box of a glyph next to the number (a bracket, a letter) and nearer its
    middle than any of the number's own glyphs' (``own``). ``body``: the height of the line's letters, which
    digits share (a bracket is taller). None too when a digit is less like any digit than
    ``min_likeness`` (ink Tesseract read as letters, tried as digits). ``whole``: only ink wholly
    inside the box (a gap between glyphs whose boxes may be a few pixels short of their ink).
    None when the box holds no digit-sized ink."""
    x0, y0, x1, y1 = box
    height = max(1, y1 - y0)
    # Tesseract's boxes are a few pixels off a glyph's edges: look around them, and keep the ink
    # that lies mostly inside the run and is centred on its line.
    cx0, cy0, cx1, cy1 = clip or (0, 0, ink.shape[1], ink.shape[0])
    top, bottom = max(0, cy0, y0 - height // 2), min(ink.shape[0], cy1, y1 + height // 2)
    left, right = max(0, cx0, x0 - height), min(ink.shape[1], cx1, x1 + height)
    if bottom <= top or right <= left:
        return None
    crop = ink[top:bottom, left:right]
    count, labels, stats, centres = cv2.connectedComponentsWithStats(crop, connectivity=8)

    def inside(i: int, centred: bool = True) -> bool:
        a, w = left + stats[i, cv2.CC_STAT_LEFT], stats[i, cv2.CC_STAT_WIDTH]
        slack = max(3, height // 5)
        overlap = min(a + w, x1 + slack) - max(a, x0 - slack)
        x, y = left + centres[i][0], top + centres[i][1]
        if _within(x, y, neighbours) and _nearest_is_neighbour(x, own, neighbours):
            return False
        if whole and not (x0 <= a and a + w <= x1):
            return False
        if not centred:  # a bracket: up to a letter after the digits, its top at the line's
            after = min(a + w, x1 + height) - max(a, x0)
            return after >= 0.5 * w and abs(top + stats[i, cv2.CC_STAT_TOP] - y0) <= height // 2
        return overlap >= 0.3 * w and y0 - height // 4 <= y <= y1 + height // 4

    body = body or height
    # A list number's bracket ("๔)") that Tesseract did not box apart: ink far thinner than any
    # Thai digit and taller than the letters (an Arabic 1 is as thin: only Thai numbers are looked
    # at so); it may run into the next line's ink.
    brackets = {i for i in range(1, count) if thai and inside(i, centred=False)
                and stats[i, cv2.CC_STAT_HEIGHT] >= _BRACKET_SHAPE * stats[i, cv2.CC_STAT_WIDTH]
                and stats[i, cv2.CC_STAT_HEIGHT] >= _BRACKET_HEIGHT * body}
    # Other ink much taller than the line's letters is a border, or a letter with its marks.
    parts = sorted(brackets | {i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= 4 and inside(i)
                               and stats[i, cv2.CC_STAT_HEIGHT] <= 1.6 * body})
    if not set(parts) - brackets:
        return None
    tallest = max(stats[i, cv2.CC_STAT_HEIGHT] for i in parts if i not in brackets)
    digits_of = THAI_DIGITS if thai else ARABIC_DIGITS
    digit_sized = [i for i in parts if i not in brackets and stats[i, cv2.CC_STAT_HEIGHT] >= _DIGIT_HEIGHT * tallest]
    baseline = max(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] for i in digit_sized)
    widths = [stats[i, cv2.CC_STAT_WIDTH] for i in digit_sized]
    digit_width = float(np.median(widths))
    # Tokens left to right: punctuation as text, digits as their ink (read once the script is known).
    tokens: list[str | np.ndarray] = []
    previous_right = None
    for i in sorted(parts, key=lambda i: stats[i, cv2.CC_STAT_LEFT]):
        x, y, w, h = (int(v) for v in stats[i, :4])
        # Digits of one number stand close; a gap wider than a digit with no comma in it is a space.
        if tokens and previous_right is not None and x - previous_right > digit_width and not (
                isinstance(tokens[-1], str) and tokens[-1] in ",."):
            tokens.append(" ")
        previous_right = x + w
        mask = labels[y:y + h, x:x + w] == i
        if i in brackets:
            tokens.append(")" if any(not isinstance(t, str) for t in tokens) else "(")
        elif h < _DIGIT_HEIGHT * tallest:
            if -tallest / 4 <= y + h - baseline <= tallest / 2:  # else ink off the line: a speck, a mark
                tokens.append("," if h > 1.4 * w else ".")
        else:
            tokens += _split_touching(mask, digit_width)
    digits = [t for t in tokens if not isinstance(t, str)]
    if not digits:
        return None
    # The script the shapes show: Tesseract reads a Thai ๖ as an Arabic 6 now and then.
    readings = {script: [classify(d, script) for d in digits] for script in (THAI_DIGITS, ARABIC_DIGITS)}
    script = max(readings, key=lambda k: (sum(r[2] for r in readings[k]), k == digits_of))
    if min(r[2] for r in readings[script]) < min_likeness:
        return None
    read = iter(readings[script])
    text = "".join(t if isinstance(t, str) else next(read)[0] for t in tokens)
    return separators(text.strip()), min(r[1] for r in readings[script])


# A dot before exactly three digits is a thousands comma read small ("๓๐.๐๐๐"): amounts have two
# decimals if any. A comma ending a number is a list number's dot ("๒๑, กิจกรรม").
_THOUSANDS_DOT = regex.compile(r"(?<=[0-9๐-๙])\.(?=[0-9๐-๙]{3}(?:[,.]|$))")


def separators(text: str) -> str:
    """A number's commas and dots as a plan prints them.

    >>> separators("๓๐.๐๐๐"), separators("๒๑,"), separators("1,500.00")
    ('๓๐,๐๐๐', '๒๑.', '1,500.00')
    """
    text = _THOUSANDS_DOT.sub(",", text)
    return text[:-1] + "." if text.endswith(",") else text


def _within(x: float, y: float, boxes: tuple[tuple[int, int, int, int], ...]) -> bool:
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def _nearest_is_neighbour(x: float, own, neighbours) -> bool:
    def distance(b: tuple[int, int, int, int]) -> float:
        return abs(x - (b[0] + b[2]) / 2)

    return min(map(distance, neighbours)) < min(map(distance, own), default=float("inf"))


def _split_touching(mask: np.ndarray, digit_width: float) -> list[np.ndarray]:
    """A component as wide as several digits (neighbours touching after blur) cut where the least
    ink crosses it, into as many digit-wide pieces."""
    width = mask.shape[1]
    pieces = int(round(width / digit_width)) if digit_width > 0 else 1
    if pieces <= 1 or width < 1.5 * digit_width:
        return [mask]
    column_ink = mask.sum(axis=0)
    cuts, start = [], 0
    for k in range(1, pieces):
        guess = int(k * width / pieces)
        window = max(2, int(digit_width / 3))
        low, high = max(start + 1, guess - window), min(width - 1, guess + window)
        cut = low + int(np.argmin(column_ink[low:high])) if high > low else guess
        cuts.append(cut)
        start = cut
    bounds = [0, *cuts, width]
    out = [mask[:, a:b] for a, b in zip(bounds, bounds[1:]) if b > a and mask[:, a:b].any()]
    return out or [mask]

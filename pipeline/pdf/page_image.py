"""A scanned page's picture made ready to read: set straight, and its ink separated from the paper.

Scanners and hand-fed sheets leave a page up to a degree or so askew; table borders then run across
pixel rows, and the grid search (``image_grid``) needs them level.
"""

from __future__ import annotations

import cv2
import numpy as np

# Pages are read in parallel, one per core: OpenCV's own thread pool on top of that only makes the
# pages' threads wait for each other (2 pages on 2 threads took longer than one after the other).
cv2.setNumThreads(1)

MAX_SKEW_DEGREES = 3.0
SKEW_STEP_DEGREES = 0.05
# The skew is searched on a smaller copy: a quarter of 200 dpi still resolves text lines.
_SKEW_SCALE = 0.25


def ink(gray: np.ndarray) -> np.ndarray:
    """Ink 255, paper 0 (Otsu's threshold: a scan's paper and ink are two clear peaks)."""
    return cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]


def skew_degrees(gray: np.ndarray) -> float:
    """The page's rotation: the angle at which its rows of ink (text lines, borders) are sharpest,
    i.e. the row sums of the rotated ink vary most."""
    small = cv2.resize(gray, None, fx=_SKEW_SCALE, fy=_SKEW_SCALE, interpolation=cv2.INTER_AREA)
    mask = ink(small)
    if not mask.any():
        return 0.0
    height, width = mask.shape
    centre = (width / 2, height / 2)

    def sharpness(angle: float) -> float:
        turned = cv2.warpAffine(mask, cv2.getRotationMatrix2D(centre, angle, 1.0), (width, height),
                                flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    # Coarse to fine: whole degrees' tenths, then the step around the best.
    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.25)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, SKEW_STEP_DEGREES)
    return float(max(fine, key=sharpness))


def deskewed(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The page turned level (paper colour fills the corners) and the angle it was turned by."""
    angle = skew_degrees(gray)
    if abs(angle) < SKEW_STEP_DEGREES:
        return gray, 0.0
    height, width = gray.shape
    paper = int(np.percentile(gray, 90))
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=paper), angle

"""A printed PDF "scanned": every page rendered at 200 dpi grey, set a little askew, blurred by
the optics, speckled by the sensor and JPEG-compressed, then written as an image-only PDF of the
same page sizes. Seeded: the same input and seed give the same bytes. Used by
tests/test_plan_pdf.py and bench/make_plans.py (issue 16).
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from fpdf import FPDF
from PIL import Image, ImageFilter

SCAN_DPI = 200
MAX_SKEW_DEGREES = 0.8  # a sheet fed by hand sits within a degree of straight
BLUR_RADIUS = 0.6  # pixels at 200 dpi
NOISE_SIGMA = 3.0  # grey levels of sensor noise; with JPEG_QUALITY about 0.4 MB a page
PAPER_GREY = 246  # paper is not pure white under the scanner lamp
JPEG_QUALITY = 70
# Fixed so that the PDF's bytes depend only on its pages.
_CREATED = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


def scan_page(page: Image.Image, rng: np.random.Generator) -> Image.Image:
    """One rendered greyscale page as a scanner returns it."""
    angle = rng.uniform(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES)
    skewed = page.rotate(angle, resample=Image.BILINEAR, fillcolor=255)
    blurred = np.asarray(skewed.filter(ImageFilter.GaussianBlur(BLUR_RADIUS)), dtype=np.float32)
    paper = blurred * (PAPER_GREY / 255.0) + NOISE_SIGMA * rng.standard_normal(blurred.shape, dtype=np.float32)
    return Image.fromarray(np.clip(paper, 0, 255).astype(np.uint8), mode="L")


def scan_pdf(source: Path, path: Path, seed: int = 0, dpi: int = SCAN_DPI) -> Path:
    """Write an image-only "scan" of the PDF ``source`` to ``path``; returns ``path``."""
    document = pdfium.PdfDocument(str(source))
    pdf = FPDF(unit="pt")
    pdf.set_creation_date(_CREATED)
    pdf.set_producer("tests/plan_scan.py")
    try:
        for index, page in enumerate(document):
            width, height = page.get_size()
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            scanned = scan_page(image, np.random.default_rng([seed, index]))
            jpeg = io.BytesIO()
            scanned.save(jpeg, format="JPEG", quality=JPEG_QUALITY)
            pdf.add_page(format=(width, height))
            pdf.image(jpeg, x=0, y=0, w=width, h=height)
            page.close()
    finally:
        document.close()
    pdf.output(str(path))
    return Path(path)

"""PDF input speed and accuracy: pages per second of the text-layer and OCR paths, and the
character error rate of each against the source text (both normalised, whitespace removed); and
the OCR path's pages per second against raw `tesseract` on the same page images.

    .venv/bin/python -m bench.bench_pdf [--pages N] [--psm 6 4 3] [--dpi 200] [--no-plan]

The plan pages come from seed 000 (announcement and project cards), printed to PDF with a Thai
text layer (fpdf2, TLWG Laksaman, HarfBuzz shaping) and rasterised to image-only pages. The
speed comparison also reads the scanned sample plan of tests/builders/plan_pdf.py (a budget table
over two landscape pages, cards, a risk table, a committee list; printed by Chromium and
"scanned"): raw `tesseract PAGE.png - -l tha --psm 4`, OCR_WORKERS processes at a time with
OMP_THREAD_LIMIT=1, on PNGs of the pages rendered beforehand, against `read_pdf` of the same
PDF, which renders, deskews, finds tables and reads cells and numbers.
Results go to bench/out/bench_pdf.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

from extractors.thai.normalise import normalise_text
from pipeline import pdf
from pipeline.pdf import ocr, scanned_page, tesseract
from tests.builders.pdf_samples import rasterise_pdf, text_pages, write_text_pdf
from tests.conftest import seed_text

OUT = Path(__file__).parent / "out" / "bench_pdf.json"


def squeezed(lines: list[str]) -> str:
    return "".join(normalise_text("\n".join(lines)).text.split())


def cer(reference: str, hypothesis: str) -> float:
    return Levenshtein.distance(reference, hypothesis) / max(1, len(reference))


def per_page_cer(source_pages: list[list[str]], document: pdf.PdfText) -> float:
    """CER of the whole document (pages can wrap differently, so compare the concatenation)."""
    return cer(squeezed([x for p in source_pages for x in p]), squeezed(document.lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=6, help="seed pages to print (default 6)")
    parser.add_argument("--psm", type=int, nargs="+", default=[tesseract.PSM_COLUMN], help="Tesseract page segmentation modes")
    parser.add_argument("--dpi", type=int, nargs="+", default=[ocr.OCR_DPI], help="OCR render resolutions")
    parser.add_argument("--no-plan", action="store_true", help="skip the scanned sample plan (needs Chromium)")
    args = parser.parse_args()
    lines = seed_text("000").split("\n")
    source_pages = text_pages("\n".join(lines[:37] + ["", "", "", ""] + lines[230:900]))[: args.pages]
    results: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        text_pdf = write_text_pdf(source_pages, Path(folder) / "text.pdf")
        image_pdf = rasterise_pdf(text_pdf, Path(folder) / "image.pdf", dpi=200)
        data = text_pdf.read_bytes()
        n_pages = len(pdfium.PdfDocument(data))

        started = time.perf_counter()
        document = pdf.read_pdf(data, "text.pdf", min_quality=0.0)
        seconds = time.perf_counter() - started
        results["text_layer"] = {"pages": n_pages, "pages_per_s": round(n_pages / seconds, 1),
                                 "cer": round(per_page_cer(source_pages, document), 5)}
        results["text_layer_raw_pdfium"] = _raw_extractors(text_pdf, source_pages)

        image_data = image_pdf.read_bytes()
        results["ocr_vs_raw_tesseract"] = {"rasterised_seed_pages": against_raw_tesseract(image_pdf, Path(folder))}
        if not args.no_plan:
            from tests.builders.plan_pdf import plan_to_pdf, seed_slices
            from tests.builders.plan_scan import scan_pdf

            plan = scan_pdf(plan_to_pdf(seed_slices(), Path(folder) / "plan.pdf"), Path(folder) / "plan_scan.pdf")
            results["ocr_vs_raw_tesseract"]["scanned_sample_plan"] = against_raw_tesseract(plan, Path(folder))
        for dpi in args.dpi:
            for psm in args.psm:
                ocr.OCR_DPI, scanned_page.PSM_COLUMN = dpi, psm
                started = time.perf_counter()
                document = pdf.read_pdf(image_data, "image.pdf")
                seconds = time.perf_counter() - started
                confidences = [c for p in document.pages for c in (p.line_confidence or [])]
                results[f"ocr_dpi{dpi}_psm{psm}"] = {
                    "pages": n_pages, "workers": ocr.OCR_WORKERS, "pages_per_s": round(n_pages / seconds, 2),
                    "cer": round(per_page_cer(source_pages, document), 4),
                    "mean_line_confidence": round(sum(confidences) / max(1, len(confidences)), 3)}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1))


def against_raw_tesseract(pdf_path: Path, folder: Path) -> dict:
    """Pages/s of the OCR path (read_pdf) and of raw `tesseract` CLI runs on the same pages."""
    document = pdfium.PdfDocument(str(pdf_path))
    pngs = []
    for number in range(1, len(document) + 1):
        png = folder / f"{pdf_path.stem}-{number}.png"
        from PIL import Image

        Image.fromarray(ocr.render_page(document, number)).save(png)
        pngs.append(png)
    document.close()
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def raw(png: Path) -> None:
        subprocess.run(["tesseract", str(png), "-", "-l", "tha", "--psm", str(tesseract.PSM_COLUMN)],
                       capture_output=True, check=True, env=environment)

    started = time.perf_counter()
    with ThreadPoolExecutor(ocr.OCR_WORKERS) as pool:
        list(pool.map(raw, pngs))
    raw_seconds = time.perf_counter() - started
    data = pdf_path.read_bytes()
    pdf.read_pdf(data, pdf_path.name)  # engines started and digit shapes drawn once per process
    started = time.perf_counter()
    pdf.read_pdf(data, pdf_path.name)
    ours_seconds = time.perf_counter() - started
    pages = len(pngs)
    return {"pages": pages, "workers": ocr.OCR_WORKERS, "raw_tesseract_pages_per_s": round(pages / raw_seconds, 2),
            "ocr_path_pages_per_s": round(pages / ours_seconds, 2), "ratio": round(raw_seconds / ours_seconds, 2)}


def _raw_extractors(path: Path, source_pages: list[list[str]]) -> dict:
    """Plain text extraction without the mark repair: pdfium's get_text_bounded, and pdfplumber
    when installed (it is not a dependency: this is the comparison that chose pdfium)."""
    reference = squeezed([x for p in source_pages for x in p])
    started = time.perf_counter()
    document = pdfium.PdfDocument(str(path))
    texts = [page.get_textpage().get_text_bounded() for page in document]
    out = {"pdfium_pages_per_s": round(len(texts) / (time.perf_counter() - started), 1),
           "pdfium_cer": round(cer(reference, squeezed(texts)), 4)}
    try:
        import pdfplumber
    except ImportError:
        return out
    started = time.perf_counter()
    with pdfplumber.open(path) as plumber:
        texts = [page.extract_text() for page in plumber.pages]
    out["pdfplumber_pages_per_s"] = round(len(texts) / (time.perf_counter() - started), 1)
    out["pdfplumber_cer"] = round(cer(reference, squeezed(texts)), 4)
    return out


if __name__ == "__main__":
    main()

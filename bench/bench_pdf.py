"""PDF input speed and accuracy: pages per second of the text-layer path (with tables) and of the OCR
path, the character error rate of each against the source text (both normalised, whitespace
removed), and the text engines compared on the same Thai pages from several PDF producers.

    .venv/bin/python -m bench.bench_pdf [--pages N] [--psm 6 4 3] [--dpi 200] [--no-ocr] [--no-plan]

The plan pages come from seed 000 (announcement and project cards), printed to PDF with a Thai
text layer (fpdf2, TLWG Laksaman, HarfBuzz shaping) and rasterised to image-only pages; the same
text laid out as a Word plan and printed by Chromium, and converted to .docx and printed by
LibreOffice when `soffice` is installed. The OCR path is timed against raw `tesseract` (OCR_WORKERS
processes at a time, OMP_THREAD_LIMIT=1) on PNGs of the same pages rendered beforehand, on the
rasterised seed pages and on the scanned sample plan. The text-layer path with tables is timed on the sample plan
(tests/builders/plan_pdf.py: bordered tables, merged cells, landscape pages, page breaks) and on the
whole plans of bench/make_plans.py when they are built. Results go to bench/out/bench_pdf.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium
import regex
from rapidfuzz.distance import Levenshtein

from extractors.thai.normalise import normalise_text
from pipeline import pdf
from pipeline.pdf import ocr, scanned_page, tesseract
from pipeline.pdf.text_layer import DOUBLED_CLUSTER, SARA_AM_SPACE
from tests.builders.pdf_samples import rasterise_pdf, text_pages, write_text_pdf
from tests.builders.plan_pdf import plan_html, plan_to_pdf, print_pdf, seed_slices
from tests.conftest import seed_text

OUT = Path(__file__).parent / "out" / "bench_pdf.json"
PLANS = Path(__file__).parent / "out" / "plans" / "text"


def normalised(text: str) -> str:
    return normalise_text(text).text


def squeezed(lines: list[str]) -> str:
    return "".join(normalised("\n".join(lines)).split())


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
    parser.add_argument("--no-ocr", action="store_true", help="only the text-layer path and the engines")
    parser.add_argument("--no-plan", action="store_true", help="skip the scanned sample plan (needs Chromium)")
    args = parser.parse_args()
    lines = seed_text("000").split("\n")
    source_pages = text_pages("\n".join(lines[:37] + ["", "", "", ""] + lines[230:900]))[: args.pages]
    results: dict = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        text_pdf = write_text_pdf(source_pages, folder / "text.pdf")
        data = text_pdf.read_bytes()
        n_pages = len(pdfium.PdfDocument(data))
        started = time.perf_counter()
        document = pdf.read_pdf(data, "text.pdf", min_quality=0.0)
        results["text_layer"] = {"pages": n_pages, "pages_per_s": round(n_pages / (time.perf_counter() - started), 1),
                                 "cer": round(per_page_cer(source_pages, document), 5)}
        results["text_layer_with_tables"] = _tables_speed(folder)
        results["engines"] = _engines(folder, text_pdf, source_pages)
        if not args.no_ocr:
            image_pdf = rasterise_pdf(text_pdf, folder / "image.pdf", dpi=200)
            image_data = image_pdf.read_bytes()
            results["ocr_vs_raw_tesseract"] = {"rasterised_seed_pages": against_raw_tesseract(image_pdf, folder)}
            if not args.no_plan:
                from tests.builders.plan_scan import scan_pdf

                plan = scan_pdf(plan_to_pdf(seed_slices(), folder / "plan.pdf"), folder / "plan_scan.pdf")
                results["ocr_vs_raw_tesseract"]["scanned_sample_plan"] = against_raw_tesseract(plan, folder)
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
    OUT.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in results.items() if k != "engines"}, indent=1))
    _print_engines(results["engines"])


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


def _tables_speed(folder: Path) -> dict:
    """Pages/s of the text-layer path (words, rulings, tables, the document's flow) on one core."""
    plans = {"sample plan": plan_to_pdf(seed_slices(), folder / "sample.pdf")}
    plans.update({path.stem[:3]: path for path in sorted(PLANS.glob("*.pdf"))})
    out = {}
    for label, path in plans.items():
        data = path.read_bytes()
        started = time.perf_counter()
        document = pdf.read_pdf(data, path.name, min_quality=0.0)
        seconds = time.perf_counter() - started
        out[label] = {"pages": len(document.pages), "tables": len(document.tables),
                      "pages_per_s": round(len(document.pages) / seconds, 1)}
    return out


def _engines(folder: Path, fpdf2_pdf: Path, source_pages: list[list[str]]) -> dict:
    """Each text engine on the same pages from each producer: CER against the source text (whitespace
    removed, and with single spaces), spaces after sara am, doubled clusters, pages/s."""
    source = "\n\n\n\n".join("\n".join(page) for page in source_pages)
    producers = {"fpdf2": fpdf2_pdf}
    html = folder / "plan.html"
    html.write_text(plan_html(source), encoding="utf-8")
    producers["chromium"] = print_pdf(html, folder / "chromium.pdf")
    if shutil.which("soffice"):
        for target in ("docx:MS Word 2007 XML", "pdf"):
            given = folder / ("plan.html" if target.startswith("docx") else "plan.docx")
            subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", str(folder / "lo"), str(given)],
                           check=True, capture_output=True, timeout=300)
            if target.startswith("docx"):
                shutil.move(folder / "lo" / "plan.docx", folder / "plan.docx")
        producers["libreoffice"] = folder / "lo" / "plan.pdf"
    reference = normalised(source)
    out: dict = {}
    for producer, path in producers.items():
        n_pages = len(pdfium.PdfDocument(str(path)))
        for engine, read in _ENGINES.items():
            started = time.perf_counter()
            text = read(path)
            if text is None:
                continue
            seconds = time.perf_counter() - started
            text = normalised(text)
            out[f"{producer} / {engine}"] = {
                "cer": round(cer("".join(reference.split()), "".join(text.split())), 4),
                "cer_spaced": round(cer(" ".join(reference.split()), " ".join(text.split())), 4),
                "sara_am_spaces": len(SARA_AM_SPACE.findall(text)), "doubled_clusters": len(DOUBLED_CLUSTER.findall(text)),
                "pages_per_s": round(n_pages / seconds, 1)}
    out["reference"] = {"sara_am_spaces": len(SARA_AM_SPACE.findall(reference)),
                        "doubled_clusters": len(DOUBLED_CLUSTER.findall(reference))}
    return out


def _pdfium(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    return "\n".join(page.get_textpage().get_text_bounded() for page in document)


def _pdftotext(*options: str):
    def read(path: Path) -> str:
        return subprocess.run(["pdftotext", *options, "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
    return read


def _pdftotext_words(path: Path) -> str:
    """poppler's words in its physical order (``-bbox``), one space between words."""
    html = _pdftotext("-bbox")(path)
    return " ".join(regex.findall(r"<word[^>]*>(.*?)</word>", html))


def _pdfplumber(path: Path) -> str | None:
    """pdfplumber when installed (it is not a dependency: this comparison left it out)."""
    try:
        import pdfplumber
    except ImportError:
        return None
    with pdfplumber.open(path) as plumber:
        return "\n".join(page.extract_text() or "" for page in plumber.pages)


_ENGINES = {
    "pdfium get_text_bounded": _pdfium,
    "pdftotext": _pdftotext(),
    "pdftotext -raw": _pdftotext("-raw"),
    "pdftotext -bbox words": _pdftotext_words,
    "thaiplan (pdftotext -raw -bbox, joined)": lambda path: "\n".join(pdf.read_pdf(path.read_bytes(), path.name,
                                                                                   min_quality=0.0).lines),
    "pdfplumber": _pdfplumber,
}


def _print_engines(engines: dict) -> None:
    print(f"\n{'producer / engine':<58}{'CER':>8}{'spaced':>8}{'ำ_':>6}{'dbl':>6}{'pages/s':>9}")
    for name, row in engines.items():
        if name != "reference":
            print(f"{name:<58}{row['cer']:>8.4f}{row['cer_spaced']:>8.4f}{row['sara_am_spaces']:>6}"
                  f"{row['doubled_clusters']:>6}{row['pages_per_s']:>9}")
    print(f"{'reference (the source text)':<58}{'':>16}{engines['reference']['sara_am_spaces']:>6}"
          f"{engines['reference']['doubled_clusters']:>6}")


if __name__ == "__main__":
    main()

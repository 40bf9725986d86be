"""Build the whole plans issues 15 and 16 measure: seeds 000, 003 and 001 laid out as a Word
document would be and printed to PDF by headless Chromium (tests/plan_pdf.py), and those PDFs
"scanned" (tests/plan_scan.py).

    .venv/bin/python -m bench.make_plans [OUT] [--seeds 000 003 001] [--no-scan]

Writes OUT/text/<seed stem>.pdf and OUT/scan/<seed stem>.pdf (OUT defaults to bench/out/plans,
git-ignored), prints pages, landscape pages, sizes and build times, and writes them to
OUT/plans.json. bench/score_plans.py extracts and scores the result.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.builders.plan_pdf import plan_to_pdf  # noqa: E402
from tests.builders.plan_scan import scan_pdf  # noqa: E402
from tests.conftest import seed_path  # noqa: E402

OUT = ROOT / "bench" / "out" / "plans"
SEEDS = ("000", "003", "001")
MB = 1e6


def page_shapes(path: Path) -> tuple[int, int]:
    """Pages and landscape pages of a PDF."""
    document = pdfium.PdfDocument(str(path))
    try:
        sizes = [page.get_size() for page in document]
    finally:
        document.close()
    return len(sizes), sum(width > height for width, height in sizes)


def build(seed: str, out: Path, scan: bool) -> dict:
    source = seed_path(seed)
    text_pdf = out / "text" / f"{source.stem}.pdf"
    text_pdf.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    plan_to_pdf(source.read_text(encoding="utf-8"), text_pdf)
    pages, landscape = page_shapes(text_pdf)
    row = {"seed": seed, "pages": pages, "landscape_pages": landscape,
           "text_mb": round(text_pdf.stat().st_size / MB, 2), "text_s": round(time.perf_counter() - started, 1)}
    if scan:
        scan_path = out / "scan" / f"{source.stem}.pdf"
        scan_path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        scan_pdf(text_pdf, scan_path)
        row |= {"scan_mb": round(scan_path.stat().st_size / MB, 1), "scan_s": round(time.perf_counter() - started, 1)}
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=OUT, help=f"output folder (default {OUT})")
    parser.add_argument("--seeds", nargs="+", default=list(SEEDS), help="seed prefixes (default 000 003 001)")
    parser.add_argument("--no-scan", action="store_true", help="only the text-layer PDFs")
    args = parser.parse_args()
    columns = ("seed", "pages", "landscape_pages", "text_mb", "text_s", "scan_mb", "scan_s")
    print(" ".join(f"{c:>15}" for c in columns))
    rows = []
    for seed in args.seeds:
        rows.append(build(seed, args.out, scan=not args.no_scan))
        print(" ".join(f"{rows[-1].get(c, '-')!s:>15}" for c in columns), flush=True)
    (args.out / "plans.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

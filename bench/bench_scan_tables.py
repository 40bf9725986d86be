"""Table grids found in scanned pages: our ruling-line grid (pipeline/pdf/image_grid.py) against
img2table, on the scanned sample plan of tests/builders/plan_pdf.py (a budget table over landscape
pages with merged cells, cards, a risk table, a committee list).

    .venv/bin/python -m bench.bench_scan_tables --img2table-python /tmp/i2t/bin/python

img2table is no dependency of thaiplan (it brings its own OpenCV and polars): give the Python of
a separate venv that has it (`python -m venv /tmp/i2t && /tmp/i2t/bin/pip install img2table`).
Both finders get the same deskewed page pictures; the time is the grid search alone (img2table
with ``borderless_tables=False``, no OCR). Accuracy: every cell box either finder gives is read
by the same OCR (our cell reader), and a seed cell counts as found when a cell's text matches it
(character similarity >= 0.8 after removing spaces); amounts must match exactly. Results go to
bench/out/bench_scan_tables.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import regex
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.thai.normalise import normalise_text  # noqa: E402
from pipeline.pdf.image_grid import find_grids, ruling_lines  # noqa: E402
from pipeline.pdf.ocr import OCR_DPI, render_page  # noqa: E402
from pipeline.pdf.page_image import deskewed, ink  # noqa: E402
from pipeline.pdf.scanned_page import CELL_MARGIN_PX, repaired  # noqa: E402
from pipeline.pdf.tesseract import PSM_BLOCK, Engine  # noqa: E402
from tests.builders.plan_pdf import plan_to_pdf, seed_slices  # noqa: E402
from tests.builders.plan_scan import scan_pdf  # noqa: E402

OUT = ROOT / "bench" / "out" / "bench_scan_tables.json"
_AMOUNT = regex.compile(r"^[0-9๐-๙][0-9๐-๙,]*$")

# Run in img2table's venv: cell boxes of every page picture, and the seconds the search took.
_IMG2TABLE = r"""
import json, sys, time
from img2table.document import Image
out = []
for path in sys.argv[1:]:
    started = time.perf_counter()
    tables = Image(src=path).extract_tables(borderless_tables=False)
    seconds = time.perf_counter() - started
    boxes = sorted({(c.bbox.x1, c.bbox.y1, c.bbox.x2, c.bbox.y2) for t in tables for row in t.content.values() for c in row})
    out.append({"seconds": seconds, "tables": len(tables), "boxes": boxes})
print(json.dumps(out))
"""


def squeezed(text: str) -> str:
    return "".join(normalise_text(text).text.split())


def read_cells(engine: Engine, gray: np.ndarray, mask: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> list[str]:
    texts = []
    for x0, y0, x1, y1 in boxes:
        x0, y0, x1, y1 = max(0, x0 + 3), max(0, y0 + 3), x1 - 3, y1 - 3
        if x1 - x0 < 5 or y1 - y0 < 5:
            continue
        picture = cv2.copyMakeBorder(gray[y0:y1, x0:x1], CELL_MARGIN_PX, CELL_MARGIN_PX, CELL_MARGIN_PX,
                                     CELL_MARGIN_PX, cv2.BORDER_CONSTANT, value=255)
        engine.set_page(picture, OCR_DPI, origin=(x0 - CELL_MARGIN_PX, y0 - CELL_MARGIN_PX))
        texts.append(" ".join(repaired(line, mask, (x0, y0, x1, y1))[0] for line in engine.read(psm=PSM_BLOCK)))
    return texts


def found(seed_cells: list[str], texts: list[str]) -> dict:
    read = [squeezed(t) for t in texts]
    hits = amounts = amount_hits = 0
    for cell in seed_cells:
        target = squeezed(cell)
        if _AMOUNT.match(cell):
            amounts += 1
            amount_hits += target in read
        hits += any(Levenshtein.normalized_similarity(target, t) >= 0.8 for t in read)
    return {"seed_cells": len(seed_cells), "found": hits, "share": round(hits / max(1, len(seed_cells)), 3),
            "amounts": amounts, "amounts_right": amount_hits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--img2table-python", required=True, help="python of a venv with img2table installed")
    args = parser.parse_args()
    text = seed_slices()
    seed_cells = [c.strip() for line in text.split("\n") if "\t" in line for c in line.split("\t") if c.strip()]
    seed_cells = [c for c in seed_cells if "<" not in c]  # cells holding <p>/<li> markup print as several paragraphs
    with tempfile.TemporaryDirectory() as folder:
        scan = scan_pdf(plan_to_pdf(text, Path(folder) / "plan.pdf"), Path(folder) / "scan.pdf")
        document = pdfium.PdfDocument(str(scan))
        pages = [deskewed(render_page(document, n))[0] for n in range(1, len(document) + 1)]
        document.close()
        paths = []
        for n, gray in enumerate(pages, start=1):
            paths.append(str(Path(folder) / f"page-{n}.png"))
            cv2.imwrite(paths[-1], gray)
        masks = [ink(gray) for gray in pages]
        started = time.perf_counter()
        ours = [[c.box for g in find_grids(*ruling_lines(mask)) for c in g.cells] for mask in masks]
        ours_seconds = time.perf_counter() - started
        theirs_run = json.loads(subprocess.run([args.img2table_python, "-c", _IMG2TABLE, *paths], capture_output=True,
                                               text=True, check=True).stdout)
        theirs = [[tuple(b) for b in page["boxes"]] for page in theirs_run]
        with Engine.borrowed() as engine:
            engine.start_page(600)
            ours_texts = [t for gray, mask, boxes in zip(pages, masks, ours) for t in read_cells(engine, gray, mask, boxes)]
            theirs_texts = [t for gray, mask, boxes in zip(pages, masks, theirs)
                            for t in read_cells(engine, gray, mask, boxes)]
    results = {
        "pages": len(pages),
        "ours": {"cells": sum(map(len, ours)), "seconds_per_page": round(ours_seconds / len(pages), 3),
                 **found(seed_cells, ours_texts)},
        "img2table": {"cells": sum(map(len, theirs)), "tables": sum(p["tables"] for p in theirs_run),
                      "seconds_per_page": round(sum(p["seconds"] for p in theirs_run) / len(pages), 3),
                      **found(seed_cells, theirs_texts)},
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

"""Extract a folder of plan PDFs (bench/make_plans.py) with `thaiplan extract` and default options,
and score every document twice: against its gold file where ../shared/gold has one, and against
the rows extracted from its seed text (data/raw/<stem>.txt), written as a gold file: a PDF should
give the rows its text gives.

    .venv/bin/python -m bench.score_plans bench/out/plans/text
    .venv/bin/python -m bench.score_plans bench/out/plans/scan --seeds 003
    .venv/bin/python -m bench.score_plans bench/out/plans/text --pdftotext-layout   # their pdftotext -layout text

Prints per table and document the accuracy (fields right / gold fields), the rows found and the
numeric fields right against the seed text, the calibration (the share of fields right in each
confidence band, above all the trusted one, >= 0.9), and the run's time, exit code and summary line;
writes it all to <FOLDER>/../score_<folder name>.json. The Parquet tables stay in
<FOLDER>/../score_<folder name>/pdf (`thaiplan evaluate --out` or `thaiplan review` read them).
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import BANDS, FAILED_DOCUMENT, MISSING_ROW, Evaluation, evaluate  # noqa: E402
from pipeline.gold import COUNTED, GOLD_SUFFIX, ROW_SECTIONS, SINGLE_SECTIONS  # noqa: E402
from pipeline.review import read_rows  # noqa: E402
from tests.conftest import GOLD, seed_path  # noqa: E402

# This checkout's pipeline: the venv's `thaiplan` script imports the checkout it was installed from.
THAIPLAN = [sys.executable, "-m", "pipeline.cli"]
TRUSTED = BANDS[0][0]  # ">= 0.9": the band a user may take without review
TABLES = ("documents", "announcements", "committee_members", "dimensions", "missions", "projects", "budget_lines",
          "budget_totals", "project_cards", "risks", "ita_measures", "report_items", "report_summary")


def extract(inputs: list[Path], out: Path, options: tuple[str, ...] = ()) -> dict:
    """`thaiplan extract INPUTS --out OUT` with default options (and ``options``): seconds, exit
    code, summary line."""
    started = time.perf_counter()
    result = subprocess.run([*THAIPLAN, "extract", *map(str, inputs), "--out", str(out), "--quiet", *options],
                            capture_output=True, text=True, cwd=ROOT)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    return {"seconds": round(time.perf_counter() - started, 1), "exit": result.returncode,
            "summary": lines[-1] if lines else ""}


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def reference_gold(out: Path, source_file: str) -> dict:
    """The rows thaiplan extracted from a seed text (the only document in ``out``) as a gold file
    (shared/gold/FORMAT.md), through evaluate's own section-to-table mapping."""
    rows = {t: read_rows(out, t) for t in {t for t, _ in SINGLE_SECTIONS.values()}
            | {t for t, *_ in ROW_SECTIONS.values()} | {"budget_lines", "budget_totals"}}
    gold: dict[str, Any] = {"source_file": source_file}
    for section, (table, mapping) in SINGLE_SECTIONS.items():
        if rows[table]:
            gold[section] = {name: _plain(rows[table][0].get(column)) for name, column in mapping.items()}
    for section, (table, key, mapping) in ROW_SECTIONS.items():
        objects = []
        for row in rows[table]:
            obj = {k: _plain(row.get(k)) for k in key}
            for name, column in mapping.items():
                value = row.get(column)
                obj[name] = (None if value is None else len(value)) if name in COUNTED else _plain(value)
            objects.append(obj)
        gold[section] = objects
    budgets = defaultdict(dict)
    for line in rows["budget_lines"]:
        budgets[line["project_no"]][str(line["fiscal_year_be"])] = _plain(line["amount_thb"])
    for project in gold.get("projects", []):
        project["budgets"] = budgets.get(project["project_no"], {})
    totals: dict[tuple, dict] = {}
    for total in rows["budget_totals"]:
        entry = totals.setdefault((total["scope"], total["dimension_no"]), {
            "scope": total["scope"], "dimension_no": total["dimension_no"],
            "stated_project_count": _plain(total["stated_project_count"]), "stated": {}})
        entry["stated"][str(total["fiscal_year_be"])] = _plain(total["stated_amount_thb"])
    gold["totals"] = list(totals.values())
    return gold


def score(out: Path, gold: dict, folder: Path) -> Evaluation:
    """``out`` scored against one gold object (written into ``folder`` for evaluate)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    name = Path(gold["source_file"]).stem + GOLD_SUFFIX
    (folder / name).write_text(json.dumps(gold, ensure_ascii=False, default=str), encoding="utf-8")
    return evaluate(out, folder)


def summary(evaluation: Evaluation) -> dict:
    """Accuracy per table and overall; rows found and numeric fields right per table, and their
    share together ("found": (rows found + numeric fields right) / (rows + numeric fields), per
    table and overall), the measure of issue 16."""
    per_table: dict[str, dict] = {}
    for table, s in evaluation.tables.items():
        results = [r for r in evaluation.results if r.table == table]
        rows = {r.row_key: r.got not in (MISSING_ROW, FAILED_DOCUMENT) for r in results}
        numbers = [r for r in results if isinstance(r.expected, (int, float)) and not isinstance(r.expected, bool)]
        per_table[table] = {"accuracy": s.accuracy, "fields": s.fields, "rows": len(rows),
                            "rows_found": sum(rows.values()), "numbers": len(numbers),
                            "numbers_right": sum(r.right for r in numbers)}
        t = per_table[table]
        t["found"] = (t["rows_found"] + t["numbers_right"]) / max(1, t["rows"] + t["numbers"])
    counts = [sum(t[k] for t in per_table.values()) for k in ("rows_found", "numbers_right", "rows", "numbers")]
    return {"overall": evaluation.overall.accuracy, "found": (counts[0] + counts[1]) / max(1, counts[2] + counts[3]),
            "tables": per_table,
            "calibration": {band: score.as_dict() for band, score in evaluation.calibration().items()},
            "trusted_by_table": {table: evaluation.calibration(table)[TRUSTED].as_dict() for table in per_table}}


def score_folder(pdfs: list[Path], work: Path, gold_dir: Path, options: tuple[str, ...] = ()) -> dict:
    """Extract ``pdfs`` into ``work``/pdf, each one's seed text into ``work``/text-<stem>, and score."""
    shutil.rmtree(work, ignore_errors=True)  # a fresh run: extract reuses the rows of unchanged inputs
    run = extract(pdfs, work / "pdf", options)
    print(f"thaiplan extract {len(pdfs)} PDFs: {run['seconds']} s, exit {run['exit']}: {run['summary']}")
    documents = {Path(d["source_file"]).stem: d for d in read_rows(work / "pdf", "documents")}
    pages = defaultdict(lambda: defaultdict(int))
    for page in read_rows(work / "pdf", "pages"):
        pages[page["doc_id"]][page["method"]] += 1
    errors = [e["message"] for e in read_rows(work / "pdf", "errors")]
    results = {"run": run, "errors": errors, "documents": {}}
    for pdf in pdfs:
        stem, source = pdf.stem, seed_path(pdf.stem[:3])
        extract([source], work / f"text-{stem}")
        doc = documents.get(stem, {})
        reference = reference_gold(work / f"text-{stem}", source.name)
        entry = {"pdf_mb": round(pdf.stat().st_size / 1e6, 1), "n_pages": doc.get("n_pages"),
                 "status": doc.get("status"), "quality_score": doc.get("quality_score"),
                 "page_methods": dict(pages[doc.get("doc_id")]),
                 "vs_text": summary(score(work / "pdf", reference, work / "gold-text"))}
        real = gold_dir / f"{stem}{GOLD_SUFFIX}"
        if real.exists():
            gold = json.loads(real.read_text(encoding="utf-8"))
            entry["vs_gold"] = summary(score(work / "pdf", gold, work / "gold-real"))
            entry["text_vs_gold"] = summary(score(work / f"text-{stem}", gold, work / "gold-real"))
        results["documents"][stem] = entry
    return results


def layout_text(pdf: Path, folder: Path) -> Path:
    """``pdftotext -layout`` of the PDF, as Tesseract-less users turn a PDF into text."""
    folder.mkdir(parents=True, exist_ok=True)
    text = folder / f"{pdf.stem}.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(text)], check=True)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of plan PDFs named <seed stem>.pdf")
    parser.add_argument("--seeds", nargs="+", help="seed prefixes to extract (default: every PDF in FOLDER)")
    parser.add_argument("--gold", type=Path, default=GOLD, help=f"gold folder (default {GOLD})")
    parser.add_argument("--pdftotext-layout", action="store_true",
                        help="score the text `pdftotext -layout` makes of each PDF (written to FOLDER_layout/) instead")
    parser.add_argument("--doc-timeout", help="passed to thaiplan extract (0: no limit); default: its default")
    args = parser.parse_args()
    pdfs = sorted(p for p in args.folder.glob("*.pdf") if not args.seeds or p.name[:3] in args.seeds)
    if not pdfs:
        sys.exit(f"no PDFs to score in {args.folder}")
    name = args.folder.name + ("_layout" if args.pdftotext_layout else "")
    if args.pdftotext_layout:
        pdfs = [layout_text(pdf, args.folder.parent / name) for pdf in pdfs]
    work = args.folder.parent / f"score_{name}"
    options = ("--doc-timeout", args.doc_timeout) if args.doc_timeout is not None else ()
    results = score_folder(pdfs, work, args.gold, options)
    results["folder"] = str(args.folder)
    print_results(results)
    target = args.folder.parent / f"score_{name}.json"
    target.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\nwritten: {target}")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _found(table: dict | None) -> str:
    if table is None:
        return "–"
    return f"{table['rows_found']}/{table['rows']}, {table['numbers_right']}/{table['numbers']}"


def _right(score: dict | None) -> str:
    if not score or not score["fields"]:
        return "–"
    return f"{score['right']}/{score['fields']} {score['accuracy']:.3f}"


def print_results(results: dict) -> None:
    documents = results["documents"]
    for doc, entry in documents.items():
        print(f"{doc}: {entry['n_pages']} pages ({entry['pdf_mb']} MB), status {entry['status']}, "
              f"quality_score {entry['quality_score']}, pages read by {entry['page_methods']}")
    if results["errors"]:
        print("errors rows:", *results["errors"], sep="\n  ")
    columns = [(doc, key) for doc, entry in documents.items()
               for key in ("vs_gold", "text_vs_gold", "vs_text") if key in entry]
    for measure, overall, title in (
            ("accuracy", "overall", "accuracy per table (vs_gold: PDF against gold; text_vs_gold: the seed text "
                                    "against gold; vs_text: PDF against the seed text's rows)"),
            ("found", "found", "rows found + numeric fields right, as a share of rows + numeric fields "
                               "(issue 16's measure)")):
        print(f"\n{title}")
        print(f"{'table':<20}" + "".join(f"{doc[:3] + ' ' + key:>18}" for doc, key in columns))
        for table in (*TABLES, "overall"):
            cells = [documents[doc][key][overall] if table == "overall" else
                     documents[doc][key]["tables"].get(table, {}).get(measure) for doc, key in columns]
            if any(c is not None for c in cells):
                print(f"{table:<20}" + "".join(f"{_fmt(c):>18}" for c in cells))
    print("\nagainst the seed text: rows found / rows, numeric fields right / numeric fields")
    print(f"{'table':<20}" + "".join(f"{doc[:3]:>24}" for doc in documents))
    for table in TABLES:
        cells = [documents[doc]["vs_text"]["tables"].get(table) for doc in documents]
        if any(cells):
            print(f"{table:<20}" + "".join(f"{_found(c):>24}" for c in cells))
    print("\ncalibration: fields right / fields with a field_confidence row, per confidence band")
    print(f"{'band':<20}" + "".join(f"{doc[:3] + ' ' + key:>18}" for doc, key in columns))
    for band, _ in BANDS:
        cells = [documents[doc][key]["calibration"][band] for doc, key in columns]
        print(f"{band:<20}" + "".join(f"{_right(c):>18}" for c in cells))
    print(f"\n{TRUSTED} band per table: right / fields")
    for table in TABLES:
        cells = [documents[doc][key]["trusted_by_table"].get(table) for doc, key in columns]
        if any(c and c["fields"] for c in cells):
            print(f"{table:<20}" + "".join(f"{_right(c):>18}" for c in cells))


if __name__ == "__main__":
    main()

"""Tables in every serialisation and under OCR noise: what thaiplan reads from the seeds re-written.

For each form in ``tests.builders.variants.FORMS`` (HTML, pipes, spaces, layout, one cell per line) and
each noise rate, the five seeds in data/raw are re-written into a temporary folder under the same
file-name stems, extracted with ``thaiplan extract`` and scored:

- gold: ``pipeline.evaluate`` against ../shared/gold (000, 002 and 004 have gold), overall and
  per table;
- silver: against the extraction of the TAB-celled originals (all five seeds; the only reference
  for 001 and 003): per table, the share of rows found (by the table's key columns in
  pipeline/schemas.py) and the share of numeric fields equal (within 0.5);
- noise: rows found plus numeric fields, one share, not counting numbers whose characters the
  noise itself changed on the row's lines (a table row's line; a card's lines up to the next card).

Each run also shows its exit code, its errors rows and the silent failures: tables the TAB
original has for a document that came out empty with exit 0 and no errors row.

    .venv/bin/python -m bench.forms                                   # all forms, 3 noise rates, 2 seeds (~1 min)
    .venv/bin/python -m bench.forms --forms html,pipes --noise 0.01 --seeds 1
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipeline.evaluate import evaluate, same_value, stem
from pipeline.review import OutputFolderError, read_rows
from pipeline.schemas import SCHEMAS, key_columns
from tests.builders.variants import FORMS, SUFFIX, add_noise, noised_numbers

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
GOLD = ROOT.parent / "shared" / "gold"
THAIPLAN = str(Path(sys.executable).with_name("thaiplan"))
# Tables shown, as issue 14 and 17 name them.
TABLES = {"budget_lines": "budget_lines", "projects": "projects", "ita_measures": "ITA measures",
          "report_items": "report items", "risks": "risks", "committee_members": "committee members",
          "project_cards": "project cards"}
# Numeric columns that are provenance or scoring, not read from the document.
NOT_READ = {"source_line", "page", "confidence"}
# A table row's numbers stand on its source line; a card's fields stand on the lines from its heading
# to the next card's.
NUMBERS_BELOW_THE_ROW = {"project_cards"}


@dataclass
class Share:
    total: int = 0
    right: int = 0

    def add(self, other: Share) -> None:
        self.total += other.total
        self.right += other.right

    def __str__(self) -> str:
        return f"{self.right / self.total:.3f}" if self.total else "-"


@dataclass
class Silver:
    """Rows found and numeric fields equal, per table, against the TAB originals' extraction."""

    rows: dict[str, Share] = field(default_factory=lambda: defaultdict(Share))
    numbers: dict[str, Share] = field(default_factory=lambda: defaultdict(Share))
    skipped: int = 0  # numeric fields not counted: the noise changed the number

    def add(self, other: Silver) -> None:
        self.skipped += other.skipped
        for mine, theirs in ((self.rows, other.rows), (self.numbers, other.numbers)):
            for table, share in theirs.items():
                mine[table].add(share)

    def overall(self, part: dict[str, Share]) -> Share:
        total = Share()
        for share in part.values():
            total.add(share)
        return total

    def combined(self, table: str | None = None) -> Share:
        """Rows found plus numeric fields, as one share (issue 17's score)."""
        total = Share()
        for part in (self.rows, self.numbers):
            total.add(self.overall(part) if table is None else part.get(table, Share()))
        return total


@dataclass
class Run:
    name: str
    seed: int | None
    exit_code: int
    errors: list[str]
    silent: list[str]  # doc:table empty although the TAB original has rows, with exit 0 and no errors
    gold: dict[str, Share]
    silver: Silver
    by_document: dict[str, Silver] = field(default_factory=dict)  # file stem prefix ("001") -> its silver


# --- extraction ---

def extract(inputs: Path, out: Path) -> tuple[int, dict[str, list[dict]]]:
    """``thaiplan extract`` on a folder; its exit code and its rows by table, each row with its document's stem."""
    done = subprocess.run([THAIPLAN, "extract", str(inputs), "--out", str(out), "--quiet", "--jobs", "1"],
                          cwd=ROOT, capture_output=True, text=True)
    stems = {d["doc_id"]: stem(d["source_file"]) for d in read_rows(out, "documents")}
    tables = {}
    for table in [*TABLES, "errors"]:
        rows = read_rows(out, table)
        for row in rows:
            row["stem"] = stems.get(row.get("doc_id")) or stem(row.get("source_file") or "")
        tables[table] = rows
    return done.returncode, tables


def gold_scores(out: Path, gold: Path) -> dict[str, Share]:
    try:
        evaluation = evaluate(out, gold)
    except OutputFolderError:
        return {}
    scores = {t: Share(s.fields, s.right) for t, s in evaluation.tables.items()}
    scores["overall"] = Share(evaluation.overall.fields, evaluation.overall.right)
    return scores


# --- silver scoring ---

def numeric_columns(table: str) -> list[str]:
    keys = set(key_columns(table))
    return [f.name for f in SCHEMAS[table] if f.name not in keys | NOT_READ
            and (pa.types.is_integer(f.type) or pa.types.is_floating(f.type))]


def silver_scores(reference: dict[str, list[dict]], got: dict[str, list[dict]],
                  noised: dict[str, set[tuple[int, float]]] | None = None) -> Silver:
    """Rows of the reference found in ``got`` by key, and their numeric fields equal; a number
    whose characters the noise changed (``noised``: stem -> (line, value)) on the row's lines is not counted."""
    score = Silver()
    for table in TABLES:
        keys = key_columns(table)
        found: dict[tuple, dict] = {}
        for row in got[table]:
            found.setdefault((row["stem"], *(row.get(k) for k in keys)), row)
        columns = numeric_columns(table)
        lines = _row_lines(reference[table], table in NUMBERS_BELOW_THE_ROW)
        for row, row_lines in zip(reference[table], lines):
            match = found.get((row["stem"], *(row.get(k) for k in keys)))
            score.rows[table].add(Share(1, match is not None))
            if match is None:
                continue
            touched = (noised or {}).get(row["stem"], set())
            for column in columns:
                expected, value = row.get(column), match.get(column)
                if expected is None and value is None:
                    continue
                if expected is not None and any(line in row_lines and v == expected for line, v in touched):
                    score.skipped += 1
                    continue
                score.numbers[table].add(Share(1, same_value(expected, value)))
    return score


def _row_lines(rows: list[dict], to_next_row: bool) -> list[range]:
    """The source lines of each row: its own, or (cards) up to the next row of its document."""
    if not to_next_row:
        return [range(r["source_line"] or 0, (r["source_line"] or 0) + 1) for r in rows]
    starts: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        starts[r["stem"]].append(r["source_line"] or 0)
    spans = []
    for r in rows:
        later = [s for s in starts[r["stem"]] if s > (r["source_line"] or 0)]
        spans.append(range(r["source_line"] or 0, min(later, default=sys.maxsize)))
    return spans


def silent_failures(reference: dict[str, list[dict]], got: dict[str, list[dict]], exit_code: int) -> list[str]:
    if exit_code != 0 or got["errors"]:
        return []
    had = {(r["stem"], t) for t in TABLES for r in reference[t]}
    has = {(r["stem"], t) for t in TABLES for r in got[t]}
    return sorted(f"{s[:3]}:{t}" for s, t in had - has)


# --- runs ---

def run_variant(name: str, seed: int | None, texts: dict[str, tuple[str, str]], work: Path,
                reference: dict[str, list[dict]], gold: Path,
                noised: dict[str, set[tuple[int, float]]] | None = None) -> Run:
    """Write ``texts`` (stem -> (suffix, text)), extract them and score the tables."""
    folder = work / f"{name}-{seed}"
    inputs = folder / "in"
    inputs.mkdir(parents=True)
    for file_stem, (suffix, text) in texts.items():
        (inputs / f"{file_stem}{suffix}").write_text(text, encoding="utf-8")
    exit_code, tables = extract(inputs, folder / "out")
    errors = [f"{stem(e.get('source_file') or '?')[:3]} {e.get('stage')}: {e.get('error_type')}" for e in tables["errors"]]
    return Run(name, seed, exit_code, errors, silent_failures(reference, tables, exit_code),
               gold_scores(folder / "out", gold), silver_scores(reference, tables, noised),
               {file_stem[:3]: silver_scores(*(_of_document(t, file_stem) for t in (reference, tables)), noised)
                for file_stem in texts})


def _of_document(tables: dict[str, list[dict]], file_stem: str) -> dict[str, list[dict]]:
    return {table: [row for row in rows if row["stem"] == file_stem] for table, rows in tables.items()}


def pooled(runs: list[Run]) -> tuple[dict[str, Share], Silver]:
    gold: dict[str, Share] = defaultdict(Share)
    silver = Silver()
    for run in runs:
        for table, share in run.gold.items():
            gold[table].add(share)
        silver.add(run.silver)
    return gold, silver


# --- printing ---

def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def by_document(forms: dict[str, list[Run]]) -> str:
    """Silver per document: rows found / numeric fields equal, overall and on budget_lines."""
    documents = sorted({d for runs in forms.values() for run in runs for d in run.by_document})
    rows = []
    for form, runs in forms.items():
        if not any(run.by_document for run in runs):
            continue  # the TAB originals themselves
        cells = []
        for document in documents:
            silver = Silver()
            for run in runs:
                silver.add(run.by_document.get(document, Silver()))
            budget = f"{silver.rows.get('budget_lines', Share())}/{silver.numbers.get('budget_lines', Share())}"
            cells.append(f"{silver.overall(silver.rows)}/{silver.overall(silver.numbers)} ({budget})")
        rows.append([form, *cells])
    return "\n".join(["## Per document, against the TAB originals' extraction: rows found / numeric fields equal "
                      "(budget_lines in brackets)", "", markdown(["serialisation", *documents], rows), ""])


def report(forms: dict[str, list[Run]], noise: dict[float, list[Run]]) -> str:
    columns = ["overall", *TABLES]
    names = [TABLES.get(c, c) for c in columns]
    out = []
    if forms:
        gold_rows, silver_rows = [], []
        for form, runs in forms.items():
            gold, silver = pooled(runs)
            gold_rows.append([form, *(str(gold.get(c, Share())) for c in columns)])
            silver_rows.append([form, f"{silver.overall(silver.rows)}/{silver.overall(silver.numbers)}",
                                *(f"{silver.rows.get(t, Share())}/{silver.numbers.get(t, Share())}" for t in TABLES)])
        out += ["## Against the gold (000, 002, 004): field accuracy", "",
                markdown(["serialisation", *names], gold_rows), "",
                "## Against the TAB originals' extraction (all five seeds): rows found / numeric fields equal", "",
                markdown(["serialisation", *names], silver_rows), "", by_document(forms)]
    if noise:
        noise_rows = []
        for rate, runs in noise.items():
            _, silver = pooled(runs)
            noise_rows.append([f"{rate:.1%}", *(str(silver.combined(None if c == "overall" else c)) for c in columns),
                               str(silver.skipped)])
        out += ["## OCR noise: rows found plus numeric fields (numbers the noise changed not counted)", "",
                markdown(["noise", *names, "numbers not counted"], noise_rows), ""]
    run_rows = [[run.name, "-" if run.seed is None else str(run.seed), str(run.exit_code),
                 "; ".join(run.errors) or "none", ", ".join(run.silent) or "none"]
                for runs in [*forms.values(), *noise.values()] for run in runs]
    out += ["## Runs", "", markdown(["run", "seed", "exit", "errors rows", "silent failures (exit 0, no errors, "
                                     "table empty that the TAB original has)"], run_rows)]
    return "\n".join(out)


def as_json(forms: dict[str, list[Run]], noise: dict[float, list[Run]]) -> dict:
    def scores(runs: list[Run]) -> dict:
        gold, silver = pooled(runs)
        return {"gold": {t: s.__dict__ for t, s in gold.items()},
                "rows_found": {t: s.__dict__ for t, s in silver.rows.items()},
                "numeric_equal": {t: s.__dict__ for t, s in silver.numbers.items()},
                "numbers_not_counted": silver.skipped,
                "runs": [{"seed": r.seed, "exit_code": r.exit_code, "errors": r.errors, "silent": r.silent}
                         for r in runs]}

    return {"forms": {f: scores(r) for f, r in forms.items()}, "noise": {str(n): scores(r) for n, r in noise.items()}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forms", default=",".join(FORMS),
                        help=f"comma-separated forms, of: {', '.join(FORMS)} (default all; '' for none)")
    parser.add_argument("--noise", default="0.005,0.01,0.02", help="comma-separated noise rates ('' for none)")
    parser.add_argument("--seeds", type=int, default=2, help="random seeds per form and rate (default 2)")
    parser.add_argument("--gold", type=Path, default=GOLD, help="folder of <stem>.gold.json (default ../shared/gold)")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    forms = [f for f in args.forms.split(",") if f]
    unknown = [f for f in forms if f not in FORMS]
    if unknown:
        parser.error(f"unknown form(s) {', '.join(unknown)}; known: {', '.join(FORMS)}")
    rates = [float(r) for r in args.noise.split(",") if r]
    seeds = list(range(args.seeds))
    sources = {p.stem: p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))}

    with tempfile.TemporaryDirectory(prefix="thaiplan-forms-") as tmp:
        work = Path(tmp)
        exit_code, reference = extract(RAW, work / "tab" / "out")
        if exit_code != 0:
            sys.exit(f"thaiplan extract {RAW} exited {exit_code}: no reference to score against")
        tab = Run("TAB cells (as the seeds)", None, exit_code,
                  [e.get("error_type") for e in reference["errors"]], [],
                  gold_scores(work / "tab" / "out", args.gold), silver_scores(reference, reference))
        form_runs: dict[str, list[Run]] = {tab.name: [tab]}
        for form in forms:
            form_runs[form] = [run_variant(form, seed, {s: (SUFFIX[form], FORMS[form](t, random.Random(seed)))
                                                        for s, t in sources.items()}, work, reference, args.gold)
                               for seed in seeds]
            print(f"{form}: {len(seeds)} run(s) done", file=sys.stderr)
        noise_runs: dict[float, list[Run]] = {}
        for rate in rates:
            noise_runs[rate] = []
            for seed in seeds:
                noised = {s: add_noise(t, rate, random.Random(seed)) for s, t in sources.items()}
                touched = {s: noised_numbers(sources[s], changes) for s, (_, changes) in noised.items()}
                texts = {s: (".txt", text) for s, (text, _) in noised.items()}
                noise_runs[rate].append(run_variant(f"noise {rate:.1%}", seed, texts, work, reference,
                                                    args.gold, touched))
            print(f"noise {rate:.1%}: {len(seeds)} run(s) done", file=sys.stderr)
    print(report(form_runs if forms else {}, noise_runs))
    if args.json:
        args.json.write_text(json.dumps(as_json(form_runs, noise_runs), ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

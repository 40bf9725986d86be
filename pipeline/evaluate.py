"""Evaluate: field-level accuracy of the extracted tables against gold annotations.

Each gold file is flattened into ``Expected`` fields (``pipeline.gold``): one output table, the
key of the row, one column and the value a careful reader concludes. The extracted row with that
key is looked up in the Parquet tables of the document with the same file-name stem, and the field
is right when it agrees after normalisation: text as ``extractors.thai.normalise`` normalises it
(NFC, Thai digits, whitespace collapsed), numbers within 0.5 baht. A missing row or document makes
every one of its fields a miss. Objects marked ``"ambiguous": true`` are skipped.

Calibration joins each field to its ``field_confidence`` row by (doc_id, table, row_key, field)
and reports accuracy per confidence band: the scale means something when the >= 0.9 band is
right at least 99% of the time.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from extractors.thai.normalise import normalise_line
from pipeline.gold import (
    COUNTED,
    GOLD_SUFFIX,
    MANY_ROW_TABLES,
    SINGLE_ROW_TABLES,
    Expected,
    expected_fields,
    load_gold,
)
from pipeline.review import read_rows, require_output_folder
from pipeline.rows import row_key
from pipeline.schemas import SCHEMAS, key_columns

AMOUNT_TOLERANCE = 0.5
# Confidence bands, highest first: (label, lowest confidence in the band).
BANDS = ((">= 0.9", 0.9), ("0.5-0.9", 0.5), ("< 0.5", 0.0))
MISSING_ROW = "(row missing)"
FAILED_DOCUMENT = "(document failed to extract)"


@dataclass
class FieldResult:
    doc: str
    table: str
    row_key: str
    field: str
    expected: Any
    got: Any
    right: bool
    confidence: float | None
    source_line: int | None
    note: str = ""


@dataclass
class Score:
    fields: int = 0
    right: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.right / self.fields if self.fields else None

    def add(self, right: bool) -> None:
        self.fields += 1
        self.right += right

    def as_dict(self) -> dict:
        return {"fields": self.fields, "right": self.right, "accuracy": self.accuracy}


@dataclass
class DocumentResult:
    doc: str
    gold_file: str
    status: str  # scored, extraction_failed (fields all missed)
    score: Score = field(default_factory=Score)
    failed_checks: int = 0
    expected_failed_checks: int = 0
    skipped_ambiguous: int = 0


@dataclass
class Evaluation:
    out_dir: str
    gold_dir: str
    documents: list[DocumentResult]
    not_extracted: list[str]  # gold files whose document is not in the output
    results: list[FieldResult]
    extra_rows: list[dict]

    @property
    def overall(self) -> Score:
        score = Score()
        for r in self.results:
            score.add(r.right)
        return score

    @property
    def tables(self) -> dict[str, Score]:
        scores: dict[str, Score] = {t: Score() for t in SCHEMAS if any(r.table == t for r in self.results)}
        for r in self.results:
            scores[r.table].add(r.right)
        return scores

    @property
    def misses(self) -> list[FieldResult]:
        return [r for r in self.results if not r.right]

    def calibration(self, table: str | None = None) -> dict[str, Score]:
        """Accuracy per confidence band of the fields that have a field_confidence row."""
        bands = {label: Score() for label, _ in BANDS}
        for r in self.results:
            if r.confidence is not None and (table is None or r.table == table):
                bands[band(r.confidence)].add(r.right)
        return bands

    @property
    def unscored_confidence(self) -> int:
        """Gold fields without a field_confidence row (missing rows included)."""
        return sum(1 for r in self.results if r.confidence is None)

    def to_dict(self) -> dict:
        return {
            "out_dir": self.out_dir,
            "gold_dir": self.gold_dir,
            "overall": self.overall.as_dict(),
            "tables": {t: s.as_dict() for t, s in self.tables.items()},
            "calibration": {b: s.as_dict() for b, s in self.calibration().items()},
            "calibration_by_table": {t: {b: s.as_dict() for b, s in self.calibration(t).items()}
                                     for t in self.tables},
            "fields_without_confidence": self.unscored_confidence,
            "documents": [{**asdict(d), "score": d.score.as_dict()} for d in self.documents],
            "not_extracted": self.not_extracted,
            "extra_rows": self.extra_rows,
            "misses": [asdict(m) for m in self.misses],
        }


def band(confidence: float) -> str:
    return next(label for label, lowest in BANDS if confidence >= lowest)


def comparable_text(value: Any) -> str:
    """Text as the extractors normalise it, lines joined, all whitespace runs one space."""
    parts = [p for line in str(value).splitlines() for p in normalise_line(line)]
    return " ".join(" ".join(parts).split())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def same_value(expected: Any, got: Any) -> bool:
    """True when ``got`` says what ``expected`` says (normalised text, numbers within 0.5)."""
    if got == "":
        got = None
    if expected is None or got is None:
        return expected is None and got is None
    if _is_number(expected) and _is_number(got):
        return not math.isnan(got) and abs(expected - got) <= AMOUNT_TOLERANCE
    if isinstance(expected, list) or isinstance(got, list):
        if not (isinstance(expected, list) and isinstance(got, list)) or len(expected) != len(got):
            return False
        return all(same_value(e, g) for e, g in zip(expected, got))
    return comparable_text(expected) == comparable_text(got)


def _miss_note(expected: Any, got: Any) -> str:
    if isinstance(expected, str) and isinstance(got, str):
        if comparable_text(expected).replace(" ", "") == comparable_text(got).replace(" ", ""):
            return "differs only in spaces"
    return ""


def _key_value(value: Any) -> Any:
    if _is_number(value) and float(value).is_integer():
        return int(value)
    return comparable_text(value) if isinstance(value, str) else value


class _DocTables:
    """The extracted rows of one document, found by their key."""

    def __init__(self, doc_id: str, rows_by_table: dict[str, list[dict]]) -> None:
        self.doc_id = doc_id
        self.rows = {t: [r for r in rows_by_table.get(t, []) if r.get("doc_id") == doc_id]
                     for t in SINGLE_ROW_TABLES | MANY_ROW_TABLES}
        self._index: dict[tuple, dict[tuple, dict]] = {}

    def find(self, table: str, key: tuple[tuple[str, Any], ...]) -> dict | None:
        """The row with ``key`` (the first, if the extractor emitted it twice); a single-row table's row."""
        if not key:
            return next(iter(self.rows[table]), None)
        columns = tuple(k for k, _ in key)
        if (table, columns) not in self._index:
            index: dict[tuple, dict] = {}
            for row in self.rows[table]:
                index.setdefault(tuple(_key_value(row.get(c)) for c in columns), row)
            self._index[(table, columns)] = index
        return self._index[(table, columns)].get(tuple(_key_value(v) for _, v in key))


def stem(source_file: str) -> str:
    return Path(source_file.replace("\\", "/")).stem


def evaluate(out_dir: Path, gold_dir: Path) -> Evaluation:
    """Score the tables in ``out_dir`` against every gold file in ``gold_dir``."""
    require_output_folder(out_dir)
    gold_files = load_gold(gold_dir)
    tables = {t: read_rows(out_dir, t) for t in SCHEMAS}
    documents = {}
    for row in tables["documents"]:
        documents.setdefault(stem(row["source_file"]), row)
    failed_inputs = {stem(e["source_file"]) for e in tables["errors"] if e["source_file"]}
    confidences = {(f["doc_id"], f["table"], f["row_key"], f["field"]): f["confidence"]
                   for f in tables["field_confidence"]}
    failed_checks = Counter(c["doc_id"] for c in tables["checks"] if c["status"] == "fail")

    doc_results: list[DocumentResult] = []
    not_extracted: list[str] = []
    results: list[FieldResult] = []
    extra_rows: list[dict] = []
    for gold_path, gold in gold_files:
        doc = stem(gold.get("source_file") or gold_path.name[: -len(GOLD_SUFFIX)])
        document = documents.get(doc)
        if document is None and doc not in failed_inputs:
            not_extracted.append(gold_path.name)
            continue
        fields, skipped = expected_fields(gold)
        result = DocumentResult(doc, gold_path.name, "scored" if document else "extraction_failed",
                                skipped_ambiguous=skipped,
                                expected_failed_checks=len(gold.get("source_inconsistencies") or []))
        doc_tables = _DocTables(document["doc_id"], tables) if document else None
        if document:
            result.failed_checks = failed_checks[document["doc_id"]]
        for expected in fields:
            fr = _score_field(doc, expected, doc_tables, confidences)
            result.score.add(fr.right)
            results.append(fr)
        if doc_tables:
            extra_rows.extend(_extra_rows(doc, fields, doc_tables))
        doc_results.append(result)
    return Evaluation(str(out_dir), str(gold_dir), doc_results, not_extracted, results, extra_rows)


def _score_field(doc: str, expected: Expected, tables: _DocTables | None,
                 confidences: dict[tuple, float]) -> FieldResult:
    row = tables.find(expected.table, expected.key) if tables else None
    if row is None:
        shown_key = ";".join(f"{k}={v}" for k, v in expected.key)
        missing = FAILED_DOCUMENT if tables is None else MISSING_ROW
        return FieldResult(doc, expected.table, shown_key, expected.label, expected.value, missing, False, None, None)
    got = row.get(expected.column)
    if expected.label in COUNTED:
        got = None if got is None else len(got)
    right = same_value(expected.value, got)
    key = row_key(expected.table, row, tables.doc_id)
    confidence = confidences.get((tables.doc_id, expected.table, key, expected.column))
    return FieldResult(doc, expected.table, key, expected.label, expected.value, got, right, confidence,
                       row.get("source_line"), "" if right else _miss_note(expected.value, got))


def _extra_rows(doc: str, fields: list[Expected], tables: _DocTables) -> list[dict]:
    """Extracted rows of the scored tables (and of ones gold leaves empty) that gold does not have."""
    gold_keys: dict[str, set] = defaultdict(set)
    for f in fields:
        gold_keys[f.table].add(tuple(_key_value(v) for _, v in f.key))
    extra = []
    for table in sorted(MANY_ROW_TABLES):
        columns = key_columns(table)
        for row in tables.rows.get(table, []):
            if tuple(_key_value(row.get(k)) for k in columns) not in gold_keys[table]:
                extra.append({"doc": doc, "table": table, "row_key": row_key(table, row, tables.doc_id),
                              "source_line": row.get("source_line")})
    return extra


# --- floor: the accuracy the project has reached, which tests keep it from dropping below ---

def floor_of(evaluation: Evaluation) -> dict:
    """Current accuracies rounded down to the hundredth (tests/accuracy_floor.json)."""
    def down(value: float | None) -> float:
        return max(0.0, math.floor((value or 0.0) * 100 + 1e-9) / 100)

    return {"overall": down(evaluation.overall.accuracy),
            "tables": {t: down(s.accuracy) for t, s in evaluation.tables.items()}}


def below_floor(evaluation: Evaluation, floor: dict) -> list[str]:
    """Readable failures: overall or a table's accuracy under its floor (a table no longer scored too)."""
    failures = []
    overall = evaluation.overall.accuracy or 0.0
    if overall < floor.get("overall", 0.0):
        failures.append(f"overall accuracy {overall:.4f} < floor {floor['overall']}")
    tables = evaluation.tables
    for table, minimum in floor.get("tables", {}).items():
        accuracy = tables[table].accuracy if table in tables else None
        if accuracy is None:
            failures.append(f"{table}: no gold fields scored any more (floor {minimum})")
        elif accuracy < minimum:
            failures.append(f"{table}: accuracy {accuracy:.4f} < floor {minimum}")
    return failures


# --- readable summary ---

def _pct(score: Score) -> str:
    return "-" if score.accuracy is None else f"{100 * score.accuracy:.1f}%"


def _show(value: Any, limit: int = 70) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary_text(evaluation: Evaluation, max_misses: int = 30) -> str:
    out = [f"thaiplan evaluate: {evaluation.out_dir} against {evaluation.gold_dir}", ""]
    extra_per_table = Counter(e["table"] for e in evaluation.extra_rows)
    out.append(f"{'table':<20}{'fields':>8}{'right':>8}{'accuracy':>10}{'extra rows':>12}")
    for table, score in evaluation.tables.items():
        out.append(f"{table:<20}{score.fields:>8}{score.right:>8}{_pct(score):>10}{extra_per_table[table]:>12}")
    overall = evaluation.overall
    out.append(f"{'overall':<20}{overall.fields:>8}{overall.right:>8}{_pct(overall):>10}"
               f"{len(evaluation.extra_rows):>12}")
    out += ["", "calibration (gold fields with a field_confidence row, by confidence band):",
            f"{'band':<20}{'fields':>8}{'right':>8}{'accuracy':>10}"]
    for label, score in evaluation.calibration().items():
        out.append(f"{label:<20}{score.fields:>8}{score.right:>8}{_pct(score):>10}")
    out.append(f"no field_confidence row: {evaluation.unscored_confidence} gold fields")
    out += ["", "calibration by table (right/fields per band):",
            f"{'table':<20}" + "".join(f"{label:>12}" for label, _ in BANDS)]
    for table in evaluation.tables:
        bands = evaluation.calibration(table).values()
        if any(b.fields for b in bands):
            out.append(f"{table:<20}" + "".join(f"{f'{b.right}/{b.fields}':>12}" for b in bands))
    high = {t: evaluation.calibration(t)[BANDS[0][0]] for t in evaluation.tables}
    weak = [f"{t} {_pct(s)} of {s.fields}" for t, s in high.items() if s.fields and s.accuracy < 0.99]
    if weak:
        out.append("tables whose >= 0.9 band is under 99% right: " + "; ".join(weak))
    out += ["", f"{'document':<28}{'fields':>8}{'accuracy':>10}{'failed checks':>15}{'expected':>10}  status"]
    for d in evaluation.documents:
        out.append(f"{d.doc:<28}{d.score.fields:>8}{_pct(d.score):>10}{d.failed_checks:>15}"
                   f"{d.expected_failed_checks:>10}  {d.status}"
                   + (f", {d.skipped_ambiguous} ambiguous skipped" if d.skipped_ambiguous else ""))
    out.append("(expected = source_inconsistencies the gold notes: the document's own errors a check should flag)")
    for name in evaluation.not_extracted:
        out.append(f"not in the output, not scored: {name}")
    wrong = [m for m in evaluation.misses if m.got not in (MISSING_ROW, FAILED_DOCUMENT)]
    if wrong:
        out += ["", f"wrong values: {len(wrong)} fields ({min(len(wrong), max_misses)} shown; --json FILE lists all):"]
        for m in wrong[:max_misses]:
            line = f" (line {m.source_line})" if m.source_line else ""
            note = f" [{m.note}]" if m.note else ""
            out.append(f"  {m.doc} {m.table} {_short_key(m.row_key)} {m.field}: expected {_show(m.expected)}, "
                       f"got {_show(m.got)}{line}{note}")
    # Missing rows: one line per document and table, not one per field.
    missing: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for m in evaluation.misses:
        if m.got in (MISSING_ROW, FAILED_DOCUMENT):
            rows = missing[(m.doc, m.table, m.got)]
            rows[m.row_key] = rows.get(m.row_key, 0) + 1
    if missing:
        out += ["", "missing rows (every field of the row is a miss):"]
        for (doc, table, why), rows in missing.items():
            keys = ", ".join(_short_key(k) for k in list(rows)[:6]) + (", …" if len(rows) > 6 else "")
            out.append(f"  {doc} {table}: {len(rows)} rows, {sum(rows.values())} fields {why}: {keys}")
    return "\n".join(out)


def _short_key(key: str) -> str:
    return key[:19] + "…" if key.startswith("doc_id=") else key

"""Orchestration: run the registered stages over each document, never letting one bad
document or one failing stage cost the rest of the batch (docling's per-document status).
"""

from __future__ import annotations

import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.normalise import NormalisedText
from extractors.records import Record
from pipeline import __version__
from pipeline.ingest import InputError, SourceDocument, iter_input_files, read_document, MAX_INPUT_BYTES
from pipeline.registry import Stage, select_stages
from pipeline.schemas import SCHEMAS, key_columns
from pipeline.writer import write_tables

EXTRACTOR_VERSION = __version__


@dataclass
class DocResult:
    """Everything one document produced: rows per table (errors included)."""

    source_file: str
    doc_id: str | None
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    input_failed: bool = False
    seconds: float = 0.0

    @property
    def errors(self) -> list[dict]:
        return self.rows.get("errors", [])


@dataclass
class BatchSummary:
    documents: int
    failed_inputs: int
    failed_stages: int
    rows: dict[str, int]
    seconds: float
    messages: list[str]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed_inputs or self.failed_stages else 0

    def line(self) -> str:
        main = ", ".join(f"{t} {n}" for t, n in self.rows.items() if n and t not in ("errors", "field_confidence"))
        return (f"{self.documents} documents, {self.failed_inputs} failed, {self.failed_stages} stage errors "
                f"in {self.seconds:.1f} s; rows: {main}")


def _error_row(source_file: str, doc_id: str | None, stage: str, error_type: str, message: str) -> dict:
    return {"source_file": source_file, "doc_id": doc_id, "stage": stage, "error_type": error_type,
            "message": message, "source_line": None, "page": None}


def _check_record(stage: Stage, record: Record) -> None:
    schema = SCHEMAS.get(record.table)
    if schema is None:
        raise ValueError(f"stage {stage.name} emitted a row for unknown table {record.table!r}")
    unknown = set(record.values) - set(schema.names)
    if unknown:
        raise ValueError(f"stage {stage.name} emitted columns {sorted(unknown)} not in table {record.table}")


def run_stages(source: SourceDocument, stages: list[Stage], debug: bool = False
               ) -> tuple[dict[str, Any], list[Record], list[dict]]:
    """Run ``stages`` over one document. Returns artefacts, records and errors rows."""
    artefacts: dict[str, Any] = {"source": source}
    records: list[Record] = []
    errors: list[dict] = []
    for stage in stages:
        arguments = stage.arguments(artefacts)
        if arguments is None:
            continue  # a required stage failed or was skipped; its failure is already reported
        try:
            output = stage.run(**arguments)
            for record in output.records:
                _check_record(stage, record)
        except Exception as exc:  # noqa: BLE001 - one stage's bug must not cost the document
            detail = traceback.format_exc() if debug else f"{type(exc).__name__}: {exc}"
            errors.append(_error_row(source.source_file, source.doc_id, stage.name, "stage_exception",
                                     f"{source.source_file}: stage {stage.name} failed ({detail}); the other "
                                     "stages went on. Run with --debug for a traceback and report it."))
            continue
        artefacts.update(output.artefacts)
        records.extend(output.records)
    return artefacts, records, errors


def _row_key(table: str, values: dict, doc_id: str) -> str:
    keys = key_columns(table)
    if table == "documents":
        return f"doc_id={doc_id}"
    return ";".join(f"{k}={values.get(k)}" for k in keys)


def records_to_rows(source: SourceDocument, norm: NormalisedText | None, records: list[Record]
                    ) -> tuple[dict[str, list[dict]], dict, list[float]]:
    """Rows per table (with provenance), the merged documents fields, and all field confidences."""
    rows: dict[str, list[dict]] = defaultdict(list)
    document: dict[str, Any] = {}
    confidences: list[float] = []

    def where(line: int) -> tuple[int | None, int | None]:
        if norm is None:
            return None, None
        return norm.source_line(line), norm.page(line)

    for record in records:
        source_line, page = where(record.line)
        if record.table == "documents":
            document.update(record.values)
            document.setdefault("source_line", source_line)
        else:
            row = {"doc_id": source.doc_id, **record.values}
            if "source_line" in SCHEMAS[record.table].names:
                row["source_line"] = source_line
            if "page" in SCHEMAS[record.table].names:
                row["page"] = page
            rows[record.table].append(row)
        for name, score in record.scores.items():
            value = record.values.get(name)
            confidences.append(score.confidence)
            rows["field_confidence"].append({
                "doc_id": source.doc_id, "table": record.table,
                "row_key": _row_key(record.table, record.values, source.doc_id),
                "field": name, "value": None if value is None else str(value),
                "confidence": score.confidence, "reason": score.reason,
                "source_line": source_line, "page": page,
            })
    # Segments come from several stages; number them in document order, outer parts first.
    rows["segments"].sort(key=lambda r: (r["start_line"], -r["end_line"]))
    for seq, row in enumerate(rows["segments"], start=1):
        row["seq"] = seq
    return rows, document, confidences


def quality_score(confidences: list[float], checks: list[dict]) -> float | None:
    """Mean field confidence, discounted by the share of failed error-severity checks."""
    if not confidences:
        return None
    serious = [c for c in checks if c["severity"] == "error"]
    failed = sum(1 for c in serious if c["status"] == "fail")
    penalty = failed / len(serious) if serious else 0.0
    return round(sum(confidences) / len(confidences) * (1 - 0.5 * penalty), 4)


def process_document(source_file: str, stages: list[Stage], debug: bool = False,
                     max_bytes: int = MAX_INPUT_BYTES) -> DocResult:
    """Read and extract one document. Never raises for input problems or stage bugs."""
    started = time.perf_counter()
    result = DocResult(source_file, None)
    try:
        source = read_document(source_file, max_bytes=max_bytes)
    except InputError as exc:
        result.doc_id = getattr(exc, "doc_id", None)
        result.input_failed = True
        result.rows["errors"].append(_error_row(source_file, result.doc_id, exc.stage, exc.error_type, str(exc)))
        result.seconds = time.perf_counter() - started
        return result
    result.doc_id = source.doc_id
    artefacts, records, errors = run_stages(source, stages, debug)
    norm: NormalisedText | None = artefacts.get("norm")
    rows, document_fields, confidences = records_to_rows(source, norm, records)
    result.rows.update(rows)
    result.rows["errors"].extend(errors)
    result.rows["pages"].extend({"doc_id": source.doc_id, **p} for p in source.pages)
    result.rows["documents"].append({
        "doc_id": source.doc_id,
        "source_file": source_file,
        "source_format": source.source_format,
        "encoding": source.encoding,
        "n_pages": source.n_pages if source.page_of_line else (len(norm.page_starts) + 1 if norm else None),
        "doc_type": "unknown",
        "n_chars": norm.n_chars if norm else len(source.text),
        "n_lines": len(norm.lines) if norm else None,
        "status": "partial" if errors else "success",
        "quality_score": quality_score(confidences, rows.get("checks", [])),
        "extractor_version": EXTRACTOR_VERSION,
        "source_line": 1,
        **document_fields,
    })
    result.seconds = time.perf_counter() - started
    return result


ProgressCallback = Callable[[DocResult], None]


def run_batch(paths: Iterable[str], out_dir: Path, *, only: Iterable[str] | None = None,
              skip: Iterable[str] = (), debug: bool = False, max_bytes: int = MAX_INPUT_BYTES,
              on_document: ProgressCallback | None = None) -> BatchSummary:
    """Extract every input under ``paths`` and write all tables to ``out_dir``."""
    started = time.perf_counter()
    stages = select_stages(only, skip)
    files = list(iter_input_files(paths))
    merged: dict[str, list[dict]] = defaultdict(list)
    failed_inputs = failed_stages = 0
    messages: list[str] = []
    for source_file in files:
        result = process_document(source_file, stages, debug, max_bytes)
        for table, rows in result.rows.items():
            merged[table].extend(rows)
        failed_inputs += result.input_failed
        failed_stages += 0 if result.input_failed else len(result.errors)
        messages.extend(e["message"] for e in result.errors)
        if on_document:
            on_document(result)
    counts = write_tables(out_dir, merged)
    return BatchSummary(len(files), failed_inputs, failed_stages, counts,
                        time.perf_counter() - started, messages)

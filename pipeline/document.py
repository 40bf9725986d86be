"""One document through the stages: read it, run every stage in order, turn the records into rows.

Never raises for a bad input or a stage's bug: an input that cannot be read, or a stage that
fails, becomes an ``errors`` row naming the file and the stage, and the other stages go on
(docling's per-document status).
"""

from __future__ import annotations

import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from extractors.records import Record
from extractors.thai.normalise import NormalisedText
from pipeline import __version__
from pipeline.ingest import InputError, SourceDocument, display_name, read_document
from pipeline.limits import InputLimits
from pipeline.registry import Stage
from pipeline.rows import quality_score, records_to_rows
from pipeline.schemas import SCHEMAS

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


def error_row(source_file: str, doc_id: str | None, stage: str, error_type: str, message: str) -> dict:
    """An errors row; a file name's bytes that are not UTF-8 are shown escaped (``display_name``)."""
    return {"source_file": display_name(source_file), "doc_id": doc_id, "stage": stage, "error_type": error_type,
            "message": display_name(message), "source_line": None, "page": None}


# Each table's column names, looked up for every record.
_COLUMNS = {table: frozenset(schema.names) for table, schema in SCHEMAS.items()}


def validate_records(stage: Stage, records: list[Record]) -> None:
    """A stage's records must fit their tables' schemas, so one stage's bug cannot fail the write."""
    values_by_table: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        columns = _COLUMNS.get(record.table)
        if columns is None:
            raise ValueError(f"stage {stage.name} emitted a row for unknown table {record.table!r}")
        if not columns.issuperset(record.values):
            unknown = set(record.values) - columns
            raise ValueError(f"stage {stage.name} emitted columns {sorted(unknown)} not in table {record.table}")
        values_by_table[record.table].append(record.values)
    for table, values in values_by_table.items():
        names = {k for v in values for k in v}
        schema = pa.schema([f for f in SCHEMAS[table] if f.name in names])
        try:
            pa.Table.from_pylist(values, schema=schema)
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            raise ValueError(f"stage {stage.name} emitted a value of the wrong type for table {table}: {exc}") from exc


def run_stages(source: SourceDocument, stages: list[Stage], debug: bool = False,
               on_stage: Callable[[str], None] | None = None) -> tuple[dict[str, Any], list[Record], list[dict]]:
    """Run ``stages`` over one document. Returns artefacts, records and errors rows."""
    artefacts: dict[str, Any] = {"source": source}
    records: list[Record] = []
    errors: list[dict] = []
    for stage in stages:
        arguments = stage.arguments(artefacts)
        if arguments is None:
            continue  # a required stage failed or was skipped; its failure is already reported
        if on_stage:
            on_stage(stage.name)
        try:
            output = stage.run(**arguments)
            validate_records(stage, output.records)
        except Exception as exc:  # noqa: BLE001 - one stage's bug must not cost the document
            detail = traceback.format_exc() if debug else f"{type(exc).__name__}: {exc}"
            errors.append(error_row(source.source_file, source.doc_id, stage.name, "stage_exception",
                                    f"{source.source_file}: stage {stage.name} failed ({detail}); the other "
                                    "stages went on. Run with --debug for a traceback and report it."))
            continue
        artefacts.update(output.artefacts)
        records.extend(output.records)
    return artefacts, records, errors


def process_document(source_file: str, stages: list[Stage], debug: bool = False,
                     limits: InputLimits = InputLimits(), on_stage: Callable[[str], None] | None = None,
                     on_page: Callable[[int, int], None] | None = None) -> DocResult:
    """Read and extract one document. Never raises for input problems or stage bugs."""
    started = time.perf_counter()
    result = DocResult(display_name(source_file), None)
    if on_stage:
        on_stage("read")
    try:
        source = read_document(source_file, limits, on_page)
    except InputError as exc:
        result.doc_id = getattr(exc, "doc_id", None)
        result.input_failed = True
        result.rows["errors"].append(error_row(source_file, result.doc_id, exc.stage, exc.error_type, str(exc)))
        result.seconds = time.perf_counter() - started
        return result
    result.doc_id = source.doc_id
    artefacts, records, errors = run_stages(source, stages, debug, on_stage)
    norm: NormalisedText | None = artefacts.get("norm")
    rows, document_fields, confidences = records_to_rows(source, norm, records)
    rows["checks"].extend({"doc_id": source.doc_id, **c} for c in source.checks)
    result.rows.update(rows)
    result.rows["errors"].extend(errors)
    result.rows["pages"].extend({"doc_id": source.doc_id, **p} for p in source.pages)
    result.rows["table_cells"].extend({"doc_id": source.doc_id, **c} for c in source.table_cells)
    result.rows["documents"].append({
        "doc_id": source.doc_id,
        "source_file": source.source_file,
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

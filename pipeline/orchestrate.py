"""Orchestration: run the registered stages over every document, in parallel and incrementally,
never letting one bad document or one failing stage cost the rest of the batch (docling's
per-document status).

A batch goes:

1. list the inputs and hash each one (a stat cache skips re-hashing files that did not change);
2. reuse the stored result of every document already extracted by the same code and stages;
3. extract the others in worker processes, each document under a time limit; each worker stores
   its document's rows as soon as they are ready, so memory stays flat and a killed run loses
   only the documents in flight;
4. stream every stored result, in input order, into the tables (``pipeline.writer``).

Tables are therefore the same whatever was reused and however many workers ran. A failure of any
kind is an ``errors`` row naming the file, the stage and what to do.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import time
import traceback
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from extractors.thai.normalise import NormalisedText
from extractors.records import Record, Score
from pipeline import __version__
from pipeline.ingest import InputError, SourceDocument, iter_input_files, read_document
from pipeline.limits import InputLimits
from pipeline.registry import Stage, select_stages
from pipeline.schemas import SCHEMAS, key_columns
from pipeline.writer import OutputError, TableSink, prepare_out_dir, to_table

EXTRACTOR_VERSION = __version__
DOC_TIMEOUT_SECONDS = 120.0
# Stored results and the hash cache live here, inside the output folder.
STATE_DIR = ".thaiplan"
# Source files whose change can change the rows; their hash is part of the extraction key, so a
# code change never reuses stale results.
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent
_CODE_FILES = ("extractors/**/*.py", "pipeline/stages/**/*.py", "pipeline/ingest.py", "pipeline/limits.py",
               "pipeline/orchestrate.py", "pipeline/registry.py", "pipeline/schemas.py")


# --------------------------------------------------------------------------------------------
# One document
# --------------------------------------------------------------------------------------------

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
    return {"source_file": source_file, "doc_id": doc_id, "stage": stage, "error_type": error_type,
            "message": message, "source_line": None, "page": None}


def validate_records(stage: Stage, records: list[Record]) -> None:
    """A stage's records must fit their tables' schemas, so one stage's bug cannot fail the write."""
    values_by_table: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        schema = SCHEMAS.get(record.table)
        if schema is None:
            raise ValueError(f"stage {stage.name} emitted a row for unknown table {record.table!r}")
        unknown = set(record.values) - set(schema.names)
        if unknown:
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


def row_key(table: str, values: dict, doc_id: str) -> str:
    keys = key_columns(table)
    if table == "documents":
        return f"doc_id={doc_id}"
    return ";".join(f"{k}={values.get(k)}" for k in keys)


# Tesseract reads Thai digits wrongly with high confidence (๒๕๖๗ as ๒๕๒๕), so a field read from
# an OCR'd line is never in the trusted band (>= 0.9) on the extractor's word alone: it is capped
# here, and the arithmetic and year-range checks are what catch the digit errors.
OCR_FIELD_CAP = 0.85


def cap_for_ocr(record: Record, line_confidence: float | None) -> None:
    """Lower a record's field confidences (and its row ``confidence``) to what its OCR line allows."""
    if line_confidence is None or line_confidence >= 1.0:
        return  # a text line, or a page read from its text layer
    cap = round(min(OCR_FIELD_CAP, line_confidence), 3)
    for name, score in list(record.scores.items()):
        if score.confidence > cap:
            record.scores[name] = Score(cap, f"{score.reason}; OCR line confidence {line_confidence:.2f}")
    if record.values.get("confidence") is not None:
        record.values["confidence"] = min(record.values["confidence"], cap)


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
        if source.line_confidence and source_line is not None and source_line <= len(source.line_confidence):
            cap_for_ocr(record, source.line_confidence[source_line - 1])
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
                "row_key": row_key(record.table, record.values, source.doc_id),
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
                     limits: InputLimits = InputLimits(), on_stage: Callable[[str], None] | None = None) -> DocResult:
    """Read and extract one document. Never raises for input problems or stage bugs."""
    started = time.perf_counter()
    result = DocResult(source_file, None)
    if on_stage:
        on_stage("read")
    try:
        source = read_document(source_file, limits)
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


# --------------------------------------------------------------------------------------------
# Stored results: one file per document, keyed by (source sha256, extraction key)
# --------------------------------------------------------------------------------------------

def extraction_key(stages: list[Stage]) -> str:
    """What a stored result depends on besides the source bytes: version, code and stages run."""
    digest = hashlib.sha256(f"{EXTRACTOR_VERSION}\n{','.join(s.name for s in stages)}\n".encode())
    for pattern in _CODE_FILES:
        for path in sorted(_PACKAGE_ROOT.glob(pattern)):
            digest.update(path.relative_to(_PACKAGE_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{EXTRACTOR_VERSION}-{digest.hexdigest()[:16]}"


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _ipc_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


class ResultStore:
    """Rows of each extracted document, stored under the output folder as Arrow tables.

    The worker that extracted a document converts its rows to Arrow (in parallel, and typed by
    the schemas), so writing the tables is only concatenation. A document's file is an Arrow IPC
    file of (table name, that table's rows as an IPC stream), compressed whole with zstd (ten
    times faster to read back than compressing each small table). A clean result (no errors) is
    ``<doc_id>.arrow`` and is reused by later runs; a result with stage errors is
    ``<doc_id>.partial.arrow``, used for this run's tables only, so the document is tried again
    next time. Files are written atomically.
    """

    def __init__(self, out_dir: Path, key: str) -> None:
        self.state = out_dir / STATE_DIR
        self.results = self.state / "results"
        self.dir = self.results / key
        self.dir.mkdir(parents=True, exist_ok=True)

    def path(self, doc_id: str, clean: bool = True) -> Path:
        return self.dir / (f"{doc_id}.arrow" if clean else f"{doc_id}.partial.arrow")

    def has(self, doc_id: str) -> bool:
        return self.path(doc_id).exists()

    def save(self, result: DocResult) -> Path:
        clean = not result.errors
        parts = {name: to_table(name, rows) for name, rows in result.rows.items() if rows}
        index = pa.table({"table": list(parts), "rows": [_ipc_bytes(t) for t in parts.values()]},
                         metadata={"source_file": result.source_file})
        sink = pa.BufferOutputStream()
        with pa.CompressedOutputStream(sink, "zstd") as compressed:
            with pa.ipc.new_file(compressed, index.schema) as writer:
                writer.write_table(index)
        path = self.path(result.doc_id, clean)
        _atomic_write(path, sink.getvalue().to_pybytes())
        if clean:
            self.path(result.doc_id, clean=False).unlink(missing_ok=True)
        return path

    def load(self, path: Path, source_file: str) -> dict[str, pa.Table]:
        """Stored tables, with ``source_file`` set to the path the document has in this run."""
        with pa.CompressedInputStream(str(path), "zstd") as compressed:
            index = pa.ipc.open_file(pa.BufferReader(compressed.read())).read_all()
        stored_as = index.schema.metadata[b"source_file"].decode()
        # Copied out (to_pylist gives bytes): a table read in place would keep the whole document's
        # buffer alive until its table is flushed, and small tables are flushed only at the end.
        tables = {name: pa.ipc.open_stream(data).read_all()
                  for name, data in zip(index["table"].to_pylist(), index["rows"].to_pylist())}
        if stored_as != source_file:
            for name in ("documents", "errors"):
                if name in tables:
                    table = tables[name]
                    column = table.schema.get_field_index("source_file")
                    table = table.set_column(column, SCHEMAS[name].field("source_file"),
                                             pa.array([source_file] * table.num_rows, pa.string()))
                    if name == "errors":
                        column = table.schema.get_field_index("message")
                        table = table.set_column(column, SCHEMAS[name].field("message"),
                                                 pc.replace_substring(table["message"], stored_as, source_file))
                    tables[name] = table
        return tables

    def prune(self, keep: set[Path]) -> None:
        """Forget results of other code versions and of documents no longer among the inputs."""
        for other in self.results.iterdir():
            if other != self.dir:
                shutil.rmtree(other, ignore_errors=True)
        for path in self.dir.iterdir():
            if path not in keep:
                path.unlink(missing_ok=True)

    # What the last run wrote: a fingerprint of its documents and the tables' sizes and times.
    @property
    def manifest_path(self) -> Path:
        return self.dir / "manifest.json"

    def load_manifest(self) -> dict:
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save_manifest(self, manifest: dict) -> None:
        _atomic_write(self.manifest_path, json.dumps(manifest).encode())

    # The hash cache: absolute path -> (size, mtime_ns, sha256), so unchanged files are not re-read.
    def load_hashes(self) -> dict[str, list]:
        try:
            return json.loads((self.state / "hashes.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save_hashes(self, hashes: dict[str, list]) -> None:
        _atomic_write(self.state / "hashes.json", json.dumps(hashes, ensure_ascii=False).encode())


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Input:
    """One input file of the batch; ``doc_id`` is None when it could not be hashed here."""

    source_file: str
    size: int | None
    doc_id: str | None


def hash_inputs(files: list[str], hashes: dict[str, list], max_bytes: int) -> list[Input]:
    """Hash every input (updating ``hashes`` in place); files that cannot be read or are over the
    size limit are left for the worker, which reports them."""
    inputs = []
    seen = set()
    for source_file in files:
        key = os.path.abspath(source_file)
        if key in seen:
            continue
        try:
            stat = os.stat(source_file)
            size = stat.st_size
            cached = hashes.get(key)
            if cached and cached[:2] == [size, stat.st_mtime_ns]:
                doc_id = cached[2]
            elif size <= max_bytes and os.path.isfile(source_file):
                doc_id = file_sha256(source_file)
                hashes[key] = [size, stat.st_mtime_ns, doc_id]
            else:
                doc_id = None
        except OSError:
            size, doc_id = None, None
        seen.add(key)
        inputs.append(Input(source_file, size, doc_id))
    for stale in set(hashes) - seen:
        del hashes[stale]
    return inputs


# --------------------------------------------------------------------------------------------
# Worker processes, each document under a time limit
# --------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What the parent learns about one document: where its rows are, and its errors."""

    source_file: str
    doc_id: str | None
    errors: list[dict]
    stored: Path | None = None  # stored rows (None: the document has only its errors rows)
    seconds: float = 0.0
    size: int = 0
    reused: bool = False


def extract_and_store(source_file: str, size: int, stages: list[Stage], store: ResultStore, debug: bool,
                      limits: InputLimits, on_stage: Callable[[str], None] | None = None) -> Outcome:
    result = process_document(source_file, stages, debug, limits, on_stage)
    outcome = Outcome(source_file, result.doc_id, list(result.errors), seconds=result.seconds,
                      size=0 if result.input_failed else size)  # refused bytes were never read
    if result.input_failed:
        return outcome
    try:
        outcome.stored = store.save(result)
    except OSError as exc:
        outcome.errors.append(error_row(source_file, result.doc_id, "write", "write_failed",
                                        f"{source_file}: its rows could not be stored ({exc.strerror or exc}); "
                                        "check free space in the output folder and run again."))
    except (pa.ArrowException, TypeError, ValueError) as exc:  # a row that does not fit its table
        outcome.errors.append(error_row(source_file, result.doc_id, "write", "write_failed",
                                        f"{source_file}: its rows could not be stored ({exc}); the rest of "
                                        "the batch went on. Report it."))
    return outcome


def _worker_main(conn, stages: list[Stage], store: ResultStore, debug: bool, limits: InputLimits, current) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle

    def on_stage(name: str) -> None:
        current.value = name.encode()[:63]

    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if task is None:
            return
        try:
            outcome = extract_and_store(*task, stages, store, debug, limits, on_stage)
        except Exception as exc:  # noqa: BLE001 - a bug outside the stages still costs one document only
            source_file = task[0]
            detail = traceback.format_exc() if debug else f"{type(exc).__name__}: {exc}"
            outcome = Outcome(source_file, None, [error_row(
                source_file, None, current.value.decode(errors="replace"), "internal_error",
                f"{source_file}: thaiplan failed on this document ({detail}); the rest of the batch went "
                "on. Run with --debug for a traceback and report it.")])
        try:
            conn.send(outcome)
        except OSError:
            return


class _Worker:
    def __init__(self, context, stages, store, debug, limits) -> None:
        self.current = context.RawArray("c", 64)
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, daemon=True,
                                       args=(child, stages, store, debug, limits, self.current))
        self.process.start()
        child.close()
        self.task: Input | None = None
        self.started = 0.0

    def stage(self) -> str:
        return self.current.value.decode(errors="replace") or "read"

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def extract_in_workers(todo: list[Input], stages: list[Stage], store: ResultStore, *, jobs: int,
                       doc_timeout: float | None, debug: bool, limits: InputLimits) -> Iterator[Outcome]:
    """Extract ``todo`` in ``jobs`` worker processes; yields each outcome as it completes.

    A worker that runs past ``doc_timeout`` on one document is killed and replaced (a regular
    expression stuck in C code cannot be interrupted any other way); one that dies is replaced too.
    """
    # fork: workers start warm (stages imported) and cost milliseconds to replace.
    context = multiprocessing.get_context("fork")
    pending = deque(todo)
    idle: list[_Worker] = []
    busy: dict[Any, _Worker] = {}

    def new_worker() -> _Worker:
        return _Worker(context, stages, store, debug, limits)

    def failed(worker: _Worker, error_type: str, message: str) -> Outcome:
        task = worker.task
        row = error_row(task.source_file, task.doc_id, worker.stage(), error_type, message)
        return Outcome(task.source_file, task.doc_id, [row], seconds=time.monotonic() - worker.started,
                       size=task.size or 0)

    if not todo:
        return
    try:
        idle.extend(new_worker() for _ in range(max(1, min(jobs, len(todo)))))
        while pending or busy:
            while pending and idle:
                worker = idle.pop()
                task = pending.popleft()
                worker.task, worker.started = task, time.monotonic()
                worker.current.value = b""
                try:
                    worker.conn.send((task.source_file, task.size or 0))
                except OSError:  # died while idle: replace it and try again
                    worker.stop(kill=True)
                    pending.appendleft(task)
                    idle.append(new_worker())
                    continue
                busy[worker.conn] = worker
            if not busy:
                continue
            timeout = None
            if doc_timeout:
                timeout = max(0.0, min(w.started for w in busy.values()) + doc_timeout - time.monotonic())
            for conn in wait(list(busy), timeout):
                worker = busy.pop(conn)
                try:
                    yield conn.recv()
                    idle.append(worker)
                except (EOFError, OSError):
                    worker.stop(kill=True)
                    yield failed(worker, "worker_crashed",
                                 f"{worker.task.source_file}: the extraction process died in stage "
                                 f"{worker.stage()} (exit code {worker.process.exitcode}; out of memory?); "
                                 "the rest of the batch went on. Run it alone with --jobs 1 --debug and "
                                 "report it.")
                    if pending:
                        idle.append(new_worker())
            if doc_timeout:
                now = time.monotonic()
                for conn, worker in list(busy.items()):
                    if now - worker.started >= doc_timeout:
                        del busy[conn]
                        stage = worker.stage()
                        worker.stop(kill=True)
                        yield failed(worker, "timeout",
                                     f"{worker.task.source_file}: stopped after {doc_timeout:g} s in stage "
                                     f"{stage}; the rest of the batch went on. Raise --doc-timeout, or "
                                     "report the file if it is not unusually large.")
                        if pending:
                            idle.append(new_worker())
    finally:
        for worker in [*idle, *busy.values()]:
            worker.stop(kill=worker in busy.values())


# --------------------------------------------------------------------------------------------
# The batch
# --------------------------------------------------------------------------------------------

class BatchObserver:
    """What a user interface hears about a batch; every method does nothing by default."""

    def started(self, total: int, reused: int, todo_bytes: int) -> None: ...

    def extracted(self, outcome: Outcome) -> None:
        """A document was extracted in this run; ``outcome.errors`` are its errors rows."""

    def note(self, message: str) -> None: ...


@dataclass
class BatchSummary:
    documents: int
    extracted: int
    reused: int
    failed: int  # documents with at least one errors row
    rows: dict[str, int]
    seconds: float
    duplicates: int = 0  # inputs with the same bytes as an earlier one, listed once

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def line(self) -> str:
        tables = ", ".join(f"{t} {n}" for t, n in self.rows.items() if n and t != "errors")
        duplicates = f", {self.duplicates} duplicates listed once" if self.duplicates else ""
        return (f"{self.documents} documents ({self.extracted} extracted, {self.reused} unchanged{duplicates}), "
                f"{self.failed} failed, {self.seconds:.1f} s; rows: {tables or 'none'}")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_batch(paths: Iterable[str], out_dir: Path, *, only: Iterable[str] | None = None,
              skip: Iterable[str] = (), debug: bool = False, limits: InputLimits = InputLimits(),
              jobs: int | None = None, force: bool = False, doc_timeout: float | None = DOC_TIMEOUT_SECONDS,
              observer: BatchObserver | None = None) -> BatchSummary:
    """Extract every input under ``paths`` and write all tables to ``out_dir``.

    Documents whose stored result matches their bytes and the current code are not extracted
    again unless ``force``; inputs no longer given lose their rows.
    """
    started = time.perf_counter()
    observer = observer or BatchObserver()
    stages = select_stages(only, skip)
    prepare_out_dir(out_dir)
    try:
        store = ResultStore(out_dir, extraction_key(stages))
        hashes = store.load_hashes()
        inputs = hash_inputs(list(iter_input_files(paths)), hashes, limits.max_bytes)
        store.save_hashes(hashes)
    except OSError as exc:
        raise OutputError(f"cannot keep results in {out_dir / STATE_DIR}: {exc.strerror or exc}; "
                          "choose another --out or fix its permissions.") from exc

    first_path: dict[str, str] = {}
    todo: list[Input] = []
    outcomes: dict[str, Outcome] = {}  # by source_file
    for item in inputs:
        if item.doc_id in first_path:
            observer.note(f"{item.source_file} has the same bytes as {first_path[item.doc_id]}; "
                          "its rows are listed once, under that name.")
            continue
        if item.doc_id:
            first_path[item.doc_id] = item.source_file
            if not force and store.has(item.doc_id):
                outcomes[item.source_file] = Outcome(item.source_file, item.doc_id, [],
                                                     store.path(item.doc_id), reused=True)
                continue
        todo.append(item)
    observer.started(len(outcomes) + len(todo), len(outcomes), sum(i.size or 0 for i in todo))
    for outcome in extract_in_workers(todo, stages, store, jobs=jobs or default_jobs(),
                                      doc_timeout=doc_timeout, debug=debug, limits=limits):
        outcomes[outcome.source_file] = outcome
        observer.extracted(outcome)

    # In input order, each document once.
    documents = [(i.source_file, outcomes[i.source_file]) for i in inputs if i.source_file in outcomes]
    failed = sum(1 for _, o in documents if o.errors)
    keep = {o.stored for _, o in documents if o.stored}
    try:
        tables = write_documents(out_dir, store, documents, force)
        store.prune(keep | {store.manifest_path})
    except OSError as exc:
        raise OutputError(f"could not write the tables to {out_dir}: {exc.strerror or exc}; the previous "
                          "tables were left as they were and the documents extracted are kept for the next "
                          "run. Free some space or choose another --out.") from exc
    extracted = sum(1 for o in outcomes.values() if not o.reused)
    return BatchSummary(len(documents), extracted, len(documents) - extracted, failed, tables,
                        time.perf_counter() - started, len(inputs) - len(documents))


def _table_stats(out_dir: Path) -> dict[str, list[int]] | None:
    try:
        return {name: [(st := (out_dir / f"{name}.parquet").stat()).st_size, st.st_mtime_ns] for name in SCHEMAS}
    except OSError:
        return None


def write_documents(out_dir: Path, store: ResultStore, documents: list[tuple[str, Outcome]],
                    force: bool = False) -> dict[str, int]:
    """Stream every document's rows, in order, into the tables; returns rows per table.

    When the documents, their stored results and the tables are all as the last run left them,
    the tables are already right and are not rewritten (an unchanged re-run costs next to nothing).
    """
    fingerprint = hashlib.sha256(json.dumps(
        [store.dir.name, *[(f, o.stored.name if o.stored else None, None if o.stored else o.errors)
                           for f, o in documents]], ensure_ascii=False).encode()).hexdigest()
    previous = store.load_manifest()
    if not force and previous.get("fingerprint") == fingerprint and previous.get("tables") == _table_stats(out_dir):
        return previous["rows"]
    with TableSink(out_dir) as sink:
        for source_file, outcome in documents:
            if outcome.stored:  # its errors rows, if any, are stored with it
                sink.add(store.load(outcome.stored, source_file))
            else:
                sink.add({"errors": outcome.errors})
        rows = sink.commit()
    store.save_manifest({"fingerprint": fingerprint, "rows": rows, "tables": _table_stats(out_dir)})
    return rows

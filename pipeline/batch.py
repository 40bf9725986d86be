"""A batch: every input extracted once, in parallel and incrementally, into the tables.

1. list the inputs and hash each one (the store's hash cache skips re-hashing unchanged files);
2. reuse the stored result of every document already extracted by the same code and stages;
3. extract the others in worker processes, each document under a time limit; each worker stores
   its document's rows as soon as they are ready, so memory stays flat and a killed run loses
   only the documents in flight;
4. stream every stored result, in input order, into the tables (``pipeline.writer``).

Tables are therefore the same whatever was reused and however many workers ran. A failure of any
kind is an ``errors`` row naming the file, the stage and what to do; the rest of the batch goes on.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pipeline.document import error_row, process_document
from pipeline.ingest import iter_input_files
from pipeline.limits import InputLimits
from pipeline.registry import Stage, select_stages
from pipeline.schemas import SCHEMAS
from pipeline.stages import all_stages
from pipeline.store import STATE_DIR, ResultStore, extraction_key
from pipeline.workers import Failure, run_in_workers
from pipeline.writer import OutputError, TableSink, prepare_out_dir

DOC_TIMEOUT_SECONDS = 120.0


# --------------------------------------------------------------------------------------------
# The inputs
# --------------------------------------------------------------------------------------------

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
# Extraction in worker processes, each document under a time limit
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


def extract_and_store(item: Input, on_stage: Callable[[str], None], *, stages: list[Stage], store: ResultStore,
                      debug: bool, limits: InputLimits) -> Outcome:
    """A worker's task: extract one document and store its rows."""
    source_file = item.source_file
    result = process_document(source_file, stages, debug, limits, on_stage)
    outcome = Outcome(source_file, result.doc_id, list(result.errors), seconds=result.seconds,
                      size=0 if result.input_failed else item.size or 0)  # refused bytes were never read
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


def extract_in_workers(todo: list[Input], stages: list[Stage], store: ResultStore, *, jobs: int,
                       doc_timeout: float | None, debug: bool, limits: InputLimits) -> Iterator[Outcome]:
    """Extract ``todo`` in ``jobs`` worker processes; yields each outcome as it completes."""
    extract = functools.partial(extract_and_store, stages=stages, store=store, debug=debug, limits=limits)
    for item, result in run_in_workers(extract, todo, jobs=jobs, time_limit=doc_timeout):
        yield failed_outcome(item, result, doc_timeout, debug) if isinstance(result, Failure) else result


def failed_outcome(item: Input, failure: Failure, doc_timeout: float | None, debug: bool) -> Outcome:
    """The errors row of a document whose worker raised outside the stages, died or ran out of time."""
    source_file, stage = item.source_file, failure.progress or "read"
    if failure.kind == "exception":  # a bug outside the stages still costs one document only
        detail = failure.traceback if debug else failure.error
        return Outcome(source_file, None, [error_row(
            source_file, None, stage, "internal_error",
            f"{source_file}: thaiplan failed on this document ({detail}); the rest of the batch went "
            "on. Run with --debug for a traceback and report it.")])
    if failure.kind == "crashed":
        error_type = "worker_crashed"
        message = (f"{source_file}: the extraction process died in stage {stage} (exit code "
                   f"{failure.exit_code}; out of memory?); the rest of the batch went on. Run it alone with "
                   "--jobs 1 --debug and report it.")
    else:
        error_type = "timeout"
        message = (f"{source_file}: stopped after {doc_timeout:g} s in stage {stage}; the rest of the "
                   "batch went on. Raise --doc-timeout, or report the file if it is not unusually large.")
    row = error_row(source_file, item.doc_id, stage, error_type, message)
    return Outcome(source_file, item.doc_id, [row], seconds=failure.seconds, size=item.size or 0)


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
              observer: BatchObserver | None = None, scheduler: str | None = None) -> BatchSummary:
    """Extract every input under ``paths`` and write all tables to ``out_dir``.

    Documents whose stored result matches their bytes and the current code are not extracted
    again unless ``force``; inputs no longer given lose their rows. With a ``scheduler`` address,
    documents are extracted on that Dask cluster (``pipeline.cluster``), else in local processes.
    """
    started = time.perf_counter()
    observer = observer or BatchObserver()
    stages = select_stages(all_stages(), only, skip)
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
    extract = extract_in_workers
    if scheduler:
        from pipeline.cluster import extract_on_cluster
        extract = functools.partial(extract_on_cluster, scheduler=scheduler)
    for outcome in extract(todo, stages, store, jobs=jobs or default_jobs(),
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

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
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipeline.document import error_row
from pipeline.document_task import (
    BatchObserver,
    Input,
    Outcome,
    extract_and_store,
    failed_outcome,
)
from pipeline.failures import RememberedFailures
from pipeline.ingest import display_name, iter_input_files
from pipeline.limits import DOC_TIMEOUT_SECONDS, PAGE_TIMEOUT_SECONDS, InputLimits
from pipeline.locations import is_url, url_info, url_sha256
from pipeline.lock import output_lock
from pipeline.registry import Stage, select_stages
from pipeline.schemas import SCHEMAS
from pipeline.stages import all_stages
from pipeline.store import STATE_DIR, DamagedResult, ResultStore, extraction_key
from pipeline.workers import Failure, run_in_workers
from pipeline.writer import (
    NO_SPACE,
    OutputError,
    TableSink,
    prepare_out_dir,
    what_to_do,
)

# --------------------------------------------------------------------------------------------
# The inputs
# --------------------------------------------------------------------------------------------

def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def hash_inputs(files: list[str], hashes: dict[str, list], max_bytes: int) -> list[Input]:
    """Hash every input (updating ``hashes`` in place); files that cannot be read or are over the
    size limit are left for the worker, which reports them."""
    inputs = []
    seen = set()
    for source_file in files:
        url = is_url(source_file)
        key = source_file if url else os.path.abspath(source_file)
        if key in seen:
            continue
        try:
            if url:
                (size, changed), regular = url_info(source_file), True
            else:
                stat = os.stat(source_file)
                size, changed, regular = stat.st_size, stat.st_mtime_ns, os.path.isfile(source_file)
            cached = hashes.get(key)
            if cached and changed is not None and cached[:2] == [size, changed]:
                doc_id = cached[2]
            elif size <= max_bytes and regular:
                doc_id = url_sha256(source_file) if url else file_sha256(source_file)
                hashes[key] = [size, changed, doc_id]
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

def extract_in_workers(todo: list[Input], stages: list[Stage], store: ResultStore, *, jobs: int,
                       doc_timeout: float | None, page_timeout: float, debug: bool, limits: InputLimits,
                       observer: BatchObserver) -> Iterator[Outcome]:
    """Extract ``todo`` in ``jobs`` worker processes; yields each outcome as it completes.

    A document may take ``doc_timeout`` seconds plus ``page_timeout`` for each page it OCRs."""
    extract = functools.partial(extract_and_store, stages=stages, store=store, debug=debug, limits=limits)
    for item, result in run_in_workers(extract, todo, jobs=jobs, time_limit=doc_timeout, time_per_unit=page_timeout,
                                       on_units=lambda item, done, total: observer.pages(item.source_file, done, total)):
        yield failed_outcome(item, result, debug) if isinstance(result, Failure) else result


# --------------------------------------------------------------------------------------------
# The batch
# --------------------------------------------------------------------------------------------

@dataclass
class BatchSummary:
    documents: int
    extracted: int
    reused: int
    failed: int  # documents with at least one errors row
    rows: dict[str, int]
    seconds: float
    duplicates: int = 0  # inputs with the same bytes as an earlier one, listed once
    failures: dict[str, int] = field(default_factory=dict)  # failed documents per error_type

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def line(self) -> str:
        tables = ", ".join(f"{t} {n}" for t, n in self.rows.items() if n and t != "errors")
        duplicates = f", {self.duplicates} duplicates listed once" if self.duplicates else ""
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.failures.items()))
        failed = f"{self.failed} failed ({kinds})" if kinds else f"{self.failed} failed"
        if not tables:
            tables = "none (see the errors table)" if self.failed else "none"
        return (f"{self.documents} documents ({self.extracted} extracted, {self.reused} unchanged{duplicates}), "
                f"{failed}, {self.seconds:.1f} s; rows: {tables}")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_batch(paths: Iterable[str], out_dir: Path, *, only: Iterable[str] | None = None,
              skip: Iterable[str] = (), debug: bool = False, limits: InputLimits = InputLimits(),
              jobs: int | None = None, force: bool = False, doc_timeout: float | None = DOC_TIMEOUT_SECONDS,
              page_timeout: float = PAGE_TIMEOUT_SECONDS, observer: BatchObserver | None = None,
              scheduler: str | None = None) -> BatchSummary:
    """Extract every input under ``paths`` and write all tables to ``out_dir``.

    Documents whose stored result matches their bytes and the current code are not extracted
    again unless ``force``; inputs no longer given lose their rows. One run at a time per
    ``out_dir``: OutputBusy (naming the other run's pid) while another holds it. With a
    ``scheduler`` address, documents are extracted on that Dask cluster (``pipeline.cluster``),
    else in local processes.
    """
    stages = select_stages(all_stages(), only, skip)
    prepare_out_dir(out_dir)
    with output_lock(out_dir / STATE_DIR / "lock", out_dir):
        return _extract_and_write(paths, out_dir, stages, debug=debug, limits=limits, jobs=jobs, force=force,
                                  doc_timeout=doc_timeout, page_timeout=page_timeout,
                                  observer=observer or BatchObserver(), scheduler=scheduler)


def _extract_and_write(paths: Iterable[str], out_dir: Path, stages: list[Stage], *, debug: bool,
                       limits: InputLimits, jobs: int | None, force: bool, doc_timeout: float | None,
                       page_timeout: float, observer: BatchObserver, scheduler: str | None) -> BatchSummary:
    started = time.perf_counter()
    try:
        store = ResultStore(out_dir, extraction_key(stages))
        failures = RememberedFailures(store.dir)
        hashes = store.load_hashes()
        inputs = hash_inputs(list(iter_input_files(paths)), hashes, max(limits.max_bytes, limits.max_pdf_bytes))
        store.save_hashes(hashes)
    except OSError as exc:
        raise OutputError(f"cannot keep results in {out_dir / STATE_DIR}: {exc.strerror or exc}; "
                          f"{what_to_do(exc)}.") from exc

    first_path: dict[str, str] = {}
    todo: list[Input] = []
    outcomes: dict[str, Outcome] = {}  # by source_file
    for item in inputs:
        if item.doc_id in first_path:
            observer.note(display_name(f"{item.source_file} has the same bytes as {first_path[item.doc_id]}; "
                          "its rows are listed once, under that name."))
            continue
        if item.doc_id:
            first_path[item.doc_id] = item.source_file
            if not force and store.has(item.doc_id):
                outcomes[item.source_file] = Outcome(item.source_file, item.doc_id, [],
                                                     store.path(item.doc_id), reused=True)
                continue
            remembered = None if force else failures.recall(item.doc_id, item.source_file, doc_timeout, page_timeout)
            if remembered:
                outcomes[item.source_file] = Outcome(item.source_file, item.doc_id, [remembered], reused=True)
                observer.failed_before(outcomes[item.source_file])
                continue
        todo.append(item)
    observer.started(len(outcomes) + len(todo), len(outcomes), sum(i.size or 0 for i in todo))
    if scheduler:
        from pipeline.cluster import extract_on_cluster
        extracted = extract_on_cluster(todo, stages, store, scheduler=scheduler, doc_timeout=doc_timeout,
                                       debug=debug, limits=limits, observer=observer)
    else:
        extracted = extract_in_workers(todo, stages, store, jobs=jobs or default_jobs(), doc_timeout=doc_timeout,
                                       page_timeout=page_timeout, debug=debug, limits=limits, observer=observer)
    with closing(extracted) as extracted_now:
        for outcome in extracted_now:
            outcomes[outcome.source_file] = outcome
            observer.extracted(outcome)
            if outcome.remember:
                failures.remember(outcome.errors[0], doc_timeout, page_timeout)

    # In input order, each document once.
    documents = [(i.source_file, outcomes[i.source_file]) for i in inputs if i.source_file in outcomes]
    failed = sum(1 for _, o in documents if o.errors)
    try:
        failures.keep_only({o.doc_id for _, o in documents if o.doc_id})
        tables = write_documents(out_dir, store, documents, force, keep={failures.path})
    except OSError as exc:
        kept = ("the results extracted in this run were removed to give the space back" if exc.errno in NO_SPACE
                else "the documents extracted are kept for the next run")
        raise OutputError(f"could not write the tables to {out_dir}: {exc.strerror or exc}; the previous "
                          f"tables were left as they were and {kept}. {what_to_do(exc).capitalize()}.") from exc
    extracted = sum(1 for o in outcomes.values() if not o.reused)
    kinds = Counter(kind for _, o in documents for kind in {e["error_type"] for e in o.errors})
    return BatchSummary(len(documents), extracted, len(documents) - extracted, failed, tables,
                        time.perf_counter() - started, len(inputs) - len(documents), dict(kinds))


def _table_stats(out_dir: Path) -> dict[str, list[int]] | None:
    try:
        return {name: [(st := (out_dir / f"{name}.parquet").stat()).st_size, st.st_mtime_ns] for name in SCHEMAS}
    except OSError:
        return None


def write_documents(out_dir: Path, store: ResultStore, documents: list[tuple[str, Outcome]],
                    force: bool = False, keep: set[Path] = frozenset()) -> dict[str, int]:
    """Stream every document's rows, in order, into the tables; returns rows per table.

    When the documents, their stored results and the tables are all as the last run left them,
    the tables are already right and are not rewritten (an unchanged re-run costs next to nothing).
    Stored results of documents no longer among the inputs are removed first, so that a run on a
    full disk has their space; when the tables do not fit even so, the results this run stored are
    removed too, leaving the disk as full as the run found it.
    """
    store.prune({o.stored for _, o in documents if o.stored} | {store.manifest_path, *keep})
    fingerprint = hashlib.sha256(json.dumps(  # ASCII: a path's bytes that are not UTF-8 stay escapes
        [store.dir.name, *[(f, o.stored.name if o.stored else None, None if o.stored else o.errors)
                           for f, o in documents]]).encode()).hexdigest()
    previous = store.load_manifest()
    if not force and previous.get("fingerprint") == fingerprint and previous.get("tables") == _table_stats(out_dir):
        return previous["rows"]
    try:
        with TableSink(out_dir) as sink:
            for source_file, outcome in documents:
                sink.add(_rows_of(store, source_file, outcome))
            rows = sink.commit()
    except OSError as exc:
        if exc.errno in NO_SPACE:
            store.discard(o.stored for _, o in documents if o.stored and not o.reused)
        raise
    store.save_manifest({"fingerprint": fingerprint, "rows": rows, "tables": _table_stats(out_dir)})
    return rows


def _rows_of(store: ResultStore, source_file: str, outcome: Outcome) -> dict[str, pa.Table | list[dict]]:
    if not outcome.stored:
        return {"errors": outcome.errors}
    try:
        return store.load(outcome.stored, source_file)  # its errors rows, if any, are stored with it
    except DamagedResult:  # damaged since this run checked or wrote it
        return {"errors": [error_row(source_file, outcome.doc_id, "write", "damaged_result",
                                     f"{source_file}: its stored result was damaged during this run, so its "
                                     "rows are missing; run again to extract it anew.")]}

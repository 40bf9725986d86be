"""One document's task in a batch, wherever it runs (a local worker process or a Dask worker):
extract it and store its rows, or turn why it gave none into its errors row; and what a user
interface hears of the batch."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pipeline.document import error_row, process_document
from pipeline.limits import InputLimits
from pipeline.registry import Stage
from pipeline.store import ResultStore
from pipeline.workers import Failure, Progress
from pipeline.writer import what_to_do

_STOP_EXIT_CODES = {-signal.SIGTERM, -signal.SIGINT, -signal.SIGHUP}


@dataclass
class Input:
    """One input file of the batch; ``doc_id`` is None when it could not be hashed here."""

    source_file: str
    size: int | None
    doc_id: str | None


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
    remember: bool = False  # a failure of the document itself: later runs reuse its errors row


def extract_and_store(item: Input, progress: Progress, *, stages: list[Stage], store: ResultStore,
                      debug: bool, limits: InputLimits) -> Outcome:
    """A worker's task: extract one document and store its rows."""
    source_file = item.source_file
    result = process_document(source_file, stages, debug, limits, on_stage=progress, on_page=progress.units)
    outcome = Outcome(source_file, result.doc_id, list(result.errors), seconds=result.seconds,
                      size=0 if result.input_failed else item.size or 0)  # refused bytes were never read
    if result.input_failed:
        return outcome
    try:
        outcome.stored = store.save(result)
    except OSError as exc:
        outcome.errors.append(error_row(source_file, result.doc_id, "write", "write_failed",
                                        f"{source_file}: its rows could not be stored in the output folder "
                                        f"({exc.strerror or exc}); {what_to_do(exc)}, and run again."))
    except (pa.ArrowException, TypeError, ValueError) as exc:  # a row that does not fit its table
        outcome.errors.append(error_row(source_file, result.doc_id, "write", "write_failed",
                                        f"{source_file}: its rows could not be stored ({exc}); the rest of "
                                        "the batch went on. Report it."))
    return outcome


def failed_outcome(item: Input, failure: Failure, debug: bool) -> Outcome:
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
                   "--jobs 1 --debug --force and report it; until then runs skip it while its bytes and "
                   "thaiplan are unchanged.")
    else:
        error_type = "timeout"
        pages = failure.units[1]
        allowed = f" (with {pages} scanned pages)" if pages else ""
        message = (f"{source_file}: stopped after {failure.limit:g} s{allowed} in stage {stage}; the rest of "
                   "the batch went on. Raise --doc-timeout or --page-timeout, or report the file if it is not "
                   "unusually large; runs under the same limits skip it while its bytes and thaiplan are "
                   "unchanged (--force tries again).")
    row = error_row(source_file, item.doc_id, stage, error_type, message)
    # A worker stopped from outside (SIGTERM to the process group, say) says nothing of its document.
    remember = item.doc_id is not None and failure.exit_code not in _STOP_EXIT_CODES
    return Outcome(source_file, item.doc_id, [row], seconds=failure.seconds, size=item.size or 0, remember=remember)


class BatchObserver:
    """What a user interface hears about a batch; every method does nothing by default."""

    def started(self, total: int, reused: int, todo_bytes: int) -> None: ...

    def extracted(self, outcome: Outcome) -> None:
        """A document was extracted in this run; ``outcome.errors`` are its errors rows."""

    def failed_before(self, outcome: Outcome) -> None:
        """A document that timed out or crashed in an earlier run was not tried again."""

    def pages(self, source_file: str, done: int, total: int) -> None:
        """A document in extraction has read ``done`` of its ``total`` scanned pages."""

    def note(self, message: str) -> None: ...

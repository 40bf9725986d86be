"""A batch's documents extracted on a Dask cluster (``thaiplan extract --scheduler tcp://HOST:8786``).

Workers read the inputs from the paths the client gives (a file system they share with it): no
input bytes go through the client. Each document's rows come back as the bytes of its stored
result (Arrow IPC, as ``ResultStore.encode`` writes them), which the client puts into its own
store, so the cache, the ``errors`` rows and the table switch are those of a local run.

- A text document, or a PDF whose pages all have a good text layer, is one task. A PDF with pages
  to OCR is one task until it finds them (it stops there: ``PagesNeeded``); then each page is a task
  of its own, spread over the cluster, and the document is extracted by a last task that Dask runs
  when its pages are in (the pages go from worker to worker, not through the client).
- The time limit: Dask cannot stop a running task, and killing its worker would have Dask retry a
  slow document on other workers until they all were killed. So a document task runs its extraction
  in a child process of the worker (``pipeline.workers``, as a local run does), killed past
  --doc-timeout: a ``timeout`` errors row. A page task is bounded by Tesseract's per-page limit.
- A worker that dies mid-task has its tasks retried on others by Dask; a document whose tasks kill
  workers again and again raises ``KilledWorker`` after the scheduler's allowed-failures
  (``distributed.scheduler.allowed-failures``, 3 by default): a ``worker_crashed`` errors row, and
  the batch goes on.
- The client's memory stays bounded: one document per worker thread is submitted at a time, and
  each result is stored and dropped as it comes.
"""

from __future__ import annotations

import functools
import multiprocessing
import tempfile
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path

from pipeline.document import process_document
from pipeline.document_task import (
    BatchObserver,
    Input,
    Outcome,
    extract_and_store,
    failed_outcome,
)
from pipeline.limits import InputLimits
from pipeline.locations import is_url, read_url
from pipeline.pdf.page_breaks import join_rows_over_page_breaks
from pipeline.pdf.pages import PdfError, PdfPage
from pipeline.registry import Stage
from pipeline.stages import all_stages
from pipeline.store import ResultStore, extraction_key
from pipeline.workers import Failure, run_in_workers
from pipeline.writer import OutputError


class ClusterError(OutputError):
    """The cluster cannot be used (no scheduler at the address); the message says what to do."""


class PagesNeeded(Exception):
    """A PDF's pages to OCR, as (page number, text-layer quality) pairs: each becomes a task."""

    def __init__(self, pages: list[tuple[int, float]]) -> None:
        super().__init__(pages)
        self.pages = pages


class _EncodingStore(ResultStore):
    """The worker's side of the store: keeps the encoded result, which the client puts in its own."""

    def __init__(self) -> None:  # no folder: nothing is written on the worker
        self.dir = Path()
        self.data: bytes | None = None

    def put(self, name: str, data: bytes) -> Path:
        self.data = data
        return Path(name)


# --------------------------------------------------------------------------------------------
# Tasks, run on the workers
# --------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def _stages(names: tuple[str, ...], extraction: str) -> list[Stage]:
    stages = [s for s in all_stages() if s.name in names]
    if extraction_key(stages) != extraction:
        raise RuntimeError(f"this worker runs other thaiplan code than the client (extraction key "
                           f"{extraction_key(stages)}, the client's {extraction}); install the same thaiplan on "
                           "the client and every worker.")
    return stages


def _given_pages(pages: list[PdfPage | PdfError] | None, document, to_ocr, source_file: str, on_page) -> list[PdfPage]:
    """The scanned pages' reader of a document task (``pipeline.pdf.read.SCAN_READER``): the pages
    the page tasks read, or, before they ran, which pages are needed."""
    if pages is None:
        raise PagesNeeded(to_ocr)
    for page in pages:
        if isinstance(page, PdfError):
            raise page
    pages = sorted(pages, key=lambda p: p.page)
    join_rows_over_page_breaks(pages)  # as ocr_pages does over a document's pages
    return pages


# Extracted once in each worker process before its first document: what the stages load and compile
# on first use (word lists, patterns) then comes with every document's child process, instead of
# costing each document most of a second again.
_WARM_UP_TEXT = """แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2567
องค์การบริหารส่วนตำบลตัวอย่าง อำเภอเมือง จังหวัดตัวอย่าง
มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต
1.\tโครงการส่งเสริมคุณธรรมและจริยธรรม\t10,000\t10,000\t10,000
"""


@functools.lru_cache(maxsize=1)
def _warm(stages: tuple[Stage, ...]) -> None:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt") as sample:
        sample.write(_WARM_UP_TEXT)
        sample.flush()
        process_document(sample.name, list(stages))


def _allow_children() -> None:
    """Dask's nanny starts its worker as a daemon process, and multiprocessing gives daemons no
    children. A document's child process ends with its worker anyway: its pipe closes."""
    process = multiprocessing.current_process()
    if process.daemon:
        process.daemon = False


def extract_document(item: Input, stage_names: tuple[str, ...], extraction: str, debug: bool, limits: InputLimits,
                     doc_timeout: float | None, pages: list[PdfPage | PdfError] | None = None
                     ) -> tuple[Outcome, bytes | None] | PagesNeeded:
    """A document task: its outcome and stored result's bytes, or the pages it needs read first."""
    from pipeline.pdf.read import SCAN_READER

    stages = _stages(stage_names, extraction)

    def extract(item: Input, progress) -> tuple[Outcome, bytes | None] | PagesNeeded:
        store = _EncodingStore()
        SCAN_READER.set(functools.partial(_given_pages, pages))  # in the child process only
        try:
            return extract_and_store(item, progress, stages=stages, store=store, debug=debug, limits=limits), store.data
        except PagesNeeded as needed:
            return needed

    _warm(tuple(stages))
    _allow_children()
    ((_, result),) = run_in_workers(extract, [item], jobs=1, time_limit=doc_timeout)
    return (failed_outcome(item, result, debug), None) if isinstance(result, Failure) else result


def read_page(source_file: str, number: int, quality: float) -> PdfPage | PdfError:
    """A page task: one page of a PDF read by OCR (or why it could not be)."""
    import pypdfium2 as pdfium

    from pipeline.pdf.ocr import ocr_pages

    # A URL's bytes are read by the worker (its filesystem package installed there too).
    document = pdfium.PdfDocument(read_url(source_file) if is_url(source_file) else source_file)
    try:
        return ocr_pages(document, [(number, quality)], source_file)[0]
    except PdfError as exc:  # the document's task raises it, as a local run's reading does
        return exc
    finally:
        document.close()


# --------------------------------------------------------------------------------------------
# The client
# --------------------------------------------------------------------------------------------

def _key(task: str, item: Input, suffix: str = "") -> str:
    """A task's key: its kind first (the dashboard groups by it), then a unique token, then the file."""
    return f"{task}-{uuid.uuid4().hex}-{Path(item.source_file).name}{suffix}"


def extract_on_cluster(todo: list[Input], stages: list[Stage], store: ResultStore, *, scheduler: str,
                       doc_timeout: float | None, debug: bool, limits: InputLimits,
                       observer: BatchObserver) -> Iterator[Outcome]:
    """Extract ``todo`` on the Dask cluster at ``scheduler``; yields each outcome as it completes,
    its rows already in ``store``, and tells ``observer`` of each scanned page read. A document's
    pages are read before its task starts (each under Tesseract's per-page limit), so its task's
    limit is ``doc_timeout`` alone."""
    if not todo:
        return
    from distributed import Client, KilledWorker, as_completed

    try:
        client = Client(scheduler)  # waits distributed.comm.timeouts.connect (30 s) for it
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one (dask scheduler) "
                           "or check the address given by --scheduler or DASK_SCHEDULER_ADDRESS.") from exc
    with client:
        submit = functools.partial(client.submit, extract_document, stage_names=tuple(s.name for s in stages),
                                   extraction=extraction_key(stages), debug=debug, limits=limits,
                                   doc_timeout=doc_timeout, pure=False)
        waiting = iter(todo)
        running = as_completed()
        items = {}  # future -> its document
        pages_of = {}  # a page's future -> its document, and its document's pages read so far

        def top_up() -> None:
            """One document in flight per worker thread: a document is assigned to a worker when
            submitted, and a worker that dies takes the assigned ones with it (one more failure
            towards their KilledWorker); and nothing waits at the client."""
            threads = max(1, sum(client.nthreads().values()))
            while len(items) < threads and (item := next(waiting, None)) is not None:
                future = submit(item, key=_key("extract_document", item))
                items[future] = item
                running.add(future)

        def submit_pages(item: Input, needed: list[tuple[int, float]]) -> None:
            pages = [client.submit(read_page, item.source_file, number, quality, pure=False,
                                   key=_key("read_page", item, f"-{number}")) for number, quality in needed]
            last = submit(item, pages=pages, key=_key("extract_document", item))
            items[last] = item
            running.add(last)
            done = [0, len(pages)]
            for page in pages:
                pages_of[page] = item, done
                running.add(page)

        top_up()
        for future in running:
            if future in pages_of:  # its result stays on the cluster for its document's task
                item, done = pages_of.pop(future)
                done[0] += 1
                observer.pages(item.source_file, *done)
                continue
            item = items.pop(future)
            try:
                result = future.result()
            except KilledWorker:
                result = failed_outcome(item, Failure("crashed", "read", 0.0), debug), None
            except Exception as exc:  # noqa: BLE001 - the task's bug costs its document only
                result = failed_outcome(item, Failure("exception", "read", 0.0, f"{type(exc).__name__}: {exc}",
                                                      "".join(traceback.format_exception(exc))), debug), None
            del future  # its result leaves the cluster's memory with the last reference
            if isinstance(result, PagesNeeded):
                submit_pages(item, result.pages)
                continue
            outcome, data = result
            if data is not None:
                try:
                    outcome.stored = store.put(outcome.stored.name, data)
                except OSError as exc:
                    raise OutputError(f"cannot keep results in {store.dir}: {exc.strerror or exc}; free some "
                                      "space or choose another --out.") from exc
            yield outcome
            top_up()

"""A pool of worker processes that can stop any one task: each item runs under a time limit, and a
worker that runs past it, or dies, is killed and replaced while the others go on.

Threads cannot do this (a regular expression stuck in C code cannot be interrupted, only its
process killed), nor can ``concurrent.futures`` (one dead worker breaks the whole pool). The pool
knows nothing of what its task does: it hands items to workers, yields each result as it
completes, and says which item failed how.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
# A task reports what it is doing through this callback; a failure names the last report.
Progress = Callable[[str], None]
_PROGRESS_BYTES = 64


@dataclass
class Failure:
    """Why an item gave no result: its task raised ("exception"), its worker died ("crashed"),
    or it ran past the time limit and its worker was killed ("timeout")."""

    kind: str
    progress: str  # what the task last reported doing ("" when it reported nothing)
    seconds: float
    error: str = ""  # exception: "Type: message"
    traceback: str = ""  # exception: the formatted traceback
    exit_code: int | None = None  # crashed: the worker's exit code


def _serve(conn, task: Callable[[Any, Progress], Any], progress_buffer) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle

    def progress(text: str) -> None:
        progress_buffer.value = text.encode()[:_PROGRESS_BYTES - 1]

    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if message is None:
            return
        (item,) = message
        try:
            reply = (True, task(item, progress), "")
        except Exception as exc:  # noqa: BLE001 - the task's bug costs its item only
            reply = (False, f"{type(exc).__name__}: {exc}", traceback.format_exc())
        try:
            conn.send(reply)
        except OSError:
            return


class _Worker:
    def __init__(self, context, task: Callable[[Any, Progress], Any]) -> None:
        self.progress_buffer = context.RawArray("c", _PROGRESS_BYTES)
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, daemon=True, args=(child, task, self.progress_buffer))
        self.process.start()
        child.close()
        self.item: Any = None
        self.started = 0.0

    def progress(self) -> str:
        return self.progress_buffer.value.decode(errors="replace")

    def failure(self, kind: str, **details: Any) -> tuple[Any, Failure]:
        return self.item, Failure(kind, self.progress(), time.monotonic() - self.started, **details)

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


def run_in_workers(task: Callable[[Item, Progress], Result], items: Iterable[Item], *, jobs: int,
                   time_limit: float | None) -> Iterator[tuple[Item, Result | Failure]]:
    """Run ``task(item, progress)`` on every item in ``jobs`` worker processes; yields
    ``(item, result)``, or ``(item, Failure)``, in completion order.

    Workers are forked, so ``task`` may be any function or closure (it is not pickled); items and
    results go through pipes and must pickle. A worker past ``time_limit`` seconds on one item is
    killed and replaced, as is one that dies.
    """
    pending = deque(items)
    if not pending:
        return
    # fork: workers start warm (everything the task needs is imported) and cost milliseconds to replace.
    context = multiprocessing.get_context("fork")
    idle: list[_Worker] = []
    busy: dict[Any, _Worker] = {}
    try:
        idle.extend(_Worker(context, task) for _ in range(max(1, min(jobs, len(pending)))))
        while pending or busy:
            while pending and idle:
                worker = idle.pop()
                item = pending.popleft()
                worker.item, worker.started = item, time.monotonic()
                worker.progress_buffer.value = b""
                try:
                    worker.conn.send((item,))
                except OSError:  # died while idle: replace it and try again
                    worker.stop(kill=True)
                    pending.appendleft(item)
                    idle.append(_Worker(context, task))
                    continue
                busy[worker.conn] = worker
            if not busy:
                continue
            timeout = None
            if time_limit:
                timeout = max(0.0, min(w.started for w in busy.values()) + time_limit - time.monotonic())
            for conn in wait(list(busy), timeout):
                worker = busy.pop(conn)
                try:
                    ok, value, trace = conn.recv()
                except (EOFError, OSError):
                    worker.stop(kill=True)
                    yield worker.failure("crashed", exit_code=worker.process.exitcode)
                    if pending:
                        idle.append(_Worker(context, task))
                    continue
                idle.append(worker)
                yield (worker.item, value) if ok else worker.failure("exception", error=value, traceback=trace)
            if time_limit:
                now = time.monotonic()
                for conn, worker in list(busy.items()):
                    if now - worker.started >= time_limit:
                        del busy[conn]
                        failure = worker.failure("timeout")
                        worker.stop(kill=True)
                        yield failure
                        if pending:
                            idle.append(_Worker(context, task))
    finally:
        for worker in [*idle, *busy.values()]:
            worker.stop(kill=worker in busy.values())

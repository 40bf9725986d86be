"""A pool of worker processes that can stop any one task: each item runs under a time limit, and a
worker that runs past it, or dies, is killed and replaced while the others go on.

Threads cannot do this (a regular expression stuck in C code cannot be interrupted, only its
process killed), nor can ``concurrent.futures`` (one dead worker breaks the whole pool). The pool
knows nothing of what its task does: it hands items to workers, yields each result as it
completes, and says which item failed how.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
_PROGRESS_BYTES = 64
# How often the parent passes the workers' unit counts on (``on_units``).
_UNITS_INTERVAL = 0.5
# The parent's ends of all workers' pipes: a forked worker closes its copies, so that a worker sees
# end-of-file when the parent is gone (a copy held by a sibling would keep every pipe open).
_PARENT_ENDS: set[int] = set()
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Progress:
    """What a task reports while it runs, read by the parent at any time: the step it is in (a
    failure names it), and for a long step how many units of how many are done (pages of a scan:
    each unit of the total extends the time limit by ``time_per_unit``)."""

    def __init__(self, context) -> None:
        self._text = context.RawArray("c", _PROGRESS_BYTES)
        self._units = context.RawArray("q", 2)

    def __call__(self, text: str) -> None:
        self._text.value = text.encode()[:_PROGRESS_BYTES - 1]

    def units(self, done: int, total: int) -> None:
        self._units[0], self._units[1] = done, total

    @property
    def text(self) -> str:
        return self._text.value.decode(errors="replace")

    @property
    def counts(self) -> tuple[int, int]:
        return self._units[0], self._units[1]

    def reset(self) -> None:
        self._text.value = b""
        self.units(0, 0)


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
    units: tuple[int, int] = (0, 0)  # units done and their total, as last reported
    limit: float | None = None  # timeout: the limit it ran past, in seconds


def _die_with_parent(parent_pid: int) -> None:
    """Make the kernel kill this worker when its parent dies, however it dies (kill -9 included);
    elsewhere than Linux the worker ends when it finds its pipe closed."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl: nobody will read our results
        os._exit(1)


def _serve(conn, task: Callable[[Any, Progress], Any], progress: Progress, parent_pid: int) -> None:
    _die_with_parent(parent_pid)
    for fd in _PARENT_ENDS:
        os.close(fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    # Not the parent's stdin and stdout: `thaiplan ... | cat` ends when the parent does.
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)

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
        self.progress = Progress(context)
        self.conn, child = context.Pipe()
        _PARENT_ENDS.add(self.conn.fileno())
        self.process = context.Process(target=_serve, daemon=True, args=(child, task, self.progress, os.getpid()))
        self.process.start()
        child.close()
        self.item: Any = None
        self.started = 0.0
        self.units = (0, 0)  # as last passed to on_units

    def deadline(self, time_limit: float | None, time_per_unit: float) -> float:
        if not time_limit:
            return float("inf")
        return self.started + time_limit + time_per_unit * self.progress.counts[1]

    def failure(self, kind: str, **details: Any) -> tuple[Any, Failure]:
        return self.item, Failure(kind, self.progress.text, time.monotonic() - self.started,
                                  units=self.progress.counts, **details)

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
        _PARENT_ENDS.discard(self.conn.fileno())
        self.conn.close()


def run_in_workers(task: Callable[[Item, Progress], Result], items: Iterable[Item], *, jobs: int,
                   time_limit: float | None, time_per_unit: float = 0.0,
                   on_units: Callable[[Item, int, int], None] | None = None,
                   ) -> Iterator[tuple[Item, Result | Failure]]:
    """Run ``task(item, progress)`` on every item in ``jobs`` worker processes; yields
    ``(item, result)``, or ``(item, Failure)``, in completion order.

    Workers are forked, so ``task`` may be any function or closure (it is not pickled); items and
    results go through pipes and must pickle. A worker past its time limit on one item
    (``time_limit`` seconds, plus ``time_per_unit`` for each unit of the total it reported) is
    killed and replaced, as is one that dies. ``on_units(item, done, total)`` hears of units done,
    every half second at most. Workers die with the parent process, and when the caller stops
    (an exception, the generator closed) they are killed.
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
                worker.item, worker.started, worker.units = item, time.monotonic(), (0, 0)
                worker.progress.reset()
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
            timeout = min(w.deadline(time_limit, time_per_unit) for w in busy.values()) - time.monotonic()
            if on_units:
                timeout = min(timeout, _UNITS_INTERVAL)
            for conn in wait(list(busy), None if timeout == float("inf") else max(0.0, timeout)):
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
            now = time.monotonic()
            for conn, worker in list(busy.items()):
                deadline = worker.deadline(time_limit, time_per_unit)
                if now >= deadline:
                    del busy[conn]
                    failure = worker.failure("timeout", limit=deadline - worker.started)
                    worker.stop(kill=True)
                    yield failure
                    if pending:
                        idle.append(_Worker(context, task))
                elif on_units and worker.progress.counts != worker.units:
                    worker.units = worker.progress.counts
                    on_units(worker.item, *worker.units)
    finally:
        for worker in [*idle, *busy.values()]:
            worker.stop(kill=worker in busy.values())

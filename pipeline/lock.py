"""One run at a time per output folder: two runs on the same --out would delete each other's stored
results and race to replace the tables.

The lock is ``fcntl.flock`` on ``OUT/.thaiplan/lock``: the kernel releases it when its holder
exits, however it exits (kill -9 included), so a stale lock never needs clearing by hand. A second
run does not wait: it is refused at once with the holder's pid (waiting would leave a scheduled job
stuck behind a long run without saying so).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.writer import OutputError

# Descriptors of the locks this process holds: a forked worker closes its copies, so that a worker
# that outlived its parent could not keep the folder locked.
_HELD: set[int] = set()


class OutputBusy(OutputError):
    """The output folder is locked by another run."""


def _close_held_in_child() -> None:
    for fd in _HELD:
        os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_held_in_child)


@contextmanager
def output_lock(path: Path, out_dir: Path) -> Iterator[None]:
    """Hold the lock file ``path`` of output folder ``out_dir`` for the block; OutputBusy if another
    run holds it. The file keeps the holder's pid (it is never removed: removing races with flock)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot lock output folder {out_dir} ({path}: {exc.strerror or exc}); choose "
                          "another --out or fix its permissions.") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise OutputBusy(f"{out_dir} is in use by another thaiplan run (pid {holder}); wait for it to "
                         "finish or choose another --out.") from None
    except BaseException:
        os.close(fd)
        raise
    _HELD.add(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)

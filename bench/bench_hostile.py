"""Seconds per hostile document: the worst-case lines of tests/builders/worst_lines.py (runs of TABs,
spaces, digits, Thai, ``<``, ``|``, dots... after each keyword an extractor looks for, lines of 10^5
characters) and long structures (a table of contents, pipe and HTML tables of 10^4 rows), each put
into the part of seed 000 where it is read, each document under 1 MB, extracted whole.

    .venv/bin/python -m bench.bench_hostile [--chars 100000] [--limit 60] [--only tabs]

The goal: no document over 5 s. A document still running after ``--limit`` seconds is stopped and
printed as such. The slowest stage of each document is printed beside it.
"""

from __future__ import annotations

import argparse
import dataclasses
import signal
import tempfile
import time
from pathlib import Path

from pipeline.document import process_document
from pipeline.registry import Stage
from pipeline.stages import all_stages
from tests.builders.worst_lines import hostile_documents

GOAL_SECONDS = 5.0


class _OverLimit(BaseException):
    """Raised by the alarm; a BaseException, so no stage's error handling swallows it."""


def _timed_stages(times: dict[str, float]) -> list[Stage]:
    """The pipeline's stages, each adding its seconds to ``times``."""

    def timed(stage: Stage) -> Stage:
        def run(**arguments):
            started = time.perf_counter()
            try:
                return stage.run(**arguments)
            finally:
                times[stage.name] = time.perf_counter() - started

        return dataclasses.replace(stage, run=run)

    return [timed(s) for s in all_stages()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=100_000, help="length of each hostile line")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a document is stopped")
    parser.add_argument("--only", default="", help="documents whose name contains this")
    args = parser.parse_args()

    def over_limit(*_):
        raise _OverLimit

    signal.signal(signal.SIGALRM, over_limit)
    slow = []
    with tempfile.TemporaryDirectory() as folder:
        for name, text in hostile_documents(args.chars).items():
            if args.only not in name:
                continue
            path = Path(folder) / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            times: dict[str, float] = {}
            started = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, args.limit)
            try:
                process_document(str(path), _timed_stages(times))
                seconds = time.perf_counter() - started
                shown = f"{seconds:6.2f} s"
            except _OverLimit:
                seconds = args.limit
                shown = f"> {args.limit:.0f} s"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            stage, stage_seconds = max(times.items(), key=lambda kv: kv[1], default=("-", 0.0))
            print(f"{name:20s} {path.stat().st_size / 1e6:5.2f} MB {shown}   slowest stage {stage} "
                  f"{stage_seconds:.2f} s", flush=True)
            if seconds > GOAL_SECONDS:
                slow.append(name)
    print(f"over {GOAL_SECONDS:.0f} s: {', '.join(slow) if slow else 'none'}")


if __name__ == "__main__":
    main()

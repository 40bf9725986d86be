"""The patterns and loops that read document text take time linear in the line on the worst lines
found (tests/builders/worst_lines.py, ``python -m bench.bench_hostile``): a pattern that retries a
``\\s*`` from each of 30,000 TABs, or compares each table-of-contents entry with every other, turns
a 30 KB file into minutes.

Linear is checked as a ratio, never against a clock: the input four times as long may take at most
ten times as long (linear work takes four, quadratic sixteen; memory caches stretch four a little
on long lines). Each time is the best of a few runs, so a busy machine makes a time longer, not a
verdict different.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from extractors.budget_table.patterns import DIMENSION_CELL
from extractors.dimension import STATED_COUNT
from extractors.ita_measures import UNIT_SEP
from extractors.segment import locate_toc
from extractors.table_cells.header import unstack
from extractors.tables import html as tables_html
from extractors.thai.dates import read_thai_date
from extractors.thai.normalise import normalise_line
from pipeline.document import run_stages
from pipeline.ingest import SourceDocument
from pipeline.stages import all_stages
from tests.builders.worst_lines import (
    RUNS,
    TABLE,
    TOC,
    hostile_lines,
    html_rows,
    in_a_plan,
    pipe_rows,
    table_of_contents,
)

GROWTH = 4
MAX_RATIO = 10
CHARS = 20_000


def best_seconds(work: Callable[[], object], runs: int) -> float:
    """The best time of ``runs`` runs, the garbage collector off (a collection falling in one
    input's run and not the other's made a linear pattern look quadratic)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            started = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - started)
    finally:
        gc.enable()
    return best


def grows_linearly(work_at: Callable[[int], Callable[[], object]], n: int) -> tuple[bool, float, float]:
    """Whether ``work_at(GROWTH * n)`` takes at most MAX_RATIO times ``work_at(n)``; both times.
    The long input is timed again only when the first try looks too slow."""
    small = best_seconds(work_at(n), 3)
    large_work = work_at(GROWTH * n)
    large = best_seconds(large_work, 1)
    if large > MAX_RATIO * small:
        large = min(large, best_seconds(large_work, 2))
    return large <= MAX_RATIO * small, small, large


# The worst lines found, each with what reads it as the extractors do; each took seconds to
# minutes on 10^5 characters before it was made linear.
FOUND_SLOW: dict[str, tuple[Callable[[str], object], Callable[[int], str]]] = {
    "THAI_DATE: a date line, then TABs": (read_thai_date, lambda n: "ประกาศ ณ วันที่ 17 เดือน กันยายน" + "\t" * n),
    "normalise._TAG: < and spaces": (normalise_line, lambda n: "<" + " " * n),
    "normalise._ITEM_AHEAD: a row of <br>": (normalise_line, lambda n: "1\t" + "<br>\t" * (n // 5)),
    "normalise._EMPHASIS: a bullet, then spaces": (normalise_line, lambda n: "-" + " " * n + "# ก"),
    "tables.html._TAG: < and spaces": (lambda line: tables_html._TAG.search(line), lambda n: "<" + " " * n),
    "STATED_COUNT: TABs": (lambda line: STATED_COUNT.search(line), lambda n: "\t" * n),
    "UNIT_SEP: spaces": (lambda line: UNIT_SEP.split(line), lambda n: "สำนักปลัด" + " " * n + "กองคลัง"),
    "DIMENSION_CELL: a dimension, then TABs": (lambda line: DIMENSION_CELL.match(line), lambda n: "มิติที่ 1" + "\t" * n),
    "unstack: a header of empty cells": (lambda line: unstack(line.split("\t")), lambda n: "\t" * n),
    "locate_toc: a long table of contents": (lambda text: locate_toc(text.split("\n")),
                                             lambda n: "\n".join(["สารบัญ", *table_of_contents(n // 20)])),
}


@pytest.mark.parametrize("case", sorted(FOUND_SLOW))
def test_what_was_slow_is_linear(case):
    read, line_of = FOUND_SLOW[case]
    linear, small, large = grows_linearly(lambda n: (lambda line=line_of(n): read(line)), CHARS)
    assert linear, f"{case}: {small:.4f} s at {CHARS} characters, {large:.4f} s at {GROWTH * CHARS}"


def extraction(text: str) -> Callable[[], object]:
    source = SourceDocument("hostile.txt", "0" * 64, "txt", "utf-8", text)
    stages = all_stages()
    return lambda: run_stages(source, stages)


# Whole plans holding a run after every keyword prefix (n characters a line, each where its
# structure is read), a table of contents of n / 2 entries, or a budget table of n / 4 pipe or
# HTML rows (the digit repair once tried every pair of look-alike readings: over 60 s at 1,666 rows).
DOCUMENTS: dict[str, Callable[[int], str]] = {
    **{f"run_{name}": (lambda n, name=name: in_a_plan(hostile_lines(RUNS[name], n))) for name in RUNS},
    "toc_entries": lambda n: in_a_plan({TOC: table_of_contents(n // 2)}),
    "pipe_rows": lambda n: in_a_plan({TABLE: pipe_rows(n // 4)}),
    "html_rows": lambda n: in_a_plan({TABLE: html_rows(n // 4)}),
}
EXTRACTION_CHARS = 2_000


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_whole_extraction_takes_linear_time_on_hostile_documents(document):
    linear, small, large = grows_linearly(lambda n: extraction(DOCUMENTS[document](n)), EXTRACTION_CHARS)
    assert linear, f"{document}: {small:.3f} s at {EXTRACTION_CHARS}, {large:.3f} s at {GROWTH * EXTRACTION_CHARS}"

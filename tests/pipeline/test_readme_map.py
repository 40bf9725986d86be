"""The README's "Where things are" names the stages in run order, modules that exist, and the
tables each stage really writes (on the seeds and the unseen fixtures)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import regex

from pipeline.ingest import read_document
from pipeline.stages import all_stages
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parents[2]
SECTION = regex.compile(r"^## Where things are\n(?P<body>.*?)^## ", regex.M | regex.S)
ROW = regex.compile(r"^\| (?P<stage>[a-z_]+) \| (?P<modules>`.*) \| (?P<tables>[a-z_, -]+) \|$", regex.M)
MODULE = regex.compile(r"`((?:pipeline|extractors)/[^`]*)`")


def _section() -> str:
    return SECTION.search((ROOT / "README.md").read_text(encoding="utf-8"))["body"]


def _claims() -> dict[str, set[str]]:
    return {m["stage"]: {t for t in m["tables"].split(", ") if t != "-"} for m in ROW.finditer(_section())}


def test_stages_listed_in_run_order():
    assert list(_claims()) == [s.name for s in all_stages()]


def test_named_modules_exist():
    named = MODULE.findall(_section())
    assert len(named) > 20
    missing = [p for p in named if not (ROOT / p).exists()]
    assert not missing


def test_each_stage_writes_the_tables_listed():
    written: dict[str, set[str]] = defaultdict(set)
    files = SEEDS + sorted((ROOT / "tests/fixtures/unseen").glob("*.txt"))
    for path in files:
        artefacts = {"source": read_document(str(path))}
        for stage in all_stages():
            arguments = stage.arguments(artefacts)
            if arguments is None:
                continue
            output = stage.run(**arguments)
            artefacts.update(output.artefacts)
            written[stage.name].update(r.table for r in output.records)
    assert {name: tables for name, tables in written.items() if tables} == {
        name: tables for name, tables in _claims().items() if tables}

"""Every registered stage survives mangled seed text and adversarial long lines.

Stages are taken from ``pipeline.stages.all_stages()``, so extractors that land later are
covered without touching this file. Examples are drawn from the seeds and mutated the way OCR
and copy-paste mangle documents: lines cut, duplicated, shuffled, truncated, noise injected.
"""

from __future__ import annotations

import pandas as pd
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import registry
from pipeline.cli import cli
from pipeline.document import process_document, validate_records
from pipeline.ingest import SourceDocument
from pipeline.registry import Stage
from pipeline.rows import records_to_rows
from pipeline.stages import all_stages
from tests.conftest import SEEDS, seed_path, seed_text

SEED_LINES = {p.name[:3]: seed_text(p.name[:3]).split("\n") for p in SEEDS}
# What OCR and copy-paste leave in Thai documents: both digit styles, separators, table cells,
# HTML and markdown leftovers, zero-width and control characters, decomposed sara am, marks alone.
NOISE = list("0123456789๐๑๒๓๔๕๖๗๘๙,.-:;()/%•*#|\t ๆฯ\u0e4d\u0e32\u0e48\u0e31\u200b\ufeff\f\x0b\ufffd")
NOISE += ["<li>", "</li>", "<p>", "<br>", "&nbsp;", "**", "มิติที่", "ภารกิจ", "ลำดับที่", "รวม", "บาท", "ปี 2566"]
# Which examples run is the Hypothesis profile's choice (tests/conftest.py): the same ones on every
# run by default, new ones with HYPOTHESIS_PROFILE=dev.
FUZZ = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def mangled_seed_text(draw) -> str:
    lines = SEED_LINES[draw(st.sampled_from(sorted(SEED_LINES)))]
    # A window keeps each example fast; windows still cross structure boundaries.
    start = draw(st.integers(0, len(lines) - 1))
    lines = list(lines[start:start + draw(st.integers(1, 250))])
    for _ in range(draw(st.integers(1, 4))):
        n = len(lines)
        if n == 0:
            break
        i = draw(st.integers(0, n - 1))
        j = draw(st.integers(i, min(n, i + 40)))
        operation = draw(st.sampled_from(["cut", "duplicate", "shuffle", "noise", "truncate"]))
        if operation == "cut" and n > 1:
            del lines[i:j]
        elif operation == "duplicate":
            lines[j:j] = lines[i:j] * draw(st.integers(1, 3))
        elif operation == "shuffle":
            lines[i:j] = draw(st.permutations(lines[i:j]))
        elif operation == "noise":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + "".join(draw(st.lists(st.sampled_from(NOISE), min_size=1, max_size=12))) + line[at:]
        elif operation == "truncate":
            lines[i] = lines[i][:draw(st.integers(0, len(lines[i])))]
    return "\n".join(lines)


def run_every_stage_strictly(text: str) -> list[str]:
    """Like the pipeline, but an exception is a test failure instead of an errors row; returns the
    names of the stages that ran."""
    source = SourceDocument("fuzz.txt", "f" * 64, "txt", "utf-8", text)
    artefacts = {"source": source}
    records = []
    ran = []
    for stage in all_stages():
        arguments = stage.arguments(artefacts)
        if arguments is None:
            continue
        ran.append(stage.name)
        try:
            output = stage.run(**arguments)
            validate_records(stage, output.records)
        except Exception as exc:
            raise AssertionError(f"stage {stage.name} raised {type(exc).__name__}: {exc}") from exc
        artefacts.update(output.artefacts)
        records.extend(output.records)
    records_to_rows(source, artefacts.get("norm"), records)
    return ran


def test_the_fuzzing_harness_runs_every_registered_stage_on_a_whole_plan():
    """A stage the harness never reaches would never be fuzzed: on a whole plan all of them run."""
    assert run_every_stage_strictly(seed_text("001")) == [s.name for s in all_stages()]


@FUZZ
@given(mangled_seed_text())
def test_no_exception_escapes_any_stage_on_mangled_seed_text(text):
    run_every_stage_strictly(text)


@FUZZ
@given(st.lists(st.sampled_from(NOISE + ["\n", "\n\n\n", "1.1 ", "มิติที่ 1 ", "\t-\t", "5,000"]), max_size=400))
def test_no_exception_escapes_any_stage_on_noise_alone(pieces):
    run_every_stage_strictly("".join(pieces))


# 200,000-character lines of what the patterns look for: digits with separators, cells, Thai.
ADVERSARIAL = {
    "digits": "1" * 200_000,
    "thousands": "1," * 100_000,
    "decimals": "1." * 100_000,
    "digits_spaces": "1 " * 100_000,
    "thai_digits": "๑๒๓,๔๕๖.๐๐ " * 18_000,
    "cells": "\t1" * 100_000,
    "amounts": "30,000\t-\t" * 22_000,
    "thai": "การป้องกันการทุจริต" * 10_000,
    "headings": "มิติที่ 1 ภารกิจ 1.1 " * 10_000,
    "numbered": "1. 2) (3) " * 20_000,
    "items": " • - ก" * 40_000,
    "emphasis": "**ก" * 66_000,
    "dates": "วันที่ 1 มกราคม พ.ศ. 2566 " * 8_000,
}


def test_long_adversarial_lines_finish_within_the_time_limit_in_every_stage(tmp_path):
    """Each line sits inside a real plan's text, so the stages that locate structures parse it."""
    head = "\n".join(SEED_LINES["000"][:230])
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, line in ADVERSARIAL.items():
        (inputs / f"{name}.txt").write_text(f"{head}\n{line}\n{head}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(inputs), "--out", str(tmp_path / "out"), "--doc-timeout", "15"])
    errors = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert errors.empty, "\n".join(errors.message)
    assert result.exit_code == 0
    assert len(pd.read_parquet(tmp_path / "out" / "documents.parquet")) == len(ADVERSARIAL)


def test_a_stage_that_raises_costs_only_its_own_rows(monkeypatch):
    def boom(source):
        raise KeyError("no such column")

    monkeypatch.setitem(registry._STAGES, "boom", Stage("boom", ("source",), (), boom))
    path = str(seed_path("004"))
    stages = all_stages()
    result = process_document(path, stages)
    clean = process_document(path, [s for s in stages if s.name != "boom"])
    assert [(e["stage"], e["error_type"]) for e in result.errors] == [("boom", "stage_exception")]
    assert path in result.errors[0]["message"] and "KeyError" in result.errors[0]["message"]
    assert result.rows["documents"][0]["status"] == "partial"
    for table, rows in clean.rows.items():
        if table not in ("documents", "errors"):
            assert result.rows[table] == rows, table

"""Batch runs: parallel workers, incremental re-runs, per-document time limit, atomic output."""

from __future__ import annotations

import os
import pty
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline import batch, registry
from pipeline.cli import cli
from pipeline.registry import Stage, StageOutput
from pipeline.schemas import SCHEMAS
from tests.conftest import ROOT, seed_path

THAIPLAN = str(Path(sys.executable).with_name("thaiplan"))
# The three smaller seeds keep these tests fast; the five seeds are run where it matters.
SMALL = [seed_path(p) for p in ("002", "003", "004")]


def extract(*args: str):
    return CliRunner().invoke(cli, ["extract", *args])


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in SCHEMAS}


def assert_same_tables(a: Path, b: Path) -> None:
    for name in SCHEMAS:
        pd.testing.assert_frame_equal(pd.read_parquet(a / f"{name}.parquet"), pd.read_parquet(b / f"{name}.parquet"),
                                      obj=name)


@pytest.fixture(autouse=True)
def code_stays_the_same_during_a_test(monkeypatch):
    """Stored results are keyed by a hash of the code; a test must see one version of it even
    while the working tree is being edited."""
    keys: dict[tuple, str] = {}
    real = batch.extraction_key
    monkeypatch.setattr(batch, "extraction_key",
                        lambda stages: keys.setdefault(tuple(s.name for s in stages), real(stages)))


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SMALL:
        shutil.copy(seed, folder / seed.name)
    return folder


@pytest.fixture
def extra_stage(monkeypatch):
    """Register a test stage ``fn(source)`` for one test (forked workers inherit it)."""

    def add(name, fn):
        monkeypatch.setitem(registry._STAGES, name, Stage(name, ("source",), (), fn))

    return add


def test_one_worker_writes_the_same_tables_as_one_per_core(tmp_path, extracted):
    if batch.default_jobs() < 2:
        pytest.skip("one core: the session's extraction also ran one worker")
    assert extract(str(ROOT / "data" / "raw"), "--out", str(tmp_path), "--jobs", "1").exit_code == 0
    assert_same_tables(tmp_path, extracted)


def test_unchanged_rerun_extracts_nothing_and_writes_the_same_tables(inputs, tmp_path):
    out = tmp_path / "out"
    first = extract(str(inputs), "--out", str(out))
    assert "3 extracted, 0 unchanged" in first.output
    before = tables(out)
    again = extract(str(inputs), "--out", str(out))
    assert again.exit_code == 0
    assert "0 extracted, 3 unchanged" in again.output
    for name, frame in tables(out).items():
        pd.testing.assert_frame_equal(frame, before[name], obj=name)


def test_rerun_extracts_only_the_changed_file_and_drops_removed_ones(inputs, tmp_path):
    out = tmp_path / "out"
    extract(str(inputs), "--out", str(out))
    changed, removed = sorted(inputs.iterdir())[:2]
    changed.write_bytes(changed.read_bytes() + "\nภาคผนวก\n".encode())
    removed.unlink()
    result = extract(str(inputs), "--out", str(out))
    assert "2 documents (1 extracted, 1 unchanged)" in result.output
    docs = pd.read_parquet(out / "documents.parquet")
    assert sorted(docs.source_file) == sorted(str(p) for p in inputs.iterdir())
    for name, frame in tables(out).items():
        if "doc_id" in frame and len(frame):
            assert set(frame.doc_id) <= set(docs.doc_id), f"{name} keeps rows of a removed or old file"


def test_force_extracts_every_document_again(inputs, tmp_path):
    out = tmp_path / "out"
    extract(str(inputs), "--out", str(out))
    assert "3 extracted, 0 unchanged" in extract(str(inputs), "--out", str(out), "--force").output


def test_other_stages_are_never_served_from_stored_results(inputs, tmp_path):
    out = tmp_path / "out"
    extract(str(inputs), "--out", str(out), "--stages", "normalise")
    assert "3 extracted" in extract(str(inputs), "--out", str(out)).output


def test_renamed_file_is_reused_under_its_new_name(inputs, tmp_path):
    out = tmp_path / "out"
    extract(str(inputs), "--out", str(out))
    old = sorted(inputs.iterdir())[0]
    new = old.with_name("ชื่อใหม่ มีช่องว่าง.txt")
    old.rename(new)
    assert "0 extracted, 3 unchanged" in extract(str(inputs), "--out", str(out)).output
    assert str(new) in set(pd.read_parquet(out / "documents.parquet").source_file)


def test_same_bytes_under_two_names_are_listed_once(inputs, tmp_path):
    shutil.copy(SMALL[0], inputs / "copy.txt")
    result = extract(str(inputs), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "has the same bytes as" in result.output
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs.doc_id.is_unique and len(docs) == 3


def test_summary_line_gives_documents_failures_rows_and_seconds(inputs, tmp_path):
    (inputs / "empty.txt").write_bytes(b"")
    result = extract(str(inputs), "--out", str(tmp_path / "out"))
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("4 documents (4 extracted, 0 unchanged), 1 failed (empty_file 1), ")
    assert " s; rows: documents 3" in summary


def test_document_over_the_time_limit_is_an_error_row_and_the_batch_goes_on(inputs, tmp_path, extra_stage):
    def stall(source):
        if source.source_file.endswith("stuck.txt"):
            time.sleep(60)
        return StageOutput()

    extra_stage("stall", stall)
    (inputs / "stuck.txt").write_bytes(SMALL[0].read_bytes() + b"\n")
    started = time.monotonic()
    result = extract(str(inputs), "--out", str(tmp_path / "out"), "--doc-timeout", "1", "--jobs", "2")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    errors = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert list(errors.error_type) == ["timeout"]
    assert errors.stage[0] == "stall" and "stuck.txt" in errors.message[0]
    assert len(pd.read_parquet(tmp_path / "out" / "documents.parquet")) == 3


def test_worker_that_dies_costs_only_its_document(inputs, tmp_path, extra_stage):
    def crash(source):
        if source.source_file.endswith("crash.txt"):
            os._exit(3)
        return StageOutput()

    extra_stage("crash", crash)
    (inputs / "crash.txt").write_bytes(SMALL[0].read_bytes() + b"\n")
    result = extract(str(inputs), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 1
    errors = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert list(errors.error_type) == ["worker_crashed"] and errors.stage[0] == "crash"
    assert "crash.txt" in errors.message[0] and "exit code 3" in errors.message[0]
    assert len(pd.read_parquet(tmp_path / "out" / "documents.parquet")) == 3


def test_failed_document_is_tried_again_on_the_next_run(inputs, tmp_path, extra_stage):
    extra_stage("flaky", lambda source: 1 / 0)
    out = tmp_path / "out"
    assert extract(str(inputs), "--out", str(out), "--jobs", "1").exit_code == 1
    again = extract(str(inputs), "--out", str(out), "--jobs", "1")
    assert "3 extracted" in again.output and again.exit_code == 1
    errors = pd.read_parquet(out / "errors.parquet")
    assert len(errors) == 3 and set(errors.error_type) == {"stage_exception"}


def test_debug_puts_the_traceback_in_the_error_message(inputs, tmp_path, extra_stage):
    def broken(source):
        return {}["missing"]

    extra_stage("broken", broken)
    plain = extract(str(inputs), "--out", str(tmp_path / "plain"), "--jobs", "1")
    assert "KeyError: 'missing'" in plain.stderr and "Traceback" not in plain.stderr
    debug = extract(str(inputs), "--out", str(tmp_path / "debug"), "--jobs", "1", "--debug")
    assert "Traceback (most recent call last)" in debug.stderr and 'return {}["missing"]' in debug.stderr


def test_tables_stream_in_row_groups_and_read_back_whole(tmp_path):
    from pipeline.writer import TableSink

    with TableSink(tmp_path, row_group_rows=10) as sink:
        for n in range(5):
            sink.add({"errors": [{"source_file": f"f{n}-{i}.txt", "message": "m"} for i in range(7)]})
        counts = sink.commit()
    assert counts["errors"] == 35
    table = pq.ParquetFile(tmp_path / "errors.parquet")
    assert table.metadata.num_row_groups > 1
    assert pd.read_parquet(tmp_path / "errors.parquet").source_file.is_unique
    assert pq.read_table(tmp_path / "projects.parquet").schema.equals(SCHEMAS["projects"], check_metadata=False)


def test_write_failing_after_the_first_table_leaves_the_previous_tables_whole(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    extract(str(inputs), "--out", str(out))
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    (inputs / "new.txt").write_bytes(SMALL[0].read_bytes() + b"\n")

    original = pq.ParquetWriter.write_table
    calls = []

    def fail_on_second_table(self, table, *args, **kwargs):
        calls.append(self)
        if len({id(w) for w in calls}) > 1:
            raise OSError(28, "No space left on device")
        return original(self, table, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetWriter, "write_table", fail_on_second_table)
    result = extract(str(inputs), "--out", str(out))
    assert result.exit_code == 3  # an output failure
    assert "No space left on device" in result.output and "previous tables were left" in result.output
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before
    assert [p.name for p in out.glob(".thaiplan/tables-*")] == ["tables-1"], "staging files left behind"
    monkeypatch.undo()
    assert len(pd.read_parquet(out / "documents.parquet")) == 3


def test_killed_run_leaves_previous_tables_intact_and_the_next_run_goes_on(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(12):
        seed = SMALL[n % len(SMALL)]
        (corpus / f"{n:02d}_{seed.name}").write_bytes(seed.read_bytes() + f"\n{n}\n".encode())
    out = tmp_path / "out"
    first = [str(p) for p in sorted(corpus.iterdir())[:2]]
    subprocess.run([THAIPLAN, "extract", *first, "--out", str(out), "-q"], check=True, cwd=ROOT)
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}

    run = subprocess.Popen([THAIPLAN, "extract", str(corpus), "--out", str(out), "-q", "--jobs", "1"],
                           cwd=ROOT, start_new_session=True, stderr=subprocess.DEVNULL)
    stored = out / ".thaiplan" / "results"
    deadline = time.monotonic() + 60
    while len(list(stored.glob("*/*.arrow"))) < 2 + 3 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert run.poll() is None, "the run finished before it could be killed"
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before
    for name, schema in SCHEMAS.items():
        assert pq.read_table(out / f"{name}.parquet").schema.equals(schema, check_metadata=False)

    resumed = subprocess.run([THAIPLAN, "extract", str(corpus), "--out", str(out), "-q"],
                             cwd=ROOT, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert "12 documents (" in resumed.stderr
    extracted = int(resumed.stderr.split("(")[1].split(" extracted")[0])
    assert extracted <= 12 - 3, "documents finished before the kill were extracted again"
    assert len(pd.read_parquet(out / "documents.parquet")) == 12


def test_progress_bar_shows_on_a_terminal_only(inputs, tmp_path):
    (inputs / "empty.txt").write_bytes(b"")
    command = [THAIPLAN, "extract", str(inputs), "--out", str(tmp_path / "out"), "--jobs", "2"]
    piped = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert "MB/s" not in piped.stderr
    assert len(piped.stderr.strip().splitlines()) == 2  # the error and the summary

    pid, fd = pty.fork()
    if pid == 0:  # the child: run thaiplan on the terminal
        os.chdir(ROOT)
        os.execv(THAIPLAN, [*command, "--force"])
    screen = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    os.waitpid(pid, 0)
    text = screen.decode(errors="replace")
    assert "MB/s" in text and "1 failed" in text and "4/4" in text
    assert "error: " in text and "empty.txt" in text

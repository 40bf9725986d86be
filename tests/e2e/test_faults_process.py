"""The run's life as an operator sees it: workers die with the main process, SIGTERM and Ctrl-C stop
a run cleanly, one run at a time per output folder, documents that time out are not tried again for
nothing, only regular files are read, and each kind of failure has its exit code.

Runs that must be killed are real `thaiplan extract` processes whose documents named slow* take a
minute (the worker's task is wrapped before the CLI starts); every process they start is killed in
``finally``.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import pipeline.batch as batch
from pipeline.cli import ExtractProgress, cli
from pipeline.document import process_document
from pipeline.ingest import InputError, read_document
from pipeline.limits import InputLimits
from tests.builders.pdf_samples import rasterise_pdf, write_text_pdf
from tests.conftest import ROOT, seed_path

# `thaiplan extract ...` in which documents named slow* sleep in their worker (and crash* ones die).
THAIPLAN_WITH_SLOW_DOCUMENTS = """
import os, sys, time
import pipeline.batch as batch
real = batch.extract_and_store
def task(item, progress, **kwargs):
    if os.path.basename(item.source_file).startswith("slow"):
        progress("read")
        time.sleep(60)
    return real(item, progress, **kwargs)
batch.extract_and_store = task
from pipeline.cli import main
sys.argv[0] = "thaiplan"
main()
"""


def start_thaiplan(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", THAIPLAN_WITH_SLOW_DOCUMENTS, "extract", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found |= {int(c) for c in task.read_text().split()}
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent (a container's pid 1 may never reap one)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def wait_until(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def kill_all(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def inputs_with_a_slow_document(folder: Path) -> Path:
    folder.mkdir()
    (folder / "slow.txt").write_bytes(seed_path("002").read_bytes())
    (folder / seed_path("003").name).write_bytes(seed_path("003").read_bytes())
    return folder


def workers_of(run: subprocess.Popen, count: int) -> set[int]:
    assert wait_until(lambda: len(children(run.pid)) >= count), run.stderr.read1().decode() if run.poll() else ""
    return children(run.pid)


def test_kill_9_of_the_main_process_takes_its_workers_and_releases_its_stdout(tmp_path):
    folder = inputs_with_a_slow_document(tmp_path / "in")
    run = start_thaiplan(str(folder), "--out", str(tmp_path / "out"), "--jobs", "2")
    workers = set()
    try:
        workers = workers_of(run, 2)
        time.sleep(0.5)  # the slow document is in its worker
        run.kill()
        run.wait()
        assert wait_until(lambda: not any(alive(w) for w in workers), 10), "workers outlived their parent"
        # `thaiplan ... | cat` ends: no worker holds the pipe open.
        assert select.select([run.stdout], [], [], 10)[0] and run.stdout.read() == b""
    finally:
        kill_all([run.pid, *workers])


@pytest.mark.parametrize("signum, exit_code, said", [(signal.SIGTERM, 143, "terminated"),
                                                     (signal.SIGINT, 130, "interrupted")])
def test_sigterm_or_ctrl_c_stops_the_run_its_workers_and_leaves_the_tables_whole(tmp_path, signum, exit_code, said):
    folder = inputs_with_a_slow_document(tmp_path / "in")
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["extract", str(seed_path("001")), "--out", str(out), "--quiet"])
    assert first.exit_code == 0, first.output
    tables = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    run = start_thaiplan(str(folder), "--out", str(out), "--jobs", "2")
    workers = set()
    try:
        workers = workers_of(run, 2)
        time.sleep(0.5)
        run.send_signal(signum)
        assert run.wait(timeout=20) == exit_code
        stderr = run.stderr.read().decode()
        assert said in stderr and "tables left as they were" in stderr and "Traceback" not in stderr
        assert wait_until(lambda: not any(alive(w) for w in workers), 10), "workers outlived the run"
        assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == tables
    finally:
        kill_all([run.pid, *workers])


def test_a_second_run_on_the_same_output_is_refused_naming_the_first_and_goes_once_it_is_gone(tmp_path):
    out = tmp_path / "out"
    first = start_thaiplan(str(inputs_with_a_slow_document(tmp_path / "in")), "--out", str(out), "--jobs", "1")
    workers = set()
    try:
        workers = workers_of(first, 1)
        started = time.monotonic()
        second = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(seed_path("000")),
                                 "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert second.returncode == 4, second.stderr
        assert f"pid {first.pid}" in second.stderr and str(out) in second.stderr
        assert time.monotonic() - started < 30
        first.kill()  # the kernel releases the lock of a killed run: nothing to clear by hand
        first.wait()
        third = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(seed_path("000")),
                                "--out", str(out), "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert third.returncode == 0, third.stderr
    finally:
        kill_all([first.pid, *workers])


@pytest.fixture
def slow_and_crashing_documents(monkeypatch, tmp_path):
    """Documents named slow* sleep, crash* kill their worker and stopped* have it stopped by SIGTERM
    as a stop of the whole process group would; every call is logged (forked workers inherit the patch)."""
    calls = tmp_path / "calls"
    real = batch.extract_and_store

    def task(item, progress, **kwargs):
        name = Path(item.source_file).name
        with open(calls, "a", encoding="utf-8") as log:
            log.write(name + "\n")
        if name.startswith("slow"):
            time.sleep(60)
        if name.startswith("crash"):
            os._exit(9)
        if name.startswith("stopped"):
            os.kill(os.getpid(), signal.SIGTERM)
        return real(item, progress, **kwargs)

    monkeypatch.setattr(batch, "extract_and_store", task)
    return lambda: calls.read_text(encoding="utf-8").split() if calls.exists() else []


def test_a_document_that_timed_out_or_crashed_is_not_tried_again_until_it_could_succeed(
        tmp_path, slow_and_crashing_documents):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "slow.txt").write_bytes(seed_path("002").read_bytes())
    (folder / "crash.txt").write_bytes(seed_path("003").read_bytes())
    (folder / "stopped.txt").write_bytes(seed_path("000").read_bytes())
    out = tmp_path / "out"

    def extract(*options):
        result = CliRunner().invoke(cli, ["extract", str(folder), "--out", str(out), "--doc-timeout", "1", *options])
        return result, pd.read_parquet(out / "errors.parquet")

    result, errors = extract()
    assert result.exit_code == 1
    assert sorted(errors.error_type) == ["timeout", "worker_crashed", "worker_crashed"]
    assert sorted(slow_and_crashing_documents()) == ["crash.txt", "slow.txt", "stopped.txt"]
    # The summary line says what happened, not just "rows: none".
    assert "3 failed (timeout 1, worker_crashed 2)" in result.stderr
    assert "rows: none (see the errors table)" in result.stderr

    started = time.monotonic()
    again, errors_again = extract()
    assert time.monotonic() - started < 5
    # Neither the timed-out nor the crashed document was tried; the one stopped from outside was.
    assert slow_and_crashing_documents()[3:] == ["stopped.txt"]
    assert again.exit_code == 1 and "2 unchanged" in again.stderr
    assert errors_again.equals(errors)
    assert sum(line.startswith("error: ") for line in again.stderr.splitlines()) == 3

    extract("--doc-timeout", "2")  # a larger limit tries the timed-out document again, not the crashed one
    assert sorted(slow_and_crashing_documents()[4:]) == ["slow.txt", "stopped.txt"]
    extract("--force")
    assert sorted(slow_and_crashing_documents()[6:]) == ["crash.txt", "slow.txt", "stopped.txt"]


def test_a_pipe_or_device_is_an_errors_row_at_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "plan.txt")  # nobody writes to it: opening it would wait forever
    (folder / seed_path("002").name).write_bytes(seed_path("002").read_bytes())
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["extract", str(folder), os.devnull, "--out", str(tmp_path / "out"),
                                      "--doc-timeout", "20"])
    assert time.monotonic() - started < 15
    assert result.exit_code == 1
    errors = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert sorted(errors.source_file) == sorted([str(folder / "plan.txt"), os.devnull])
    assert set(errors.error_type) == {"not_a_file"}
    assert all("not a regular file" in m for m in errors.message)
    assert len(pd.read_parquet(tmp_path / "out" / "documents.parquet")) == 1


def test_an_output_failure_has_its_own_exit_code(tmp_path):
    blocker = tmp_path / "tables"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(cli, ["extract", str(seed_path("002")), "--out", str(blocker / "sub")])
    assert result.exit_code == 3
    assert "Error:" in result.output and str(blocker) in result.output


def test_an_ordinary_300_dpi_scan_of_200_pages_is_not_refused_for_its_size(tmp_path):
    scan = tmp_path / "scan 200 pages.pdf"
    with open(scan, "wb") as f:  # 200 MB, about what such a scan weighs; sparse, so the disk holds nothing
        f.write(b"%PDF-1.4\n")
        f.truncate(200 * 1024 * 1024)
    result = process_document(str(scan), [])
    assert [e["error_type"] for e in result.errors] == ["corrupt_pdf"]  # read, not refused unread


def test_pdfs_have_their_own_size_limit(tmp_path):
    pdf = write_text_pdf([["มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต"]], tmp_path / "plan.pdf")
    size = pdf.stat().st_size
    text = tmp_path / "plan.txt"
    text.write_bytes(seed_path("002").read_bytes()[:size])
    text_limit = InputLimits(max_bytes=size - 1)
    assert read_document(str(pdf), text_limit).source_format == "pdf-text"
    with pytest.raises(InputError) as refused:
        read_document(str(text), text_limit)
    assert refused.value.error_type == "too_large" and "--max-mb" in str(refused.value)
    with pytest.raises(InputError) as refused:
        read_document(str(pdf), InputLimits(max_pdf_bytes=size - 1))
    assert refused.value.error_type == "too_large" and "--max-pdf-mb" in str(refused.value)


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scan")
    pages = [[f"มิติที่ {n} การสร้างสังคมที่ไม่ทนต่อการทุจริต", "โครงการพัฒนาคุณธรรม งบประมาณ 10,000 บาท"]
             for n in range(1, 4)]
    return rasterise_pdf(write_text_pdf(pages, folder / "text.pdf"), folder / "scan.pdf")


def test_pages_read_by_ocr_are_reported_as_they_are_read(scan):
    heard = []
    result = process_document(str(scan), [], on_page=lambda done, total: heard.append((done, total)))
    assert not result.errors
    assert heard == [(1, 3), (2, 3), (3, 3)]


def test_progress_bar_shows_the_pages_of_a_long_scan(capsys):
    progress = ExtractProgress(show_bar=True, quiet=False)
    progress.started(total=2, reused=0, todo_bytes=100)
    progress.pages("plans/scan 143.pdf", 12, 143)
    progress.close()
    assert "scan 143.pdf: page 12/143" in capsys.readouterr().err


def test_ocr_stopped_by_the_time_limit_leaves_no_temporary_files(scan, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(scan), "--out", str(out),
                          "--doc-timeout", "0.5"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "TMPDIR": str(temp), "OMP_THREAD_LIMIT": "1"})
    assert run.returncode == 1, run.stderr
    assert list(pd.read_parquet(out / "errors.parquet").error_type) == ["timeout"]
    assert list(temp.iterdir()) == []

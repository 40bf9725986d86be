"""`thaiplan extract --scheduler`: documents and scanned pages extracted on a Dask cluster of a
scheduler and two workers started here, on 127.0.0.1, with the `dask` command line (as a user
starts one), and torn down in every case.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.schemas import SCHEMAS
from tests.builders.pdf_samples import text_pages, write_text_pdf
from tests.builders.plan_scan import scan_pdf
from tests.conftest import ROOT, SEEDS, seed_text

pytestmark = pytest.mark.slow

DASK = Path(sys.executable).with_name("dask")
START_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    address: str
    workers: list[subprocess.Popen]


@contextmanager
def dask_cluster(logs: Path, n_workers: int = 2, preload: Path | None = None,
                 allowed_failures: int = 3) -> Iterator[Cluster]:
    """A scheduler and ``n_workers`` one-thread workers (each under its nanny), each command in a
    process group of its own, killed whole on the way out."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    # Workers import this checkout's pipeline (as they would an installed thaiplan).
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1",
           "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": str(allowed_failures)}
    preload_args = ["--preload", str(preload)] if preload else []
    commands = [[str(DASK), "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"]]
    commands += [[str(DASK), "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
                  "--no-dashboard", *preload_args] for _ in range(n_workers)]
    processes: list[subprocess.Popen] = []
    try:
        for number, command in enumerate(commands):
            with open(logs / f"dask-{number}.log", "wb") as log:
                processes.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                  start_new_session=True))
        with Client(address, timeout=START_SECONDS) as client:
            client.wait_for_workers(n_workers, timeout=START_SECONDS)
        yield Cluster(address, processes[1:])
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()


def _extract(inputs: Path | str, out: Path, *options: str) -> int:
    result = CliRunner().invoke(cli, ["extract", str(inputs), "--out", str(out), "--quiet", *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code


def _rows(out: Path) -> dict[str, list[dict]]:
    return {name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in SCHEMAS}


def _without_source(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {name: [{k: v for k, v in row.items() if k != "source_file"} for row in rows] for name, rows in tables.items()}


def _seed_copies(folder: Path, copies: int) -> Path:
    """``copies`` distinct documents per seed (a trailing newline more each: other bytes, same plan)."""
    folder.mkdir()
    for seed in SEEDS:
        for copy in range(copies):
            (folder / f"{seed.stem}_{copy}.txt").write_bytes(seed.read_bytes() + b"\n" * copy)
    return folder


def test_a_cluster_writes_the_tables_of_a_local_run(tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS[0].parent, inputs)
    # A scan of a few pages: each is OCR'd by a task of its own, then the document is extracted.
    printed = write_text_pdf(text_pages(seed_text("000"))[:2], tmp_path / "printed.pdf")
    scan_pdf(printed, inputs / "scan.pdf")
    local = _extract(inputs, tmp_path / "local")
    with dask_cluster(tmp_path) as cluster:
        assert _extract(inputs, tmp_path / "cluster", "--scheduler", cluster.address) == local
        # Named by URL, the inputs (the scan's pages too) are read by the workers through fsspec.
        assert _extract(f"file://{inputs}", tmp_path / "by_url", "--scheduler", cluster.address) == local
    tables = _rows(tmp_path / "cluster")
    assert tables == _rows(tmp_path / "local")
    by_url = _rows(tmp_path / "by_url")
    assert {d["source_file"] for d in by_url["documents"]} == {f"file://{inputs}/{p.name}" for p in inputs.iterdir()}
    assert _without_source(by_url) == _without_source(tables)
    assert {Path(d["source_file"]).name: d["source_format"] for d in tables["documents"]}["scan.pdf"] == "pdf-ocr"
    assert len(tables["documents"]) == len(SEEDS) + 1


def test_scheduler_address_is_read_from_the_environment(tmp_path, monkeypatch):
    import dask

    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", f"tcp://127.0.0.1:{_free_port()}")  # nothing listens
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = CliRunner().invoke(cli, ["extract", str(SEEDS[0]), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3  # the run could not be carried out, as when its output cannot be written
    assert "cannot reach the Dask scheduler" in result.output


def test_a_worker_killed_mid_run_loses_no_document(tmp_path):
    from distributed import Client

    inputs = _seed_copies(tmp_path / "in", copies=3)
    with dask_cluster(tmp_path) as cluster:
        victim = cluster.workers[0]
        killed = threading.Event()

        def kill_when_busy() -> None:
            with Client(cluster.address) as client:
                pids = client.run(os.getpid)
                (address,) = [a for a, pid in pids.items() if os.getpgid(pid) == victim.pid]
                deadline = time.monotonic() + START_SECONDS
                while time.monotonic() < deadline and not client.processing([address])[address]:
                    time.sleep(0.05)
                os.killpg(victim.pid, signal.SIGKILL)
                killed.set()

        killer = threading.Thread(target=kill_when_busy)
        killer.start()
        try:
            exit_code = _extract(inputs, tmp_path / "out", "--scheduler", cluster.address)
        finally:
            killer.join()
    assert killed.is_set()
    assert victim.poll() is not None
    assert exit_code == 0
    tables = _rows(tmp_path / "out")
    assert sorted(Path(d["source_file"]).name for d in tables["documents"]) == sorted(p.name for p in inputs.iterdir())
    assert tables["errors"] == []


POISON_PRELOAD = '''
import os

from distributed import WorkerPlugin


class Poison(WorkerPlugin):
    """Kills its worker (as a segfault in C code would) when it starts a task of a poison file."""

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and "poison" in str(key):
            os._exit(1)


async def dask_setup(worker):
    await worker.plugin_add(Poison(), name="poison")
'''


def test_a_document_that_kills_its_workers_is_an_errors_row_and_the_batch_goes_on(tmp_path):
    inputs = _seed_copies(tmp_path / "in", copies=1)
    (inputs / "poison.txt").write_bytes(SEEDS[0].read_bytes() + b"\n\n\n\n")
    preload = tmp_path / "poison_preload.py"
    preload.write_text(POISON_PRELOAD)
    with dask_cluster(tmp_path, preload=preload, allowed_failures=1) as cluster:
        exit_code = _extract(inputs, tmp_path / "out", "--scheduler", cluster.address)
    assert exit_code == 1
    tables = _rows(tmp_path / "out")
    assert [(Path(e["source_file"]).name, e["error_type"]) for e in tables["errors"]] == [("poison.txt", "worker_crashed")]
    assert sorted(Path(d["source_file"]).name for d in tables["documents"]) == sorted(
        p.name for p in inputs.iterdir() if p.name != "poison.txt")

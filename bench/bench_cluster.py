"""Extraction on a Dask cluster (``--scheduler``) against the local process pool, on this machine.

    OMP_THREAD_LIMIT=1 flock /tmp/cpu.lock .venv/bin/python -m bench.bench_cluster   # ~5 min on 2 cores

Prints pages/s OCR'ing one 40-page scan (its pages are tasks of their own) and documents/s over
the seeds (20 text documents), with 1 and 2 workers of a LocalCluster (one thread each) and with
the local pool (``--jobs 1`` and ``2``); the scaling model these numbers give for 100 and 1,000
cores; and the client's peak RSS over 100 and 1,000 small documents, with its CPU time per
document (what bounds the documents/s one client can take in).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCAN_PAGES = 40
SEED_COPIES = 4


def _scan(folder: Path, pages: int) -> Path:
    """A ``pages``-page scan of seed 000 printed as plain text pages."""
    import pypdfium2 as pdfium

    from tests.builders.pdf_samples import text_pages, write_text_pdf
    from tests.builders.plan_scan import scan_pdf
    from tests.conftest import seed_text

    printed = write_text_pdf(text_pages(seed_text("000")), folder / "printed.pdf")
    whole = pdfium.PdfDocument(str(printed))
    cut = pdfium.PdfDocument.new()
    cut.import_pages(whole, list(range(min(pages, len(whole)))))
    cut.save(str(folder / "cut.pdf"))
    (folder / "scan").mkdir()
    return scan_pdf(folder / "cut.pdf", folder / "scan" / "scan.pdf")


def _seed_documents(folder: Path) -> Path:
    from tests.conftest import SEEDS

    folder.mkdir()
    for seed in SEEDS:
        for copy in range(SEED_COPIES):
            (folder / f"{seed.stem}_{copy}.txt").write_bytes(seed.read_bytes() + b"\n" * copy)
    return folder


def _small_documents(folder: Path, count: int) -> Path:
    """``count`` small plans: seed 000's first 60 lines, each with a number of its own."""
    from tests.conftest import seed_text

    head = "\n".join(seed_text("000").splitlines()[:60])
    folder.mkdir()
    for number in range(count):
        (folder / f"small_{number:04d}.txt").write_text(f"{head}\nเอกสารที่ {number}\n", encoding="utf-8")
    return folder


def _timed(inputs: Path, out: Path, **options) -> float:
    from pipeline.batch import run_batch

    started = time.perf_counter()
    summary = run_batch([str(inputs)], out, force=True, **options)
    assert summary.failed == 0, summary.line()
    return time.perf_counter() - started


def _warm(dask_worker=None) -> None:
    """Imports and a Tesseract engine, as a worker has them after its first document."""
    from pipeline.cluster import extract_document  # noqa: F401
    from pipeline.pdf.tesseract import Engine
    from pipeline.stages import all_stages

    all_stages()
    with Engine.borrowed():
        pass


def _client_run(inputs: Path, out: Path, scheduler: str) -> tuple[float, float, float]:
    """``thaiplan extract`` in a process of its own: (seconds, peak RSS MB, CPU seconds) of the client."""
    code = ("import resource, sys\nfrom pipeline.cli import main\ntry:\n    main()\nfinally:\n"
            "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
            "    print(usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, file=sys.stderr)\n")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "extract", str(inputs), "--out", str(out), "--quiet",
                           "--scheduler", scheduler], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    rss, cpu = map(float, done.stderr.strip().splitlines()[-1].split())
    return seconds, rss, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=SCAN_PAGES)
    parser.add_argument("--small", type=int, default=1000, help="small documents for the client's memory")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scan = _scan(folder, args.pages).parent
        seeds = _seed_documents(folder / "seeds")
        n_docs = len(list(seeds.iterdir()))
        rates: dict[str, tuple[float, float]] = {}
        for jobs in (1, 2):
            _timed(seeds, folder / "warm", jobs=jobs)
            rates[f"local pool --jobs {jobs}"] = (args.pages / _timed(scan, folder / "out", jobs=jobs),
                                                  n_docs / _timed(seeds, folder / "out", jobs=jobs))
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                client.run(_warm)
                address = cluster.scheduler_address
                rates[f"dask, {workers} worker{'s' * (workers > 1)}"] = (
                    args.pages / _timed(scan, folder / "out", scheduler=address),
                    n_docs / _timed(seeds, folder / "out", scheduler=address))
                if workers == 2:
                    memory = {count: _client_run(_small_documents(folder / f"small{count}", count),
                                                 folder / f"small_out{count}", address)
                              for count in (100, args.small)}

    print(f"{'':<24}{'pages/s (scan)':>16}{'documents/s (seeds)':>22}")
    for name, (pages, docs) in rates.items():
        print(f"{name:<24}{pages:>16.2f}{docs:>22.2f}")
    one, two = rates["dask, 1 worker"][0], rates["dask, 2 workers"][0]
    print(f"\ntwo workers OCR the {args.pages}-page scan {two / one:.2f}x as fast as one (target >= 1.7x)")
    print(f"dask against the local pool, 2 cores: pages {two / rates['local pool --jobs 2'][0]:.2f}x, "
          f"documents {rates['dask, 2 workers'][1] / rates['local pool --jobs 2'][1]:.2f}x")

    print("\nclient (thaiplan extract --scheduler, 2 workers):")
    for count, (seconds, rss, cpu) in memory.items():
        print(f"  {count:>5} small documents: {seconds:6.1f} s, peak RSS {rss:6.0f} MB, "
              f"CPU {cpu:5.1f} s ({1000 * cpu / count:.1f} ms a document)")
    per_doc_cpu = (memory[args.small][2] - memory[100][2]) / (args.small - 100)  # start-up left out
    client_docs = 1 / per_doc_cpu if per_doc_cpu > 0 else float("inf")

    efficiency = two / one / 2
    print(f"\nscaling model: {one:.2f} pages/s a core, {efficiency:.0%} of it kept per added worker (2 on 2)")
    for cores in (100, 1000):
        pages = one * cores * efficiency
        print(f"  {cores:>5} cores: ~{pages:,.0f} pages/s, 10^6 pages in ~{1e6 / pages / 3600:.1f} h; "
              f"documents/s ~{rates['dask, 1 worker'][1] * cores * efficiency:,.0f}, "
              f"one client stores up to ~{client_docs:,.0f} documents/s")


if __name__ == "__main__":
    main()

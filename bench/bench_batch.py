"""Batch benchmark: extraction speed against a floor pass, end-to-end runs, scaling, memory.

Prints, in one run:

1. extraction throughput on the seeds in MB/s per core (warm, in this process, text -> rows),
   and its ratio to a floor pass over the same bytes (read + NFC + Thai digits + one regex per line);
2. wall time of ``thaiplan extract data/raw`` end to end (new output folder);
3. a synthetic corpus of seeds with perturbations (digit style, spacing, OCR-like typos), run
   with --jobs 1 and --jobs 2: wall time, scaling, peak memory;
4. wall time of an unchanged re-run, and its share of the first run's work (startup excluded),
   and of a re-run after one document changed.

Targets: extraction within 10x the floor; --jobs 2 >= 1.7x --jobs 1; peak memory < 500 MB for
1,000 documents; unchanged re-run < 5% of the first run's work.

    .venv/bin/python bench/bench_batch.py              # 1,000 synthetic documents (~10 minutes)
    .venv/bin/python bench/bench_batch.py --docs 100   # a quicker look
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.thai.normalise import THAI_DIGITS  # noqa: E402
from pipeline.document import run_stages  # noqa: E402
from pipeline.ingest import read_document  # noqa: E402
from pipeline.rows import records_to_rows  # noqa: E402
from pipeline.stages import all_stages  # noqa: E402

RAW = ROOT / "data" / "raw"
THAIPLAN = str(Path(sys.executable).with_name("thaiplan"))
SEEDS = sorted(RAW.glob("*.txt"))
MB = 1e6

_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_NUMBERED_LINE = regex.compile(r"^\s*([0-9]{1,3})[.)]\s")
# Characters OCR engines confuse in Thai print, and sara am split into nikhahit + sara aa.
_OCR_SWAPS = [("ำ", "ํา"), ("บ", "ป"), ("ด", "ต"), ("ข", "ช"), ("ผ", "พ"), ("ถ", "ภ"), ("ห", "ท"), ("ม", "น")]


# --------------------------------------------------------------------------------------------
# 1. Extraction against the floor pass, in this process
# --------------------------------------------------------------------------------------------

def floor_pass(path: Path) -> int:
    """The least any extractor must do: read, decode, NFC, Thai digits, one regex per line."""
    text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8")).translate(_TO_ARABIC)
    return sum(1 for line in text.split("\n") if _NUMBERED_LINE.match(line))


def extraction_pass(sources, stages, seconds_per_stage: dict[str, float] | None = None) -> int:
    rows = 0
    clock = {"stage": None, "at": 0.0}

    def on_stage(name: str | None) -> None:
        now = time.perf_counter()
        if seconds_per_stage is not None and clock["stage"]:
            seconds_per_stage[clock["stage"]] = seconds_per_stage.get(clock["stage"], 0.0) + now - clock["at"]
        clock.update(stage=name, at=now)

    for source in sources:
        artefacts, records, _ = run_stages(source, stages, on_stage=on_stage)
        on_stage("records_to_rows")
        rows += sum(len(r) for r in records_to_rows(source, artefacts.get("norm"), records)[0].values())
        on_stage(None)
    return rows


def best_of(repeat: int, fn, *args) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - started)
    return min(times)


def measure_extraction(repeat: int) -> dict:
    stages = all_stages()
    sources = [read_document(str(p)) for p in SEEDS]
    megabytes = sum(p.stat().st_size for p in SEEDS) / MB
    extraction_pass(sources, stages)  # warm: imports, regex caches
    for p in SEEDS:
        floor_pass(p)
    extraction = best_of(repeat, extraction_pass, sources, stages)
    floor = best_of(repeat, lambda: [floor_pass(p) for p in SEEDS])
    seconds_per_stage: dict[str, float] = {}
    extraction_pass(sources, stages, seconds_per_stage)
    total = sum(seconds_per_stage.values())
    share = {name: f"{seconds / total:.0%}" for name, seconds in
             sorted(seconds_per_stage.items(), key=lambda kv: -kv[1])}
    per_seed = {}
    for p, source in zip(SEEDS, sources):
        seconds = best_of(repeat, extraction_pass, [source], stages)
        per_seed[p.name] = round(p.stat().st_size / MB / seconds, 2)
    return {"seed_mb": round(megabytes, 3), "extraction_s": round(extraction, 3), "floor_s": round(floor, 4),
            "extraction_mb_per_s_per_core": round(megabytes / extraction, 2),
            "floor_mb_per_s": round(megabytes / floor, 1), "ratio_to_floor": round(extraction / floor, 1),
            "per_seed_mb_per_s": per_seed, "share_of_time_per_stage": share, "stages": [s.name for s in stages]}


# --------------------------------------------------------------------------------------------
# 2-4. Runs of the command, timed, with the memory of its process tree sampled
# --------------------------------------------------------------------------------------------

def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; PSS shares pages that forked workers have in common."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def timed_run(args: list[str]) -> dict:
    """Wall time of one command, and peak memory of its process tree (sampled every 50 ms)."""
    peak = {"rss_max_process_mb": 0.0, "pss_total_mb": 0.0}
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample():
        while not done.is_set():
            usage = [_memory_kb(pid) for pid in _tree(process.pid)]
            peak["rss_max_process_mb"] = max(peak["rss_max_process_mb"], max((u[0] for u in usage), default=0) / 1024)
            peak["pss_total_mb"] = max(peak["pss_total_mb"], sum(u[1] for u in usage) / 1024)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    return {"wall_s": round(wall, 2), "exit_code": process.returncode, "summary": stderr.strip().splitlines()[-1:],
            **{k: round(v, 1) for k, v in peak.items()}}


def perturb(text: str, rng: random.Random) -> str:
    """A seed as another office or OCR engine might have produced it."""
    style = rng.choice(["thai", "arabic", "mixed"])
    if style == "arabic":
        text = text.translate(_TO_ARABIC)
    elif style == "thai":
        text = text.translate(_TO_THAI)
    lines = text.split("\n")
    out = []
    typo_rate = rng.choice([0.0, 0.001, 0.003])
    for line in lines:
        if rng.random() < 0.05:
            line = line.replace(" ", "  ")
        if rng.random() < 0.05:
            line = line + " " * rng.randint(1, 3)
        if typo_rate and line:
            chars = list(line)
            for i, c in enumerate(chars):
                if rng.random() < typo_rate * 10:
                    for a, b in _OCR_SWAPS:
                        if c == a and rng.random() < 0.1:
                            chars[i] = b
                            break
            line = "".join(chars)
        out.append(line)
        if rng.random() < 0.01:
            out.append("")
    return "\n".join(out)


def make_corpus(folder: Path, n: int, seed: int = 2566) -> float:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    total = 0
    for i in range(n):
        source = i % len(SEEDS)
        data = (perturb(texts[source], rng) + f"\n{i}\n").encode("utf-8")
        (folder / f"{i:05d}_{SEEDS[source].stem}.txt").write_bytes(data)
        total += len(data)
    return total / MB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in the synthetic corpus")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of the in-process timings (best kept)")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    options = parser.parse_args()
    results: dict = {}

    results["extraction"] = e = measure_extraction(options.repeat)
    print(f"extraction on the seeds ({e['seed_mb']} MB, {len(e['stages'])} stages): "
          f"{e['extraction_mb_per_s_per_core']} MB/s per core; floor pass {e['floor_mb_per_s']} MB/s; "
          f"extraction takes {e['ratio_to_floor']}x the floor (target <= 10x)")
    print(f"  per seed, MB/s: {e['per_seed_mb_per_s']}")
    print(f"  share of extraction time per stage: {e['share_of_time_per_stage']}")

    with tempfile.TemporaryDirectory(prefix="thaiplan-bench-") as tmp:
        tmp = Path(tmp)
        (tmp / "empty").mkdir()
        # Startup: interpreter, imports, stage discovery, empty tables; the least of three runs.
        startup = min((timed_run([THAIPLAN, "extract", str(tmp / "empty"), "--out", str(tmp / "out-empty"), "-q"])
                       for _ in range(3)), key=lambda r: r["wall_s"])
        results["startup"] = startup
        raw = timed_run([THAIPLAN, "extract", str(RAW), "--out", str(tmp / "out-raw"), "-q"])
        results["seeds_end_to_end"] = raw
        print(f"startup (extract over an empty folder): {startup['wall_s']} s")
        print(f"thaiplan extract data/raw (5 seeds, new output folder): {raw['wall_s']} s "
              f"({raw['summary'][0] if raw['summary'] else ''})")

        corpus = tmp / "corpus"
        corpus.mkdir()
        megabytes = make_corpus(corpus, options.docs)
        results["corpus"] = {"documents": options.docs, "mb": round(megabytes, 1)}
        print(f"synthetic corpus: {options.docs} documents, {megabytes:.1f} MB")
        runs = {}
        for jobs in (1, 2):
            runs[jobs] = timed_run([THAIPLAN, "extract", str(corpus), "--out", str(tmp / f"out-j{jobs}"),
                                    "-q", "--jobs", str(jobs)])
            r = runs[jobs]
            print(f"  --jobs {jobs}: {r['wall_s']} s ({megabytes / r['wall_s']:.2f} MB/s), peak memory: "
                  f"{r['pss_total_mb']} MB all processes (PSS), {r['rss_max_process_mb']} MB largest process "
                  f"(RSS); exit {r['exit_code']}")
        scaling = runs[1]["wall_s"] / runs[2]["wall_s"]
        rerun = timed_run([THAIPLAN, "extract", str(corpus), "--out", str(tmp / "out-j2"), "-q", "--jobs", "2"])
        work = max(0.0, rerun["wall_s"] - startup["wall_s"]) / (runs[2]["wall_s"] - startup["wall_s"])
        results["runs"] = {"jobs1": runs[1], "jobs2": runs[2], "scaling": round(scaling, 2),
                           "unchanged_rerun": rerun, "rerun_work_share": round(work, 4)}
        print(f"  scaling --jobs 2 / --jobs 1: {scaling:.2f}x (target >= 1.7x)")
        print(f"  unchanged re-run: {rerun['wall_s']} s = {work:.1%} of the first run's work, startup "
              f"({startup['wall_s']} s) excluded (target < 5%); {rerun['summary'][0] if rerun['summary'] else ''}")
        changed = next(corpus.iterdir())
        changed.write_bytes(changed.read_bytes() + "\nภาคผนวก\n".encode())
        one = timed_run([THAIPLAN, "extract", str(corpus), "--out", str(tmp / "out-j2"), "-q", "--jobs", "2"])
        results["runs"]["one_changed_rerun"] = one
        print(f"  re-run after changing one document: {one['wall_s']} s (one extraction, all tables rewritten "
              f"from stored results); peak memory {one['pss_total_mb']} MB")
        peak = max(runs[1]["pss_total_mb"], runs[2]["pss_total_mb"], one["pss_total_mb"])
        print(f"  peak memory for {options.docs} documents: {peak} MB (target < 500 MB)")

    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

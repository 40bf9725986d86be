"""Faults of the inputs, the stored results and the output tables (issue 18): nothing is skipped
unsaid, one bad input or damaged cache entry costs one errors row at most, a full disk is left as
the run found it, and a reader of the output folder sees one run's tables.

Permissions are tested for real: as root (whom chmod does not stop) thaiplan runs in a process
without the capabilities that override file permissions. A full disk is a real tmpfs, mounted in a
mount namespace of the test's own.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline import writer
from pipeline.cli import cli
from pipeline.ingest import InputError, read_document
from pipeline.schemas import SCHEMAS
from tests.conftest import ROOT, seed_path, seed_text

SMALL = [seed_path(p) for p in ("002", "003", "004")]
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def extract(*args: str):
    result = CliRunner().invoke(cli, ["extract", *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _drop_permission_override() -> None:
    """In the child, before exec: root loses the capabilities that let it ignore chmod."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def thaiplan_bound_by_permissions(*args: str) -> subprocess.CompletedProcess:
    """``thaiplan ARGS`` (this worktree's code) in a process that file permissions stop."""
    root = os.geteuid() == 0
    try:
        return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, capture_output=True,
                              text=True, errors="replace", preexec_fn=_drop_permission_override if root else None)
    except subprocess.SubprocessError as exc:
        pytest.skip(f"cannot run without the capabilities that override permissions here: {exc}")


def table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{name}.parquet")


# --- 1. a folder that cannot be listed --------------------------------------------------------

def test_a_subfolder_that_cannot_be_listed_is_an_errors_row_on_stderr_and_fails_the_exit_code(tmp_path):
    corpus = tmp_path / "in"
    locked = corpus / "locked"
    locked.mkdir(parents=True)
    shutil.copy(SMALL[0], corpus / "a.txt")
    shutil.copy(SMALL[1], locked / "b.txt")
    locked.chmod(0)
    try:
        run = thaiplan_bound_by_permissions("extract", str(corpus), "--out", str(tmp_path / "out"), "-q")
    finally:
        locked.chmod(0o755)
    assert run.returncode == 1, run.stderr
    assert f"error: {locked}: folder cannot be listed (Permission denied)" in run.stderr
    errors = table(tmp_path / "out", "errors")
    assert errors[["source_file", "error_type"]].values.tolist() == [[str(locked), "unreadable_folder"]]
    assert table(tmp_path / "out", "documents").source_file.tolist() == [str(corpus / "a.txt")]


# --- 5. a file named on the command line that cannot be read ----------------------------------

def test_an_unreadable_or_missing_file_named_on_the_command_line_is_an_errors_row_and_the_rest_runs(tmp_path):
    unreadable, missing, good = tmp_path / "unreadable.txt", tmp_path / "missing.txt", tmp_path / "good.txt"
    shutil.copy(SMALL[0], unreadable)
    shutil.copy(SMALL[1], good)
    unreadable.chmod(0)
    run = thaiplan_bound_by_permissions("extract", str(unreadable), str(missing), str(good),
                                        "--out", str(tmp_path / "out"), "-q")
    assert run.returncode == 1, run.stderr
    assert f"error: {unreadable}: permission denied" in run.stderr
    assert f"error: {missing}: no such file" in run.stderr
    errors = table(tmp_path / "out", "errors")
    assert sorted(errors.source_file) == sorted([str(unreadable), str(missing)])
    assert table(tmp_path / "out", "documents").source_file.tolist() == [str(good)]


# --- 2. line endings --------------------------------------------------------------------------

@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["CR (old Mac)", "CRLF (Windows)"])
def test_every_line_ending_reads_as_lines_with_the_same_rows_and_source_lines(tmp_path, newline):
    text = seed_text("000")
    (tmp_path / "lf").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "lf" / "plan.txt").write_bytes(text.encode())
    (tmp_path / "other" / "plan.txt").write_bytes(text.replace("\n", newline).encode())
    for name in ("lf", "other"):
        assert extract(str(tmp_path / name), "--out", str(tmp_path / f"out-{name}"), "-q").exit_code == 0
    for name in ("budget_lines", "projects", "segments", "announcements"):
        lf = table(tmp_path / "out-lf", name).drop(columns="doc_id")
        other = table(tmp_path / "out-other", name).drop(columns="doc_id")
        assert len(lf) > 0
        pd.testing.assert_frame_equal(other, lf)


# --- NUL bytes and UTF-16 without a byte-order mark -------------------------------------------

@pytest.mark.parametrize("offset", [100, 200_000], ids=["in the first 64 KB", "after it"])
def test_a_nul_byte_anywhere_refuses_the_text_naming_where_it_is(tmp_path, offset):
    data = bytearray((seed_text("000") * 2).encode())
    data[offset] = 0
    (tmp_path / "nul.txt").write_bytes(bytes(data))
    with pytest.raises(InputError) as error:
        read_document(str(tmp_path / "nul.txt"))
    assert error.value.error_type == "binary_file"
    assert f"NUL byte (at byte {offset})" in str(error.value) and "UTF-16" in str(error.value)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_as_text(tmp_path, encoding):
    (tmp_path / "plan.txt").write_bytes(seed_text("002").encode(encoding))
    document = read_document(str(tmp_path / "plan.txt"))
    assert (document.encoding, document.text) == (encoding, seed_text("002"))


# --- 3. damaged stored results ----------------------------------------------------------------

def test_damaged_stored_results_and_state_files_are_rebuilt_not_fatal(tmp_path):
    corpus, out = tmp_path / "in", tmp_path / "out"
    corpus.mkdir()
    for seed in SMALL:
        shutil.copy(seed, corpus / seed.name)
    assert extract(str(corpus), "--out", str(out), "-q").exit_code == 0
    before = {name: table(out, name) for name in SCHEMAS}
    stored = sorted((out / ".thaiplan" / "results").glob("*/*.arrow"))
    assert len(stored) == 3
    stored[0].write_bytes(b"")  # emptied
    stored[1].write_bytes(stored[1].read_bytes()[:-100])  # cut short
    stored[2].write_bytes(os.urandom(stored[2].stat().st_size))  # overwritten
    (out / ".thaiplan" / "hashes.json").write_text("[]")
    next(out.glob(".thaiplan/results/*/manifest.json")).write_text('"garbage"')

    result = extract(str(corpus), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "3 documents (3 extracted, 0 unchanged)" in result.output
    assert "error" not in result.output
    for name in SCHEMAS:
        pd.testing.assert_frame_equal(table(out, name), before[name])
    assert "3 documents (0 extracted, 3 unchanged)" in extract(str(corpus), "--out", str(out)).output


# --- 4. file names that are not UTF-8 ---------------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_the_other_documents_get_their_tables(tmp_path):
    corpus, out = tmp_path / "in", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(SMALL[0], corpus / "good.txt")
    (Path(os.fsdecode(os.fsencode(corpus) + b"/plan-\xe1.txt"))).write_bytes(SMALL[1].read_bytes())
    (Path(os.fsdecode(os.fsencode(corpus) + b"/empty-\xff.txt"))).write_bytes(b"")

    result = extract(str(corpus), "--out", str(out))
    assert result.exit_code == 1, result.output
    shown = f"{corpus}/empty-\\xff.txt"
    assert f"error: {shown}: is empty" in result.output
    errors = table(out, "errors")
    assert errors.source_file.tolist() == [shown] and errors.message[0].startswith(f"{shown}: is empty")
    assert sorted(table(out, "documents").source_file) == [f"{corpus}/good.txt", f"{corpus}/plan-\\xe1.txt"]
    assert len(table(out, "segments").doc_id.unique()) == 2
    again = extract(str(corpus), "--out", str(out))
    assert "3 documents (1 extracted, 2 unchanged)" in again.output  # the hash cache kept the odd name


# --- 8. a full disk ---------------------------------------------------------------------------

FULL_DISK_SCRIPT = r"""
mount -t tmpfs -o size={size}k tmpfs "$OUT" || exit 99
thaiplan() {{ "$PYTHON" -m pipeline.cli extract "$@" --out "$OUT" -q --jobs 1; echo "== exit $?"; }}
thaiplan "$SMALL"
thaiplan "$SMALL" "$BIG"
find "$OUT" -name '*.tmp' | sed 's/^/left: /'
find "$OUT/.thaiplan/results" -name '*.arrow' | sed 's/^/stored: /'
"$PYTHON" -c "import pandas, sys; print('documents:', len(pandas.read_parquet(sys.argv[1])))" "$OUT/documents.parquet"
thaiplan "$SMALL"
"""


def test_a_full_disk_leaves_no_temporary_files_nor_the_failed_runs_results_and_says_so(tmp_path):
    if not shutil.which("unshare"):
        pytest.skip("no unshare(1) to mount a small file system")
    small, big, out = tmp_path / "small", tmp_path / "big", tmp_path / "out"
    for folder in (small, big, out):
        folder.mkdir()
    shutil.copy(SMALL[0], small / "plan.txt")
    for n in range(12):  # more than the file system holds
        (big / f"{n:02d}.txt").write_bytes(seed_path("000").read_bytes() + f"\n{n}\n".encode())
    environment = {**os.environ, "OUT": str(out), "SMALL": str(small), "BIG": str(big), "PYTHON": sys.executable}
    run = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c", FULL_DISK_SCRIPT.format(size=640)],
                         cwd=ROOT, env=environment, capture_output=True, text=True)
    if run.returncode == 99 or "unshare:" in run.stderr:
        pytest.skip(f"cannot mount a tmpfs in a namespace here: {run.stderr.strip()}")
    exits = [line for line in run.stdout.splitlines() if line.startswith("== exit")]
    assert exits == ["== exit 0", "== exit 3", "== exit 0"], run.stdout + run.stderr
    assert "could not write the tables" in run.stderr and "No space left on device" in run.stderr
    assert "no space left there: free some space" in run.stderr and "permissions" not in run.stderr
    assert "left:" not in run.stdout, run.stdout  # no temporary file of the failed run
    assert sum(line.startswith("stored:") for line in run.stdout.splitlines()) == 1  # the first run's only
    assert "documents: 1" in run.stdout  # the previous tables, whole
    assert run.stderr.count("1 documents (0 extracted, 1 unchanged), 0 failed") == 1


def test_the_hint_tells_a_full_disk_from_a_permission_problem():
    assert "free some space" in writer.what_to_do(OSError(errno.ENOSPC, "No space left on device"))
    assert "permissions" in writer.what_to_do(OSError(errno.EACCES, "Permission denied"))
    assert "space" not in writer.what_to_do(OSError(errno.EACCES, "Permission denied"))


# --- 10. one generation of tables ---------------------------------------------------------------

def test_a_run_stopped_at_any_rename_of_the_switch_leaves_one_runs_tables(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    shutil.copy(SMALL[0], tmp_path / "in" / "a.txt")
    first = tmp_path / "first"
    assert extract(str(tmp_path / "in"), "--out", str(first), "-q").exit_code == 0
    later_rows = {"documents": [{"doc_id": "x" * 64, "source_file": "later.txt"}],
                  "budget_lines": [{"doc_id": "x" * 64, "project_no": 1, "amount_thb": 1.0}]}
    writer.write_tables(tmp_path / "later", later_rows)
    runs = {run: {name: table(tmp_path / run, name) for name in SCHEMAS} for run in ("first", "later")}
    real_replace = os.replace
    for stop_at in range(1, 4):
        out = tmp_path / f"out-{stop_at}"
        shutil.copytree(first, out, symlinks=True)
        renames = []

        def replace_until_killed(source, target):
            renames.append(target)
            if len(renames) == stop_at:
                raise KeyboardInterrupt  # as a kill would, between two renames
            real_replace(source, target)

        monkeypatch.setattr(os, "replace", replace_until_killed)
        try:
            writer.write_tables(out, later_rows)
        except KeyboardInterrupt:
            pass
        monkeypatch.setattr(os, "replace", real_replace)
        seen = {name: table(out, name) for name in SCHEMAS}
        assert any(all(seen[n].equals(tables[n]) for n in SCHEMAS) for tables in runs.values()), stop_at


def test_readers_open_the_tables_through_one_switched_link_and_old_generations_go(tmp_path):
    corpus, out = tmp_path / "in", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(SMALL[0], corpus / "a.txt")
    out.mkdir()
    (out / "documents.parquet").write_bytes(b"a table as versions before generations wrote it")
    extract(str(corpus), "--out", str(out), "-q")
    killed = out / ".thaiplan" / "tables-7"  # a generation a killed run was writing
    killed.mkdir()
    (killed / "documents.parquet").write_bytes(b"half")
    for _ in range(3):
        assert extract(str(corpus), "--out", str(out), "-q", "--force").exit_code == 0
    generations = sorted(p.name for p in (out / ".thaiplan").glob("tables-*"))
    assert generations == ["tables-10", "tables-9"]  # the current one and the one before
    assert os.readlink(out / "tables") == ".thaiplan/tables-10"
    for name in SCHEMAS:
        assert os.readlink(out / f"{name}.parquet") == f"tables/{name}.parquet"
        assert pq.read_schema(out / f"{name}.parquet").remove_metadata() == SCHEMAS[name].remove_metadata()
    moved = tmp_path / "moved"
    shutil.copytree(out, moved, symlinks=True)  # relative links: the folder can be moved or copied
    assert len(table(moved, "documents")) == 1

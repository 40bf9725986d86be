"""Broken and hostile inputs: each one is an errors row and one readable line on stderr, never a
traceback, and the other documents' rows are exactly what they would be without it."""

from __future__ import annotations

import builtins
import codecs
import io
import resource
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.document import process_document
from pipeline.schemas import SCHEMAS
from pipeline.stages import all_stages
from tests.conftest import SEEDS, seed_path, seed_text

MB = 1024 * 1024


def minimal_pdf(encrypted: bool = False) -> bytes:
    """A one-page PDF with a text layer; ``encrypted`` adds a password the reader does not have."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 700 Td (Plan 2566) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    trailer = b"/Root 1 0 R"
    if encrypted:  # RC4 40-bit standard security handler; O and U match no empty password
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> >>")
        trailer += b" /Encrypt 6 0 R /ID [<" + b"01" * 16 + b"> <" + b"01" * 16 + b">]"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d " % (len(objects) + 1) + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def plan_with_a_table_without_numbers() -> str:
    lines = seed_text("000").split("\n")[:232]
    table = slice(186, 232)  # the budget table of seed 000, amounts and numbering included
    lines[table] = ["".join(c for c in line if not ("0" <= c <= "9" or "๐" <= c <= "๙")) for line in lines[table]]
    return "\n".join(lines)


def plan_with_a_card_without_fields() -> str:
    labels = ["ลำดับที่ ๑", "๑. ชื่อโครงการ :", "๒. หลักการและเหตุผล", "๓. วัตถุประสงค์", "๔. กลุ่มเป้าหมาย",
              "๕. วิธีดำเนินการ", "๖. ระยะเวลาดำเนินการ", "๗. งบประมาณที่ใช้ในการดำเนินการ", "๘. ผู้รับผิดชอบ",
              "๙. ผลผลิต/ผลลัพธ์", "", "ลำดับที่ ๒", ""]
    return "\n".join(seed_text("000").split("\n")[:60] + labels)


def write_sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as f:
        f.truncate(size)  # no data blocks: the test holds nothing in memory or on disk
    return path


# Inputs that must fail, one errors row each: file name -> bytes (or a writer), and error types
# accepted (PDF handling is another part's work: any clear error will do there).
BAD_INPUTS = {
    "empty.txt": (b"", {"empty_file"}),
    "junk.txt": (bytes(range(256)) * 64, {"binary_file"}),
    "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, {"unsupported_format"}),
    "pdf named.txt": (minimal_pdf()[:60], None),
    "invalid utf8.txt": (seed_text("002").encode()[:3000] + b"\xff\xfe\x81" + seed_text("002").encode()[3000:6000],
                         {"undecodable"}),
    "wrong bom.txt": (codecs.BOM_UTF16_LE + seed_text("002").encode(), {"wrong_bom"}),
    "contradictory bom.txt": (codecs.BOM_UTF8 + seed_text("002").encode("utf-16-le"), {"wrong_bom", "binary_file"}),
    "truncated.pdf": (minimal_pdf()[: len(minimal_pdf()) * 2 // 5], None),
    "encrypted.pdf": (minimal_pdf(encrypted=True), None),
}
BIG = "big 200MB.txt"
UNREADABLE = "unreadable.txt"

# Inputs that are odd but valid: each must be extracted, with no errors row.
ODD_INPUTS = {
    "tis620.txt": seed_text("002").encode("tis-620", errors="replace"),
    "แผนปฏิบัติการ ป้องกันการทุจริต (สำเนา).txt": (seed_text("004") + "\n").encode(),
    "long line.txt": (seed_text("002") + "\n" + "งบประมาณ 30,000 บาท ภารกิจ 1.1 " * 100_000 + "\n").encode(),
    "table without numbers.txt": plan_with_a_table_without_numbers().encode(),
    "card without fields.txt": plan_with_a_card_without_fields().encode(),
}


@pytest.fixture
def unreadable(monkeypatch):
    """Files named UNREADABLE raise PermissionError on open, as chmod 000 would for a normal user
    (tests run as root, whom permissions do not stop). Forked workers inherit the patch."""
    real_open = io.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if str(file).endswith(UNREADABLE) and not set(mode) & set("wax+"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(builtins, "open", guarded_open)


def run_extract(*args: str):
    result = CliRunner().invoke(cli, ["extract", *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_errors_row_and_one_stderr_line_naming_the_file(tmp_path, name):
    data, error_types = BAD_INPUTS[name]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    shutil.copy(seed_path("002"), folder / seed_path("002").name)
    result = run_extract(str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    errors = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert len(errors) == 1 and errors.source_file[0] == str(folder / name)
    assert str(folder / name) in errors.message[0] and errors.stage[0] and errors.error_type[0]
    if error_types:
        assert errors.error_type[0] in error_types
    assert [line for line in result.stderr.splitlines() if line.startswith("error: ")] == [f"error: {errors.message[0]}"]
    assert len(pd.read_parquet(tmp_path / "out" / "documents.parquet")) == 1


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    big = write_sparse(tmp_path / BIG, 200 * MB)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = process_document(str(big), all_stages())
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert [e["error_type"] for e in result.errors] == ["too_large"]
    assert "limit" in result.errors[0]["message"] and "--max-mb" in result.errors[0]["message"]
    assert grown_mb < 50


def test_unreadable_file_is_an_errors_row_saying_what_to_do(tmp_path, unreadable):
    path = tmp_path / UNREADABLE
    path.write_bytes(seed_path("002").read_bytes())
    result = run_extract(str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    errors = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert list(errors.error_type) == ["unreadable"]
    assert "permission denied" in errors.message[0].lower() and str(path) in errors.message[0]


def test_output_folder_that_is_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "tables"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "sub"):
        result = run_extract(str(seed_path("002")), "--out", str(out))
        assert result.exit_code in (2, 3)  # usage error (a file given as --out), output failure
        assert "Error:" in result.output and str(blocker) in result.output
    assert blocker.read_text() == "not a folder"


def test_seeds_rows_are_unchanged_by_every_bad_input_in_the_same_batch(tmp_path, extracted, unreadable):
    folder = tmp_path / "ชุด เอกสาร"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    bad = {name: data for name, (data, _) in BAD_INPUTS.items()}
    for name, data in {**bad, **ODD_INPUTS}.items():
        (folder / name).write_bytes(data)
    write_sparse(folder / BIG, 200 * MB)
    (folder / UNREADABLE).write_bytes(seed_path("003").read_bytes() + b"\n")
    bad_files = {str(folder / name) for name in [*bad, BIG, UNREADABLE]}

    result = run_extract(str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    out = tmp_path / "out"
    errors = pd.read_parquet(out / "errors.parquet")
    assert sorted(errors.source_file) == sorted(bad_files), errors[["source_file", "error_type", "message"]]
    stderr_errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(stderr_errors) == len(bad_files)
    assert all(any(f"error: {path}" in line for line in stderr_errors) for path in bad_files)

    docs = pd.read_parquet(out / "documents.parquet")
    assert set(docs.source_file) == {str(folder / s.name) for s in SEEDS} | {str(folder / n) for n in ODD_INPUTS}
    assert (docs.status == "success").all()
    alone = pd.read_parquet(extracted / "documents.parquet")
    for name in SCHEMAS:
        if name == "errors":
            continue
        batch = pq.read_table(out / f"{name}.parquet")
        batch = batch.filter(pc.is_in(batch["doc_id"], pa.array(alone.doc_id))).to_pandas()
        reference = pd.read_parquet(extracted / f"{name}.parquet")
        if name == "documents":
            batch["source_file"] = batch.source_file.map(lambda p: Path(p).name)
            reference["source_file"] = reference.source_file.map(lambda p: Path(p).name)
        pd.testing.assert_frame_equal(batch, reference, obj=name)

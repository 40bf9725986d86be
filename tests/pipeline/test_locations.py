"""Inputs named by fsspec URL: listed, sized and read like files (an in-memory filesystem here)."""

from __future__ import annotations

import io

import fsspec
import pytest

from pipeline import ingest
from pipeline.ingest import InputError, iter_input_files, read_document
from pipeline.locations import is_url, url_info, url_sha256


@pytest.fixture
def bucket():
    fs = fsspec.filesystem("memory")
    fs.mkdir("/plans")
    files = {"/plans/b/002.md": "ก", "/plans/a/001.txt": "ข", "/plans/.hidden/003.txt": "ค",
             "/plans/notes.docx": "x", "/plans/a/.004.txt": "ง", "/plans/scan.PDF": "%PDF-1.4"}
    for path, text in files.items():
        fs.pipe(path, text.encode())
    yield fs
    fs.rm("/plans", recursive=True)


def test_a_url_is_told_from_a_local_path():
    assert is_url("s3://bucket/plans/") and is_url("file:///data/raw") and is_url("https://x.go.th/plan.pdf")
    assert not is_url("data/raw") and not is_url("C:\\plans") and not is_url("/tmp/a://b")


def test_a_folder_url_lists_its_inputs_sorted_without_hidden_names_or_other_suffixes(bucket):
    assert list(iter_input_files(["memory:///plans"])) == [
        "memory:///plans/a/001.txt", "memory:///plans/b/002.md", "memory:///plans/scan.PDF"]
    # A file named explicitly is taken whatever its suffix: its content decides what it is.
    assert list(iter_input_files(["memory:///plans/notes.docx"])) == ["memory:///plans/notes.docx"]


def test_a_url_document_reads_like_a_file(bucket):
    document = read_document("memory:///plans/b/002.md")
    assert (document.text, document.source_format, document.source_file) == ("ก", "md", "memory:///plans/b/002.md")
    size, _ = url_info("memory:///plans/b/002.md")
    assert size == len("ก".encode()) and url_sha256("memory:///plans/b/002.md") == document.doc_id


@pytest.mark.parametrize(("url", "error_type", "said"), [
    ("memory:///plans/missing.txt", "not_found", "no such file"),
    ("dropbox://plans/001.txt", "missing_filesystem", "filesystem package that is not installed"),
    ("nosuchprotocol://plans/001.txt", "unreadable", "not a URL fsspec can read"),
])
def test_a_url_that_cannot_be_read_says_why_naming_it(bucket, url, error_type, said):
    with pytest.raises(InputError) as raised:
        read_document(url)
    assert raised.value.error_type == error_type and url in str(raised.value) and said in str(raised.value)


class _Stream(io.RawIOBase):
    """A file that reads forward only, as fsspec's streamed HTTP file does."""

    def __init__(self, data: bytes):
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self._data.readinto(buffer)

    def seek(self, *_):
        raise ValueError("Cannot seek streaming HTTP file")


def test_a_url_file_that_cannot_seek_is_read_whole(monkeypatch):
    text = "แผนปฏิบัติการป้องกันการทุจริต\n" * 200  # longer than the first KB read to tell its kind
    monkeypatch.setattr(ingest, "open_url", lambda url: (_Stream(text.encode()), None))
    assert read_document("https://example.go.th/plan.txt").text == text

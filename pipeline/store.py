"""Stored results: each document's rows, kept under the output folder and keyed by (source
sha256, extraction key), so a re-run extracts only what changed; and the hash cache, so unchanged
input files are not even re-read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.document import EXTRACTOR_VERSION, DocResult
from pipeline.ingest import display_name
from pipeline.registry import Stage
from pipeline.schemas import SCHEMAS
from pipeline.writer import STATE_DIR, to_table

# A stored result ends with this digest of the bytes before it, so that one emptied, cut short or
# overwritten is seen before it is reused, for the cost of reading it (not of decompressing it).
_DIGEST_BYTES = 16
_PARTIAL = ".partial.arrow"  # a result with stage errors: this run's tables only
# The extraction key hashes every module of these packages, so that no code change reuses stale
# results and a new module is covered without being named...
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent
_CODE_PACKAGES = ("extractors", "pipeline")
# ...but these, which cannot change a document's stored rows: they run the batch and the workers
# around the extraction, or read the finished tables (and the gold annotations).
NOT_IN_EXTRACTION_KEY = frozenset({
    "pipeline/batch.py", "pipeline/document_task.py", "pipeline/cluster.py", "pipeline/workers.py", "pipeline/lock.py",
    "pipeline/failures.py",
    "pipeline/cli.py", "pipeline/docs.py", "pipeline/evaluate.py", "pipeline/gold.py", "pipeline/report.py",
    "pipeline/review.py",
})


def code_files() -> list[Path]:
    """The source files hashed into the extraction key."""
    return [path for package in _CODE_PACKAGES for path in sorted((_PACKAGE_ROOT / package).rglob("*.py"))
            if path.relative_to(_PACKAGE_ROOT).as_posix() not in NOT_IN_EXTRACTION_KEY]


def extraction_key(stages: list[Stage]) -> str:
    """What a stored result depends on besides the source bytes: version, code and stages run."""
    digest = hashlib.sha256(f"{EXTRACTOR_VERSION}\n{','.join(s.name for s in stages)}\n".encode())
    for path in code_files():
        digest.update(path.relative_to(_PACKAGE_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{EXTRACTOR_VERSION}-{digest.hexdigest()[:16]}"


def _atomic_write(path: Path, data: bytes) -> None:
    """``path`` holds ``data`` or what it held before; a write that fails (a full disk) leaves no
    temporary file behind."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_DIGEST_BYTES).digest()


def _intact(path: Path) -> bytes | None:
    """The stored result at ``path`` without its digest; None when it is missing or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    body = data[:-_DIGEST_BYTES]
    return body if len(data) > _DIGEST_BYTES and _digest(body) == data[-_DIGEST_BYTES:] else None


def _ipc_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


class ResultStore:
    """Rows of each extracted document, stored under the output folder as Arrow tables.

    The worker that extracted a document converts its rows to Arrow (in parallel, and typed by
    the schemas), so writing the tables is only concatenation. A document's file is an Arrow IPC
    file of (table name, that table's rows as an IPC stream), compressed whole with zstd (ten
    times faster to read back than compressing each small table), then a digest of those bytes.
    A clean result (no errors) is ``<doc_id>.arrow`` and is reused by later runs unless it is
    damaged; a result with stage errors is ``<doc_id>.partial.arrow``, used for this run's tables
    only, so the document is tried again next time. Files are written atomically.
    """

    def __init__(self, out_dir: Path, key: str) -> None:
        self.state = out_dir / STATE_DIR
        self.results = self.state / "results"
        self.dir = self.results / key
        self.dir.mkdir(parents=True, exist_ok=True)

    def path(self, doc_id: str, clean: bool = True) -> Path:
        return self.dir / (f"{doc_id}.arrow" if clean else f"{doc_id}{_PARTIAL}")

    def has(self, doc_id: str) -> bool:
        """A clean result of ``doc_id`` is stored, whole (a damaged one is extracted again)."""
        return _intact(self.path(doc_id)) is not None

    def save(self, result: DocResult) -> Path:
        return self.put(self.file_name(result), self.encode(result))

    def file_name(self, result: DocResult) -> str:
        return self.path(result.doc_id, clean=not result.errors).name

    @staticmethod
    def encode(result: DocResult) -> bytes:
        """A document's rows as the stored file's bytes (a Dask worker encodes, the client puts)."""
        parts = {name: to_table(name, rows) for name, rows in result.rows.items() if rows}
        index = pa.table({"table": list(parts), "rows": [_ipc_bytes(t) for t in parts.values()]},
                         metadata={"source_file": result.source_file})
        sink = pa.BufferOutputStream()
        with pa.CompressedOutputStream(sink, "zstd") as compressed:
            with pa.ipc.new_file(compressed, index.schema) as writer:
                writer.write_table(index)
        return sink.getvalue().to_pybytes()

    def put(self, name: str, data: bytes) -> Path:
        """Store the bytes ``encode`` gave under the ``file_name`` it goes with."""
        path = self.dir / name
        _atomic_write(path, data + _digest(data))
        if not name.endswith(_PARTIAL):
            (self.dir / name.replace(".arrow", _PARTIAL)).unlink(missing_ok=True)
        return path

    def load(self, path: Path, source_file: str) -> dict[str, pa.Table]:
        """Stored tables, with ``source_file`` set to the path the document has in this run."""
        data = _intact(path)
        if data is None:
            raise DamagedResult(f"{path} is missing or damaged")
        source_file = display_name(source_file)
        with pa.CompressedInputStream(pa.BufferReader(data), "zstd") as compressed:
            index = pa.ipc.open_file(pa.BufferReader(compressed.read())).read_all()
        stored_as = index.schema.metadata[b"source_file"].decode()
        # Copied out (to_pylist gives bytes): a table read in place would keep the whole document's
        # buffer alive until its table is flushed, and small tables are flushed only at the end.
        tables = {name: pa.ipc.open_stream(data).read_all()
                  for name, data in zip(index["table"].to_pylist(), index["rows"].to_pylist())}
        if stored_as != source_file:
            for name in ("documents", "errors"):
                if name in tables:
                    table = tables[name]
                    column = table.schema.get_field_index("source_file")
                    table = table.set_column(column, SCHEMAS[name].field("source_file"),
                                             pa.array([source_file] * table.num_rows, pa.string()))
                    if name == "errors":
                        column = table.schema.get_field_index("message")
                        table = table.set_column(column, SCHEMAS[name].field("message"),
                                                 pc.replace_substring(table["message"], stored_as, source_file))
                    tables[name] = table
        return tables

    def discard(self, paths: Iterable[Path]) -> None:
        """Remove these stored results (a run that failed for lack of space gives its space back)."""
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)

    def prune(self, keep: set[Path]) -> None:
        """Forget results of other code versions and of documents no longer among the inputs."""
        for other in self.results.iterdir():
            if other != self.dir:
                shutil.rmtree(other, ignore_errors=True)
        for path in self.dir.iterdir():
            if path not in keep:
                path.unlink(missing_ok=True)

    # What the last run wrote: a fingerprint of its documents and the tables' sizes and times.
    @property
    def manifest_path(self) -> Path:
        return self.dir / "manifest.json"

    def load_manifest(self) -> dict:
        manifest = _load_json(self.manifest_path)
        return manifest if isinstance(manifest, dict) else {}

    def save_manifest(self, manifest: dict) -> None:
        _atomic_write(self.manifest_path, json.dumps(manifest).encode())

    # The hash cache: absolute path -> (size, mtime_ns, sha256), so unchanged files are not re-read.
    # Paths whose bytes are not UTF-8 are kept exactly (JSON's \\udcNN escapes).
    def load_hashes(self) -> dict[str, list]:
        hashes = _load_json(self.state / "hashes.json")
        if not isinstance(hashes, dict):
            return {}
        return {path: entry for path, entry in hashes.items()
                if isinstance(entry, list) and len(entry) == 3 and isinstance(entry[2], str)}

    def save_hashes(self, hashes: dict[str, list]) -> None:
        _atomic_write(self.state / "hashes.json", json.dumps(hashes).encode())


class DamagedResult(OSError):
    """A stored result that cannot be read back (emptied, cut short, overwritten)."""


def _load_json(path: Path) -> object:
    """A JSON file of the state folder, or None when it is missing or damaged (then it is rebuilt)."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None

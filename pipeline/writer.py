"""Write stage: rows -> one Parquet file per table, typed by its explicit schema, atomically.

Every table of the contract is written, with its full schema also when it has no rows. Rows come
as Arrow tables or as dicts (turned into Arrow every few hundred: dicts take ten times the memory)
and are streamed into row groups, so memory stays flat however many documents a batch has.

A run's tables are one generation: a folder ``OUT/.thaiplan/tables-<n>`` written whole, then put
in place by replacing one symlink, ``OUT/tables``, with a single atomic rename.
``OUT/<table>.parquet`` are fixed symlinks through it (``tables/<table>.parquet``), so every file
a reader opens is from one finished run, and a run that fails or is killed before the switch
leaves the previous tables whole. The generation before is kept until the next switch, for
readers that resolved ``OUT/tables`` just before this one; older ones are removed.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schemas import SCHEMAS

ROW_GROUP_ROWS = 50_000
ROW_GROUP_BYTES = 8 * 1024 * 1024  # project cards carry paragraphs: bound bytes, not only rows
ARROW_CHUNK_ROWS = 500
COMPACT_CHUNKS = 256
# Stored results, the hash cache and the tables' generations live here, inside the output folder.
STATE_DIR = ".thaiplan"
TABLES_LINK = "tables"
_GENERATION_PREFIX = "tables-"
NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})  # EFBIG: over a file size limit


class OutputError(Exception):
    """The output folder cannot be written."""


def to_table(name: str, rows: Iterable[dict]) -> pa.Table:
    schema = SCHEMAS[name]
    rows = list(rows)
    unknown = {k for row in rows for k in row} - set(schema.names)
    if unknown:
        raise ValueError(f"table {name}: columns {sorted(unknown)} are not in its schema")
    return pa.Table.from_pylist(rows, schema=schema)


def what_to_do(exc: OSError) -> str:
    """The advice for an output folder that could not be written, by what went wrong."""
    if exc.errno in NO_SPACE:
        return "no space left there: free some space or choose another --out"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "fix its permissions or choose another --out"
    return "choose another --out"


def prepare_out_dir(out_dir: Path) -> None:
    """Create ``out_dir`` and make sure files can be created in it; OutputError says what to do."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out_dir, prefix=".probe.", delete=True)
        probe.close()
    except OSError as exc:
        raise OutputError(f"cannot write to output folder {out_dir}: {exc.strerror or exc}; "
                          f"{what_to_do(exc)}.") from exc


def _generation_number(path: Path) -> int:
    suffix = path.name[len(_GENERATION_PREFIX):]
    return int(suffix) if suffix.isdigit() else 0


def _new_generation(state: Path) -> Path:
    """A new, empty generation folder, numbered after every one there."""
    state.mkdir(exist_ok=True)
    number = max(map(_generation_number, state.glob(f"{_GENERATION_PREFIX}*")), default=0)
    while True:
        number += 1
        try:
            (state / f"{_GENERATION_PREFIX}{number}").mkdir()
        except FileExistsError:
            continue
        return state / f"{_GENERATION_PREFIX}{number}"


def _point(link: Path, target: str) -> None:
    """Make ``link`` a symlink to ``target`` in one atomic rename (readers see the old or the new)."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def current_generation(out_dir: Path) -> Path | None:
    """The generation folder ``OUT/tables`` points at, if any."""
    link = out_dir / TABLES_LINK
    return (out_dir / os.readlink(link)) if link.is_symlink() else None


class TableSink:
    """Streams rows of every table into staged Parquet files; ``commit`` puts them all in place.

    Use as a context manager: leaving it by an exception (or never committing) removes the
    staged files and leaves the previous tables untouched.
    """

    def __init__(self, out_dir: Path, row_group_rows: int = ROW_GROUP_ROWS) -> None:
        prepare_out_dir(out_dir)
        self.out_dir = out_dir
        self.row_group_rows = row_group_rows
        self.staging: Path | None = _new_generation(out_dir / STATE_DIR)
        self._rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
        self._chunks: dict[str, list[pa.Table]] = {name: [] for name in SCHEMAS}
        self._chunked: dict[str, list[int]] = {name: [0, 0] for name in SCHEMAS}  # rows, bytes in chunks
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.counts: dict[str, int] = dict.fromkeys(SCHEMAS, 0)

    def __enter__(self) -> TableSink:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.abort()

    def add(self, tables: dict[str, list[dict] | pa.Table]) -> None:
        """Append rows (dicts, or an Arrow table with the table's schema) to each named table."""
        for name, rows in tables.items():
            if isinstance(rows, pa.Table):
                self._to_arrow(name)  # rows added before stay before
                self._chunk(name, rows)
            else:
                self._rows[name].extend(rows)
                if len(self._rows[name]) >= min(ARROW_CHUNK_ROWS, self.row_group_rows):
                    self._to_arrow(name)
            rows_chunked, bytes_chunked = self._chunked[name]
            if rows_chunked >= self.row_group_rows or bytes_chunked >= ROW_GROUP_BYTES:
                self._flush(name)

    def _chunk(self, name: str, table: pa.Table) -> None:
        chunks = self._chunks[name]
        chunks.append(table)
        self._chunked[name][0] += table.num_rows
        self._chunked[name][1] += table.get_total_buffer_size()
        if len(chunks) >= COMPACT_CHUNKS:  # one small table per document costs kilobytes each
            self._chunks[name] = [pa.concat_tables(chunks).combine_chunks()]

    def _to_arrow(self, name: str) -> None:
        if self._rows[name]:
            self._chunk(name, to_table(name, self._rows[name]))
            self._rows[name] = []

    def _flush(self, name: str) -> None:
        self._to_arrow(name)
        if not self._chunks[name]:
            return
        table = pa.concat_tables(self._chunks[name])
        writer = self._writers.get(name)
        if writer is None:
            writer = self._writers[name] = pq.ParquetWriter(self.staging / f"{name}.parquet", SCHEMAS[name],
                                                            compression="zstd")
        writer.write_table(table, row_group_size=self.row_group_rows)
        self.counts[name] += table.num_rows
        self._chunks[name] = []
        self._chunked[name] = [0, 0]
        pa.default_memory_pool().release_unused()  # else the allocator keeps every flushed group's pages

    def commit(self) -> dict[str, int]:
        """Finish every table and switch ``OUT/tables`` to them; returns rows per table."""
        for name in SCHEMAS:
            self._flush(name)
            writer = self._writers.pop(name, None)
            if writer is None:
                pq.write_table(SCHEMAS[name].empty_table(), self.staging / f"{name}.parquet", compression="zstd")
            else:
                writer.close()
        previous = current_generation(self.out_dir)
        _point(self.out_dir / TABLES_LINK, os.path.relpath(self.staging, self.out_dir))
        current, self.staging = self.staging, None
        for name in SCHEMAS:  # in place once; tables of a version before generations are replaced here
            _point(self.out_dir / f"{name}.parquet", f"{TABLES_LINK}/{name}.parquet")
        keep = {current.name, previous.name if previous else None}
        for generation in current.parent.glob(f"{_GENERATION_PREFIX}*"):
            if generation.name not in keep:  # older ones, and those killed runs were writing
                shutil.rmtree(generation, ignore_errors=True)
        return dict(self.counts)

    def abort(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


def write_tables(out_dir: Path, rows_by_table: dict[str, list[dict]]) -> dict[str, int]:
    """Write every table of the contract from rows in memory; returns rows written per table."""
    with TableSink(out_dir) as sink:
        sink.add(rows_by_table)
        return sink.commit()

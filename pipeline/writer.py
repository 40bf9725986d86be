"""Write stage: rows -> one Parquet file per table, typed by its explicit schema, atomically.

Every table of the contract is written, with its full schema also when it has no rows. Each
file is written to a temporary name in the output folder and renamed over the old one, so an
interrupted run leaves the previous table intact and readable.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schemas import SCHEMAS


class OutputError(Exception):
    """The output folder cannot be written."""


def to_table(name: str, rows: Iterable[dict]) -> pa.Table:
    schema = SCHEMAS[name]
    rows = list(rows)
    unknown = {k for row in rows for k in row} - set(schema.names)
    if unknown:
        raise ValueError(f"table {name}: columns {sorted(unknown)} are not in its schema")
    return pa.Table.from_pylist(rows, schema=schema)


def write_table(out_dir: Path, name: str, table: pa.Table) -> Path:
    target = out_dir / f"{name}.parquet"
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def prepare_out_dir(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out_dir, prefix=".probe.", delete=True)
        probe.close()
    except OSError as exc:
        raise OutputError(f"cannot write to output folder {out_dir}: {exc.strerror or exc}; "
                          "choose another --out or fix its permissions.") from exc


def write_tables(out_dir: Path, rows_by_table: dict[str, list[dict]]) -> dict[str, int]:
    """Write every table of the contract; returns rows written per table."""
    prepare_out_dir(out_dir)
    counts = {}
    for name in SCHEMAS:
        table = to_table(name, rows_by_table.get(name, []))
        write_table(out_dir, name, table)
        counts[name] = table.num_rows
    return counts

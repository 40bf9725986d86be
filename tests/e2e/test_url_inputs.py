"""`thaiplan extract URL`: a folder named by an fsspec URL gives the tables of the same folder named by
its path, and an unchanged re-run reuses every document."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.schemas import SCHEMAS
from tests.conftest import SEEDS


def _rows(out) -> dict[str, list[dict]]:
    """Every table's rows, the input's name aside (a URL here, a path there)."""
    return {name: [{k: v for k, v in row.items() if k != "source_file"}
                   for row in pq.read_table(out / "tables" / f"{name}.parquet").to_pylist()] for name in SCHEMAS}


def test_a_folder_url_gives_the_tables_of_its_path(tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS[0].parent, inputs)
    url = f"file://{inputs}"
    runner = CliRunner()
    by_url = runner.invoke(cli, ["extract", url, "--out", str(tmp_path / "url")])
    by_path = runner.invoke(cli, ["extract", str(inputs), "--out", str(tmp_path / "path")])
    assert by_url.exit_code == by_path.exit_code == 0, by_url.output
    assert _rows(tmp_path / "url") == _rows(tmp_path / "path")
    documents = pq.read_table(tmp_path / "url" / "tables" / "documents.parquet").column("source_file").to_pylist()
    assert sorted(documents) == [f"{url}/{seed.name}" for seed in SEEDS]
    again = runner.invoke(cli, ["extract", url, "--out", str(tmp_path / "url")])
    assert f"0 extracted, {len(SEEDS)} unchanged" in again.output


def test_a_url_that_cannot_be_read_is_an_errors_row_and_the_others_come_out(tmp_path):
    result = CliRunner().invoke(cli, ["extract", "dropbox://plans/001.txt", str(SEEDS[0]), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    errors = pq.read_table(tmp_path / "out" / "tables" / "errors.parquet").to_pylist()
    assert [(e["source_file"], e["error_type"]) for e in errors] == [("dropbox://plans/001.txt", "missing_filesystem")]
    assert pq.read_table(tmp_path / "out" / "tables" / "documents.parquet").num_rows == 1

"""Writing the tables: every table with its schema, typed, streamed, and replaced all at once."""

import pyarrow.parquet as pq
import pytest

from pipeline.schemas import SCHEMAS
from pipeline.writer import TableSink, to_table, write_tables

ROW = {"doc_id": "d" * 64, "project_no": 1, "dimension_no": 1, "fiscal_year_be": 2566, "amount_thb": 10000.0,
       "amount_text": "10,000", "no_budget": False, "confidence": 0.95, "source_line": 3, "page": None}


def test_every_table_of_the_contract_is_written_with_its_schema_even_when_empty(tmp_path):
    counts = write_tables(tmp_path, {"budget_lines": [ROW]})
    assert counts["budget_lines"] == 1 and counts["risks"] == 0
    for name, schema in SCHEMAS.items():
        assert pq.read_schema(tmp_path / f"{name}.parquet").remove_metadata() == schema.remove_metadata()


def test_a_column_outside_the_schema_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ValueError, match="not in its schema"):
        to_table("budget_lines", [{**ROW, "amount": 1}])


def test_a_write_that_fails_leaves_the_previous_tables_whole(tmp_path):
    write_tables(tmp_path, {"budget_lines": [ROW]})
    with pytest.raises(RuntimeError), TableSink(tmp_path) as sink:
        sink.add({"budget_lines": [{**ROW, "project_no": 2}]})
        raise RuntimeError("killed before commit")
    assert pq.read_table(tmp_path / "budget_lines.parquet")["project_no"].to_pylist() == [1]
    assert [p.name for p in (tmp_path / ".thaiplan").glob("tables-*")] == ["tables-1"]  # staging removed


def test_rows_are_streamed_in_bounded_row_groups(tmp_path):
    with TableSink(tmp_path, row_group_rows=100) as sink:
        for n in range(1, 451):
            sink.add({"budget_lines": [{**ROW, "project_no": n}]})
        counts = sink.commit()
    written = pq.ParquetFile(tmp_path / "budget_lines.parquet")
    assert counts["budget_lines"] == 450 and written.metadata.num_rows == 450
    assert max(written.metadata.row_group(i).num_rows for i in range(written.num_row_groups)) <= 100
    assert written.read()["project_no"].to_pylist() == list(range(1, 451))

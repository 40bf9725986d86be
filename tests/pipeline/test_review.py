"""`thaiplan review`: a CSV of low-confidence fields and failed checks with their source text."""

from __future__ import annotations

import codecs
import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.review import review_items
from pipeline.writer import write_tables
from tests.conftest import seed_path

DOC = "b" * 64


@pytest.fixture
def tables(tmp_path) -> Path:
    """Output of seed 000 with two scored budget fields and one failed subtotal check."""
    source = tmp_path / seed_path("000").name
    shutil.copy(seed_path("000"), source)
    out = tmp_path / "out"

    def field(project_no: int, confidence: float, line: int) -> dict:
        return {"doc_id": DOC, "table": "budget_lines", "row_key": f"project_no={project_no};fiscal_year_be=2566",
                "field": "amount_thb", "value": "30000.0", "confidence": confidence,
                "reason": "inferred from neighbouring rows", "source_line": line}

    write_tables(out, {
        "documents": [{"doc_id": DOC, "source_file": str(source), "status": "success"}],
        "field_confidence": [field(2, 0.4, 191), field(1, 0.6, 190), field(5, 0.95, 199)],
        "checks": [
            {"doc_id": DOC, "check": "dimension_subtotal", "subject": "dimension=4;fiscal_year_be=2566",
             "status": "fail", "expected": "30000", "observed": "50000", "severity": "error",
             "message": "stated subtotal differs from the sum of its rows", "source_line": 226},
            {"doc_id": DOC, "check": "dimension_subtotal", "subject": "dimension=1;fiscal_year_be=2566",
             "status": "pass", "expected": "55000", "observed": "55000", "severity": "info", "source_line": 199}],
    })
    return out


def read_csv(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8), "Excel needs the BOM to show Thai"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_review_lists_fields_below_threshold_and_failed_checks_with_source_text(tables):
    result = CliRunner().invoke(cli, ["review", str(tables)])
    assert result.exit_code == 0, result.output
    rows = read_csv(tables / "review.csv")
    assert [(r["table"], r["row_key"], r["source_line"]) for r in rows] == [
        ("budget_lines", "project_no=2;fiscal_year_be=2566", "191"),
        ("checks", "dimension=4;fiscal_year_be=2566", "226")]
    field, check = rows
    assert field["source_file"].endswith("000_a3c3a8c6921e455a.txt")
    assert (field["field"], field["value"], field["confidence"]) == ("amount_thb", "30000.0", "0.4")
    # the evidence line is marked, with its neighbours, as printed in the original file
    assert ">  191: \t\t\t๓๐,๐๐๐\t๓๐,๐๐๐" in field["source_text"]
    assert "  189: " in field["source_text"] and "  193: " in field["source_text"]
    assert check["field"] == "dimension_subtotal" and check["value"] == "50000"
    assert "expected 30000" in check["reason"] and "รวม\tจำนวน ๕ โครงการ" in check["source_text"]


def test_review_threshold_chooses_which_fields_are_listed(tables):
    fields = [i for i in review_items(tables, threshold=0.9) if i.table != "checks"]
    assert [i.confidence for i in fields] == [0.6, 0.4]  # in source line order


def test_review_says_when_the_source_file_is_gone(tables, tmp_path):
    (tmp_path / seed_path("000").name).unlink()
    items = review_items(tables)
    assert items and all("source file is gone" in i.source_text for i in items)


def test_review_to_stdout_and_a_folder_without_tables_is_explained(tables, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["review", str(tables), "--threshold", "0.3", "--out", "-"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("source_file,table,row_key")
    assert len(list(csv.reader(io.StringIO(result.output)))) == 2  # header + the failed check
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(cli, ["review", str(empty)])
    assert result.exit_code == 1 and "thaiplan extract" in result.output

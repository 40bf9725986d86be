"""The tables stage locates each table structure once; later stages read the zones it found."""

import pytest

from extractors import budget_table, ita_measures, performance_report, risk_table
from pipeline.stages import tables
from tests.conftest import seed_norm


def test_each_table_kind_is_located_by_its_own_module():
    norm = seed_norm("001")
    zones = tables(norm).artefacts["tables"]
    assert zones == {"budget_table": budget_table.locate(norm.lines),
                     "measures_table": ita_measures.locate(norm.lines),
                     "report_table": performance_report.locate(norm.lines),
                     "risk_table": risk_table.locate(norm.lines)}
    assert len(zones["budget_table"]) == 1 and len(zones["risk_table"]) == 2


def test_each_table_zone_is_one_segments_row(extracted):
    import pandas as pd

    segments = pd.read_parquet(extracted / "segments.parquet")
    zones = segments[segments.kind.isin(["budget_table", "measures_table", "report_table", "risk_table"])]
    assert not zones.duplicated(["doc_id", "kind", "start_line", "end_line"]).any()
    assert set(zones.kind) == {"budget_table", "measures_table", "report_table", "risk_table"}


@pytest.mark.parametrize("skipped", ["tables", "budget_table_read"])
def test_table_extractors_still_run_when_the_stage_that_finds_or_reads_tables_is_skipped(tmp_path, skipped):
    import pandas as pd
    from click.testing import CliRunner

    from pipeline.cli import cli
    from tests.conftest import RAW

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["extract", str(RAW), "--out", str(out), "--skip", skipped, "--quiet"])
    assert result.exit_code == 0, result.output
    rows = {t: len(pd.read_parquet(out / f"{t}.parquet"))
            for t in ("dimensions", "missions", "projects", "ita_measures", "report_items", "risks")}
    assert rows == {"dimensions": 13, "missions": 67, "projects": 83, "ita_measures": 10, "report_items": 20, "risks": 7}


def test_a_document_s_budget_table_is_read_once_for_the_dimensions_and_the_budget_stages(monkeypatch):
    from extractors.budget_table import extract
    from pipeline.document import run_stages
    from pipeline.ingest import read_document
    from pipeline.stages import all_stages
    from tests.conftest import seed_path

    assembled = []
    assemble = extract.assemble
    monkeypatch.setattr(extract, "assemble", lambda lines, segment, years: assembled.append(segment)
                        or assemble(lines, segment, years))
    _, records, errors = run_stages(read_document(str(seed_path("001"))), all_stages())
    assert errors == [] and len(assembled) == 1
    assert {"dimensions", "projects", "budget_lines"} <= {r.table for r in records}

"""The README's worked queries run as printed against a real extraction of data/raw."""

import re

import duckdb
import pandas as pd
import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


@pytest.fixture()
def readme_cwd(extracted, tmp_path, monkeypatch):
    """A folder where the README's relative path data/processed holds the extracted tables."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "processed").symlink_to(extracted, target_is_directory=True)
    monkeypatch.chdir(tmp_path)


def test_readme_duckdb_queries_run_on_the_extracted_tables(readme_cwd):
    queries = _blocks("sql")
    assert queries, "README lost its DuckDB examples"
    results = [duckdb.sql(q).df() for q in queries]
    per_dimension = results[0]
    assert list(per_dimension.columns) == ["organization", "dimension_no", "fiscal_year_be", "budget_thb"]
    # Seed 000 budgets 55,000 a year in dimension 1 (gold); the query must show it.
    row = per_dimension[(per_dimension.organization == "เทศบาลตำบลคลองแสนแสบ") & (per_dimension.dimension_no == 1)
                        & (per_dimension.fiscal_year_be == 2566)]
    assert row.budget_thb.tolist() == [55000.0]


def test_readme_pandas_example_runs(readme_cwd):
    code = _blocks("python")[0]
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the README's own example
    per_dim = namespace["per_dim"]
    assert isinstance(per_dim, pd.Series)
    assert per_dim.loc[("เทศบาลตำบลคลองแสนแสบ", 1, 2566)] == 55000.0

import pandas as pd
import pyarrow.parquet as pq
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.schemas import SCHEMAS
from tests.conftest import RAW, SEEDS, seed_path


def test_extract_writes_every_contract_table_with_its_schema(extracted):
    for name, schema in SCHEMAS.items():
        table = pq.read_table(extracted / f"{name}.parquet")
        assert table.schema.equals(schema, check_metadata=False), name


def test_documents_has_one_row_per_seed_with_provenance(extracted):
    docs = pd.read_parquet(extracted / "documents.parquet")
    assert len(docs) == len(SEEDS) == 5
    assert set(docs.source_file.map(lambda p: p.rsplit("/", 1)[-1])) == {p.name for p in SEEDS}
    assert docs.doc_id.str.fullmatch(r"[0-9a-f]{64}").all()
    assert (docs.encoding == "utf-8").all()
    assert (docs.n_chars > 1000).all()


def test_one_bad_file_is_an_error_row_and_the_batch_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_bytes((RAW / SEEDS[2].name).read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", str(inputs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output
    errors = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert list(errors.error_type) == ["empty_file"]
    assert len(pd.read_parquet(tmp_path / "out" / "documents.parquet")) == 1


def test_unknown_stage_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(RAW), "--out", str(tmp_path), "--stages", "nope"])
    assert result.exit_code == 2
    assert "unknown stage" in result.output


def test_readme_data_dictionary_is_generated_from_the_schemas():
    from pipeline.docs import render_readme
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render_readme(readme) == readme, "README's data dictionary is stale: run `make docs`"


def test_stages_lists_every_stage_with_what_it_requires_uses_and_assigns():
    result = CliRunner().invoke(cli, ["stages"])
    assert result.exit_code == 0
    budget = next(line for line in result.output.splitlines() if line.startswith("budget_table "))
    assert "requires norm" in budget and "assigns projects, budget_lines" in budget
    assert "uses budget_tables, cards, dimensions, plan_period" in budget
    names = [line.split()[0] for line in result.output.splitlines() if line and not line.startswith(" ")]
    assert names.index("project_cards") < names.index("budget_table") < names.index("card_links")


def test_extracting_only_budget_table_gives_the_budget_lines_of_a_full_run(tmp_path, extracted):
    seed = seed_path("000")
    result = CliRunner().invoke(cli, ["extract", str(seed), "--out", str(tmp_path), "--stages", "budget_table", "-q"])
    assert result.exit_code == 0, result.output
    only = pd.read_parquet(tmp_path / "budget_lines.parquet")
    full = pd.read_parquet(extracted / "budget_lines.parquet")
    full = full[full.doc_id.isin(only.doc_id)].reset_index(drop=True)
    assert len(only) > 100
    pd.testing.assert_frame_equal(only, full)


def test_a_row_s_confidence_is_the_lowest_confidence_of_the_fields_it_stands_for(extracted):
    """budget_lines.confidence is amount_thb's confidence; projects.confidence the lowest of title,
    dimension and mission: one rule, so the row and field_confidence never disagree."""
    fields = pd.read_parquet(extracted / "field_confidence.parquet")
    for table, stands_for in (("budget_lines", ["amount_thb"]), ("projects", ["title", "dimension_no", "mission_code"])):
        rows = pd.read_parquet(extracted / f"{table}.parquet")
        keys = ["project_no", "fiscal_year_be"] if table == "budget_lines" else ["project_no"]
        rows["row_key"] = rows.apply(lambda r: ";".join(f"{k}={r[k]}" for k in keys), axis=1)
        lowest = (fields[(fields.table == table) & fields.field.isin(stands_for)]
                  .groupby(["doc_id", "row_key"]).confidence.min().rename("lowest"))
        joined = rows.join(lowest, on=["doc_id", "row_key"])
        assert len(joined) and (joined.confidence == joined.lowest).all()

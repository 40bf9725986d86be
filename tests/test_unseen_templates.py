"""Documents no extractor was tuned on: an older 4-year (2561-2564) plan in Arabic digits, of an
อบต. whose dimension names follow the older template. Its gold file was written by hand from the
document, in the format of ../shared/gold, so these tests measure generalisation, not recall of
the seeds.
"""

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.evaluate import evaluate

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"


@pytest.fixture(scope="module")
def unseen_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("unseen")
    result = CliRunner().invoke(cli, ["extract", str(UNSEEN), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_unseen_four_year_plan_matches_its_gold_field_by_field(unseen_out):
    result = evaluate(unseen_out, UNSEEN)
    assert not result.not_extracted
    misses = [f"{m.table} {m.row_key} {m.field}: expected {m.expected!r}, got {m.got!r}" for m in result.misses]
    assert result.overall.accuracy >= 0.99, "\n".join(misses)
    assert set(result.tables) >= {"documents", "announcements", "dimensions", "missions", "projects",
                                  "budget_lines", "budget_totals", "project_cards"}


def test_unseen_plan_fields_of_high_confidence_are_right(unseen_out):
    high = evaluate(unseen_out, UNSEEN).calibration()[">= 0.9"]
    assert high.fields > 200
    assert high.accuracy >= 0.99


def test_a_plan_that_adds_up_raises_no_failed_check(unseen_out):
    checks = pd.read_parquet(unseen_out / "checks.parquet")
    failed = checks[checks.status == "fail"]
    assert failed.empty, failed[["check", "subject", "expected", "observed"]].to_string()

"""Documents no extractor was tuned on, each with a gold file written by hand from the document in
the format of ../shared/gold, so these tests measure generalisation, not recall of the seeds:

- ``4year_plan_arabic``: an older 4-year (2561-2564) plan of an อบต. in Arabic digits, whose
  dimension names follow the older template;
- ``ita_measures_markdown``: a เทศบาลเมือง's ITA measures in Thai digits, printed by another OCR
  engine as a markdown table with "- " bullet cells, one row continued across a page break;
- ``report_pao_arabic``: an อบจ.'s performance report in Arabic digits: status columns, dimension
  headings and a total printed with an empty ลำดับ cell, a breakdown per มิติ, a summary sentence;
- ``5year_plan_lost_tabs``: an excerpt of a เทศบาลตำบล's 5-year plan in Thai digits whose OCR lost
  some tabs: a foreword, two projects in one budget-table cell, a subtotal that does not add up,
  cards whose ลำดับที่ restarts under each mission;
- ``risk_nacc_necessity_thai``: an อบต.'s risk assessment in Thai digits on the ป.ป.ช. template,
  necessity to watch x severity (1-3 each), rows numbered in the first text cell, a cell wrapping
  onto a line without tabs, a page break, a total that is not the product;
- ``risk_likelihood_impact_markdown``: a เทศบาลตำบล's โอกาส x ผลกระทบ table in markdown without
  any numbering, the score printed with its level word, a process cell wrapping onto a row of its own.

A miss in a module another helper owns is marked ``xfail(strict=True)`` with the miss named, so
the mark fails (and must go) once the module reads the document right.
"""

from pathlib import Path

import pandas as pd
import pytest

from pipeline.evaluate import Evaluation, evaluate
from tests.conftest import UNSEEN, extract_folder

FIXTURES = sorted(p.name.removesuffix(".gold.json") for p in UNSEEN.glob("*.gold.json"))
PLAN_YEARS = range(2566, 2571)

# The tables each document's gold scores.
TABLES = {
    "4year_plan_arabic": {"documents", "announcements", "dimensions", "missions", "projects", "budget_lines",
                          "budget_totals", "project_cards"},
    "ita_measures_markdown": {"documents", "announcements", "ita_measures"},
    "report_pao_arabic": {"documents", "dimensions", "report_items", "report_summary"},
    "5year_plan_lost_tabs": {"documents", "dimensions", "missions", "projects", "budget_lines", "budget_totals",
                             "project_cards"},
    "risk_nacc_necessity_thai": {"documents", "risks"},
    "risk_likelihood_impact_markdown": {"documents", "risks"},
}
# Failed checks each document should raise, (check, subject): its gold's source_inconsistencies.
EXPECTED_FAILED = {
    "4year_plan_arabic": set(),
    "ita_measures_markdown": set(),
    "report_pao_arabic": set(),
    "5year_plan_lost_tabs": {
        *{("budget_subtotal", f"dimension=1;fiscal_year_be={y}") for y in PLAN_YEARS},
        *{("budget_grand_total_vs_subtotals", f"fiscal_year_be={y}") for y in PLAN_YEARS},
        *{("project_has_card", f"project_no={n}") for n in range(5, 10)},
        ("project_has_card", "document"),
    },
    "risk_nacc_necessity_thai": {("risk_score", "seq=5")},
    "risk_likelihood_impact_markdown": set(),
}

@pytest.fixture(scope="module")
def unseen_out(tmp_path_factory) -> Path:
    return extract_folder(UNSEEN, tmp_path_factory.mktemp("unseen"))


@pytest.fixture(scope="module")
def evaluation(unseen_out) -> Evaluation:
    return evaluate(unseen_out, UNSEEN)


@pytest.fixture(scope="module")
def failed_checks(unseen_out) -> dict[str, set[tuple[str, str]]]:
    checks = pd.read_parquet(unseen_out / "checks.parquet")
    documents = pd.read_parquet(unseen_out / "documents.parquet")
    stems = {row.doc_id: Path(row.source_file).stem for row in documents.itertuples()}
    failed = checks[checks.status == "fail"]
    found: dict[str, set[tuple[str, str]]] = {stem: set() for stem in FIXTURES}
    for row in failed.itertuples():
        found[stems[row.doc_id]].add((row.check, row.subject))
    return found


def test_every_unseen_document_is_extracted_and_scored(evaluation):
    assert FIXTURES == sorted(TABLES)
    assert not evaluation.not_extracted
    assert {d.doc: d.status for d in evaluation.documents} == {stem: "scored" for stem in FIXTURES}


@pytest.mark.parametrize("stem", FIXTURES)
def test_unseen_document_matches_its_gold_field_by_field(evaluation, stem):
    results = [r for r in evaluation.results if r.doc == stem]
    assert {r.table for r in results} == TABLES[stem]
    misses = [f"{r.table} {r.row_key} {r.field}: expected {r.expected!r}, got {r.got!r}" for r in results if not r.right]
    assert sum(r.right for r in results) / len(results) == 1.0, "\n".join(misses)


@pytest.mark.parametrize("stem", FIXTURES)
def test_unseen_fields_of_high_confidence_are_right(evaluation, stem):
    high = [r for r in evaluation.results if r.doc == stem and r.confidence is not None and r.confidence >= 0.9]
    wrong = [f"{r.table} {r.row_key} {r.field}: expected {r.expected!r}, got {r.got!r}" for r in high if not r.right]
    assert len(high) >= 30
    assert (len(high) - len(wrong)) / len(high) >= 0.99, "\n".join(wrong)


@pytest.mark.parametrize("stem", FIXTURES)
def test_inconsistencies_the_gold_lists_are_failed_checks(failed_checks, stem):
    assert EXPECTED_FAILED[stem] <= failed_checks[stem], sorted(EXPECTED_FAILED[stem] - failed_checks[stem])


@pytest.mark.parametrize("stem", FIXTURES)
def test_no_check_fails_that_the_document_does_not_deserve(failed_checks, stem):
    unexpected = failed_checks[stem] - EXPECTED_FAILED[stem]
    assert not unexpected, sorted(unexpected)

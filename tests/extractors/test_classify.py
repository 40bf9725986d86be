"""Document type from structure, never from the file name."""

import pytest

from extractors import budget_table, project_card
from extractors.classify import DOC_TYPES, classify
from tests.conftest import seed_norm
from tests.extractors.test_segment import older_plan


@pytest.mark.parametrize("prefix, doc_type", [
    ("000", "action_plan"), ("001", "action_plan"), ("002", "ita_measures"),
    ("003", "project_details"), ("004", "performance_report"),
])
def test_doc_type_of_each_seed(prefix, doc_type):
    record = classify(seed_norm(prefix).lines)
    assert record.values["doc_type"] == doc_type in DOC_TYPES
    assert record.scores["doc_type"].confidence >= 0.85


def test_plan_with_project_cards_keeps_its_main_type():
    # Seed 001 carries 58 project cards and an appendix, but its title and budget table make it a plan.
    record = classify(seed_norm("001").lines)
    assert record.values["doc_type"] == "action_plan"
    assert "project cards" in record.scores["doc_type"].reason


def test_cards_without_plan_title_or_budget_table_are_project_details():
    lines = seed_norm("003").lines[:60]
    assert classify(lines).values["doc_type"] == "project_details"


def test_report_that_names_the_plan_in_its_title_is_a_report():
    lines = ["รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต", "และประพฤติมิชอบ",
             "องค์การบริหารส่วนตำบลบางเตย ประจำปีงบประมาณ พ.ศ. 2567"]
    assert classify(lines).values["doc_type"] == "performance_report"


def test_older_four_year_plan_is_an_action_plan():
    record = classify(older_plan().lines)
    assert record.values["doc_type"] == "action_plan"
    assert record.scores["doc_type"].confidence >= 0.9


def test_text_without_structure_is_unknown_with_low_confidence():
    record = classify(["สถิติผู้เยี่ยมชม", "วันนี้\t211", "Your IP: 1.2.149.220"])
    assert record.values["doc_type"] == "unknown"
    assert record.scores["doc_type"].confidence < 0.5


def test_documents_table_carries_doc_type_and_its_confidence(extracted):
    import pandas as pd

    documents = pd.read_parquet(extracted / "documents.parquet")
    by_prefix = {name.rsplit("/", 1)[-1][:3]: t for name, t in zip(documents.source_file, documents.doc_type)}
    assert by_prefix == {"000": "action_plan", "001": "action_plan", "002": "ita_measures",
                         "003": "project_details", "004": "performance_report"}
    scores = pd.read_parquet(extracted / "field_confidence.parquet")
    assert len(scores[(scores.table == "documents") & (scores.field == "doc_type")]) == 5


def test_table_evidence_comes_from_the_zones_given():
    lines = seed_norm("000").lines
    zones = {"budget_table": budget_table.locate(lines), "measures_table": [], "report_table": []}
    assert classify(lines, zones).scores == classify(lines).scores
    no_tables = classify(lines, {kind: [] for kind in zones})
    assert "budget table" not in no_tables.scores["doc_type"].reason


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_card_evidence_counts_the_cards_the_card_extractor_locates(prefix):
    lines = seed_norm(prefix).lines
    assert f"project cards ({len(project_card.locate(lines))})" in classify(lines).scores["doc_type"].reason

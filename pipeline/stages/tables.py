"""Table zones: each table structure located once per document, for every stage that reads one."""

from extractors import budget_table, ita_measures, performance_report, risk_table
from extractors.thai.normalise import NormalisedText
from pipeline.registry import StageOutput, segment_records, stage

# Segment kind -> the locator of the structure module that owns its patterns.
LOCATORS = {
    "budget_table": budget_table.locate,
    "measures_table": ita_measures.locate,
    "report_table": performance_report.locate,
    "risk_table": risk_table.locate,
}


@stage("tables", requires=("norm",), assigns=("tables",))
def tables(norm: NormalisedText) -> StageOutput:
    """Budget, ITA measures, performance report and risk tables: where each one is (segments by kind)."""
    zones = {kind: locate(norm.lines) for kind, locate in LOCATORS.items()}
    return StageOutput(records=segment_records((s for found in zones.values() for s in found), norm),
                       artefacts={"tables": zones})

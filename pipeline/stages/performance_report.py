from extractors.thai.normalise import NormalisedText
from extractors.performance_report import extract_performance_report
from extractors.records import Segment
from pipeline.registry import StageOutput, stage


@stage("performance_report", requires=("norm",), uses=("tables",))
def performance_report(norm: NormalisedText, tables: dict[str, list[Segment]] | None) -> StageOutput:
    """Performance reports: summary and detailed tables merged per item, and the report's own counts."""
    return StageOutput(records=extract_performance_report(norm.lines, tables["report_table"] if tables else None))

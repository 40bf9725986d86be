from extractors.normalise import NormalisedText
from extractors.performance_report import extract_performance_report, locate
from pipeline.registry import StageOutput, segment_records, stage


@stage("performance_report", requires=("norm",))
def performance_report(norm: NormalisedText) -> StageOutput:
    """Performance reports: summary and detailed tables merged per item, and the report's own counts."""
    return StageOutput(records=[*segment_records(locate(norm.lines), norm), *extract_performance_report(norm.lines)])

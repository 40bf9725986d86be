from extractors.ita_measures import extract_ita_measures, locate
from extractors.normalise import NormalisedText
from pipeline.registry import StageOutput, segment_records, stage


@stage("ita_measures", requires=("norm",))
def ita_measures(norm: NormalisedText) -> StageOutput:
    """ITA measures tables: measure, steps, responsible units, period and results per row."""
    return StageOutput(records=[*segment_records(locate(norm.lines), norm), *extract_ita_measures(norm.lines)])

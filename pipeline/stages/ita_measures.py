from extractors.ita_measures import extract_ita_measures
from extractors.thai.normalise import NormalisedText
from extractors.records import Segment
from pipeline.registry import StageOutput, stage


@stage("ita_measures", requires=("norm",), uses=("tables",))
def ita_measures(norm: NormalisedText, tables: dict[str, list[Segment]] | None) -> StageOutput:
    """ITA measures tables: measure, steps, responsible units, period and results per row."""
    return StageOutput(records=extract_ita_measures(norm.lines, tables["measures_table"] if tables else None))

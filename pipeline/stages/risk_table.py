from extractors.thai.normalise import NormalisedText
from extractors.records import Segment
from extractors.risk_table import extract_risks
from pipeline.registry import StageOutput, stage


@stage("risk_table", requires=("norm",), uses=("tables",))
def risk_table(norm: NormalisedText, tables: dict[str, list[Segment]] | None) -> StageOutput:
    """Risk assessment joined with the risk control plan: likelihood, impact, score, control measure."""
    return StageOutput(records=extract_risks(norm.lines, tables["risk_table"] if tables else None))

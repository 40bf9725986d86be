from extractors.normalise import NormalisedText
from extractors.risk_table import extract_risks, locate
from pipeline.registry import StageOutput, segment_records, stage


@stage("risk_table", requires=("norm",))
def risk_table(norm: NormalisedText) -> StageOutput:
    """Risk assessment joined with the risk control plan: likelihood, impact, score, control measure."""
    return StageOutput(records=[*segment_records(locate(norm.lines), norm), *extract_risks(norm.lines)])

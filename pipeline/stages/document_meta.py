from extractors.document_meta import extract
from extractors.thai.normalise import NormalisedText
from extractors.records import Segment
from pipeline.registry import StageOutput, stage


@stage("document_meta", requires=("norm", "outline"), assigns=("plan_period",), uses=("doc_type",))
def document_meta(norm: NormalisedText, outline: list[Segment], doc_type: str | None) -> StageOutput:
    """Organisation, its type, district and province; plan period or fiscal year."""
    records, period = extract(norm.lines, outline, doc_type)
    return StageOutput(records=records, artefacts={"plan_period": period})

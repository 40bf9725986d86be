from extractors.classify import classify as classify_document
from extractors.thai.normalise import NormalisedText
from extractors.records import Segment
from pipeline.registry import StageOutput, stage


@stage("classify", requires=("norm",), assigns=("doc_type",), uses=("tables",))
def classify(norm: NormalisedText, tables: dict[str, list[Segment]] | None = None) -> StageOutput:
    """Document type (action_plan, ita_measures, project_details, performance_report) from its structure."""
    record = classify_document(norm.lines, tables)
    return StageOutput(records=[record], artefacts={"doc_type": record.values["doc_type"]})

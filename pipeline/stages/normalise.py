from extractors.thai.normalise import normalise_text
from pipeline.ingest import SourceDocument
from pipeline.registry import StageOutput, stage


@stage("normalise", requires=("source",), assigns=("norm",))
def normalise(source: SourceDocument) -> StageOutput:
    """Thai digits, NFC, sara am, HTML and markdown leftovers, whitespace; keeps a line map."""
    return StageOutput(artefacts={"norm": normalise_text(source.text, source.page_of_line)})

from extractors.thai.normalise import NormalisedText
from extractors.segment import locate
from pipeline.registry import StageOutput, segment_records, stage


@stage("segment", requires=("norm",), assigns=("outline",))
def segment(norm: NormalisedText) -> StageOutput:
    """Outline: cover, announcements, orders, foreword, table of contents, parts, appendix."""
    outline = locate(norm.lines, norm.page_starts)
    return StageOutput(records=segment_records(outline, norm), artefacts={"outline": outline})

from extractors import budget_table, dimension
from extractors.normalise import NormalisedText
from extractors.records import Segment
from pipeline.registry import StageOutput, segment_records, stage


@stage("dimensions", requires=("norm", "outline"), assigns=("headings", "dimensions"))
def dimensions(norm: NormalisedText, outline: list[Segment]) -> StageOutput:
    """Dimensions and missions: names, stated project counts, and their headings in the body."""
    found = dimension.extract(norm.lines, outline, budget_table.structure_cells(norm.lines))
    records = [*found.dimensions, *found.missions, *found.checks, *segment_records(found.segments, norm)]
    return StageOutput(records=records, artefacts={"headings": found.headings, "dimensions": found.dimensions})

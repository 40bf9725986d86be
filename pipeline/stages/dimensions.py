from extractors import budget_table, dimension
from extractors.thai.normalise import NormalisedText
from extractors.records import Segment
from pipeline.registry import StageOutput, segment_records, stage


@stage("dimensions", requires=("norm", "outline"), assigns=("headings", "dimensions"), uses=("tables",))
def dimensions(norm: NormalisedText, outline: list[Segment],
               tables: dict[str, list[Segment]] | None = None) -> StageOutput:
    """Dimensions and missions: names, stated project counts, and their headings in the body."""
    cells = budget_table.structure_cells(norm.lines, tables["budget_table"] if tables else None)
    found = dimension.extract(norm.lines, outline, cells)
    records = [*found.dimensions, *found.missions, *found.checks, *segment_records(found.segments, norm)]
    return StageOutput(records=records, artefacts={"headings": found.headings, "dimensions": found.dimensions})

from extractors import budget_table, dimension
from extractors.thai.normalise import NormalisedText
from extractors.records import Segment
from pipeline.registry import StageOutput, segment_records, stage


@stage("dimensions", requires=("norm", "outline"), assigns=("headings", "dimensions"), uses=("budget_tables",))
def dimensions(norm: NormalisedText, outline: list[Segment],
               budget_tables: list[budget_table.BudgetTable] | None = None) -> StageOutput:
    """Dimensions and missions: names, stated project counts, and their headings in the body."""
    if budget_tables is None:  # the budget_table_read stage failed or was not selected: read here
        budget_tables = budget_table.read(norm.lines)
    cells = budget_table.structure_cells(budget_tables)
    found = dimension.extract(norm.lines, outline, cells)
    records = [*found.dimensions, *found.missions, *found.checks, *segment_records(found.segments, norm)]
    return StageOutput(records=records, artefacts={"headings": found.headings, "dimensions": found.dimensions})

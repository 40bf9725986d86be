"""Budget table stage: the plan's budget summary table -> projects, budget_lines, budget_totals."""

from extractors.budget_table import extract_budget_table
from extractors.thai.normalise import NormalisedText
from extractors.records import Record, Segment
from pipeline.registry import StageOutput, stage


@stage("budget_table", requires=("norm",), uses=("tables", "cards", "dimensions", "plan_period"),
       assigns=("projects", "budget_lines"))
def budget_table(norm: NormalisedText, tables: dict[str, list[Segment]] | None, cards: list[Record] | None = None,
                 dimensions: list[Record] | None = None, plan_period: tuple[int, int] | None = None) -> StageOutput:
    """Projects and their yearly budgets from the budget summary table, with total and count checks."""
    zones = tables["budget_table"] if tables else None  # None: the tables stage failed; locate here
    records = extract_budget_table(norm.lines, zones, cards=cards, dimensions=dimensions, plan_period=plan_period)
    return StageOutput(
        records=records,
        artefacts={"projects": [r for r in records if r.table == "projects"],
                   "budget_lines": [r for r in records if r.table == "budget_lines"]},
    )

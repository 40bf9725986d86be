"""Budget table stage: the plan's budget summary table -> projects, budget_lines, budget_totals."""

from extractors.budget_table import BudgetTable, extract_budget_table, read
from extractors.thai.normalise import NormalisedText
from extractors.records import Record
from pipeline.registry import StageOutput, stage


@stage("budget_table", requires=("norm",), uses=("budget_tables", "cards", "dimensions", "plan_period"),
       assigns=("projects", "budget_lines"))
def budget_table(norm: NormalisedText, budget_tables: list[BudgetTable] | None, cards: list[Record] | None = None,
                 dimensions: list[Record] | None = None, plan_period: tuple[int, int] | None = None) -> StageOutput:
    """Projects and their yearly budgets from the budget summary table, with total and count checks."""
    if budget_tables is None:  # the budget_table_read stage failed or was not selected: read here
        budget_tables = read(norm.lines)
    records = extract_budget_table(budget_tables, cards=cards, dimensions=dimensions, plan_period=plan_period)
    return StageOutput(
        records=records,
        artefacts={"projects": [r for r in records if r.table == "projects"],
                   "budget_lines": [r for r in records if r.table == "budget_lines"]},
    )

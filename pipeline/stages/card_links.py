from extractors.card_links import link_cards
from extractors.records import Record
from pipeline.registry import StageOutput, stage


@stage("card_links", requires=("cards", "projects"), uses=("budget_lines",))
def card_links(cards: list[Record], projects: list[Record], budget_lines: list[Record] | None = None) -> StageOutput:
    """Link each card to its budget-table row (project_no) and check budgets and coverage both ways.

    Sets project_no on the card records project_cards emitted (rows are built after all stages).
    """
    return StageOutput(records=link_cards(cards, projects, budget_lines))

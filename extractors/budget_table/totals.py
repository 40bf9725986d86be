"""The table's total rows as evidence: subtotals that pick among a dimension's ambiguous readings,
and raise or lower the confidence of its amounts."""

from __future__ import annotations

import itertools

from extractors.budget_table.amounts import Reading, align
from extractors.budget_table.assemble import BudgetTable, Total
from extractors.budget_table.cards import card_verdict
from extractors.budget_table.cells import Cell, cells_of
from extractors.records import CROSS_FAIL, CROSS_OK, FAILED_CHECK
from extractors.thai.numbers import parse_amount


def stated_values(total: Total, n: int) -> tuple[list[str], float, str] | None:
    """The total's amount per year as printed, a misread one as repaired (``Total.repaired``)."""
    stated = align(total.line.tokens, n)
    if stated is None or not total.repaired:
        return stated
    return [total.repaired[y][0] if y in total.repaired else t for y, t in enumerate(stated[0])], *stated[1:]


def dimension_sums(table: BudgetTable, cells: dict[tuple[int, int], Cell]) -> dict[tuple[int | None, int], float]:
    sums: dict[tuple[int | None, int], float] = {}
    for group in table.groups:
        for project in group.projects:
            for year in table.years:
                sums[(project.dimension_no, year)] = sums.get((project.dimension_no, year), 0.0) \
                    + cells[(project.seq, year)].value
    return sums


def _subtotal_agrees(total: Total, sums: dict, years: list[int]) -> list[bool | None]:
    stated = stated_values(total, len(years))
    if stated is None:
        return [None] * len(years)
    return [abs((parse_amount(t).value or 0.0) - sums.get((total.dimension_no, y), 0.0)) < 0.5
            for t, y in zip(stated[0], years)]


def fit_subtotals(table: BudgetTable, readings: list[list[Reading]], choice: list[int], cards: dict,
                   subtotals: dict[int, Total], cells: dict) -> dict:
    """Where a dimension's subtotal disagrees, try the other readings of its ambiguous groups;
    keep the one combination that makes every year agree (and no card contradicts)."""
    for dimension_no, total in subtotals.items():
        if all(_subtotal_agrees(total, dimension_sums(table, cells), table.years)):
            continue
        open_groups = [k for k, g in enumerate(table.groups) if g.dimension_no == dimension_no and len(readings[k]) > 1]
        if not open_groups or len(open_groups) > 6:
            continue
        fits = []
        for combo in itertools.product(*(range(len(readings[k])) for k in open_groups)):
            trial = dict(cells)
            for k, r in zip(open_groups, combo):
                reading = readings[k][r]
                verdicts = [card_verdict(s, cards.get(p.seq))
                            for s, p in zip(reading.slots, table.groups[k].projects)]
                if False in verdicts and len(table.groups[k].projects) > 1:
                    break
                trial.update(cells_of(table.groups[k], reading, cards, table.years))
            else:
                if all(_subtotal_agrees(total, dimension_sums(table, trial), table.years)):
                    fits.append((combo, trial))
        if len(fits) == 1:
            combo, cells = fits[0]
            for k, r in zip(open_groups, combo):
                choice[k] = r
                for project in table.groups[k].projects:
                    for year in table.years:
                        cell = cells[(project.seq, year)]
                        cell.reason = f"{cell.reason}; {CROSS_OK}: the only reading that matches the dimension subtotal"
                        cell.confidence = max(cell.confidence, 0.75)
    return cells


def apply_subtotal_evidence(table: BudgetTable, subtotals: dict[int, Total], cells: dict) -> None:
    """Vouch for the amounts whose dimension subtotal agrees (or, a dimension printing none, whose
    grand total agrees with the rows), and raise those of multi-project cells; where it does not, the
    dimension's amounts are in a failed check and stay under 0.9 (``FAILED_CHECK``), unless the grand
    total agrees with the rows (then the subtotal is wrong). Where the grand total disagrees with the
    rows, so are the amounts of dimensions no agreeing subtotal vouches for."""
    sums = dimension_sums(table, cells)
    grand = next((t for t in table.totals if t.scope == "grand"), None)
    stated_grand = stated_values(grand, len(table.years)) if grand else None
    rows_fit_grand = {year: stated_grand is not None and abs(
        (parse_amount(stated_grand[0][y]).value or 0.0) - sum(v for (_, yr), v in sums.items() if yr == year)) < 0.5
        for y, year in enumerate(table.years)}
    vouched = {(dimension_no, year) for dimension_no, total in subtotals.items()
               for year, agrees in zip(table.years, _subtotal_agrees(total, sums, table.years)) if agrees}
    for group in table.groups:
        multi = len(group.projects) > 1
        total = subtotals.get(group.dimension_no)
        agrees = dict(zip(table.years, _subtotal_agrees(total, sums, table.years))) if total else {}
        for project in group.projects:
            for year in table.years:
                cell = cells[(project.seq, year)]
                cell.vouched = agrees.get(year) is True or (total is None and rows_fit_grand[year])
                if agrees.get(year) is True and multi and "subtotal" not in cell.reason:
                    cell.confidence = min(0.95, cell.confidence + (0.05 if cell.confidence >= 0.85 else 0.1))
                    cell.reason += f"; {CROSS_OK}: dimension subtotal"
                elif agrees.get(year) is False and rows_fit_grand[year]:
                    cell.reason += f"; dimension {group.dimension_no} subtotal differs but the grand total fits the rows"
                elif agrees.get(year) is False:
                    guessed = multi and cell.confidence < 0.9
                    cell.confidence = max(0.0, min(cell.confidence - (0.1 if guessed else 0.05), FAILED_CHECK))
                    cell.reason += f"; {CROSS_FAIL}: dimension {group.dimension_no} subtotal differs"
                elif stated_grand is not None and not rows_fit_grand[year] \
                        and (group.dimension_no, year) not in vouched:
                    cell.confidence = min(cell.confidence, FAILED_CHECK)
                    cell.reason += f"; {CROSS_FAIL}: the grand total differs from the rows"

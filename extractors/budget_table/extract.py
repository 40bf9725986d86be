"""The whole table: each budget table read, its structure for the dimensions, its records."""

from __future__ import annotations

from collections.abc import Iterator

from extractors import dimension
from extractors.budget_table.amounts import group_readings
from extractors.budget_table.assemble import BudgetTable, assemble
from extractors.budget_table.cards import match_cards
from extractors.budget_table.cells import Cell, cells_of, choose
from extractors.budget_table.checks import table_checks
from extractors.budget_table.locate import header_years, locate
from extractors.budget_table.records import line_records, project_records, total_records
from extractors.budget_table.totals import apply_subtotal_evidence, fit_subtotals
from extractors.records import Record, Segment, check


def _tables(lines: list[str], segments: list[Segment] | None) -> Iterator[tuple[Segment, BudgetTable]]:
    """Each table read (``segments`` from ``locate``; found here when not given)."""
    for segment in locate(lines) if segments is None else segments:
        years = header_years(lines[segment.start:segment.end + 1])
        if len(years) >= 2:
            yield segment, assemble(lines, segment, years)


def structure_cells(lines: list[str], segments: list[Segment] | None = None) -> dimension.TableCells:
    """The plan's structure as its budget table(s) print it, for ``dimension.extract``: dimension
    cells, mission cells, and each dimension's first subtotal row that states a project count."""
    found = dimension.TableCells()
    for _, table in _tables(lines, segments):
        for row in table.rows:
            if row.dimension is not None and row.dimension_name:
                found.dimensions.append((row.dimension, row.dimension_name, row.index))
            found.missions.extend((code, name, row.index) for code, name in row.missions())
        for total in table.totals:
            if total.scope == "dimension" and total.dimension_no is not None and total.count is not None:
                found.subtotals.setdefault(total.dimension_no, (total.count, total.line.index))
    return found


def extract_budget_table(lines: list[str], segments: list[Segment] | None = None, *,
                         cards: list[Record] | None = None, dimensions: list[Record] | None = None,
                         plan_period: tuple[int, int] | None = None) -> list[Record]:
    """Records of ``projects``, ``budget_lines``, ``budget_totals`` and ``checks`` for the budget
    table(s) in ``lines`` (``segments`` from ``locate``; found here when not given)."""
    records: list[Record] = []
    for segment, table in _tables(lines, segments):
        if not table.groups:
            records.append(check("budget_table_rows", f"line={segment.start + 1}", False, "project rows", 0,
                                 line=segment.start, message="a budget table header with no project rows below it"))
            continue
        records.extend(_table_records(table, cards, dimensions, plan_period))
    return records


def _table_records(table: BudgetTable, cards: list[Record] | None, dimensions: list[Record] | None,
                   plan_period: tuple[int, int] | None) -> list[Record]:
    years = table.years
    n = len(years)
    projects = [p for g in table.groups for p in g.projects]
    matched = match_cards(projects, cards)
    card_of = {no: card for no, (card, _) in matched.items()}
    readings = [group_readings(g, n) for g in table.groups]
    choice = [choose(g, r, card_of) for g, r in zip(table.groups, readings)]
    cells: dict[tuple[int, int], Cell] = {}
    for g, r, c in zip(table.groups, readings, choice):
        cells.update(cells_of(g, r[c], card_of, years))
    subtotals = {t.dimension_no: t for t in table.totals if t.scope == "dimension" and t.dimension_no is not None}
    cells = fit_subtotals(table, readings, choice, card_of, subtotals, cells)
    apply_subtotal_evidence(table, subtotals, cells)

    records: list[Record] = []
    records.extend(project_records(table, cells))
    records.extend(line_records(table, cells))
    records.extend(total_records(table, cells))
    records.extend(table_checks(table, cells, matched, dimensions, plan_period))
    return records

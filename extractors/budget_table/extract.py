"""The whole table: each budget table read once, then its structure for the dimensions and its records."""

from __future__ import annotations

from extractors import dimension
from extractors.budget_table.amounts import group_readings
from extractors.budget_table.assemble import BudgetTable, assemble
from extractors.budget_table.cells import Cell, cells_of, choose
from extractors.budget_table.checks import table_checks
from extractors.budget_table.locate import (
    header_years,
    locate,
    named_table,
    printed_years,
)
from extractors.budget_table.misreads import (
    doubt_lone_look_alikes,
    repair_misread_amounts,
)
from extractors.budget_table.records import line_records, project_records, total_records
from extractors.budget_table.totals import apply_subtotal_evidence, fit_subtotals
from extractors.card_links import CardMatch, match_cards
from extractors.records import Record, Segment, check


def read(lines: list[str], segments: list[Segment] | None = None) -> list[BudgetTable]:
    """Each budget table read once, its lines parsed and assembled (``segments`` from ``locate``;
    found here when not given), for ``structure_cells`` and ``extract_budget_table``."""
    tables = []
    for segment in locate(lines) if segments is None else segments:
        years = header_years(lines[segment.start:segment.end + 1])
        if len(years) >= 2:
            tables.append(assemble(lines, segment, years))
            tables[-1].printed_years = sorted(printed_years(lines[segment.start:segment.end + 1]))
    return tables


def structure_cells(tables: list[BudgetTable]) -> dimension.TableCells:
    """The plan's structure as its budget table(s) print it, for ``dimension.extract``: dimension
    cells, mission cells, and each dimension's first subtotal row that states a project count."""
    found = dimension.TableCells()
    for table in tables:
        for row in table.rows:
            if row.dimension is not None and row.dimension_name:
                found.dimensions.append((row.dimension, row.dimension_name, row.index))
            found.missions.extend((code, name, row.index) for code, name in row.missions())
        for total in table.totals:
            if total.scope == "dimension" and total.dimension_no is not None and total.count is not None:
                found.subtotals.setdefault(total.dimension_no, (total.count, total.line.index))
    return found


def card_matches(tables: list[BudgetTable], cards: list[Record] | None) -> dict[int, CardMatch]:
    """Card index -> its row among the projects of all ``tables`` in order (``card_links.match_cards``)."""
    rows = [(p.no, p.title) for table in tables for g in table.groups for p in g.projects]
    cards = cards or []
    return match_cards([c.values.get("title") for c in cards], [c.row_hint for c in cards], rows) if rows else {}


def extract_budget_table(tables: list[BudgetTable], *, cards: list[Record] | None = None,
                         matches: dict[int, CardMatch] | None = None, dimensions: list[Record] | None = None,
                         plan_period: tuple[int, int] | None = None, lines: list[str] | None = None) -> list[Record]:
    """Records of ``projects``, ``budget_lines``, ``budget_totals`` and ``checks`` for the budget
    table(s) ``read`` gives; ``matches`` (``card_matches``, made here when not given) say which card
    describes which row."""
    records: list[Record] = []
    named = named_table(lines) if lines is not None and not tables else None
    if named is not None:
        records.append(check("budget_table_rows", f"line={named + 1}", False, "budget lines", 0, line=named,
                             severity="error", message="the document names a budget table but no budget line "
                                                       "could be read from it"))
    if matches is None:
        matches = card_matches(tables, cards)
    card_of_row = {m.row: (cards[card], m.similarity) for card, m in matches.items()}
    first_row = 0
    for table in tables:
        if not table.groups:
            records.append(check("budget_table_rows", f"line={table.header_line + 1}", False, "project rows", 0,
                                 line=table.header_line, severity="error",
                                 message="a budget table header with no project rows below it"))
            continue
        n_rows = sum(len(g.projects) for g in table.groups)
        matched = {row - first_row: found for row, found in card_of_row.items() if first_row <= row < first_row + n_rows}
        records.extend(_table_records(table, matched, dimensions, plan_period))
        first_row += n_rows
    return records


def _table_records(table: BudgetTable, matched: dict[int, tuple[Record, float]], dimensions: list[Record] | None,
                   plan_period: tuple[int, int] | None) -> list[Record]:
    years = table.years
    n = len(years)
    card_of = {seq: card for seq, (card, _) in matched.items()}
    readings = [group_readings(g, n) for g in table.groups]
    choice = [choose(g, r, card_of) for g, r in zip(table.groups, readings)]
    cells: dict[tuple[int, int], Cell] = {}
    for g, r, c in zip(table.groups, readings, choice):
        cells.update(cells_of(g, r[c], card_of, years))
    subtotals = {t.dimension_no: t for t in table.totals if t.scope == "dimension" and t.dimension_no is not None}
    cells = fit_subtotals(table, readings, choice, card_of, subtotals, cells)
    repair_misread_amounts(table, cells, subtotals)
    apply_subtotal_evidence(table, subtotals, cells)
    doubt_lone_look_alikes(table, cells)

    records: list[Record] = []
    records.extend(project_records(table, cells))
    records.extend(line_records(table, cells))
    records.extend(total_records(table, cells))
    records.extend(table_checks(table, cells, matched, dimensions, plan_period))
    return records

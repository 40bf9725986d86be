"""Rows of ``projects``, ``budget_lines`` and ``budget_totals`` from a resolved table."""

from __future__ import annotations

from extractors.budget_table.amounts import align
from extractors.budget_table.assemble import NUMBERING_DOUBT, BudgetTable
from extractors.budget_table.misreads import MISREAD_CONFIDENCE
from extractors.budget_table.patterns import KIND, KIND_WORDS
from extractors.budget_table.totals import dimension_sums, stated_values
from extractors.records import CROSS_FAIL, EXACT, INFERRED, REPAIRED, WEAK, Record
from extractors.thai.numbers import parse_amount


def project_records(table: BudgetTable, cells: dict) -> list[Record]:
    records = []
    for group in table.groups:
        for project in group.projects:
            kind = KIND.match(project.title)
            record = Record("projects", {
                "project_no": project.no, "dimension_no": project.dimension_no,
                "mission_code": project.mission_code, "title": project.title,
                "kind": KIND_WORDS.first(kind.group(1), "fullmatch")[0] if kind else None,
                "responsible_unit": project.unit,
            }, project.line)
            record.score("project_no", *project.number_score)
            record.score("title", *project.title_score)
            record.score("dimension_no", *project.dimension_score)
            record.score("mission_code", *project.mission_score)
            record.score("kind", 0.95 if kind else 0.5, EXACT if kind else f"{WEAK}: title starts with no kind word")
            if KIND.repaired(kind):
                record.repaired("kind", "the kind word")
            if project.unit and len(group.projects) > 1:
                record.score("responsible_unit", 0.7,
                             f"{INFERRED}: one หมายเหตุ cell for {len(group.projects)} projects")
            else:
                record.score("responsible_unit", 0.9, EXACT if project.unit else f"{EXACT}: หมายเหตุ cell empty")
            records.append(record)
    return records


def line_records(table: BudgetTable, cells: dict) -> list[Record]:
    records = []
    for group in table.groups:
        for project in group.projects:
            for year in table.years:
                cell = cells[(project.seq, year)]
                amount = cell.amount
                record = Record("budget_lines", {
                    "project_no": project.no, "dimension_no": project.dimension_no, "fiscal_year_be": year,
                    "amount_thb": amount.value if amount else None, "amount_text": cell.text,
                    "no_budget": bool(amount and amount.no_budget)
                }, cell.line)
                record.score("amount_thb", cell.confidence, cell.reason)
                if cell.vouched:
                    record.vouched.add("amount_thb")
                if project.numbering_breaks:
                    record.score("amount_thb", min(cell.confidence, NUMBERING_DOUBT + 0.2),
                                 f"{cell.reason}; {CROSS_FAIL}: project number {project.no} breaks the numbering, "
                                 "so whose amount this is is in doubt")
                records.append(record)
    return records


def total_records(table: BudgetTable, cells: dict) -> list[Record]:
    sums = dimension_sums(table, cells)
    projects = [p for g in table.groups for p in g.projects]
    counted: dict[int | str | None, int] = {"grand": len(projects)}  # the rows each total counts
    for project in projects:
        counted[project.dimension_no] = counted.get(project.dimension_no, 0) + 1
    records = []
    for total in table.totals:
        stated = stated_values(total, len(table.years))
        printed = align(total.line.tokens, len(table.years))
        for y, year in enumerate(table.years):
            if total.scope == "grand":
                computed = sum(v for (d, yr), v in sums.items() if yr == year)
            else:
                computed = sums.get((total.dimension_no, year), 0.0)
            token = stated[0][y] if stated else None
            amount = parse_amount(token) if token else None
            record = Record("budget_totals", {
                "scope": total.scope, "dimension_no": total.dimension_no, "fiscal_year_be": year,
                "stated_amount_thb": amount.value if amount else None,
                "stated_amount_text": printed[0][y] if printed else None,
                "computed_amount_thb": computed, "stated_project_count": total.count,
            }, total.line.index)
            if total.count is not None:
                record.score("stated_project_count", 0.95, EXACT)
                rows = counted.get("grand" if total.scope == "grand" else total.dimension_no, 0)
                if total.count != rows:
                    record.check_failed("stated_project_count", f"the table has {rows} rows")
            if stated:
                record.score("stated_amount_thb", stated[1] if amount is None or amount.exact else 0.85, stated[2])
                if y in total.repaired:
                    record.score("stated_amount_thb", MISREAD_CONFIDENCE, f"{REPAIRED}: {total.repaired[y][1]}")
                elif abs((amount.value if amount and amount.value else 0.0) - computed) >= 0.5:
                    record.check_failed("stated_amount_thb", f"the rows sum to {computed:,.0f}")
                else:
                    record.vouched.add("stated_amount_thb")
            else:
                record.score("stated_amount_thb", 0.2, f"{WEAK}: {len(total.line.values)} values for "
                                                         f"{len(table.years)} years do not align")
            records.append(record)
    return records

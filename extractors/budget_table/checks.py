"""Rows of ``checks``: the table against itself (years, subtotals, grand total, counts, numbering,
alignment) and against the plan's other parts (plan period, introduction counts, card titles)."""

from __future__ import annotations

from extractors.budget_table.amounts import align
from extractors.budget_table.assemble import BudgetTable
from extractors.budget_table.cards import card_name
from extractors.budget_table.totals import dimension_sums, stated_values
from extractors.records import Record, check
from extractors.thai.numbers import parse_amount
from extractors.thai.titles import same_title


def _money(value: float | None) -> str | None:
    return None if value is None else f"{value:,.0f}"


def table_checks(table: BudgetTable, cells: dict, matched: dict, dimensions: list[Record] | None,
            plan_period: tuple[int, int] | None) -> list[Record]:
    out: list[Record] = []
    years = table.years
    sums = dimension_sums(table, cells)
    projects = [p for g in table.groups for p in g.projects]
    per_dimension: dict[int | None, int] = {}
    for project in projects:
        per_dimension[project.dimension_no] = per_dimension.get(project.dimension_no, 0) + 1

    expected_years = list(range(years[0], years[-1] + 1))
    misread = table.printed_years not in (None, years)
    out.append(check("budget_table_years", "header", years == expected_years, expected_years, years,
                     line=table.header_line, message="year columns of the header are consecutive" + (
                         f"; printed {table.printed_years}, a year read through a look-alike digit"
                         if misread else "")))
    if plan_period:
        period = list(range(plan_period[0], plan_period[1] + 1))
        out.append(check("budget_table_years", "plan_period", period == years, period, years,
                         line=table.header_line, message="the table's year columns cover the plan period"))

    subtotal_by_dim: dict[int, dict[int, float]] = {}
    for total in table.totals:
        stated = stated_values(total, len(years))
        label = "grand total" if total.scope == "grand" else f"dimension {total.dimension_no} subtotal"
        if total.scope == "dimension":
            subject = f"dimension={total.dimension_no}"
            if stated is None:
                out.append(check("budget_subtotal", subject, None, None, None, line=total.line.index,
                                 message=f"{label}: printed values do not align with the {len(years)} years"))
            for y, year in enumerate(years if stated else ()):
                value = parse_amount(stated[0][y]).value or 0.0
                subtotal_by_dim.setdefault(total.dimension_no, {})[year] = value
                computed = sums.get((total.dimension_no, year), 0.0)
                out.append(check("budget_subtotal", f"{subject};fiscal_year_be={year}", abs(value - computed) < 0.5,
                                 _money(value), _money(computed), line=total.line.index,
                                 message=f"{label} as printed vs the sum of its project rows"))
            if total.count is not None:
                rows = per_dimension.get(total.dimension_no, 0)
                out.append(check("budget_subtotal_count", subject, total.count == rows, total.count, rows,
                                 line=total.line.index, message=f"{label}: stated project count vs project rows"))
            continue
        for y, year in enumerate(years if stated else ()):
            value = parse_amount(stated[0][y]).value or 0.0
            rows_sum = sum(v for (d, yr), v in sums.items() if yr == year)
            out.append(check("budget_grand_total_vs_rows", f"fiscal_year_be={year}", abs(value - rows_sum) < 0.5,
                             _money(value), _money(rows_sum), line=total.line.index,
                             message="grand total as printed vs the sum of all project rows"))
            if subtotal_by_dim:
                sub_sum = sum(d.get(year, 0.0) for d in subtotal_by_dim.values())
                out.append(check("budget_grand_total_vs_subtotals", f"fiscal_year_be={year}",
                                 abs(value - sub_sum) < 0.5, _money(value), _money(sub_sum), line=total.line.index,
                                 message="grand total as printed vs the sum of the printed dimension subtotals"))
        if total.count is not None:
            out.append(check("budget_grand_total_count", "grand", total.count == len(projects), total.count,
                             len(projects), line=total.line.index,
                             message="project count on the grand total row vs project rows"))
    if table.stated_plan_count:
        count, line = table.stated_plan_count
        out.append(check("plan_project_count", "budget_table", count == len(projects), count, len(projects),
                         line=line, message="project count stated above the table vs project rows"))
    for stated_dimension in dimensions or []:
        stated = stated_dimension.values.get("stated_project_count")
        number = stated_dimension.values.get("dimension_no")
        if stated is not None:
            rows = per_dimension.get(number, 0)
            # A count is not read through look-alike digits: ๔ and ๕ look alike, and a plan that
            # added a project and kept its old count is off by one just so.
            if stated != rows:
                stated_dimension.check_failed("stated_project_count", f"the budget table has {rows} rows")
            out.append(check("dimension_project_count", f"dimension={number}", stated == rows, stated, rows,
                             line=stated_dimension.line, message="project count the introduction states vs project rows"))

    numbers = [p.no for p in projects]
    expected = list(range(1, len(numbers) + 1))
    problems = [f"repeated {n}" for n in sorted({n for n in numbers if numbers.count(n) > 1})]
    problems += [f"missing {n}" for n in range(1, max(numbers, default=0) + 1) if n not in numbers]
    problems += [f"{b} after {a}" for a, b in zip(numbers, numbers[1:]) if b <= a]
    out.append(check("project_numbering", "budget_table", numbers == expected, f"1..{len(numbers)}",
                     ", ".join(problems) or f"1..{len(numbers)}", line=table.header_line,
                     message="projects numbered 1..N in order without gaps or repeats"))

    for group in table.groups:
        lines = [v for v in group.value_lines if v.values]
        if len(group.projects) == 1 and lines and align(lines[0].tokens, len(years)) is None:
            project = group.projects[0]
            out.append(check("budget_row_alignment", f"project_no={project.no}", False, f"{len(years)} values",
                             f"{len(lines[0].values)} values: {' '.join(lines[0].values)}", line=lines[0].index,
                             message="printed values of the row do not fit the year columns"))
    for seq, (card, similarity) in sorted(matched.items()):
        project = projects[seq]
        same = same_title(project.title, card.values.get("title"))
        out.append(check("project_title_vs_card", f"project_no={project.no}", same, project.title,
                         card.values.get("title"), line=project.line,
                         severity="warning" if similarity < 0.9 else "info",
                         message=f"title in the budget table vs on {card_name(card)} (similarity {similarity:.2f})"))
    return out

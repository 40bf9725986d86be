"""A group's printed values -> candidate readings: which tokens are which project's, per year
(one value per year, drifted columns, a shared cell's values in order, stacked or per line)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from extractors.budget_table.assemble import Group
from extractors.budget_table.lines import Line
from extractors.records import EXACT, INFERRED, REPAIRED, WEAK
from extractors.thai.numbers import DASH, NO_BUDGET, parse_amount, without_specks


@dataclass
class Slot:
    """What one value line (or part of it) gives one project: a printed token per year."""

    tokens: list[str] | None  # None: nothing printed for the project
    line: int
    base: float
    how: str


@dataclass
class Reading:
    """One way of reading a group's values: a slot per project (by position in the group)."""

    slots: list[Slot | None]
    kind: str  # single, window, empty, dashes, stacked, per_line, order, cards


def align(tokens: list[str], n: int) -> tuple[list[str], float, str] | None:
    """Printed values -> one per year: exact when there are n; all equal when they drifted; the
    first n when the last is their sum (a "รวม" column); one ไม่ใช้งบประมาณ merged across the years."""
    filled = [t for t in tokens if t]
    use = filled if len(filled) >= n else tokens
    k = len(use)
    if k == n:
        return use, 0.95, EXACT
    if k == 1 and NO_BUDGET.search(use[0]):
        return use * n, 0.9, f"{EXACT}: one '{use[0]}' across the {n} year columns"
    if k == n + 1 and all(use):
        values = [parse_amount(t).value or 0.0 for t in use]
        if values[-1] > 0 and abs(sum(values[:-1]) - values[-1]) < 0.5:
            return use[:-1], 0.95, f"{EXACT}: last value {use[-1]} is the row total"
        if _is_dash(use[-1]) and not all(_is_dash(t) for t in use):
            return use[:-1], 0.9, f"{REPAIRED}: the last '-' read as the หมายเหตุ column"
        # "-<TAB>-<TAB>-<TAB>-<TAB>ไม่ใช้งบประมาณ": the remark column explains the dashes.
        if NO_BUDGET.search(use[-1]) and all(_is_dash(t) for t in use[:-1]):
            return use[:-1], 0.95, f"{EXACT}: '{use[-1]}' in the หมายเหตุ column explains the dashes"
    if k and len({_amount_key(t) for t in use}) == 1 and use[0]:
        value = _clean_first(use)
        if k > n:
            return [value] * n, 0.9, f"{REPAIRED}: {k} values for {n} years, all equal"
        return [value] * n, 0.6, f"{INFERRED}: {k} values for {n} years, all equal"
    return None


def _is_dash(token: str) -> bool:
    return not token or bool(DASH.match(token))


def _amount_key(token: str) -> str:
    """What a value token says, a speck inside it aside ("1.0,000" says 10,000)."""
    return without_specks(token) or token


def _clean_first(tokens: list[str]) -> str:
    """Of tokens that say the same, one printed without a speck when there is one."""
    return next((t for t in tokens if _amount_key(t) == t), tokens[0])


def _runs(tokens: list[str]) -> list[tuple[str, int]]:
    runs = [list(g) for _, g in itertools.groupby((t for t in tokens if t), key=_amount_key)]
    return [(_clean_first(run), len(run)) for run in runs]


def group_readings(group: Group, n: int) -> list[Reading]:
    """Candidate readings of a group's values, the most natural first."""
    lines = [v for v in group.value_lines if v.values]
    m = len(group.projects)
    if m == 1:
        if not lines:
            return [Reading([Slot(None, group.line, 0.5, f"{WEAK}: no values printed")], "single")]
        first = lines[0]
        below = first.index != group.line
        aligned = align(first.tokens, n)
        if aligned:
            tokens, base, how = aligned
            if below:
                base, how = min(base, 0.9), f"{how}; values on the line below the project"
            if len(lines) > 1:
                base, how = min(base, 0.5), f"{WEAK}: {len(lines)} value lines for one project"
            return [Reading([Slot(tokens, first.index, base, how)], "single")]
        readings = [Reading([Slot(None, first.index, 0.3,
                                    f"{WEAK}: {len(first.values)} values for {n} years do not align")], "single")]
        values = first.values
        for start in range(0, len(values) - n + 1) if len(values) > n else ():
            window = Slot(values[start:start + n], first.index, 0.75,
                           f"{INFERRED}: columns {start + 1}-{start + n} of {len(values)}")
            readings.append(Reading([window], "window"))
        return readings
    if not lines:
        return [Reading([Slot(None, group.line, 0.6, f"{WEAK}: no values printed for the cell")] * m, "empty")]
    if all(_is_dash(t) for v in lines for t in v.tokens):
        slots = [Slot(["-"] * n, lines[0].index, 0.9, f"{EXACT}: '-' in every year for all {m} projects of the cell")
                 for _ in range(m)]
        return [Reading(slots, "dashes")]
    readings = []
    stacked = _stacked(lines, m, n)
    if stacked:
        readings.append(Reading(stacked, "stacked"))
    if len(lines) == m and all(align(v.tokens, n) for v in lines):
        slots = [Slot(align(v.tokens, n)[0], v.index, 0.8, f"{INFERRED}: value line {i + 1} of {m} in the cell")
                 for i, v in enumerate(lines)]
        readings.append(Reading(slots, "per_line"))
    # Amount order: each value line is one project's series. A line whose values fit the year
    # columns but mix '-' and amounts is read by column first; read in order, and in a line that
    # does not fit the columns, each '-' stands for one project and each run of equal amounts for
    # the next one ("- - 15,000 15,000 15,000 15,000" for projects 16-18).
    order: list[Slot] = []
    columns: list[Slot] | None = []
    for v in lines:
        aligned = align(v.tokens, n)
        dashes = [_is_dash(t) for t in aligned[0]] if aligned else []
        if aligned and (all(dashes) or not any(dashes)):
            series = Slot(aligned[0], v.index, 0.6, f"{INFERRED}: amount order in a cell of {m} projects")
            order.append(series)
            if columns is not None:
                columns.append(series)
            continue
        if aligned and columns is not None:
            columns.append(Slot(aligned[0], v.index, 0.6, f"{INFERRED}: column reading in a cell of {m} projects"))
        else:
            columns = None
        for token, length in _runs(v.tokens):
            if _is_dash(token):
                order.extend(Slot([token] * n, v.index, 0.6, f"{INFERRED}: '{token}' in order in a cell of {m} "
                                   f"projects") for _ in range(length))
            else:
                order.append(Slot([token] * n, v.index, 0.6, f"{INFERRED}: {length} x '{token}' in order in a "
                                   f"cell of {m} projects, read as every year"))
    if columns and len(columns) <= m and columns != order[:len(columns)]:
        readings.append(Reading(columns + [None] * (m - len(columns)), "order"))
    if len(order) <= m:
        readings.append(Reading(order + [None] * (m - len(order)), "order"))
    if not readings:
        slots = [Slot(None, lines[0].index, 0.2, f"{WEAK}: {sum(len(v.values) for v in lines)} values "
                                                  f"for {m} projects x {n} years do not align")] * m
        readings.append(Reading(slots, "order"))
    return readings


def _stacked(lines: list[Line], m: int, n: int) -> list[Slot] | None:
    """One value line whose every year cell prints one value per project of the cell
    ("20,000 5,000" in each year for projects 1 and 2): the k-th value of each cell is the k-th
    project's, in the order the cell prints the projects. A remark cell may follow the years."""
    if len(lines) != 1:
        return None
    cells = lines[0].value_cells
    if len(cells) not in (n, n + 1) or any(len(c) != m for c in cells[:n]) or any(len(c) != 1 for c in cells[n:]):
        return None
    return [Slot([c[k] for c in cells[:n]], lines[0].index, 0.7,
                  f"{INFERRED}: value {k + 1} of {m} in each year cell, in the order of the cell's projects")
            for k in range(m)]

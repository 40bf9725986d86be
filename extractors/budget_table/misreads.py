"""Amounts OCR misread (๖๐,๐๐๐ for ๒๐,๐๐๐: ๒ and ๖ look alike), repaired by the table's arithmetic.

Per year, the table checks itself: each dimension's rows against its printed subtotal, all rows
against the grand total, the subtotals against the grand total. Where one fails, the printed
numbers those checks involve (the year's project amounts, the subtotals, the grand total) are
read again through their look-alike digits (``ocr_tolerance.LOOK_ALIKE_DIGITS``, one digit per
number): the one reading of one number that makes every check of the year pass is taken, else
the one reading of two numbers (found by what each reading does to the checks, so the search is
linear in the numbers); several readings that would do, or none, repair nothing, and the
failed checks stay failed (``totals.apply_subtotal_evidence`` then keeps the amounts under 0.9).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from extractors.budget_table.assemble import BudgetTable, Total
from extractors.budget_table.cells import Cell
from extractors.budget_table.totals import stated_values
from extractors.records import REPAIRED, WEAK
from extractors.thai.numbers import Amount, parse_amount
from extractors.thai.ocr_tolerance import look_alike_readings

# A number read through a look-alike digit is no surer than this.
MISREAD_CONFIDENCE = 0.85
# Readings taken one after the other in a year (each explains some of its failed checks).
ROUNDS = 3


@dataclass(frozen=True, eq=False)
class _Number:
    """A printed number one of the year's checks involves."""

    kind: str  # "cell", "subtotal" or "grand"
    key: object  # (seq, year) of a cell, the dimension of a subtotal, None for the grand total
    dimension: int | None  # the dimension whose subtotal it counts in
    token: str
    value: float


def _value(token: str | None) -> float:
    return (parse_amount(token).value or 0.0) if token else 0.0


def _effects(numbers: list[_Number]) -> tuple[list[object], dict[_Number, list[tuple[int, float]]]]:
    """The year's checks (a subtotal's dimension, "rows" for the grand total against the rows,
    "subtotals" for it against the subtotals) and how each number counts in them (check, sign):
    a check's residual is the sum of its numbers' values times their signs."""
    subtotals = [n.key for n in numbers if n.kind == "subtotal"]
    has_grand = any(n.kind == "grand" for n in numbers)
    checks: list[object] = [*subtotals, *(["rows"] if has_grand else []),
                            *(["subtotals"] if has_grand and subtotals else [])]
    index = {check: k for k, check in enumerate(checks)}
    counts: dict[_Number, list[tuple[int, float]]] = {}
    for n in numbers:
        if n.kind == "cell":
            terms = [(n.dimension, -1.0), ("rows", -1.0)]
        elif n.kind == "subtotal":
            terms = [(n.key, 1.0), ("subtotals", -1.0)]
        else:
            terms = [("rows", 1.0), ("subtotals", 1.0)]
        counts[n] = [(index[check], sign) for check, sign in terms if check in index]
    return checks, counts


def _readings(token: str, current: float) -> list[tuple[str, float]]:
    """Other values a printed number may be: one look-alike digit each."""
    found = []
    for reading in look_alike_readings(token, limit=1):
        value = parse_amount(reading).value
        if value is not None and abs(value - current) >= 0.5:
            found.append((reading, value))
    return found


def _year_numbers(table: BudgetTable, cells: dict[tuple[int, int], Cell], subtotals: dict[int, Total],
                  grand: Total | None, y: int, year: int) -> list[_Number]:
    numbers = []
    for group in table.groups:
        for project in group.projects:
            cell = cells[(project.seq, year)]
            numbers.append(_Number("cell", (project.seq, year), project.dimension_no, cell.text or "", cell.value))
    n = len(table.years)
    for dimension, total in subtotals.items():
        stated = stated_values(total, n)
        if stated is not None:
            numbers.append(_Number("subtotal", dimension, dimension, stated[0][y], _value(stated[0][y])))
    stated = stated_values(grand, n) if grand is not None else None
    if stated is not None:
        numbers.append(_Number("grand", None, None, stated[0][y], _value(stated[0][y])))
    return numbers


def repair_misread_amounts(table: BudgetTable, cells: dict[tuple[int, int], Cell], subtotals: dict[int, Total]) -> None:
    """Read the year's numbers again where its checks fail (see the module's doc): the repaired cells
    in ``cells``, the repaired stated totals in ``Total.repaired``."""
    grand = next((t for t in table.totals if t.scope == "grand"), None)
    for y, year in enumerate(table.years):
        for _ in range(ROUNDS):
            numbers = _year_numbers(table, cells, subtotals, grand, y, year)
            checks, counts = _effects(numbers)
            residual = [0.0] * len(checks)
            for n in numbers:
                for k, sign in counts[n]:
                    residual[k] += sign * n.value
            if all(abs(r) < 0.5 for r in residual):
                break
            chosen = _explaining_reading(numbers, counts, residual)
            if chosen is None:
                break
            _apply(chosen, cells, subtotals, grand, y, bool(subtotals), grand is not None)


def _explaining_reading(numbers: list[_Number], counts: dict[_Number, list[tuple[int, float]]],
                        residual: list[float]) -> tuple[tuple[_Number, str, float], ...] | None:
    """The one reading of one number (else of two) that makes the most failing checks pass and no
    passing check fail; a check the document itself gets wrong ("the subtotals do not add up to the
    grand total") may stay failed. None when no reading does or several do equally well."""
    options = []
    for n in numbers:
        for token, value in _readings(n.token, n.value):
            effect = [0.0] * len(residual)
            for k, sign in counts[n]:
                effect[k] += sign * (value - n.value)
            # A reading that touches no failed check, or makes one that held fail, explains nothing.
            touches = [k for k in range(len(residual)) if abs(effect[k]) >= 0.5]
            if any(abs(residual[k]) >= 0.5 for k in touches) and all(abs(residual[k]) >= 0.5 for k in touches):
                options.append(((n, token, value), effect))
    for size in (1, 2):
        best: list[tuple[tuple[_Number, str, float], ...]] = []
        most = 0
        for group in combinations(options, size):
            if len({option[0][0] for option in group}) < size:
                continue
            after = [r + sum(effect[k] for _, effect in group) for k, r in enumerate(residual)]
            touched = [k for k in range(len(residual)) if any(abs(effect[k]) >= 0.5 for _, effect in group)]
            if any(abs(residual[k]) < 0.5 <= abs(after[k]) for k in touched):
                continue  # breaks a check that held
            fixed = sum(1 for k in touched if abs(residual[k]) >= 0.5 > abs(after[k]))
            if fixed > most:
                best, most = [tuple(option for option, _ in group)], fixed
            elif fixed == most and fixed:
                best.append(tuple(option for option, _ in group))
        if best:
            return best[0] if len(best) == 1 else None
    return None


def _apply(chosen: tuple[tuple[_Number, str, float], ...], cells: dict[tuple[int, int], Cell],
           subtotals: dict[int, Total], grand: Total | None, y: int, has_subtotals: bool, has_grand: bool) -> None:
    checks = " and ".join(what for what, printed in (("the dimension subtotals", has_subtotals),
                                                    ("the grand total", has_grand)) if printed)
    for number, token, value in chosen:
        why = (f"printed {number.token}, read {token}: the one look-alike reading of the year's numbers "
               f"that makes {checks} agree")
        if number.kind == "cell":
            cell = cells[number.key]
            cell.amount = Amount(value, number.token, exact=False, repair=why)
            cell.confidence = min(cell.confidence, MISREAD_CONFIDENCE)
            cell.reason = f"{REPAIRED}: {why}; {cell.reason}"
        else:
            total = subtotals[number.key] if number.kind == "subtotal" else grand
            total.repaired[y] = (token, why)


def doubt_lone_look_alikes(table: BudgetTable, cells: dict[tuple[int, int], Cell]) -> None:
    """A year whose amount differs from the row's other years, all equal, by one look-alike digit
    (๒๒๕,๐๐๐ four times and ๒๖๕,๐๐๐ once) is probably misread even where the checks pass (two such
    misreads in one dimension's year can cancel): it stays under 0.9."""
    for group in table.groups:
        for project in group.projects:
            row = [cells[(project.seq, year)] for year in table.years]
            values = [cell.value for cell in row if cell.text]
            common = max(set(values), key=values.count, default=None)
            if common is None or values.count(common) * 2 <= len(table.years):
                continue
            for cell in row:
                if cell.text and cell.value != common and cell.confidence > MISREAD_CONFIDENCE \
                        and any(value == common for _, value in _readings(cell.text, cell.value)):
                    cell.confidence = MISREAD_CONFIDENCE
                    cell.reason += (f"; {WEAK}: the row's other years print {common:,.0f}, which a look-alike "
                                    f"digit makes of {cell.text}")

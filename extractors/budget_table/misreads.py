"""Amounts OCR misread (๖๐,๐๐๐ for ๒๐,๐๐๐: ๒ and ๖ look alike), repaired by the table's arithmetic.

Per year, the table checks itself: each dimension's rows against its printed subtotal, all rows
against the grand total, the subtotals against the grand total. Where one fails, the printed
numbers those checks involve (the year's project amounts, the subtotals, the grand total) are
read again through their look-alike digits (``ocr_tolerance.LOOK_ALIKE_DIGITS``, one digit per
number): the one reading of one number that makes every check of the year pass is taken, else
the one reading of two numbers (found by bisection in the readings sorted by what each does to a
check, so the search is n log n in the numbers, not a try of every pair); several readings that
would do, or none, repair nothing, and the failed checks stay failed
(``totals.apply_subtotal_evidence`` then keeps the amounts under 0.9).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
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
# Digits beyond what a float holds exactly: no budget amount, and the readings of a run of 10^5
# digits (one each, each parsed) took minutes.
MAX_DIGITS = 15


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
    if sum(c in "0123456789" for c in token) > MAX_DIGITS:
        return []
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


@dataclass(frozen=True, eq=False)
class _Option:
    """A reading of a number that touches failed checks only: its place among the options, the
    reading, what it adds to each check's residual and the checks it changes."""

    index: int
    reading: tuple[_Number, str, float]
    effect: list[float]
    touches: frozenset[int]


def _explaining_reading(numbers: list[_Number], counts: dict[_Number, list[tuple[int, float]]],
                        residual: list[float]) -> tuple[tuple[_Number, str, float], ...] | None:
    """The one reading of one number (else of two) that makes the most failing checks pass and no
    passing check fail; a check the document itself gets wrong ("the subtotals do not add up to the
    grand total") may stay failed. None when no reading does or several do equally well."""
    options: list[_Option] = []
    for n in numbers:
        for token, value in _readings(n.token, n.value):
            effect = [0.0] * len(residual)
            for k, sign in counts[n]:
                effect[k] += sign * (value - n.value)
            # A reading that touches no failed check, or makes one that held fail, explains nothing.
            touches = [k for k in range(len(residual)) if abs(effect[k]) >= 0.5]
            if any(abs(residual[k]) >= 0.5 for k in touches) and all(abs(residual[k]) >= 0.5 for k in touches):
                options.append(_Option(len(options), (n, token, value), effect, frozenset(touches)))
    # Every option touches failed checks only, so none breaks a check that held.
    fixed = [sum(1 for k in o.touches if abs(residual[k] + o.effect[k]) < 0.5) for o in options]
    most = max(fixed, default=0)
    if most:
        best = [o.reading for o, f in zip(options, fixed) if f == most]
        return (best[0],) if len(best) == 1 else None
    # No reading alone mends a check, so a pair mends only checks both its readings touch.
    for shared in (2, 1):
        pairs = _mending_pairs(options, residual, shared)
        if pairs:
            return pairs[0] if len(pairs) == 1 else None
    return None


def _mending_pairs(options: list[_Option], residual: list[float],
                   shared: int) -> list[tuple[tuple[_Number, str, float], ...]]:
    """Up to two pairs of readings of two numbers that together mend ``shared`` checks, each pair
    in the options' order (two: which pair is meant cannot be told)."""
    found: set[tuple[int, int]] = set()
    for pair in _pairs_mending(options, residual, shared):
        found.add(pair)
        if len(found) > 1:
            break
    return [(options[i].reading, options[j].reading) for i, j in sorted(found)]


def _pairs_mending(options: list[_Option], residual: list[float], shared: int) -> Iterator[tuple[int, int]]:
    """The pairs (by index) of readings of two numbers that both touch, and together mend,
    ``shared`` checks. A reading changes each check its number counts in by the same amount times
    the check's sign (1 or -1), so for each first reading the second's effect on one of the shared
    checks lies in an interval, found by bisection in the options sorted by that effect: the search
    is n log n in the table's numbers, not n²."""
    checks = sorted({k for o in options for k in o.touches})
    for chosen in combinations(checks, shared):
        first = chosen[0]
        touching = [o for o in options if all(k in o.touches for k in chosen)]
        # By whether the effect on each other shared check has the sign of the effect on the first.
        classes: dict[tuple[bool, ...], list[_Option]] = {}
        for o in touching:
            classes.setdefault(tuple((o.effect[k] > 0) == (o.effect[first] > 0) for k in chosen[1:]), []).append(o)
        for group in classes.values():
            group.sort(key=lambda o: o.effect[first])
        keys = {alike: [o.effect[first] for o in group] for alike, group in classes.items()}
        for a in touching:
            for alike, group in classes.items():
                # The partner's effect on check k (± its effect on ``first``) must bring k's residual
                # plus a's effect within 0.5 of zero: an interval a little wider, then checked exactly.
                low, high = -float("inf"), float("inf")
                for k, same_sign in zip(chosen, (True, *alike)):
                    centre = -residual[k] - a.effect[k]
                    centre = centre if same_sign else -centre
                    low, high = max(low, centre - 0.5), min(high, centre + 0.5)
                margin = 1e-6 * (1 + abs(low) + abs(high))
                for j in range(bisect_left(keys[alike], low - margin), bisect_right(keys[alike], high + margin)):
                    b = group[j]
                    if b.index > a.index and b.reading[0] is not a.reading[0] and all(
                            abs(residual[k] + (a.effect[k] + b.effect[k])) < 0.5 for k in chosen):
                        yield a.index, b.index


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

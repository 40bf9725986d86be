"""The report's own counts ("ดำเนินการแล้วเสร็จ 17 โครงการ") as the ``report_summary`` row, checked
against the items."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.performance_report.vocabulary import (
    DIMENSION_WORD,
    DISBURSED_TOTAL,
    MAX_COUNT_CELLS,
    STATUS_COUNT,
    STATUS_COUNT_BEFORE,
    STATUSES,
    TOTAL_PROJECTS,
)
from extractors.records import (
    CROSS_FAIL,
    CROSS_OK,
    EXACT,
    REPAIRED,
    WEAK,
    Record,
    check,
)
from extractors.tables import cells as row_cells
from extractors.thai.numbers import AMOUNT, parse_number


@dataclass
class Stated:
    value: float | int | None
    line: int
    confidence: float
    reason: str


def stated_summary(lines: list[str]) -> dict[str, Stated]:
    """The report's own counts and total disbursement, from text lines outside the tables."""
    found: dict[str, Stated] = {}
    for index, line in enumerate(lines):
        cells = row_cells(line)
        if cells is not None:
            cells = [c for c in cells if c]
            if len(cells) > MAX_COUNT_CELLS:
                continue  # a row of the report's tables, not a count
            line = " ".join(cells)
        if not line:
            continue
        for status, pattern in STATUS_COUNT.items():
            if status in found:
                continue
            match, words = pattern.search(line), pattern
            if match is None:
                match, words = STATUS_COUNT_BEFORE[status].search(line), STATUS_COUNT_BEFORE[status]
            if match:
                found[status] = Stated(int(match.group("count")), index,
                                        *((0.8, REPAIRED + ": its words read through an OCR variant")
                                          if words.repaired(match) else (0.9, EXACT)))
        if "disbursed_thb" not in found:
            match = DISBURSED_TOTAL.search(line)
            token = AMOUNT.search(match.group("amount")) if match else None
            if token:
                value, exact = parse_number(token.group(0))
                clean = match.group("amount").strip() == token.group(0)
                found["disbursed_thb"] = Stated(value, index, 0.9 if clean and exact else 0.6,
                                                 EXACT if clean and exact else
                                                 REPAIRED + f": read {match.group('amount').strip()!r}")
        if "stated_total_projects" not in found and not DIMENSION_WORD.search(line):
            match = TOTAL_PROJECTS.search(line)
            if match:
                unit = match.group("unit")
                found["stated_total_projects"] = Stated(
                    int(match.group("count")), index, 0.85 if unit else 0.6,
                    EXACT if unit else REPAIRED + ": count not followed by โครงการ (OCR word order)")
    return found


def _cross_check(summary: Record, name: str, stated: Stated | None, computed: float | int | None,
                 check_name: str, subject: str, what: str) -> Record | None:
    """Score a stated figure by whether the rows agree with it, and the check row saying so."""
    if stated is None:
        summary.score(name, 0.0, WEAK + ": not stated")
        return None
    ok = None if computed is None else abs(stated.value - computed) < 0.5
    if ok:
        summary.score(name, max(stated.confidence, 0.95), CROSS_OK)
    elif ok is None:
        summary.score(name, stated.confidence, stated.reason)
    else:
        summary.score(name, stated.confidence - 0.2, CROSS_FAIL + ": the rows give another figure")
    return check(check_name, subject, ok, stated.value, computed, line=stated.line,
                 message=f"{what}: the report states {stated.value}, the rows give {computed}")


def summary_records(stated: dict[str, Stated], rows: list[Record]) -> list[Record]:
    keys = ("completed", "not_done", "in_progress", "disbursed_thb", "stated_total_projects")
    line = min(s.line for s in stated.values())
    summary = Record("report_summary", {k: stated[k].value if k in stated else None for k in keys}, line)
    checks = [_cross_check(summary, status, stated.get(status),
                           sum(1 for r in rows if r.values["status"] == status),
                           "report_status_count", f"status={status}", f"{status} items")
              for status in STATUSES]
    # A row that prints "-" disbursed nothing; the sum is over the amounts printed.
    printed = [r.values["disbursed_thb"] for r in rows if r.values["disbursed_thb"] is not None]
    checks.append(_cross_check(summary, "disbursed_thb", stated.get("disbursed_thb"),
                               sum(printed) if printed else None, "report_disbursed_total", "report",
                               "total disbursed"))
    checks.append(_cross_check(summary, "stated_total_projects", stated.get("stated_total_projects"),
                               len(rows) if rows else None, "report_total_projects", "report", "number of projects"))
    return [summary, *(c for c in checks if c is not None)]

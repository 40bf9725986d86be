"""Report items: the summary and detailed tables' rows merged per ลำดับ into ``report_items``
records, with the checks made on each item."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.performance_report.vocabulary import (
    DIMENSION_CELL,
    DIMENSION_HEADING,
    MONEY,
    RESULT_COMPLETED,
    RESULT_IN_PROGRESS,
    RESULT_NOT_DONE,
    STATUSES,
    TICK,
    UNTICKED,
)
from extractors.records import (
    CROSS_FAIL,
    CROSS_OK,
    EXACT,
    INFERRED,
    REPAIRED,
    WEAK,
    Record,
    check,
)
from extractors.table_cells import (
    LEADING_NUMBER,
    Table,
    TableRow,
)
from extractors.thai.numbers import Amount, parse_amount
from extractors.thai.ocr_tolerance import look_alike_readings


def _amount(row: TableRow | None, name: str) -> Amount | None:
    text = row.text(name) if row else None
    return parse_amount(text) if text is not None else None


def _nospace(text: str | None) -> str:
    return regex.sub(r"\s+", "", text or "")


def _title(row: TableRow | None) -> str | None:
    text = row.text("title") if row else None
    return LEADING_NUMBER.sub("", text, count=1) if text else None


@dataclass
class ReportItem:
    seq: int
    summary: TableRow | None = None
    detail: TableRow | None = None
    heading_dimension: int | None = None  # from a "มิติที่ N" heading above the row in either table


def _status(item: ReportItem, columns: list[str | None]) -> tuple[str | None, float, str]:
    if item.summary is not None:
        ticked = [s for s in STATUSES if not UNTICKED.match(item.summary.text(s) or "")]
        marks = [item.summary.text(s) for s in ticked]
        if len(ticked) == 1:
            exact = TICK.match(marks[0] or "") is not None
            return ticked[0], 0.95 if exact else 0.8, EXACT if exact else REPAIRED + f": mark {marks[0]!r}"
        if len(ticked) > 1:
            return None, 0.2, WEAK + ": more than one status ticked"
    stated = _result_status(item.detail)
    if stated is not None:
        return stated, 0.6, INFERRED + ": from the result text"
    return None, 0.0, WEAK + ": no status ticked"


def _result_status(detail: TableRow | None) -> str | None:
    """The status the detailed table's result states, if it states one. A result that repeats the
    indicator word for word ("... ร้อยละ 100" under a ตัวชี้วัด of the same words) claims it was met."""
    result = detail.text("result") if detail else None
    if not result:
        return None
    if RESULT_NOT_DONE.search(result):
        return "not_done"
    if RESULT_IN_PROGRESS.search(result):
        return "in_progress"
    if RESULT_COMPLETED.match(result) or _nospace(result) == _nospace(detail.text("indicator")):
        return "completed"
    return None


def _check_status_vs_result(item: ReportItem, status: str | None, records: list[Record]) -> None:
    """A ticked status that the result text contradicts (a not-done item whose result reads as met)."""
    if item.summary is None or item.detail is None or status is None:
        return
    stated = _result_status(item.detail)
    records.append(check(
        "report_status_vs_result", f"seq={item.seq}", None if stated is None else stated == status,
        status, stated, line=item.detail.line,
        message="the result text states no status" if stated is None else
        f"the summary table ticks {status} but the detailed table's result reads as {stated}; the tick is kept"
        if stated != status else "the result text agrees with the tick"))


def _check_amounts_printed(item: ReportItem, records: list[Record]) -> None:
    """Amounts whose separators had to be guessed ("30.000": a dot as thousands separator), with how
    the other table prints the same amount."""
    tables = (("summary", item.summary), ("detailed", item.detail))
    guessed, other, lines = [], [], []
    for name in MONEY:
        for (where, row), (other_where, other_row) in zip(tables, tables[::-1]):
            amount = _amount(row, name)
            if amount is None or amount.value is None or amount.exact:
                continue
            guessed.append(f"{name} {amount.text!r} ({where} table)")
            lines.append(row.line)
            alternative = _amount(other_row, name)
            if alternative is not None and alternative.value is not None:
                other.append(f"{name} {alternative.text!r} ({other_where} table)")
    line = lines[0] if lines else (item.summary or item.detail).line
    records.append(check("report_amount_printed", f"seq={item.seq}", not guessed, "; ".join(other) or None,
                         "; ".join(guessed) or None, line=line, severity="info",
                         message="" if not guessed else
                         "an amount is printed with separators that had to be guessed ('.' for thousands); "
                         "expected is how the other table prints it"))


def _merge_title(item: ReportItem, records: list[Record]) -> tuple[str | None, float, str]:
    summary, detail = _title(item.summary), _title(item.detail)
    if summary and detail:
        s, d = _nospace(summary), _nospace(detail)
        subject = f"seq={item.seq}"
        line = item.summary.line
        if s == d:
            records.append(check("report_titles_agree", subject, True, summary, detail, line=line))
            return summary, 0.97, CROSS_OK
        if d.startswith(s):
            records.append(check("report_titles_agree", subject, True, summary, detail, line=line,
                                 message="summary table's title cut by a page break; "
                                         "completed from the detailed table"))
            return detail, 0.8, INFERRED + ": completed from the detailed table"
        if s.startswith(d):
            records.append(check("report_titles_agree", subject, True, summary, detail, line=line,
                                 message="detailed table's title cut by a page break; the summary table has it whole"))
            return summary, 0.95, CROSS_OK + ": detailed table's title cut"
        records.append(check("report_titles_agree", subject, False, summary, detail, line=line,
                             message="the summary and detailed tables name this item differently; "
                                     "the summary's title is kept"))
        return summary, 0.85, CROSS_FAIL + ": detailed table words it differently"
    if summary:
        return summary, 0.9, EXACT
    if detail:
        return detail, 0.85, EXACT + ": detailed table only (line-wrap spaces kept)"
    return None, 0.0, WEAK + ": no title"


def _money(item: ReportItem, name: str, records: list[Record]) -> tuple[float | None, float, str]:
    """An amount from the summary table, cross-checked with the detailed table where it has one."""
    summary, detail = _amount(item.summary, name), _amount(item.detail, name)
    chosen = summary if summary is not None and summary.value is not None else detail
    if name == "budget_thb" and (chosen is None or chosen.value is None) and item.summary is not None \
            and TICK.match(item.summary.text("no_budget") or ""):
        return 0.0, 0.9, EXACT + ": ticked ไม่ใช้งบประมาณ"
    if chosen is None or chosen.value is None:
        return None, 0.5, WEAK + ": not printed"
    confidence = 0.95 if chosen.exact else 0.75
    reason = EXACT if chosen.exact else REPAIRED + f": read {chosen.text!r}"
    if summary is not None and detail is not None and summary.value is not None and detail.value is not None:
        agree = abs(summary.value - detail.value) < 0.5
        if name == "budget_thb":
            records.append(check("report_budgets_agree", f"seq={item.seq}", agree, summary.text, detail.text,
                                 line=item.summary.line,
                                 message="summary and detailed tables print the same budget" if agree else
                                 "the summary and detailed tables print different budgets; the summary's is kept"))
        confidence, reason = (0.98, CROSS_OK) if agree else (0.7, CROSS_FAIL + ": detailed table differs")
    elif chosen is detail and item.summary is None:
        reason = EXACT + ": detailed table only"
    return chosen.value, confidence, reason


def _misaligned(row: TableRow, columns: list[str | None]) -> bool:
    """True when the row's first line stops before the last status or money column."""
    needed = [i for i, name in enumerate(columns) if name in STATUSES or name in MONEY]
    return bool(needed) and len(row.raw[0]) <= max(needed)


def _dimension(item: ReportItem) -> tuple[int | None, float, str]:
    text = item.summary.text("dimension_no") if item.summary else None
    match = DIMENSION_CELL.search(text or "")
    if match:
        return int(match.group(1)), 0.95, EXACT
    if item.heading_dimension is not None:
        return item.heading_dimension, 0.85, INFERRED + ": from the มิติ heading above the row"
    return None, 0.0, WEAK + ": no มิติ column or heading"


# A summary row printed with fewer cells than its header: (status reason, cap and reason of its
# amounts' confidence, check message). Printed without any empty cell, its cells were placed by what
# they hold (a lone tick could stand under either status column); an empty cell dropped among others
# shifts the ticks and amounts into the wrong columns.
_PLACED = (INFERRED + ": the row prints no empty cells; a tick is read under the first status column", 0.8,
           INFERRED + ": amounts placed in order (no empty cells printed)",
           "a summary row prints none of its empty cells; its cells are placed by what they hold")
_SHORT = (WEAK + ": row has fewer cells than the header", 0.4, WEAK + ": row has fewer cells than the header",
          "a summary row has fewer cells than its header; its status and amounts may sit in the wrong columns")


def item_record(item: ReportItem, columns: list[str | None], records: list[Record]) -> Record:
    title, title_conf, title_reason = _merge_title(item, records)
    status, status_conf, status_reason = _status(item, columns)
    money = {name: _money(item, name, records) for name in MONEY}
    doubt = None if item.summary is None else _PLACED if item.summary.placed else \
        _SHORT if _misaligned(item.summary, columns) else None
    if doubt is not None:
        status_reason, money_cap, money_reason, message = doubt
        status_conf = min(status_conf, 0.4)
        money = {name: (value, min(confidence, money_cap), money_reason)
                 for name, (value, confidence, _) in money.items()}
        records.append(check("report_row_cells", f"seq={item.seq}", False, len(columns), len(item.summary.raw[0]),
                             line=item.summary.line, message=message))
    _check_status_vs_result(item, status, records)
    _check_amounts_printed(item, records)
    dimension, dimension_conf, dimension_reason = _dimension(item)
    detail = item.detail
    record = Record("report_items", {
        "seq": item.seq,
        "title": title,
        "dimension_no": dimension,
        "status": status,
        **{name: value for name, (value, _, _) in money.items()},
        **{name: detail.text(name) if detail else None
           for name in ("method", "indicator", "result", "responsible", "period_text")},
    }, item.summary.line if item.summary else detail.line)
    record.score("seq", 0.98, EXACT)
    for row in (item.summary, item.detail):
        if row is not None and row.seq_misread is not None:
            record.repaired("seq", f"ลำดับ printed {row.seq_misread}, a look-alike digit of the number between its neighbours")
    record.score("title", title_conf, title_reason)
    record.score("status", status_conf, status_reason)
    record.score("dimension_no", dimension_conf, dimension_reason)
    for name, (_, confidence, reason) in money.items():
        record.score(name, confidence, reason)
    for name in ("method", "indicator", "result", "responsible", "period_text"):
        if record.values[name] is None:
            record.score(name, 0.0, WEAK + (": cell empty" if detail else ": no detailed table"))
        elif name in detail.continued:
            record.score(name, 0.8, INFERRED + ": joined across a page break")
        else:
            record.score(name, 0.9, EXACT)
    _check_remaining(record, records)
    return record


def _check_remaining(record: Record, records: list[Record]) -> None:
    budget, disbursed, remaining = (record.values[k] for k in ("budget_thb", "disbursed_thb", "remaining_thb"))
    subject = f"seq={record.values['seq']}"
    if None in (budget, disbursed, remaining):
        records.append(check("report_remaining", subject, None, None, None, line=record.line,
                             message="budget, disbursed or remaining not printed"))
        return
    ok = abs(budget - disbursed - remaining) < 0.5
    message = "remaining = budget - disbursed" if ok else "remaining is not budget minus disbursed"
    if not ok:
        # One amount OCR misread through a look-alike digit (๕๐,๐๐๐ read as ๔๐,๐๐๐): the one reading
        # that balances them is taken; else all three are in a failed check.
        names = ("budget_thb", "disbursed_thb", "remaining_thb")
        fits = []
        for name in names:
            for reading in look_alike_readings(f"{record.values[name]:,.2f}", 1):
                read = {**record.values, name: float(reading.replace(",", ""))}
                if abs(read["budget_thb"] - read["disbursed_thb"] - read["remaining_thb"]) < 0.5:
                    fits.append((name, read[name]))
        if len(fits) == 1:
            (name, value), = fits
            message += f"; {name} printed {record.values[name]:,.2f}, read {value:,.2f} through a look-alike digit"
            record.values[name] = value
            record.score(name, 0.85, f"{REPAIRED}: printed a look-alike digit; the one reading that makes "
                                     "remaining = budget - disbursed")
            budget, disbursed, remaining = (record.values[k] for k in names)
            ok = True
        else:
            for name in names:
                record.check_failed(name, "remaining is not budget minus disbursed")
    records.append(check("report_remaining", subject, ok, budget - disbursed, remaining, line=record.line,
                         message=message, severity="error" if not ok else "info"))


def numbering_check(name: str, table: Table) -> Record:
    printed = [r.seq for r in table.rows]
    expected = list(range(printed[0] or 1, (printed[0] or 1) + len(printed))) if printed else []
    return check("report_numbering", name, printed == expected, expected, printed, line=table.start,
                 message="rows are numbered 1..N without gaps or repeats")


def _heading_dimensions(table: Table, lines: list[str]) -> dict[int, int]:
    """Row line -> number of the nearest "มิติที่ N" heading above it inside ``table``."""
    marks = []
    for index in table.other_lines:
        match = DIMENSION_HEADING.search(lines[index])
        if match:
            marks.append((index, int(match.group(1))))
    found = {}
    for row in table.rows:
        above = [number for index, number in marks if index < row.line]
        if above:
            found[row.line] = above[-1]
    return found


def merge_items(summary_tables: list[Table], detail_tables: list[Table], lines: list[str]) -> dict[int, ReportItem]:
    items: dict[int, ReportItem] = {}
    for attr, tables in (("summary", summary_tables), ("detail", detail_tables)):
        for table in tables:
            headings = _heading_dimensions(table, lines)
            for row in table.rows:
                if row.seq is None:
                    continue
                item = items.setdefault(row.seq, ReportItem(row.seq))
                if getattr(item, attr) is None:
                    setattr(item, attr, row)
                if item.heading_dimension is None:
                    item.heading_dimension = headings.get(row.line)
    return dict(sorted(items.items()))

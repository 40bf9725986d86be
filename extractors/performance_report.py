"""Performance report on the plan (รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต).

A report has two tables about the same numbered projects, merged here per ลำดับ:

- the summary table: ticks under แล้วเสร็จ / ไม่สามารถดำเนินการได้ (/ อยู่ระหว่างดำเนินการ) give
  the status; งบประมาณ, เบิกจ่าย, คงเหลือ the money; มิติ the dimension;
- the detailed table: วิธีการดำเนินงาน, ตัวชี้วัด, ผลการดำเนินงาน, ระยะเวลา, หน่วยงานรับผิดชอบ.

A title cut by a page break in one table is completed from the other. The report's own counts
("เสร็จดำเนินการแล้ว ๑๗ โครงการ", also OCR'd with the words reversed as in
"๒เสร็จดำเนินการแล้ว . ๑๗ โครงการ") become the ``report_summary`` row and are checked against
the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.records import (
    CROSS_FAIL,
    CROSS_OK,
    EXACT,
    INFERRED,
    REPAIRED,
    WEAK,
    Record,
    Segment,
    check,
)
from extractors.table_cells import (
    LEADING_NUMBER,
    Table,
    TableReader,
    TableRow,
    empty_table_checks,
)
from extractors.tables import cells as row_cells
from extractors.thai.numbers import AMOUNT, Amount, parse_amount, parse_number
from extractors.thai.ocr_tolerance import Keyword, Vocabulary, look_alike_readings
from extractors.thai.vocabulary import GRAND_TOTAL_WORD

# Header cell -> field; the first pattern that matches wins ("การใช้จ่าย งบประมาณ" is the amount
# spent, not the budget; "ไม่ใช้งบประมาณ" is a column of its own).
COLUMNS = Vocabulary((
    ("not_done", Keyword(r"ไม่สามารถ|ยังไม่|ไม่ได้ดำเนินการ")),  # "ไม่สามารถดำเนินการได้"
    ("in_progress", Keyword(r"อยู่ระหว่าง|กำลังดำเนินการ")),  # "อยู่ระหว่างดำเนินการ"
    ("completed", Keyword(r"แล้วเสร็จ|เสร็จสิ้น|ดำเนินการแล้ว")),  # "แล้วเสร็จ"
    ("no_budget", Keyword(r"ไม่ใช้งบ")),  # "ไม่ใช้งบประมาณ"
    ("remaining_thb", Keyword(r"คงเหลือ")),  # "คงเหลือ"
    ("disbursed_thb", Keyword(r"เบิกจ่าย|ใช้จ่าย|ใช้ไป")),  # "เบิกจ่าย", "การใช้จ่าย งบประมาณ"
    ("period_text", Keyword(r"ระยะเวลา")),  # "ระยะเวลา ดำเนินการ"
    ("budget_thb", Keyword(r"งบประมาณ")),  # "งบประมาณ"
    ("dimension_no", Keyword(r"^มิติ")),  # "มิติ"
    ("method", Keyword(r"วิธี")),  # "วิธีการดำเนินงาน"
    ("indicator", Keyword(r"ตัวชี้วัด")),  # "ตัวชี้วัด"
    ("result", Keyword(r"ผลการดำเนิน|ผลการปฏิบัติ")),  # "ผลการดำเนินงาน"
    ("responsible", Keyword(r"รับผิดชอบ|หน่วยงาน")),  # "หน่วยงาน รับผิดชอบ"
    ("note", Keyword(r"หมายเหตุ")),
    ("title", Keyword(r"โครงการ|กิจกรรม|รายการ|มาตรการ")),  # "รายการโครงการ", "โครงการ/ กิจกรรม"
))
STATUSES = ("completed", "not_done", "in_progress")
MONEY = ("budget_thb", "disbursed_thb", "remaining_thb")

# A tick in a status column: "✓", "✔", "√", "/", "x"; Wingdings ticks OCR'd as "ü" or "P"
TICK = regex.compile(r"^[✓✔√☑/xX✗üþP]$")
# What a cell of a column holds, to place the cells of a row printed without its empty ones
# ("2  โครงการ…  1  ✓  50,000.00  0.00  0.00  50,000.00" under ten columns): "50,000.00", "-".
MONEY_CELL = regex.compile(r"^(?:[0-9][0-9,.]*|[-–—])$")
KINDS = {**dict.fromkeys(STATUSES, TICK), **dict.fromkeys(MONEY, MONEY_CELL), "dimension_no": regex.compile(r"^[1-9]$"),
         "no_budget": regex.compile(f"{TICK.pattern}|{MONEY_CELL.pattern}")}
SUMMARY_TABLE = TableReader(COLUMNS, required=("title", "completed"), kinds=KINDS)
DETAIL_TABLE = TableReader(COLUMNS, required=("title", "result", "budget_thb"), forbidden=("completed",), kinds=KINDS)
# A status cell that is not a tick: "-", "0"
UNTICKED = regex.compile(r"^[\-–—0]?$")
# The มิติ column: "1", "มิติที่ 1", "1."
DIMENSION_CELL = regex.compile(r"(?<![0-9])([1-9])(?![0-9])")
# A heading row or line inside a report table: "มิติที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต"
DIMENSION_HEADING = Keyword(r"มิติที่\s?([1-9])(?![0-9])")

# The report's own counts, one status per line; the number may come before or after the words:
# "เสร็จดำเนินการแล้ว 17 โครงการ", "2เสร็จดำเนินการแล้ว . 17 โครงการ", "1อยู่ระหว่างดำเนินการ . 0 โครงการ",
# "3ไม่สามารถดำเนินการ . 3 โครงการ", "ดำเนินการแล้วเสร็จ จำนวน 17 โครงการ"
STATUS_WORDS = {
    "not_done": r"ไม่สามารถดำเนินการ(?:ได้)?|ยังไม่ได้ดำเนินการ|ไม่ได้ดำเนินการ",
    "in_progress": r"อยู่ระหว่าง(?:การ)?ดำเนินการ|กำลังดำเนินการ",
    "completed": r"เสร็จ(?:สิ้น)?(?:การ)?ดำเนินการแล้ว|(?:ดำเนินการ)?แล้วเสร็จ|ดำเนินการเสร็จ(?:สิ้น)?(?:แล้ว)?",
}
_PROJECTS = r"(?:โครงการ|กิจกรรม|มาตรการ|รายการ)"
# In a small table of counts the unit may be left out: "ดำเนินการแล้วเสร็จ<TAB>17".
STATUS_COUNT = {
    status: Keyword(r"(?:" + words + r")[\s.:=\-]{0,6}(?:จำนวน\s*)?(?P<count>[0-9]{1,4})\s*(?:" + _PROJECTS
                          + r"|$)")
    for status, words in STATUS_WORDS.items()
}
# The count before the words: "17 โครงการที่ดำเนินการแล้วเสร็จ". Read only when the words are not
# followed by a count: in "แล้วเสร็จ 8 โครงการ อยู่ระหว่างดำเนินการ 2 โครงการ" the 8 is not in progress.
STATUS_COUNT_BEFORE = {
    status: Keyword(r"(?P<count>[0-9]{1,4})\s*" + _PROJECTS + r"\s*(?:ที่)?(?:" + words + r")")
    for status, words in STATUS_WORDS.items()
}
# A line of a small counts table (label, number, unit), read like a sentence.
MAX_COUNT_CELLS = 3
# "เบิกจ่ายงบประมาณ 125,000 บาท", OCR'd as "4เบิกจ่ายงบประมาณ . 000. บาท"
DISBURSED_TOTAL = Keyword(r"เบิกจ่าย(?:งบประมาณ)?(?:ทั้งสิ้น|รวม|จำนวน)?(?P<amount>[\s.:=\-0-9,]{1,30}?)\s*บาท")
# "แผน... ประกอบด้วย จำนวน 20 โครงการ", "รวมทั้งสิ้น 20 โครงการ", OCR'd as "ประกอบด้วย 20 จำนวน 2567 .ศ."
TOTAL_PROJECTS = Keyword(r"(?:ประกอบด้วย|" + GRAND_TOTAL_WORD + r")\s*(?:จำนวน\s*)?(?P<count>[0-9]{1,3})"
                               r"(?![0-9,.])\s*(?:(?P<unit>" + _PROJECTS + r")|(?=จำนวน|$))")
# A dimension's own count ("มิติที่ 1 ... ประกอบด้วย 6 โครงการ") is not the report's total.
DIMENSION_WORD = Keyword(r"มิติ")
# A result that says the project was not carried out: "ไม่สามารถดำเนินการได้ เนื่องจาก..."
RESULT_NOT_DONE = Keyword(r"ไม่สามารถดำเนินการ|ไม่ได้ดำเนินการ|ยังไม่ได้ดำเนินการ")
RESULT_IN_PROGRESS = Keyword(r"อยู่ระหว่าง(?:การ)?ดำเนินการ")
# A result that opens by saying it is done: "ดำเนินการแล้วเสร็จ", "ดำเนินการแล้ว ..."
RESULT_COMPLETED = Keyword(r"^(?:ดำเนินการ)?(?:แล้วเสร็จ|เสร็จสิ้น|แล้ว)")


def locate(lines: list[str]) -> list[Segment]:
    """The summary and detailed tables of a performance report."""
    return [Segment("report_table", t.start, t.end, " | ".join(c for c in t.header if c))
            for t in sorted(SUMMARY_TABLE.find(lines) + DETAIL_TABLE.find(lines), key=lambda t: t.start)]


def _amount(row: TableRow | None, name: str) -> Amount | None:
    text = row.text(name) if row else None
    return parse_amount(text) if text is not None else None


def _nospace(text: str | None) -> str:
    return regex.sub(r"\s+", "", text or "")


def _title(row: TableRow | None) -> str | None:
    text = row.text("title") if row else None
    return LEADING_NUMBER.sub("", text, count=1) if text else None


@dataclass
class _Item:
    seq: int
    summary: TableRow | None = None
    detail: TableRow | None = None
    heading_dimension: int | None = None  # from a "มิติที่ N" heading above the row in either table


def _status(item: _Item, columns: list[str | None]) -> tuple[str | None, float, str]:
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


def _check_status_vs_result(item: _Item, status: str | None, records: list[Record]) -> None:
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


def _check_amounts_printed(item: _Item, records: list[Record]) -> None:
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


def _merge_title(item: _Item, records: list[Record]) -> tuple[str | None, float, str]:
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


def _money(item: _Item, name: str, records: list[Record]) -> tuple[float | None, float, str]:
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


def _dimension(item: _Item) -> tuple[int | None, float, str]:
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


def _item_record(item: _Item, columns: list[str | None], records: list[Record]) -> Record:
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


def _numbering_check(name: str, table: Table) -> Record:
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


def _items(summary_tables: list[Table], detail_tables: list[Table], lines: list[str]) -> dict[int, _Item]:
    items: dict[int, _Item] = {}
    for attr, tables in (("summary", summary_tables), ("detail", detail_tables)):
        for table in tables:
            headings = _heading_dimensions(table, lines)
            for row in table.rows:
                if row.seq is None:
                    continue
                item = items.setdefault(row.seq, _Item(row.seq))
                if getattr(item, attr) is None:
                    setattr(item, attr, row)
                if item.heading_dimension is None:
                    item.heading_dimension = headings.get(row.line)
    return dict(sorted(items.items()))


@dataclass
class _Stated:
    value: float | int | None
    line: int
    confidence: float
    reason: str


def stated_summary(lines: list[str]) -> dict[str, _Stated]:
    """The report's own counts and total disbursement, from text lines outside the tables."""
    found: dict[str, _Stated] = {}
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
                found[status] = _Stated(int(match.group("count")), index,
                                        *((0.8, REPAIRED + ": its words read through an OCR variant")
                                          if words.repaired(match) else (0.9, EXACT)))
        if "disbursed_thb" not in found:
            match = DISBURSED_TOTAL.search(line)
            token = AMOUNT.search(match.group("amount")) if match else None
            if token:
                value, exact = parse_number(token.group(0))
                clean = match.group("amount").strip() == token.group(0)
                found["disbursed_thb"] = _Stated(value, index, 0.9 if clean and exact else 0.6,
                                                 EXACT if clean and exact else
                                                 REPAIRED + f": read {match.group('amount').strip()!r}")
        if "stated_total_projects" not in found and not DIMENSION_WORD.search(line):
            match = TOTAL_PROJECTS.search(line)
            if match:
                unit = match.group("unit")
                found["stated_total_projects"] = _Stated(
                    int(match.group("count")), index, 0.85 if unit else 0.6,
                    EXACT if unit else REPAIRED + ": count not followed by โครงการ (OCR word order)")
    return found


def _cross_check(summary: Record, name: str, stated: _Stated | None, computed: float | int | None,
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


def _summary_records(stated: dict[str, _Stated], rows: list[Record]) -> list[Record]:
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


def _item_tables(tables: list[Table]) -> list[Table]:
    """Tables that list numbered items; a breakdown per มิติ ("มิติที่ 1 | 3 | 2 | ...") has the
    same status and money columns but no ลำดับ, and its rows are not items."""
    return [t for t in tables if any(row.seq is not None for row in t.rows)]


def extract_performance_report(lines: list[str], segments: list[Segment] | None = None) -> list[Record]:
    """``report_items`` rows (summary and detailed tables merged by ลำดับ), the ``report_summary``
    row and their checks (``segments`` from ``locate``; found here when not given)."""
    segments = locate(lines) if segments is None else segments
    # A header has a แล้วเสร็จ column or not: each segment is read by one of the two readers.
    read = [reader.read(lines, segments) for reader in (SUMMARY_TABLE, DETAIL_TABLE)]
    summary_tables, detail_tables = (_item_tables(tables) for tables in read)
    records: list[Record] = empty_table_checks("report_table", [t for tables in read for t in tables])
    rows: list[Record] = []
    columns = summary_tables[0].columns if summary_tables else []
    table_of = {row.line: table for table in summary_tables + detail_tables for row in table.rows}
    for item in _items(summary_tables, detail_tables, lines).values():
        rows.append(_item_record(item, columns, records))
        for row in (item.summary, item.detail):
            if row is not None:
                table_of[row.line].score_repaired_columns(rows[-1])
    for name, tables in (("summary", summary_tables), ("detail", detail_tables)):
        records.extend(_numbering_check(f"table={name}{n}", t) for n, t in enumerate(tables, start=1))
    stated = stated_summary(lines) if rows else {}
    if any(s in stated for s in STATUSES):
        records.extend(_summary_records(stated, rows))
    return rows + records

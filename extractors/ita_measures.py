"""ITA measures table (มาตรการส่งเสริมคุณธรรมและความโปร่งใส): one row per measure.

A yearly document lists each measure with its steps, responsible units, period and results:

    ลำดับ | แนวทาง/มาตรการดำเนินการ | ขั้นตอน/วิธีการปฏิบัติ | ผู้รับผิดชอบ | ระยะเวลาดำเนินการ | ผลการดำเนินงาน

Cells hold lists three ways (HTML lists already joined by ``ITEM_SEP``, ``- `` bullets, or plain
runs of unit names). Rows go on across pages under a repeated header with an empty ลำดับ cell;
the website menu, QR code and visitor counter printed after the table are not rows.
"""

from __future__ import annotations

import regex

from extractors.records import EXACT, INFERRED, REPAIRED, WEAK, Record, Segment, check
from extractors.table_cells import (
    BULLET,
    LEADING_NUMBER,
    Table,
    TableReader,
    TableRow,
    cell_items,
    empty_table_checks,
)
from extractors.thai.normalise import ITEM_SEP
from extractors.thai.ocr_tolerance import Keyword, Vocabulary

# Header cell -> field; the first pattern that matches wins, so the order matters
# ("ระยะเวลาดำเนินการ" and "แนวทาง/มาตรการดำเนินการ" both say ดำเนินการ).
COLUMNS = Vocabulary((
    ("risk", Keyword(r"ความเสี่ยง")),  # "มาตรการควบคุมความเสี่ยง": a risk plan, not ITA
    ("budget", Keyword(r"งบประมาณ")),  # "งบประมาณ": a plan's or a report's table, not ITA
    ("period_text", Keyword(r"ระยะเวลา|ช่วงเวลา")),  # "ระยะเวลาดำเนินการ"
    ("results", Keyword(r"ผลการ(?:ดำเนิน|ปฏิบัติ)|ผลลัพธ์")),  # "ผลการดำเนินงาน"
    ("responsible_units", Keyword(r"ผู้รับผิดชอบ|หน่วยงาน")),  # "ผู้รับผิดชอบ"
    ("steps", Keyword(r"ขั้นตอน|วิธี")),  # "ขั้นตอน/วิธีการปฏิบัติ"
    ("measure", Keyword(r"มาตรการ|แนวทาง")),  # "แนวทาง/มาตรการดำเนินการ"
))
READER = TableReader(COLUMNS, required=("measure", "steps", "responsible_units"), forbidden=("risk", "budget"))

# A word that starts a unit's name in a plain run: "สำนักปลัด กองคลัง กองช่าง หน่วยตรวจสอบภายใน"
UNIT_START = Keyword(r"^(?:สำนัก|กอง|หน่วย|ศูนย์)")
# Separators between unit names printed on one line: "สำนักปลัด, กองคลัง", "สำนักปลัด/กองคลัง"
# From the first of a run of spaces only: retried from each, a long run took quadratic time.
UNIT_SEP = regex.compile(r"(?<!\s)\s*+[,/]\s*+")


def locate(lines: list[str]) -> list[Segment]:
    """Each ITA measures table, from its header to its last row."""
    return [Segment("measures_table", t.start, t.end, " | ".join(c for c in t.header if c)) for t in READER.find(lines)]


def _one_line(text: str | None) -> str | None:
    """A text cell whose <br> or <p> breaks became items: ``"ต.ค. 65 • ก.ย. 66"`` -> ``"ต.ค. 65 ก.ย. 66"``."""
    return text.replace(ITEM_SEP, " ") if text else text


def split_units(fragments: list[str]) -> tuple[list[str], float, str]:
    """Responsible units of a cell, with the confidence that they were split right."""
    text = " ".join(fragments)
    if ITEM_SEP in text or BULLET.search(text):
        return cell_items(fragments), 0.95, EXACT
    pieces = UNIT_SEP.split(text)
    if len(pieces) > 1 and all(UNIT_START.match(p) for p in pieces):
        return [p for p in pieces if p], 0.85, REPAIRED + ": units separated by , or /"
    units: list[str] = []
    for token in text.split():
        if UNIT_START.match(token) or not units:
            units.append(token)
        else:
            units[-1] += " " + token  # "สำนักงาน ปลัด อบต." is one unit wrapped in its cell
    if len(units) > 1:
        return units, 0.75, REPAIRED + ": plain run of unit names split at สำนัก/กอง/หน่วย/ศูนย์"
    return units, 0.95, EXACT


def _measure_record(row: TableRow, seq: int) -> Record:
    measure = _one_line(row.text("measure"))
    if measure:
        measure = LEADING_NUMBER.sub("", measure, count=1)
    units, unit_conf, unit_reason = split_units(row.fragments.get("responsible_units", []))
    record = Record("ita_measures", {
        "seq": seq,
        "measure": measure,
        "steps": cell_items(row.fragments.get("steps", [])),
        "responsible_units": units,
        "period_text": _one_line(row.text("period_text")),
        "results": cell_items(row.fragments.get("results", [])),
    }, row.line)
    if row.seq == seq and not row.seq_inferred:
        record.score("seq", 0.98, EXACT)
    elif row.seq == seq:
        record.score("seq", 0.9, REPAIRED + ": number read from the measure cell")
    else:
        record.score("seq", 0.8, INFERRED + f": position in the document; printed {row.seq}")
    for name, confidence in (("measure", 0.95), ("steps", 0.9), ("period_text", 0.95), ("results", 0.9)):
        value = record.values[name]
        if not value:
            record.score(name, 0.5, WEAK + ": cell empty")
        elif name in row.continued:
            record.score(name, confidence - 0.1, INFERRED + ": joined across a page break")
        else:
            record.score(name, confidence, EXACT)
    if not units:
        record.score("responsible_units", 0.5, WEAK + ": cell empty")
    elif "responsible_units" in row.continued:
        record.score("responsible_units", unit_conf - 0.1, INFERRED + ": joined across a page break")
    else:
        record.score("responsible_units", unit_conf, unit_reason)
    return record


def _table_records(table: Table, number: int, first_seq: int) -> list[Record]:
    records = []
    # seq is the position in the document, so a second table that restarts at 1 keeps keys unique.
    for position, row in enumerate(table.rows):
        records.append(_measure_record(row, first_seq + position))
        table.score_repaired_columns(records[-1])
    printed = [r.seq for r in table.rows]
    expected = list(range(printed[0] or 1, (printed[0] or 1) + len(printed))) if printed else []
    records.append(check("ita_measures_numbering", f"table={number}", printed == expected,
                         expected, printed, line=table.start,
                         message="measures are numbered 1..N without gaps or repeats"))
    return records


def extract_ita_measures(lines: list[str], segments: list[Segment] | None = None) -> list[Record]:
    """``ita_measures`` rows of every ITA measures table, and their checks (``segments`` from
    ``locate``; found here when not given)."""
    segments = locate(lines) if segments is None else segments
    records: list[Record] = []
    seq = 1
    tables = READER.read(lines, segments)
    records.extend(empty_table_checks("ita_measures_table", tables))
    for number, table in enumerate(tables, start=1):
        table_records = _table_records(table, number, seq)
        seq += len(table.rows)
        records.extend(table_records)
    return records

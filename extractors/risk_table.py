"""Risk assessment (การประเมินความเสี่ยงการทุจริต) and risk control plan of an action plan.

Plans assess each risk in one table and say how it is controlled in a second one; the two are
joined by the risk's number:

    ลำดับ ที่ | ขั้นตอนการดำเนินงาน | ประเด็นความเสี่ยงการทุจริต | Likelihood (L) | Impact (I) | Risk Score (LxI)
    ลำดับ ที่ | ขั้นตอนการดำเนินงาน ประเด็นความเสี่ยงการทุจริต | มาตรการควบคุมความเสี่ยงการทุจริต

Headers are read by meaning (``COLUMNS``), so other templates land in the same three numbers:

- likelihood: "Likelihood (L)", "โอกาส", "โอกาสที่จะเกิด", and the ป.ป.ช. template's necessity to
  watch "ความจำเป็นของการเฝ้าระวัง" (1-3);
- impact: "Impact (I)", "ผลกระทบ", "ระดับความรุนแรงของผลกระทบ", "ความรุนแรงของผลกระทบ" (1-3);
- score: a header naming a product ("Risk Score (LxI)", "ระดับความเสี่ยง (โอกาส x ผลกระทบ)",
  "ค่าความเสี่ยงรวม จำเป็น x รุนแรง"), "คะแนน", "ค่าความเสี่ยง"; a plain "ระดับความเสี่ยง" column is
  the level, read for its number ("12", "12 (สูง)") only when no score column prints one; a level
  word alone ("สูง") leaves the score null. Either way the check is score = likelihood x impact.

Rows are numbered by the ลำดับ column, by a number heading the first text cell ("1. การจัดซื้อ"),
or not at all: then by position. Cells that held ``<p>`` paragraphs arrive as items joined by
``ITEM_SEP``; items numbered "1. ... 2. ..." on one line are split the same way, so every list
cell reads alike. A cell wrapping onto a line OCR printed without tabs continues the row's
longest cell (``unwrap_cells``), at lower confidence.
"""

from __future__ import annotations

import regex
from cydifflib import SequenceMatcher

from extractors.records import (
    CROSS_FAIL,
    CROSS_OK,
    EXACT,
    INFERRED,
    WEAK,
    Record,
    Segment,
    check,
)
from extractors.table_cells import (
    LABEL_CELL,
    LEADING_NUMBER,
    NUMBER_CELL,
    SEQ_CELL,
    Table,
    TableReader,
    TableRow,
    empty_table_checks,
    split_numbered,
)
from extractors.tables import cells as row_cells
from extractors.tables import row_line
from extractors.thai.normalise import ITEM_SEP
from extractors.thai.ocr_tolerance import Keyword, Vocabulary

# Header cell -> field; the first pattern that matches wins, so a product names the score before
# its factors do ("ค่าความเสี่ยงรวม จำเป็น x รุนแรง" is the score, not necessity), "ระดับความรุนแรง
# ของผลกระทบ (Impact)" is impact before it is a level, "มาตรการควบคุมความเสี่ยง" a control
# measure before it is a risk.
COLUMNS = Vocabulary((
    # "Risk Score (LxI)", "ระดับความเสี่ยง (โอกาส x ผลกระทบ)", "ค่าความเสี่ยงรวม จำเป็น x รุนแรง", "คะแนน"
    ("score", Keyword(r"risk\s?score|(?:\bL|likelihood|โอกาส|จำเป็น)\s?[x×*]\s?(?:I\b|impact|ผลกระทบ|รุนแรง)"
                            r"|ผลคูณ|คะแนน|ค่าความเสี่ยง", regex.IGNORECASE)),
    # "Likelihood (L)", "โอกาสที่จะเกิด", ป.ป.ช. template: "ความจำเป็นของการเฝ้าระวัง"
    ("likelihood", Keyword(r"likelihood|โอกาส|ความน่าจะเป็น|จำเป็น|เฝ้าระวัง", regex.IGNORECASE)),
    # "Impact (I)", "ระดับความรุนแรงของผลกระทบ", ป.ป.ช. template: "ความรุนแรงของผลกระทบ"
    ("impact", Keyword(r"impact|ผลกระทบ|รุนแรง", regex.IGNORECASE)),
    ("level", Keyword(r"ระดับ")),  # "ระดับความเสี่ยง": a number, "12 (สูง)", or a word "สูง"
    ("control_measure", Keyword(r"มาตรการ|ควบคุม|การจัดการความเสี่ยง")),  # "มาตรการควบคุมความเสี่ยงการทุจริต"
    ("risk_issue", Keyword(r"ประเด็น|ความเสี่ยง|เหตุการณ์")),  # "ประเด็นความเสี่ยงการทุจริต"
    ("process", Keyword(r"ขั้นตอน|กระบวน|ภารกิจ|งาน")),  # "ขั้นตอนการดำเนินงาน", "โครงการ/กระบวนงาน"
))
# An assessment may print no ลำดับ column; a control plan is joined by its numbers, so it needs them.
ASSESSMENT = TableReader(COLUMNS, required=("risk_issue", "likelihood", "impact"))
CONTROL_PLAN = TableReader(COLUMNS, required=("seq", "risk_issue", "control_measure"), forbidden=("likelihood",))

# A score cell: "4", "4 (สูง)"; the first number is the score.
SCORE_NUMBER = regex.compile(r"(?<![0-9])([0-9]{1,2})(?![0-9])")
# Plans score likelihood and impact 1-5, so the product is 1-25.
SCALE = {"likelihood": 5, "impact": 5, "score": 25}
# The control plan repeats process and risk: close wording (OCR slips, a reordered clause) still matches.
SAME_RISK = 0.6
# A line that opens with a number is a row whose cells were lost ("2 การจัดซื้อ..."), not a
# cell wrapping on.
OPENS_WITH_NUMBER = regex.compile(r"^[0-9]")


def _append_to_cell(out: list[str], k: int, column: int, text: str) -> None:
    cells = row_cells(out[k]) or []
    cells += [""] * (column + 1 - len(cells))
    cells[column] = f"{cells[column]} {text}".strip()
    out[k] = row_line(cells)


def unwrap_cells(lines: list[str]) -> tuple[list[str], dict[int, int]]:
    """``lines`` with each cell that wrapped onto a line of its own glued back to its row; and
    the index of each such line -> the column it continued.

    Under a row (a line with a number cell: its ลำดับ or its scores), with no blank line between:
    a line OCR printed without tabs continues the row's longest cell, the one that wraps; a table
    line that scores nothing but has text in its first cell, in a table not numbered by a ลำดับ
    column, continues the row's first cell ("การจัดซื้อจัดจ้างโดยวิธี" over "เฉพาะเจาะจง") and
    its other cells are continuation cells. A heading or total ("มิติที่ 2", "รวม") or a line
    opening with a number ends the run. Line indices do not move: a glued line is left blank.
    """
    out = list(lines)
    wrapped: dict[int, int] = {}
    run: list[int] = []  # the row's line and its continuation lines
    column, first_is_text = 0, False
    for i, line in enumerate(lines):
        cells = row_cells(line)
        text = line.strip()
        wraps = bool(run) and bool(text) and not OPENS_WITH_NUMBER.match(text) and not LABEL_CELL.match(text)
        if cells and len(cells) >= 3 and any(NUMBER_CELL.match(c) for c in cells):
            run = [i]
            column = max(range(len(cells)), key=lambda k: len(cells[k]))
            first_is_text = not SEQ_CELL.match(cells[0])
        elif cells and run and not cells[0]:
            run.append(i)  # a continuation line with its own cells
        elif cells and wraps and first_is_text and not LABEL_CELL.match(cells[0]) \
                and not OPENS_WITH_NUMBER.match(cells[0]):
            _append_to_cell(out, run[0], 0, cells[0])
            out[i] = row_line([""] + cells[1:])
            wrapped[i] = 0
            run.append(i)
        elif cells is None and wraps:
            target = next((k for k in reversed(run) if column < len(row_cells(out[k]) or []) and
                           (row_cells(out[k]) or [])[column]), run[0])
            _append_to_cell(out, target, column, text)
            out[i] = ""
            wrapped[i] = column
        else:
            run = []
    return out, wrapped


def locate(lines: list[str]) -> list[Segment]:
    """The risk assessment table and the risk control plan table."""
    lines, _ = unwrap_cells(lines)
    tables = sorted(ASSESSMENT.find(lines) + CONTROL_PLAN.find(lines), key=lambda t: t.start)
    return [Segment("risk_table", t.start, t.end, " | ".join(c for c in t.header if c)) for t in tables]


def as_items(fragments: list[str] | None) -> str | None:
    """A list cell as one string of items joined by ``ITEM_SEP``: ``"1.ก 2.ข"`` -> ``"1.ก • 2.ข"``."""
    if not fragments:
        return None
    items = [i for f in fragments for part in f.split(ITEM_SEP) for i in split_numbered(part)]
    return ITEM_SEP.join(items) if items else None


def _number(row: TableRow, name: str) -> tuple[int | None, float, str]:
    """A score cell's number; the score falls back on the level column ("ระดับความเสี่ยง": "12")."""
    for column in (name, "level") if name == "score" else (name,):
        text = row.text(column)
        match = SCORE_NUMBER.search(text or "")
        if match is not None:
            break
    else:
        return None, 0.0, WEAK + ": not printed"
    value = int(match.group(1))
    if not 1 <= value <= SCALE[name]:
        return value, 0.4, WEAK + f": outside 1-{SCALE[name]}"
    if match.group(0) != text:
        return value, 0.85, EXACT + f": read from {text!r}"
    return value, 0.97, EXACT


def _nospace(text: str | None) -> str:
    return regex.sub(r"\s+", "", text or "")


def _plan_parts(row: TableRow) -> tuple[str | None, str | None]:
    """(process, risk issue) of a control plan row: its own columns, or the merged cell
    "process • 1. issue • 2. issue" (seed 001's plan prints both under one header)."""
    if row.text("process"):
        return row.text("process"), as_items(row.fragments.get("risk_issue"))
    items = (row.text("risk_issue", ITEM_SEP) or "").split(ITEM_SEP)
    if len(items) > 1 and not LEADING_NUMBER.match(items[0]):
        return items[0], as_items(items[1:])
    return None, as_items(row.fragments.get("risk_issue"))


def _risk_record(seq: int, assessed: TableRow | None, plan: TableRow | None, checks: list[Record],
                 by_position: bool, wrapped: set[str]) -> Record:
    plan_process, plan_issue = _plan_parts(plan) if plan else (None, None)
    process = assessed.text("process") if assessed else None
    issue = as_items(assessed.fragments.get("risk_issue")) if assessed else None
    line = assessed.line if assessed else plan.line
    record = Record("risks", {
        "seq": seq,
        "process": process or plan_process,
        "risk_issue": issue or plan_issue,
        "control_measure": as_items(plan.fragments.get("control_measure")) if plan else None,
    }, line)
    record.score("seq", 0.98, EXACT)
    for name, own, other in (("process", process, plan_process), ("risk_issue", issue, plan_issue)):
        if own:
            record.score(name, 0.9, EXACT)
        elif other:
            record.score(name, 0.75, INFERRED + ": from the control plan's table")
        else:
            record.score(name, 0.0, WEAK + ": not printed")
    numbers = {}
    for name in ("likelihood", "impact", "score"):
        value, confidence, reason = _number(assessed, name) if assessed else (None, 0.0, WEAK + ": not assessed")
        record.values[name] = value
        numbers[name] = value
        record.score(name, confidence, reason)
    _check_score(record, numbers, checks)
    _score_control(record, seq, assessed, plan, checks)
    if by_position:
        record.score("seq", 0.9, INFERRED + ": by position, the table prints no numbers")
    for row in (assessed, plan):
        if row is not None and row.seq_misread is not None:
            record.repaired("seq", f"ลำดับ printed {row.seq_misread}, a look-alike digit of the number between its neighbours")
    for name in sorted(wrapped & {"process", "risk_issue", "control_measure"}):
        record.score(name, min(record.scores[name].confidence, 0.75),
                     INFERRED + ": a line printed without cells joined to the row's longest cell")
    return record


def _check_score(record: Record, numbers: dict, checks: list[Record]) -> None:
    likelihood, impact, score = numbers["likelihood"], numbers["impact"], numbers["score"]
    subject = f"seq={record.values['seq']}"
    if None in (likelihood, impact, score):
        checks.append(check("risk_score", subject, None, None, score, line=record.line,
                            message="likelihood, impact or score not printed"))
        return
    ok = likelihood * impact == score
    checks.append(check("risk_score", subject, ok, likelihood * impact, score, line=record.line,
                        message="score = likelihood x impact" if ok else
                        "the printed score is not likelihood x impact"))
    for name in ("likelihood", "impact", "score"):
        current = record.scores[name]
        if ok:
            record.score(name, max(current.confidence, 0.98), CROSS_OK)
        else:
            record.score(name, min(current.confidence, 0.6), CROSS_FAIL + ": score is not likelihood x impact")


def _score_control(record: Record, seq: int, assessed: TableRow | None, plan: TableRow | None,
                   checks: list[Record]) -> None:
    if plan is None or record.values["control_measure"] is None:
        record.score("control_measure", 0.0, WEAK + ": no control plan row with this number")
        return
    if assessed is None:
        record.score("control_measure", 0.85, EXACT + ": control plan only")
        return
    # The plan repeats process and risk in one cell; compare them with the assessment's two cells.
    assessed_text = _nospace((assessed.text("process") or "") + (assessed.text("risk_issue") or ""))
    plan_text = _nospace(" ".join(plan.fragments.get("risk_issue", []) + plan.fragments.get("process", [])))
    similarity = SequenceMatcher(None, assessed_text, plan_text.replace(ITEM_SEP.strip(), "")).ratio()
    same = similarity >= SAME_RISK
    checks.append(check("risk_plan_matches_assessment", f"seq={seq}", same, assessed.text("process"),
                        plan.text("risk_issue", ITEM_SEP), line=plan.line,
                        message=f"wording similarity {similarity:.2f} between the assessment and the control plan"))
    record.score("control_measure", 0.92 if same else 0.6,
                 CROSS_OK + ": same risk in both tables" if same else
                 CROSS_FAIL + ": the control plan describes another risk under this number")


def _wrapped_fields(table: Table, index: int, wrapped: dict[int, int]) -> set[str]:
    """Fields of row ``index`` of ``table`` that ``unwrap_cells`` glued wrapped lines onto."""
    row = table.rows[index]
    end = table.rows[index + 1].line if index + 1 < len(table.rows) else table.end + 1
    return {table.columns[wrapped[k]] for k in range(row.line + 1, end)
            if k in wrapped and wrapped[k] < len(table.columns) and table.columns[wrapped[k]]}


def _drop_leading_number(table: Table, row: TableRow) -> None:
    """A number heading the first text cell is the row's ลำดับ ("1. การจัดซื้อ"), not its text."""
    first = table.columns[0]
    if first in (None, "seq") or row.seq is None or not row.fragments.get(first):
        return
    cell = row.fragments[first][0]
    match = LEADING_NUMBER.match(cell)
    if match and int(match.group(1)) == row.seq:
        row.fragments[first][0] = cell[match.end():]


def extract_risks(lines: list[str], segments: list[Segment] | None = None) -> list[Record]:
    """``risks`` rows (assessment joined with the control plan by number) and their checks
    (``segments`` from ``locate``; found here when not given)."""
    lines, wrapped = unwrap_cells(lines)
    segments = locate(lines) if segments is None else segments
    assessed: dict[int, TableRow] = {}
    planned: dict[int, TableRow] = {}
    by_position: set[int] = set()
    wrapped_fields: dict[int, set[str]] = {}  # row line -> fields glued from wrapped lines
    table_of: dict[int, Table] = {}  # row line -> its table
    empty: list[Record] = []  # checks of tables with a header and no row
    for reader, rows in ((ASSESSMENT, assessed), (CONTROL_PLAN, planned)):
        # A header has likelihood columns or not: each segment is read by one of the two readers.
        last = 0  # unnumbered rows count on from the last number, across the table's pages
        tables = reader.read(lines, segments)
        empty.extend(empty_table_checks("risk_table", tables))
        for table in tables:
            for index, row in enumerate(table.rows):
                seq = row.seq if row.seq is not None else last + 1
                if row.seq is None and reader is ASSESSMENT:
                    by_position.add(seq)
                last = seq
                _drop_leading_number(table, row)
                wrapped_fields[row.line] = _wrapped_fields(table, index, wrapped)
                table_of[row.line] = table
                rows.setdefault(seq, row)
    checks: list[Record] = []
    records = []
    for seq in sorted(assessed.keys() | planned.keys()):
        both = [r for r in (assessed.get(seq), planned.get(seq)) if r is not None]
        wrapped_here = set().union(*(wrapped_fields[r.line] for r in both))
        records.append(_risk_record(seq, assessed.get(seq), planned.get(seq), checks, seq in by_position, wrapped_here))
        for row in both:
            table_of[row.line].score_repaired_columns(records[-1])
    return records + checks + empty

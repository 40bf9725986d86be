"""Risk assessment (การประเมินความเสี่ยงการทุจริต) and risk control plan of an action plan.

Plans assess each risk in one table and say how it is controlled in a second one, both numbered
by ลำดับ; the two are joined here by that number:

    ลำดับ ที่ | ขั้นตอนการดำเนินงาน | ประเด็นความเสี่ยงการทุจริต | Likelihood (L) | Impact (I) | Risk Score (LxI)
    ลำดับ ที่ | ขั้นตอนการดำเนินงาน ประเด็นความเสี่ยงการทุจริต | มาตรการควบคุมความเสี่ยงการทุจริต

Cells that held ``<p>`` paragraphs arrive as items joined by ``ITEM_SEP``; items numbered
"1. ... 2. ..." on one line are split the same way, so every list cell reads alike.
"""

from __future__ import annotations

from difflib import SequenceMatcher

import regex

from extractors.normalise import ITEM_SEP
from extractors.records import CROSS_FAIL, CROSS_OK, EXACT, INFERRED, WEAK, Record, Segment, check
from extractors.table_cells import LEADING_NUMBER, TableReader, TableRow, split_numbered

# Header cell -> field; the first pattern that matches wins ("ระดับความรุนแรงของผลกระทบ (Impact)"
# is impact, "มาตรการควบคุมความเสี่ยง" a control measure, not a risk).
COLUMNS = (
    ("likelihood", regex.compile(r"likelihood|โอกาส|ความน่าจะเป็น", regex.IGNORECASE)),  # "Likelihood (L)"
    ("impact", regex.compile(r"impact|ผลกระทบ", regex.IGNORECASE)),  # "Impact (I)", "ระดับความรุนแรงของผลกระทบ"
    # "Risk Score (LxI)", "ระดับความเสี่ยง", "ค่าความเสี่ยงรวม"
    ("score", regex.compile(r"risk\s?score|L\s?x\s?I|คะแนน|ระดับ|ค่าความเสี่ยง", regex.IGNORECASE)),
    ("control_measure", regex.compile(r"มาตรการ|ควบคุม|การจัดการความเสี่ยง")),  # "มาตรการควบคุมความเสี่ยงการทุจริต"
    ("risk_issue", regex.compile(r"ประเด็น|ความเสี่ยง|เหตุการณ์")),  # "ประเด็นความเสี่ยงการทุจริต"
    ("process", regex.compile(r"ขั้นตอน|กระบวน|ภารกิจ|งาน")),  # "ขั้นตอนการดำเนินงาน"
)
ASSESSMENT = TableReader(COLUMNS, required=("seq", "risk_issue", "likelihood", "impact"))
CONTROL_PLAN = TableReader(COLUMNS, required=("seq", "risk_issue", "control_measure"), forbidden=("likelihood",))

# A score cell: "4", "4 (สูง)"; the first number is the score.
SCORE_NUMBER = regex.compile(r"(?<![0-9])([0-9]{1,2})(?![0-9])")
# Plans score likelihood and impact 1-5, so the product is 1-25.
SCALE = {"likelihood": 5, "impact": 5, "score": 25}
# The control plan repeats process and risk: close wording (OCR slips, a reordered clause) still matches.
SAME_RISK = 0.6


def locate(lines: list[str]) -> list[Segment]:
    """The risk assessment table and the risk control plan table."""
    tables = sorted(ASSESSMENT.find(lines) + CONTROL_PLAN.find(lines), key=lambda t: t.start)
    return [Segment("risk_table", t.start, t.end, " | ".join(c for c in t.header if c)) for t in tables]


def as_items(fragments: list[str] | None) -> str | None:
    """A list cell as one string of items joined by ``ITEM_SEP``: ``"1.ก 2.ข"`` -> ``"1.ก • 2.ข"``."""
    if not fragments:
        return None
    items = [i for f in fragments for part in f.split(ITEM_SEP) for i in split_numbered(part)]
    return ITEM_SEP.join(items) if items else None


def _number(row: TableRow, name: str) -> tuple[int | None, float, str]:
    text = row.text(name)
    match = SCORE_NUMBER.search(text or "")
    if match is None:
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


def _risk_record(seq: int, assessed: TableRow | None, plan: TableRow | None, checks: list[Record]) -> Record:
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


def extract_risks(lines: list[str], segments: list[Segment] | None = None) -> list[Record]:
    """``risks`` rows (assessment joined with the control plan by ลำดับ) and their checks
    (``segments`` from ``locate``; found here when not given)."""
    segments = locate(lines) if segments is None else segments
    assessed: dict[int, TableRow] = {}
    planned: dict[int, TableRow] = {}
    for reader, rows in ((ASSESSMENT, assessed), (CONTROL_PLAN, planned)):
        # A header has likelihood columns or not: each segment is read by one of the two readers.
        for table in reader.read(lines, segments):
            for row in table.rows:
                if row.seq is not None:
                    rows.setdefault(row.seq, row)
    checks: list[Record] = []
    records = [_risk_record(seq, assessed.get(seq), planned.get(seq), checks)
               for seq in sorted(assessed.keys() | planned.keys())]
    return records + checks

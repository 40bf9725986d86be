"""Typed records every extractor returns: a row of one output table with its evidence.

An extractor never sees files or Parquet. It returns ``Record`` objects whose ``line`` is the
0-based index of the normalised line where the evidence starts; the pipeline turns that into
``source_line``/``page`` and turns ``scores`` into ``field_confidence`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Score:
    """Confidence in one field's value, with the evidence for it."""

    confidence: float
    reason: str


# Reasons used across extractors, so field_confidence.reason is a small closed vocabulary
# that users can filter on. Extractors may append detail after a colon.
EXACT = "exact pattern"
REPAIRED = "OCR variant repaired"
INFERRED = "inferred from neighbouring rows"
CROSS_OK = "cross-check passed"
CROSS_FAIL = "cross-check failed"
WEAK = "weak or missing evidence"
# A value found through an OCR misreading of the words that announce it ("คำศั่ง", "ประกาส ณ วันที่")
# is no surer than this: the damage that hit the words may have hit the value.
REPAIRED_CAP = 0.85
# A field in a check that failed, which no reading repaired, is no surer than this.
FAILED_CHECK = 0.85


@dataclass(slots=True)
class Record:
    """One row of ``table``. ``values`` uses the table's column names (without doc_id/source_line/page)."""

    table: str
    values: dict[str, Any]
    line: int
    scores: dict[str, Score] = field(default_factory=dict)
    # Fields an arithmetic check holds for (amounts that add up to the printed subtotal, a subtotal
    # the rows add up to): a misread digit would have broken the sum, so an OCR'd value of one may
    # keep a trusted confidence (pipeline.rows.cap_for_ocr).
    vouched: set[str] = field(default_factory=set)

    def score(self, name: str, confidence: float, reason: str) -> None:
        self.scores[name] = Score(round(max(0.0, min(1.0, confidence)), 3), reason)

    def check_failed(self, name: str, why: str, cap: float = FAILED_CHECK) -> None:
        """A check on field ``name`` failed (``why``): its score goes no higher than ``cap``."""
        score = self.scores.get(name)
        self.score(name, cap if score is None else min(score.confidence, cap),
                   (f"{score.reason}; " if score else "") + f"{CROSS_FAIL}: {why}")

    def repaired(self, name: str, words: str, cap: float = REPAIRED_CAP) -> None:
        """Field ``name`` was found through an OCR reading of ``words`` (a heading, a column, a role
        word): its score goes no higher than ``cap`` and its reason says so first."""
        score = self.scores.get(name)
        self.score(name, cap if score is None else min(score.confidence, cap),
                   f"{REPAIRED}: {words} read through an OCR variant" + (f"; {score.reason}" if score else ""))


@dataclass(frozen=True, slots=True)
class Segment:
    """A structural part of a normalised document: lines ``start``..``end`` inclusive (0-based)."""

    kind: str
    start: int
    end: int
    label: str = ""

    def lines(self, all_lines: list[str]) -> list[str]:
        return all_lines[self.start : self.end + 1]


@dataclass(frozen=True, slots=True)
class Heading:
    """A dimension (มิติที่ N) or mission (1.1, 1.1.1) heading in the body of a plan.

    ``mission_code`` is None for a dimension heading. Cards and tables take the dimension and
    mission of the nearest heading above them.
    """

    line: int
    dimension_no: int
    mission_code: str | None
    name: str
    misread: str | None = None  # its number or code as printed, when OCR misread a digit of it


def check(name: str, subject: str, ok: bool | None, expected: Any, observed: Any, *,
          line: int, severity: str = "warning", message: str = "") -> Record:
    """A ``checks`` row. ``ok=None`` means the check could not be made (status skip)."""
    status = "skip" if ok is None else ("pass" if ok else "fail")
    return Record(
        "checks",
        {
            "check": name,
            "subject": subject,
            "status": status,
            "expected": None if expected is None else str(expected),
            "observed": None if observed is None else str(observed),
            "severity": severity if status == "fail" else "info",
            "message": message,
        },
        line,
    )

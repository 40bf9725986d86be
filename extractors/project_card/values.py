"""Values read from a card's field text: the budget (digits and words) and the period (years BE)."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.records import CROSS_FAIL, CROSS_OK, EXACT, INFERRED, REPAIRED, WEAK
from extractors.thai.dates import BE_YEAR, MONTH_ALT, month_number
from extractors.thai.numbers import AMOUNT, NO_BUDGET, amount_in_words, parse_number
from extractors.thai.ocr_tolerance import Keyword, look_alike_numbers

# "ตลอดปีงบประมาณ" (the whole plan period)
WHOLE_PERIOD = Keyword(r"ตลอด(?:ปีงบประมาณ|ทั้งปี|ระยะเวลา)")
# "ตุลาคม 2565 - กันยายน 2566": a month before its year (fiscal years start in October)
MONTH_YEAR = Keyword(r"(?P<month>" + MONTH_ALT + r")\s?(?:พ\.?\s?ศ\.?\s?)?(?P<year>2[56][0-9]{2})")
# A range of numbers; one side a year and the other not is a year OCR broke:
# "ปีงบประมาณ พ.ศ. 2522-250" (2566-2570 as OCR'd), "ปีงบประมาณพ.ศ. 252-2550"
YEAR_RANGE = regex.compile(r"(?<![0-9,.])([0-9]{2,5})\s?[-–—]\s?([0-9]{2,5})(?![0-9,.])")
# A budget amount: "10,000 บาท", "เป็นเงิน 450,000 บาท (สี่แสนห้าหมื่นบาทถ้วน)"
BAHT_AMOUNT = regex.compile(AMOUNT.pattern + r"\s?บาท")
# Fiscal years start in October: a month from ตุลาคม on belongs to the next fiscal year.
FISCAL_YEAR_FIRST_MONTH = 10


@dataclass(frozen=True, slots=True)
class Budget:
    """A card's budget field read: digits, words, and "no budget"."""

    value: float | None
    words_value: float | None
    no_budget: bool
    confidence: float
    reason: str


def read_budget(text: str | None) -> Budget:
    """``"เป็นเงิน 450,000 บาท (สี่แสนห้าหมื่นบาทถ้วน)"`` -> 450000 (words agree);
    ``"- ไม่ใช้งบประมาณ"`` -> 0 with no_budget; ``"-"`` -> None (nothing printed).

    >>> read_budget("เป็นเงิน 450,000 บาท (สี่แสนห้าหมื่นบาทถ้วน)").value
    450000.0
    >>> read_budget("- ไม่ใช้งบประมาณ").no_budget, read_budget("-").value
    (True, None)
    """
    if not text:
        return Budget(None, None, False, 0.5, WEAK + ": budget field empty")
    words = amount_in_words(text)
    amounts = [m.group(0) for m in BAHT_AMOUNT.finditer(text)]
    if not amounts and (no_budget := NO_BUDGET.search(text)):
        if NO_BUDGET.repaired(no_budget):
            return Budget(0.0, None, True, 0.85, f"{REPAIRED}: {no_budget.group()!r} read as ไม่ใช้งบประมาณ")
        return Budget(0.0, None, True, 0.95, EXACT)
    tokens = [regex.sub(r"\s?บาท$", "", a) for a in amounts] or [
        m.group(0) for m in AMOUNT.finditer(text) if not BE_YEAR.fullmatch(m.group(0))]
    if not tokens:
        if words is not None:
            return Budget(float(words), float(words), False, 0.8, EXACT + ": written in words only")
        printed_dash = bool(regex.fullmatch(r"[-–—\s]*(?:บาท)?", text))
        return Budget(None, None, False, 0.8 if printed_dash else 0.4,
                      EXACT + ": printed '-'" if printed_dash else WEAK + ": no amount found")
    values = {parse_number(t)[0] for t in tokens}
    value, exact = parse_number(tokens[0])
    if len(values) > 1:
        return Budget(value, words, False, 0.5, WEAK + ": several amounts, first taken")
    if NO_BUDGET.search(text):
        return Budget(value, words, False, 0.5, WEAK + ": amount and 'no budget' both printed")
    if words is not None and words != value:
        return Budget(value, float(words), False, 0.4, CROSS_FAIL + f": digits {value:,.0f}, words {words:,.0f}")
    if words is not None:
        return Budget(value, float(words), False, 0.98, CROSS_OK + ": digits and words agree")
    return Budget(value, None, False, 0.95 if exact else 0.75, EXACT if exact else REPAIRED)


@dataclass(frozen=True, slots=True)
class Period:
    start: int | None
    end: int | None
    confidence: float
    reason: str


def broken_year(text: str) -> str | None:
    """The side of a range of years that is no year ("250" in "2522-250"); a range with no year on
    either side ("ไตรมาส 1-4") is no range of years."""
    return next((side for m in YEAR_RANGE.finditer(text) if any(BE_YEAR.fullmatch(y) for y in m.groups())
                 for side in m.groups() if not BE_YEAR.fullmatch(side)), None)


def _years_in_plan(years: list[int], plan_period: tuple[int, int] | None) -> str | None:
    """A year outside the plan that a look-alike digit puts inside it ("2510" for 2570: ๑ and ๗
    look alike) is read so, in place; what was printed and read, or None."""
    if plan_period is None:
        return None
    repaired = []
    for k, year in enumerate(years):
        inside = [r for r in look_alike_numbers(year) if plan_period[0] <= r <= plan_period[1]]
        if not plan_period[0] <= year <= plan_period[1] and len(inside) == 1:
            years[k] = inside[0]
            repaired.append(f"printed {year}, read {inside[0]}")
    return "; ".join(repaired) + " (a look-alike digit; the year inside the plan)" if repaired else None


def read_period(text: str | None, plan_period: tuple[int, int] | None = None) -> Period:
    """``"ปีงบประมาณ พ.ศ. 2566 - 2570"`` -> 2566..2570; ``"ตลอดปีงบประมาณ"`` -> the plan period;
    ``"ตุลาคม 2565 - กันยายน 2566"`` -> fiscal year 2566; ``"2566-2670"`` -> 2566..2570 (typo).

    >>> [(p.start, p.end) for p in (read_period(text, (2566, 2570)) for text in
    ...  ("ปีงบประมาณ พ.ศ. 2566 - 2570", "ตลอดปีงบประมาณ", "ตุลาคม 2565 - กันยายน 2566", "2566-2670"))]
    [(2566, 2570), (2566, 2570), (2566, 2566), (2566, 2570)]
    """
    if not text:
        return Period(None, None, 0.5, WEAK + ": period field empty")
    years = [int(m.group(1)) for m in BE_YEAR.finditer(text)]
    dated = list(MONTH_YEAR.ocr.finditer(text))  # month names as printed or as OCR read them
    if dated:
        years = [int(m.group("year")) + (month_number(m.group("month")) >= FISCAL_YEAR_FIRST_MONTH) for m in dated]
    if not years:
        if WHOLE_PERIOD.search(text) and plan_period:
            return Period(*plan_period, 0.6, INFERRED + ": whole plan period")
        return Period(None, None, 0.4, WEAK + ": no year in period")
    misread = _years_in_plan(years, plan_period)
    start, end = min(years[0], years[-1]), max(years[0], years[-1])
    reason = INFERRED + ": fiscal years of the dates" if dated else EXACT
    confidence = 0.85 if dated else 0.95
    if misread:
        confidence, reason = 0.8, f"{REPAIRED}: {misread}"
    broken = broken_year(text)
    if broken is not None and not dated:
        return Period(start, end, 0.4, WEAK + f": {broken} in a range of years is no year")
    if end - start > 10 and start <= end - 100 <= start + 10:
        end, confidence, reason = end - 100, 0.7, REPAIRED + f": end year printed {end}"
    if end - start > 10:
        return Period(start, end, 0.3, WEAK + ": implausible range")
    return Period(start, end, confidence, reason)

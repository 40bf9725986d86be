"""Money amounts and counts as Thai documents print them (after digit normalisation).

Digit classes are written as ``[0-9]`` on purpose: ``\\d`` and ``int()`` also accept Thai digits.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# "135,000", "30.000" (dot as thousands separator, OCR), "30,000.00", "1,250,500.50", "5000"
AMOUNT = regex.compile(
    r"(?<![0-9.,])(?:[0-9]{1,3}(?:[,.][0-9]{3})+(?:[.,][0-9]{2})?|[0-9]+(?:\.[0-9]{1,2})?)(?![0-9])"
)
# A cell that means "no amount": "-", "–", "—", "0", "", "ไม่ใช้งบประมาณ"
DASH = regex.compile(r"^[\-–—_~.]+$")
NO_BUDGET = regex.compile(r"ไม่(?:ใช้|ได้ใช้)?\s?งบ(?:ประมาณ)?|ไม่มีงบ(?:ประมาณ)?")
# "จำนวน 7 โครงการ", "๒๕ โครงการ"
PROJECT_COUNT = regex.compile(r"(?:จำนวน\s*)?([0-9]{1,3})\s*(?:โครงการ|กิจกรรม|มาตรการ)")


@dataclass(frozen=True, slots=True)
class Amount:
    """A parsed money cell: ``value`` in baht (None for '-' or unreadable), and how sure we are."""

    value: float | None
    text: str
    no_budget: bool = False
    exact: bool = True  # False when the reading needed a guess (e.g. '.' as thousands separator)


def parse_number(token: str) -> tuple[float, bool]:
    """``"135,000" -> (135000.0, True)``; ``"30.000" -> (30000.0, False)`` (dot read as separator).

    The boolean is False when the separators were ambiguous and a reading was chosen.
    """
    token = token.strip()
    groups = regex.split(r"[,.]", token)
    if len(groups) == 1:
        return float(token), True
    last = groups[-1]
    # Two decimals at the end ("30,000.00", "1,500.50") are satang.
    if len(last) == 2 and len(groups) >= 2:
        whole = "".join(groups[:-1])
        exact = "," not in token or token.rfind(".") > token.rfind(",")
        return float(whole) + float(last) / 100, exact and "." in token[-3:]
    # Three-digit groups: thousands separators. A '.' used that way is an OCR slip.
    if all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups)), "." not in token
    return float(token.replace(",", "")), False


def parse_amount(cell: str) -> Amount:
    """Read one budget cell: ``"30,000"``, ``"30.000"``, ``"-"``, ``"ไม่ใช้งบประมาณ"``, ``"10,000 บาท"``."""
    text = cell.strip()
    if NO_BUDGET.search(text):
        return Amount(0.0, text, no_budget=True)
    if not text or DASH.match(text):
        return Amount(None, text)
    match = AMOUNT.search(text)
    if match is None:
        return Amount(None, text, exact=False)
    value, exact = parse_number(match.group(0))
    return Amount(value, text, exact=exact)


def amounts_in(text: str) -> list[str]:
    """All amount tokens of a line in order: ``"30,000 30,000 -"`` -> ``["30,000", "30,000"]``."""
    return [m.group(0) for m in AMOUNT.finditer(text)]

"""Money amounts and counts as Thai documents print them (after digit normalisation).

Digit classes are written as ``[0-9]`` on purpose: ``\\d`` and ``int()`` also accept Thai digits.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.thai.ocr_tolerance import Keyword
from extractors.thai.vocabulary import PROJECT_WORD

# "135,000", "30.000" (dot as thousands separator, OCR), "30,000.00", "1,250,500.50", "5000"
AMOUNT = regex.compile(
    r"(?<![0-9.,])(?:[0-9]{1,3}(?:[,.][0-9]{3})+(?:[.,][0-9]{2})?|[0-9]+(?:\.[0-9]{1,2})?)(?![0-9])"
)
# A cell that means "no amount": "-", "–", "—", "0", "", "ไม่ใช้งบประมาณ"
DASH = regex.compile(r"^[\-–—_~.]+$")
NO_BUDGET = Keyword(r"ไม่(?:ใช้|ได้ใช้)?\s?งบ(?:ประมาณ)?|ไม่มีงบ(?:ประมาณ)?")
# "จำนวน 7 โครงการ", "๒๕ โครงการ"
PROJECT_COUNT = Keyword(r"(?:จำนวน\s*)?([0-9]{1,3})\s*" + PROJECT_WORD)


# A speck OCR leaves inside a printed amount: a bar or a space between its digits ("20,0|00",
# "1 0,000"), or a dot that breaks a group of three ("1.0,000"); read through only where what is
# left is one amount grouped by commas.
_SPECK = regex.compile(r"(?<=[0-9,.])[| ]+(?=[0-9,.])")
_DOT_IN_GROUP = regex.compile(r"(?<=[0-9])\.(?=[0-9])")
_GROUPED = regex.compile(r"^(?:[1-9][0-9]{0,2}|0)(?:,[0-9]{3})+(?:\.[0-9]{2})?$")


def without_specks(text: str) -> str | None:
    """``"20,0|00"`` -> ``"20,000"``; None when ``text`` without its specks is no amount grouped by commas.

    >>> without_specks("20,0|00"), without_specks("1.0,000"), without_specks("1 5"), without_specks("30.000")
    ('20,000', '10,000', None, None)
    """
    clean = _SPECK.sub("", text.strip())
    if _GROUPED.match(clean):
        return clean
    for dot in _DOT_IN_GROUP.finditer(clean):
        trial = clean[:dot.start()] + clean[dot.end():]
        if _GROUPED.match(trial):
            return trial
    return None


@dataclass(frozen=True, slots=True)
class Amount:
    """A parsed money cell: ``value`` in baht (None for '-' or unreadable), and how sure we are."""

    value: float | None
    text: str
    no_budget: bool = False
    exact: bool = True  # False when the reading needed a guess (e.g. '.' as thousands separator)
    repair: str | None = None  # what the guess was


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
    if no_budget := NO_BUDGET.search(text):
        if NO_BUDGET.repaired(no_budget):
            return Amount(0.0, text, no_budget=True, exact=False, repair=f"{no_budget.group()!r} read as ไม่ใช้งบประมาณ")
        return Amount(0.0, text, no_budget=True)
    if not text or DASH.match(text):
        return Amount(None, text)
    if not AMOUNT.fullmatch(text) and (clean := without_specks(text)) is not None:
        return Amount(parse_number(clean)[0], text, exact=False, repair=f"a speck inside {text!r} read through")
    match = AMOUNT.search(text)
    if match is None:
        return Amount(None, text, exact=False)
    value, exact = parse_number(match.group(0))
    return Amount(value, text, exact=exact, repair=None if exact else "separator read as thousands")


def amounts_in(text: str) -> list[str]:
    """All amount tokens of a line in order: ``"30,000 30,000 -"`` -> ``["30,000", "30,000"]``."""
    return [m.group(0) for m in AMOUNT.finditer(text)]


# Amounts written out in words, as cards print them after the digits:
# "(หนึ่งล้านเจ็ดแสนหกหมื่นห้าพันบาทถ้วน)", "(สามหมื่นบาทถ้วน)". Digit words, then place words.
_WORD_DIGITS = {"ศูนย์": 0, "หนึ่ง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4, "ห้า": 5,
                "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9}
_WORD_PLACES = {"สิบ": 10, "ร้อย": 100, "พัน": 1_000, "หมื่น": 10_000, "แสน": 100_000}
_NUMBER_WORD = "|".join(sorted([*_WORD_DIGITS, *_WORD_PLACES, "ล้าน"], key=len, reverse=True))
_NUMBER_WORD_TOKEN = regex.compile(_NUMBER_WORD)
# "สามหมื่นบาทถ้วน", "หนึ่งล้านเจ็ดแสนหกหมื่นห้าพันบาท"
AMOUNT_IN_WORDS = regex.compile(r"(?P<words>(?:" + _NUMBER_WORD + r")+)\s?บาท")


def parse_number_words(words: str) -> int | None:
    """``"หนึ่งล้านเจ็ดแสนหกหมื่นห้าพัน" -> 1765000``; None unless ``words`` is only number words.

    >>> parse_number_words("ยี่สิบเอ็ด")
    21
    """
    tokens = _NUMBER_WORD_TOKEN.findall(words)
    if not tokens or "".join(tokens) != words:
        return None
    millions = 0
    below_million = 0
    digit: int | None = None
    for token in tokens:
        if token in _WORD_DIGITS:
            if digit is not None:
                return None  # two digit words in a row ("สามสี่") is not a number
            digit = _WORD_DIGITS[token]
        elif token in _WORD_PLACES:
            below_million += (1 if digit is None else digit) * _WORD_PLACES[token]
            digit = None
        else:  # ล้าน multiplies everything read so far
            millions = millions * 1_000_000 + below_million + (digit or 0)
            below_million, digit = 0, None
    return millions * 1_000_000 + below_million + (digit or 0)


def amount_in_words(text: str) -> int | None:
    """The first amount written in words before บาท: ``"(สามหมื่นบาทถ้วน)" -> 30000``."""
    match = AMOUNT_IN_WORDS.search(text)
    return parse_number_words(match.group("words")) if match else None

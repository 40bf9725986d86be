"""Thai dates and Buddhist Era years, as printed in plans (after digit normalisation)."""

from __future__ import annotations

import regex

from extractors.thai.ocr_tolerance import Keyword, Vocabulary

BE_OFFSET = 543
# Plausible Buddhist Era years for these documents (2500-2699); anything else is a misread.
BE_YEAR = regex.compile(r"(?<![0-9])(2[56][0-9]{2})(?![0-9])")

# Full names, abbreviations and common OCR spellings, in one table.
THAI_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
        ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค.", "กรกฏาคม"),
        ("สิงหาคม", "ส.ค."), ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."),
        ("ธันวาคม", "ธ.ค."),
    ],
    start=1,
):
    for _name in _names:
        THAI_MONTHS[_name] = _number

# Month names in one alternative, longest first, for patterns that read a month.
MONTH_ALT = "|".join(sorted((regex.escape(m) for m in THAI_MONTHS), key=len, reverse=True))
# Each month name, for a name OCR damaged ("ฟฤษภาคม"): the month it reads as.
_MONTH_WORDS = Vocabulary((number, Keyword(regex.escape(name))) for name, number in THAI_MONTHS.items())
# "๑๗ เดือน กันยายน พ.ศ. ๒๕๖๕", "ณ วันที่ 17 กันยายน 2565", "วันที่ เดือน กันยายน พ.ศ. 2565"
# Each optional part takes the spaces after it, so no two ``\s*`` meet and none leads the
# pattern: a date line followed by 30,000 TABs took minutes when each TAB could start a match.
THAI_DATE = Keyword(
    r"(?:วันที่\s*)?(?:(?P<day>[0-9]{1,2})\s*)?(?:เดือน\s*)?(?P<month>" + MONTH_ALT + r")\s*"
    r"(?:พ\.?\s?ศ\.?\s*)?(?P<year>[0-9]{4})"
)


def be_to_ce(year_be: int) -> int:
    return year_be - BE_OFFSET


def month_number(printed: str) -> int:
    """The month a name read by a pattern built on ``MONTH_ALT`` (maybe OCR-damaged) names."""
    return THAI_MONTHS.get(printed) or _MONTH_WORDS.first(printed, "fullmatch")[0]


def read_thai_date(text: str) -> tuple[str | None, bool]:
    """First Thai date in ``text`` as ISO CE (``YYYY-MM`` when the day is missing; never invented),
    and whether its words were read through OCR variants ("ฟฤษภาคม").

    >>> read_thai_date("ประกาศ ณ วันที่ 17 เดือน กันยายน พ.ศ. 2565")
    ('2022-09-17', False)
    >>> read_thai_date("ณ วันที่ เดือน ตุลาคม พ.ศ. 2565"), read_thai_date("วันที่ 17 เดือน ฟฤษภาคม พ.ศ. 2565")
    (('2022-10', False), ('2022-05-17', True))
    """
    match = THAI_DATE.search(text)
    if match is None:
        return None, False
    year = int(match.group("year"))
    if not 2400 <= year <= 2700:
        return None, False
    month = month_number(match.group("month"))
    year_ce = be_to_ce(year)
    day = match.group("day")
    if day and 1 <= int(day) <= 31:
        return f"{year_ce:04d}-{month:02d}-{int(day):02d}", THAI_DATE.repaired(match)
    return f"{year_ce:04d}-{month:02d}", THAI_DATE.repaired(match)


def parse_thai_date(text: str) -> str | None:
    """``read_thai_date`` without saying how it was read."""
    return read_thai_date(text)[0]


def be_years(text: str) -> list[int]:
    """Buddhist Era years in ``text`` in order: ``"(พ.ศ. 2566 - 2570)" -> [2566, 2570]``."""
    return [int(y) for y in BE_YEAR.findall(text)]

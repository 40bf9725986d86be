"""Thai dates and Buddhist Era years, as printed in plans (after digit normalisation)."""

from __future__ import annotations

import regex

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

_MONTH_ALT = "|".join(sorted((regex.escape(m) for m in THAI_MONTHS), key=len, reverse=True))
# "๑๗ เดือน กันยายน พ.ศ. ๒๕๖๕", "ณ วันที่ 17 กันยายน 2565", "วันที่ เดือน กันยายน พ.ศ. 2565"
THAI_DATE = regex.compile(
    r"(?:วันที่\s*)?(?P<day>[0-9]{1,2})?\s*(?:เดือน\s*)?(?P<month>" + _MONTH_ALT + r")\s*"
    r"(?:พ\.?\s?ศ\.?\s*)?(?P<year>[0-9]{4})"
)


def be_to_ce(year_be: int) -> int:
    return year_be - BE_OFFSET


def parse_thai_date(text: str) -> str | None:
    """First Thai date in ``text`` as ISO CE; ``YYYY-MM`` when the day is missing; never invented.

    >>> parse_thai_date("ประกาศ ณ วันที่ 17 เดือน กันยายน พ.ศ. 2565")
    '2022-09-17'
    >>> parse_thai_date("ณ วันที่ เดือน ตุลาคม พ.ศ. 2565")
    '2022-10'
    """
    match = THAI_DATE.search(text)
    if match is None:
        return None
    year = int(match.group("year"))
    if not 2400 <= year <= 2700:
        return None
    month = THAI_MONTHS[match.group("month")]
    year_ce = be_to_ce(year)
    day = match.group("day")
    if day and 1 <= int(day) <= 31:
        return f"{year_ce:04d}-{month:02d}-{int(day):02d}"
    return f"{year_ce:04d}-{month:02d}"


def be_years(text: str) -> list[int]:
    """Buddhist Era years in ``text`` in order: ``"(พ.ศ. 2566 - 2570)" -> [2566, 2570]``."""
    return [int(y) for y in BE_YEAR.findall(text)]

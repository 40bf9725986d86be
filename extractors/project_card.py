"""Project detail cards (รายละเอียดโครงการ/กิจกรรม/มาตรการ): one record per card, every field.

A card starts at "ลำดับที่ N" and/or "1. ชื่อโครงการ : ..." and carries numbered fields. Fields
are recognised by what the heading SAYS (``FIELD_HEADINGS``), never by its printed number: the
numbers restart or skip after page breaks ("6. ระยะเวลาดำเนินการ" followed by "3. งบประมาณ...")
and list items inside a field are numbered the same way ("6. สรุปผลประเมินผล").

``locate`` cuts the document into card segments; ``read_card`` reads one segment;
``extract_cards`` numbers the cards, places them under their dimension/mission headings and
repairs misprinted numbers; ``card_checks`` reports what looks wrong inside the cards;
``link_cards`` joins cards to the plan's budget-table rows.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import regex

from extractors.thai.normalise import ITEM_SEP
from extractors.records import (CROSS_FAIL, CROSS_OK, EXACT, INFERRED, REPAIRED, WEAK, Heading, Record,
                                Segment, check)
from extractors.thai.dates import BE_YEAR, THAI_MONTHS
from extractors.thai.numbers import AMOUNT, NO_BUDGET, amount_in_words, parse_number
from extractors.thai.titles import similar_titles, title_similarity
from extractors.thai.vocabulary import PROJECT_WORD

# ---------------------------------------------------------------------------------------------
# Thai patterns (examples are real lines after normalisation)

# "ลำดับที่ 6"; also glued after another line: "มติที่ 1 การสร้างวัฒนธรรมสุจริต ลำดับที่ 1";
# older plans: "โครงการที่ 3", "กิจกรรมที่ 3", "มาตรการที่ 3"
CARD_NO = regex.compile(r"(?:ลำดับ|" + PROJECT_WORD + r")\s?ที่\s?([0-9]{1,3})\s*$")
# "ลำดับที่" as OCR reads it: "ลำดับที่1”*" (marks after the number), "ล้าดับที่2" (sara am read as ้า),
# "ล าดับที่ 3" (sara am split), "ลำดับท 4" (ที่ without its vowel and tone mark)
CARD_NO_OCR = regex.compile(r"ล\s?(?:ำ|้?า)\s?ดับ\s?ท[ีิ]?[่้]{0,2}\s?([0-9]{1,3})[\s\p{P}\p{S}]*$")
# "รายละเอียดโครงการ/กิจกรรม/มาตรการ" printed above each card of a project_details document
CARD_BANNER = regex.compile(r"^รายละเอียด" + PROJECT_WORD)
# "1. ชื่อโครงการ : โครงการจัดงานวันเด็ก (16)", "1. ชื่อโครงการ:โครงการ/กิจกรรม ประเมิน...",
# OCR "ชือโครงการ", "1.ซื่อโครงการ :", "1.ซือโครงการ :โครงการเสริมความโปร่งใสในการบ...";
# glued: "รายละเอียดโครงการ/กิจกรรม/มาตรการ ลำดับที่ 6 1. ชื่อโครงการ : โครงการเสริมสร้าง..."
_TITLE_WORD = rf"(?:[ชซ]ื่?อ){PROJECT_WORD}(?:\s?/\s?{PROJECT_WORD})*\s?:?\s?"
TITLE_WORD_ANYWHERE = regex.compile(r"[ชซ]ื่?อ")
TITLE_HEADING = regex.compile(
    r"^(?:[-•]\s?)?(?:[0-9]{1,2}\s?(?P<close>[.)])\s?)?" + _TITLE_WORD
    + r"|(?<=\s)[0-9]{1,2}\s?(?P<close>[.)])\s?" + _TITLE_WORD
)
# "9. ผลผลิต/ผลลัพธ์", "- 8. ผู้รับผิดชอบโครงการ": a printed field number, then the heading
NUMBERED_LINE = regex.compile(r"^(?:[-•]\s?)?([0-9]{1,2})\s?([.)])\s?(?![0-9])")
# A field number as OCR misreads it, taken only where heading words follow: a look-alike letter
# ("ฆ.งบประมาณทีใช้ในการดำเนินการ" for 7.), marks around it ("«3. ผลผลิต/ผลลัพธ์",
# "2.'หลักการและเหตุผล/ที่มาของโครงการ")
MISREAD_NUMBER = regex.compile(
    r"^(?:[-•«»]\s?)?(?:[0-9]{1,2}|[ก-ฮa-zA-Z@])\s?(?P<close>[.)])\s?[\p{P}\p{S}]{0,2}\s?(?![0-9])")
# Two letters/digits in a row: text without them is OCR litter after a heading or on a line of its own
# ("ผลลัพธ์ .", "ผลผลิต อ", "ผลลัพธ์ | น", "1.ชื่อโครงการ : .")
WORD = regex.compile(r"[\p{L}\p{N}]\p{M}*[\p{L}\p{N}]")
# Punctuation left before a value: "1.ชื่อโครงการ::โครงการพัฒนาความรู้..." (OCR doubled the colon)
STRAY_LEAD = regex.compile(r"^[\s:;,.|]+")
# Trailing budget-table row number after a title: "กิจกรรมส่งเสริมชุมชนเฝ้าระวังการทุจริต (50)"
PROJECT_HINT = regex.compile(r"\s?\(\s?([0-9]{1,3})\s?\)\s*$")
# List item markers inside a field: "1)", "- 7)", "(1)", "1.", sub-items "1.1)", "2.1.1)";
# items numbered after their field (2561-2564 template): "3.1 เพื่อเสริมสร้างจิตสำนึก"
ITEM_MARKER = regex.compile(
    r"^(?:[-•]\s?)?(?:\((?P<enclosed>[0-9]{1,2})\)|(?P<number>[0-9]{1,2})(?P<sub>(?:\.[0-9]{1,2})+)?"
    r"\s?(?P<close>[.)])(?![0-9])|[0-9]{1,2}\.(?P<section>[0-9]{1,2})(?=\s))\s?"
)
BULLET = regex.compile(r"^[-•❖]\s?(?=\S)")
# Page furniture between two pages of a card: "2", "- 12 -", ".../12. นางสาว"
PAGE_FURNITURE = regex.compile(r"^(?:[-–]?\s?[0-9]{1,3}\s?[-–]?|\.{2,}/.*)$")
# Parts of a plan that follow the last card: "ภาคผนวก", "ส่วนที่ 4", "ประกาศเทศบาลนครพิษณุโลก"
CARDS_END = regex.compile(r"^(?:ภาคผนวก|ส่วนที่\s?[0-9]|(?:ประกาศ|คำสั่ง)(?:เทศบาล|องค์การบริหาร))")
# "ตลอดปีงบประมาณ" (the whole plan period)
WHOLE_PERIOD = regex.compile(r"ตลอด(?:ปีงบประมาณ|ทั้งปี|ระยะเวลา)")
# "ตุลาคม 2565 - กันยายน 2566": a month before its year (fiscal years start in October)
_MONTH_ALT = "|".join(sorted((regex.escape(m) for m in THAI_MONTHS), key=len, reverse=True))
MONTH_YEAR = regex.compile(r"(?P<month>" + _MONTH_ALT + r")\s?(?:พ\.?\s?ศ\.?\s?)?(?P<year>2[56][0-9]{2})")
# A range of numbers; one side a year and the other not is a year OCR broke:
# "ปีงบประมาณ พ.ศ. 2522-250" (2566-2570 as OCR'd), "ปีงบประมาณพ.ศ. 252-2550"
YEAR_RANGE = regex.compile(r"(?<![0-9,.])([0-9]{2,5})\s?[-–—]\s?([0-9]{2,5})(?![0-9,.])")
# A budget amount: "10,000 บาท", "เป็นเงิน 450,000 บาท (สี่แสนห้าหมื่นบาทถ้วน)"
BAHT_AMOUNT = regex.compile(AMOUNT.pattern + r"\s?บาท")

# Field headings by meaning: synonyms and OCR variants seen in plans, in one table: (field, heading
# as printed, OCR misreadings beyond dropped/doubled tone marks (which ``_ocr_tolerant`` allows)).
# Order matters where one heading starts with another (ผลผลิต/ผลลัพธ์ before ผลผลิต).
_FIELD_SYNONYMS = (
    # "2. หลักการและเหตุผล", "2. หลักการและเหตุผล/ที่มาของโครงการ", "ที่มาและความสำคัญ"
    ("rationale", r"หลักการ\s?(?:และ)?\s?เหตุผล(?:\s?/\s?ที่มา)?|ที่มา(?:และความสำคัญ)?|ความเป็นมา", None),
    # "3. วัตถุประสงค์" (OCR drops the thanthakhat: "วัตถุประสงค")
    ("objectives", r"วัตถุประสงค์?", None),
    # "4. กลุ่มเป้าหมาย", "4. เป้าหมาย", "เป้าหมาย/ผลผลิต" (2561-2564 template)
    ("target_group", r"(?:กลุ่ม)?เป้าหมาย(?:\s?/\s?(?:กลุ่มเป้าหมาย|ผลผลิต))?", None),
    # "5. พื้นที่ดำเนินการ", "สถานที่ดำเนินงาน"
    ("location", r"(?:พื้นที่|สถานที่)\s?(?:ใน)?(?:การ)?ดำเนิน(?:การ|งาน)?", None),
    # "5. วิธีดำเนินการ", "5. วิธีดำเนินงาน", "5. วิธีดำเนิน", "5. วิธีการดำเนินการ", "ขั้นตอนการดำเนินงาน"
    ("methods", r"(?:วิธี|ขั้นตอน)\s?(?:การ)?\s?ดำเนิน(?:การ|งาน)?", None),
    # "6. ระยะเวลาดำเนินการ", "6. ระยะเวลาการดำเนินงาน", "ระยะเวลาดำเนินโครงการ"
    ("period", r"ระยะเวลา\s?(?:ใน)?(?:การ)?\s?(?:ดำเนิน(?:การ|งาน)?)?", None),
    # "7. งบประมาณที่ใช้ในการดำเนินการ", "7. งบประมาณดำเนินการ", "7. งบประมาณในการดำเนินโครงการ",
    # "7. งบประมาณที่ดำเนินการ"
    ("budget", r"งบประมาณ\s?(?:ที่ใช้)?\s?(?:ที่|ใน)?(?:การ)?\s?(?:ดำเนิน(?:การ|งาน)?)?", None),
    # "8. ผู้รับผิดชอบโครงการ", "หน่วยงานที่รับผิดชอบ", "หน่วยงาน/ผู้รับผิดชอบ"
    # OCR: "5.ผู้รับถิดชอบโครงการ" (ผ read as ถ)
    ("responsible", r"(?:หน่วยงาน\s?/\s?)?ผู้\s?รับผิดชอบ|หน่วยงาน(?:ที่)?\s?รับผิดชอบ", r"ผู้\s?รับถิดชอบ"),
    # "10. ตัวชี้วัด/ผลลัพธ์" (2561-2564 template), "ตัวชี้วัดความสำเร็จของโครงการ"
    ("indicators", r"ตัวชี้วัด(?:ความสำเร็จ)?(?:\s?/\s?ผลลัพธ์)?", None),
    # "9. ผลผลิต/ผลลัพธ์", "9. ผลผลิต / ผลลัพธ์", "ผลที่คาดว่าจะได้รับ", "ประโยชน์ที่คาดว่าจะได้รับ"
    ("results", r"ผลผลิต\s?/\s?ผลลัพธ์|(?:ผล|ผลประโยชน์|ประโยชน์)ที่คาดว่าจะได้รับ", None),
    # "ผลผลิต" and "ผลลัพธ์" on their own line split field 9
    ("outputs", r"ผลผลิต", None),
    ("outcomes", r"ผลลัพธ์", None),
)
# Headings may end with what they belong to: "ระยะเวลาดำเนินโครงการ", "ที่มาของโครงการ/กิจกรรม"
_HEADING_SUFFIX = rf"(?:\s?(?:ของ)?{PROJECT_WORD}(?:\s?/\s?{PROJECT_WORD})*)?"
# Thai tone marks and thanthakhat that OCR drops or doubles ("ท้องถิน", "เกี่ยวข้้อง"); sara am it reads as ้า.
_TONE_MARK = regex.compile(r"([\u0e48-\u0e4c])\??")


def _ocr_tolerant(pattern: str) -> str:
    """``pattern`` accepting each tone mark dropped or doubled and ำ read as ้า / า."""
    return _TONE_MARK.sub(r"\1{0,2}", pattern).replace("ำ", "(?:ำ|้?า)")


def _heading_pattern(pattern: str) -> regex.Pattern:
    return regex.compile(f"(?:{pattern}){_HEADING_SUFFIX}")


# (field, heading as printed, heading as OCR may read it)
FIELD_HEADINGS: tuple[tuple[str, regex.Pattern, regex.Pattern], ...] = tuple(
    (name, _heading_pattern(pattern),
     _heading_pattern(_ocr_tolerant(pattern + (f"|{variants}" if variants else ""))))
    for name, pattern, variants in _FIELD_SYNONYMS
)
# Headings that may come back inside a field (sub-headings of ผลผลิต/ผลลัพธ์).
SUB_HEADINGS = {"outputs", "outcomes", "indicators"}
# A numbered line is a heading only when the text after the heading words is short (or after ":"),
# or when its number is the next field's; longer lines are list items that happen to start with
# such words.
HEADING_TAIL = 60
# Fields whose body is a list of items.
LIST_FIELDS = ("objectives", "methods", "outputs", "outcomes", "indicators")
# What a combined heading's text means before any sub-heading splits it.
COMBINED_DEFAULT = {"results": "outcomes"}
# The card columns read from a field (the others are the field's own column).
VALUES_OF = {"period": ("period_text", "start_year_be", "end_year_be"),
             "budget": ("budget_text", "budget_thb", "budget_words_thb", "no_budget")}
# A value read under a heading OCR misread is no surer than this, any value of such a card no surer
# than the second.
REPAIRED_CONFIDENCE = 0.8
DAMAGED_CARD_CONFIDENCE = 0.85
# A card needs its title and at least this many other fields (prose mentioning ชื่อโครงการ is no card).
MIN_FIELDS = 2
# Fiscal years start in October: a month from ตุลาคม on belongs to the next fiscal year.
FISCAL_YEAR_FIRST_MONTH = 10
# Title similarity above which a card's title and a budget-table title name the same project.
TITLE_AGREES = 0.6
# Title similarity below which no link is made from titles alone.
TITLE_LINK_MIN = 0.55
# What a card's printed row number, and a budget amount the row also has, add to its title likeness.
HINT_WEIGHT = 0.3
BUDGET_WEIGHT = 0.1


# ---------------------------------------------------------------------------------------------
# Locating cards


@dataclass(frozen=True, slots=True)
class _CardStart:
    start: int  # first line of the card (ลำดับที่, banner or title line)
    title_line: int
    title_offset: int  # where the title heading starts inside the title line


def _card_starts(lines: Sequence[str]) -> list[_CardStart]:
    starts: list[_CardStart] = []
    for index, line in enumerate(lines):
        match = _title_heading(line) if TITLE_WORD_ANYWHERE.search(line) else None
        if match is None:
            continue
        start = index
        if not _card_number(_as_card_line(line)[: match.start()]):
            # "ลำดับที่ N" and the banner stand a few lines above, with only blanks between.
            back = index - 1
            while back >= 0 and index - back <= 6 and (not starts or back > starts[-1].title_line):
                text = lines[back].strip()
                if _card_number(text) or CARD_BANNER.match(text):
                    start = back
                elif text:
                    break
                back -= 1
        starts.append(_CardStart(start, index, match.start()))
    return starts


def _as_card_line(line: str) -> str:
    """A card printed as a two-column table reads like a printed card:
    ``"1. ชื่อโครงการ\tโครงการจัดงานวันเด็ก"`` -> ``"1. ชื่อโครงการ : โครงการจัดงานวันเด็ก"``.
    Other table rows stay as they are (and start no card)."""
    if "\t" not in line:
        return line
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    if len(cells) >= 2 and (TITLE_HEADING.match(cells[0]) or _classify(cells[0])):
        return f"{cells[0]} : {' '.join(cells[1:])}"
    return line


def _title_heading(line: str) -> regex.Match | None:
    """The title heading in ``line`` (read as a card line); none in a table row."""
    line = _as_card_line(line)
    return TITLE_HEADING.search(line) if "\t" not in line else None


def _card_end(lines: Sequence[str], start: _CardStart, limit: int, heading_lines: list[int]) -> int:
    """Last line of the card that starts at ``start``: before the next card, heading or end part."""
    end = limit
    # A heading ends the card unless card fields follow it (then it is a list item read as a heading).
    for heading in heading_lines[bisect.bisect_right(heading_lines, start.title_line):]:
        if heading > limit:
            break
        if not any((found := _classify(lines[i].strip())) and found.name not in SUB_HEADINGS
                   for i in range(heading + 1, limit + 1)):
            end = heading - 1
            break
    for index in range(start.title_line + 1, end + 1):
        if CARDS_END.match(lines[index]):
            end = index - 1
            break
    while end > start.title_line and not lines[end].strip():
        end -= 1
    return end


def locate(lines: Sequence[str], headings: Sequence[Heading] | None = None) -> list[Segment]:
    """Card segments (kind ``project_card``) in document order, labelled with the card's title line.

    Cards end at the next card, the next dimension/mission heading (when ``headings`` are
    known) or the part of the plan that follows the cards (ภาคผนวก, ส่วนที่ N, ประกาศ...).
    A title heading followed by too few fields (prose that names a project) starts no card.
    """
    heading_lines = sorted(h.line for h in headings or ())

    def segments(starts: list[_CardStart]) -> list[Segment]:
        found = []
        for number, start in enumerate(starts):
            limit = starts[number + 1].start - 1 if number + 1 < len(starts) else len(lines) - 1
            end = _card_end(lines, start, limit, heading_lines)
            label = _as_card_line(lines[start.title_line])[start.title_offset:]
            found.append(Segment("project_card", start.start, end, label))
        return found

    starts = _card_starts(lines)
    cards = [start for start, segment in zip(starts, segments(starts)) if _field_count(lines, segment) >= MIN_FIELDS]
    return segments(cards)


# ---------------------------------------------------------------------------------------------
# Reading one card


@dataclass
class _Field:
    name: str
    lines: list[str] = field(default_factory=list)
    number: int | None = None  # the heading's printed number ("7. งบประมาณ" -> 7)
    line: int = 0
    repaired: bool = False  # the heading was read through an OCR variant


class _Found(NamedTuple):
    """A field heading found on a line: the field, the text after the heading, and whether the
    heading was read through an OCR variant (then what the field holds is less sure)."""

    name: str
    inline: str
    repaired: bool = False


def _heading_words(text: str) -> tuple[str, regex.Match, bool] | None:
    """``(field, match, repaired)`` for the heading words ``text`` starts with. A heading as printed
    wins; its OCR reading wins when it reads further ("งบประมาณทีใช้ในการดำเนินการ")."""
    for name, printed, ocr in FIELD_HEADINGS:
        if match := printed.match(text):
            further = ocr.match(text)
            return (name, further, True) if further.end() > match.end() else (name, match, False)
    for name, _, ocr in FIELD_HEADINGS:
        if match := ocr.match(text):
            return name, match, True
    return None


def _heading(text: str, any_tail: bool = False) -> _Found | None:
    """The heading when ``text`` (without number) is a field heading; ``any_tail``: whatever the
    length of the text after it."""
    found = _heading_words(text)
    if found is None:
        return None
    name, match, repaired = found
    tail = text[match.end():].strip()
    if tail.startswith(":"):
        return _Found(name, tail[1:].strip(), repaired)
    return _Found(name, tail, repaired) if any_tail or len(tail) <= HEADING_TAIL else None


def _next_field(line: str, style: str | None, previous: int | None, current: _Field) -> _Found | None:
    """A heading with a long value on its own line ("4. กลุ่มเป้าหมาย ผู้บริหาร ... จำนวน 60 คน"),
    taken when it is numbered as the field after the previous heading and the current field holds
    no list numbered the same way (whose next item the line could be)."""
    numbered = NUMBERED_LINE.match(line)
    if numbered is None or previous is None or numbered.group(2) != style or int(numbered.group(1)) != previous + 1:
        return None
    if any((item := NUMBERED_LINE.match(text)) and item.group(2) == style for text in current.lines):
        return None
    return _heading(line[numbered.end():], any_tail=True)


def _classify(line: str, style: str | None = None) -> _Found | None:
    """A field heading line -> its heading; None for content.

    ``style`` is how the card numbers its fields ("." or ")"); a line numbered the other way
    is a list item ("3) เป้าหมาย..." under "3. วัตถุประสงค์"). A number OCR misread is taken as
    one when heading words follow it.
    """
    numbered = NUMBERED_LINE.match(line)
    if numbered and style is not None and numbered.group(2) != style:
        return None
    if numbered and (found := _heading(line[numbered.end():])):
        return found
    misread = MISREAD_NUMBER.match(line)
    if misread and style in (None, misread.group("close")) and (found := _heading(line[misread.end():])):
        return found._replace(repaired=True)
    if numbered or misread:
        return None
    text = BULLET.sub("", line)
    found = _heading(text)
    # Without a number, a heading must stand alone (or before ":"), as "ผลผลิต" does; OCR litter
    # after it ("ผลลัพธ์ .") is no value.
    if found and found.inline and ":" not in text and not WORD.search(found.inline):
        return found._replace(inline="", repaired=True)
    return found if found and (not found.inline or ":" in text) else None


class _FieldsMemo:
    """Fields parsed per card segment of the document being read, so that locating, reading and
    checking a card parse it once. Only one document's lines are held; a new list starts afresh."""

    def __init__(self) -> None:
        self.lines: Sequence[str] | None = None
        self.parsed: dict[tuple[int, int], tuple[_Field, list[_Field]]] = {}

    def get(self, lines: Sequence[str], segment: Segment) -> tuple[_Field, list[_Field]]:
        if lines is not self.lines:
            self.lines, self.parsed = lines, {}
        key = (segment.start, segment.end)
        if key not in self.parsed:
            self.parsed[key] = _parse_fields(lines, segment)
        return self.parsed[key]


_MEMO = _FieldsMemo()


def _fields(lines: Sequence[str], segment: Segment) -> tuple[_Field, list[_Field]]:
    """The title field and the other fields of a card, in printed order (parsed once per card)."""
    return _MEMO.get(lines, segment)


def _parse_fields(lines: Sequence[str], segment: Segment) -> tuple[_Field, list[_Field]]:
    title_index, match = next((i, m) for i in range(segment.start, segment.end + 1)
                              if (m := _title_heading(lines[i])))
    style = match.group("close")
    title_line = _as_card_line(lines[title_index])
    numbered = NUMBERED_LINE.match(title_line[match.start():].lstrip())
    number = int(numbered.group(1)) if numbered else None  # printed number of the last heading
    title = _Field("title", [title_line[match.end():].strip()], number, title_index,
                   repaired="ชื่อ" not in match.group(0))
    fields: list[_Field] = []
    current = title
    seen: set[str] = set()
    for index in range(title_index + 1, segment.end + 1):
        line = _as_card_line(lines[index].strip())
        if not line or PAGE_FURNITURE.match(line):
            continue
        found = _classify(line, style) or _next_field(line, style, number, current)
        if found and (found.name not in seen or found.name in SUB_HEADINGS):
            name, inline, repaired = found
            seen.add(name)
            numbered = NUMBERED_LINE.match(line)
            number = int(numbered.group(1)) if numbered else number
            current = _Field(name, number=int(numbered.group(1)) if numbered else None, line=index, repaired=repaired)
            fields.append(current)
            # "9. ผลผลิต/ผลลัพธ์ ผลผลิต": a sub-heading glued to its heading
            sub = _classify(inline) if inline else None
            if sub and sub.name in SUB_HEADINGS:
                current = _Field(sub.name, repaired=sub.repaired)
                fields.append(current)
                inline = sub.inline
            if inline:
                current.lines.extend(inline.split(ITEM_SEP))
        else:
            current.lines.extend(line.split(ITEM_SEP))  # list items of an HTML cell, one per line
    return title, fields


def field_numbering_breaks(lines: Sequence[str], segment: Segment) -> list[tuple[int, int, int]]:
    """Headings whose printed number does not follow the previous heading's: ``(line, expected,
    printed)``. Seed 000 card 2 goes on after a page break with "3. งบประมาณ..." where 7 belongs."""
    title, fields = _fields(lines, segment)
    breaks = []
    previous = title.number
    for f in fields:
        if f.number is None:
            continue
        if previous is not None and f.number != previous + 1:
            breaks.append((f.line, previous + 1, f.number))
        previous = f.number
    return breaks


def _field_count(lines: Sequence[str], segment: Segment) -> int:
    return len({f.name for f in _fields(lines, segment)[1]})


@dataclass(frozen=True, slots=True)
class Items:
    """A field's list: the items, and how sure we are that the split is right."""

    items: list[str]
    confidence: float
    reason: str


def split_items(texts: Sequence[str]) -> Items:
    """Split a field's lines into items; sub-items and continuation lines stay inside their item.

    Numbered lists: an item starts where the number of the list's style follows the previous
    item's number ("4)" after "3)"); "1.1)", "(1)" under "1)" and a sub-list restarting at "1)"
    stay in the current item. Otherwise dash bullets start items; otherwise every line is one.
    """
    marks = [ITEM_MARKER.match(t) for t in texts]
    style = next((_style(m) for m in marks if m and _style(m) != "sub"), None)
    if style is not None:
        numbers = [_number(m) if m and _style(m) == style else None for m in marks]
        following = _following_numbers(numbers)
        items: list[str] = []
        last: int | None = None
        first: int | None = None
        restarted = repaired = False
        for index, (text, mark, number) in enumerate(zip(texts, marks, numbers)):
            # An OCR-misread number ("-@) เพื่อเผยแพร่..." for 1)) is the one missing before the next.
            misread = MISREAD_NUMBER.match(text) if number is None else None
            if misread and misread.group("close") == style and following[index] == (last or 0) + 2:
                number, mark, repaired = (last or 0) + 1, misread, True
            if number is not None and (last is None or number == last + 1):
                items.append(text[mark.end():].strip())
                last = number
                first = number if first is None else first
            elif items:
                restarted |= number is not None
                items[-1] = f"{items[-1]} {BULLET.sub('', text)}".strip()
            else:
                items.append(BULLET.sub("", text))  # a line before the first item ("ดังนี้")
        if repaired:
            return Items(items, 0.75, REPAIRED + ": an item number read through an OCR misreading")
        plain = not restarted and first == 1 and len(items) == last
        confidence = 0.75 if restarted else (0.9 if plain else 0.8)
        return Items(items, confidence, EXACT if plain else WEAK + ": numbering not a plain sequence")
    if any(BULLET.match(t) for t in texts):
        items = []
        for text in texts:
            if BULLET.match(text) or not items:
                items.append(BULLET.sub("", text))
            else:
                items[-1] = f"{items[-1]} {text}"
        return Items(items, 0.8, INFERRED + ": dash bullets")
    return Items(list(texts), 0.7 if len(texts) > 1 else 0.85, INFERRED + ": one item per line")


def _following_numbers(numbers: Sequence[int | None]) -> list[int | None]:
    """For each line, the next item number printed after it (None when no more follow)."""
    following: list[int | None] = [None] * len(numbers)
    for index in range(len(numbers) - 2, -1, -1):
        after = numbers[index + 1]
        following[index] = after if after is not None else following[index + 1]
    return following


def _style(mark: regex.Match) -> str:
    for style in ("enclosed", "section", "sub"):
        if mark.group(style):
            return style
    return mark.group("close")


def _number(mark: regex.Match) -> int:
    return int(mark.group("enclosed") or mark.group("section") or mark.group("number"))


def _join(texts: Sequence[str]) -> str | None:
    joined = STRAY_LEAD.sub("", " ".join(BULLET.sub("", t).strip() for t in texts).strip())
    return joined or None


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
    ``"- ไม่ใช้งบประมาณ"`` -> 0 with no_budget; ``"-"`` -> None (nothing printed)."""
    if not text:
        return Budget(None, None, False, 0.5, WEAK + ": budget field empty")
    words = amount_in_words(text)
    amounts = [m.group(0) for m in BAHT_AMOUNT.finditer(text)]
    if not amounts and NO_BUDGET.search(text):
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


def _broken_year(text: str) -> str | None:
    """The side of a range of years that is no year ("250" in "2522-250"); a range with no year on
    either side ("ไตรมาส 1-4") is no range of years."""
    return next((side for m in YEAR_RANGE.finditer(text) if any(BE_YEAR.fullmatch(y) for y in m.groups())
                 for side in m.groups() if not BE_YEAR.fullmatch(side)), None)


def read_period(text: str | None, plan_period: tuple[int, int] | None = None) -> Period:
    """``"ปีงบประมาณ พ.ศ. 2566 - 2570"`` -> 2566..2570; ``"ตลอดปีงบประมาณ"`` -> the plan period;
    ``"ตุลาคม 2565 - กันยายน 2566"`` -> fiscal year 2566; ``"2566-2670"`` -> 2566..2570 (typo)."""
    if not text:
        return Period(None, None, 0.5, WEAK + ": period field empty")
    years = [int(m.group(1)) for m in BE_YEAR.finditer(text)]
    dated = list(MONTH_YEAR.finditer(text))
    if dated:
        years = [int(m.group("year")) + (THAI_MONTHS[m.group("month")] >= FISCAL_YEAR_FIRST_MONTH) for m in dated]
    if not years:
        if WHOLE_PERIOD.search(text) and plan_period:
            return Period(*plan_period, 0.6, INFERRED + ": whole plan period")
        return Period(None, None, 0.4, WEAK + ": no year in period")
    start, end = min(years[0], years[-1]), max(years[0], years[-1])
    reason = INFERRED + ": fiscal years of the dates" if dated else EXACT
    confidence = 0.85 if dated else 0.95
    broken = _broken_year(text)
    if broken is not None and not dated:
        return Period(start, end, 0.4, WEAK + f": {broken} in a range of years is no year")
    if end - start > 10 and start <= end - 100 <= start + 10:
        end, confidence, reason = end - 100, 0.7, REPAIRED + f": end year printed {end}"
    if end - start > 10:
        return Period(start, end, 0.3, WEAK + ": implausible range")
    return Period(start, end, confidence, reason)


def _card_number(text: str) -> tuple[int, bool] | None:
    """``(N, repaired)`` for "ลำดับที่ N" ending ``text``; repaired when read through an OCR variant."""
    if number := CARD_NO.search(text):
        return int(number.group(1)), False
    if number := CARD_NO_OCR.search(text):
        return int(number.group(1)), True
    return None


def _printed_card_no(lines: Sequence[str], start: int) -> tuple[int, bool] | None:
    """"ลำดับที่ N" on a line from ``start`` to the title, or glued before the title heading."""
    for line in lines[start:]:
        title = _title_heading(line)
        number = _card_number(_as_card_line(line)[: title.start()] if title else line)
        if number or title:
            return number
    return None


def read_card(lines: Sequence[str], segment: Segment, plan_period: tuple[int, int] | None = None) -> Record:
    """All fields of the card in ``segment`` (without card_seq, dimension and mission)."""
    title_field, fields = _fields(lines, segment)
    by_name: dict[str, list[str]] = {}
    for f in fields:
        by_name.setdefault(COMBINED_DEFAULT.get(f.name, f.name), []).extend(f.lines)
    record = Record("project_cards", {}, segment.start)
    values = record.values

    values["card_no"], card_no_repaired = _printed_card_no(lines, segment.start) or (None, False)
    if card_no_repaired:
        record.score("card_no", 0.8, REPAIRED + ": ลำดับที่ read through an OCR variant")
    else:
        record.score("card_no", 0.95 if values["card_no"] else 0.9,
                     EXACT if values["card_no"] else EXACT + ": no ลำดับที่ printed")

    title_text = _join(title_field.lines)
    hint = PROJECT_HINT.search(title_text or "")
    values["project_no"] = int(hint.group(1)) if hint else None
    record.score("project_no", 0.6 if hint else 0.5,
                 EXACT + ": printed after the title, not yet checked" if hint else WEAK + ": no row number printed")
    values["title"] = title_text[: hint.start()].strip() if hint else title_text
    title_lines = [t for t in title_field.lines if WORD.search(t)]
    if not values["title"]:
        record.score("title", 0.3, WEAK + ": no title after the heading")
    elif title_field.repaired or STRAY_LEAD.match(title_field.lines[0]):
        record.score("title", 0.8, REPAIRED + ": heading or the punctuation after it read through an OCR variant")
    else:
        record.score("title", 0.95 if len(title_lines) == 1 else 0.8,
                     EXACT if len(title_lines) == 1 else INFERRED + ": title continues on the next line")

    for name in ("rationale", "target_group", "location", "responsible"):
        texts = by_name.get(name, [])
        values[name] = _join(texts)
        if values[name] is None:
            record.score(name, 0.5, WEAK + ": field not found")
        else:
            record.score(name, 0.9 if len(texts) == 1 else 0.8,
                         EXACT if len(texts) == 1 else INFERRED + ": lines joined")

    for name in LIST_FIELDS:
        texts = by_name.get(name, [])
        if not texts:
            values[name] = []
            record.score(name, 0.5, WEAK + ": field not found")
            continue
        items = split_items(texts)
        values[name] = items.items
        confidence = items.confidence
        if name in ("outputs", "outcomes") and not any(f.name == name for f in fields):
            confidence = min(confidence, 0.5)  # ผลผลิต/ผลลัพธ์ without sub-headings: cannot tell which
        record.score(name, confidence, items.reason)

    period_text = _join(by_name.get("period", []))
    period = read_period(period_text, plan_period)
    values["period_text"] = period_text
    values["start_year_be"], values["end_year_be"] = period.start, period.end
    if period_text and period.reason.startswith(WEAK) and _broken_year(period_text):
        record.score("period_text", 0.6, period.reason)  # a year printed so is a misread one
    else:
        record.score("period_text", 0.95 if period_text else 0.5, EXACT if period_text else WEAK + ": field not found")
    for name in ("start_year_be", "end_year_be"):
        record.score(name, period.confidence, period.reason)

    budget_text = _join(by_name.get("budget", []))
    budget = read_budget(budget_text)
    values["budget_text"] = budget_text
    record.score("budget_text", 0.95 if budget_text else 0.5, EXACT if budget_text else WEAK + ": field not found")
    values["budget_thb"] = budget.value
    values["budget_words_thb"] = budget.words_value
    record.score("budget_words_thb", 0.95 if budget.words_value is not None else 0.9,
                 EXACT if budget.words_value is not None else EXACT + ": no amount in words printed")
    values["no_budget"] = budget.no_budget
    record.score("budget_thb", budget.confidence, budget.reason)
    record.score("no_budget", 0.95 if budget.no_budget or budget.value else 0.7,
                 EXACT if budget.no_budget or budget.value else WEAK)
    for f in fields:
        if f.repaired:
            for name in VALUES_OF.get(f.name, (COMBINED_DEFAULT.get(f.name, f.name),)):
                if record.scores[name].confidence > REPAIRED_CONFIDENCE:
                    record.score(name, REPAIRED_CONFIDENCE, REPAIRED + ": heading read through an OCR variant")
    # Where OCR damaged the headings it damaged the values too, if less visibly (a dropped tone mark,
    # a misread digit): no value of the card is sure.
    if card_no_repaired or title_field.repaired or any(f.repaired for f in fields):
        for name, score in list(record.scores.items()):
            if score.confidence > DAMAGED_CARD_CONFIDENCE:
                record.score(name, DAMAGED_CARD_CONFIDENCE, f"{score.reason} (card shows OCR damage)")
    return record


# ---------------------------------------------------------------------------------------------
# All cards of a document


def extract_cards(lines: Sequence[str], headings: Sequence[Heading] | None = None,
                  plan_period: tuple[int, int] | None = None,
                  segments: Sequence[Segment] | None = None) -> list[Record]:
    """Every card in document order, with card_seq, dimension and mission from ``headings``."""
    if segments is None:
        segments = locate(lines, headings)
    ordered = sorted(headings or (), key=lambda h: h.line)
    heading_lines = [h.line for h in ordered]
    cards = []
    for seq, segment in enumerate(segments, start=1):
        card = read_card(lines, segment, plan_period)
        card.values = {"card_seq": seq, **card.values}
        card.score("card_seq", 1.0, EXACT)
        above = bisect.bisect_right(heading_lines, segment.start) - 1
        heading = ordered[above] if above >= 0 else None
        card.values["dimension_no"] = heading.dimension_no if heading else None
        card.values["mission_code"] = heading.mission_code if heading else None
        if headings is None:
            card.score("dimension_no", 0.1, WEAK + ": headings not available")
            card.score("mission_code", 0.1, WEAK + ": headings not available")
        elif heading is None:
            card.score("dimension_no", 0.3, WEAK + ": no heading above the card")
            card.score("mission_code", 0.3, WEAK + ": no heading above the card")
        else:
            card.score("dimension_no", 0.9, INFERRED + ": nearest heading above")
            card.score("mission_code", 0.9 if heading.mission_code else 0.8, INFERRED + ": nearest heading above")
        cards.append(card)
    _repair_sequence(cards, "card_no", _restarts(cards, segments, heading_lines))
    _repair_sequence(cards, "project_no", set())
    return cards


def _restarts(cards: list[Record], segments: Sequence[Segment], heading_lines: list[int]) -> set[int]:
    """Indices of cards that follow a heading (printed numbers may start again at 1 there)."""
    restarts = set()
    for index in range(1, len(cards)):
        between = bisect.bisect_right(heading_lines, segments[index].start) - bisect.bisect_right(
            heading_lines, segments[index - 1].start)
        if between or not heading_lines:
            restarts.add(index)
    return restarts


def _repair_sequence(cards: list[Record], name: str, restarts: set[int]) -> None:
    """A printed number that breaks a run (5, 2, 7 or 37, 378, 39) is the one between its neighbours."""
    for index in range(1, len(cards) - 1):
        previous, current, following = (cards[i].values[name] for i in (index - 1, index, index + 1))
        if None in (previous, current, following) or following != previous + 2 or current == previous + 1:
            continue
        if current == 1 and index in restarts:
            continue
        cards[index].values[name] = previous + 1
        cards[index].score(name, 0.6, REPAIRED + f": printed {current} between {previous} and {following}")


def card_checks(cards: list[Record], lines: Sequence[str], plan_period: tuple[int, int] | None,
                headings: Sequence[Heading] | None = None, segments: Sequence[Segment] | None = None
                ) -> list[Record]:
    """Numbering of cards and of their fields, periods inside the plan and as printed, budget
    digits vs words, missing fields. ``segments`` are the cards' own (for field numbering).

    A row per card where something is wrong, and one row per check for the whole document.
    """
    if not cards:
        return []
    checks: list[Record] = []
    heading_lines = sorted(h.line for h in headings or ())
    first = cards[0].line
    breaks = outside = incomplete = 0
    for previous, card in zip([None, *cards], cards):
        v = card.values
        subject = f"card_seq={v['card_seq']}"
        printed = (_printed_card_no(lines, card.line) or (None, False))[0]
        if previous is not None and printed is not None and previous.values["card_no"] is not None:
            expected = previous.values["card_no"] + 1
            new_heading = bisect.bisect_right(heading_lines, card.line) > bisect.bisect_right(
                heading_lines, previous.line)
            if printed != expected and not (printed == 1 and (new_heading or not heading_lines)):
                breaks += 1
                checks.append(check("card_numbering", subject, False, expected, printed, line=card.line,
                                    message=f"card printed ลำดับที่ {printed}; read as {v['card_no']}"))
        if plan_period and v["start_year_be"] is not None:
            if not plan_period[0] <= v["start_year_be"] <= v["end_year_be"] <= plan_period[1]:
                outside += 1
                checks.append(check("card_period_in_plan", subject, False, f"{plan_period[0]}-{plan_period[1]}",
                                    f"{v['start_year_be']}-{v['end_year_be']}", line=card.line,
                                    message="card period outside the plan period"))
                for name in ("start_year_be", "end_year_be"):
                    card.score(name, min(card.scores[name].confidence, 0.5), CROSS_FAIL + ": outside plan period")
        if read_period(v["period_text"], plan_period).reason.startswith(REPAIRED):
            checks.append(check("card_period_as_printed", subject, False, f"{v['start_year_be']}-{v['end_year_be']}",
                                v["period_text"], line=card.line,
                                message="a year of the printed period is a typo; read as the range expected"))
        if v["budget_words_thb"] is not None and v["budget_thb"] is not None:
            ok = v["budget_words_thb"] == v["budget_thb"]
            checks.append(check("card_budget_words", subject, ok, f"{v['budget_thb']:,.0f} (digits)",
                                f"{v['budget_words_thb']:,.0f} (words)", line=card.line,
                                message="" if ok else "budget digits and words disagree; digits kept unless the "
                                "budget table supports the words (see card_budget_vs_table)"))
        missing = [n for n in ("title", "period_text", "budget_text", "responsible") if not v[n]]
        if missing:
            incomplete += 1
            checks.append(check("card_fields", subject, False, "title, period, budget, responsible",
                                ", ".join(missing), line=card.line, message=f"card has no {', '.join(missing)}"))
    for card, segment in zip(cards, segments or ()):
        for line, expected, printed in field_numbering_breaks(lines, segment):
            checks.append(check("card_field_numbering", f"card_seq={card.values['card_seq']}", False, expected,
                                printed, line=line, message=f"field heading printed {printed} where {expected} "
                                "follows; the field is read by its heading's words"))
    checks.append(check("card_numbering", "document", breaks == 0, "each ลำดับที่ one more than the last",
                        f"{breaks} breaks", line=first))
    checks.append(check("card_period_in_plan", "document", None if plan_period is None else outside == 0,
                        plan_period and f"{plan_period[0]}-{plan_period[1]}", f"{outside} cards outside",
                        line=first, message="" if plan_period else "plan period unknown"))
    checks.append(check("card_fields", "document", incomplete == 0, "every card has them",
                        f"{incomplete} cards incomplete", line=first, severity="info"))
    return checks


# ---------------------------------------------------------------------------------------------
# Linking cards to the budget table

def _yearly_amounts(budget_lines: Sequence[Record] | None) -> dict[int, list[Record]]:
    by_project: dict[int, list[Record]] = {}
    for line in budget_lines or ():
        by_project.setdefault(line.values.get("project_no"), []).append(line)
    return by_project


def link_cards(cards: list[Record], projects: Sequence[Record],
               budget_lines: Sequence[Record] | None = None) -> list[Record]:
    """Set each card's project_no (hint agreeing with the title, else title match, else position)
    and resolve digits-vs-words budgets from the table. Returns ``checks`` rows."""
    titles = {p.values["project_no"]: p.values.get("title") for p in projects if p.values.get("project_no")}
    yearly = _yearly_amounts(budget_lines)
    hints = [c.values.get("project_no") for c in cards]
    if not cards:
        return [check("project_has_card", "document", False, "project cards", None, line=projects[0].line,
                      message="the document has a budget table but no project cards")] if titles else []
    if not titles:
        for card, hint in zip(cards, hints):
            if hint is not None:
                card.score("project_no", 0.5, WEAK + ": no budget table to confirm the printed row number")
        return [check("card_project_link", "document", None, "budget-table rows", None, line=cards[0].line,
                      message="no budget-table projects; cards keep their printed row numbers")]
    checks: list[Record] = []

    # Score the (card, project) pairs: title likeness, plus the printed row number, plus budget.
    # Only pairs whose likeness can lift the score to TITLE_LINK_MIN are compared.
    numbers = list(titles)
    hinted = np.array([[hint == number for number in numbers] for hint in hints])
    project_amounts = [{_amount(bl) for bl in yearly.get(number, [])} for number in numbers]
    budget_agrees = np.array([[bool(amounts & known) for known in project_amounts]
                              for amounts in map(_card_amounts, cards)])
    likeness = similar_titles([c.values["title"] for c in cards], [titles[n] for n in numbers],
                              TITLE_LINK_MIN - HINT_WEIGHT * hinted - BUDGET_WEIGHT * budget_agrees)
    # card index -> project_no -> likeness, for the pairs that can link (the others are below 0.55)
    similarity: dict[int, dict[int, float]] = {}
    pairs = []
    for (index, j), sim in likeness.items():
        similarity.setdefault(index, {})[numbers[j]] = sim
        score = sim + (HINT_WEIGHT if hinted[index, j] else 0.0)
        if budget_agrees[index, j]:
            score += BUDGET_WEIGHT
        pairs.append((score, index, numbers[j]))
    linked: dict[int, int] = {}
    claimed: set[int] = set()
    for score, index, number in sorted(pairs, reverse=True):
        if score < TITLE_LINK_MIN or index in linked or number in claimed:
            continue
        linked[index] = number
        claimed.add(number)
    # A card between two linked neighbours takes the one row left between them.
    for index in range(len(cards)):
        if index in linked:
            continue
        before, after = linked.get(index - 1), linked.get(index + 1)
        guess = before + 1 if before is not None else (after - 1 if after is not None else None)
        if guess in titles and guess not in claimed and (after is None or after == guess + 1) and (
                before is None or before == guess - 1):
            linked[index] = guess
            claimed.add(guess)

    for index, card in enumerate(cards):
        number, hint = linked.get(index), hints[index]
        subject = f"card_seq={card.values['card_seq']}"
        card.values["project_no"] = number
        if number is None:
            card.score("project_no", 0.3, WEAK + ": no budget-table row matches the title")
            checks.append(check("card_project_link", subject, False, "a budget-table row", None, line=card.line,
                                message=f"no budget-table project matches card '{card.values['title']}'"))
            continue
        others = similarity.get(index, {})  # a row linked by position alone is not among them
        sim = others[number] if number in others else title_similarity(card.values["title"], titles[number])
        if hint == number and sim >= TITLE_AGREES:
            card.score("project_no", 0.95, CROSS_OK + f": printed ({hint}) and title agree")
        elif hint == number:
            card.score("project_no", 0.8, CROSS_OK + f": printed ({hint}); titles differ ({sim:.2f})")
        elif sim >= TITLE_AGREES:
            detail = f"; printed ({hint}) overruled" if hint is not None else ""
            # Sure only when no other row's title comes close (plans repeat near-identical titles).
            runner_up = max((s for n, s in others.items() if n != number), default=0.0)
            sure = sim >= 0.85 and runner_up < sim - 0.1
            card.score("project_no", 0.9 if sure else 0.8, CROSS_OK + f": title match {sim:.2f}{detail}")
        elif sim >= TITLE_LINK_MIN:
            card.score("project_no", 0.7, INFERRED + f": title match {sim:.2f}")
        else:
            card.score("project_no", 0.7, INFERRED + ": position between its neighbours' rows")
        checks.append(check("card_project_link", subject, True, "a budget-table row", number, line=card.line,
                            severity="info", message=card.scores["project_no"].reason))
        checks.extend(_budget_against_table(card, yearly.get(number, []), subject))

    linked_numbers = set(linked.values())
    for project in projects:
        number = project.values.get("project_no")
        if number is not None and number not in linked_numbers:
            checks.append(check("project_has_card", f"project_no={number}", False, "a project card", None,
                                line=project.line, message=f"budget-table project {number} "
                                f"'{project.values.get('title')}' has no card"))
    checks.append(check("project_has_card", "document", len(linked_numbers) == len(titles), len(titles),
                        len(linked_numbers), line=cards[0].line, message="budget-table projects with a card"))
    return checks


def _amount(line: Record) -> float | None:
    return 0.0 if line.values.get("no_budget") else line.values.get("amount_thb")


def _card_amounts(card: Record) -> set[float]:
    v = card.values
    return {a for a in (v.get("budget_thb"), v.get("budget_words_thb")) if a}


def _budget_against_table(card: Record, lines: list[Record], subject: str) -> list[Record]:
    """Card budget vs the linked project's yearly budgets (a card may state one year's or the
    whole plan's amount); where the card's digits and words disagree, the table decides."""
    v = card.values
    if not lines:
        return [check("card_budget_vs_table", subject, None, None, v["budget_thb"], line=card.line,
                      message="linked project has no budget lines")]
    known = [a for a in (_amount(bl) for bl in lines) if a is not None]
    supported = set(known) | ({sum(known)} if known else set())
    words = v.get("budget_words_thb")
    if words is not None and v["budget_thb"] is not None and words != v["budget_thb"]:
        digits = v["budget_thb"]
        taken = digits if digits in supported else words if words in supported else None
        if taken is None:
            return [check("card_budget_vs_table", subject, False, sorted(supported), v["budget_text"],
                          line=card.line, message="neither the card's digits nor its words match the budget table")]
        v["budget_thb"] = taken
        kind = "digits" if taken == digits else "words"
        card.score("budget_thb", 0.85, CROSS_OK + f": {kind} {taken:,.0f} match the budget table")
        return [check("card_budget_vs_table", subject, True, sorted(supported), taken, line=card.line,
                      message=f"digits {digits:,.0f} and words {words:,.0f} disagree; took the {kind}, "
                      "which the budget table supports")]
    # "-" on a card, like "-" in the table, means nothing is spent.
    card_amount = 0.0 if v["no_budget"] or (v["budget_thb"] is None and v["budget_text"]) else v["budget_thb"]
    if card_amount is None:
        ok = None
    elif card_amount == 0:
        ok = not known or all(a == 0 for a in known)
    else:
        ok = card_amount in supported
    if ok and v["budget_thb"] is not None:
        card.score("budget_thb", max(card.scores["budget_thb"].confidence, 0.97), CROSS_OK + ": budget table")
    elif ok is False and v["budget_thb"] is not None:
        card.score("budget_thb", min(card.scores["budget_thb"].confidence, 0.7), CROSS_FAIL + ": budget table differs")
    message = {True: "", False: "card budget differs from the linked project's yearly budget",
               None: "card prints no budget"}[ok]
    return [check("card_budget_vs_table", subject, ok, sorted(supported) or "-", v["budget_text"], line=card.line,
                  message=message)]

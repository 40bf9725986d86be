"""The Thai vocabulary of a project card's lines, and reading one line with it.

What a card line looks like: its number ("ลำดับที่ N"), the banner above it, the title heading
("1. ชื่อโครงการ : ..."), field headings by what they say (``FIELD_HEADINGS``, with the OCR
misreadings plans show), list markers, page furniture and what follows the last card. Examples
are real lines after normalisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from typing import NamedTuple

import regex

from extractors.tables import cells as row_cells
from extractors.tables import is_row
from extractors.thai.ocr_tolerance import Keyword, Vocabulary
from extractors.thai.vocabulary import PROJECT_WORD

# "ลำดับที่ 6"; also glued after another line: "มติที่ 1 การสร้างวัฒนธรรมสุจริต ลำดับที่ 1";
# older plans: "โครงการที่ 3", "กิจกรรมที่ 3", "มาตรการที่ 3". OCR beyond look-alikes and marks:
# "ลำดับที่1”*" (marks after the number), "ลำดับท 4" (ที่ without its vowel and tone mark)
CARD_NO = Keyword(r"(?:ลำดับ|" + PROJECT_WORD + r")\s?ที่\s?([0-9]{1,3})\s*$",
                  misreadings=r"ลำดับ\s?ท[ีิ]?[่้]{0,2}\s?([0-9]{1,3})[\s\p{P}\p{S}]*$")
# "รายละเอียดโครงการ/กิจกรรม/มาตรการ" printed above each card of a project_details document
CARD_BANNER = Keyword(r"^รายละเอียด" + PROJECT_WORD)
# "1. ชื่อโครงการ : โครงการจัดงานวันเด็ก (16)", "1. ชื่อโครงการ:โครงการ/กิจกรรม ประเมิน...",
# OCR "ชือโครงการ", "1.ซื่อโครงการ :", "1.ซือโครงการ :โครงการเสริมความโปร่งใสในการบ...",
# a scan's "ซื้อโครงการ", "ชื้อโครงการ" (the tone mark read as mai tho);
# glued: "รายละเอียดโครงการ/กิจกรรม/มาตรการ ลำดับที่ 6 1. ชื่อโครงการ : โครงการเสริมสร้าง..."
_TITLE_WORD = rf"(?:[ชซ]ื่?อ){PROJECT_WORD}(?:\s?/\s?{PROJECT_WORD})*\s?:?\s?"
# Scans also print a speck between the number and the heading ("1. .ชื่อโครงการ :"), sara i for
# sara ue and a speck under a letter read as sara u ("1. ซีอุโครงการ :", "1. ชื่อโครุงการ :").
_TITLE_WORD_MISREAD = r"[ชซ][ีื][่้]?อ"
_TITLE_MISREAD = _TITLE_WORD_MISREAD + r"ุ?(?:โครุ?งการ|กิจกรรม|มาตรการ)\s?:?\s?"
TITLE_WORD_ANYWHERE = Keyword(r"[ชซ]ื่?อ", misreadings=_TITLE_WORD_MISREAD)
TITLE_HEADING = Keyword(
    r"^(?:[-•]\s?)?(?:[0-9]{1,2}\s?(?P<close>[.)])\s?)?" + _TITLE_WORD
    + r"|(?<=\s)[0-9]{1,2}\s?(?P<close>[.)])\s?" + _TITLE_WORD,
    misreadings=r"^(?:[-•]\s?)?(?:[0-9]{1,2}\s?(?P<close>[.)])\s?[.,'`|]?\s?)?" + _TITLE_MISREAD,
)
# A title line whose label OCR destroyed: "1. าก มาตรการ “จัดทำข้อตกลงการปฏิบัติราชการ...” (378)",
# "1. จอก กิจกรรมบูรณาการทุกภาคส่วน...", or whose number's dot it read as a colon: "1: ชื่อโครงการ :
# โครงการเสริมสร้างวัฒนธรรม...". Field 1, then a short word before the title's first word or a label
# before ":", then the title; a card's title only where field 2 follows (``blurred_title``).
BLURRED_TITLE = regex.compile(r"^(?:[-•]\s?)?1\s?(?:(?P<close>[.)])|:)\s?(?:[^\s:0-9]{1,4}\s(?="
                              + PROJECT_WORD + r")|[^:0-9]{1,24}:)\s?(?=\S)")
# Non-blank lines after a blurred title line searched for field 2 (the title may wrap: "(51)").
BLURRED_REACH = 3
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
CARDS_END = Keyword(r"^(?:ภาคผนวก|ส่วนที่\s?[0-9]|(?:ประกาศ|คำสั่ง)(?:เทศบาล|องค์การบริหาร))")

# Field headings by meaning: synonyms and OCR variants seen in plans, in one table: (field, heading
# as printed, OCR misreadings beyond those ``ocr_tolerance.tolerant`` reads).
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


def _heading(pattern: str, misreadings: str | None = None) -> Keyword:
    return Keyword(f"(?:{pattern}){_HEADING_SUFFIX}",
                   misreadings=f"(?:{misreadings}){_HEADING_SUFFIX}" if misreadings else None)


# (field, its heading, as printed and as OCR may read it)
FIELD_HEADINGS: Vocabulary[str] = Vocabulary(
    (name, _heading(pattern, misreadings)) for name, pattern, misreadings in _FIELD_SYNONYMS)
_HEADING_OF = dict(FIELD_HEADINGS.entries)
# Headings that may come back inside a field (sub-headings of ผลผลิต/ผลลัพธ์).
SUB_HEADINGS = {"outputs", "outcomes", "indicators"}
# A numbered line is a heading only when the text after the heading words is short (or after ":"),
# or when its number is the next field's; longer lines are list items that happen to start with
# such words.
HEADING_TAIL = 60


class FieldHeading(NamedTuple):
    """A field heading found on a line: the field, the text after the heading, and whether the
    heading was read through an OCR variant (then what the field holds is less sure)."""

    name: str
    inline: str
    repaired: bool = False



def _heading_words(text: str) -> tuple[str, regex.Match, bool] | None:
    """``(field, match, repaired)`` for the heading words ``text`` starts with. A heading as printed
    wins; its OCR reading wins when it reads further ("งบประมาณทีใช้ในการดำเนินการ")."""
    found = FIELD_HEADINGS.first(text, "match")
    if found is None or found[2]:
        return found
    name, match, _ = found
    further = _HEADING_OF[name].ocr.match(text)
    return (name, further, True) if further.end() > match.end() else found


def heading_of(text: str, any_tail: bool = False) -> FieldHeading | None:
    """The heading when ``text`` (without number) is a field heading; ``any_tail``: whatever the
    length of the text after it."""
    found = _heading_words(text)
    if found is None:
        return None
    name, match, repaired = found
    tail = text[match.end():].strip()
    if tail.startswith(":"):
        return FieldHeading(name, tail[1:].strip(), repaired)
    return FieldHeading(name, tail, repaired) if any_tail or len(tail) <= HEADING_TAIL else None


def field_heading(line: str, style: str | None = None) -> FieldHeading | None:
    """A field heading line -> its heading; None for content.

    ``style`` is how the card numbers its fields ("." or ")"); a line numbered the other way
    is a list item ("3) เป้าหมาย..." under "3. วัตถุประสงค์"). A number OCR misread is taken as
    one when heading words follow it.

    >>> field_heading("7. งบประมาณที่ใช้ในการดำเนินการ")
    FieldHeading(name='budget', inline='', repaired=False)
    >>> field_heading("ฆ.งบประมาณทีใช้ในการดำเนินการ").repaired, field_heading("3) เป้าหมาย", style=".")
    (True, None)
    """
    numbered = NUMBERED_LINE.match(line)
    if numbered and style is not None and numbered.group(2) != style:
        return None
    if numbered and (found := heading_of(line[numbered.end():])):
        return found
    misread = MISREAD_NUMBER.match(line)
    if misread and style in (None, misread.group("close")) and (found := heading_of(line[misread.end():])):
        return found._replace(repaired=True)
    if numbered or misread:
        return None
    text = BULLET.sub("", line)
    found = heading_of(text)
    # Without a number, a heading must stand alone (or before ":"), as "ผลผลิต" does; OCR litter
    # after it ("ผลลัพธ์ .") is no value.
    if found and found.inline and ":" not in text and not WORD.search(found.inline):
        return found._replace(inline="", repaired=True)
    return found if found and (not found.inline or ":" in text) else None


def as_card_line(line: str) -> str:
    """A card printed as a two-column table reads like a printed card:
    ``"1. ชื่อโครงการ\tโครงการจัดงานวันเด็ก"`` -> ``"1. ชื่อโครงการ : โครงการจัดงานวันเด็ก"``.
    Other table rows stay as they are (and start no card).

    >>> as_card_line("1. ชื่อโครงการ\\tโครงการจัดงานวันเด็ก")
    '1. ชื่อโครงการ : โครงการจัดงานวันเด็ก'
    """
    cells = [c for c in row_cells(line) or [] if c]
    if len(cells) >= 2 and (TITLE_HEADING.match(cells[0]) or field_heading(cells[0])):
        return f"{cells[0]} : {' '.join(cells[1:])}"
    return line


def title_heading(line: str) -> regex.Match | None:
    """The title heading in ``line`` (read as a card line); none in a table row."""
    line = as_card_line(line)
    return TITLE_HEADING.search(line) if not is_row(line) else None


def blurred_title(lines: Sequence[str], index: int) -> regex.Match | None:
    """The title heading of line ``index`` when OCR destroyed its label (``BLURRED_TITLE``): taken
    only when the line is no table row nor field heading and the next field heading, within ``BLURRED_REACH``
    non-blank lines, is field 2 ("2. หลักการและเหตุผล"), as on every card.

    >>> blurred_title(["1. าก มาตรการ “จัดทำข้อตกลง”", "2. หลักการและเหตุผล"], 0).end()
    6
    >>> blurred_title(["1. าก มาตรการ “จัดทำข้อตกลง”", "ข้อความ"], 0) is None
    True
    """
    line = lines[index]
    match = BLURRED_TITLE.match(line)
    if match is None or is_row(line) or field_heading(line.strip()):
        return None
    following = (text for i in range(index + 1, len(lines)) if (text := lines[i].strip()))
    for text in islice(following, BLURRED_REACH):
        if field_heading(text):
            numbered = NUMBERED_LINE.match(text)
            return match if numbered and numbered.group(1) == "2" else None
    return None


def card_title(lines: Sequence[str], index: int) -> regex.Match | None:
    """The title heading on line ``index``: as printed or misread (``title_heading``), or with its
    label destroyed (``blurred_title``)."""
    return title_heading(lines[index]) or blurred_title(lines, index)


def card_number(text: str) -> tuple[int, bool] | None:
    """``(N, repaired)`` for "ลำดับที่ N" ending ``text``; repaired when read through an OCR variant.

    >>> card_number("มติที่ 1 การสร้างวัฒนธรรมสุจริต ลำดับที่ 1"), card_number("ล้าดับที่2")
    ((1, False), (2, True))
    """
    number = CARD_NO.search(text)
    return (int(number.group(1)), CARD_NO.repaired(number)) if number else None

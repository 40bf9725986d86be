"""The words of a plan's structure: the dimension heading with its OCR variants, the stated
project count, the mission code and heading, and the reach of each search."""

import regex

from extractors.thai.numbers import PROJECT_COUNT
from extractors.thai.ocr_tolerance import Keyword
from extractors.thai.vocabulary import DIMENSION_WORD, PROJECT_WORD

# "มิติที่ 1 การสร้างวัฒนธรรมสุจริต", "มติที่ 1" (name on the next line), "- มิติที่ 1 ...",
# "มิติที่ -2 การบริหารราชการเพื่อป้องกันการทุจริต ประกอบด้วย 8 โครงการ", "-มิติที่ 3 ...",
# "มิติที่ 1. การสร้างสังคมที่ไม่ทนต่อการทุจริต" (a web page's plan); not a code "มิติที่ 1.1".
DIMENSION_HEAD = Keyword(
    r"^(?:[-•]\s?)?" + DIMENSION_WORD + r"\s?[-–]?\s?(?P<no>[1-9])(?![0-9]|\.[0-9])\.?\s*[-–:]?\s*(?P<name>.*)$"
)
# Both heading forms contain the word; most lines do not, and a search for it is cheap.
DIMENSION_WORD_ANYWHERE = Keyword(DIMENSION_WORD)
# OCR that moved the number and the word behind the name:
# "การสร้างสรรค์ที่ไม่ทนต่อการทุจริต 1มิติที่ - ประกอบด้วย 6 โครงการ"
DIMENSION_REVERSED = Keyword(
    r"^(?P<before>[^\t]+?)\s?(?<![0-9])(?P<no>[1-9])" + DIMENSION_WORD + r"\s?[-–]\s?(?P<after>.*)$"
)
# Stated project count at the end of a list line: "จำนวน 7 โครงการ", "ประกอบด้วย 6 โครงการ", "(7 โครงการ)"
# It starts at no space and has one ``\s*`` before the count: two in a row, retried from each
# space, took cubic time on a line of TABs.
STATED_COUNT = Keyword(r"(?!\s)\(?\s*(?:(?:ประกอบด้วย|รวม)\s*)?" + PROJECT_COUNT.pattern + r"[ก-๙/]*\)?\s*$")
# A mission code, in one place: "1.1", "2.1.3".
MISSION_CODE = r"[1-9]\.[0-9]{1,2}(?:\.[0-9]{1,2})?"
# Mission heading: "1.1 การเสริมสร้างจิตสำนึก...", "2.1.1 การเปิดเผยข้อมูลการบริหารงานและการดำเนินงาน".
# Not list items "2.1) กำหนดแนวทาง..." (closing parenthesis) nor amounts "1.50". A scan may add a dot
# and OCR litter before the name: "2.2.1. ), การแสดงเจตนารมณ์ในการปฏิบัติหน้าที่...".
MISSION_HEAD = regex.compile(rf"^(?P<code>{MISSION_CODE})\.?(?![0-9)])\s+(?:[),.]{{1,3}}\s*+)?(?P<name>[^\s0-9),.].*)$")
# A line of a wrapped name holds Thai letters; a scan's litter line ("1709011272321031") does not.
NAME_TEXT = regex.compile(r"[ก-ฮ]")
# A numbered list item that can own sub-items "1.1 โซน 1 ...": "1. อบรมให้ความรู้...", "1) ..."
LIST_ITEM = regex.compile(r"^(?:[-•]\s?)?(?P<no>[0-9]{1,2})\s?[.)](?![0-9])\s?\S")
# Bullets "- ...", "• ...", "» ..." (items inside a card)
BULLET = regex.compile(r"^[-•»❖*]")
# The project-count column of a table that breaks results down by dimension:
# "มิติ\tจำนวนโครงการ\tแล้วเสร็จ\tอยู่ระหว่างดำเนินการ\t...", its rows "มิติที่ 1\t3\t2\t0\t1\t450,000.00".
COUNT_COLUMN = Keyword(r"^จำนวน\s?" + PROJECT_WORD)
COUNT_CELL = regex.compile(r"^[0-9]{1,3}$")

# Kinds of outline segment whose lines are never body headings.
FRONT_MATTER = ("cover", "announcement", "order", "foreword", "toc")
# Mentions of different dimensions at most this many non-blank lines apart form a list, not headings.
LIST_GAP = 3
NAME_CHARS = 160
# Non-blank lines after a mission heading searched for what it introduces.
LOOKAHEAD = 4
# Table rows above a breakdown row searched for the header of its count column.
HEADER_REACH = 20

"""The Thai vocabulary of the budget table: one pattern per kind of cell, each with real lines
(after normalisation) as examples."""

from __future__ import annotations

import regex

from extractors import dimension
from extractors.thai.numbers import PROJECT_COUNT
from extractors.thai.ocr_tolerance import Keyword, Vocabulary, tolerant
from extractors.thai.vocabulary import DIMENSION_WORD, GRAND_TOTAL_WORD, PROJECT_WORD

# A header cell. "มิติ\tภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี 2566\t...\tปี 2570\tหมายเหตุ",
# its second line "\t\t\tงบประมาณ บาท\tงบประมาณ (บาท)\t...", OCR variants "มิตี\tภารกิจตามมิตี",
# drifted cells "ปี 2566 งบประมาณ บาท"; other templates: "ที่", "ลำดับ", "ชื่อโครงการ",
# "หน่วยงานรับผิดชอบ", a row-total column "รวม 5 ปี".
HEADER_CELL = Keyword(
    rf"^(?:{DIMENSION_WORD}|ภารกิจ|(?:ชื่อ)?{PROJECT_WORD}\s*(?:/|$)|ปี(?:\s|งบ|$)"
    r"|พ\.\s?ศ\.|งบประมาณ|หมายเหตุ|หน่วยงาน|ผู้รับผิดชอบ|\(?บาท|ลำดับ|ที่$|รวม|25[0-9]{2}(?![0-9]))"
)
# The first header line names the table's columns: "มิติ", "ภารกิจตามมิติ", "โครงการ/กิจกรรม/มาตรการ".
TABLE_HEADER_WORD = Keyword(rf"{DIMENSION_WORD}|ภารกิจ|โครงการ")
# Where a document names its budget table, whatever became of its cells: "บัญชีโครงการ/กิจกรรม/มาตรการ",
# or a short line that is the table's title or project column ("รายละเอียดโครงการ/กิจกรรม/มาตรการ",
# "โครงการ/กิจกรรม/มาตรการ") with year columns ("ปี 2566", "ปีงบประมาณ 2567") on the lines below.
TABLE_NAME = regex.compile(r"บัญชี(?:รายการ)?" + PROJECT_WORD)
# (its first word may stand on the line above: "โครงการ" / "/กิจกรรม/ มาตรการ").
COLUMN_NAME = regex.compile(rf"^(?:(?:รายละเอียด)?{PROJECT_WORD}\s?)?/\s?{PROJECT_WORD}\s?/\s?{PROJECT_WORD}$")
YEAR_COLUMN = regex.compile(r"^(?:งบประมาณ\s*)?ปี\s*(?:งบประมาณ\s*)?(?:พ\.\s?ศ\.\s*)?(25[0-9]{2})(?![0-9])")
# A year column: "ปี 2566", "ปี 2566 งบประมาณ บาท", "ปีงบประมาณ 2561", "พ.ศ. 2564", a bare "2562",
# the short "ปี 66"; not a year mentioned elsewhere in the header ("แผนฯ (พ.ศ. 2566-2570)" is a
# fallback only). After ปี, four digits OCR misread ("ปี 6568" for ปี ๒๕๖๘) or with a speck between
# them ("ปี 256 7") are a year to repair (``misread`` group, ``locate.header_years``).
YEAR_CELL = Keyword(
    r"^(?:(?:งบประมาณ\s*)?(?:ปี\s*(?:งบประมาณ\s*)?)?(?:พ\.\s?ศ\.\s*)?)(25[0-9]{2})(?![0-9])"
    r"|^ปี\s*(?:พ\.\s?ศ\.\s*)?([5-7][0-9])(?![0-9])"
    r"|^ปี\s*(?:งบประมาณ\s*)?(?:พ\.\s?ศ\.\s*)?(?P<misread>[0-9](?:[ |.]?[0-9]){3})(?![0-9])"
)
# A row number in a cell of its own (a "ที่" column): "1", "12.".
ROW_NUMBER_CELL = regex.compile(r"^([0-9]{1,3})\.?$")
# The intro line above the table: "โครงการ/กิจกรรม/มาตรการ รวมจำนวน 25 โครงการ ดังนี้",
# "รวมทั้งสิ้นจำนวน 25 โครงการ".
STATED_PLAN_COUNT = Keyword(r"รวม\s*(?:ทั้งสิ้น\s*)?" + PROJECT_COUNT.pattern)
# Mission codes alone in a cell: "1.1 1.1.1", "2.2.3", "2.3 2.3.1".
_CODE = dimension.MISSION_CODE  # "1.1", "2.1.3": the form of a code is the dimensions' to say
MISSION_CODES_CELL = regex.compile(rf"^{_CODE}(?:\s+{_CODE})*$")
# Mission codes leading a cell, before the mission's name: "1.1 การเสริมสร้าง จิตสำนึก ...",
# "1.1 1.1.1 การเปิดเผยข้อมูล...", or a project's: "1.1.1 (1) โครงการ...".
MISSION_CELL = regex.compile(rf"^((?:{_CODE}\s+)*{_CODE})(?![0-9.])\s*")
# The dimension's cell: "1. การสร้าง วัฒนธรรม สุจริต", "2. การบริหาร ราชการด้วย ความ โปร่งใส",
# "มิติที่ 3 การส่งเสริมบทบาท..."; the same as a line of its own above a table's rows.
# Possessive spaces: "มิติที่ 1" and 10^4 TABs took quadratic time when each split was tried.
DIMENSION_CELL = Keyword(rf"^(?:{DIMENSION_WORD})?\s*+([1-9])\s*+(?:\.\s*+)?(?=[^\s0-9.])")
DIMENSION_HEADING = Keyword(rf"^(?:{DIMENSION_WORD})\s*([1-9])(?![0-9])")
# A numbered project inside the project cell: "1. โครงการพัฒนา...", "11.โครงการส่งเสริม...",
# "18. ส่งเสริมการมีส่วนร่วม..."; several in one cell: "8. โครงการ... 9. มาตรการ..."; older
# templates number them per mission, after its code: "1.1.1 (1) โครงการ...", "(2) กิจกรรม...", "1) โครงการ...".
PROJECT_ITEM = regex.compile(r"(?:^|(?<=\s))(?:([0-9]{1,3})\s?\.(?![0-9])|\(?([0-9]{1,3})\))\s*(?=\S)"
                             # "๒.๓.มาตรการ NO Gift Policy", "๒ ๓.มาตรการ...": a speck between the digits of 23
                             r"|^(?P<specked>[0-9][.| ][0-9]{1,2})\.\s?(?=" + tolerant(PROJECT_WORD) + ")")
# A project number OCR damaged before the kind word at the start of the project cell: its dot lost
# ("27กิจกรรม “สร้างความปลอดภัย...", "38 มาตรการ “จัดทำข้อตกลง...") or its digits read as letters
# ("ฆ,โครงการเสริมสร้างองค์ความรู้...", "1ฒ.โครงการส่งเสริมประชาธิปไตย" for 7 and 17); a title
# follows, not a count's "18 โครงการ/กิจกรรม" alone. Read only as the number the table expects next
# (``lines.split_items``).
DAMAGED_ITEM = regex.compile(r"^(?:(?P<digits>[0-9]{1,3})|(?P<letters>[0-9]?[ก-ฮ]|[ก-ฮ][0-9])[.,])\s?"
                             r"(?=(?:" + tolerant(PROJECT_WORD) + r"\s*+/?\s*+)++[^\s/])")
# The kind of project: the title's first word ("มาตรการ “ส่งเสริม...", "โครงการ/กิจกรรม ประเมิน...").
KIND = Keyword(r"^[\"“”'‘’(\s]*(" + PROJECT_WORD + ")")
# The kind word as it is spelled, whatever OCR made of it.
KIND_WORDS = Vocabulary((word, Keyword(word)) for word in ("โครงการ", "กิจกรรม", "มาตรการ"))
# A total row's label: "รวม" (subtotal of a dimension), "รวมทั้งสิ้น" / "รวมทั้งหมด" (grand total).
TOTAL_CELL = Keyword(rf"^รวม(?=\s|$|ทั้ง|จำนวน|{DIMENSION_WORD}|[0-9])")
GRAND_TOTAL = Keyword(rf"{GRAND_TOTAL_WORD}|ทุก{DIMENSION_WORD}|[0-9]\s*{DIMENSION_WORD}")
# The project count on a total row: "จำนวน 7 โครงการ", "18 โครงการ", "รวม 7 โครงการ".
TOTAL_COUNT = Keyword(r"^(?:รวม\S*\s*)?" + PROJECT_COUNT.pattern)
# One value in a year column: "30,000", "1,765,000", "30.000" (OCR), "20,000.-", "10,000 บาท", "-".
VALUE_TOKEN = regex.compile(
    r"^(?:(?:[0-9]{1,3}(?:[,.][0-9]{3})+(?:\.[0-9]{2})?|[0-9]+(?:\.[0-9]{2})?)(?:\.-)?|[\-–—]+)$"
)
BAHT = regex.compile(r"\s*บาท\s*")
# Leading list marks OCR keeps in cells: "- สำนักปลัด", "• กองคลัง".
LEADING_MARK = regex.compile(r"^[\-•·]\s+(?=\S)")
SPACES = regex.compile(r"\s+")

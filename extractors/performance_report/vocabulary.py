"""The words of a performance report: its tables' column headers, status ticks and the sentences
that state its counts (examples are real lines after normalisation)."""

from __future__ import annotations

import regex

from extractors.table_cells import (
    TableReader,
)
from extractors.thai.ocr_tolerance import Keyword, Vocabulary
from extractors.thai.vocabulary import GRAND_TOTAL_WORD

# Header cell -> field; the first pattern that matches wins ("การใช้จ่าย งบประมาณ" is the amount
# spent, not the budget; "ไม่ใช้งบประมาณ" is a column of its own).
COLUMNS = Vocabulary((
    ("not_done", Keyword(r"ไม่สามารถ|ยังไม่|ไม่ได้ดำเนินการ")),  # "ไม่สามารถดำเนินการได้"
    ("in_progress", Keyword(r"อยู่ระหว่าง|กำลังดำเนินการ")),  # "อยู่ระหว่างดำเนินการ"
    ("completed", Keyword(r"แล้วเสร็จ|เสร็จสิ้น|ดำเนินการแล้ว")),  # "แล้วเสร็จ"
    ("no_budget", Keyword(r"ไม่ใช้งบ")),  # "ไม่ใช้งบประมาณ"
    ("remaining_thb", Keyword(r"คงเหลือ")),  # "คงเหลือ"
    ("disbursed_thb", Keyword(r"เบิกจ่าย|ใช้จ่าย|ใช้ไป")),  # "เบิกจ่าย", "การใช้จ่าย งบประมาณ"
    ("period_text", Keyword(r"ระยะเวลา")),  # "ระยะเวลา ดำเนินการ"
    ("budget_thb", Keyword(r"งบประมาณ")),  # "งบประมาณ"
    ("dimension_no", Keyword(r"^มิติ")),  # "มิติ"
    ("method", Keyword(r"วิธี")),  # "วิธีการดำเนินงาน"
    ("indicator", Keyword(r"ตัวชี้วัด")),  # "ตัวชี้วัด"
    ("result", Keyword(r"ผลการดำเนิน|ผลการปฏิบัติ")),  # "ผลการดำเนินงาน"
    ("responsible", Keyword(r"รับผิดชอบ|หน่วยงาน")),  # "หน่วยงาน รับผิดชอบ"
    ("note", Keyword(r"หมายเหตุ")),
    ("title", Keyword(r"โครงการ|กิจกรรม|รายการ|มาตรการ")),  # "รายการโครงการ", "โครงการ/ กิจกรรม"
))
STATUSES = ("completed", "not_done", "in_progress")
MONEY = ("budget_thb", "disbursed_thb", "remaining_thb")

# A tick in a status column: "✓", "✔", "√", "/", "x"; Wingdings ticks OCR'd as "ü" or "P"
TICK = regex.compile(r"^[✓✔√☑/xX✗üþP]$")
# What a cell of a column holds, to place the cells of a row printed without its empty ones
# ("2  โครงการ…  1  ✓  50,000.00  0.00  0.00  50,000.00" under ten columns): "50,000.00", "-".
MONEY_CELL = regex.compile(r"^(?:[0-9][0-9,.]*|[-–—])$")
KINDS = {**dict.fromkeys(STATUSES, TICK), **dict.fromkeys(MONEY, MONEY_CELL), "dimension_no": regex.compile(r"^[1-9]$"),
         "no_budget": regex.compile(f"{TICK.pattern}|{MONEY_CELL.pattern}")}
SUMMARY_TABLE = TableReader(COLUMNS, required=("title", "completed"), kinds=KINDS)
DETAIL_TABLE = TableReader(COLUMNS, required=("title", "result", "budget_thb"), forbidden=("completed",), kinds=KINDS)
# A status cell that is not a tick: "-", "0"
UNTICKED = regex.compile(r"^[\-–—0]?$")
# The มิติ column: "1", "มิติที่ 1", "1."
DIMENSION_CELL = regex.compile(r"(?<![0-9])([1-9])(?![0-9])")
# A heading row or line inside a report table: "มิติที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต"
DIMENSION_HEADING = Keyword(r"มิติที่\s?([1-9])(?![0-9])")

# The report's own counts, one status per line; the number may come before or after the words:
# "เสร็จดำเนินการแล้ว 17 โครงการ", "2เสร็จดำเนินการแล้ว . 17 โครงการ", "1อยู่ระหว่างดำเนินการ . 0 โครงการ",
# "3ไม่สามารถดำเนินการ . 3 โครงการ", "ดำเนินการแล้วเสร็จ จำนวน 17 โครงการ"
STATUS_WORDS = {
    "not_done": r"ไม่สามารถดำเนินการ(?:ได้)?|ยังไม่ได้ดำเนินการ|ไม่ได้ดำเนินการ",
    "in_progress": r"อยู่ระหว่าง(?:การ)?ดำเนินการ|กำลังดำเนินการ",
    "completed": r"เสร็จ(?:สิ้น)?(?:การ)?ดำเนินการแล้ว|(?:ดำเนินการ)?แล้วเสร็จ|ดำเนินการเสร็จ(?:สิ้น)?(?:แล้ว)?",
}
_PROJECTS = r"(?:โครงการ|กิจกรรม|มาตรการ|รายการ)"
# In a small table of counts the unit may be left out: "ดำเนินการแล้วเสร็จ<TAB>17".
STATUS_COUNT = {
    status: Keyword(r"(?:" + words + r")[\s.:=\-]{0,6}(?:จำนวน\s*)?(?P<count>[0-9]{1,4})\s*(?:" + _PROJECTS
                          + r"|$)")
    for status, words in STATUS_WORDS.items()
}
# The count before the words: "17 โครงการที่ดำเนินการแล้วเสร็จ". Read only when the words are not
# followed by a count: in "แล้วเสร็จ 8 โครงการ อยู่ระหว่างดำเนินการ 2 โครงการ" the 8 is not in progress.
STATUS_COUNT_BEFORE = {
    status: Keyword(r"(?P<count>[0-9]{1,4})\s*" + _PROJECTS + r"\s*(?:ที่)?(?:" + words + r")")
    for status, words in STATUS_WORDS.items()
}
# A line of a small counts table (label, number, unit), read like a sentence.
MAX_COUNT_CELLS = 3
# "เบิกจ่ายงบประมาณ 125,000 บาท", OCR'd as "4เบิกจ่ายงบประมาณ . 000. บาท"
DISBURSED_TOTAL = Keyword(r"เบิกจ่าย(?:งบประมาณ)?(?:ทั้งสิ้น|รวม|จำนวน)?(?P<amount>[\s.:=\-0-9,]{1,30}?)\s*บาท")
# "แผน... ประกอบด้วย จำนวน 20 โครงการ", "รวมทั้งสิ้น 20 โครงการ", OCR'd as "ประกอบด้วย 20 จำนวน 2567 .ศ."
TOTAL_PROJECTS = Keyword(r"(?:ประกอบด้วย|" + GRAND_TOTAL_WORD + r")\s*(?:จำนวน\s*)?(?P<count>[0-9]{1,3})"
                               r"(?![0-9,.])\s*(?:(?P<unit>" + _PROJECTS + r")|(?=จำนวน|$))")
# A dimension's own count ("มิติที่ 1 ... ประกอบด้วย 6 โครงการ") is not the report's total.
DIMENSION_WORD = Keyword(r"มิติ")
# A result that says the project was not carried out: "ไม่สามารถดำเนินการได้ เนื่องจาก..."
RESULT_NOT_DONE = Keyword(r"ไม่สามารถดำเนินการ|ไม่ได้ดำเนินการ|ยังไม่ได้ดำเนินการ")
RESULT_IN_PROGRESS = Keyword(r"อยู่ระหว่าง(?:การ)?ดำเนินการ")
# A result that opens by saying it is done: "ดำเนินการแล้วเสร็จ", "ดำเนินการแล้ว ..."
RESULT_COMPLETED = Keyword(r"^(?:ดำเนินการ)?(?:แล้วเสร็จ|เสร็จสิ้น|แล้ว)")

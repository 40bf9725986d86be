"""Document type from structural evidence: title lines, table headers, card fields, report wording.

File names are never looked at. Each kind of evidence supports one type with a weight; the type
with the most support wins, and the confidence says how clearly it won. A plan carries project
cards and annexes too, so card evidence weighs less than a plan's title and budget table and
does not lower the confidence in a plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import regex

from extractors.records import EXACT, WEAK, Record

DOC_TYPES = ("action_plan", "ita_measures", "project_details", "performance_report", "unknown")

# Title of a plan: "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส",
# "แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2561 - 2564)", "แผนป้องกันการทุจริต"
PLAN_TITLE = regex.compile(r"^แผน(?:ปฏิบัติการ)?\s?(?:ด้าน)?(?:การ)?ป้องกัน(?:และปราบปราม)?การทุจริต")
# Header row of a plan's budget table: "มิติ<TAB>ภารกิจตามมิติ<TAB>โครงการ/กิจกรรม/มาตรการ<TAB>ปี 2566<TAB>..."
# (OCR "มิตี"); older templates print "ปี 2561" ... "ปี 2564".
BUDGET_HEADER = regex.compile(r"^ม[ิ]?ต[ิี](?:ที่)?\t(?=.*(?:โครงการ|ภารกิจ))(?=.*(?<![0-9])2[56][0-9]{2}(?![0-9]))")
# A project card's title field: "1. ชื่อโครงการ : โครงการพัฒนาความรู้...", "ชื่อโครงการ/กิจกรรม/มาตรการ"
CARD_TITLE = regex.compile(r"^(?:[0-9]{1,2}\.\s?)?ชื่อ(?:โครงการ|กิจกรรม|มาตรการ)")
# Heading of a detail section: "รายละเอียดโครงการ/กิจกรรม/มาตรการ"
DETAILS_HEADING = regex.compile(r"^รายละเอียด(?:โครงการ|กิจกรรม|มาตรการ)")
# ITA measures title: "มาตรการส่งเสริมคุณธรรมและความโปร่งใสขององค์การบริหารส่วนตำบลโคกคอน ประจำปีงบประมาณ..."
ITA_TITLE = regex.compile(r"^(?:มาตรการ(?:ภายใน)?(?:เพื่อ)?ส่งเสริม(?:คุณธรรม|ความโปร่งใส)|การวิเคราะห์ผลการประเมินคุณธรรม)")
# ITA measures table header: "ลำดับ<TAB>แนวทาง/มาตรการดำเนินการ<TAB>ขั้นตอน/วิธีการปฏิบัติ<TAB>ผู้รับผิดชอบ..."
MEASURES_HEADER = regex.compile(r"\t(?=.*มาตรการ)(?=.*(?:ขั้นตอน|วิธีการปฏิบัติ))(?=.*ผู้รับผิดชอบ)")
# Report title: "รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต", "แบบรายงานผลการดำเนินการ...",
# "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน"
REPORT_TITLE = regex.compile(
    r"^(?:แบบ)?(?:รายงาน|สรุป)(?:ผล(?:การดำเนินงาน|การดำเนินการ|การปฏิบัติ|การนำแผน)|(?:ผล)?การ(?:กำกับ)?ติดตาม)")
# Report table header: "ลำดับ<TAB>รายการโครงการ<TAB>มิติ<TAB>ผลการดำเนินการ..." then "แล้วเสร็จ ... เบิกจ่าย ... คงเหลือ"
REPORT_HEADER = regex.compile(r"\t(?=.*(?:แล้วเสร็จ|ผลการดำเนินการ|ผลการดำเนินงาน))(?=.*(?:เบิกจ่าย|คงเหลือ|ไม่สามารถดำเนินการ))")

# Title lines: before the first body paragraph, at most this many non-blank lines.
TITLE_LINES = 60
PARAGRAPH_CHARS = 200


@dataclass(frozen=True)
class Evidence:
    doc_type: str
    weight: int
    what: str
    line: int


def _title_lines(lines: list[str]) -> list[int]:
    found = []
    for i, line in enumerate(lines):
        if len(line) > PARAGRAPH_CHARS or len(found) >= TITLE_LINES:
            break
        if line.strip():
            found.append(i)
    return found


def evidence(lines: list[str]) -> list[Evidence]:
    """Every piece of structural evidence for a type, with its weight and line."""
    found: list[Evidence] = []
    for i in _title_lines(lines):
        line = lines[i].strip()
        for pattern, doc_type, what in ((PLAN_TITLE, "action_plan", "plan title"),
                                         (ITA_TITLE, "ita_measures", "ITA measures title"),
                                         (REPORT_TITLE, "performance_report", "report title")):
            if pattern.match(line) and not any(e.what == what for e in found):
                found.append(Evidence(doc_type, 3, what, i))
    firsts: dict[str, int] = {}
    cards = 0
    for i, line in enumerate(lines):
        if "\t" in line:
            for pattern, what in ((BUDGET_HEADER, "budget table header"), (MEASURES_HEADER, "measures table header"),
                                  (REPORT_HEADER, "report table header")):
                if what not in firsts and pattern.search(line):
                    firsts[what] = i
        elif CARD_TITLE.match(line):
            cards += 1
            firsts.setdefault("project card", i)
        elif DETAILS_HEADING.match(line):
            firsts.setdefault("details heading", i)
    types = {"budget table header": ("action_plan", 3), "measures table header": ("ita_measures", 3),
             "report table header": ("performance_report", 3), "details heading": ("project_details", 1)}
    for what, i in firsts.items():
        if what == "project card":
            found.append(Evidence("project_details", 2 + (cards >= 3), f"project cards ({cards})", i))
        else:
            found.append(Evidence(*types[what], what, i))
    return found


def classify(lines: list[str]) -> Record:
    """``documents`` record with ``doc_type`` and its confidence."""
    found = evidence(lines)
    support: dict[str, int] = defaultdict(int)
    for e in found:
        support[e.doc_type] += e.weight
    ranked = sorted(support.items(), key=lambda kv: -kv[1])
    best_type, best = ranked[0] if ranked else ("unknown", 0)
    # A plan contains its project cards: card evidence does not argue against a plan.
    rivals = [n for t, n in ranked[1:] if not (best_type == "action_plan" and t == "project_details")]
    second = max(rivals, default=0)
    margin = best - second
    if best >= 6 and margin >= 3:
        confidence = 0.95
    elif best >= 3 and margin >= 2:
        confidence = 0.85
    elif margin >= 1:
        confidence = 0.6
    else:
        best_type, confidence = "unknown", 0.3
    line = min((e.line for e in found if e.doc_type == best_type), default=0)
    record = Record("documents", {"doc_type": best_type}, line)
    detail = "; ".join(f"{e.what} -> {e.doc_type}" for e in found)
    record.score("doc_type", confidence, f"{EXACT}: {detail}" if best_type != "unknown" else f"{WEAK}: {detail or 'no evidence'}")
    return record

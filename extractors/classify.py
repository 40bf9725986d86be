"""Document type from structural evidence: title lines, the tables that the structures' own
extractors locate (budget table, ITA measures table, report tables) and project cards' titles.

File names are never looked at. Each kind of evidence supports one type with a weight; the type
with the most support wins, and the confidence says how clearly it won. A plan carries project
cards and annexes too, so card evidence weighs less than a plan's title and budget table and
does not lower the confidence in a plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from extractors import budget_table, ita_measures, performance_report, project_card
from extractors.records import EXACT, WEAK, Record, Segment
from extractors.thai.ocr_tolerance import Keyword

DOC_TYPES = ("action_plan", "ita_measures", "project_details", "performance_report", "unknown")

# Title of a plan: "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส",
# "แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2561 - 2564)", "แผนป้องกันการทุจริต"
PLAN_TITLE = Keyword(r"^แผน(?:ปฏิบัติการ)?\s?(?:ด้าน)?(?:การ)?ป้องกัน(?:และปราบปราม)?การทุจริต")
# ITA measures title: "มาตรการส่งเสริมคุณธรรมและความโปร่งใสขององค์การบริหารส่วนตำบลโคกคอน ประจำปีงบประมาณ..."
ITA_TITLE = Keyword(r"^(?:มาตรการ(?:ภายใน)?(?:เพื่อ)?ส่งเสริม(?:คุณธรรม|ความโปร่งใส)|การวิเคราะห์ผลการประเมินคุณธรรม)")
# Report title: "รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต", "แบบรายงานผลการดำเนินการ...",
# "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน"
REPORT_TITLE = Keyword(
    r"^(?:แบบ)?(?:รายงาน|สรุป)(?:ผล(?:การดำเนินงาน|การดำเนินการ|การปฏิบัติ|การนำแผน)|(?:ผล)?การ(?:กำกับ)?ติดตาม)")

# The tables each type is made of: segment kind, its module's locator, the type, what to call it.
TABLES = (("budget_table", budget_table.locate, "action_plan", "budget table"),
          ("measures_table", ita_measures.locate, "ita_measures", "measures table"),
          ("report_table", performance_report.locate, "performance_report", "report table"))

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


def _card_titles(lines: list[str]) -> list[int]:
    """Lines where a project card opens with its title heading ("1. ชื่อโครงการ : ...").

    Enough to count cards as evidence: ``project_card.locate`` also reads each card's fields to drop
    prose that names a project, which costs five times as much and counts the same cards on the
    seeds and unseen fixtures.
    """
    return [i for i, line in enumerate(lines)
            if project_card.TITLE_WORD_ANYWHERE.search(line) and project_card.TITLE_HEADING.search(line)]


def evidence(lines: list[str], tables: dict[str, list[Segment]] | None = None) -> list[Evidence]:
    """Every piece of structural evidence for a type, with its weight and line (``tables``: segments
    by kind, as the ``tables`` stage located them; located here when not given)."""
    found: list[Evidence] = []
    for i in _title_lines(lines):
        line = lines[i].strip()
        for pattern, doc_type, what in ((PLAN_TITLE, "action_plan", "plan title"),
                                         (ITA_TITLE, "ita_measures", "ITA measures title"),
                                         (REPORT_TITLE, "performance_report", "report title")):
            if pattern.match(line) and not any(e.what == what for e in found):
                found.append(Evidence(doc_type, 3, what, i))
    for kind, locate, doc_type, what in TABLES:
        segments = locate(lines) if tables is None else tables[kind]
        if segments:
            found.append(Evidence(doc_type, 3, what, segments[0].start))
    cards = _card_titles(lines)
    if cards:
        found.append(Evidence("project_details", 2 + (len(cards) >= 3), f"project cards ({len(cards)})", cards[0]))
    banner = next((i for i, line in enumerate(lines) if project_card.CARD_BANNER.match(line)), None)
    if banner is not None:
        found.append(Evidence("project_details", 1, "details heading", banner))
    return found


def classify(lines: list[str], tables: dict[str, list[Segment]] | None = None) -> Record:
    """``documents`` record with ``doc_type`` and its confidence (``tables`` as for ``evidence``)."""
    found = evidence(lines, tables)
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

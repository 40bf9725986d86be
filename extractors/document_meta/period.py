"""The period a document covers: a plan's years, or a yearly document's fiscal year."""

from __future__ import annotations

from collections import Counter

import regex

from extractors.records import EXACT, INFERRED, Record, check

# Plan period: "(พ.ศ. 2566 - 2570)", "พ.ศ.2566-2570", "4 ปี (พ.ศ. 2561 - 2564)". Plans run 3-5 years;
# longer spans are national strategies ("ยุทธศาสตร์ชาติ 20 ปี (พ.ศ. 2561 - 2580)").
PLAN_PERIOD = regex.compile(
    r"(?:พ\.?\s?ศ\.?|ปีงบประมาณ|ปี)\s*(?P<start>2[56][0-9]{2})\s*[-–—]\s*(?P<end>2[56][0-9]{2})(?![0-9])"
)
PLAN_SPANS = range(2, 5)
# Fiscal year of a yearly document: "ประจำปีงบประมาณ พ.ศ. 2567", "ปีงบประมาณ 2567"
FISCAL_YEAR = regex.compile(r"ปีงบประมาณ\s*(?:พ\.?\s?ศ\.?)?\s*(?P<year>2[56][0-9]{2})(?!\s*[-–—]\s*2[56][0-9]{2})(?![0-9])")

# The integrity assessment a document answers, named before its year: "ผลการประเมินคุณธรรมและ
# ความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2565", "ผลคะแนนการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566"
ASSESSMENT = regex.compile(r"การประเมิน\s?(?:คุณธรรม|ITA|ไอทีเอ)")
# How far before a fiscal year the assessment's name may stand on its line.
ASSESSMENT_REACH = 100


def plan_period(lines: list[str], title_lines: list[int]) -> tuple[tuple[int, int] | None, Record | None]:
    """Plan years from the title or cover, else the most frequent plan-length range in the text."""
    def ranges(indices):
        for i in indices:
            for match in PLAN_PERIOD.finditer(lines[i]):
                start, end = int(match.group("start")), int(match.group("end"))
                if end - start in PLAN_SPANS:
                    yield (start, end), i

    found = list(ranges(range(len(lines))))
    if not found:
        return None, None
    counts = Counter(period for period, _ in found)
    titled = list(ranges(title_lines))
    if titled:
        period, line = titled[0]
        reason = f"{EXACT}: title/cover line"
        confidence = 0.95 if counts[period] >= max(counts.values()) else 0.8
    else:
        period = counts.most_common(1)[0][0]
        line = next(i for p, i in found if p == period)
        reason = f"{INFERRED}: most frequent plan-length range ({counts[period]} of {len(found)} mentions)"
        confidence = 0.8 if counts[period] >= 3 else 0.6
    record = Record("documents", {"plan_start_year_be": period[0], "plan_end_year_be": period[1]}, line)
    record.score("plan_start_year_be", confidence, reason)
    record.score("plan_end_year_be", confidence, reason)
    return period, record


def fiscal_year(lines: list[str], title_lines: list[int], title_only: bool = False
                ) -> tuple[Record | None, Record | None]:
    """Fiscal year of a yearly document from its title/cover; a check when the body disagrees.
    With ``title_only`` (a plan without a period) only a year in the title counts.

    "ประจำปีงบประมาณ" names the document's own year; a bare "ปีงบประมาณ 2558" elsewhere is history
    or the next plan, so it is used only when the document never says ประจำปีงบประมาณ. The year of
    the integrity assessment a document answers (last year's ITA) is not its own either.
    """
    own, assessed = [], []
    for i, line in enumerate(lines):
        for m in FISCAL_YEAR.finditer(line):
            if line[max(0, m.start() - 5): m.start()].endswith("ประจำ"):
                before = line[max(0, m.start() - ASSESSMENT_REACH): m.start()]
                (assessed if ASSESSMENT.search(before) else own).append((int(m.group("year")), i))
    own = own or assessed
    found = own or [(int(m.group("year")), i) for i, line in enumerate(lines) for m in FISCAL_YEAR.finditer(line)]
    if not found:
        return None, None
    counts = Counter(year for year, _ in found)
    title_set = set(title_lines)
    titled = [(year, i) for year, i in found if i in title_set]
    if titled:
        year, line = titled[0]
        reason, confidence = f"{EXACT}: title/cover line", 0.95
    elif title_only:
        return None, None
    else:
        year = counts.most_common(1)[0][0]
        line = next(i for y, i in found if y == year)
        reason, confidence = f"{INFERRED}: most frequent fiscal year ({counts[year]} of {len(found)} mentions)", 0.7
    others = Counter(y for y, i in found if y != year)
    if others:
        confidence = min(confidence, 0.85)
        reason += f"; other years printed: {', '.join(f'{y} x{c}' for y, c in sorted(others.items()))}"
    record = Record("documents", {"fiscal_year_be": year}, line)
    record.score("fiscal_year_be", confidence, reason)
    if not own:
        return record, None
    first_other = next((i for y, i in found if y != year), line)
    consistency = check(
        "fiscal_year_consistent", "fiscal_year_be", not others, year,
        ", ".join(f"{y} x{c}" for y, c in sorted(others.items())) or year, line=first_other, severity="warning",
        message="" if not others else
        f"the title says ประจำปีงบประมาณ {year} but {sum(others.values())} other line(s) say another fiscal year")
    return record, consistency

"""Dimensions (มิติ) and missions (ภารกิจ) of a plan: names, stated project counts, body headings.

Evidence comes from five places: the introduction's list ("มิติที่ 1 การสร้างวัฒนธรรมสุจริต จำนวน
7 โครงการ"), the body headings that open each dimension and mission, the budget table's dimension
and mission cells, its subtotal rows ("รวม<TAB>จำนวน 7 โครงการ"), and the rows other tables give a
dimension (a report's heading rows and its breakdown per มิติ, ``row_mentions``). The table of
contents is never read. Headings are returned in document order, so that cards and tables can take the
dimension and mission of the nearest heading above them.

The budget table's cells are read by ``budget_table.structure_cells`` (the table's grammar lives
there) and handed in as ``TableCells``; this module owns what both read: the word มิติ with its OCR
variants, and the form of a mission code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex

from extractors.project_card.headings import CARD_BANNER, CARD_NO, TITLE_HEADING
from extractors.records import (
    EXACT,
    INFERRED,
    REPAIRED,
    WEAK,
    Heading,
    Record,
    Segment,
    check,
)
from extractors.tables import cells as row_cells
from extractors.tables import is_row
from extractors.thai.numbers import PROJECT_COUNT
from extractors.thai.ocr_tolerance import Keyword, look_alike_numbers
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
# Not list items "2.1) กำหนดแนวทาง..." (closing parenthesis) nor amounts "1.50".
MISSION_HEAD = regex.compile(rf"^(?P<code>{MISSION_CODE})(?![0-9)])\s+(?P<name>[^\s0-9].*)$")
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


@dataclass
class Mention:
    """One printed mention of a dimension."""

    no: int
    name: str
    line: int
    count: int | None = None
    source: str = "text"  # text, reversed, row (a table row of its own), table (the budget table's cells)
    heading: bool = False
    misread: int | None = None  # the number as printed, when OCR misread it (``_repair_heading_numbers``)


@dataclass
class TableCells:
    """What the budget table prints of the plan's structure (read by ``budget_table.structure_cells``)."""

    dimensions: list[tuple[int, str, int]] = field(default_factory=list)  # (dimension_no, name, line)
    missions: list[tuple[str, str, int]] = field(default_factory=list)  # (mission_code, name or "", line)
    subtotals: dict[int, tuple[int, int]] = field(default_factory=dict)  # dimension_no -> (count, line)


@dataclass
class Structure:
    headings: list[Heading] = field(default_factory=list)
    dimensions: list[Record] = field(default_factory=list)
    missions: list[Record] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    checks: list[Record] = field(default_factory=list)


def _nonblank_after(lines: list[str], i: int) -> int | None:
    return next((j for j in range(i + 1, min(i + 6, len(lines))) if lines[j].strip()), None)


def _split_count(text: str) -> tuple[str, int | None]:
    match = STATED_COUNT.search(text)
    if match:
        return text[: match.start()].strip(), int(match.group(1))
    return text.strip(), None


def _card_line(line: str) -> bool:
    """A line that opens a project card: its title field, its number, or the details banner."""
    return bool(TITLE_HEADING.search(line) or CARD_NO.search(line) or CARD_BANNER.match(line))


def _is_dimension_line(line: str) -> bool:
    return bool(DIMENSION_HEAD.match(line) or DIMENSION_REVERSED.match(line))


def _mention(lines: list[str], i: int) -> Mention | None:
    line = lines[i].strip()
    match = DIMENSION_HEAD.match(line)
    source = "text"
    if match:
        name = match.group("name")
    else:
        match = DIMENSION_REVERSED.match(line)
        if match is None:
            return None
        source = "reversed"
        name = f"{match.group('before').strip(' -')} {match.group('after')}".strip()
    name, count = _split_count(name)
    following = _nonblank_after(lines, i)
    nxt = lines[following].strip() if following is not None else ""
    usable = nxt and not is_row(nxt) and not _is_dimension_line(nxt) and len(nxt) <= NAME_CHARS \
        and not MISSION_HEAD.match(nxt) and not _card_line(nxt)
    if not name and usable:
        # "มติที่ 1" with its name on the next line.
        name, count = _split_count(nxt)
    elif count is None and usable:
        # A list line wrapped before its count: "...กลไกในการตรวจสอบ 4มิติที่ -" +
        # "การบริหารราชการขององค์กรปกครองส่วนท้องถิ่น ประกอบด้วย 4 โครงการ"
        rest, wrapped_count = _split_count(nxt)
        if wrapped_count is not None:
            name, count = f"{name} {rest}".strip(), wrapped_count
    return Mention(int(match.group("no")), name, i, count, source)


def _inside(i: int, segments: list[Segment]) -> bool:
    return any(s.start <= i <= s.end for s in segments)


def text_mentions(lines: list[str], outline: list[Segment]) -> list[Mention]:
    """Dimension mentions outside the TOC and tables; the body's headings marked as such."""
    toc = [s for s in outline if s.kind == "toc"]
    front = [s for s in outline if s.kind in FRONT_MATTER]
    mentions = [m for i, line in enumerate(lines)
                if not is_row(line) and DIMENSION_WORD_ANYWHERE.search(line) and not _inside(i, toc)
                and (m := _mention(lines, i)) is not None]
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    rank = {i: k for k, i in enumerate(nonblank)}
    for k, m in enumerate(mentions):
        near = [o for o in mentions[max(0, k - 1): k + 2]
                if o is not m and o.no != m.no and abs(rank[o.line] - rank[m.line]) <= LIST_GAP + 1]
        m.heading = not near and not _inside(m.line, front) and m.source == "text"
    return mentions


def _count_column(lines: list[str], i: int) -> int | None:
    """The project-count column of the table row ``i`` belongs to: a header cell above it, in the
    same block of tab lines."""
    for j in range(i - 1, max(-1, i - HEADER_REACH), -1):
        cells = row_cells(lines[j])
        if cells is None:
            return None
        column = next((k for k, c in enumerate(cells) if COUNT_COLUMN.match(c)), None)
        if column is not None:
            return column
    return None


def row_mentions(lines: list[str], outline: list[Segment], skip: set[int] = frozenset()) -> list[Mention]:
    """Dimensions printed as rows of a table (outside the TOC and the lines in ``skip``): a heading
    row whose only filled cell names the dimension ("<TAB>มิติที่ 1 การสร้างวัฒนธรรมสุจริต<TAB><TAB>"),
    and a row of a breakdown table under its จำนวนโครงการ column ("มิติที่ 1<TAB>3<TAB>2<TAB>0<TAB>...")."""
    toc = [s for s in outline if s.kind == "toc"]
    found = []
    for i, line in enumerate(lines):
        cells = row_cells(line)
        if cells is None or i in skip or _inside(i, toc):
            continue
        first = next((k for k, c in enumerate(cells) if c), None)
        match = DIMENSION_HEAD.match(cells[first]) if first is not None else None
        if match is None:
            continue
        name, count = _split_count(match.group("name"))
        if not any(cells[first + 1:]):
            if name:
                found.append(Mention(int(match.group("no")), name, i, count, source="row"))
            continue
        column = _count_column(lines, i)
        if column is not None and column > first and column < len(cells) and COUNT_CELL.match(cells[column]):
            found.append(Mention(int(match.group("no")), name, i, int(cells[column]), source="row"))
    return found


def _repair_heading_numbers(headings: list[Mention]) -> None:
    """The body's dimension headings count 1, 2, 3...: a number that breaks the count (มิติที่ ๗
    for ๑: ๑ and ๗ look alike) is read as the one the count calls for when a look-alike digit gives
    it and the next heading goes on from there."""
    previous = 0
    for k, mention in enumerate(headings):
        expected = previous + 1
        following = headings[k + 1].no if k + 1 < len(headings) else None
        if mention.no != expected and expected in look_alike_numbers(mention.no) \
                and (following is None or following == expected + 1 or expected + 1 in look_alike_numbers(following)):
            mention.misread, mention.no = mention.no, expected
        previous = mention.no


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


def _follows_mission(lines: list[str], i: int, code: str) -> tuple[str | None, list[str]]:
    """What follows line ``i`` that makes it a mission heading ("card", "dimension", "child" or
    "sibling"; None: no heading), and its wrapped name lines.

    A mission heading introduces cards or narrower missions: within a few lines comes a card,
    a dimension, or the next mission code (a child or the next sibling). A numbered sub-item
    inside a card ("1.1 โชน 1 จำนวน 218 คน ประกอบด้วย") is followed by its own bullets instead.
    """
    key = _code_key(code)
    wrapped: list[str] = []
    for j in [j for j in range(i + 1, min(i + 12, len(lines))) if lines[j].strip()][:LOOKAHEAD]:
        text = lines[j].strip()
        if _card_line(text):
            return "card", wrapped
        if _is_dimension_line(text):
            return "dimension", wrapped
        match = MISSION_HEAD.match(text)
        if match:
            other = _code_key(match.group("code"))
            if other[:-1] == key:
                return "child", wrapped
            sibling = len(other) <= len(key) and other[:-1] == key[:len(other) - 1] and other[-1] == key[len(other) - 1] + 1
            return "sibling" if sibling else None, wrapped
        if LIST_ITEM.match(text) or BULLET.match(text) or is_row(text):
            return None, wrapped
        wrapped.append(text)
    return None, wrapped


def body_missions(lines: list[str], outline: list[Segment], dimension_headings: list[Mention]
                  ) -> list[tuple[str, str, int, str | None]]:
    """Mission headings in the body, told apart from numbered sub-items inside cards.

    A heading's code belongs to the current dimension, comes after the previous heading's code,
    and is followed by what a mission introduces (see ``_follows_mission``). A code whose first
    digit OCR misread as a look-alike of the current dimension's is read as that dimension's; the
    code as printed is the tuple's last element (None when read as printed). The next dimension's
    first mission opens that dimension when OCR lost its heading.
    """
    front = [s for s in outline if s.kind in FRONT_MATTER]
    starts = {m.line: m.no for m in dimension_headings}
    found: list[tuple[str, str, int, str | None]] = []
    dimension = None
    last: tuple[int, ...] = ()
    for i, line in enumerate(lines):
        if i in starts:
            dimension, last = starts[i], ()
        match = MISSION_HEAD.match(line.strip()) if not is_row(line) and not _inside(i, front) else None
        if match is None:
            continue
        code = printed = match.group("code")
        key = _code_key(code)
        if dimension is not None and key[0] != dimension and dimension in look_alike_numbers(key[0]):
            # "๗.๑ การเสริมสร้าง..." under dimension 1: the code's digit OCR misread
            code = f"{dimension}{code[len(str(key[0])):]}"
            key = _code_key(code)
        if (dimension is not None and key[0] not in (dimension, dimension + 1)) or key <= last:
            continue
        introduces, wrapped = _follows_mission(lines, i, code)
        # The next dimension's first mission ("3.1" under dimension 2) that opens a card or its own
        # first sub-mission: OCR lost the dimension's heading above it (only its name was read).
        if dimension is not None and key[0] != dimension and not (key[:2] == (dimension + 1, 1)
                                                                   and introduces in ("card", "child")):
            continue
        if introduces:
            found.append((code, " ".join([match.group("name").strip(), *wrapped]), i,
                          printed if printed != code else None))
            dimension, last = key[0], key
    return found


def _choose_name(mentions: list[Mention]) -> tuple[str | None, float, str, int]:
    """Most often printed name (ties: first printed); confidence and reason; line."""
    texts = [m for m in mentions if m.source != "table" and m.name]
    pool = texts or [m for m in mentions if m.name]
    if not pool:  # "มิติที่ 1" with nothing after it that reads as a name
        return None, 0.3, f"{WEAK}: no name printed", mentions[0].line
    counts = Counter(m.name for m in pool)
    name, n = counts.most_common(1)[0]
    first = next(m for m in pool if m.name == name)
    if not texts:
        return name, 0.7, f"{INFERRED}: budget table cell only", first.line
    if first.source == "reversed" and n == 1:
        return name, 0.7, f"{REPAIRED}: reassembled from a line OCR printed out of order", first.line
    if n >= 2:
        return name, 0.95 if n == len(pool) else 0.9, f"{EXACT}: {n} of {len(pool)} mentions agree", first.line
    return name, 0.85 if len(pool) == 1 else 0.7, f"{EXACT}: one mention" + (
        "" if len(pool) == 1 else f" of {len(pool)} that differ"), first.line


def _segment_end(lines: list[str], start: int, stops: list[int], limit: int) -> int:
    end = min([s for s in stops if s > start] + [limit + 1]) - 1
    while end > start and not lines[end].strip():
        end -= 1
    return end


def extract(lines: list[str], outline: list[Segment], table: TableCells | None = None) -> Structure:
    """Dimension and mission rows, their body headings (in order) and segments; ``table`` is what
    the budget table prints (``budget_table.structure_cells``), if the document has one."""
    result = Structure()
    table = table or TableCells()
    mentions = text_mentions(lines, outline)
    headings = [m for m in mentions if m.heading]
    _repair_heading_numbers(headings)
    table_dims = [Mention(no, name, line, source="table") for no, name, line in table.dimensions]
    mentions += row_mentions(lines, outline, skip={m.line for m in table_dims})
    subtotals = table.subtotals
    missions = body_missions(lines, outline, headings)

    by_no: dict[int, list[Mention]] = {}
    for m in mentions + table_dims:
        by_no.setdefault(m.no, []).append(m)
    for no in sorted(by_no):
        name, confidence, reason, line = _choose_name(by_no[no])
        record = Record("dimensions", {"dimension_no": no, "name": name, "stated_project_count": None}, line)
        record.score("name", confidence, reason)
        stated = [m for m in by_no[no] if m.count is not None]
        if stated:
            counts = Counter(m.count for m in stated)
            count = counts.most_common(1)[0][0]
            record.values["stated_project_count"] = count
            origin = "introduction lists the count" if any(m.source != "row" for m in stated) \
                else "a table row states the count"
            record.score("stated_project_count", 0.95 if len(counts) == 1 else 0.6,
                         f"{EXACT}: {origin}" if len(counts) == 1
                         else f"{EXACT}: counts printed differ ({dict(counts)})")
            if no in subtotals:
                table_count, table_line = subtotals[no]
                result.checks.append(check(
                    "dimension_stated_count_consistent", f"dimension={no}", table_count == count, count,
                    table_count, line=table_line, severity="warning",
                    message="" if table_count == count else
                    f"the introduction states {count} projects for dimension {no}, the budget table's subtotal {table_count}"))
        elif no in subtotals:
            record.values["stated_project_count"] = subtotals[no][0]
            record.score("stated_project_count", 0.85, f"{INFERRED}: budget table subtotal row (introduction states none)")
        result.dimensions.append(record)

    # One mission row per code: the body heading's name, else the table cell's.
    names: dict[str, tuple[str, int, str]] = {}
    misread = {code: printed for code, _, _, printed in missions if printed}
    for code, name, line, _ in missions:
        names.setdefault(code, (name, line, "heading"))
    for code, name, line in table.missions:
        if name and code not in names:
            names[code] = (name, line, "table")
    for code in sorted(names, key=_code_key):
        name, line, source = names[code]
        record = Record("missions", {"dimension_no": int(code[0]), "mission_code": code, "name": name}, line)
        record.score("name", 0.9 if source == "heading" else 0.8,
                     f"{EXACT}: body heading" if source == "heading" else f"{EXACT}: budget table mission cell")
        record.score("mission_code", 0.95, EXACT)
        record.score("dimension_no", 0.95, f"{EXACT}: first number of the mission code")
        if code in misread and source == "heading":
            for name_ in ("mission_code", "dimension_no"):
                record.score(name_, 0.8, f"{REPAIRED}: printed {misread[code]}, a look-alike digit of the "
                                         "dimension its heading stands in")
        result.missions.append(record)

    # Headings in document order, and their segments.
    events = sorted([(m.line, m.no, None, m.name, None if m.misread is None else str(m.misread)) for m in headings] +
                    [(line, int(code[0]), code, name, printed) for code, name, line, printed in missions])
    result.headings = [Heading(line, no, code, name, printed) for line, no, code, name, printed in events]
    limits = [s for s in outline if s.kind in ("appendix", "announcement", "order")]
    limit = min([s.start - 1 for s in limits if s.start > (events[0][0] if events else 0)] + [len(lines) - 1])
    dimension_starts = [h.line for h in result.headings if h.mission_code is None]
    for h in result.headings:
        if h.mission_code is None:
            end = _segment_end(lines, h.line, dimension_starts, limit)
            label = f"{lines[h.line].strip()} {h.name}" if h.name not in lines[h.line] else lines[h.line].strip()
            result.segments.append(Segment("dimension", h.line, end, label))
        else:
            level = len(_code_key(h.mission_code))
            stops = dimension_starts + [o.line for o in result.headings
                                        if o.mission_code and len(_code_key(o.mission_code)) <= level]
            result.segments.append(Segment("mission", h.line, _segment_end(lines, h.line, stops, limit),
                                           lines[h.line].strip()))
    return result

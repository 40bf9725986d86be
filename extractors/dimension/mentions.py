"""Where a document mentions a dimension: list and heading lines of the text, and rows of tables."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.dimension.vocabulary import (
    COUNT_CELL,
    COUNT_COLUMN,
    DIMENSION_HEAD,
    DIMENSION_REVERSED,
    DIMENSION_WORD_ANYWHERE,
    FRONT_MATTER,
    HEADER_REACH,
    LIST_GAP,
    MISSION_HEAD,
    NAME_CHARS,
    STATED_COUNT,
)
from extractors.project_card.headings import CARD_BANNER, CARD_NO, TITLE_HEADING
from extractors.records import Segment
from extractors.tables import cells as row_cells
from extractors.tables import is_row
from extractors.thai.ocr_tolerance import look_alike_numbers


@dataclass
class Mention:
    """One printed mention of a dimension."""

    no: int
    name: str
    line: int
    count: int | None = None
    source: str = "text"  # text, reversed, row (a table row of its own), table (the budget table's cells)
    heading: bool = False
    misread: int | None = None  # the number as printed, when OCR misread it (``repair_heading_numbers``)



def _nonblank_after(lines: list[str], i: int) -> int | None:
    return next((j for j in range(i + 1, min(i + 6, len(lines))) if lines[j].strip()), None)


def _split_count(text: str) -> tuple[str, int | None]:
    match = STATED_COUNT.search(text)
    if match:
        return text[: match.start()].strip(), int(match.group(1))
    return text.strip(), None


def card_line(line: str) -> bool:
    """A line that opens a project card: its title field, its number, or the details banner."""
    return bool(TITLE_HEADING.search(line) or CARD_NO.search(line) or CARD_BANNER.match(line))


def is_dimension_line(line: str) -> bool:
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
    usable = nxt and not is_row(nxt) and not is_dimension_line(nxt) and len(nxt) <= NAME_CHARS \
        and not MISSION_HEAD.match(nxt) and not card_line(nxt)
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


def inside(i: int, segments: list[Segment]) -> bool:
    return any(s.start <= i <= s.end for s in segments)


def text_mentions(lines: list[str], outline: list[Segment]) -> list[Mention]:
    """Dimension mentions outside the TOC and tables; the body's headings marked as such."""
    toc = [s for s in outline if s.kind == "toc"]
    front = [s for s in outline if s.kind in FRONT_MATTER]
    mentions = [m for i, line in enumerate(lines)
                if not is_row(line) and DIMENSION_WORD_ANYWHERE.search(line) and not inside(i, toc)
                and (m := _mention(lines, i)) is not None]
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    rank = {i: k for k, i in enumerate(nonblank)}
    for k, m in enumerate(mentions):
        near = [o for o in mentions[max(0, k - 1): k + 2]
                if o is not m and o.no != m.no and abs(rank[o.line] - rank[m.line]) <= LIST_GAP + 1]
        m.heading = not near and not inside(m.line, front) and m.source == "text"
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
        if cells is None or i in skip or inside(i, toc):
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


def repair_heading_numbers(headings: list[Mention]) -> None:
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


"""Outline of a document: cover, announcements and orders, foreword, table of contents, parts, appendix.

As in GROBID, the document is cut into zones first and each zone gets its own extractor. The
table of contents (สารบัญ) is its own segment, so that its headings and page numbers are never
read as content; every other locator skips it.
"""

from __future__ import annotations

from bisect import bisect_right

import regex
from cydifflib import SequenceMatcher

from extractors import announcement
from extractors.records import Segment
from extractors.tables import cells as row_cells
from extractors.tables import is_row
from extractors.thai.ocr_tolerance import Keyword

# "สารบัญ", "สารบัญ (ต่อ)"
TOC_HEAD = Keyword(r"^สารบัญ(?:\s?\(?ต่อ\)?)?$")
# A TOC entry printed without tab cells ends in its page: "ส่วนที่ 1 บทนำ 1 - 4", "คำนำ ก", "ภาคผนวก 120"
TOC_PAGE = regex.compile(r"\S\s+(?:[0-9]{1,3}(?:\s?[-–]\s?[0-9]{1,3})?|[ก-ฮ])$")
# "คำนำ"
FOREWORD = Keyword(r"^คำนำ$")
# "ส่วนที่ 1", "ส่วนที่ 2 แผนปฏิบัติการป้องกันการทุจริต"; not the foreword's summary
# "ส่วนที่ 2 ประกอบด้วย โครงการ/กิจกรรม/มาตรการ และจำนวนงบประมาณ..."
PART = Keyword(r"^ส่วนที่\s?(?P<no>[0-9]{1,2})(?![0-9])\s*(?P<title>(?!.*ประกอบด้วย).{0,80})$")
# Page cell of a TOC entry: "1 - 4", "10 - 60", "9"
TOC_PAGE_CELL = regex.compile(r"^(?P<first>[0-9]{1,3})(?:\s?[-–]\s?[0-9]{1,3})?$")
# A numbered top-level section, for documents whose parts are "1. ความเป็นมา", "2. สรุปผล..."
NUMBERED = regex.compile(r"^(?P<no>[0-9]{1,2})\.\s?(?P<title>\S.*)$")
# "ภาคผนวก", "ภาคผนวก ก"
APPENDIX = Keyword(r"^ภาคผนวก(?:\s?[ก-ฮ0-9])?$")
# First line of a cover: the document's title. "แผนปฏิบัติการป้องกันการทุจริต",
# "รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส..."
COVER_TITLE = Keyword(r"^(?:แผน|รายงาน|แบบรายงาน|มาตรการ|ผลการดำเนิน)")

# A cover is a short block of short lines right before the foreword, TOC or first part.
COVER_MAX_LINES = 15
COVER_LINE_CHARS = 120
# Lines printed between TOC entries that are not entries themselves (a wrapped title).
TOC_MAX_GAP = 2
TOC_LINE_CHARS = 160
TITLE_SIMILARITY = 0.8


def _blank(line: str) -> bool:
    return not line.strip()


def _trim(lines: list[str], start: int, end: int) -> int:
    """``end`` moved up past trailing blank lines (never above ``start``)."""
    while end > start and _blank(lines[end]):
        end -= 1
    return end


def _entry_text(line: str) -> str:
    """A TOC entry without its page cell: "ส่วนที่ 1\\t" -> "ส่วนที่ 1"."""
    cells = row_cells(line)
    filled = [c for c in cells or [line.strip()] if c]
    text = filled[0] if filled else ""
    match = TOC_PAGE.search(text) if cells is None else None
    return text[: match.start() + 1].strip() if match else text


def _heads(entry: str) -> list[str]:
    """The starts of an entry a heading printed again may be: each up to a space, at most
    ``TOC_LINE_CHARS`` long. A set of them finds a heading in one look-up, where comparing each line
    with every entry was quadratic (a table of contents of 16,000 entries took 35 s)."""
    head = entry[:TOC_LINE_CHARS + 1]
    return [head[:k] for k in range(1, len(head)) if head[k] == " "]


def locate_toc(lines: list[str]) -> list[Segment]:
    """Each สารบัญ block: the heading and its entries, up to where the body resumes."""
    segments = []
    i = 0
    while i < len(lines):
        if not TOC_HEAD.match(lines[i].strip()):
            i += 1
            continue
        start = i
        entries = [j for j in range(i + 1, min(i + 8, len(lines))) if not _blank(lines[j])]
        tabbed = sum(is_row(lines[j]) for j in entries) >= 2
        seen: set[str] = set()  # entries as printed, and without their page
        heads: set[str] = set()  # their starts that end before a space, up to TOC_LINE_CHARS
        end = start
        gap = 0
        j = start + 1
        while j < len(lines):
            line = lines[j].strip()
            if not line:
                j += 1
                continue
            if tabbed:
                is_entry = is_row(lines[j])
            else:
                is_entry = len(line) <= TOC_LINE_CHARS and TOC_PAGE.search(line) is not None
            # The body begins where an entry's heading is printed again ("ส่วนที่ 1" after
            # the entry "ส่วนที่ 1 บทนำ 1").
            if line in seen or line in heads:
                break
            if is_entry:
                for entry in (line, _entry_text(lines[j])):
                    seen.add(entry)
                    heads.update(_heads(entry))
                end, gap = j, 0
            else:
                gap += 1
                if gap > TOC_MAX_GAP or len(line) > TOC_LINE_CHARS or tabbed:
                    break
            j += 1
        segments.append(Segment("toc", start, end, lines[start].strip()))
        i = end + 1
    return segments


def _inside(index: int, segments: list[Segment]) -> bool:
    return any(s.start <= index <= s.end for s in segments)


def _numbered_parts(lines: list[str], toc: list[Segment]) -> list[int]:
    """Headings of top-level numbered sections listed in the TOC and printed again in the body."""
    listed = []
    for segment in toc:
        for j in range(segment.start + 1, segment.end + 1):
            match = NUMBERED.match(_entry_text(lines[j]))
            if match:
                listed.append((int(match.group("no")), match.group("title")))
    if not listed or [n for n, _ in listed] != list(range(1, len(listed) + 1)):
        return []
    found = []
    i = max(s.end for s in toc) + 1
    for number, title in listed:
        for j in range(i, len(lines)):
            match = NUMBERED.match(lines[j].strip())
            if match and int(match.group("no")) == number and not is_row(lines[j]):
                printed = match.group("title")
                size = min(len(title), len(printed), 30)
                if SequenceMatcher(None, title[:size], printed[:size]).ratio() >= TITLE_SIMILARITY:
                    found.append(j)
                    i = j + 1
                    break
    return found if len(found) == len(listed) else []


def _entry_page(line: str) -> int | None:
    """First page a TOC entry points to: "ส่วนที่ 3 รายละเอียดโครงการ\t10 - 60" -> 10."""
    cells = row_cells(line)
    if cells is not None:
        filled = [c for c in cells if c]
        match = TOC_PAGE_CELL.match(filled[-1]) if len(filled) > 1 else None
    else:
        tail = TOC_PAGE.search(line.strip())
        match = TOC_PAGE_CELL.match(tail.group(0)[1:].strip()) if tail else None
    return int(match.group("first")) if match else None


def _missing_parts(lines: list[str], page_starts: list[int], toc: list[Segment],
                   printed: dict[int, int]) -> dict[int, tuple[int, str]]:
    """Parts the TOC lists but the body does not print (OCR lost the heading): line and label.

    The page a printed part starts on, against the page the TOC gives for it, fixes the offset
    between printed and physical pages; a missing part starts on its TOC page plus that offset.
    Without page numbers, a missing part before the first printed one starts after the TOC.
    """
    listed = []
    for segment in toc:
        for j in range(segment.start + 1, segment.end + 1):
            match = PART.match(_entry_text(lines[j]))
            if match:
                listed.append((int(match.group("no")), _entry_text(lines[j]), _entry_page(lines[j])))
    if not listed or not printed:
        return {}
    offset = next((bisect_right(page_starts, printed[no]) + 1 - page
                   for no, _, page in listed if no in printed and page is not None), None)
    body = next((j for j in range(max(s.end for s in toc) + 1, len(lines)) if not _blank(lines[j])), None)
    inferred: dict[int, tuple[int, str]] = {}
    for no, label, page in listed:
        if no in printed or body is None:
            continue
        if offset is not None and page is not None and page + offset >= 1:
            physical = page + offset
            if physical - 2 >= len(page_starts):
                continue
            first = max(page_starts[physical - 2] if physical >= 2 else 0, body)
        elif no < min(printed):
            first = body
        else:
            continue
        first = next((j for j in range(first, len(lines)) if not _blank(lines[j])), None)
        if first is not None:
            inferred[no] = (first, label)
    # Keep only inferred parts that fall in order between the printed ones.
    known = {**{n: (i, "") for n, i in printed.items()}, **inferred}
    numbers = sorted(known)
    return {n: inferred[n] for k, n in enumerate(numbers) if n in inferred
            and all(known[m][0] < known[n][0] for m in numbers[:k])
            and all(known[m][0] > known[n][0] for m in numbers[k + 1:])}


def _part_label(lines: list[str], i: int) -> str:
    """"ส่วนที่ 1" with its title, which may be printed on the next line."""
    line = lines[i].strip()
    match = PART.match(line)
    if match and not match.group("title"):
        following = next((lines[j].strip() for j in range(i + 1, min(i + 4, len(lines))) if not _blank(lines[j])), "")
        if following and len(following) <= 80 and not PART.match(following):
            return f"{line} {following}"
    return line


def _cover(lines: list[str], before: int, skip: list[Segment]) -> Segment | None:
    """The title block ending right before line ``before`` (the foreword, TOC or first part)."""
    for i in range(max(0, before - COVER_MAX_LINES - 5), before):
        line = lines[i].strip()
        if not COVER_TITLE.match(line) or _inside(i, skip) or len(line) > COVER_LINE_CHARS:
            continue
        block = [j for j in range(i, before) if not _blank(lines[j])]
        if len(block) <= COVER_MAX_LINES and all(_cover_line(lines, j, skip) for j in block):
            # Lines printed above the title (the organisation's name) belong to the cover too.
            start = i
            while start - 1 >= 0 and len(block) < COVER_MAX_LINES:
                above = start - 1 if not _blank(lines[start - 1]) else start - 2
                if above < 0 or _blank(lines[above]) or not _cover_line(lines, above, skip):
                    break
                start = above
                block.insert(0, above)
            return Segment("cover", start, block[-1], line)
    return None


def _cover_line(lines: list[str], j: int, skip: list[Segment]) -> bool:
    return len(lines[j]) <= COVER_LINE_CHARS and not is_row(lines[j]) and not _inside(j, skip)


def locate(lines: list[str], page_starts: list[int] = ()) -> list[Segment]:
    """All outline segments of kinds cover, announcement, order, foreword, toc, part and appendix.

    ``page_starts`` (first line of each page after the first) lets parts whose heading OCR lost
    be placed from the page numbers in the table of contents.
    """
    toc = locate_toc(lines)
    notices = [s for s in announcement.locate(lines) if not _inside(s.start, toc)]
    fixed = toc + notices

    def heads(pattern) -> list[int]:
        return [i for i, line in enumerate(lines)
                if not is_row(line) and pattern.match(line.strip()) and not _inside(i, fixed)]

    forewords = heads(FOREWORD)
    printed = {int(PART.match(lines[i].strip()).group("no")): i for i in reversed(heads(PART))}
    missing = _missing_parts(lines, list(page_starts), toc, printed) if toc else {}
    labels = {i: _part_label(lines, i) for i in printed.values()} | {i: label for i, label in missing.values()}
    parts = sorted(labels)
    if not parts:
        parts = _numbered_parts(lines, toc)
        labels = {i: lines[i].strip() for i in parts}
    appendices = heads(APPENDIX)

    # Each open-ended segment runs to the line before the next structural start.
    starts = sorted({s.start for s in fixed} | set(forewords) | set(parts) | set(appendices) | {len(lines)})

    def until_next(i: int, stops: list[int]) -> int:
        following = [s for s in stops if s > i]
        return _trim(lines, i, (min(following) if following else len(lines)) - 1)

    segments = list(fixed)
    segments += [Segment("foreword", i, until_next(i, starts), "คำนำ") for i in forewords]
    # Parts end at the next part, the appendix or an announcement; they contain the rest.
    part_stops = parts + appendices + [s.start for s in notices]
    segments += [Segment("part", i, until_next(i, part_stops), labels[i]) for i in parts]
    segments += [Segment("appendix", i, _trim(lines, i, len(lines) - 1), lines[i].strip()) for i in appendices]

    front = [s.start for s in segments if s.kind in ("foreword", "toc", "part")]
    if front:
        cover = _cover(lines, min(front), notices)
        if cover is not None:
            segments.append(cover)
    return sorted(segments, key=lambda s: (s.start, -s.end))

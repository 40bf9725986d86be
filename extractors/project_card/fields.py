"""A card's fields: the lines under each heading, recognised by what the heading says.

Field numbers restart or skip after page breaks and list items inside a field are numbered the
same way, so a numbered line is a heading only when its words are a heading's (``headings``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extractors.project_card.headings import (
    NUMBERED_LINE,
    PAGE_FURNITURE,
    SUB_HEADINGS,
    TITLE_HEADING,
    FieldHeading,
    as_card_line,
    card_title,
    field_heading,
    heading_of,
)
from extractors.records import Segment
from extractors.thai.normalise import ITEM_SEP


@dataclass
class CardField:
    name: str
    lines: list[str] = field(default_factory=list)
    number: int | None = None  # the heading's printed number ("7. งบประมาณ" -> 7)
    line: int = 0
    repaired: bool = False  # the heading was read through an OCR variant


def _next_field(line: str, style: str | None, previous: int | None, current: CardField) -> FieldHeading | None:
    """A heading with a long value on its own line ("4. กลุ่มเป้าหมาย ผู้บริหาร ... จำนวน 60 คน"),
    taken when it is numbered as the field after the previous heading and the current field holds
    no list numbered the same way (whose next item the line could be)."""
    numbered = NUMBERED_LINE.match(line)
    if numbered is None or previous is None or numbered.group(2) != style or int(numbered.group(1)) != previous + 1:
        return None
    if any((item := NUMBERED_LINE.match(text)) and item.group(2) == style for text in current.lines):
        return None
    return heading_of(line[numbered.end():], any_tail=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class CardSegment(Segment):
    """A card's lines with its fields parsed: ``locate`` parses each card once and hands it on to
    reading and checking."""

    title: CardField = field(compare=False)
    fields: list[CardField] = field(compare=False)  # the other fields, in printed order


def parse_card(lines: Sequence[str], segment: Segment) -> CardSegment:
    """The card in ``segment`` with its title field and its other fields."""
    title_index, match = next((i, m) for i in range(segment.start, segment.end + 1)
                              if (m := card_title(lines, i)))
    style = match.group("close")
    title_line = as_card_line(lines[title_index])
    numbered = NUMBERED_LINE.match(title_line[match.start():].lstrip())
    number = int(numbered.group(1)) if numbered else None  # printed number of the last heading
    title = CardField("title", [title_line[match.end():].strip()], number, title_index,
                      repaired=match.re is not TITLE_HEADING.printed or "ชื่อ" not in match.group(0))
    fields: list[CardField] = []
    current = title
    seen: set[str] = set()
    for index in range(title_index + 1, segment.end + 1):
        line = as_card_line(lines[index].strip())
        if not line or PAGE_FURNITURE.match(line):
            continue
        found = field_heading(line, style) or _next_field(line, style, number, current)
        if found and (found.name not in seen or found.name in SUB_HEADINGS):
            name, inline, repaired = found
            seen.add(name)
            numbered = NUMBERED_LINE.match(line)
            number = int(numbered.group(1)) if numbered else number
            current = CardField(name, number=int(numbered.group(1)) if numbered else None, line=index,
                                repaired=repaired)
            fields.append(current)
            # "9. ผลผลิต/ผลลัพธ์ ผลผลิต": a sub-heading glued to its heading
            sub = field_heading(inline) if inline else None
            if sub and sub.name in SUB_HEADINGS:
                current = CardField(sub.name, repaired=sub.repaired)
                fields.append(current)
                inline = sub.inline
            if inline:
                current.lines.extend(inline.split(ITEM_SEP))
        else:
            current.lines.extend(line.split(ITEM_SEP))  # list items of an HTML cell, one per line
    return CardSegment(segment.kind, segment.start, segment.end, segment.label, title=title, fields=fields)


def field_numbering_breaks(card: CardSegment) -> list[tuple[int, int, int]]:
    """Headings whose printed number does not follow the previous heading's: ``(line, expected,
    printed)``. Seed 000 card 2 goes on after a page break with "3. งบประมาณ..." where 7 belongs."""
    breaks = []
    previous = card.title.number
    for f in card.fields:
        if f.number is None:
            continue
        if previous is not None and f.number != previous + 1:
            breaks.append((f.line, previous + 1, f.number))
        previous = f.number
    return breaks


"""Where cards start and end in a document."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.project_card.fields import CardSegment, parse_card
from extractors.project_card.headings import (
    CARD_BANNER,
    CARDS_END,
    SUB_HEADINGS,
    TITLE_WORD_ANYWHERE,
    as_card_line,
    blurred_title,
    card_number,
    card_title,
    field_heading,
    title_heading,
)
from extractors.records import Heading, Segment

# A card needs its title and at least this many other fields (prose mentioning ชื่อโครงการ is no card).
MIN_FIELDS = 2


@dataclass(frozen=True, slots=True)
class _CardStart:
    start: int  # first line of the card (ลำดับที่, banner or title line)
    title_line: int
    title_offset: int  # where the title heading starts inside the title line


def _card_starts(lines: Sequence[str]) -> list[_CardStart]:
    starts: list[_CardStart] = []
    for index, line in enumerate(lines):
        match = (title_heading(line) if TITLE_WORD_ANYWHERE.search(line) else None) or blurred_title(lines, index)
        if match is None:
            continue
        start = index
        if not card_number(as_card_line(line)[: match.start()]):
            # "ลำดับที่ N" and the banner stand a few lines above, with only blanks between.
            back = index - 1
            while back >= 0 and index - back <= 6 and (not starts or back > starts[-1].title_line):
                text = lines[back].strip()
                if card_number(text) or CARD_BANNER.match(text):
                    start = back
                elif text:
                    break
                back -= 1
        starts.append(_CardStart(start, index, match.start()))
    return starts



def _card_end(lines: Sequence[str], start: _CardStart, limit: int, heading_lines: list[int]) -> int:
    """Last line of the card that starts at ``start``: before the next card, heading or end part."""
    end = limit
    # A heading ends the card unless card fields follow it (then it is a list item read as a heading).
    for heading in heading_lines[bisect.bisect_right(heading_lines, start.title_line):]:
        if heading > limit:
            break
        if not any((found := field_heading(lines[i].strip())) and found.name not in SUB_HEADINGS
                   for i in range(heading + 1, limit + 1)):
            end = heading - 1
            break
    for index in range(start.title_line + 1, end + 1):
        if CARDS_END.match(lines[index]):
            end = index - 1
            break
    while end > start.title_line and not lines[end].strip():
        end -= 1
    return end


def locate(lines: Sequence[str], headings: Sequence[Heading] | None = None) -> list[CardSegment]:
    """Card segments (kind ``project_card``) in document order, labelled with the card's title line,
    each with its fields parsed.

    Cards end at the next card, the next dimension/mission heading (when ``headings`` are
    known) or the part of the plan that follows the cards (ภาคผนวก, ส่วนที่ N, ประกาศ...).
    A title heading followed by too few fields (prose that names a project) starts no card.
    """
    heading_lines = sorted(h.line for h in headings or ())

    def segments(starts: list[_CardStart]) -> list[Segment]:
        found = []
        for number, start in enumerate(starts):
            limit = starts[number + 1].start - 1 if number + 1 < len(starts) else len(lines) - 1
            end = _card_end(lines, start, limit, heading_lines)
            label = as_card_line(lines[start.title_line])[start.title_offset:]
            found.append(Segment("project_card", start.start, end, label))
        return found

    starts = _card_starts(lines)
    candidates = [parse_card(lines, segment) for segment in segments(starts)]
    kept = [start for start, card in zip(starts, candidates) if len({f.name for f in card.fields}) >= MIN_FIELDS]
    # A card keeps its parse unless dropping prose before the next card moved its end.
    parsed = {(card.start, card.end): card for card in candidates}
    return [parsed.get((s.start, s.end)) or parse_card(lines, s) for s in segments(kept)]


def printed_card_no(lines: Sequence[str], start: int) -> tuple[int, bool] | None:
    """"ลำดับที่ N" on a line from ``start`` to the title, or glued before the title heading."""
    for index in range(start, len(lines)):
        line, title = lines[index], card_title(lines, index)
        number = card_number(as_card_line(line)[: title.start()] if title else line)
        if number or title:
            return number
    return None

"""Mission (ภารกิจ) headings in the body, told apart from numbered items inside cards."""

from __future__ import annotations

from extractors.dimension.mentions import Mention, card_line, inside, is_dimension_line
from extractors.dimension.vocabulary import (
    BULLET,
    FRONT_MATTER,
    LIST_ITEM,
    LOOKAHEAD,
    MISSION_HEAD,
    NAME_TEXT,
)
from extractors.records import Segment
from extractors.tables import is_row
from extractors.thai.ocr_tolerance import look_alike_numbers


def code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


def _follows_mission(lines: list[str], i: int, code: str) -> tuple[str | None, list[str]]:
    """What follows line ``i`` that makes it a mission heading ("card", "dimension", "child" or
    "sibling"; None: no heading), and its wrapped name lines.

    A mission heading introduces cards or narrower missions: within a few lines comes a card,
    a dimension, or the next mission code (a child or the next sibling). A numbered sub-item
    inside a card ("1.1 โชน 1 จำนวน 218 คน ประกอบด้วย") is followed by its own bullets instead.
    """
    key = code_key(code)
    wrapped: list[str] = []
    for j in [j for j in range(i + 1, min(i + 12, len(lines))) if lines[j].strip()][:LOOKAHEAD]:
        text = lines[j].strip()
        if card_line(text):
            return "card", wrapped
        if is_dimension_line(text):
            return "dimension", wrapped
        match = MISSION_HEAD.match(text)
        if match:
            other = code_key(match.group("code"))
            if other[:-1] == key:
                return "child", wrapped
            sibling = len(other) <= len(key) and other[:-1] == key[:len(other) - 1] and other[-1] == key[len(other) - 1] + 1
            return "sibling" if sibling else None, wrapped
        if LIST_ITEM.match(text) or BULLET.match(text) or is_row(text):
            return None, wrapped
        if NAME_TEXT.search(text):  # OCR litter ("1709011272321031") is no part of the name
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
        match = MISSION_HEAD.match(line.strip()) if not is_row(line) and not inside(i, front) else None
        if match is None:
            continue
        code = printed = match.group("code")
        key = code_key(code)
        if dimension is not None and key[0] != dimension and dimension in look_alike_numbers(key[0]):
            # "๗.๑ การเสริมสร้าง..." under dimension 1: the code's digit OCR misread
            code = f"{dimension}{code[len(str(key[0])):]}"
            key = code_key(code)
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


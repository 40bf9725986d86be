"""A list field's items ("1) ...", "- ...", "(1) ..."), sub-items kept inside their item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from extractors.project_card.headings import BULLET, ITEM_MARKER, MISREAD_NUMBER
from extractors.records import EXACT, INFERRED, REPAIRED, WEAK


@dataclass(frozen=True, slots=True)
class Items:
    """A field's list: the items, and how sure we are that the split is right."""

    items: list[str]
    confidence: float
    reason: str


def split_items(texts: Sequence[str]) -> Items:
    """Split a field's lines into items; sub-items and continuation lines stay inside their item.

    Numbered lists: an item starts where the number of the list's style follows the previous
    item's number ("4)" after "3)"); "1.1)", "(1)" under "1)" and a sub-list restarting at "1)"
    stay in the current item. Otherwise dash bullets start items; otherwise every line is one.

    >>> split_items(["1) เพื่อส่งเสริม", "2) เพื่อสร้าง", "2.1) ย่อย"]).items
    ['เพื่อส่งเสริม', 'เพื่อสร้าง 2.1) ย่อย']
    >>> split_items(["- ครู", "- นักเรียน"]).items
    ['ครู', 'นักเรียน']
    """
    marks = [ITEM_MARKER.match(t) for t in texts]
    style = next((_style(m) for m in marks if m and _style(m) != "sub"), None)
    if style is not None:
        numbers = [_number(m) if m and _style(m) == style else None for m in marks]
        following = _following_numbers(numbers)
        items: list[str] = []
        last: int | None = None
        first: int | None = None
        restarted = repaired = False
        for index, (text, mark, number) in enumerate(zip(texts, marks, numbers)):
            # An OCR-misread number ("-@) เพื่อเผยแพร่..." for 1)) is the one missing before the next.
            misread = MISREAD_NUMBER.match(text) if number is None else None
            if misread and misread.group("close") == style and following[index] == (last or 0) + 2:
                number, mark, repaired = (last or 0) + 1, misread, True
            if number is not None and (last is None or number == last + 1):
                items.append(text[mark.end():].strip())
                last = number
                first = number if first is None else first
            elif items:
                restarted |= number is not None
                items[-1] = f"{items[-1]} {BULLET.sub('', text)}".strip()
            else:
                items.append(BULLET.sub("", text))  # a line before the first item ("ดังนี้")
        if repaired:
            return Items(items, 0.75, REPAIRED + ": an item number read through an OCR misreading")
        plain = not restarted and first == 1 and len(items) == last
        confidence = 0.75 if restarted else (0.9 if plain else 0.8)
        return Items(items, confidence, EXACT if plain else WEAK + ": numbering not a plain sequence")
    if any(BULLET.match(t) for t in texts):
        items = []
        for text in texts:
            if BULLET.match(text) or not items:
                items.append(BULLET.sub("", text))
            else:
                items[-1] = f"{items[-1]} {text}"
        return Items(items, 0.8, INFERRED + ": dash bullets")
    return Items(list(texts), 0.7 if len(texts) > 1 else 0.85, INFERRED + ": one item per line")


def _following_numbers(numbers: Sequence[int | None]) -> list[int | None]:
    """For each line, the next item number printed after it (None when no more follow)."""
    following: list[int | None] = [None] * len(numbers)
    for index in range(len(numbers) - 2, -1, -1):
        after = numbers[index + 1]
        following[index] = after if after is not None else following[index + 1]
    return following


def _style(mark: regex.Match) -> str:
    for style in ("enclosed", "section", "sub"):
        if mark.group(style):
            return style
    return mark.group("close")


def _number(mark: regex.Match) -> int:
    return int(mark.group("enclosed") or mark.group("section") or mark.group("number"))

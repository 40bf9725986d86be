"""Where text stands on a line of layout text: display columns (Thai vowels and tone marks above or
below a letter take none), the line's *fragments* (runs of text between gaps of two or more spaces)
and its *words* (runs between single spaces), and what a cell holding one value looks like.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

SPACE = " \u00a0"
# A cell that is one value: an amount, a count or score, a dash for no budget, a page range ("5 - 9");
# not a numbering ("3." heads a dimension cell).
VALUE = regex.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?:\.-)?|[0-9]+(?:\.[0-9]+)?|[-–—]+"
                      r"|[0-9]{1,3}\s?[-–]\s?[0-9]{1,3})$")
# A mark above or below its letter (Thai vowels and tone marks), which takes no column.
_MARK = regex.compile(r"[\p{Mn}\p{Me}]")


@dataclass(slots=True)
class Fragment:
    start: int  # display column of the first letter
    end: int  # display column after the last letter
    text: str


def width(text: str) -> int:
    """Display width: Thai (and other) marks above or below a letter take no column.

    >>> width("ที่เกี่ยวข้อง")
    8
    """
    return len(text) - len(_MARK.findall(text))


def fragments(line: str, gap: int = 2) -> list[Fragment]:
    """The line's runs of text apart by ``gap`` or more spaces (1: its words), with their display columns."""
    out: list[Fragment] = []
    column = 0
    start = None
    spaces = 0
    chars: list[str] = []
    for ch in line:
        if ch in SPACE:
            spaces += 1
            column += 1
            continue
        if start is not None and spaces >= gap:
            out.append(Fragment(start, column - spaces, "".join(chars).rstrip()))
            start, chars = None, []
        if start is None:
            start = column
        elif spaces:
            chars.append(" ")
        spaces = 0
        chars.append(ch)
        column += 0 if not ch.isascii() and unicodedata.category(ch) in ("Mn", "Me") else 1
    if start is not None:
        out.append(Fragment(start, column - spaces, "".join(chars)))
    return out

"""A page's printed lines joined back into the lines the author typed: a paragraph that the page
width wrapped becomes one line again, as it is in a plan's text (a card's title, a list item and a
paragraph of reasons are each one line there, and the extractors read them so).

Geometry decides, not words: a line wraps into the next when it runs to the column's right edge
and the next line starts no further right than it does and does not start a list item or a
numbered heading.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import regex

# Thai letters and marks: a line wrapped between two of them wrapped between words, where Thai
# writes no space.
_THAI_END = regex.compile(r"[\u0e01-\u0e4e]$")
_THAI_START = regex.compile(r"^[\u0e01-\u0e4e]")
# Where a new item starts: "๑)", "- ๒)", "๓.", "๒.๑", "•", "-", "(๑)", "ก)"
_ITEM_START = regex.compile(r"^(?:[-•*]|\(?[0-9๐-๙]{1,3}\s?[.)]|[ก-ฮ]\s?\)|[0-9๐-๙]{1,2}\.[0-9๐-๙])")
# A line ending this close to the column's right edge (a share of the column's width) ran into it:
# left-aligned Thai text wraps before the word that did not fit, a few letters wide.
WRAP_MARGIN = 0.12
# The column's right edge is where the longest lines end; it is only known when a few lines reach it.
MIN_FULL_LINES = 3
PARAGRAPH_GAP = 1.25  # a wider step between lines than the usual one sets a paragraph apart


@dataclass
class PrintedLine:
    text: str
    confidence: float
    left: int
    right: int
    baseline: int = 0  # where its letters stand, in pixels from the top of the page


def joined(lines: list[PrintedLine], column: tuple[int, int]) -> list[tuple[str, float]]:
    """``lines`` (in reading order, one column from ``column[0]`` to ``column[1]``) with wrapped
    paragraphs joined; a joined line's confidence is its least sure part's."""
    width = max(1, column[1] - column[0])
    if sum(column[1] - line.right <= WRAP_MARGIN * width for line in lines) < MIN_FULL_LINES:
        return [(line.text, line.confidence) for line in lines]  # no paragraph ran over a line
    # Lines of one paragraph follow at the line pitch; paragraphs set apart stand further apart.
    pitch = float(np.median(np.diff([line.baseline for line in lines])))
    out: list[tuple[str, float]] = []
    previous: PrintedLine | None = None
    for line in lines:
        if (previous is not None and out and column[1] - previous.right <= WRAP_MARGIN * width
                and line.left <= previous.left + WRAP_MARGIN * width / 2 and not starts_item(line.text)
                and line.baseline - previous.baseline <= PARAGRAPH_GAP * pitch):
            text, confidence = out[-1]
            out[-1] = (join_wrapped(text, line.text), min(confidence, line.confidence))
        else:
            out.append((line.text, line.confidence))
        previous = line
    return out


def starts_item(text: str) -> bool:
    """A list item's or numbered heading's first line: ``๑) …``, ``- ๒) …``, ``๓. …``, ``๒.๑ …``."""
    return bool(_ITEM_START.match(text))


def join_wrapped(text: str, more: str) -> str:
    """Two parts of a wrapped line: no space between Thai words, else one."""
    return text + more if _THAI_END.search(text) and _THAI_START.match(more) else f"{text} {more}"

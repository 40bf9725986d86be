"""OCR noise on Thai text, with a record of every character it changed.

The damage Thai OCR does (issue 17): look-alike letters (ข/ช, ด/ต, ถ/ภ, บ/ป, พ/ฟ, ผ/ฝ, อ/ฮ, ศ/ส)
and digits (๑/๗, ๓/๘, ๒/๖, ๔/๕ and 1/7, 3/8, 2/6, 4/5), a tone mark dropped or doubled, ำ
split into ํ + า, and a space, a stray ``|`` or ``.`` inside a word. ``rate`` is the share of
Thai characters (and Arabic digits) damaged; TABs and line breaks are never touched, so a
row keeps its cells and every line its number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import regex

_PAIRS = ["ขช", "ดต", "ถภ", "บป", "พฟ", "ผฝ", "อฮ", "ศส", "๑๗", "๓๘", "๒๖", "๔๕", "17", "38", "26", "45"]
LOOK_ALIKE = {a: b for pair in _PAIRS for a, b in (pair, pair[::-1])}
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
SARA_AM = "\u0e33"
SARA_AM_SPLIT = "\u0e4d\u0e32"  # ํ + า
# What lands inside a word: a space most often, then a bar or a dot (a table rule, a speck).
INSERTED = " " * 2 + "|."
# What noise may damage: Thai script and Arabic digits.
_TARGET = regex.compile(r"[\u0e01-\u0e5b0-9]")
# Places of each kind of damage; an insertion goes after a character the word goes on from.
_PLACES = {
    "look_alike": regex.compile("[" + "".join(LOOK_ALIKE) + "]"),
    "tone": regex.compile(f"[{TONE_MARKS}]"),
    "sara_am_split": regex.compile(SARA_AM),
    "inserted": regex.compile(r"[\u0e01-\u0e5b0-9](?=[\u0e01-\u0e30\u0e32\u0e33\u0e3f-\u0e46\u0e4f-\u0e5b0-9])"),
}
_NUMBER = regex.compile(r"[0-9๐-๙][0-9๐-๙,.]*[0-9๐-๙]|[0-9๐-๙]")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@dataclass(frozen=True)
class NoiseChange:
    line: int  # 0-based line of the text
    column: int  # position in the original line where ``before`` starts (an insertion goes before it)
    before: str  # original characters replaced ("" for an insertion)
    after: str  # what the noised text has there ("" for a dropped mark)
    kind: str  # look_alike, tone_dropped, tone_doubled, sara_am_split, inserted


# How often each kind of damage is chosen (a kind with no place left in the text is skipped).
KIND_WEIGHTS = {"look_alike": 0.4, "tone": 0.2, "sara_am_split": 0.1, "inserted": 0.3}


def _take(places: list[tuple[int, int]], rng: random.Random) -> tuple[int, int]:
    """A random place, removed from the list."""
    k = rng.randrange(len(places))
    places[k], places[-1] = places[-1], places[k]
    return places.pop()


def add_noise(text: str, rate: float, rng: random.Random) -> tuple[str, list[NoiseChange]]:
    """``text`` with about ``rate`` of its Thai characters damaged, and the changes made (in text order)."""
    lines = text.split("\n")
    places: dict[str, list[tuple[int, int]]] = {kind: [] for kind in KIND_WEIGHTS}
    targets = 0
    for i, line in enumerate(lines):
        targets += len(_TARGET.findall(line))
        for kind, pattern in _PLACES.items():
            places[kind].extend((i, m.start()) for m in pattern.finditer(line))
    changes: list[NoiseChange] = []
    used: set[tuple[int, int]] = set()
    while len(changes) < round(rate * targets):
        kinds = [k for k, p in places.items() if p]
        if not kinds:
            break
        kind = rng.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds])[0]
        i, j = _take(places[kind], rng)
        if (i, j) not in used:
            used.add((i, j))
            changes.append(_damage(kind, lines[i][j], i, j, rng))
    changes.sort(key=lambda c: (c.line, c.column, bool(c.before)))
    return apply_changes(text, changes), changes


def _damage(kind: str, ch: str, i: int, j: int, rng: random.Random) -> NoiseChange:
    if kind == "look_alike":
        return NoiseChange(i, j, ch, LOOK_ALIKE[ch], kind)
    if kind == "tone":
        return (NoiseChange(i, j, ch, "", "tone_dropped") if rng.random() < 0.6
                else NoiseChange(i, j, ch, ch * 2, "tone_doubled"))
    if kind == "sara_am_split":
        return NoiseChange(i, j, ch, SARA_AM_SPLIT, kind)
    return NoiseChange(i, j + 1, "", rng.choice(INSERTED), kind)  # after the character, inside the word


def apply_changes(text: str, changes: list[NoiseChange]) -> str:
    """The text with the changes made (an insertion before a replacement at the same column)."""
    lines = text.split("\n")
    for c in sorted(changes, key=lambda c: (c.line, c.column, bool(c.before)), reverse=True):
        line = lines[c.line]
        assert line[c.column: c.column + len(c.before)] == c.before, c
        lines[c.line] = line[: c.column] + c.after + line[c.column + len(c.before):]
    return "\n".join(lines)


def noised_numbers(text: str, changes: list[NoiseChange]) -> set[tuple[int, float]]:
    """(1-based line, value) of the numbers in the original text whose characters the noise touched.

    A scorer skips a numeric field with such a value: the noise, not the reader, changed it.
    """
    lines = text.split("\n")
    touched: set[tuple[int, float]] = set()
    by_line: dict[int, list[NoiseChange]] = {}
    for c in changes:
        by_line.setdefault(c.line, []).append(c)
    for i, line_changes in by_line.items():
        for m in _NUMBER.finditer(lines[i]):
            if any(m.start() <= c.column < m.end() if c.before else m.start() < c.column < m.end()
                   for c in line_changes):
                value = _number(m.group())
                if value is not None:
                    touched.add((i + 1, value))
    return touched


def _number(token: str) -> float | None:
    digits = token.translate(_TO_ARABIC).replace(",", "").rstrip(".")
    try:
        return float(digits)
    except ValueError:
        return None

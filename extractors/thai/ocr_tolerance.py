"""Thai keywords read as OCR prints them: one mechanism for every structure's vocabulary table.

Thai OCR damages print in a few known ways: look-alike letters (ข/ช, ด/ต, ถ/ภ, บ/ป, พ/ฟ, ผ/ฝ, อ/ฮ,
ศ/ส), a tone mark or thanthakhat dropped or doubled (mai ek and mai tho also read one for the other), sara am read as ้า or า, and a space, a stray
``|`` or ``.`` inside a word ("คำศั่งเทศบาล", "ชื่อโคร|งการ", "รองประธา นคณะทำงาน"). ``tolerant``
rewrites a pattern as printed into one that also accepts those readings, with generated character
classes and optional characters only: no nested quantifier is added, so matching stays linear.

A ``Keyword`` matches as printed first; only when that fails does the tolerant pattern give a
reading, which the caller marks repaired (``Keyword.repaired``): reason ``REPAIRED``, a confidence
under the exact one. Digits are left alone: a misread digit changes a number, and numbers are
repaired by the arithmetic that checks them (``LOOK_ALIKE_DIGITS``), never by a pattern.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations
from typing import Generic, TypeVar

import regex

LOOK_ALIKE_LETTERS = ("ขช", "ดต", "ถภ", "บป", "พฟ", "ผฝ", "อฮ", "ศส")
# Digits OCR confuses, as Arabic digits (normalisation turns ๑/๗, ๓/๘, ๒/๖, ๔/๕ into these).
LOOK_ALIKE_DIGITS = ("17", "38", "26", "45")
_ALIKE = {a: b for pair in LOOK_ALIKE_LETTERS for a, b in (pair, pair[::-1])}
_DIGIT_ALIKE = {a: b for pair in LOOK_ALIKE_DIGITS for a, b in (pair, pair[::-1])}
_TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"  # ่ ้ ๊ ๋ ์
# Mai ek and mai tho, which a scan's OCR reads one for the other ("ชื้อโครงการ" for ชื่อโครงการ).
_MAI_EK_THO = "\u0e48\u0e49"
_SARA_AM = "\u0e33"
# Combining marks (above and below vowels, tone marks): nothing is ever inserted before one.
_MARK = regex.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_THAI = regex.compile(r"[\u0e01-\u0e5b]")
# What OCR puts inside a word: a space, a bar (a table rule), a dot (a speck).
_INSERTED = "[ |.]?"
_QUANTIFIER = regex.compile(r"[?*+]|\{[0-9]*,?[0-9]*\}")
# What opens a group: "(", "(?:", "(?P<name>", "(?=", "(?!", "(?<=", "(?<!", "(?|", "(?i:".
_GROUP_OPENER = regex.compile(r"\((?:\?(?:P?<[A-Za-z_][A-Za-z0-9_]*>|[:=!|]|<[=!]|[a-zA-Z]+:))?")
# A Vocabulary's one search keeps each entry's case folding as a scoped flag.
_INLINE_FLAGS = {0: "", regex.IGNORECASE: "i"}


def _class_end(pattern: str, start: int) -> int:
    """Index just after the character class opening at ``start``."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _tolerant_class(body: str) -> str:
    """A class body with the look-alike of each single letter in it (ranges stay as they are)."""
    if body.startswith("^"):
        return body  # widening a negated class would narrow what it accepts
    added = [_ALIKE[c] for k, c in enumerate(body) if c in _ALIKE and _ALIKE[c] not in body
             and (k == 0 or body[k - 1] != "-") and (k + 1 == len(body) or body[k + 1] != "-")]
    return body + "".join(dict.fromkeys(added))


def _escape_end(pattern: str, i: int) -> int:
    """Index after the escape sequence at ``i`` (``\\s``, ``\\.``, ``\\p{L}``)."""
    if i + 1 < len(pattern) and pattern[i + 1] in "pPN" and i + 2 < len(pattern) and pattern[i + 2] == "{":
        return pattern.index("}", i) + 1
    return i + 2


def tolerant(pattern: str) -> str:
    """``pattern`` (``regex`` syntax) accepting Thai OCR's readings of its Thai letters.

    Only literal Thai outside negative lookarounds changes, so the result accepts everything
    ``pattern`` accepts. Each letter with a look-alike becomes a class of both, each tone mark
    ``{0,2}`` (dropped or doubled), ำ also ``้า``/``า``, and a space, ``|`` or ``.`` may stand
    between two Thai letters (the second no combining mark), also across groups: "ชื่อ|โครงการ"
    for ``ชื่อ(?:โครงการ|กิจกรรม)``, but not before a group's first letter after a space or a number.

    >>> [bool(regex.fullmatch(tolerant("ชื่อ"), text)) for text in ("ขื่อ", "ชือ", "ชื่|อ", "ชื้อ", "ชิ่อ")]
    [True, True, True, True, False]
    """
    out: list[str] = []
    # Open groups: [negative lookaround, whether Thai came just before it, whether a branch ended in Thai].
    groups: list[list[bool]] = []
    negative_depth = 0  # open negative lookarounds: copied as printed
    after_thai = False  # the last thing that matches a character is Thai: an insertion may follow it
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            end = _escape_end(pattern, i)
            out.append(pattern[i:end])
            i, after_thai = end, False
            continue
        if c == "[":
            end = _class_end(pattern, i)
            body = pattern[i + 1:end - 1]
            out.append(f"[{body}]" if negative_depth else f"[{_tolerant_class(body)}]")
            i, after_thai = end, bool(_THAI.search(body))
            continue
        if c == "(":
            opener = _GROUP_OPENER.match(pattern, i)
            negative = opener.group() in ("(?!", "(?<!")
            groups.append([negative, after_thai, False])
            negative_depth += negative
            out.append(opener.group())
            i = opener.end()
            continue
        if c in "|)" and groups:
            group = groups[-1]
            group[2] = group[2] or after_thai
            if c == "|":
                after_thai = group[1]
            else:
                groups.pop()
                negative_depth -= group[0]
                after_thai = group[2]
            out.append(c)
            i += 1
            continue
        if negative_depth or not _THAI.match(c):
            quantifier = _QUANTIFIER.match(pattern, i)  # a quantifier keeps what it repeats
            end = quantifier.end() if quantifier else i + 1
            out.append(pattern[i:end])
            after_thai = after_thai and quantifier is not None
            i = end
            continue
        if c in _TONE_MARKS:
            quantifier = _QUANTIFIER.match(pattern, i + 1)
            if quantifier is None or quantifier.group() == "?":
                out.append(("[" + _MAI_EK_THO + "]" if c in _MAI_EK_THO else c) + "{0,2}")
                i = quantifier.end() if quantifier else i + 1
            else:
                out.append(c)  # its own quantifier already says how many
                i += 1
            after_thai = True
            continue
        if after_thai and not _MARK.match(c):
            out.append(_INSERTED)
        if c == _SARA_AM:
            out.append("(?:ำ|[\u0e4d\u0e49]?า)")
        elif c in _ALIKE:
            out.append(f"[{c}{_ALIKE[c]}]")
        else:
            out.append(c)
        after_thai = True
        i += 1
    return "".join(out)


class Keyword:
    """A vocabulary pattern, matched as printed first and else through its OCR readings.

    ``match``/``search``/``fullmatch`` return the printed pattern's match when it has one, else
    the tolerant pattern's (or None); ``repaired(m)`` says which. The tolerant pattern accepts all
    the printed one does, so a line it rejects costs one search.
    """

    # The patterns' bound methods are kept: most lines read no keyword, and this is called on each.
    __slots__ = ("printed", "ocr", "_ocr_match", "_ocr_search", "_ocr_fullmatch", "_match", "_search", "_fullmatch")

    def __init__(self, pattern: str, flags: int = 0, misreadings: str | None = None):
        """``misreadings``: readings OCR was seen to print beyond those ``tolerant`` generates
        ("ผู้รับถิดชอบ"), tried with the tolerant pattern (a branch reset: their groups are the
        pattern's)."""
        self.printed = regex.compile(pattern, flags)
        ocr = tolerant(pattern)
        self.ocr = regex.compile(f"(?|{ocr}|{tolerant(misreadings)})" if misreadings else ocr, flags)
        self._ocr_match, self._ocr_search, self._ocr_fullmatch = self.ocr.match, self.ocr.search, self.ocr.fullmatch
        self._match, self._search, self._fullmatch = self.printed.match, self.printed.search, self.printed.fullmatch

    @property
    def pattern(self) -> str:
        return self.printed.pattern

    def match(self, text: str) -> regex.Match | None:
        found = self._ocr_match(text)
        return found and (self._match(text) or found)

    def search(self, text: str) -> regex.Match | None:
        found = self._ocr_search(text)
        return found and (self._search(text) or found)

    def fullmatch(self, text: str) -> regex.Match | None:
        found = self._ocr_fullmatch(text)
        return found and (self._fullmatch(text) or found)

    def repaired(self, match: regex.Match | None) -> bool:
        """Whether ``match`` came from the OCR reading (not the pattern as printed)."""
        return match is not None and match.re is self.ocr


K = TypeVar("K")


class Vocabulary(Generic[K]):
    """A structure's vocabulary table: ``(key, Keyword)`` entries read in their order, every printed
    word before any OCR reading (a column header "งบประมาณ" as printed is the budget, whatever an
    earlier entry's OCR reading would make of it). One search of all OCR readings at once turns
    away the text that is none of them."""

    __slots__ = ("entries", "_any")

    def __init__(self, entries: Iterable[tuple[K, Keyword]]):
        self.entries = tuple(entries)
        self._any = regex.compile("|".join(
            f"(?{_INLINE_FLAGS[w.ocr.flags & regex.IGNORECASE]}:{w.ocr.pattern})" for _, w in self.entries))

    def first(self, text: str, how: str = "search") -> tuple[K, regex.Match, bool] | None:
        """``(key, match, repaired)`` of the first entry whose printed pattern reads ``text`` (with
        ``how``: match, search or fullmatch); else of the first whose OCR reading does."""
        if not getattr(self._any, how)(text):
            return None
        for key, word in self.entries:
            if found := getattr(word.printed, how)(text):
                return key, found, False
        for key, word in self.entries:
            if found := getattr(word.ocr, how)(text):
                return key, found, True
        return None



def look_alike_readings(token: str, limit: int = 2) -> list[str]:
    """Other readings of a printed number: each of its digits (up to ``limit`` of them) replaced by
    its look-alike, one reading per combination; separators stay.

    >>> look_alike_readings("60,000", limit=1)
    ['20,000']
    """
    places = [k for k, c in enumerate(token) if c in _DIGIT_ALIKE]
    readings = []
    for k in range(1, limit + 1):
        for chosen in combinations(places, k):
            chars = list(token)
            for place in chosen:
                chars[place] = _DIGIT_ALIKE[chars[place]]
            readings.append("".join(chars))
    return readings


def look_alike_numbers(number: int, limit: int = 2) -> set[int]:
    """``look_alike_readings`` of a whole number printed without separators: 76 -> {16, 71, 11}."""
    return {int(reading) for reading in look_alike_readings(str(number), limit)}

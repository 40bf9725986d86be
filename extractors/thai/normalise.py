"""Normalise stage: raw document text -> clean lines with a map back to the source lines.

Once over the whole text: controls out (tabs stay: they are table cells), Thai digits to Arabic,
legacy fonts' private-use glyphs (``map_thai_private_use``) to Thai letters. Then, on the raw
lines, ``extractors.tables.read`` finds the tables of every serialisation (HTML, Markdown pipes,
layout text, one cell per line) and puts each table's row lines (cells joined by TABs, spans
expanded) in place of the lines it was read from; the lines a table took leave no blank behind.

Then the rules run line by line (on row lines too, so cells get them) in this order, each a
small pure function, as in pythainlp.util:

1. ``strip_controls``: zero-width and control characters go (tabs stay).
2. NFC, then ``pythainlp.util.reorder_vowels``: sara am repaired (nikhahit U+0E4D + sara aa
   U+0E32 -> U+0E33, also across a tone mark), doubled sara e -> sara ae, marks reordered.
3. ``html_to_text``: markup becomes plain text. In a row line a cell's list items (``<li>``,
   ``<p>``, a ``<br>`` before a bullet or a number) stay apart, joined by ``ITEM_SEP``; any other
   ``<br>`` is a space. Outside tables each block (``<p>``, ``<li>``, ``<br>``) is a line of its own.
4. ``split_emphasis``: markdown emphasis goes; ``**`` glued between two words marks two lines
   that OCR merged (``มติที่ ๑ การสร้างวัฒนธรรมสุจริต**ลำดับที่ ๑**``) and splits them.
5. Thai digits -> Arabic; layout whitespace collapsed (runs of spaces, spaces around tabs).
6. ``join_split_words``: a space that a PDF text layer put inside a word, where Thai never
   has one (before a non-spacing mark, after a leading vowel, after a syllable that cannot end
   there: ``การเปิ ดเผย``), goes.

pythainlp's whole ``normalize()`` is not used: it collapses blank lines (shifting line numbers)
and deletes marks after a space. Blank lines are kept, so a run of them still marks a page break.
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata
from dataclasses import dataclass, field

import regex
from pythainlp.util import reorder_vowels

from extractors.tables.read import with_row_lines

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_DIGIT_TABLE = str.maketrans(THAI_DIGITS, "0123456789")

# Separator between list items kept inside one line (a table cell's <li>/<p> items).
ITEM_SEP = " • "

# Zero-width characters, BOM, soft hyphen and C0/C1 controls except tab.
_CONTROL_TABLE = {c: None for c in [*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0),
                                    0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]}

# A page break in OCR'd text: a form feed, or three or more blank lines in a row.
PAGE_BREAK_BLANKS = 3

# Prechecks: most lines need none of the rules below, and a search is cheaper than the rule. The
# character-class prechecks use the standard library's ``re``: on Thai lines it finds a class 1.4-3x
# faster than ``regex`` (seeds: _NEEDS_REORDER 10 ms against 29 ms).
_HAS_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")
_HAS_THAI_DIGIT = re.compile("[๐-๙]")
# What pythainlp's reorder_vowels rewrites: doubled sara e, a tone mark before an upper/lower
# vowel, nikhahit, a tone mark after a following vowel, lakkhangyao.
_NEEDS_REORDER = re.compile("เเ|[\u0e48-\u0e4c][\u0e31\u0e34-\u0e37\u0e4d\u0e47\u0e38\u0e39]|\u0e4d"
                               "|[\u0e30\u0e32\u0e33\u0e45][\u0e48-\u0e4b]|\u0e45")
_SARA_AM_SPLIT = regex.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")  # ํ (+ tone) + า -> (tone +) ำ
# Possessive spaces: a ``<`` and 100,000 spaces took 33 s when each split of them was tried.
_TAG = regex.compile(r"<\s*+(/?)\s*+([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,500}>")
_BLOCK_TAGS = {"p", "li", "br", "div", "tr", "td", "th", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}
# What starts a list item after a <br>: a bullet or a number ("- กองคลัง", "2. โครงการ", "3) ...").
# At most 20 tags are looked past, so a row of 10^4 <br> does not read the rest of it from each.
_ITEM_AHEAD = regex.compile(r"(?<!\s)\s*+(?:<[^<>]{0,500}>\s*+){0,20}(?:[-–•*]|[0-9]{1,3}\s?[.)](?![0-9]))")
# An entity, escaped any number of times (``&amp;amp;nbsp;`` reads as ``&nbsp;`` and then as a
# space: decoded at once, so normalising the result again changes nothing).
_ENTITY = regex.compile(r"&(?:amp;)*(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,10});")
# Markup decoded from entities (``&lt;p&gt;``) is read as markup in a second pass, never a third.
_MARKUP_PASSES = 2
_GLUED_EMPHASIS = regex.compile(r"(?<=\S)\*{2,}(?=\S)")
# Layout spaces: what collapses to one space (an entity such as &nbsp; becomes one of these).
_SPACE = r"[ \u00a0\u2000-\u200a\u3000]"
# A heading's ``#`` after layout spaces too (``&nbsp;#&nbsp;ก``): they go later, and it must not
# be left for a second normalisation to take.
_EMPHASIS = regex.compile(rf"\*{{2,}}|(?:^{_SPACE}*+|(?=#)(?<=^{_SPACE}*[-•]{_SPACE}+))(?:#{{1,6}}{_SPACE}++)++")
_SPACES = regex.compile(rf"{_SPACE}+")
# Lines with one plain space between words need nothing collapsed (most lines).
_NEEDS_COLLAPSE = regex.compile(rf"{_SPACE}{{2}}|[\u00a0\u2000-\u200a\u3000]| \t|\t ")
# Spaces a PDF text layer puts inside a word, where Thai never has one: before a non-spacing mark
# (``การเป ิดเผย``), between a leading vowel and its consonant (``การเ ปิดเผย``), and after a
# syllable that needs a final consonant: mai han akat, sara ue/uee (``ซึ่ ง``), sara e + sara i
# (``การเปิ ดเผย``). Not ``การดำ เนินงาน``: ดำ ends a syllable, and joining by dictionary
# removed 354 real spaces on the seeds (``ต่าง ๆ``, ``ซื่อสัตย์ สุจริต``).
_SPLIT_WORD = regex.compile("(?<=[เแโใไ]) (?=[ก-ฮ])| (?=[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])"
                            "|(?<=[ก-ฮ][\u0e31\u0e36\u0e37][\u0e48-\u0e4b]?|เ[ก-ฮ][รลว]?\u0e34[\u0e48-\u0e4b]?) (?=[ก-ฮ])")
# Legacy Thai fonts' glyph variants (shifted down/left marks, ญ ฐ without descender) in the
# Windows and Mac private-use areas, as HarfBuzz's Thai shaper emits them.
_THAI_PRIVATE_USE = {
    **dict(zip(range(0xF700, 0xF71B), "ฐ\u0e34\u0e35\u0e36\u0e37\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
                                        "\u0e48\u0e49\u0e4a\u0e4b\u0e4cญ\u0e31\u0e4d\u0e47"
                                        "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e38\u0e39\u0e3a")),
    **dict(zip(range(0xF884, 0xF89F), "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e48\u0e48"
                                        "\u0e49\u0e49\u0e49\u0e4a\u0e4a\u0e4a\u0e4b\u0e4b\u0e4b"
                                        "\u0e4c\u0e4c\u0e4c\u0e4dญ\u0e38\u0e39\u0e3aฐ")),
}
_HAS_PRIVATE_USE = re.compile("[\uf700-\uf71a\uf884-\uf89e]")
_SPACE_AROUND_TAB = regex.compile(r" ?\t ?")
_ITEM_RUN = regex.compile(r"(?:\s*•\s*)+")


def to_arabic_digits(text: str) -> str:
    """Thai digits as Arabic ones.

    >>> to_arabic_digits("พ.ศ. ๒๕๖๖")
    'พ.ศ. 2566'
    """
    return text.translate(_DIGIT_TABLE) if _HAS_THAI_DIGIT.search(text) else text


def strip_controls(line: str) -> str:
    return line.translate(_CONTROL_TABLE) if _HAS_CONTROL.search(line) else line


def map_thai_private_use(text: str) -> str:
    """Legacy fonts' glyph variants as Thai letters: a lowered mai ek (U+F70A) is mai ek.

    >>> map_thai_private_use("ไม\uf70a") == "ไม่"
    True
    """
    return text.translate(_THAI_PRIVATE_USE) if _HAS_PRIVATE_USE.search(text) else text


def repair_thai(line: str) -> str:
    """NFC, sara am and vowel order.

    >>> repair_thai("การด\u0e4d\u0e32เนินงาน") == "การดำเนินงาน"
    True
    """
    if not unicodedata.is_normalized("NFC", line):
        line = unicodedata.normalize("NFC", line)
    if not _NEEDS_REORDER.search(line):
        return line
    if "\u0e4d" in line:
        line = _SARA_AM_SPLIT.sub(lambda m: m.group(1) + "\u0e33", line)
    # One pass of reorder_vowels moves a mark by one place; run it until nothing moves so
    # normalising twice gives the same text.
    for _ in range(len(line)):
        reordered = reorder_vowels(line)
        if reordered == line:
            break
        line = reordered
    return line


def html_to_text(line: str) -> list[str]:
    """Markup as plain text: list items of a row line's cells joined by ``ITEM_SEP``; outside
    tables, one line per block.

    >>> html_to_text("1\\t<ul> <li>- สำนักปลัด</li> <li>- กองคลัง</li> </ul>")
    ['1\\t- สำนักปลัด • - กองคลัง']
    >>> html_to_text("โครงการ<br>จัดงาน\\t<p>ก</p><p>ข</p>")
    ['โครงการ จัดงาน\\tก • ข']
    >>> html_to_text("<p>ส่วนที่ 1</p><p>บทนำ</p>")
    ['ส่วนที่ 1', 'บทนำ']
    """
    tagged = False
    row = "\t" in line
    for _ in range(_MARKUP_PASSES):
        has_tag = "<" in line and _TAG.search(line) is not None
        if has_tag:
            line = _TAG.sub(lambda m: _tag_text(m, row), line)
        tagged = tagged or has_tag
        if "&" not in line or _ENTITY.search(line) is None:
            break
        line = _ENTITY.sub(_entity_text, line)
        line = repair_thai(line)  # a decoded mark (&#3661;) is put in order as a printed one
    if not tagged:
        return [line]
    if row:
        # Collapse separators left by nested or empty tags; drop them at cell edges.
        return ["\t".join(_ITEM_RUN.sub(ITEM_SEP, c).strip(" •") for c in line.split("\t"))]
    blocks = [b.strip() for b in line.split("\n") if b.strip()]
    return blocks or [""]


# What the document-wide rules do to printed characters, done to decoded ones: controls out (a
# decoded TAB or line break is a space: it must not make a cell or a line), Thai digits to Arabic.
_DECODED_TABLE = {**_CONTROL_TABLE, 0x09: " ", 0x0A: " ", 0x0D: " ", **_DIGIT_TABLE, **_THAI_PRIVATE_USE}


def _entity_text(entity: regex.Match) -> str:
    """The character an entity stands for; an unknown name stays (``&foo;``) with one ``&``."""
    name = entity.group(1)
    decoded = html.unescape(f"&{name};") if name[0] == "#" else html.entities.html5.get(f"{name};", f"&{name};")
    return decoded.translate(_DECODED_TABLE)


def _tag_text(tag: regex.Match, row: bool) -> str:
    """What a tag leaves: a block tag an item separator in a cell or a line break elsewhere; a
    ``<br>`` in a cell a space where the printed line just wrapped."""
    name = tag.group(2).lower()
    if name not in _BLOCK_TAGS:
        return " "
    if not row:
        return "\n"
    if name == "br" and not _ITEM_AHEAD.match(tag.string, tag.end()):
        return " "
    return " • "


def split_emphasis(line: str) -> list[str]:
    """Remove markdown emphasis; split lines that OCR glued together at ``**``."""
    if "*" not in line and "#" not in line:
        return [line]
    parts = _GLUED_EMPHASIS.split(line) if "**" in line else [line]
    return [_without_emphasis(p) for p in parts]


def _without_emphasis(part: str) -> str:
    """Emphasis and heading marks out, also those that taking one brings to the line's start
    (``**# ก``); each pass takes every run of marks, so a few passes do."""
    while (taken := _EMPHASIS.sub("", part)) != part:
        part = taken
    return part


def collapse_whitespace(line: str) -> str:
    if _NEEDS_COLLAPSE.search(line):
        line = _SPACES.sub(" ", line)
        if "\t" in line:
            line = _SPACE_AROUND_TAB.sub("\t", line)
    return line.strip(" ")


def join_split_words(line: str) -> str:
    """``การเป ิดเผย`` -> ``การเปิดเผย``, ``เ ปิด`` -> ``เปิด``. Runs last, on collapsed spaces,
    so no later rule brings a space back; the joined marks are put in order again."""
    if " " not in line or not _SPLIT_WORD.search(line):
        return line
    return repair_thai(_SPLIT_WORD.sub("", line))


# What commutes with every line rule (controls out, Thai digits to Arabic) runs once over a whole
# document instead of once per line; line breaks, form feeds and carriage returns stay for the split.
_DOCUMENT_TABLE = {**{k: v for k, v in _CONTROL_TABLE.items() if chr(k) not in "\n\r\f"}, **_DIGIT_TABLE,
                   **_THAI_PRIVATE_USE}
# The characters it maps, replaced where they stand: str.translate looks up every character of a
# Thai text (28 ms on the seeds), a search of the class finds the few (5 ms).
_DOCUMENT_CHARS = re.compile("[" + re.escape("".join(map(chr, _DOCUMENT_TABLE))) + "]")
_DOCUMENT_MAP = {chr(k): "" if v is None else chr(v) if isinstance(v, int) else v for k, v in _DOCUMENT_TABLE.items()}


def _document_rules(text: str) -> str:
    """``_DOCUMENT_TABLE`` applied to a whole document."""
    return _DOCUMENT_CHARS.sub(lambda m: _DOCUMENT_MAP[m.group()], text)


def _line_rules(line: str) -> list[str]:
    """The rules after controls and digits (see ``normalise_line``)."""
    return [join_split_words(collapse_whitespace(p))
            for block in html_to_text(repair_thai(line)) for p in split_emphasis(block)]


def normalise_line(line: str) -> list[str]:
    """All rules for one source line; returns one line, or more where OCR merged lines."""
    return _line_rules(map_thai_private_use(to_arabic_digits(strip_controls(line))))


@dataclass
class NormalisedText:
    """Normalised lines of one document and where each came from.

    ``source_lines[i]`` is the 1-based source line of ``lines[i]``; ``pages[i]`` its PDF page
    (None for text inputs); ``page_starts`` the indices of lines that begin a new page
    (a form feed, a run of blank lines, or a PDF page boundary).
    """

    lines: list[str]
    source_lines: list[int]
    pages: list[int | None]
    page_starts: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def n_chars(self) -> int:
        return sum(len(line) for line in self.lines) + max(0, len(self.lines) - 1)

    def source_line(self, index: int) -> int:
        if not self.source_lines:
            return 1
        return self.source_lines[max(0, min(index, len(self.source_lines) - 1))]

    def page(self, index: int) -> int | None:
        if not self.pages:
            return None
        return self.pages[max(0, min(index, len(self.pages) - 1))]


def normalise_text(text: str, page_of_line: list[int] | None = None) -> NormalisedText:
    """Normalise a whole document. ``page_of_line`` gives the PDF page of each source line."""
    lines: list[str] = []
    source_lines: list[int] = []
    pages: list[int | None] = []
    page_starts: list[int] = []
    blank_run = 0
    previous_page = None
    raw_lines = _document_rules(text).replace("\r", "").split("\n")
    for index, raw in with_row_lines(raw_lines):
        number = index + 1
        page = page_of_line[index] if page_of_line and index < len(page_of_line) else None
        new_pdf_page = page is not None and page != previous_page
        previous_page = page
        # A form feed ends a page wherever it stands in the line.
        for chunk_no, chunk in enumerate(raw.split("\f")):
            page_break = chunk_no > 0 or new_pdf_page
            new_pdf_page = False
            for part in _line_rules(chunk):
                if part and blank_run >= PAGE_BREAK_BLANKS:
                    page_break = True
                if page_break and part and lines and (not page_starts or page_starts[-1] < len(lines)):
                    page_starts.append(len(lines))
                    page_break = False
                blank_run = 0 if part else blank_run + 1
                lines.append(part)
                source_lines.append(number)
                pages.append(page)
    return NormalisedText(lines, source_lines, pages, page_starts)

"""How damaged a page's text layer is.

A Thai text layer is damaged in known ways (see ``text_layer_quality``); a page whose layer scores
below ``MIN_TEXT_QUALITY`` is rendered and OCR'd instead of guessed at.
"""

from __future__ import annotations

import regex

from extractors.thai.normalise import map_thai_private_use

MIN_TEXT_QUALITY = 0.9
# One damaged character in 50 already garbles a title or an amount on most pages.
_DAMAGE_WEIGHT = 50

# Thai non-spacing marks: above/below vowels, tone marks, thanthakhat, nikhahit.
THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# Characters a Thai text layer gets wrong: unmapped glyphs (``(cid:24)`` in pdfminer, raw control
# codes in pdfium), private-use code points that are not a legacy Thai font's (normalise maps
# those back), U+FFFD, and Latin-1 letters: a TIS-620 font read as WinAnsi (``¡ÒÃ`` for การ).
_BROKEN_CHAR = regex.compile(r"\(cid:[0-9]+\)|[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd"
                             r"\u00a1-\u00af\u00b2-\u00b6\u00b8-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")
# A mark with no consonant to sit on: after a space (a word split before its vowel, ``การเปิ ด``
# read as ``การเป ิด``), at line start, after a non-Thai character (``ที ่``: the tone mark of
# ที่ emitted apart from its consonant).
_DANGLING_MARK = regex.compile(f"(?:^|[^\\p{{Thai}}])[{THAI_MARKS}]", regex.MULTILINE)
# A word split after its leading vowel (``เ ปิด``): a leading vowel always precedes its consonant.
_SPLIT_WORD = regex.compile("[เแโใไ] +[ก-ฮ]")
# A space after sara am inside a word (``วิธีดำ เนินการ``): a reader that takes the sara am glyph's
# box for the whole cluster. Thai puts a space there rarely (about once in 7,000 characters of the seeds).
SARA_AM_SPACE = regex.compile("\u0e33 (?=[ก-ฮเแโใไ])")
# A cluster with a tone mark read twice, the second time after the next letter (``ท้องถิ่นถิ่``,
# ``เจ้าหน้าที่เที่``): text drawn again invisibly over the visible glyphs (ActualText).
DOUBLED_CLUSTER = regex.compile(f"([ก-ฮ][{THAI_MARKS}]*[\u0e48-\u0e4c])[ก-ฮเ]\\1(?![ก-ฮ{THAI_MARKS}\u0e30-\u0e33])")


def text_layer_quality(text: str) -> float:
    """1 for a clean text layer, 0 for one with no text or one damaged character in 50.

    >>> text_layer_quality("ท้องถิ่น วิธีดำเนินการ"), text_layer_quality("ท้องถิ่นถิ่ วิธีดำ เนินการ")
    (1.0, 0.0)
    """
    if not text.strip():
        return 0.0
    text = map_thai_private_use(text)
    damage = sum(len(pattern.findall(text)) for pattern in
                 (_BROKEN_CHAR, _DANGLING_MARK, _SPLIT_WORD, SARA_AM_SPACE, DOUBLED_CLUSTER))
    return max(0.0, 1.0 - _DAMAGE_WEIGHT * damage / len(text))

"""Project titles compared as a reader compares them: spaces, quotes and punctuation aside.

The budget table and the cards print the same project's title with other spacing, quotes,
abbreviations ("เทศบาลฯ") and OCR damage; every comparison of two titles goes through here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import regex
from cydifflib import SequenceMatcher
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

# What a title comparison ignores: spaces, quotes, brackets, punctuation
# ('มาตรการ "ส่งเสริม..."' = 'มาตรการ ส่งเสริม...'); likeness also ignores the abbreviation mark ฯ.
TITLE_NOISE = regex.compile(r"[\s\"'“”‘’()\[\]/.,:\-–]+")
# Titles are compared on their first characters only (an OCR line run together must not cost minutes).
TITLE_COMPARE_CHARS = 300
# Float rounding allowed when a bound is compared with a floor (the caller applies its exact test).
_ROUNDING = 1e-9


def _title_key(title: str | None) -> str:
    return TITLE_NOISE.sub("", title or "").replace("ฯ", "")[:TITLE_COMPARE_CHARS]


def title_similarity(a: str | None, b: str | None) -> float:
    """0..1 likeness of two titles, ignoring spaces, quotes and punctuation."""
    a, b = _title_key(a), _title_key(b)
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def similar_titles(firsts: Sequence[str | None], seconds: Sequence[str | None],
                   floor: float | np.ndarray) -> dict[tuple[int, int], float]:
    """``title_similarity(firsts[i], seconds[j])`` of the pairs ``(i, j)`` that reach ``floor`` (one
    number, or an array with one per pair); the pairs left out are less alike.

    difflib's matching blocks are one common subsequence of the two titles, so rapidfuzz's Indel
    ratio (from the longest common subsequence, computed in C for all pairs at once) is never below
    difflib's ratio: it rules out most pairs before difflib runs, and every value kept is difflib's.
    """
    keys_a, keys_b = [_title_key(t) for t in firsts], [_title_key(t) for t in seconds]
    if not keys_a or not keys_b:
        return {}
    floors = np.broadcast_to(np.asarray(floor, dtype=np.float64) - _ROUNDING, (len(keys_a), len(keys_b)))
    bound = cdist(keys_a, keys_b, scorer=Indel.normalized_similarity, dtype=np.float64)
    matcher = SequenceMatcher(autojunk=False)
    found: dict[tuple[int, int], float] = {}
    for j in range(len(keys_b)):
        rows = np.flatnonzero(bound[:, j] >= floors[:, j])
        if not len(rows) or not keys_b[j]:
            continue
        matcher.set_seq2(keys_b[j])  # difflib indexes the second sequence: once per title
        for i in rows.tolist():
            matcher.set_seq1(keys_a[i])
            similarity = matcher.ratio() if keys_a[i] else 0.0
            if similarity >= floors[i, j]:
                found[i, j] = similarity
    return found


def same_title(table_title: str, card_title: str) -> bool:
    """Equal but for spaces and punctuation; "เทศบาลฯ" in the table stands for the full name."""
    if title_similarity(table_title, card_title) == 1.0:
        return True
    bare = [TITLE_NOISE.sub("", t) for t in (table_title, card_title)]
    head, abbreviated, tail = bare[0].partition("ฯ")
    return bool(abbreviated and head) and bare[1].startswith(head) and bare[1].endswith(tail.replace("ฯ", ""))

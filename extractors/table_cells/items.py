"""List items inside one cell: HTML list items, ``- `` bullets, or 1. 2. 3. numbering."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from extractors.thai.normalise import ITEM_SEP

# A bullet inside a cell: "- หน่วยงานต้อง... -มีการปรับปรุง...", "– มีการจัดทำ"; a dash before a
# number is a range ("พ.ศ. 2566 – 2570"), and one glued to a word is a hyphen ("No-Gift-Policy").
BULLET = regex.compile(r"(?:^|(?<=\s))[-–•](?!\s?[0-9])\s?")
# List numbering at the head of an item: "1.ไม่มีระบบ...", "2) จัดทำ..."
ITEM_NUMBER = regex.compile(r"(?:^|(?<=\s))([0-9]{1,2})[.)](?![0-9])\s?")


def split_numbered(text: str) -> list[str]:
    """Split ``"1.ไม่มีระบบ... 2.ข้อมูล..."`` at numbers that count up from 1; other numbers
    (``พ.ศ. 2522``, ``มาตรา 11``) stay in their item. The numbers stay in the items."""
    cuts = []
    expected = 1
    for match in ITEM_NUMBER.finditer(text):
        if int(match.group(1)) == expected:
            cuts.append(match.start())
            expected += 1
    if len(cuts) < 2:
        return [text.strip()] if text.strip() else []
    pieces = [text[:cuts[0]]] + [text[a:b] for a, b in zip(cuts, cuts[1:] + [len(text)])]
    return [p.strip() for p in pieces if p.strip()]


def cell_items(fragments: Sequence[str]) -> list[str]:
    """List items of a cell (and its continuation fragments): items the normaliser joined with
    ``ITEM_SEP`` (HTML lists), ``- `` bullets, or 1. 2. 3. numbering. Markers are removed."""
    items: list[str] = []
    for fragment in fragments:
        for part in fragment.split(ITEM_SEP):
            for bullet in BULLET.split(part):
                for item in split_numbered(bullet):
                    item = ITEM_NUMBER.sub("", item, count=1) if ITEM_NUMBER.match(item) else item
                    item = item.strip(" -–•")
                    if item:
                        items.append(item)
    return items

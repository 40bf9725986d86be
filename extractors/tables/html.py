"""HTML tables, as Typhoon OCR writes them into its Markdown: ``<table>`` on one line or one ``<tr>``
per line, ``<th>``/``<td>`` cells with ``rowspan``/``colspan``, ``<br>`` and ``<ul><li>`` inside cells.

lxml's HTML parser reads the markup: it closes what OCR left open (``<td>a<td>b``, a table cut off
at the end of a page), keeps a nested table inside its cell and copes with a bare ``<`` in the
text. A cell keeps its inner markup: the normaliser's per-line rules turn its ``<br>``, ``<li>``
and ``<p>`` into list items (``ITEM_SEP``), as for markup OCR leaves inside TAB cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import lxml.html
import regex
from lxml import etree

from extractors.tables.model import Cell, Row, Table

_OPEN = regex.compile(r"<\s*table\b", regex.IGNORECASE)
_TAG = regex.compile(r"<\s*+(/?)\s*+table\b[^<>]*>", regex.IGNORECASE)  # possessive: see normalise._TAG
# A span wider or taller than this is OCR garbage, not a layout.
MAX_SPAN = 50


def find(lines: Sequence[str], start: int, end: int) -> list[Table]:
    """The ``<table>`` elements of ``lines[start:end]``."""
    tables: list[Table] = []
    i, column = start, 0  # where the text not yet read starts
    while i < end:
        line = lines[i]
        opening = _OPEN.search(line, column) if "<" in line and "\t" not in line else None
        if opening is None:
            i, column = i + 1, 0
            continue
        last, close = _closing(lines, i, opening.start(), end)
        if last == i:
            block = line[opening.start():close]
        else:
            block = "\n".join([line[opening.start():], *lines[i + 1:last], lines[last][:close]])
        table = _parse(block, i)
        if table is None:  # markup without a row: left to the per-line rules
            i, column = i + 1, 0
            continue
        table.span = (i, last + 1)
        table.before = (line[column:opening.start()] + " " + table.before).strip()
        following = _OPEN.search(lines[last], close)
        if following is None:  # else the text up to the next table is that table's ``before``
            table.after = lines[last][close:]
        tables.append(table)
        i, column = (last, close) if following else (last + 1, 0)
    return tables


def _closing(lines: Sequence[str], i: int, column: int, end: int) -> tuple[int, int]:
    """Line and column just after the ``</table>`` that closes the table opened at (i, column);
    a table never closed ends before the first blank line (or at the end of the text)."""
    depth = 0
    for j in range(i, end):
        if not lines[j].strip():
            return max(i, j - 1), len(lines[max(i, j - 1)])
        for tag in _TAG.finditer(lines[j], column if j == i else 0):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                return j, tag.end()
    return end - 1, len(lines[end - 1])


def _parse(block: str, first: int) -> Table | None:
    try:
        root = lxml.html.fragment_fromstring(block, create_parent="div")
    except (etree.ParserError, ValueError):
        return None
    element = next((t for t in root.iter("table")), None)
    if element is None:
        return None
    rows = []
    for tr in element.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        cells = [Cell(_inner(td), _span(td.get("rowspan")), _span(td.get("colspan")))
                 for td in tr.xpath("./td|./th")]
        if cells:
            rows.append(Row(cells, first + (tr.sourceline or 1)))
    if not rows:
        return None
    caption = element.find("caption")
    table = Table(rows, "html")
    if caption is not None:
        table.before = _inner(caption)
    return table


def _inner(element) -> str:
    """The element's content as markup (its own tag left out)."""
    return (element.text or "") + "".join(etree.tostring(child, encoding=str, method="html") for child in element)


def _span(value: str | None) -> int:
    digits = regex.match(r"\s*([0-9]{1,3})", value or "")
    return max(1, min(MAX_SPAN, int(digits.group(1)))) if digits else 1

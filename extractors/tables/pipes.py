"""Markdown pipe tables: GitHub-flavoured (a header row, then a ``|---|:---:|`` separator, leading
and trailing bars optional) and the bare ``| a | b |`` rows OCR tools write without a separator.

The separator goes (the row after it may be a second header row: ``| | | Likelihood (L) | …``); a
separator repeated inside the table (a header printed again on the next page) goes too. ``\\|``
is a bar inside a cell.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from extractors.tables.model import Cell, Row, Table

# A separator cell: "---", ":---", "---:", ":---:" (padded with more dashes to the column width).
_RULE_CELL = regex.compile(r"^\s*:?-+:?\s*$")
_DASHES = regex.compile(r"-{3,}")
# A bar that separates cells: not escaped.
_BAR = regex.compile(r"(?<!\\)\|")


def find(lines: Sequence[str], start: int, end: int) -> list[Table]:
    """Pipe tables in ``lines[start:end]``: a GFM table (header + separator) with the rows after it
    that hold a bar, or a run of lines that start with a bar and hold at least three."""
    tables: list[Table] = []
    i = start
    while i < end:
        line = lines[i]
        if "|" not in line or "\t" in line:
            i += 1
            continue
        gfm = i + 1 < end and is_separator(lines[i + 1]) and len(split_row(line)) >= 2
        if not gfm and not _bar_row(line):
            i += 1
            continue
        rows = [Row([Cell(c) for c in split_row(line)], i + 1)]
        j = i + 2 if gfm else i + 1
        while j < end and (_bar_row(lines[j]) or gfm and _BAR.search(lines[j]) and "\t" not in lines[j]):
            if not is_separator(lines[j]):
                rows.append(Row([Cell(c) for c in split_row(lines[j])], j + 1))
            j += 1
        tables.append(Table(rows, "pipes", span=(i, j)))
        i = j
    return tables


def _bar_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 3 and "\t" not in line


def is_separator(line: str) -> bool:
    """``|---|:---:|`` (bars at the edges optional)."""
    if "-" not in line or "\t" in line:
        return False
    cells = split_row(line)
    return bool(cells) and all(_RULE_CELL.match(c) for c in cells) and _DASHES.search(line) is not None


def split_row(line: str) -> list[str]:
    """The cells of a pipe row, edge bars dropped, ``\\|`` read as a bar.

    >>> split_row("| 1 | ก \\\\| ข | |")
    ['1', 'ก | ข', '']
    """
    stripped = line.strip()
    parts = _BAR.split(stripped)
    if stripped.startswith("|"):
        parts = parts[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|") and parts:
        parts = parts[:-1]
    return [p.replace("\\|", "|").strip() for p in parts]

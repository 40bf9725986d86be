"""Every table of a document read once, whatever its serialisation, and written back as row lines.

The readers run in order on the lines no earlier reader took: HTML (explicit markup), Markdown
pipes, then layout text (cells apart by runs of spaces), then a table flattened to one cell per
line. TAB-celled rows are row lines already; no reader touches a line holding a TAB.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from extractors.tables import html, layout, pipes
from extractors.tables.model import Table

Reader = Callable[[Sequence[str], int, int], list[Table]]
READERS: tuple[Reader, ...] = (html.find, pipes.find, layout.find)


def find_tables(lines: Sequence[str]) -> list[Table]:
    """The tables of ``lines``, in document order."""
    tables: list[Table] = []
    for reader in READERS:
        found: list[Table] = []
        for start, end in _free_runs(tables, len(lines)):
            found.extend(reader(lines, start, end))
        tables = sorted([*tables, *found], key=lambda t: t.span)
    return tables


def _free_runs(tables: list[Table], n: int) -> list[tuple[int, int]]:
    runs, cursor = [], 0
    for table in tables:
        if table.span[0] > cursor:
            runs.append((cursor, table.span[0]))
        cursor = max(cursor, table.span[1])
    if cursor < n:
        runs.append((cursor, n))
    return runs


def with_row_lines(lines: Sequence[str]) -> list[tuple[int, str]]:
    """``(0-based source line, text)`` of the document: each table's lines replaced by its row
    lines (text beside a table on its first or last line kept as a line of its own), every other
    line as it is. The lines a table takes leave no blank line behind."""
    out: list[tuple[int, str]] = []
    cursor = 0
    for table in find_tables(lines):
        first, last = table.span
        out.extend((k, lines[k]) for k in range(cursor, first))
        if table.before.strip():
            out.append((first, table.before))
        out.extend((source - 1, text) for source, text in table.row_lines())
        if table.after.strip():
            out.append((last - 1, table.after))
        cursor = max(cursor, last)
    out.extend((k, lines[k]) for k in range(cursor, len(lines)))
    return out

"""Worst-case documents for the patterns that read document text.

A regex backtracks worst on a long run of what it can match in more than one way, after a prefix
that gets it started: a date line then 30,000 TABs (``\\s*`` retried from each TAB), ``<`` then
100,000 spaces (a tag that never closes). So each hostile line is a *prefix* (a keyword line an
extractor looks for) followed by a *run* (one character family repeated to ``n`` characters),
and each line is put into the part of a real plan where its structure is read: after the
announcement's date line, inside the table of contents, in the budget table or in a project card.
Long structures (a table of contents of 10^4 entries, 10^4 pipe or HTML table rows) come apart.

``hostile_documents(n)`` maps a name to a document's text; ``n`` scales the hostile part, so a
linear extraction takes about four times as long at ``4 * n`` and a quadratic one sixteen times.
"""

from __future__ import annotations

from tests.conftest import seed_text

# Runs: one family of characters each, as the patterns' repeated classes see them.
RUNS = {
    "tabs": "\t",
    "spaces": " ",
    "nbsp": "\u00a0",
    "digits": "1",
    "thai_digits": "๑",
    "thai": "ก",
    "marks": "ก\u0e34",
    "lt": "<",
    "lt_spaces": "< ",
    "pipes": "|",
    "dots": ".",
    "dash": "-",
    "amounts": "1,",
    "cells": "1\t",
    "stars": "*",
    "entities": "&nbsp;",
    "tags": "<p>",
    "breaks": "<br>",
    "bullets": "• ",
}

# Where a hostile line goes in the plan: after the announcement's date line, in the table of
# contents, inside the budget table, in the first project card.
NOTICE, TOC, TABLE, CARD = "notice", "toc", "table", "card"

# Prefixes: line starts that set a pattern going, each put where its structure is read.
PREFIXES = {
    "none": (NOTICE, ""),
    "date": (NOTICE, "ประกาศ ณ วันที่ 17 เดือน กันยายน"),
    "dated": (NOTICE, "วันที่"),
    "year": (NOTICE, "พ.ศ."),
    "month": (NOTICE, "กันยายน"),
    "order": (NOTICE, "คำสั่ง"),
    "subject": (NOTICE, "เรื่อง"),
    "signer": (NOTICE, "(นาย"),
    "role": (NOTICE, "ตำแหน่ง"),
    "tag": (NOTICE, "<"),
    "entity": (NOTICE, "&"),
    "heading": (NOTICE, "#"),
    "toc": (TOC, "สารบัญ"),
    "part": (TOC, "ส่วนที่ 1"),
    "entry": (TOC, "บทนำ"),
    "numbered": (TOC, "1. "),
    "dimension": (TABLE, "มิติที่ 1"),
    "mission": (TABLE, "1.1 "),
    "cell": (TABLE, "1\t"),
    "td": (TABLE, "<td>"),
    "pipe": (TABLE, "|"),
    "total": (TABLE, "\tรวม\t"),
    "count": (TABLE, "จำนวน 7 โครงการ"),
    "amount": (TABLE, "30,000"),
    "baht": (TABLE, "บาท"),
    "card": (CARD, "ลำดับที่ 1"),
    "field": (CARD, "1. ชื่อโครงการ :"),
    "budget": (CARD, "งบประมาณ"),
    "risk": (CARD, "ความเสี่ยง"),
    "measure": (CARD, "ตัวชี้วัด"),
    "bullet": (CARD, "-"),
}

# The parts of seed 000 a hostile document is made of, (first line, end, context, where it goes):
# the announcement (date line 41), the table of contents, the budget table, the first card.
_PLAN = ((0, 46, NOTICE, 41), (80, 98, TOC, 86), (180, 232, TABLE, 197), (232, 290, CARD, 240))
# A hostile document stays under 1 MB (UTF-8) however long its lines.
MAX_DOCUMENT_BYTES = 900_000


def hostile_line(prefix: str, run: str, n: int) -> str:
    """``prefix`` then ``run`` repeated to ``n`` characters in all."""
    return prefix + run * max(1, (n - len(prefix)) // len(run))


def in_a_plan(hostile: dict[str, list[str]]) -> str:
    """Parts of seed 000 with the ``hostile`` lines of each context put where it is read."""
    lines = seed_text("000").split("\n")
    out: list[str] = []
    for first, end, context, at in _PLAN:
        out += lines[first:at] + hostile.get(context, []) + lines[at:end]
    return "\n".join(out)


def table_of_contents(entries: int) -> list[str]:
    """A table of contents of ``entries`` lines, each a title and its page number."""
    return [f"{i}. บทที่ {i} การป้องกันการทุจริต\t{i % 900 + 1}" for i in range(1, entries + 1)]


def pipe_rows(rows: int) -> list[str]:
    """A Markdown pipe table of ``rows`` body rows."""
    return (["| มิติ | ภารกิจ | โครงการ | งบประมาณ 2566 |", "|---|---|---|---|"]
            + [f"| {i % 4 + 1}. มิติ | {i % 4 + 1}.{i % 3 + 1} ภารกิจ | โครงการที่ {i} | {i * 10},000 |"
               for i in range(rows)])


def html_rows(rows: int) -> list[str]:
    """An HTML table of ``rows`` rows, one ``<tr>`` per line."""
    return (["<table>", "<tr><th>มิติ</th><th>โครงการ</th><th>งบประมาณ</th></tr>"]
            + [f"<tr><td>{i % 4 + 1}</td><td>โครงการที่ {i}<br>- กองคลัง</td><td>{i},000</td></tr>"
               for i in range(rows)] + ["</table>"])


def hostile_lines(run: str, n: int) -> dict[str, list[str]]:
    """``run`` after every prefix, ``n`` characters a line, by the context each goes in."""
    lines: dict[str, list[str]] = {}
    for context, prefix in PREFIXES.values():
        lines.setdefault(context, []).append(hostile_line(prefix, run, n))
    return lines


def hostile_documents(n: int) -> dict[str, str]:
    """Every hostile document at scale ``n``: for each run, its line after every prefix (``n``
    characters each, as many to a document as fit in MAX_DOCUMENT_BYTES), then the long structures
    of ``n / 12`` entries or rows."""
    documents = {}
    for name, run in RUNS.items():
        part = 1
        hostile: dict[str, list[str]] = {}
        size = 0
        for context, prefix in PREFIXES.values():
            line = hostile_line(prefix, run, n)
            if hostile and size + len(line.encode()) > MAX_DOCUMENT_BYTES:
                documents[f"{name}_{part}"] = in_a_plan(hostile)
                part, hostile, size = part + 1, {}, 0
            hostile.setdefault(context, []).append(line)
            size += len(line.encode())
        documents[f"{name}_{part}"] = in_a_plan(hostile)
    rows = max(1, n // 12)
    documents["toc_entries"] = in_a_plan({TOC: table_of_contents(rows)})
    documents["pipe_rows"] = in_a_plan({TABLE: pipe_rows(rows)})
    documents["html_rows"] = in_a_plan({TABLE: html_rows(rows)})
    return documents

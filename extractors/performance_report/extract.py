"""A performance report's tables located and read: items, summary and their checks."""

from __future__ import annotations

from extractors.performance_report.items import (
    item_record,
    merge_items,
    numbering_check,
)
from extractors.performance_report.summary import stated_summary, summary_records
from extractors.performance_report.vocabulary import (
    DETAIL_TABLE,
    STATUSES,
    SUMMARY_TABLE,
)
from extractors.records import (
    Record,
    Segment,
)
from extractors.table_cells import (
    Table,
    empty_table_checks,
)


def locate(lines: list[str]) -> list[Segment]:
    """The summary and detailed tables of a performance report."""
    return [Segment("report_table", t.start, t.end, " | ".join(c for c in t.header if c))
            for t in sorted(SUMMARY_TABLE.find(lines) + DETAIL_TABLE.find(lines), key=lambda t: t.start)]


def _item_tables(tables: list[Table]) -> list[Table]:
    """Tables that list numbered items; a breakdown per มิติ ("มิติที่ 1 | 3 | 2 | ...") has the
    same status and money columns but no ลำดับ, and its rows are not items."""
    return [t for t in tables if any(row.seq is not None for row in t.rows)]


def extract_performance_report(lines: list[str], segments: list[Segment] | None = None) -> list[Record]:
    """``report_items`` rows (summary and detailed tables merged by ลำดับ), the ``report_summary``
    row and their checks (``segments`` from ``locate``; found here when not given)."""
    segments = locate(lines) if segments is None else segments
    # A header has a แล้วเสร็จ column or not: each segment is read by one of the two readers.
    read = [reader.read(lines, segments) for reader in (SUMMARY_TABLE, DETAIL_TABLE)]
    summary_tables, detail_tables = (_item_tables(tables) for tables in read)
    records: list[Record] = empty_table_checks("report_table", [t for tables in read for t in tables])
    rows: list[Record] = []
    columns = summary_tables[0].columns if summary_tables else []
    table_of = {row.line: table for table in summary_tables + detail_tables for row in table.rows}
    for item in merge_items(summary_tables, detail_tables, lines).values():
        rows.append(item_record(item, columns, records))
        for row in (item.summary, item.detail):
            if row is not None:
                table_of[row.line].score_repaired_columns(rows[-1])
    for name, tables in (("summary", summary_tables), ("detail", detail_tables)):
        records.extend(numbering_check(f"table={name}{n}", t) for n, t in enumerate(tables, start=1))
    stated = stated_summary(lines) if rows else {}
    if any(s in stated for s in STATUSES):
        records.extend(summary_records(stated, rows))
    return rows + records

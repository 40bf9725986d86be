"""Dimension and mission rows from all mentions, their body headings in order, and their segments."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from extractors.dimension.mentions import (
    Mention,
    repair_heading_numbers,
    row_mentions,
    text_mentions,
)
from extractors.dimension.missions import body_missions, code_key
from extractors.records import (
    EXACT,
    INFERRED,
    REPAIRED,
    WEAK,
    Heading,
    Record,
    Segment,
    check,
)


@dataclass
class TableCells:
    """What the budget table prints of the plan's structure (read by ``budget_table.structure_cells``)."""

    dimensions: list[tuple[int, str, int]] = field(default_factory=list)  # (dimension_no, name, line)
    missions: list[tuple[str, str, int]] = field(default_factory=list)  # (mission_code, name or "", line)
    subtotals: dict[int, tuple[int, int]] = field(default_factory=dict)  # dimension_no -> (count, line)


@dataclass
class Structure:
    headings: list[Heading] = field(default_factory=list)
    dimensions: list[Record] = field(default_factory=list)
    missions: list[Record] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    checks: list[Record] = field(default_factory=list)


def _choose_name(mentions: list[Mention]) -> tuple[str | None, float, str, int]:
    """Most often printed name (ties: first printed); confidence and reason; line."""
    texts = [m for m in mentions if m.source != "table" and m.name]
    pool = texts or [m for m in mentions if m.name]
    if not pool:  # "มิติที่ 1" with nothing after it that reads as a name
        return None, 0.3, f"{WEAK}: no name printed", mentions[0].line
    counts = Counter(m.name for m in pool)
    name, n = counts.most_common(1)[0]
    first = next(m for m in pool if m.name == name)
    if not texts:
        return name, 0.7, f"{INFERRED}: budget table cell only", first.line
    if first.source == "reversed" and n == 1:
        return name, 0.7, f"{REPAIRED}: reassembled from a line OCR printed out of order", first.line
    if n >= 2:
        return name, 0.95 if n == len(pool) else 0.9, f"{EXACT}: {n} of {len(pool)} mentions agree", first.line
    return name, 0.85 if len(pool) == 1 else 0.7, f"{EXACT}: one mention" + (
        "" if len(pool) == 1 else f" of {len(pool)} that differ"), first.line


def _segment_end(lines: list[str], start: int, stops: list[int], limit: int) -> int:
    end = min([s for s in stops if s > start] + [limit + 1]) - 1
    while end > start and not lines[end].strip():
        end -= 1
    return end


def extract(lines: list[str], outline: list[Segment], table: TableCells | None = None) -> Structure:
    """Dimension and mission rows, their body headings (in order) and segments; ``table`` is what
    the budget table prints (``budget_table.structure_cells``), if the document has one."""
    result = Structure()
    table = table or TableCells()
    mentions = text_mentions(lines, outline)
    headings = [m for m in mentions if m.heading]
    repair_heading_numbers(headings)
    table_dims = [Mention(no, name, line, source="table") for no, name, line in table.dimensions]
    mentions += row_mentions(lines, outline, skip={m.line for m in table_dims})
    subtotals = table.subtotals
    missions = body_missions(lines, outline, headings)

    by_no: dict[int, list[Mention]] = {}
    for m in mentions + table_dims:
        by_no.setdefault(m.no, []).append(m)
    for no in sorted(by_no):
        name, confidence, reason, line = _choose_name(by_no[no])
        record = Record("dimensions", {"dimension_no": no, "name": name, "stated_project_count": None}, line)
        record.score("name", confidence, reason)
        stated = [m for m in by_no[no] if m.count is not None]
        if stated:
            counts = Counter(m.count for m in stated)
            count = counts.most_common(1)[0][0]
            record.values["stated_project_count"] = count
            origin = "introduction lists the count" if any(m.source != "row" for m in stated) \
                else "a table row states the count"
            record.score("stated_project_count", 0.95 if len(counts) == 1 else 0.6,
                         f"{EXACT}: {origin}" if len(counts) == 1
                         else f"{EXACT}: counts printed differ ({dict(counts)})")
            if no in subtotals:
                table_count, table_line = subtotals[no]
                result.checks.append(check(
                    "dimension_stated_count_consistent", f"dimension={no}", table_count == count, count,
                    table_count, line=table_line, severity="warning",
                    message="" if table_count == count else
                    f"the introduction states {count} projects for dimension {no}, the budget table's subtotal {table_count}"))
        elif no in subtotals:
            record.values["stated_project_count"] = subtotals[no][0]
            record.score("stated_project_count", 0.85, f"{INFERRED}: budget table subtotal row (introduction states none)")
        result.dimensions.append(record)

    # One mission row per code: the body heading's name, else the table cell's; a code the table
    # prints without a name (its name cell lost by OCR, its heading too) is a mission all the same.
    names: dict[str, tuple[str | None, int, str]] = {}
    misread = {code: printed for code, _, _, printed in missions if printed}
    for code, name, line, _ in missions:
        names.setdefault(code, (name, line, "heading"))
    for code, name, line in table.missions:
        if code not in names or (name and names[code][0] is None):
            names[code] = (name or None, line, "table")
    for code in sorted(names, key=code_key):
        name, line, source = names[code]
        record = Record("missions", {"dimension_no": int(code[0]), "mission_code": code, "name": name}, line)
        if name is None:
            record.score("name", 0.3, f"{WEAK}: the budget table prints the code without a name")
        else:
            record.score("name", 0.9 if source == "heading" else 0.8,
                         f"{EXACT}: body heading" if source == "heading" else f"{EXACT}: budget table mission cell")
        record.score("mission_code", 0.95, EXACT)
        record.score("dimension_no", 0.95, f"{EXACT}: first number of the mission code")
        if code in misread and source == "heading":
            for name_ in ("mission_code", "dimension_no"):
                record.score(name_, 0.8, f"{REPAIRED}: printed {misread[code]}, a look-alike digit of the "
                                         "dimension its heading stands in")
        result.missions.append(record)

    # Headings in document order, and their segments.
    events = sorted([(m.line, m.no, None, m.name, None if m.misread is None else str(m.misread)) for m in headings] +
                    [(line, int(code[0]), code, name, printed) for code, name, line, printed in missions])
    result.headings = [Heading(line, no, code, name, printed) for line, no, code, name, printed in events]
    limits = [s for s in outline if s.kind in ("appendix", "announcement", "order")]
    limit = min([s.start - 1 for s in limits if s.start > (events[0][0] if events else 0)] + [len(lines) - 1])
    dimension_starts = [h.line for h in result.headings if h.mission_code is None]
    for h in result.headings:
        if h.mission_code is None:
            end = _segment_end(lines, h.line, dimension_starts, limit)
            label = f"{lines[h.line].strip()} {h.name}" if h.name not in lines[h.line] else lines[h.line].strip()
            result.segments.append(Segment("dimension", h.line, end, label))
        else:
            level = len(code_key(h.mission_code))
            stops = dimension_starts + [o.line for o in result.headings
                                        if o.mission_code and len(code_key(o.mission_code)) <= level]
            result.segments.append(Segment("mission", h.line, _segment_end(lines, h.line, stops, limit),
                                           lines[h.line].strip()))
    return result

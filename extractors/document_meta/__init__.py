"""Document metadata: whose document it is (``organization``: the organisation, its district and
province), and which period or fiscal year it covers (``period``)."""

from __future__ import annotations

from extractors.document_meta.organization import (
    district_province,
    organization,
    province_consistent,
)
from extractors.document_meta.period import fiscal_year, plan_period
from extractors.records import EXACT, WEAK, Record, Segment

__all__ = ["district_province", "extract", "fiscal_year", "organization", "plan_period", "province_consistent"]

YEARLY_TYPES = ("ita_measures", "performance_report")


def extract(lines: list[str], outline: list[Segment], doc_type: str | None) -> tuple[list[Record], tuple[int, int] | None]:
    """``documents`` records (organisation, place, period or fiscal year) and ``checks``; the plan period."""
    cover = [s for s in outline if s.kind == "cover"]
    # Title lines: the cover, or failing that the document's first non-blank lines.
    title_lines = [i for s in cover for i in range(s.start, s.end + 1)]
    if not title_lines:
        title_lines = [i for i, line in enumerate(lines) if line.strip()][:3]
    records: list[Record] = []
    org, org_records = organization(lines, cover)
    records.extend(org_records)
    place = district_province(lines, cover, org)
    if place is not None:
        records.append(place)
        records.append(province_consistent(lines, place, org))
    else:
        missing = Record("documents", {"district": None, "province": None}, 0)
        missing.score("district", 0.5, f"{WEAK}: no อำเภอ/จังหวัด line")
        missing.score("province", 0.5, f"{WEAK}: no อำเภอ/จังหวัด line")
        records.append(missing)
    period = year = None
    if doc_type not in YEARLY_TYPES:
        period, record = plan_period(lines, title_lines)
        if record is not None:
            records.append(record)
    # Yearly documents, and plans made for one fiscal year ("แผน... ประจำปีงบประมาณ พ.ศ. 2567").
    if doc_type in YEARLY_TYPES or period is None:
        year, consistency = fiscal_year(lines, title_lines, title_only=doc_type not in YEARLY_TYPES)
        records.extend(r for r in (year, consistency) if r is not None)
    # A document has a plan period or a fiscal year; say why the other one is empty.
    empty = Record("documents", {}, 0)
    if period is not None:
        empty.values["fiscal_year_be"] = None
        empty.score("fiscal_year_be", 0.95, f"{EXACT}: multi-year plan, no single fiscal year")
    elif year is not None:
        empty.values.update(plan_start_year_be=None, plan_end_year_be=None)
        for name in ("plan_start_year_be", "plan_end_year_be"):
            empty.score(name, 0.9, f"{EXACT}: yearly document, no plan period")
    else:
        empty.values.update(plan_start_year_be=None, plan_end_year_be=None, fiscal_year_be=None)
        for name in ("plan_start_year_be", "plan_end_year_be", "fiscal_year_be"):
            empty.score(name, 0.3, f"{WEAK}: no plan period or fiscal year printed")
    records.append(empty)
    if not org:
        unknown = Record("documents", {"organization": None, "org_type": None}, 0)
        unknown.score("organization", 0.0, f"{WEAK}: no organisation name found")
        records.append(unknown)
    return records, period

"""Gold annotations: each ``<stem>.gold.json`` (format in shared/gold/FORMAT.md) flattened into
``Expected`` fields, one output table, row key, column and value each, for ``pipeline.evaluate``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GOLD_SUFFIX = ".gold.json"

# Gold sections that map one object to one row: section -> (table, key columns, gold field -> column).
# A key column missing from the gold object is the object's 1-based position (cards: card_seq).
ROW_SECTIONS: dict[str, tuple[str, tuple[str, ...], dict[str, str]]] = {
    "announcements": ("announcements", ("seq",), {
        "kind": "kind", "number": "number", "subject": "subject", "date": "announced_on",
        "signer_name": "signer_name", "signer_position": "signer_position"}),
    "committee_members": ("committee_members", ("seq",), {"name": "name", "position": "position", "role": "role"}),
    "dimensions": ("dimensions", ("dimension_no",), {"name": "name", "stated_project_count": "stated_project_count"}),
    "missions": ("missions", ("mission_code",), {"dimension_no": "dimension_no", "name": "name"}),
    "projects": ("projects", ("project_no",), {
        "dimension_no": "dimension_no", "mission_code": "mission_code", "title": "title",
        "responsible_unit": "responsible_unit"}),
    "project_cards": ("project_cards", ("card_seq",), {
        "card_no": "card_no", "project_no": "project_no", "dimension_no": "dimension_no",
        "mission_code": "mission_code", "title": "title", "budget_thb": "budget_thb", "period_text": "period_text",
        "start_year_be": "start_year_be", "end_year_be": "end_year_be", "responsible": "responsible",
        "target_group": "target_group", "n_objectives": "objectives", "n_methods": "methods"}),
    "risks": ("risks", ("seq",), {"process": "process", "likelihood": "likelihood", "impact": "impact",
                                  "score": "score"}),
    "ita_measures": ("ita_measures", ("seq",), {
        "measure": "measure", "responsible_units": "responsible_units", "period_text": "period_text"}),
    "report_items": ("report_items", ("seq",), {
        "title": "title", "dimension_no": "dimension_no", "status": "status", "budget_thb": "budget_thb",
        "disbursed_thb": "disbursed_thb", "remaining_thb": "remaining_thb"}),
}
# Single-object sections: section -> (table, gold field -> column); the row is the document's only one.
SINGLE_SECTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "document": ("documents", {f: f for f in (
        "doc_type", "organization", "org_type", "district", "province",
        "plan_start_year_be", "plan_end_year_be", "fiscal_year_be")}),
    "report_summary": ("report_summary", {"completed": "completed", "not_done": "not_done",
                                          "in_progress": "in_progress"}),
}
# Gold fields that count the items of a list column (n_objectives -> len(objectives)).
COUNTED = {"n_objectives", "n_methods"}
SINGLE_ROW_TABLES = {table for table, _ in SINGLE_SECTIONS.values()}
MANY_ROW_TABLES = {table for table, *_ in ROW_SECTIONS.values()} | {"budget_lines", "budget_totals"}


@dataclass(frozen=True)
class Expected:
    """One gold field: in ``table``, the row with ``key``, column ``column`` should be ``value``."""

    table: str
    key: tuple[tuple[str, Any], ...]
    column: str
    label: str  # the gold file's name for the field (n_objectives for objectives)
    value: Any


def load_gold(gold_dir: Path) -> list[tuple[Path, dict]]:
    files = sorted(Path(gold_dir).glob(f"*{GOLD_SUFFIX}"))
    if not files:
        raise FileNotFoundError(f"no *{GOLD_SUFFIX} files in {gold_dir}; give the folder of gold annotations "
                                "(e.g. --gold ../shared/gold).")
    return [(p, json.loads(p.read_text(encoding="utf-8"))) for p in files]


def expected_fields(gold: dict) -> tuple[list[Expected], int]:
    """Flatten one gold file into fields; also returns how many ambiguous objects were skipped."""
    fields: list[Expected] = []
    skipped = 0

    def add(table: str, key: dict, mapping: dict[str, str], obj: dict) -> None:
        key_items = tuple(key.items())
        for name, column in mapping.items():
            if name in obj:
                fields.append(Expected(table, key_items, column, name, obj[name]))

    for section, (table, mapping) in SINGLE_SECTIONS.items():
        obj = gold.get(section)
        if obj:
            if obj.get("ambiguous"):
                skipped += 1
            else:
                add(table, {}, mapping, obj)
    for section, (table, key, mapping) in ROW_SECTIONS.items():
        for position, obj in enumerate(gold.get(section) or [], start=1):
            if obj.get("ambiguous"):
                skipped += 1
                continue
            add(table, {k: obj.get(k, position) for k in key}, mapping, obj)
            if section == "projects":
                for year, amount in (obj.get("budgets") or {}).items():
                    fields.append(Expected("budget_lines", (("project_no", obj["project_no"]),
                                                            ("fiscal_year_be", int(year))),
                                           "amount_thb", "budgets", amount))
    for total in gold.get("totals") or []:
        if total.get("ambiguous"):
            skipped += 1
            continue
        for year, amount in (total.get("stated") or {}).items():
            key = (("scope", total["scope"]), ("dimension_no", total.get("dimension_no")),
                   ("fiscal_year_be", int(year)))
            fields.append(Expected("budget_totals", key, "stated_amount_thb", "stated", amount))
            if "stated_project_count" in total:
                fields.append(Expected("budget_totals", key, "stated_project_count", "stated_project_count",
                                       total["stated_project_count"]))
    return fields, skipped

"""The pipeline: every stage, in the order it runs, top to bottom.

Each stage is a function of the artefacts it requires and uses (passed by keyword), registered
with ``pipeline.registry.stage``; it calls its structure's extractor and returns table records
and artefacts for later stages. The registry derives the run order from the declarations (what
each stage requires, uses and assigns); this file is written in that order, and a test keeps it so.
"""

from __future__ import annotations

from collections.abc import Iterable

from extractors import announcement, dimension
from extractors.budget_table import (
    BudgetTable,
    card_matches,
    extract_budget_table,
    structure_cells,
)
from extractors.budget_table import locate as locate_budget_table
from extractors.budget_table import read as read_budget_tables
from extractors.card_links import CardMatch, link_cards
from extractors.classify import classify as classify_document
from extractors.document_meta import extract as extract_document_meta
from extractors.ita_measures import extract_ita_measures
from extractors.ita_measures import locate as locate_measures_table
from extractors.performance_report import extract_performance_report
from extractors.performance_report import locate as locate_report_table
from extractors.project_card import card_checks, extract_cards
from extractors.project_card import locate as locate_cards
from extractors.records import Heading, Record, Segment
from extractors.risk_table import extract_risks
from extractors.risk_table import locate as locate_risk_table
from extractors.segment import locate as locate_outline
from extractors.thai.normalise import NormalisedText, normalise_text
from pipeline.ingest import SourceDocument
from pipeline.registry import Stage, StageOutput, registered_stages, stage


def all_stages() -> list[Stage]:
    """Every stage below (and any registered elsewhere, as tests do), in run order."""
    return registered_stages()


def segment_records(segments: Iterable[Segment], norm: NormalisedText) -> list[Record]:
    """Rows of the ``segments`` table for segments found by any stage (seq is set at the end)."""
    return [
        Record("segments", {"kind": s.kind, "label": s.label[:200], "start_line": norm.source_line(s.start),
                            "end_line": norm.source_line(s.end)}, s.start)
        for s in segments
    ]


@stage("normalise", requires=("source",), assigns=("norm",))
def normalise(source: SourceDocument) -> StageOutput:
    """Thai digits, NFC, sara am, HTML and markdown leftovers, whitespace; keeps a line map."""
    return StageOutput(artefacts={"norm": normalise_text(source.text, source.page_of_line)})


@stage("segment", requires=("norm",), assigns=("outline",))
def segment(norm: NormalisedText) -> StageOutput:
    """Outline: cover, announcements, orders, foreword, table of contents, parts, appendix."""
    outline = locate_outline(norm.lines, norm.page_starts)
    return StageOutput(records=segment_records(outline, norm), artefacts={"outline": outline})


@stage("announcements", requires=("norm", "outline"))
def announcements(norm: NormalisedText, outline: list[Segment]) -> StageOutput:
    """Announcements (ประกาศ) and orders (คำสั่ง) with their signers; committee members of orders."""
    records = []
    notices = [s for s in outline if s.kind in ("announcement", "order")]
    for seq, segment in enumerate(notices, start=1):
        record, members = announcement.extract(norm.lines, segment, seq)
        records.append(record)
        records.extend(members)
    # Members are numbered across all orders, in reading order.
    for seq, member in enumerate((r for r in records if r.table == "committee_members"), start=1):
        member.values["seq"] = seq
    return StageOutput(records=records)


# Table zones: each table structure located once per document, for every stage that reads one.
# Segment kind -> the locator of the structure module that owns its patterns.
LOCATORS = {
    "budget_table": locate_budget_table,
    "measures_table": locate_measures_table,
    "report_table": locate_report_table,
    "risk_table": locate_risk_table,
}


@stage("tables", requires=("norm",), assigns=("tables",))
def tables(norm: NormalisedText) -> StageOutput:
    """Budget, ITA measures, performance report and risk tables: where each one is (segments by kind)."""
    zones = {kind: locate(norm.lines) for kind, locate in LOCATORS.items()}
    return StageOutput(records=segment_records((s for found in zones.values() for s in found), norm),
                       artefacts={"tables": zones})


@stage("budget_table_read", requires=("norm",), assigns=("budget_tables",), uses=("tables",))
def budget_table_read(norm: NormalisedText, tables: dict[str, list[Segment]] | None = None) -> StageOutput:
    """The budget table(s) read once: rows, groups of projects and totals, before any amount is chosen."""
    zones = tables["budget_table"] if tables else None  # None: the tables stage failed; locate here
    return StageOutput(artefacts={"budget_tables": read_budget_tables(norm.lines, zones)})


@stage("classify", requires=("norm",), assigns=("doc_type",), uses=("tables",))
def classify(norm: NormalisedText, tables: dict[str, list[Segment]] | None = None) -> StageOutput:
    """Document type (action_plan, ita_measures, project_details, performance_report) from its structure."""
    record = classify_document(norm.lines, tables)
    return StageOutput(records=[record], artefacts={"doc_type": record.values["doc_type"]})


@stage("dimensions", requires=("norm", "outline"), assigns=("headings", "dimensions"), uses=("budget_tables",))
def dimensions(norm: NormalisedText, outline: list[Segment],
               budget_tables: list[BudgetTable] | None = None) -> StageOutput:
    """Dimensions and missions: names, stated project counts, and their headings in the body."""
    if budget_tables is None:  # the budget_table_read stage failed or was not selected: read here
        budget_tables = read_budget_tables(norm.lines)
    cells = structure_cells(budget_tables)
    found = dimension.extract(norm.lines, outline, cells)
    records = [*found.dimensions, *found.missions, *found.checks, *segment_records(found.segments, norm)]
    return StageOutput(records=records, artefacts={"headings": found.headings, "dimensions": found.dimensions})


@stage("document_meta", requires=("norm", "outline"), assigns=("plan_period",), uses=("doc_type",))
def document_meta(norm: NormalisedText, outline: list[Segment], doc_type: str | None) -> StageOutput:
    """Organisation, its type, district and province; plan period or fiscal year."""
    records, period = extract_document_meta(norm.lines, outline, doc_type)
    return StageOutput(records=records, artefacts={"plan_period": period})


@stage("ita_measures", requires=("norm",), uses=("tables",))
def ita_measures(norm: NormalisedText, tables: dict[str, list[Segment]] | None) -> StageOutput:
    """ITA measures tables: measure, steps, responsible units, period and results per row."""
    return StageOutput(records=extract_ita_measures(norm.lines, tables["measures_table"] if tables else None))


@stage("performance_report", requires=("norm",), uses=("tables",))
def performance_report(norm: NormalisedText, tables: dict[str, list[Segment]] | None) -> StageOutput:
    """Performance reports: summary and detailed tables merged per item, and the report's own counts."""
    return StageOutput(records=extract_performance_report(norm.lines, tables["report_table"] if tables else None))


@stage("project_cards", requires=("norm",), assigns=("cards",), uses=("headings", "plan_period"))
def project_cards(norm: NormalisedText, headings: list[Heading] | None = None,
                  plan_period: tuple[int, int] | None = None) -> StageOutput:
    """Project detail cards (รายละเอียดโครงการ): every field, under their dimension/mission headings."""
    segments = locate_cards(norm.lines, headings)
    cards = extract_cards(norm.lines, headings, plan_period, segments)
    checks = card_checks(cards, norm.lines, plan_period, headings, segments)
    return StageOutput(records=[*cards, *checks, *segment_records(segments, norm)], artefacts={"cards": cards})


# The plan's budget summary table -> projects, budget_lines, budget_totals.
@stage("budget_table", requires=("norm",), uses=("budget_tables", "cards", "dimensions", "plan_period"),
       assigns=("projects", "budget_lines", "card_matches"))
def budget_table(norm: NormalisedText, budget_tables: list[BudgetTable] | None, cards: list[Record] | None = None,
                 dimensions: list[Record] | None = None, plan_period: tuple[int, int] | None = None) -> StageOutput:
    """Projects and their yearly budgets from the budget summary table, with total and count checks."""
    if budget_tables is None:  # the budget_table_read stage failed or was not selected: read here
        budget_tables = read_budget_tables(norm.lines)
    matches = card_matches(budget_tables, cards)
    records = extract_budget_table(budget_tables, cards=cards, matches=matches, dimensions=dimensions,
                                   plan_period=plan_period, lines=norm.lines)
    return StageOutput(
        records=records,
        artefacts={"projects": [r for r in records if r.table == "projects"],
                   "budget_lines": [r for r in records if r.table == "budget_lines"], "card_matches": matches},
    )


@stage("card_links", requires=("cards", "projects"), uses=("budget_lines", "card_matches"))
def card_links(cards: list[Record], projects: list[Record], budget_lines: list[Record] | None = None,
               card_matches: dict[int, CardMatch] | None = None) -> StageOutput:
    """Link each card to its budget-table row (project_no) and check budgets and coverage both ways.

    The budget table matched cards to rows (``card_matches``); this sets project_no on the card
    records project_cards emitted from that one decision (rows are built after all stages).
    """
    return StageOutput(records=link_cards(cards, projects, budget_lines, card_matches))


@stage("risk_table", requires=("norm",), uses=("tables",))
def risk_table(norm: NormalisedText, tables: dict[str, list[Segment]] | None) -> StageOutput:
    """Risk assessment joined with the risk control plan: likelihood, impact, score, control measure."""
    return StageOutput(records=extract_risks(norm.lines, tables["risk_table"] if tables else None))

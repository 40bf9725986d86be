"""Reading cards: every field of one card, then all cards of a document numbered, placed under
their dimension/mission headings, and misprinted numbers repaired."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.project_card.fields import CardSegment
from extractors.project_card.headings import BULLET, PROJECT_HINT, STRAY_LEAD, WORD
from extractors.project_card.items import split_items
from extractors.project_card.locate import locate, printed_card_no
from extractors.project_card.values import broken_year, read_budget, read_period
from extractors.records import EXACT, INFERRED, REPAIRED, WEAK, Heading, Record, Segment

# Fields whose body is a list of items.
LIST_FIELDS = ("objectives", "methods", "outputs", "outcomes", "indicators")
# What a combined heading's text means before any sub-heading splits it.
COMBINED_DEFAULT = {"results": "outcomes"}
# The card columns read from a field (the others are the field's own column).
VALUES_OF = {"period": ("period_text", "start_year_be", "end_year_be"),
             "budget": ("budget_text", "budget_thb", "budget_words_thb", "no_budget")}
# A value read under a heading OCR misread is no surer than this, any value of such a card no surer
# than the second.
REPAIRED_CONFIDENCE = 0.8
DAMAGED_CARD_CONFIDENCE = 0.85


def _join(texts: Sequence[str]) -> str | None:
    joined = STRAY_LEAD.sub("", " ".join(BULLET.sub("", t).strip() for t in texts).strip())
    return joined or None


@dataclass(slots=True)
class Card(Record):
    """A ``project_cards`` record that also keeps the budget-table row number printed after the
    title ("โครงการจัดงานวันเด็ก (16)"; a misprint between its neighbours' hints repaired): a hint
    that only ``card_links`` turns into ``project_no``, once the budget table confirms or overrules it."""

    row_hint: int | None = None


def read_card(lines: Sequence[str], segment: CardSegment, plan_period: tuple[int, int] | None = None) -> Card:
    """All fields of the card in ``segment`` (without card_seq, dimension, mission and project_no)."""
    title_field, fields = segment.title, segment.fields
    by_name: dict[str, list[str]] = {}
    for f in fields:
        by_name.setdefault(COMBINED_DEFAULT.get(f.name, f.name), []).extend(f.lines)
    record = Card("project_cards", {}, segment.start)
    values = record.values

    values["card_no"], card_no_repaired = printed_card_no(lines, segment.start) or (None, False)
    if card_no_repaired:
        record.score("card_no", 0.8, REPAIRED + ": ลำดับที่ read through an OCR variant")
    else:
        record.score("card_no", 0.95 if values["card_no"] else 0.9,
                     EXACT if values["card_no"] else EXACT + ": no ลำดับที่ printed")

    title_text = _join(title_field.lines)
    hint = PROJECT_HINT.search(title_text or "")
    record.row_hint = int(hint.group(1)) if hint else None
    values["title"] = title_text[: hint.start()].strip() if hint else title_text
    title_lines = [t for t in title_field.lines if WORD.search(t)]
    if not values["title"]:
        record.score("title", 0.3, WEAK + ": no title after the heading")
    elif title_field.repaired or STRAY_LEAD.match(title_field.lines[0]):
        record.score("title", 0.8, REPAIRED + ": heading or the punctuation after it read through an OCR variant")
    else:
        record.score("title", 0.95 if len(title_lines) == 1 else 0.8,
                     EXACT if len(title_lines) == 1 else INFERRED + ": title continues on the next line")

    for name in ("rationale", "target_group", "location", "responsible"):
        texts = by_name.get(name, [])
        values[name] = _join(texts)
        if values[name] is None:
            record.score(name, 0.5, WEAK + ": field not found")
        else:
            record.score(name, 0.9 if len(texts) == 1 else 0.8,
                         EXACT if len(texts) == 1 else INFERRED + ": lines joined")

    for name in LIST_FIELDS:
        texts = by_name.get(name, [])
        if not texts:
            values[name] = []
            record.score(name, 0.5, WEAK + ": field not found")
            continue
        items = split_items(texts)
        values[name] = items.items
        confidence = items.confidence
        if name in ("outputs", "outcomes") and not any(f.name == name for f in fields):
            confidence = min(confidence, 0.5)  # ผลผลิต/ผลลัพธ์ without sub-headings: cannot tell which
        record.score(name, confidence, items.reason)

    period_text = _join(by_name.get("period", []))
    period = read_period(period_text, plan_period)
    values["period_text"] = period_text
    values["start_year_be"], values["end_year_be"] = period.start, period.end
    if period_text and period.reason.startswith(WEAK) and broken_year(period_text):
        record.score("period_text", 0.6, period.reason)  # a year printed so is a misread one
    else:
        record.score("period_text", 0.95 if period_text else 0.5, EXACT if period_text else WEAK + ": field not found")
    for name in ("start_year_be", "end_year_be"):
        record.score(name, period.confidence, period.reason)

    budget_text = _join(by_name.get("budget", []))
    budget = read_budget(budget_text)
    values["budget_text"] = budget_text
    record.score("budget_text", 0.95 if budget_text else 0.5, EXACT if budget_text else WEAK + ": field not found")
    values["budget_thb"] = budget.value
    values["budget_words_thb"] = budget.words_value
    record.score("budget_words_thb", 0.95 if budget.words_value is not None else 0.9,
                 EXACT if budget.words_value is not None else EXACT + ": no amount in words printed")
    values["no_budget"] = budget.no_budget
    record.score("budget_thb", budget.confidence, budget.reason)
    record.score("no_budget", 0.95 if budget.no_budget or budget.value else 0.7,
                 EXACT if budget.no_budget or budget.value else WEAK)
    for f in fields:
        if f.repaired:
            for name in VALUES_OF.get(f.name, (COMBINED_DEFAULT.get(f.name, f.name),)):
                if record.scores[name].confidence > REPAIRED_CONFIDENCE:
                    record.score(name, REPAIRED_CONFIDENCE, REPAIRED + ": heading read through an OCR variant")
    # Where OCR damaged the headings it damaged the values too, if less visibly (a dropped tone mark,
    # a misread digit): no value of the card is sure.
    if card_no_repaired or title_field.repaired or any(f.repaired for f in fields):
        for name, score in list(record.scores.items()):
            if score.confidence > DAMAGED_CARD_CONFIDENCE:
                record.score(name, DAMAGED_CARD_CONFIDENCE, f"{score.reason} (card shows OCR damage)")
    return record


def extract_cards(lines: Sequence[str], headings: Sequence[Heading] | None = None,
                  plan_period: tuple[int, int] | None = None,
                  segments: Sequence[CardSegment] | None = None) -> list[Card]:
    """Every card in document order, with card_seq, dimension and mission from ``headings``."""
    if segments is None:
        segments = locate(lines, headings)
    ordered = sorted(headings or (), key=lambda h: h.line)
    heading_lines = [h.line for h in ordered]
    cards = []
    for seq, segment in enumerate(segments, start=1):
        card = read_card(lines, segment, plan_period)
        card.values = {"card_seq": seq, **card.values}
        card.score("card_seq", 1.0, EXACT)
        above = bisect.bisect_right(heading_lines, segment.start) - 1
        heading = ordered[above] if above >= 0 else None
        card.values["dimension_no"] = heading.dimension_no if heading else None
        card.values["mission_code"] = heading.mission_code if heading else None
        if headings is None:
            card.score("dimension_no", 0.1, WEAK + ": headings not available")
            card.score("mission_code", 0.1, WEAK + ": headings not available")
        elif heading is None:
            card.score("dimension_no", 0.3, WEAK + ": no heading above the card")
            card.score("mission_code", 0.3, WEAK + ": no heading above the card")
        else:
            card.score("dimension_no", 0.9, INFERRED + ": nearest heading above")
            card.score("mission_code", 0.9 if heading.mission_code else 0.8, INFERRED + ": nearest heading above")
            if heading.misread is not None:
                for name in ("dimension_no", "mission_code"):
                    card.repaired(name, f"the heading above (printed {heading.misread})", 0.8)
        cards.append(card)
    card_nos = [card.values["card_no"] for card in cards]
    for index, why in _repair_sequence(card_nos, _restarts(cards, segments, heading_lines)).items():
        cards[index].values["card_no"] = card_nos[index]
        cards[index].score("card_no", 0.6, f"{REPAIRED}: {why}")
    hints = [card.row_hint for card in cards]
    _repair_sequence(hints, set())
    for card, hint in zip(cards, hints):
        card.row_hint = hint
    return cards


def _restarts(cards: list[Card], segments: Sequence[Segment], heading_lines: list[int]) -> set[int]:
    """Indices of cards that follow a heading (printed numbers may start again at 1 there)."""
    restarts = set()
    for index in range(1, len(cards)):
        between = bisect.bisect_right(heading_lines, segments[index].start) - bisect.bisect_right(
            heading_lines, segments[index - 1].start)
        if between or not heading_lines:
            restarts.add(index)
    return restarts


def _repair_sequence(numbers: list[int | None], restarts: set[int]) -> dict[int, str]:
    """A printed number that breaks a run (5, 2, 7 or 37, 378, 39) is the one between its neighbours:
    ``numbers`` repaired in place (except a 1 at a ``restarts`` index); index -> what was printed."""
    repaired = {}
    for index in range(1, len(numbers) - 1):
        previous, current, following = numbers[index - 1:index + 2]
        if None in (previous, current, following) or following != previous + 2 or current == previous + 1:
            continue
        if current == 1 and index in restarts:
            continue
        numbers[index] = previous + 1
        repaired[index] = f"printed {current} between {previous} and {following}"
    return repaired

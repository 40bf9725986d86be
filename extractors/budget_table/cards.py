"""The project cards' evidence (which card is whose row is ``card_links.match_cards``'s one decision):
whether a card's budget agrees with what a reading gives its project, and amounts placed by cards."""

from __future__ import annotations

from extractors.budget_table.amounts import Reading, Slot
from extractors.budget_table.assemble import Group
from extractors.records import CROSS_OK, Record
from extractors.thai.numbers import parse_amount


def _slot_amounts(slot: Slot | None) -> set[float]:
    if slot is None or slot.tokens is None:
        return set()
    return {a.value for a in map(parse_amount, slot.tokens) if a.value}


def card_verdict(slot: Slot | None, card: Record | None) -> bool | None:
    """Does the project's card agree with what the reading gives it? None: no card evidence."""
    if card is None:
        return None
    amounts = _slot_amounts(slot)
    budget = card.values.get("budget_thb")
    if card.values.get("no_budget") or budget == 0:
        return not amounts
    if budget is None:
        return None
    return bool(amounts) and (budget in amounts or budget == sum(parse_amount(t).value or 0 for t in slot.tokens))


def card_reading(group: Group, default: Reading, cards: dict[int, Record]) -> Reading | None:
    """Amounts placed by card budgets: each amount in the cell goes to the one project whose card
    states it; projects whose cards say no budget get nothing."""
    amount_slots = [s for s in default.slots if s is not None and _slot_amounts(s)]
    if not amount_slots:
        return None
    slots: list[Slot | None] = [None] * len(group.projects)
    for slot in amount_slots:
        wanted = _slot_amounts(slot)
        fits = [i for i, p in enumerate(group.projects)
                if p.seq in cards and cards[p.seq].values.get("budget_thb") in wanted and slots[i] is None]
        if len(fits) != 1:
            return None
        slots[fits[0]] = Slot(slot.tokens, slot.line, 0.85, f"{CROSS_OK}: placed by the card budget")
    if any(slots[i] is None and p.seq in cards and (cards[p.seq].values.get("budget_thb") or 0) > 0
           for i, p in enumerate(group.projects)):
        return None
    return Reading(slots, "cards")


def card_name(card: Record) -> str:
    """"card 6" by its printed ลำดับที่, else "card #6" by its position (no number printed)."""
    if card.values.get("card_no") is not None:
        return f"card {card.values['card_no']}"
    return f"card #{card.values.get('card_seq')}"


def card_text(card: Record) -> str:
    if card.values.get("no_budget") or card.values.get("budget_thb") == 0:
        return "says no budget"
    return f"budget {card.values.get('budget_thb'):,.0f}"

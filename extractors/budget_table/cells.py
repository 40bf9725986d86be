"""A group's chosen reading -> each project's amount per year (a ``Cell``), with its confidence."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.budget_table.amounts import Reading
from extractors.budget_table.assemble import Group
from extractors.budget_table.cards import card_reading, card_text, card_verdict
from extractors.records import CROSS_FAIL, CROSS_OK, INFERRED, REPAIRED, WEAK, Record
from extractors.thai.numbers import Amount, parse_amount


@dataclass
class Cell:
    """The resolved budget of one project in one year."""

    amount: Amount | None
    text: str | None
    confidence: float
    reason: str
    line: int
    vouched: bool = False  # the year's subtotal (or grand total) adds up with it (``Record.vouched``)

    @property
    def value(self) -> float:
        """What the cell adds to a sum: its amount, 0 for '-', no budget or nothing."""
        return self.amount.value if self.amount and self.amount.value else 0.0


def choose(group: Group, readings: list[Reading], cards: dict[int, Record]) -> int:
    """The first reading no card contradicts; else one built from the card budgets."""
    for k, reading in enumerate(readings):
        verdicts = [card_verdict(s, cards.get(p.seq)) for s, p in zip(reading.slots, group.projects)]
        if False not in verdicts:
            return k
    if len(group.projects) > 1:
        by_cards = card_reading(group, readings[0], cards)
        if by_cards is not None:
            readings.append(by_cards)
            return len(readings) - 1
    return 0


def cells_of(group: Group, reading: Reading, cards: dict[int, Record], years: list[int]
              ) -> dict[tuple[int, int], Cell]:
    multi = len(group.projects) > 1
    out: dict[tuple[int, int], Cell] = {}
    for slot, project in zip(reading.slots, group.projects):
        verdict = card_verdict(slot, cards.get(project.seq)) if multi else None
        base = slot.base if slot is not None else 0.6
        how = slot.how if slot is not None else \
            f"{INFERRED}: no amount left for it in a cell of {len(group.projects)} projects"
        if verdict is True and reading.kind != "cards":
            base = max(base, 0.95 if reading.kind == "dashes" else 0.9)
            how = f"{how}; {CROSS_OK}: card {card_text(cards[project.seq])}"
        elif verdict is False:
            base = min(base, 0.4 if slot is not None and slot.tokens else 0.3)
            how = f"{how}; {CROSS_FAIL}: card {card_text(cards[project.seq])}"
        line = slot.line if slot is not None else group.line
        for y, year in enumerate(years):
            token = slot.tokens[y] if slot is not None and slot.tokens is not None else None
            amount = parse_amount(token) if token else None
            confidence, reason = base, how
            if token == "":
                confidence, reason = min(base, 0.5), f"{WEAK}: empty cell"
            elif amount is not None and not amount.exact:
                confidence, reason = min(base, 0.85), f"{REPAIRED}: {amount.repair}; {how}"
            out[(project.seq, year)] = Cell(amount, token or None, confidence, reason, line)
    return out

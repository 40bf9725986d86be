"""Cards linked to the plan's budget-table rows: each card's project_no, and its budget checked
against the row's yearly amounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from extractors.project_card import Card
from extractors.records import (
    CROSS_FAIL,
    CROSS_OK,
    INFERRED,
    REPAIRED,
    WEAK,
    Record,
    check,
)
from extractors.thai.ocr_tolerance import look_alike_numbers
from extractors.thai.titles import similar_titles, title_similarity

# Title similarity above which a card's title and a budget-table title name the same project.
TITLE_AGREES = 0.6
# Title similarity below which no link is made from titles alone.
TITLE_LINK_MIN = 0.55
# What a card's printed row number adds to its title likeness.
HINT_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class CardMatch:
    """The budget-table row a card describes, and the evidence for it."""

    row: int  # index of the row among the table's projects, in table order
    similarity: float  # title likeness of the card and the row
    runner_up: float  # likeness of the next most alike row (plans repeat near-identical titles)
    by_position: bool = False  # the one row left between its neighbours' rows, not alike enough


def match_cards(titles: Sequence[str | None], hints: Sequence[int | None],
                rows: Sequence[tuple[int | None, str | None]]) -> dict[int, CardMatch]:
    """Card index -> its row, for cards ``titles`` with printed row numbers ``hints`` ("(8)" after a
    title) and budget-table rows ``(printed number, title)`` in table order.

    The one decision of which card goes with which row: the budget table takes card budgets as
    evidence for the rows matched here, and the links set each card's project_no from them. Pairs
    are scored by title likeness plus ``HINT_WEIGHT`` when the printed number is the row's, and taken
    best first; a card between two matched neighbours takes the one row left between them.
    """
    numbers = [number for number, _ in rows]
    hinted = np.array([[hint is not None and hint == number for number in numbers] for hint in hints]).reshape(
        len(hints), len(rows))
    likeness = similar_titles(titles, [title for _, title in rows], TITLE_LINK_MIN - HINT_WEIGHT * hinted)
    alike: dict[int, dict[int, float]] = {}  # card -> row -> likeness, for pairs that can match
    pairs = []
    for (card, row), sim in likeness.items():
        alike.setdefault(card, {})[row] = sim
        pairs.append((sim + (HINT_WEIGHT if hinted[card, row] else 0.0), card, row))
    matched: dict[int, int] = {}
    claimed: set[int] = set()
    for score, card, row in sorted(pairs, reverse=True):
        if score >= TITLE_LINK_MIN and card not in matched and row not in claimed:
            matched[card] = row
            claimed.add(row)
    by_position = set()
    for card in range(len(titles)):
        before, after = matched.get(card - 1), matched.get(card + 1)
        guess = before + 1 if before is not None else (after - 1 if after is not None else None)
        if card not in matched and guess is not None and 0 <= guess < len(rows) and guess not in claimed \
                and (after is None or after == guess + 1) and (before is None or before == guess - 1):
            matched[card] = guess
            claimed.add(guess)
            by_position.add(card)
    found = {}
    for card, row in matched.items():
        others = alike.get(card, {})
        sim = others[row] if row in others else title_similarity(titles[card], rows[row][1])
        found[card] = CardMatch(row, sim, max((s for r, s in others.items() if r != row), default=0.0),
                                card in by_position)
    return found


def _yearly_amounts(budget_lines: Sequence[Record] | None) -> dict[int, list[Record]]:
    by_project: dict[int, list[Record]] = {}
    for line in budget_lines or ():
        by_project.setdefault(line.values.get("project_no"), []).append(line)
    return by_project


def link_cards(cards: list[Card], projects: Sequence[Record], budget_lines: Sequence[Record] | None = None,
               matches: dict[int, CardMatch] | None = None) -> list[Record]:
    """Set each card's project_no from its match (``match_cards``, as the budget table made it; made
    here when not given; the printed hint itself when there is no budget table), score it, and check
    the card's budget against the row's. Returns ``checks`` rows."""
    hints = [c.row_hint for c in cards]
    if not cards:
        return [check("project_has_card", "document", False, "project cards", None, line=projects[0].line,
                      message="the document has a budget table but no project cards")] if projects else []
    if not projects:
        for card, hint in zip(cards, hints):
            card.values["project_no"] = hint
            card.score("project_no", 0.5, WEAK + (": no row number printed" if hint is None
                                                  else ": no budget table to confirm the printed row number"))
        return [check("card_project_link", "document", None, "budget-table rows", None, line=cards[0].line,
                      message="no budget-table projects; cards keep their printed row numbers")]
    if matches is None:
        matches = match_cards([c.values.get("title") for c in cards], hints,
                              [(p.values.get("project_no"), p.values.get("title")) for p in projects])
    yearly = _yearly_amounts(budget_lines)
    checks: list[Record] = []
    for index, card in enumerate(cards):
        found, hint = matches.get(index), hints[index]
        subject = f"card_seq={card.values['card_seq']}"
        number = projects[found.row].values.get("project_no") if found else None
        card.values["project_no"] = number
        if found is None:
            card.score("project_no", 0.3, WEAK + ": no budget-table row matches the title")
            checks.append(check("card_project_link", subject, False, "a budget-table row", None, line=card.line,
                                message=f"no budget-table project matches card '{card.values['title']}'"))
            continue
        sim = found.similarity
        if hint is not None and hint == number and sim >= TITLE_AGREES:
            card.score("project_no", 0.95, CROSS_OK + f": printed ({hint}) and title agree")
        elif hint is not None and hint == number:
            card.score("project_no", 0.8, CROSS_OK + f": printed ({hint}); titles differ ({sim:.2f})")
        elif sim >= TITLE_AGREES:
            detail = f"; printed ({hint}) overruled" if hint is not None else ""
            sure = sim >= 0.85 and found.runner_up < sim - 0.1
            card.score("project_no", 0.9 if sure else 0.8, CROSS_OK + f": title match {sim:.2f}{detail}")
        elif not found.by_position:
            card.score("project_no", 0.7, INFERRED + f": title match {sim:.2f}")
        else:
            card.score("project_no", 0.7, INFERRED + ": position between its neighbours' rows")
        checks.append(check("card_project_link", subject, True, "a budget-table row", number, line=card.line,
                            severity="info", message=card.scores["project_no"].reason))
        checks.extend(_budget_against_table(card, yearly.get(number, []), subject))

    linked_rows = {m.row for m in matches.values()}
    for row, project in enumerate(projects):
        number = project.values.get("project_no")
        if row not in linked_rows:
            checks.append(check("project_has_card", f"project_no={number}", False, "a project card", None,
                                line=project.line, message=f"budget-table project {number} "
                                f"'{project.values.get('title')}' has no card"))
    checks.append(check("project_has_card", "document", len(linked_rows) == len(projects), len(projects),
                        len(linked_rows), line=cards[0].line, message="budget-table projects with a card"))
    return checks


def _amount(line: Record) -> float | None:
    return 0.0 if line.values.get("no_budget") else line.values.get("amount_thb")


def _budget_against_table(card: Record, lines: list[Record], subject: str) -> list[Record]:
    """Card budget vs the linked project's yearly budgets (a card may state one year's or the
    whole plan's amount); where the card's digits and words disagree, the table decides."""
    v = card.values
    if not lines:
        return [check("card_budget_vs_table", subject, None, None, v["budget_thb"], line=card.line,
                      message="linked project has no budget lines")]
    known = [a for a in (_amount(bl) for bl in lines) if a is not None]
    supported = set(known) | ({sum(known)} if known else set())
    words = v.get("budget_words_thb")
    if words is not None and v["budget_thb"] is not None and words != v["budget_thb"]:
        digits = v["budget_thb"]
        taken = digits if digits in supported else words if words in supported else None
        if taken is None:
            return [check("card_budget_vs_table", subject, False, sorted(supported), v["budget_text"],
                          line=card.line, message="neither the card's digits nor its words match the budget table")]
        v["budget_thb"] = taken
        kind = "digits" if taken == digits else "words"
        card.score("budget_thb", 0.85, CROSS_OK + f": {kind} {taken:,.0f} match the budget table")
        return [check("card_budget_vs_table", subject, True, sorted(supported), taken, line=card.line,
                      message=f"digits {digits:,.0f} and words {words:,.0f} disagree; took the {kind}, "
                      "which the budget table supports")]
    # "-" on a card, like "-" in the table, means nothing is spent.
    card_amount = 0.0 if v["no_budget"] or (v["budget_thb"] is None and v["budget_text"]) else v["budget_thb"]
    if card_amount is None:
        ok = None
    elif card_amount == 0:
        ok = not known or all(a == 0 for a in known)
    else:
        ok = card_amount in supported
    readings = [] if ok is not False or not card_amount else \
        [r for r in {float(n) for n in look_alike_numbers(int(card_amount))} if r in supported]
    if len(readings) == 1:
        # A digit OCR misread on the card (๖๐,๐๐๐ for ๒๐,๐๐๐): the one look-alike reading the table gives.
        v["budget_thb"] = readings[0]
        card.score("budget_thb", 0.85, f"{REPAIRED}: printed {card_amount:,.0f}, read {readings[0]:,.0f}: a look-alike "
                                       "digit, the amount the budget table gives")
        return [check("card_budget_vs_table", subject, True, sorted(supported), v["budget_text"], line=card.line,
                      message=f"the card prints {card_amount:,.0f}; read {readings[0]:,.0f} through a look-alike digit")]
    if ok and v["budget_thb"] is not None:
        card.score("budget_thb", max(card.scores["budget_thb"].confidence, 0.97), CROSS_OK + ": budget table")
        card.vouched.add("budget_thb")  # a year's amount of the table, or their sum: read twice alike
    elif ok is False and v["budget_thb"] is not None:
        card.score("budget_thb", min(card.scores["budget_thb"].confidence, 0.7), CROSS_FAIL + ": budget table differs")
    message = {True: "", False: "card budget differs from the linked project's yearly budget",
               None: "card prints no budget"}[ok]
    return [check("card_budget_vs_table", subject, ok, sorted(supported) or "-", v["budget_text"], line=card.line,
                  message=message)]

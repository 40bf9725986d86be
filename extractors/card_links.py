"""Cards linked to the plan's budget-table rows: each card's project_no, and its budget checked
against the row's yearly amounts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from extractors.project_card import Card
from extractors.records import CROSS_FAIL, CROSS_OK, INFERRED, WEAK, Record, check
from extractors.thai.titles import similar_titles, title_similarity

# Title similarity above which a card's title and a budget-table title name the same project.
TITLE_AGREES = 0.6
# Title similarity below which no link is made from titles alone.
TITLE_LINK_MIN = 0.55
# What a card's printed row number, and a budget amount the row also has, add to its title likeness.
HINT_WEIGHT = 0.3
BUDGET_WEIGHT = 0.1


def _yearly_amounts(budget_lines: Sequence[Record] | None) -> dict[int, list[Record]]:
    by_project: dict[int, list[Record]] = {}
    for line in budget_lines or ():
        by_project.setdefault(line.values.get("project_no"), []).append(line)
    return by_project


def link_cards(cards: list[Card], projects: Sequence[Record],
               budget_lines: Sequence[Record] | None = None) -> list[Record]:
    """Set each card's project_no (hint agreeing with the title, else title match, else position;
    the printed hint itself when there is no budget table) and resolve digits-vs-words budgets from
    the table. Returns ``checks`` rows."""
    titles = {p.values["project_no"]: p.values.get("title") for p in projects if p.values.get("project_no")}
    yearly = _yearly_amounts(budget_lines)
    hints = [c.row_hint for c in cards]
    if not cards:
        return [check("project_has_card", "document", False, "project cards", None, line=projects[0].line,
                      message="the document has a budget table but no project cards")] if titles else []
    if not titles:
        for card, hint in zip(cards, hints):
            card.values["project_no"] = hint
            card.score("project_no", 0.5, WEAK + (": no row number printed" if hint is None
                                                  else ": no budget table to confirm the printed row number"))
        return [check("card_project_link", "document", None, "budget-table rows", None, line=cards[0].line,
                      message="no budget-table projects; cards keep their printed row numbers")]
    checks: list[Record] = []

    # Score the (card, project) pairs: title likeness, plus the printed row number, plus budget.
    # Only pairs whose likeness can lift the score to TITLE_LINK_MIN are compared.
    numbers = list(titles)
    hinted = np.array([[hint == number for number in numbers] for hint in hints])
    project_amounts = [{_amount(bl) for bl in yearly.get(number, [])} for number in numbers]
    budget_agrees = np.array([[bool(amounts & known) for known in project_amounts]
                              for amounts in map(_card_amounts, cards)])
    likeness = similar_titles([c.values["title"] for c in cards], [titles[n] for n in numbers],
                              TITLE_LINK_MIN - HINT_WEIGHT * hinted - BUDGET_WEIGHT * budget_agrees)
    # card index -> project_no -> likeness, for the pairs that can link (the others are below 0.55)
    similarity: dict[int, dict[int, float]] = {}
    pairs = []
    for (index, j), sim in likeness.items():
        similarity.setdefault(index, {})[numbers[j]] = sim
        score = sim + (HINT_WEIGHT if hinted[index, j] else 0.0)
        if budget_agrees[index, j]:
            score += BUDGET_WEIGHT
        pairs.append((score, index, numbers[j]))
    linked: dict[int, int] = {}
    claimed: set[int] = set()
    for score, index, number in sorted(pairs, reverse=True):
        if score < TITLE_LINK_MIN or index in linked or number in claimed:
            continue
        linked[index] = number
        claimed.add(number)
    # A card between two linked neighbours takes the one row left between them.
    for index in range(len(cards)):
        if index in linked:
            continue
        before, after = linked.get(index - 1), linked.get(index + 1)
        guess = before + 1 if before is not None else (after - 1 if after is not None else None)
        if guess in titles and guess not in claimed and (after is None or after == guess + 1) and (
                before is None or before == guess - 1):
            linked[index] = guess
            claimed.add(guess)

    for index, card in enumerate(cards):
        number, hint = linked.get(index), hints[index]
        subject = f"card_seq={card.values['card_seq']}"
        card.values["project_no"] = number
        if number is None:
            card.score("project_no", 0.3, WEAK + ": no budget-table row matches the title")
            checks.append(check("card_project_link", subject, False, "a budget-table row", None, line=card.line,
                                message=f"no budget-table project matches card '{card.values['title']}'"))
            continue
        others = similarity.get(index, {})  # a row linked by position alone is not among them
        sim = others[number] if number in others else title_similarity(card.values["title"], titles[number])
        if hint == number and sim >= TITLE_AGREES:
            card.score("project_no", 0.95, CROSS_OK + f": printed ({hint}) and title agree")
        elif hint == number:
            card.score("project_no", 0.8, CROSS_OK + f": printed ({hint}); titles differ ({sim:.2f})")
        elif sim >= TITLE_AGREES:
            detail = f"; printed ({hint}) overruled" if hint is not None else ""
            # Sure only when no other row's title comes close (plans repeat near-identical titles).
            runner_up = max((s for n, s in others.items() if n != number), default=0.0)
            sure = sim >= 0.85 and runner_up < sim - 0.1
            card.score("project_no", 0.9 if sure else 0.8, CROSS_OK + f": title match {sim:.2f}{detail}")
        elif sim >= TITLE_LINK_MIN:
            card.score("project_no", 0.7, INFERRED + f": title match {sim:.2f}")
        else:
            card.score("project_no", 0.7, INFERRED + ": position between its neighbours' rows")
        checks.append(check("card_project_link", subject, True, "a budget-table row", number, line=card.line,
                            severity="info", message=card.scores["project_no"].reason))
        checks.extend(_budget_against_table(card, yearly.get(number, []), subject))

    linked_numbers = set(linked.values())
    for project in projects:
        number = project.values.get("project_no")
        if number is not None and number not in linked_numbers:
            checks.append(check("project_has_card", f"project_no={number}", False, "a project card", None,
                                line=project.line, message=f"budget-table project {number} "
                                f"'{project.values.get('title')}' has no card"))
    checks.append(check("project_has_card", "document", len(linked_numbers) == len(titles), len(titles),
                        len(linked_numbers), line=cards[0].line, message="budget-table projects with a card"))
    return checks


def _amount(line: Record) -> float | None:
    return 0.0 if line.values.get("no_budget") else line.values.get("amount_thb")


def _card_amounts(card: Record) -> set[float]:
    v = card.values
    return {a for a in (v.get("budget_thb"), v.get("budget_words_thb")) if a}


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
    if ok and v["budget_thb"] is not None:
        card.score("budget_thb", max(card.scores["budget_thb"].confidence, 0.97), CROSS_OK + ": budget table")
    elif ok is False and v["budget_thb"] is not None:
        card.score("budget_thb", min(card.scores["budget_thb"].confidence, 0.7), CROSS_FAIL + ": budget table differs")
    message = {True: "", False: "card budget differs from the linked project's yearly budget",
               None: "card prints no budget"}[ok]
    return [check("card_budget_vs_table", subject, ok, sorted(supported) or "-", v["budget_text"], line=card.line,
                  message=message)]

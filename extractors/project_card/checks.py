"""What looks wrong inside a document's cards, as ``checks`` rows."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from extractors.project_card.fields import CardSegment, field_numbering_breaks
from extractors.project_card.locate import printed_card_no
from extractors.project_card.values import read_period
from extractors.records import CROSS_FAIL, REPAIRED, Heading, Record, check


def card_checks(cards: list[Record], lines: Sequence[str], plan_period: tuple[int, int] | None,
                headings: Sequence[Heading] | None = None, segments: Sequence[CardSegment] | None = None
                ) -> list[Record]:
    """Numbering of cards and of their fields, periods inside the plan and as printed, budget
    digits vs words, missing fields. ``segments`` are the cards' own (for field numbering).

    A row per card where something is wrong, and one row per check for the whole document.
    """
    if not cards:
        return []
    checks: list[Record] = []
    heading_lines = sorted(h.line for h in headings or ())
    first = cards[0].line
    breaks = outside = incomplete = 0
    for previous, card in zip([None, *cards], cards):
        v = card.values
        subject = f"card_seq={v['card_seq']}"
        printed = (printed_card_no(lines, card.line) or (None, False))[0]
        if previous is not None and printed is not None and previous.values["card_no"] is not None:
            expected = previous.values["card_no"] + 1
            new_heading = bisect.bisect_right(heading_lines, card.line) > bisect.bisect_right(
                heading_lines, previous.line)
            if printed != expected and not (printed == 1 and (new_heading or not heading_lines)):
                breaks += 1
                checks.append(check("card_numbering", subject, False, expected, printed, line=card.line,
                                    message=f"card printed ลำดับที่ {printed}; read as {v['card_no']}"))
        if plan_period and v["start_year_be"] is not None:
            if not plan_period[0] <= v["start_year_be"] <= v["end_year_be"] <= plan_period[1]:
                outside += 1
                checks.append(check("card_period_in_plan", subject, False, f"{plan_period[0]}-{plan_period[1]}",
                                    f"{v['start_year_be']}-{v['end_year_be']}", line=card.line,
                                    message="card period outside the plan period"))
                for name in ("start_year_be", "end_year_be"):
                    card.score(name, min(card.scores[name].confidence, 0.5), CROSS_FAIL + ": outside plan period")
        if read_period(v["period_text"], plan_period).reason.startswith(REPAIRED):
            checks.append(check("card_period_as_printed", subject, False, f"{v['start_year_be']}-{v['end_year_be']}",
                                v["period_text"], line=card.line,
                                message="a year of the printed period is a typo; read as the range expected"))
        if v["budget_words_thb"] is not None and v["budget_thb"] is not None:
            ok = v["budget_words_thb"] == v["budget_thb"]
            checks.append(check("card_budget_words", subject, ok, f"{v['budget_thb']:,.0f} (digits)",
                                f"{v['budget_words_thb']:,.0f} (words)", line=card.line,
                                message="" if ok else "budget digits and words disagree; digits kept unless the "
                                "budget table supports the words (see card_budget_vs_table)"))
        missing = [n for n in ("title", "period_text", "budget_text", "responsible") if not v[n]]
        if missing:
            incomplete += 1
            checks.append(check("card_fields", subject, False, "title, period, budget, responsible",
                                ", ".join(missing), line=card.line, message=f"card has no {', '.join(missing)}"))
    for card, segment in zip(cards, segments or ()):
        for line, expected, printed in field_numbering_breaks(segment):
            checks.append(check("card_field_numbering", f"card_seq={card.values['card_seq']}", False, expected,
                                printed, line=line, message=f"field heading printed {printed} where {expected} "
                                "follows; the field is read by its heading's words"))
    checks.append(check("card_numbering", "document", breaks == 0, "each ลำดับที่ one more than the last",
                        f"{breaks} breaks", line=first))
    checks.append(check("card_period_in_plan", "document", None if plan_period is None else outside == 0,
                        plan_period and f"{plan_period[0]}-{plan_period[1]}", f"{outside} cards outside",
                        line=first, message="" if plan_period else "plan period unknown"))
    checks.append(check("card_fields", "document", incomplete == 0, "every card has them",
                        f"{incomplete} cards incomplete", line=first, severity="info"))
    return checks

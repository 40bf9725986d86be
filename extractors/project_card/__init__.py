"""Project detail cards (รายละเอียดโครงการ/กิจกรรม/มาตรการ): one record per card, every field.

A card starts at "ลำดับที่ N" and/or "1. ชื่อโครงการ : ..." and carries numbered fields. Fields
are recognised by what the heading SAYS (``FIELD_HEADINGS``), never by its printed number: the
numbers restart or skip after page breaks ("6. ระยะเวลาดำเนินการ" followed by "3. งบประมาณ...")
and list items inside a field are numbered the same way ("6. สรุปผลประเมินผล").

``headings`` holds the Thai vocabulary of card lines; ``locate`` cuts the document into card
segments; ``fields`` parses a card's fields and ``items`` a list field's items; ``values`` reads
the budget and the period; ``read`` reads one card (``read_card``), and ``extract_cards`` numbers
the cards, places them under their dimension/mission headings and repairs misprinted numbers;
``checks`` reports what looks wrong inside the cards. ``extractors.card_links`` joins cards to
the plan's budget-table rows.
"""

from extractors.project_card.checks import card_checks
from extractors.project_card.headings import (
           CARD_BANNER,
           CARD_NO,
           TITLE_HEADING,
           TITLE_WORD_ANYWHERE,
)
from extractors.project_card.items import split_items
from extractors.project_card.locate import locate
from extractors.project_card.read import Card, extract_cards
from extractors.project_card.values import read_budget, read_period

__all__ = ["CARD_BANNER", "CARD_NO", "TITLE_HEADING", "TITLE_WORD_ANYWHERE", "Card", "card_checks", "extract_cards",
           "locate", "read_budget", "read_period", "split_items"]

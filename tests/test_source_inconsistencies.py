"""Every inconsistency a careful reader finds in seed 000 (its gold's source_inconsistencies) is a
failed check in the extracted tables: the analyst's 'which plans do not add up'."""

import pandas as pd

YEARS = range(2566, 2571)
# One (check, subject) per gold inconsistency, in the gold's order.
EXPECTED_000 = [
    *[("budget_subtotal", f"dimension=4;fiscal_year_be={y}") for y in YEARS],            # dimension 4 subtotal
    *[("budget_grand_total_vs_subtotals", f"fiscal_year_be={y}") for y in YEARS],        # grand total vs subtotals
    ("card_numbering", "card_seq=6"),                                                    # card 6 printed ลำดับที่ 2
    ("card_period_as_printed", "card_seq=16"),                                           # 2566-2670
    ("card_field_numbering", "card_seq=2"),                                              # headings 3, 4, 5 after a page break
    *[("project_title_vs_card", f"project_no={n}") for n in (4, 6, 8, 19)],              # titles differ
]


def test_every_gold_inconsistency_of_seed_000_is_a_failed_check(extracted):
    documents = pd.read_parquet(extracted / "documents.parquet")
    doc_id = documents.loc[documents.source_file.str.contains("000_"), "doc_id"].item()
    checks = pd.read_parquet(extracted / "checks.parquet")
    failed = set(checks.loc[(checks.doc_id == doc_id) & (checks.status == "fail"), ["check", "subject"]]
                 .itertuples(index=False, name=None))
    assert [e for e in EXPECTED_000 if e not in failed] == []

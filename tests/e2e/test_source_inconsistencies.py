"""Every inconsistency a careful reader finds in seeds 000 and 004 (its gold's source_inconsistencies) is a
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

EXPECTED_004 = [
    ("fiscal_year_consistent", "fiscal_year_be"),      # tables' headers say 2566
    ("fiscal_year_consistent", "fiscal_year_be"),      # context and input sections cite the 2566 plan
    ("province_consistent", "province"),               # foreword and context name จังหวัดสมุทรสาคร
    ("report_status_vs_result", "seq=2"),              # not done, result reads as achieved
    ("report_amount_printed", "seq=15"),               # budget printed 30.000
    *[("report_titles_agree", f"seq={n}") for n in (10, 16)],  # titles differ between the tables
]


def _failed(extracted, prefix: str) -> set[tuple[str, str]]:
    documents = pd.read_parquet(extracted / "documents.parquet")
    doc_id = documents.loc[documents.source_file.str.contains(f"{prefix}_"), "doc_id"].item()
    checks = pd.read_parquet(extracted / "checks.parquet")
    return set(checks.loc[(checks.doc_id == doc_id) & (checks.status == "fail"), ["check", "subject"]]
               .itertuples(index=False, name=None))


def test_every_gold_inconsistency_of_seed_000_is_a_failed_check(extracted):
    failed = _failed(extracted, "000")
    assert [e for e in EXPECTED_000 if e not in failed] == []


def test_every_gold_inconsistency_of_seed_004_is_a_failed_check(extracted):
    failed = _failed(extracted, "004")
    assert [e for e in EXPECTED_004 if e not in failed] == []

"""The seeds with Thai OCR noise (tests/builders/variants/noise.py: look-alike letters and digits,
tone marks dropped or doubled, ำ split, a space, | or . inside a word): one damaged character must
lose no card, order, committee member or budget row, and the trusted band must stay trustworthy.
bench/forms.py measures the same at more rates and seeds."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from pipeline.document import process_document
from pipeline.stages import all_stages
from tests.builders.variants import add_noise
from tests.conftest import SEEDS

# Noise seeds of their own (bench/forms.py runs 0, 1, ...), at the middle and highest rate.
RUNS = [(0.01, 17), (0.02, 23), (0.02, 29)]
STAGES = all_stages()


def _extract(path: Path) -> dict[str, list[dict]]:
    return process_document(str(path), STAGES).rows


@pytest.fixture(scope="module")
def clean() -> dict[str, dict[str, list[dict]]]:
    return {p.stem: _extract(p) for p in SEEDS}


@pytest.fixture(scope="module", params=RUNS, ids=[f"{rate:.0%}-seed{seed}" for rate, seed in RUNS])
def noised(request, tmp_path_factory) -> dict[str, dict[str, list[dict]]]:
    rate, seed = request.param
    folder = tmp_path_factory.mktemp(f"noise{seed}")
    rows = {}
    for path in SEEDS:
        text, _ = add_noise(path.read_text(encoding="utf-8"), rate, random.Random(seed))
        (folder / path.name).write_text(text, encoding="utf-8")
        rows[path.stem] = _extract(folder / path.name)
    return rows


def _count(rows: dict[str, dict[str, list[dict]]], table: str) -> Counter:
    return Counter({stem: len(tables.get(table, [])) for stem, tables in rows.items()})


def test_no_card_order_or_committee_member_is_lost(clean, noised):
    for table in ("project_cards", "announcements", "committee_members"):
        assert _count(noised, table) == _count(clean, table), table
    kinds = {stem: [a["kind"] for a in tables.get("announcements", [])] for stem, tables in noised.items()}
    assert kinds == {stem: [a["kind"] for a in tables.get("announcements", [])] for stem, tables in clean.items()}


def test_budget_rows_are_found_under_their_project_numbers(clean, noised):
    keys = {(stem, r["project_no"], r["fiscal_year_be"]) for stem, t in clean.items() for r in t.get("budget_lines", [])}
    found = {(stem, r["project_no"], r["fiscal_year_be"]) for stem, t in noised.items() for r in t.get("budget_lines", [])}
    assert len(keys & found) >= 0.98 * len(keys)


def test_trusted_budget_lines_are_right_and_no_failed_check_is_trusted(clean, noised):
    truth = {(stem, r["project_no"], r["fiscal_year_be"]): r["amount_thb"]
             for stem, t in clean.items() for r in t.get("budget_lines", [])}
    trusted = [(stem, r) for stem, t in noised.items() for r in t.get("budget_lines", []) if r["confidence"] >= 0.9]
    right = sum(1 for stem, r in trusted if truth.get((stem, r["project_no"], r["fiscal_year_be"]), -1) == r["amount_thb"])
    assert right >= 0.99 * len(trusted) and len(trusted) >= 0.5 * len(truth)
    failed_but_trusted = [(stem, f["table"], f["row_key"], f["field"]) for stem, t in noised.items()
                          for f in t["field_confidence"] if "cross-check failed" in f["reason"] and f["confidence"] >= 0.9]
    assert failed_but_trusted == []

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from extractors.thai.normalise import NormalisedText, normalise_text

# Hypothesis: "ci" (the default) replays the same examples on every run and keeps no example database,
# so a verdict never depends on luck or on a database CI does not have; HYPOTHESIS_PROFILE=dev explores.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"
SEEDS = sorted(RAW.glob("*.txt"))
UNSEEN = ROOT / "tests" / "fixtures" / "unseen"  # hand-made documents with hand-written gold


def seed_path(prefix: str) -> Path:
    """The seed whose file name starts with ``prefix`` (e.g. "000")."""
    return next(p for p in SEEDS if p.name.startswith(prefix))


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


_NORMALISED: dict[str, NormalisedText] = {}


def seed_norm(prefix: str) -> NormalisedText:
    if prefix not in _NORMALISED:
        _NORMALISED[prefix] = normalise_text(seed_text(prefix))
    return _NORMALISED[prefix]


def extract_folder(inputs: Path, out: Path) -> Path:
    """``thaiplan extract INPUTS --out OUT`` through the CLI, which must succeed; returns OUT."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, ["extract", str(inputs), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def extracted(tmp_path_factory) -> Path:
    """data/raw extracted once per test session through the CLI; the folder of Parquet tables."""
    return extract_folder(RAW, tmp_path_factory.mktemp("processed"))

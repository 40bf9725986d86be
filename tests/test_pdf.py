"""PDF input: a plan printed to PDF with a Thai text layer, and the same pages scanned to images,
give the cards the text input gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.ingest import read_document
from pipeline.pdf import text_layer_quality
from tests.conftest import seed_text
from tests.pdf_samples import rasterise_pdf, text_pages, write_text_pdf


def plan_excerpt() -> str:
    """Seed 000's announcement (the four dimension headings) and its first three project cards."""
    lines = seed_text("000").split("\n")
    return "\n".join(lines[:37] + ["", "", "", ""] + lines[230:423]) + "\n"


@pytest.fixture(scope="module")
def pdf_samples(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    text = folder / "plan.txt"
    text.write_text(plan_excerpt(), encoding="utf-8")
    text_pdf = write_text_pdf(text_pages(plan_excerpt()), folder / "plan text layer.pdf")
    return {"txt": text, "pdf-text": text_pdf}


def extract(tmp_path: Path, source: Path) -> dict[str, pd.DataFrame]:
    out = tmp_path / source.stem
    result = CliRunner().invoke(cli, ["extract", str(source), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return {t: pd.read_parquet(out / f"{t}.parquet")
            for t in ("documents", "pages", "project_cards", "errors")}


def cards(tables: dict[str, pd.DataFrame]) -> list[tuple[str, float]]:
    return [("".join(t.split()), b) for t, b in zip(tables["project_cards"]["title"],
                                                     tables["project_cards"]["budget_thb"])]


def test_text_layer_pdf_gives_the_cards_of_the_text_with_pages(pdf_samples, tmp_path):
    text = extract(tmp_path, pdf_samples["txt"])
    pdf = extract(tmp_path, pdf_samples["pdf-text"])
    assert pdf["errors"].empty, pdf["errors"]["message"].tolist()
    document = pdf["documents"].iloc[0]
    assert (document["source_format"], document["encoding"]) == ("pdf-text", "pdf")
    assert document["n_pages"] == len(pdf["pages"]) >= len(text_pages(plan_excerpt()))
    assert set(pdf["pages"]["method"]) == {"text-layer"}
    assert pdf["pages"]["page"].tolist() == list(range(1, document["n_pages"] + 1))
    assert len(text["project_cards"]) == 3
    assert cards(pdf) == cards(text)
    assert pdf["project_cards"]["page"].notna().all()
    assert pdf["project_cards"]["page"].is_monotonic_increasing


def test_tone_marks_drawn_apart_from_their_consonant_are_put_back(tmp_path):
    # HarfBuzz places the tone mark of ที่ over its consonant but the PDF draws it after the next
    # glyphs: read in stream order it lands on the wrong word ("ลำดับที ่ 1 เกี ่ ยว่").
    pdf = write_text_pdf([["มติที่ 1 ลำดับที่ 1 เกี่ยวข้อง การดำเนินงาน"]], tmp_path / "marks.pdf")
    source = read_document(str(pdf))
    assert source.text == "มติที่ 1 ลำดับที่ 1 เกี่ยวข้อง การดำเนินงาน"
    assert source.pages[0]["text_quality"] == 1.0


def test_text_layer_quality_flags_cid_codes_and_dangling_marks():
    assert text_layer_quality("การดำเนินงานตามแผนปฏิบัติการ") == 1.0
    assert text_layer_quality("การด(cid:24)เนินงาน") < 0.9
    assert text_layer_quality("ลำดับที ่ 1 เกี ่ ยวข้อง") < 0.9
    assert text_layer_quality("\uf70aการ\uf70bด") < 0.9
    assert text_layer_quality("   ") == 0.0

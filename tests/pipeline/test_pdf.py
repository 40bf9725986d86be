"""PDF input: a plan printed to PDF with a Thai text layer, and the same pages scanned to images,
give the cards the text input gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from rapidfuzz.distance import Levenshtein

from extractors.thai.normalise import normalise_line
from pipeline.cli import cli
from pipeline.ingest import read_document
from pipeline.pdf import PdfError, read_pdf, text_layer_quality
from pipeline.rows import OCR_FIELD_CAP, VOUCHED
from tests.builders.pdf_samples import rasterise_pdf, text_pages, write_text_pdf
from tests.conftest import seed_text


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
    return {"txt": text, "pdf-text": text_pdf, "pdf-ocr": rasterise_pdf(text_pdf, folder / "plan scanned.pdf")}


def extract(tmp_path: Path, source: Path) -> dict[str, pd.DataFrame]:
    out = tmp_path / source.stem
    result = CliRunner().invoke(cli, ["extract", str(source), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return {t: pd.read_parquet(out / f"{t}.parquet")
            for t in ("documents", "pages", "project_cards", "field_confidence", "errors")}


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


def test_scanned_pdf_gives_the_cards_of_the_text_or_flags_the_difference(pdf_samples, tmp_path):
    if shutil.which("tesseract") is None:
        pytest.fail("tesseract is not installed: run `make setup` (Debian tesseract-ocr, tesseract-ocr-tha)")
    text = extract(tmp_path, pdf_samples["txt"])
    ocr = extract(tmp_path, pdf_samples["pdf-ocr"])
    assert ocr["errors"].empty, ocr["errors"]["message"].tolist()
    document = ocr["documents"].iloc[0]
    assert (document["source_format"], document["n_pages"]) == ("pdf-ocr", len(ocr["pages"]))
    assert set(ocr["pages"]["method"]) == {"ocr"}
    assert ocr["pages"]["ocr_confidence"].between(0.5, 1).all()
    assert len(ocr["project_cards"]) == len(text["project_cards"]) == 3
    assert ocr["project_cards"]["page"].is_monotonic_increasing
    scores = ocr["field_confidence"].query("table == 'project_cards'").set_index(["row_key", "field"])["confidence"]
    for (title, budget), (ocr_title, ocr_budget), seq in zip(cards(text), cards(ocr), ocr["project_cards"]["card_seq"]):
        # Tesseract drops a tone mark here and there: a title must be close, and not trusted
        # (confidence < 0.9) unless exact; a budget must be right or not trusted.
        assert Levenshtein.normalized_distance(title, ocr_title) < 0.05, (title, ocr_title)
        assert ocr_title == title or scores[(f"card_seq={seq}", "title")] < 0.9
        assert ocr_budget == budget or scores[(f"card_seq={seq}", "budget_thb")] < 0.9, (budget, ocr_budget)
    # OCR misreads digits with high confidence: no field read from a scanned page is trusted on its
    # own, only an amount the arithmetic vouches for.
    trusted = ocr["field_confidence"].query(f"confidence > {OCR_FIELD_CAP}")
    assert trusted["reason"].str.endswith(VOUCHED).all() and trusted["field"].str.contains("amount|budget").all()
    assert ocr["field_confidence"]["reason"].str.contains("OCR line confidence").any()


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
    assert text_layer_quality("การ\ue000\ue001ดำเนินงาน") < 0.9  # private use, not a Thai font's
    assert text_layer_quality("   ") == 0.0


def test_text_layer_with_spaces_after_sara_am_or_doubled_clusters_goes_to_ocr():
    # What pdfium reads from a Chromium plan: ActualText clusters read twice, a space after sara am.
    assert text_layer_quality("วิธีดำเนินการ ท้องถิ่น เจ้าหน้าที่ ทั้งนี้ ที่ที่ ดำเนินงาน") == 1.0
    assert text_layer_quality("วิธีดำ เนินการของเทศบาลตำบลคลองแสนแสบ และการดำ เนินงาน") < 0.9
    assert text_layer_quality("องค์กรปกครองส่วนท้องถิ่นถิ่ และเจ้าหน้าที่เที่ บุคลากร ทั้งทั้") < 0.9


def test_text_layer_of_a_tis620_font_read_as_latin1_goes_to_ocr():
    garbled = "การดำเนินงานตามแผนปฏิบัติการ".encode("tis-620").decode("latin-1")  # ¡ÒÃ´Óà¹Ô¹§Ò¹...
    assert text_layer_quality(garbled) < 0.9
    assert text_layer_quality("อุณหภูมิ 25 °C ± 2 ขนาด 2 × 3 เมตร") == 1.0


def legacy_shaping(text: str) -> str:
    """Thai as a legacy font draws it: a tone mark with no vowel above goes low (U+F70A...),
    marks on a tall consonant (ป ฝ ฟ) go left (U+F701..., U+F713...)."""
    out: list[str] = []
    for char in text:
        base = out[-1] if out else ""
        tall = base in "ปฝฟ" or len(out) > 1 and out[-2] in "ปฝฟ" and 0xF701 <= ord(base) <= 0xF704
        if "\u0e34" <= char <= "\u0e37" and base in "ปฝฟ":
            char = chr(0xF701 + ord(char) - 0x0E34)
        elif "\u0e48" <= char <= "\u0e4c" and tall:
            char = chr(0xF713 + ord(char) - 0x0E48)
        elif "\u0e48" <= char <= "\u0e4c" and "ก" <= base <= "ฮ":
            char = chr(0xF70A + ord(char) - 0x0E48)
        out.append(char)
    return "".join(out)


def test_legacy_font_private_use_marks_are_read_as_thai(tmp_path):
    line = "ผู้ใหญ่บ้านไม่ได้ปี่ ฝั่งป่า ปิดป้าย"
    shaped = legacy_shaping(line)
    assert sum("\uf700" <= c <= "\uf71a" for c in shaped) == 9
    source = read_document(str(write_text_pdf([[shaped]], tmp_path / "legacy.pdf")))
    assert source.pages[0]["method"] == "text-layer" and source.pages[0]["text_quality"] == 1.0
    assert normalise_line(source.text) == [line]


def test_spaces_a_text_layer_puts_inside_words_are_removed():
    # Never valid Thai: a space before a non-spacing mark or after a leading vowel.
    assert normalise_line("การเป ิดเผยข้อมูล การเ ปิดเผย") == ["การเปิดเผยข้อมูล การเปิดเผย"]
    assert normalise_line("ลำดับที ่ 1 เทศบาล ตำบล") == ["ลำดับที่ 1 เทศบาล ตำบล"]
    # Nor after a syllable that needs a final consonant: mai han akat, sara ue/uee, sara e + sara i.
    assert normalise_line("การเปิ ดเผย ซึ่ ง ตั ว เชื่ อม") == ["การเปิดเผย ซึ่ง ตัว เชื่อม"]
    # Spaces between words stay, whatever letter ends the word before.
    assert normalise_line("สถิติ การดำเนินงาน ที่ เกี่ยวข้อง ก็ ได้") == ["สถิติ การดำเนินงาน ที่ เกี่ยวข้อง ก็ ได้"]


def test_pdf_over_the_page_limit_is_refused_with_what_to_do(tmp_path):
    source = write_text_pdf([["หน้า 1"], ["หน้า 2"], ["หน้า 3"]], tmp_path / "long.pdf")
    with pytest.raises(PdfError) as error:
        read_pdf(source.read_bytes(), "long.pdf", max_pages=2)
    assert error.value.error_type == "too_many_pages"
    assert "long.pdf" in str(error.value) and "--max-pages" in str(error.value)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["extract", str(source), "--out", str(out), "--max-pages", "2", "--quiet"])
    assert result.exit_code == 1 and "long.pdf" in result.output
    assert pd.read_parquet(out / "errors.parquet").error_type.tolist() == ["too_many_pages"]
    result = CliRunner().invoke(cli, ["extract", str(source), "--out", str(out), "--max-pages", "3", "--quiet"])
    assert result.exit_code == 0, result.output


def test_page_whose_ocr_runs_over_the_time_limit_fails_the_document_clearly(tmp_path, monkeypatch):
    text_pdf = write_text_pdf([["มิติที่ 1 การสร้างวัฒนธรรมสุจริต"]], tmp_path / "one.pdf")
    scanned = rasterise_pdf(text_pdf, tmp_path / "scan.pdf").read_bytes()
    monkeypatch.setattr("pipeline.pdf.ocr.OCR_PAGE_TIMEOUT_SECONDS", 0.001)
    with pytest.raises(PdfError) as error:
        read_pdf(scanned, "scan.pdf")
    assert error.value.error_type == "ocr_timeout"
    assert "scan.pdf" in str(error.value) and "page 1" in str(error.value)


def test_each_page_is_read_by_the_method_it_needs(tmp_path):
    # A plan whose first page has a text layer and whose second page is a scan.
    text_pdf = write_text_pdf([["มิติที่ 1 การสร้างวัฒนธรรมสุจริต"], ["งบประมาณ จำนวน 10,000 บาท"]],
                              tmp_path / "two.pdf")
    scanned = rasterise_pdf(text_pdf, tmp_path / "scan.pdf", dpi=200)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(text_pdf)), [0])
    mixed.import_pages(pdfium.PdfDocument(str(scanned)), [1])
    mixed.save(tmp_path / "mixed.pdf")
    source = read_document(str(tmp_path / "mixed.pdf"))
    assert source.source_format == "pdf-ocr"
    assert [p["method"] for p in source.pages] == ["text-layer", "ocr"]
    assert source.page_of_line == [1, 2]
    assert source.line_confidence[0] == 1.0 and 0.5 < source.line_confidence[1] <= 1.0
    assert source.text.split("\n")[0] == "มิติที่ 1 การสร้างวัฒนธรรมสุจริต"
    # Tesseract writes sara am as nikhahit + sara aa, as text layers do; normalise joins them.
    assert normalise_line(source.text.split("\n")[1]) == ["งบประมาณ จำนวน 10,000 บาท"]

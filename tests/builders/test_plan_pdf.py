"""The instruments of issues 15 and 16: seed text printed as a Word-like PDF by headless Chromium
(tests/plan_pdf.py) and that PDF "scanned" (tests/plan_scan.py)."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from fontTools.ttLib import TTFont

from tests.builders.pdf_samples import THAI_FONT, write_text_pdf
from tests.builders.plan_pdf import BODY_PT, plan_html, plan_to_pdf, seed_slices
from tests.builders.plan_scan import SCAN_DPI, scan_pdf

_TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict:
    """The sample plan (a budget table over two pages, two cards, a risk table, a committee list)
    as seed text, printed PDF and scan."""
    folder = tmp_path_factory.mktemp("plan_pdf")
    text = seed_slices()
    printed = plan_to_pdf(text, folder / "sample.pdf")
    return {"text": text, "pdf": printed, "scan": scan_pdf(printed, folder / "sample_scan.pdf")}


def squeezed(text: str) -> str:
    """Text without markup or whitespace: a cell's words wrap differently on the page."""
    return "".join(unicodedata.normalize("NFC", _TAG.sub(" ", text).replace("**", "")).split())


def text_layer_pages(path: Path) -> list[str]:
    """The PDF's text, page by page, in drawing order (each cell's text together), as poppler reads
    it (pdfium doubles some Thai clusters)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed: run `make setup` (Debian poppler-utils)")
    command = ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return result.stdout.split("\f")[:-1]


def landscape_pages(path: Path) -> list[bool]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [width > height for width, height in (page.get_size() for page in document)]
    finally:
        document.close()


def printed(text: str, pages: list[str]) -> bool:
    """``text`` is on a page, or begins on one page and goes on on the next (a table row broken
    by the page end: the next page repeats the table header first)."""
    text = squeezed(text)
    return any(text in page for page in pages) or any(text[:k] in before and text[k:] in after
                                                      for before, after in zip(pages, pages[1:])
                                                      for k in range(1, len(text)))


def test_printed_plan_holds_every_seed_cell_and_line_in_its_text_layer(sample):
    pages = [squeezed(page) for page in text_layer_pages(sample["pdf"])]
    cells = [c for line in sample["text"].split("\n") if "\t" in line for c in line.split("\t") if c.strip()]
    lines = [line for line in sample["text"].split("\n") if line.strip() and "\t" not in line]
    assert len(cells) > 100 and len(lines) > 50
    assert [c for c in cells if not printed(c, pages)] == []
    assert [line for line in lines if not printed(line, pages)] == []
    assert sum(not any(squeezed(c) in page for page in pages) for c in cells) >= 2  # rows broken by a page end


def test_budget_table_runs_over_landscape_pages_with_its_header_repeated(sample):
    pages = [squeezed(page) for page in text_layer_pages(sample["pdf"])]
    landscape = landscape_pages(sample["pdf"])
    budget = [i for i, page in enumerate(pages) if "ภารกิจตามมิติ" in page]  # <thead> on every page
    assert len(budget) >= 2 and budget == list(range(budget[0], budget[-1] + 1))
    assert all(landscape[i] for i in budget)
    assert "๑.๑การเสริมสร้างจิตสำนึก" in pages[budget[0]]
    assert any("จำนวน๗โครงการ" in pages[i] for i in budget[1:])  # the subtotal of the next seed page
    assert not landscape[0] and not any(landscape[budget[-1] + 1:])  # heading and the rest portrait
    cards = [i for i, page in enumerate(pages) if "ชื่อโครงการ" in page]
    assert len(cards) == 2 and not any(landscape[i] for i in cards)


def test_merged_dimension_and_mission_cells_span_their_rows():
    html = plan_html(seed_slices((("000", (188, 200)),)))
    # The dimension cell spans its projects, its subtotal and the next page's rows; the mission
    # cell its two rows; header cells over the second header row.
    assert re.search(r'<td rowspan="5"><p>๑\. การสร้าง วัฒนธรรม สุจริต</p>', html)
    assert re.search(r'<td rowspan="2"><p>๑\.๑ การเสริมสร้าง', html)
    assert re.search(r'<th rowspan="2"><p>มิติ</p></th>', html)
    assert html.count("<thead>") == 1  # the second page's header rows are not printed as body rows


def test_body_text_is_printed_at_the_stated_size(sample):
    # Chromium shrinks the whole document when one table is wider than its page: the body's letters
    # must stay as tall as Laksaman draws them at 16 pt.
    font = TTFont(THAI_FONT)
    glyph = font["glyf"][font.getBestCmap()[ord("ก")]]
    expected = (glyph.yMax - glyph.yMin) / font["head"].unitsPerEm * BODY_PT
    document = pdfium.PdfDocument(str(sample["pdf"]))
    try:
        heights = []
        for page in document:
            text_page = page.get_textpage()
            for i in range(text_page.count_chars()):
                if text_page.get_text_range(i, 1) == "ก":
                    _, bottom, _, top = text_page.get_charbox(i)
                    heights.append(top - bottom)
    finally:
        document.close()
    assert len(heights) > 100
    assert statistics.median(heights) == pytest.approx(expected, rel=0.03)


def test_scan_has_the_pages_of_the_print_as_pictures_without_text(sample):
    printed, scanned = pdfium.PdfDocument(str(sample["pdf"])), pdfium.PdfDocument(str(sample["scan"]))
    try:
        assert len(scanned) == len(printed)
        for original, page in zip(printed, scanned):
            assert page.get_size() == pytest.approx(original.get_size(), abs=0.01)
            assert page.get_textpage().count_chars() == 0
            images = [o for o in page.get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE]
            assert len(images) == 1
            width_px = images[0].get_px_size()[0]
            assert width_px == pytest.approx(page.get_size()[0] / 72 * SCAN_DPI, abs=2)
    finally:
        printed.close()
        scanned.close()
    assert "".join(text_layer_pages(sample["scan"])).strip() == ""


def test_scan_is_the_same_for_the_same_seed_and_differs_for_another(tmp_path):
    source = write_text_pdf([["ลำดับที่ ๑ โครงการพัฒนาความรู้ งบประมาณ ๑๐,๐๐๐ บาท"]], tmp_path / "page.pdf")
    first = scan_pdf(source, tmp_path / "a.pdf", seed=3).read_bytes()
    assert scan_pdf(source, tmp_path / "b.pdf", seed=3).read_bytes() == first
    assert scan_pdf(source, tmp_path / "c.pdf", seed=4).read_bytes() != first

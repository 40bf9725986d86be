"""Scanned pages: seed text printed as a Word-like plan, "scanned" (200 dpi grey, skew, blur, noise,
JPEG), and read back: bordered tables as rows of cells, numbers digit by digit, one page on its own."""

from __future__ import annotations

import cv2
import numpy as np
import pandas as pd
import pytest
import regex

from extractors.tables import cells
from pipeline.pdf import read_pdf
from pipeline.pdf.image_grid import find_grids, ruling_lines
from pipeline.pdf.ocr import read_scanned_page, render_page
from pipeline.pdf.page_breaks import join_rows_over_page_breaks
from pipeline.pdf.page_image import skew_degrees
from pipeline.pdf.pages import PdfPage
from pipeline.pdf.paragraphs import PrintedLine, joined
from tests.builders.pdf_samples import write_text_pdf
from tests.builders.plan_pdf import plan_to_pdf, seed_slices
from tests.builders.plan_scan import scan_pdf
from tests.conftest import extract_folder

_AMOUNT = regex.compile(r"^[๐-๙0-9][๐-๙0-9,]*$")

# Seed 000's budget table: two seed pages, merged dimension and mission cells, printed over two
# landscape pages; dimension 1 ends with its subtotal, dimension 2 starts.
BUDGET_TABLE = (("000", (180, 200)),)
# Dimension 1's subtotal for 2566 misprinted 900 too high: no look-alike digit explains it.
SUBTOTAL, MISPRINTED = "จำนวน ๗ โครงการ\t๕๕,๐๐๐", "จำนวน ๗ โครงการ\t๕๕,๙๐๐"


@pytest.fixture(scope="module")
def budget_scan(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("budget_scan")
    text = seed_slices(BUDGET_TABLE)
    assert text.count(SUBTOTAL) == 1
    text = text.replace(SUBTOTAL, MISPRINTED)
    (folder / "text").mkdir()
    (folder / "text" / "budget.txt").write_text(text, encoding="utf-8")
    (folder / "scan").mkdir()
    scan = scan_pdf(plan_to_pdf(text, folder / "budget.pdf"), folder / "scan" / "budget.pdf")
    return {"text": text, "scan": scan, "folder": folder}


def amount_rows(lines: list[str]) -> list[list[str]]:
    """The amounts of every row line that has any, in column order."""
    rows = []
    for line in lines:
        row = cells(line)
        if row is not None and any(_AMOUNT.match(c) for c in row):
            rows.append([c for c in row if _AMOUNT.match(c)])
    return rows


@pytest.mark.slow
def test_scanned_budget_table_gives_the_seed_rows_with_their_amounts(budget_scan):
    pdf = read_pdf(budget_scan["scan"].read_bytes(), "budget.pdf")
    assert len(pdf.pages) >= 2 and {p.method for p in pdf.pages} == {"ocr"}
    # Every row of the seed with amounts comes back as a row line with the same amounts, digit
    # for digit (Tesseract alone reads ๒๕๖๖ as ๒๕๒๒๐), in order over both pages.
    assert amount_rows(pdf.lines) == amount_rows(budget_scan["text"].split("\n"))
    headers = [cells(line) for line in pdf.lines if "ภารกิจ" in line]
    assert len(headers) == len(pdf.pages) - 1 >= 2  # the header repeated on every page of the table
    assert all([c.split()[-1] for c in h if c.startswith("ปี")] == ["๒๕๖๖", "๒๕๖๗", "๒๕๖๘", "๒๕๖๙", "๒๕๗๐"]
               for h in headers)
    # A merged dimension cell keeps its text in its first row; the rows it covers have it empty.
    first = next(cells(line) for line in pdf.lines if "๑๐,๐๐๐" in line)
    assert "วัฒนธรรม" in first[0] and "๑.๑" in first[1]
    assert any(cells(line) and cells(line)[0] == "" and "๓๐,๐๐๐" in line for line in pdf.lines)
    # Each line's confidence is below 1: no OCR'd line passes for a text line.
    assert all(0 < c < 1 for c in pdf.line_confidence)


@pytest.mark.slow
def test_scanned_budget_table_extracts_the_budget_lines_of_its_text(budget_scan):
    folder = budget_scan["folder"]
    text = extract_folder(folder / "text", folder / "out-text")
    scan = extract_folder(folder / "scan", folder / "out-scan")
    columns = ["project_no", "fiscal_year_be", "amount_thb"]
    expected = pd.read_parquet(text / "budget_lines.parquet")[columns].sort_values(columns).reset_index(drop=True)
    got = pd.read_parquet(scan / "budget_lines.parquet")[columns].sort_values(columns).reset_index(drop=True)
    assert len(expected) > 20
    pd.testing.assert_frame_equal(got, expected)
    # An OCR'd amount may be trusted (>= 0.9) only where its dimension's subtotal adds up with it:
    # dimension 1 but for 2566, whose subtotal is misprinted; dimension 2 prints none here. Those
    # keep the confidence the text gives them (under 0.9 where the extractor doubts, as for an
    # amount one merged cell gives several projects).
    keys = ["project_no", "fiscal_year_be"]
    both = pd.read_parquet(text / "budget_lines.parquet").merge(pd.read_parquet(scan / "budget_lines.parquet"),
                                                                on=keys, suffixes=("_text", "_scan"))
    vouched = both.query("dimension_no_scan == 1 and fiscal_year_be != 2566")
    assert (vouched["confidence_scan"] == vouched["confidence_text"]).all()
    assert (vouched["confidence_scan"] >= 0.9).sum() >= 5
    assert (both.drop(vouched.index)["confidence_scan"] < 0.9).all()
    confidence = pd.read_parquet(scan / "field_confidence.parquet")
    subtotal = confidence.query("table == 'budget_totals' and field == 'stated_amount_thb'")
    subtotal = subtotal.set_index(subtotal["row_key"].str.extract(r"fiscal_year_be=([0-9]+)")[0])["confidence"]
    assert subtotal["2566"] < 0.9 and len(subtotal) == 5 and (subtotal.drop("2566") >= 0.9).all()


@pytest.mark.slow
def test_scanned_risk_table_with_english_headers_gives_the_risks_of_its_text(tmp_path):
    # Seed 001's risk assessment: its score columns are headed in English ("Likelihood (L)",
    # "Impact (I)", "Risk Score (LxI)"), which Tesseract's Thai model reads as Thai letters.
    text = seed_slices((("001", (99, 112)),))
    for kind in ("text", "scan"):
        (tmp_path / kind).mkdir()
    (tmp_path / "text" / "risks.txt").write_text(text, encoding="utf-8")
    scan_pdf(plan_to_pdf(text, tmp_path / "risks.pdf"), tmp_path / "scan" / "risks.pdf")
    columns = ["seq", "likelihood", "impact", "score"]
    expected = pd.read_parquet(extract_folder(tmp_path / "text", tmp_path / "out-text") / "risks.parquet")[columns]
    got = pd.read_parquet(extract_folder(tmp_path / "scan", tmp_path / "out-scan") / "risks.parquet")[columns]
    assert len(expected) == 7
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.slow
def test_numbers_in_running_text_are_read_digit_by_digit(tmp_path):
    # The digits Tesseract's Thai model confuses (๖ ๗ ๘ ๙ as ๒ ๓ ๕ «), in a year range, an amount
    # and list items whose numbers Tesseract reads as letters.
    lines = ["ปีงบประมาณ พ.ศ. ๒๕๖๖ - ๒๕๗๐", "งบประมาณ ๘๙,๔๕๐ บาท", "- ๓) เพื่อจัดแสดงข้อมูล", "- ๔) เพิ่มช่องทาง"]
    scan = scan_pdf(write_text_pdf([lines], tmp_path / "numbers.pdf", font_size=16), tmp_path / "scan.pdf")
    page = read_scanned_page(scan.read_bytes(), 1)
    numbers = regex.compile(r"[๐-๙][๐-๙,]*")
    assert [numbers.findall(line) for line in page.lines] == [numbers.findall(line) for line in lines]


@pytest.mark.slow
def test_one_page_is_read_on_its_own_as_in_the_whole_document(budget_scan):
    whole = read_pdf(budget_scan["scan"].read_bytes(), "budget.pdf")
    alone = read_scanned_page(str(budget_scan["scan"]), 2)
    page = whole.pages[1]
    assert (alone.page, alone.lines[:-1], alone.line_confidence[:-1]) == (2, page.lines[:-1], page.line_confidence[:-1])
    # The page's last row runs on over the page break: the whole document completes it, cell by cell.
    assert [a in b for a, b in zip(cells(alone.lines[-1]), cells(page.lines[-1]))] == [True] * len(cells(page.lines[-1]))
    assert len(page.lines[-1]) > len(alone.lines[-1])


def test_grid_cells_merged_across_rows_get_their_row_span():
    # A 3 x 3 table drawn with 2-pixel rules; the first column's two lower boxes are one cell.
    page = np.zeros((400, 600), np.uint8)
    xs, ys = [50, 200, 350, 550], [50, 150, 250, 350]
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 255, 2)
    for y in ys:
        cv2.line(page, (xs[0] if y != 250 else xs[1], y), (xs[-1], y), 255, 2)
    (grid,) = find_grids(*ruling_lines(page))
    assert (grid.rows, grid.columns) == (3, 3)
    spans = {(c.row, c.column): (c.row_span, c.col_span) for c in grid.cells}
    assert spans[(1, 0)] == (2, 1) and (2, 0) not in spans
    assert len(grid.cells) == 8


def test_skew_of_a_page_is_measured(tmp_path):
    source = write_text_pdf([["มิติที่ ๑ การสร้างวัฒนธรรมสุจริต"] * 30], tmp_path / "lines.pdf")
    import pypdfium2 as pdfium

    gray = render_page(pdfium.PdfDocument(str(source)), 1)
    height, width = gray.shape
    turned = cv2.warpAffine(gray, cv2.getRotationMatrix2D((width / 2, height / 2), 0.6, 1.0), (width, height),
                            borderValue=255)
    assert skew_degrees(turned) == pytest.approx(-0.6, abs=0.1)


def test_row_broken_by_a_page_end_is_joined_to_the_row_it_continues():
    header = "มิติ\tภารกิจ\tโครงการ\tปี ๒๕๖๖"
    before = PdfPage(1, "ocr", ["ข้อความ", header, "๑. การสร้าง\t๑.๑ การเสริม\t๑. โครงการพัฒนา ความรู้ด้าน\t๑๐,๐๐๐"],
                     0.0, 0.9, [0.9, 0.8, 0.7])
    after = PdfPage(2, "ocr", [header, "\t\tกฎหมาย และระเบียบ\t", "\t๑.๒ การเสริม\t๕. กิจกรรม\t-"], 0.0, 0.9, [0.8, 0.6, 0.9])
    join_rows_over_page_breaks([before, after])
    assert before.lines[-1] == "๑. การสร้าง\t๑.๑ การเสริม\t๑. โครงการพัฒนา ความรู้ด้านกฎหมาย และระเบียบ\t๑๐,๐๐๐"
    assert before.line_confidence[-1] == 0.6
    # A row of its own (a mission ๑.๒ under the merged dimension cell) stays one.
    assert after.lines == [header, "\t๑.๒ การเสริม\t๕. กิจกรรม\t-"] and after.line_confidence == [0.8, 0.9]


def test_paragraph_wrapped_at_the_column_edge_is_one_line_again():
    lines = [PrintedLine("๒. หลักการและเหตุผล", 0.9, 100, 500, 100),
             PrintedLine("การบริหารจัดการขององค์กรปกครองส่วนท้องถิ่นมีกฎหมาย", 0.9, 250, 1490, 150),
             PrintedLine("ระเบียบ ประกาศ คำสั่ง", 0.8, 100, 1500, 200),
             PrintedLine("เงื่อนไข ที่เกี่ยวข้อง", 0.9, 100, 700, 250),
             PrintedLine("๓. วัตถุประสงค์ของโครงการที่เขียนไว้ยาวจนถึงขอบขวาของหน้ากระดาษ", 0.9, 100, 1495, 300),
             PrintedLine("๑) เพื่อให้บุคลากรได้รับความรู้ที่เขียนไว้ยาวจนถึงขอบขวาของหน้ากระดาษ", 0.9, 100, 1490, 350),
             PrintedLine("ด้วย รัฐธรรมนูญแห่งราชอาณาจักรไทย", 0.9, 100, 900, 430)]
    assert joined(lines, (100, 1500)) == [
        ("๒. หลักการและเหตุผล", 0.9),
        ("การบริหารจัดการขององค์กรปกครองส่วนท้องถิ่นมีกฎหมายระเบียบ ประกาศ คำสั่งเงื่อนไข ที่เกี่ยวข้อง", 0.8),
        ("๓. วัตถุประสงค์ของโครงการที่เขียนไว้ยาวจนถึงขอบขวาของหน้ากระดาษ", 0.9),  # the next line starts an item
        ("๑) เพื่อให้บุคลากรได้รับความรู้ที่เขียนไว้ยาวจนถึงขอบขวาของหน้ากระดาษ", 0.9),
        ("ด้วย รัฐธรรมนูญแห่งราชอาณาจักรไทย", 0.9)]  # a paragraph set apart by a wider step

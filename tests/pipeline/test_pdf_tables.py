"""Tables of text-layer PDFs: rebuilt from the page's ruling lines (or from how the text lines up),
they give the rows the plan's text gives; cells keep their boxes; a table that cannot be rebuilt
says so."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import regex
from click.testing import CliRunner
from fpdf import FPDF

from extractors.tables import cells
from pipeline.cli import cli
from pipeline.ingest import read_document
from tests.builders.pdf_samples import THAI_FONT
from tests.builders.plan_pdf import SAMPLE_PARTS, plan_to_pdf, print_pdf, seed_slices

TABLES = ("documents", "pages", "table_cells", "checks", "budget_lines", "projects", "risks",
          "committee_members", "project_cards", "errors")


def extract(source: Path, out: Path) -> dict[str, pd.DataFrame]:
    result = CliRunner().invoke(cli, ["extract", str(source), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return {t: pd.read_parquet(out / f"{t}.parquet") for t in TABLES}


def no_spaces(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns without spaces: a cell's lines are joined without knowing whether a space stood
    where Chromium wrapped them (it draws no space glyph at a line's end)."""
    return frame.apply(lambda column: column.str.replace(" ", "") if column.dtype == object else column)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict:
    """The sample plan (a budget table over two landscape pages with merged dimension and mission
    cells, two cards, a risk table, a committee list over a page break) as text and as printed PDF,
    both extracted."""
    folder = tmp_path_factory.mktemp("pdf_tables")
    text = folder / "sample.txt"
    text.write_text(seed_slices(), encoding="utf-8")
    pdf = plan_to_pdf(text.read_text(encoding="utf-8"), folder / "sample.pdf")
    return {"pdf": pdf, "text": extract(text, folder / "text"), "printed": extract(pdf, folder / "pdf")}


@pytest.mark.parametrize("table, columns", [
    ("budget_lines", ["project_no", "fiscal_year_be", "amount_thb"]),
    ("projects", ["project_no", "dimension_no", "mission_code", "title"]),
    ("risks", ["seq", "process", "likelihood", "impact", "score"]),
    ("project_cards", ["card_seq", "title", "budget_thb", "start_year_be", "end_year_be"]),
])
def test_printed_plan_gives_the_table_rows_of_its_text(sample, table, columns):
    expected, got = sample["text"][table][columns], sample["printed"][table][columns]
    assert len(expected) > 0
    pd.testing.assert_frame_equal(no_spaces(got), no_spaces(expected))
    assert sample["printed"][table]["page"].notna().all()


def test_printed_plan_is_read_from_its_text_layer_without_failures(sample):
    printed = sample["printed"]
    assert printed["errors"].empty, printed["errors"]["message"].tolist()
    assert set(printed["pages"]["method"]) == {"text-layer"}
    assert (printed["pages"]["unread_tables"] == 0).all()
    assert "pdf_table_read" not in set(printed["checks"]["check"])


def test_cells_keep_their_box_their_span_and_the_line_of_their_row(sample):
    source = read_document(str(sample["pdf"]))
    lines = source.text.split("\n")
    cells_table = sample["printed"]["table_cells"]
    pages = sample["printed"]["pages"].set_index("page")
    assert cells_table["table_no"].nunique() >= 3  # budget table, risk table, committee list
    # The budget table's merged dimension cell spans rows; the budget table runs over two pages.
    budget = cells_table[cells_table["table_no"] == 1]
    assert budget["row_span"].max() > 1 and budget["page"].nunique() == 2
    for cell in cells_table.itertuples():
        assert 0 <= cell.x0 < cell.x1 and 0 <= cell.top < cell.bottom
        assert cell.source_line >= pages.loc[cell.page, "source_line"]
        row = cells(lines[cell.source_line - 1])
        assert row is not None and cell.text.replace(" ", "") in row[cell.col - 1].replace(" ", "")


def test_repeated_header_rows_are_dropped_and_a_row_cut_by_the_page_break_is_one_row(sample):
    source = read_document(str(sample["pdf"]))
    rows = [cells(line) for line in source.text.split("\n") if cells(line)]
    budget_header = [row for row in rows if row[0] == "มิติ"]
    assert len(budget_header) == 1  # printed on both pages, read once
    # 001's committee list: member 3's role is cut by the page break (รองประธาน | คณะทำงาน).
    member = next(row for row in rows if "สีวะรัมย์" in row[0])
    assert member[-1] == "รองประธานคณะทำงาน"
    assert "คณะทำงาน" not in source.text.split("\n")


def test_table_of_stroked_cells_over_a_page_break_with_a_page_number_between_is_one_table(tmp_path):
    # fpdf2 strokes each cell's rectangle (Chromium fills thin rectangles) and repeats the heading row.
    class Plan(FPDF):
        def footer(self):
            self.set_y(-15)
            self.cell(0, 10, f"- {self.page_no()} -", align="C")

    pdf = Plan(format="A4")
    for style in ("", "B"):
        pdf.add_font("thai", style=style, fname=str(THAI_FONT))
    pdf.set_font("thai", size=14)
    pdf.set_text_shaping(True)
    pdf.add_page()
    pdf.cell(0, 10, "บัญชีโครงการ", new_x="LMARGIN", new_y="NEXT")
    rows = [["ลำดับ", "โครงการ", "งบประมาณ (บาท)"]]
    rows += [[str(i), f"โครงการส่งเสริมคุณธรรมและความโปร่งใส ที่ {i}", f"{i * 1000:,}"] for i in range(1, 41)]
    with pdf.table(col_widths=(15, 120, 40), repeat_headings=1) as table:
        for row in rows:
            table.row(row)
    pdf.output(str(tmp_path / "projects.pdf"))
    source = read_document(str(tmp_path / "projects.pdf"))
    assert len(source.pages) == 2 and all(p["n_tables"] == 1 for p in source.pages)
    assert [cells(line) for line in source.text.split("\n") if cells(line)] == rows
    assert source.text.split("\n")[0] == "บัญชีโครงการ" and "- 2 -" in source.text.split("\n")


def test_table_without_borders_is_read_from_how_its_text_lines_up(tmp_path):
    members = [("๑. นายสมชาย ใจดี", "นายกเทศมนตรี", "ประธานกรรมการ"),
               ("๒. นางสาวสุดา รักดี", "ปลัดเทศบาล", "กรรมการ"),
               ("๓. นายวิชัย มั่นคง", "ผู้อำนวยการกองคลัง", "กรรมการและเลขานุการ")]
    rows = "".join(f"<tr>{''.join(f'<td>{c}</td>' for c in member)}</tr>" for member in members)
    html = tmp_path / "committee.html"
    html.write_text(f"""<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
        body {{ font-family: Laksaman; font-size: 16pt; }} td {{ padding: 2pt 1.2cm 2pt 0; }}
        </style></head><body><p>คำสั่งเทศบาลตำบลคลองแสนแสบ</p><p>แต่งตั้งคณะกรรมการ ดังนี้</p>
        <table>{rows}</table><p>ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป</p></body></html>""", encoding="utf-8")
    source = read_document(str(print_pdf(html, tmp_path / "committee.pdf")))
    assert [cells(line) for line in source.text.split("\n") if cells(line)] == [list(m) for m in members]
    assert source.pages[0]["n_tables"] == 1
    assert source.text.split("\n")[0] == "คำสั่งเทศบาลตำบลคลองแสนแสบ"


def test_ruled_table_that_gives_no_cells_fails_a_check_naming_its_page(tmp_path):
    # Rows ruled only by horizontal lines, their text not in columns: no cells can be rebuilt.
    pdf = FPDF(format="A4")
    pdf.add_font("thai", fname=str(THAI_FONT))
    pdf.set_font("thai", size=14)
    pdf.add_page()
    pdf.cell(0, 10, "แผนการดำเนินงาน ปีงบประมาณ พ.ศ. 2566", new_x="LMARGIN", new_y="NEXT")
    for line in ("โครงการพัฒนาความรู้ด้านกฎหมาย 10,000 บาท", "โครงการฝึกอบรมคุณธรรม 20,000 บาท",
                 "โครงการเสริมสร้างความโปร่งใส 5,000 บาท"):
        pdf.line(10, pdf.get_y(), 200, pdf.get_y())
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.line(10, pdf.get_y(), 200, pdf.get_y())
    pdf.output(str(tmp_path / "ruled.pdf"))
    tables = extract(tmp_path / "ruled.pdf", tmp_path / "out")
    failed = tables["checks"].query("check == 'pdf_table_read'")
    assert failed[["status", "page", "severity"]].values.tolist() == [["fail", 1, "error"]]
    assert tables["pages"]["unread_tables"].tolist() == [1]


def test_ink_chromium_paints_over_the_page_margin_is_not_read_as_text(tmp_path):
    # A line the page break moves on: Chromium paints its clusters with marks again where they stick
    # out over the margin (ตั้ ที่ at the foot of the page before); with no path on any page, pdfium
    # reports no clip to cut them off.
    text = seed_slices((SAMPLE_PARTS[1],))
    source = read_document(str(plan_to_pdf(text, tmp_path / "cards.pdf")))
    assert len(source.pages) > 2
    stray = [line for line in source.text.split("\n") if line and all(
        regex.fullmatch("[ก-ฮ][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+", word) for word in line.split())]
    assert stray == []


def test_thai_clusters_chromium_draws_with_actual_text_are_read_once(tmp_path):
    # pdfium read these as ท้องถิ่นถิ่, วิธีดำ เนินการ, ป้ องกัน: the engine choice (poppler) must stay right.
    line = "วิธีดำเนินการ ท้องถิ่น เจ้าหน้าที่ ป้องกัน เป็นไปตาม ฝ่ายบริหาร ทั้งนี้ ที่เกี่ยวข้อง"
    html = tmp_path / "line.html"
    html.write_text(f'<!doctype html><html lang="th"><head><meta charset="utf-8"></head>'
                    f'<body style="font-family: Laksaman; font-size: 16pt"><p>{line}</p></body></html>',
                    encoding="utf-8")
    source = read_document(str(print_pdf(html, tmp_path / "line.pdf")))
    assert source.text == line
    assert source.pages[0]["text_quality"] == 1.0

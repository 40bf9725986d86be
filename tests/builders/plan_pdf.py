"""Whole plans as a Word user prints them to PDF: seed text laid out in HTML and printed by
headless Chromium. Used by tests/test_plan_pdf.py and bench/make_plans.py (issues 15 and 16).

The layout follows a Thai government Word document: TLWG Laksaman (the metric clone of
TH Sarabun PSK) at 16 pt, short stand-alone lines as bold headings, every other seed line a
paragraph. A run of seed lines with TABs is a bordered table:
- header rows (a first row of labels, then rows of labels with an empty first cell) go into
  ``<thead>``, which Chromium repeats at the top of every page the table runs over;
- an empty cell under a filled one in the grouping columns (the dimension and mission columns of
  a budget table, the ลำดับ column of a risk table) is that cell's continuation: a ``rowspan``;
- blocks of rows with about the same column count (OCR shifts a row's cells by one now and then)
  separated only by blank lines or page breaks are one table running over the page break (the
  repeated header rows of the next page are dropped);
- a table of more than ``WIDE_COLUMNS`` columns (a budget table) is printed on landscape pages.
Seed page breaks (``PAGE_BREAK_BLANKS`` blank lines or a form feed) start a new page.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from extractors.thai.normalise import PAGE_BREAK_BLANKS

FONT_FAMILY = "Laksaman"  # fonts-thai-tlwg; fc-list must know it for Chromium to use it
BODY_PT = 16
# Budget tables in Word plans are set a size smaller to fit five years on a landscape page; a
# table of more columns than that (OCR split some) smaller still, so that it fits the page.
WIDE_TABLE_PT, WIDE_TABLE_COLUMNS, SMALLEST_PT = 14, 9, 8
WIDE_COLUMNS = 6
# A stand-alone line this short is a heading ("ส่วนที่ ๒", "๕. วิธีดำเนินการ", "ลำดับที่ ๒").
HEADING_CHARS = 60
CHROMIUM_TIMEOUT_S = 600
# Bounds on a column's share of the table width, in mean characters per cell.
MIN_COLUMN_WEIGHT, MAX_COLUMN_WEIGHT = 5, 60

# A cell or line that starts with a list number: "๑. นางเปรมฤดี", "๕", "12)"
_NUMBERED = re.compile(r"^[0-9๐-๙]{1,3}\s*[.)]?(?:\s|$)")
# A cell that is only an amount or a dash: "๑๐,๐๐๐", "-", "0.00"
_AMOUNT = re.compile(r"^(?:[0-9๐-๙][0-9๐-๙,.]*|-+)$")
# Markup the OCR conversion left inside cells: <p>…</p>, <ul style=…>, <li>…</li>
_CELL_TAG = re.compile(r"</?(?:p|ul|li)\b[^>]*>")
# Headings of a plan: "ส่วนที่ ๒", "สารบัญ", "ลำดับที่ ๒", "มิติที่ ๑ การสร้างวัฒนธรรมสุจริต",
# a card's field "๕. วิธีดำเนินการ", a bold line "**แผนปฏิบัติการ…**"
_HEADING = re.compile(r"^(?:\*\*|(?:ส่วนที่|มิติที่|ลำดับที่|สารบัญ|คำนำ|บทนำ|ภาคผนวก)|[0-9๐-๙]{1,2}\.\s?\S.{0,40}$)")


@dataclass
class Paragraph:
    text: str
    line: int  # 1-based seed line
    after_blank: bool = False
    heading: bool = False
    page_break: bool = False


@dataclass
class Table:
    rows: list[list[str]]
    lines: list[int]  # 1-based seed line of each row
    page_break: bool = False
    header_rows: int = 0
    columns: int = 0
    spans: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, column) -> rowspan

    @property
    def wide(self) -> bool:
        return self.columns > WIDE_COLUMNS


def seed_blocks(text: str, lines: tuple[int, int] | None = None) -> list[Paragraph | Table]:
    """Paragraphs and tables of a seed text, or of its lines ``first..last`` (1-based, inclusive)."""
    blocks: list[Paragraph | Table] = []
    for block in _line_blocks(text, lines):
        if isinstance(block, Paragraph):
            blocks.append(block)
            continue
        previous = blocks[-1] if blocks else None
        # Only blank lines since the previous table, and about as many columns: the same table.
        if isinstance(previous, Table) and abs(len(previous.rows[0]) - len(block.rows[0])) <= 1:
            repeated = 0  # the next page's copy of the header rows: <thead> repeats them
            while repeated < len(block.rows) - 1 and _repeats_header(previous, repeated, block.rows[repeated]):
                repeated += 1
            previous.rows += block.rows[repeated:]
            previous.lines += block.lines[repeated:]
        else:
            blocks.append(Table(block.rows, block.lines, page_break=block.page_break))
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            _shape(block)
        else:
            block.heading = _is_heading(blocks, i)
    return blocks


@dataclass
class _Rows:
    """Consecutive TAB lines of the seed, trailing columns empty in every row cut off."""
    rows: list[list[str]]
    lines: list[int]
    after_blank: bool
    page_break: bool


def _line_blocks(text: str, lines: tuple[int, int] | None) -> list[Paragraph | _Rows]:
    all_lines = text.split("\n")
    first, last = lines or (1, len(all_lines))
    blocks: list[Paragraph | _Rows] = []
    blank_run, page_break = 0, False
    for number in range(first, min(last, len(all_lines)) + 1):
        line = all_lines[number - 1]
        if "\f" in line:
            page_break, line = True, line.replace("\f", "")
        if not line.strip():
            blank_run += 1
            page_break = page_break or blank_run >= PAGE_BREAK_BLANKS
            continue
        if "\t" not in line:
            blocks.append(Paragraph(line.strip(), number, after_blank=blank_run > 0, page_break=page_break))
        elif blocks and isinstance(blocks[-1], _Rows) and not blank_run:
            blocks[-1].rows.append([c.strip() for c in line.split("\t")])
            blocks[-1].lines.append(number)
        else:
            blocks.append(_Rows([[c.strip() for c in line.split("\t")]], [number], blank_run > 0, page_break))
        blank_run, page_break = 0, False
    for block in blocks:
        if isinstance(block, _Rows):
            width = max(max((i + 1 for i, c in enumerate(r) if c), default=1) for r in block.rows)
            block.rows = [(r + [""] * width)[:width] for r in block.rows]
    return blocks


def _header_like(cells: list[str], first_row: bool) -> bool:
    """Labels only: no list number, no amount; a later header row has an empty first cell."""
    filled = [c for c in cells if c]
    if not filled or (not first_row and cells[0]):
        return False
    return not any(_NUMBERED.match(c) or _AMOUNT.match(c) for c in filled)


def _repeats_header(table: Table, index: int, cells: list[str]) -> bool:
    """``cells`` print again the table's header row ``index`` (OCR may read it a little differently)."""
    header = table.rows[: index + 1]
    if index >= len(table.rows) - 1 or not all(_header_like(row, first_row=i == 0) for i, row in enumerate(header)):
        return False
    return SequenceMatcher(None, " ".join(cells), " ".join(table.rows[index])).ratio() >= 0.8


def _shape(table: Table) -> None:
    """Column count, header rows and row spans of a table read from the seed."""
    table.columns = max(len(r) for r in table.rows)
    table.rows = rows = [r + [""] * (table.columns - len(r)) for r in table.rows]
    header = 0
    if len(rows) > 1 and _header_like(rows[0], first_row=True):
        header = 1
        while header < len(rows) - 1 and _header_like(rows[header], first_row=False):
            header += 1
    table.header_rows = header
    grouping = 2 if table.wide else 1 if table.columns >= 4 else 0
    for start, end, columns in ((0, header, range(table.columns)), (header, len(rows), range(grouping))):
        for column in columns:
            owner = None
            for r in range(start, end):
                if rows[r][column] or owner is None or not any(rows[r]):
                    owner = r if rows[r][column] else None
                else:
                    table.spans[(owner, column)] = table.spans.get((owner, column), 1) + 1
                    table.spans[(r, column)] = 0  # covered by the cell above


def _is_heading(blocks: list[Paragraph | Table], i: int) -> bool:
    """A short line standing alone (a blank line or a page break before and after it) that names
    a part, or is bold in the seed."""
    block = blocks[i]
    following = blocks[i + 1] if i + 1 < len(blocks) else None
    before = block.after_blank or block.page_break or i == 0
    after = following is None or isinstance(following, Table) or following.after_blank or following.page_break
    return before and after and len(block.text) <= HEADING_CHARS and bool(_HEADING.match(block.text))


# --- HTML ---

_CSS = f"""
@page {{ size: A4; margin: 2.5cm 2cm 2cm 3cm; }}
@page wide {{ size: A4 landscape; margin: 2cm 2cm 2cm 2.5cm; }}
body {{ font-family: "{FONT_FAMILY}"; font-size: {BODY_PT}pt; line-height: 1.1; margin: 0; }}
p {{ margin: 0; text-indent: 0; }}
p.gap {{ margin-top: 0.5em; }}
p.body {{ text-indent: 2.5cm; }}
p.item {{ padding-left: 1.25cm; }}
p.heading {{ font-weight: bold; }}
p.title {{ font-weight: bold; text-align: center; font-size: {BODY_PT + 2}pt; }}
.page-break {{ break-before: page; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.4em 0; }}
th, td {{ border: 0.75pt solid #000; padding: 1pt 4pt; vertical-align: top; text-align: left; }}
th {{ font-weight: bold; text-align: center; vertical-align: middle; }}
td p + p {{ margin-top: 0.2em; }}
table.wide {{ page: wide; }}
"""


def plan_html(text: str, lines: tuple[int, int] | None = None, title: str = "plan") -> str:
    """The seed (or its lines ``first..last``) as one HTML document laid out like a Word plan."""
    blocks = seed_blocks(text, lines)
    body: list[str] = []
    top_of_page, bold = True, False
    for block in blocks:
        if block.page_break:
            top_of_page = True
        if isinstance(block, Table):
            body.append(_table_html(block))
            top_of_page = False
            continue
        classes = ["page-break"] if block.page_break and body else []
        if block.heading:
            classes.append("title" if top_of_page and not _NUMBERED.match(block.text) else "heading")
        else:
            top_of_page = False
            long_line = len(block.text) > 2 * HEADING_CHARS
            classes.append("item" if block.text.startswith("- ") else "body" if long_line else "")
        if block.after_blank and not block.page_break:
            classes.append("gap")
        text, bold = _inline(block.text, bold)
        body.append(f'<p class="{" ".join(c for c in classes if c)}">{text}</p>')
    return (f'<!doctype html>\n<html lang="th"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{_CSS}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n")


def _inline(text: str, bold: bool = False) -> tuple[str, bool]:
    """Escaped text with the seed's markdown bold (``**…**``, which may run over several lines) as
    <b>; returns whether bold is still open at the end."""
    out = []
    for k, part in enumerate(text.split("**")):
        bold = bold != (k > 0)
        if part:
            out.append(f"<b>{html.escape(part, quote=False)}</b>" if bold else html.escape(part, quote=False))
    return "".join(out), bold


def _cell_html(text: str) -> str:
    """A cell's paragraphs: the seed's <p>/<li> pieces each one paragraph, everything else escaped."""
    pieces = [p.strip() for p in _CELL_TAG.split(text)]
    return "".join(f"<p>{_inline(p)[0]}</p>" for p in pieces if p)


def _column_widths(table: Table) -> str:
    """Widths as a Word user drags them: in proportion to the column's mean text length (a budget
    table's project titles wide, its amounts narrow); Chromium still keeps every column wide
    enough for its longest word."""
    weights = []
    for c in range(table.columns):
        texts = [_CELL_TAG.sub(" ", row[c]) for row in table.rows[table.header_rows:] if row[c]]
        mean = sum(map(len, texts)) / len(texts) if texts else 0
        weights.append(min(max(mean, MIN_COLUMN_WEIGHT), MAX_COLUMN_WEIGHT))
    columns = "".join(f'<col style="width: {100 * w / sum(weights):.1f}%">' for w in weights)
    return f"<colgroup>{columns}</colgroup>"


def _table_html(table: Table) -> str:
    classes = " ".join(c for c in ("wide" if table.wide else "", "page-break" if table.page_break else "") if c)
    style = ""
    if table.wide:
        size = max(SMALLEST_PT, round(WIDE_TABLE_PT * min(1, WIDE_TABLE_COLUMNS / table.columns), 1))
        style = f' style="font-size: {size}pt"'
    out = [f'<table class="{classes}"{style}>' if classes else "<table>", _column_widths(table)]
    for r, row in enumerate(table.rows):
        if r == 0 and table.header_rows:
            out.append("<thead>")
        if r == table.header_rows:
            out.append("<tbody>")
        tag = "th" if r < table.header_rows else "td"
        cells = []
        for c, cell in enumerate(row):
            span = table.spans.get((r, c), 1)
            if span == 0:
                continue
            rowspan = f' rowspan="{span}"' if span > 1 else ""
            cells.append(f"<{tag}{rowspan}>{_cell_html(cell)}</{tag}>")
        out.append(f'<tr data-line="{table.lines[r]}">' + "".join(cells) + "</tr>")
        if r == table.header_rows - 1:
            out.append("</thead>")
    out.append("</tbody></table>")
    return "\n".join(out)


# --- printing ---

def chromium() -> str:
    found = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if not found:
        raise FileNotFoundError("headless Chromium is missing: run `make setup` (Debian package chromium)")
    return found


def print_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Print an HTML file to PDF with headless Chromium (no header or footer lines)."""
    pdf_path = Path(pdf_path).resolve()
    pdf_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="plan-pdf-chromium-") as profile:
        result = subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}",
             Path(html_path).resolve().as_uri()],
            capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_S)
    if not pdf_path.exists() or pdf_path.stat().st_size == 0:
        raise RuntimeError(f"Chromium printed no PDF of {html_path} (exit {result.returncode}): "
                           + result.stderr[-1000:])
    return pdf_path


def plan_to_pdf(text: str, path: Path, lines: tuple[int, int] | None = None) -> Path:
    """Print a seed text (or its lines ``first..last``, 1-based, inclusive) as a Word-like PDF."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="plan-pdf-") as folder:
        html_path = Path(folder) / f"{path.stem}.html"
        html_path.write_text(plan_html(text, lines, title=path.stem), encoding="utf-8")
        return print_pdf(html_path, path)


# --- a small plan for tests: the structures issues 15 and 16 read, on a few pages ---

# (seed, (first line, last line)): 000's budget table (two seed pages, merged dimension and mission
# cells), 003's first two project cards, 001's risk assessment table, 001's order appointing the
# committee with its member list.
SAMPLE_PARTS = (("000", (180, 200)), ("003", (1, 152)), ("001", (99, 112)), ("001", (3856, 3905)))


def seed_slices(parts: tuple[tuple[str, tuple[int, int]], ...] = SAMPLE_PARTS) -> str:
    """The given line ranges of the seeds (1-based, inclusive), each part on new pages."""
    from tests.conftest import seed_text

    page_break = "\n" * (PAGE_BREAK_BLANKS + 1)
    return page_break.join("\n".join(seed_text(seed).split("\n")[first - 1:last]) for seed, (first, last) in parts)

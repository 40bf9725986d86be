"""Report: one self-contained HTML page about an output folder, readable offline.

Sections: documents processed and failed, rows per table, budget per dimension per year (a
matplotlib chart embedded as inline SVG with text drawn as paths, so no font or network is
needed to view it), failed checks, and the lowest-confidence fields with their source lines.
"""

from __future__ import annotations

import functools
import html
import io
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.review import SourceLines, read_rows, require_output_folder
from pipeline.schemas import SCHEMAS

REPORT_FILE = "report.html"
LOWEST_CONFIDENCE_SHOWN = 40
FAILED_CHECKS_SHOWN = 200
# Fonts with Thai glyphs, preferred first (Debian fonts-thai-tlwg: Garuda, Loma, ...).
THAI_FONTS = ("Garuda", "Loma", "Norasi", "Kinnari", "Waree", "Sawasdee", "Umpush", "Noto Sans Thai")

CSS = """
body { font-family: Garuda, Loma, "Noto Sans Thai", sans-serif; margin: 1.5rem 2rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .85rem; }
th, td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.src { font-family: monospace; white-space: pre-wrap; max-width: 40rem; color: #444; }
.status-success { color: #1a7f37; } .status-partial { color: #b35900; } .status-failure { color: #c62828; }
.chart svg { max-width: 100%; height: auto; } .muted { color: #666; }
"""


def _e(value) -> str:
    return "" if value is None else html.escape(str(value))


def _table(headers: list[str], rows: list[list], numeric: set[int] = frozenset(), source: set[int] = frozenset(),
           css_class: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            cls = "num" if i in numeric else "src" if i in source else ""
            cells.append(f'<td class="{cls}">{value}</td>' if cls else f"<td>{value}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _money(value) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _sum(values) -> float | None:
    amounts = [v for v in values if v is not None]
    return sum(amounts) if amounts else None


@functools.cache
def thai_font() -> str | None:
    """Name of an installed font with Thai glyphs, registering it with matplotlib if needed."""
    from matplotlib import font_manager

    def known() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((n for n in THAI_FONTS if n in names), None)

    if found := known():
        return found
    # Fonts installed after matplotlib cached its font list are not in it yet.
    for path in font_manager.findSystemFonts():
        if Path(path).stem.split("-")[0] in THAI_FONTS:
            font_manager.fontManager.addfont(path)
    return known()


def budget_by_dimension(budget_lines: list[dict], projects: list[dict]
                        ) -> dict[str, dict[int | None, dict[int, float | None]]]:
    """doc_id -> dimension_no -> fiscal_year_be -> baht; None where every cell printed '-'."""
    dimension_of = {(p["doc_id"], p["project_no"]): p["dimension_no"] for p in projects}
    totals: dict = defaultdict(lambda: defaultdict(dict))
    for line in budget_lines:
        if line["fiscal_year_be"] is None:
            continue
        dimension = line.get("dimension_no") or dimension_of.get((line["doc_id"], line["project_no"]))
        per_year = totals[line["doc_id"]][dimension]
        year, amount = line["fiscal_year_be"], line["amount_thb"]
        per_year[year] = per_year.get(year) if amount is None else (per_year.get(year) or 0.0) + amount
    return totals


def budget_chart_svg(title: str, by_dimension: dict[int | None, dict[int, float]], salt: str) -> str:
    """Grouped bar chart (years on x, one bar per dimension) as an inline <svg> element."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    font = thai_font()
    thai = font is not None
    years = sorted({y for per_year in by_dimension.values() for y in per_year})
    dimensions = sorted(by_dimension, key=lambda d: (d is None, d or 0))
    rc = {"svg.fonttype": "path", "svg.hashsalt": salt, "font.size": 10}
    if thai:
        rc["font.family"] = [font, "DejaVu Sans"]
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(9, 4), layout="constrained")
        ax = fig.add_subplot()
        width = 0.8 / max(1, len(dimensions))
        for i, dimension in enumerate(dimensions):
            label = (f"มิติที่ {dimension}" if thai else f"dimension {dimension}") if dimension is not None \
                else ("ไม่ระบุมิติ" if thai else "no dimension")
            xs = [j + (i - (len(dimensions) - 1) / 2) * width for j in range(len(years))]
            ax.bar(xs, [by_dimension[dimension].get(y) or 0.0 for y in years], width, label=label,
                   color=f"C{i % 10}")
        ax.set_xticks(range(len(years)), [str(y) for y in years])
        ax.set_xlabel("ปีงบประมาณ (พ.ศ.)" if thai else "fiscal year (BE)")
        ax.set_ylabel("บาท" if thai else "baht")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.set_title(title if thai else "budget per dimension per year")
        ax.grid(axis="y", color="#ddd")
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _documents_section(documents: list[dict], errors: list[dict], checks: list[dict]) -> str:
    failed_checks = Counter(c["doc_id"] for c in checks if c["status"] == "fail")
    status = Counter(d["status"] for d in documents)
    known = {d["source_file"] for d in documents}
    failed_inputs = [e for e in errors if e["source_file"] not in known]
    rows = [[_e(Path(d["source_file"]).name), _e(d["doc_type"]), _e(d["organization"]),
             f'<span class="status-{_e(d["status"])}">{_e(d["status"])}</span>',
             "" if d["quality_score"] is None else f"{d['quality_score']:.2f}", failed_checks[d["doc_id"]]]
            for d in documents]
    rows += [[_e(Path(e["source_file"]).name), "", "", '<span class="status-failure">failure</span>', "", ""]
             for e in failed_inputs]
    summary = (f"<p>{len(documents) + len(failed_inputs)} documents: {status['success']} extracted fully, "
               f"{status['partial']} partly (a stage failed), {len(failed_inputs)} failed to read.</p>")
    out = [summary, _table(["source file", "type", "organisation", "status", "quality", "failed checks"],
                           rows, numeric={4, 5})]
    if errors:
        out.append("<h3>Errors</h3>")
        out.append(_table(["source file", "stage", "error", "message"],
                          [[_e(Path(e["source_file"]).name), _e(e["stage"]), _e(e["error_type"]), _e(e["message"])]
                           for e in errors]))
    return "\n".join(out)


def _budget_section(out_dir: Path, documents: list[dict]) -> str:
    totals = budget_by_dimension(read_rows(out_dir, "budget_lines"), read_rows(out_dir, "projects"))
    if not totals:
        return '<p class="muted">No budget lines were extracted.</p>'
    names = {(d["doc_id"], d["dimension_no"]): d["name"] for d in read_rows(out_dir, "dimensions")}
    parts = []
    for doc in documents:
        by_dimension = totals.get(doc["doc_id"])
        if not by_dimension:
            continue
        title = doc["organization"] or Path(doc["source_file"]).stem
        years = sorted({y for per_year in by_dimension.values() for y in per_year})
        rows = [[_e(d if d is not None else "-"), _e(names.get((doc["doc_id"], d))),
                 *[_money(by_dimension[d].get(y)) for y in years], _money(_sum(by_dimension[d].values()))]
                for d in sorted(by_dimension, key=lambda d: (d is None, d or 0))]
        parts.append(f"<h3>{_e(title)} <span class='muted'>({_e(Path(doc['source_file']).name)})</span></h3>")
        parts.append(f'<div class="chart">{budget_chart_svg(title, by_dimension, doc["doc_id"])}</div>')
        parts.append(_table(["dimension", "name", *map(str, years), "all years"], rows,
                            numeric=set(range(2, len(years) + 3))))
    return "\n".join(parts)


def _checks_section(checks: list[dict], sources: SourceLines) -> str:
    failed = sorted((c for c in checks if c["status"] == "fail"),
                    key=lambda c: (c["severity"] != "error", sources.source_file(c["doc_id"]), c["source_line"] or 0))
    if not failed:
        return '<p class="muted">No check failed.</p>'
    rows = [[_e(Path(sources.source_file(c["doc_id"])).name), _e(c["severity"]), _e(c["check"]), _e(c["subject"]),
             _e(c["expected"]), _e(c["observed"]), _e(c["message"]), _e(c["source_line"])]
            for c in failed[:FAILED_CHECKS_SHOWN]]
    more = len(failed) - FAILED_CHECKS_SHOWN
    note = f"<p class='muted'>{more} more: see <code>thaiplan review</code>.</p>" if more > 0 else ""
    return _table(["source file", "severity", "check", "subject", "expected", "observed", "message", "line"],
                  rows, numeric={7}) + note


def _low_confidence_section(fields: list[dict], sources: SourceLines) -> str:
    scored = sorted((f for f in fields if f["confidence"] is not None),
                    key=lambda f: (f["confidence"], sources.source_file(f["doc_id"]), f["source_line"] or 0))
    if not scored:
        return '<p class="muted">No field confidence was recorded.</p>'
    rows = [[_e(Path(sources.source_file(f["doc_id"])).name), _e(f["table"]), _e(f["row_key"]), _e(f["field"]),
             _e(f["value"]), f"{f['confidence']:.2f}", _e(f["reason"]), _e(f["source_line"]),
             _e(sources.line(f["doc_id"], f["source_line"]))]
            for f in scored[:LOWEST_CONFIDENCE_SHOWN]]
    return _table(["source file", "table", "row", "field", "value", "confidence", "reason", "line", "source text"],
                  rows, numeric={5, 7}, source={8})


def _count_rows(out_dir: Path, table: str) -> int:
    path = Path(out_dir) / f"{table}.parquet"
    return pq.read_table(path, columns=[]).num_rows if path.exists() else 0


def report_html(out_dir: Path) -> str:
    """The whole report page for the tables in ``out_dir``."""
    require_output_folder(out_dir)
    documents = read_rows(out_dir, "documents")
    errors = read_rows(out_dir, "errors")
    checks = read_rows(out_dir, "checks")
    sources = SourceLines(documents)
    counts = [[f"<code>{t}</code>", _count_rows(out_dir, t)] for t in SCHEMAS]
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    sections = [
        ("documents", "Documents", _documents_section(documents, errors, checks)),
        ("rows", "Rows per table", _table(["table", "rows"], counts, numeric={1})),
        ("budget", "Budget per dimension per year", _budget_section(out_dir, documents)),
        ("checks", "Failed checks", _checks_section(checks, sources)),
        ("low-confidence", f"Lowest-confidence fields (the {LOWEST_CONFIDENCE_SHOWN} lowest)",
         _low_confidence_section(read_rows(out_dir, "field_confidence"), sources)),
    ]
    body = "\n".join(f'<section id="{sid}"><h2>{_e(title)}</h2>\n{content}</section>'
                     for sid, title, content in sections)
    return (f'<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8">'
            f"<title>thaiplan report: {_e(Path(out_dir).resolve().name)}</title><style>{CSS}</style></head>\n"
            f"<body><h1>thaiplan report</h1><p class='muted'>{_e(Path(out_dir).resolve())} · thaiplan "
            f"{__version__} · {generated}</p>\n{body}\n</body></html>\n")


def write_report(out_dir: Path) -> Path:
    target = Path(out_dir) / REPORT_FILE
    target.write_text(report_html(out_dir), encoding="utf-8")
    return target

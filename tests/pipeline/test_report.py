"""`thaiplan report`: a self-contained HTML page that renders in a real browser (headless Chromium)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from pipeline.cli import cli
from pipeline.report import budget_by_dimension, report_html
from pipeline.writer import write_tables
from tests.conftest import seed_path

YEARS = range(2566, 2571)
# Seed 000's budget table: per dimension, the yearly amounts of its projects (project_no, baht).
PLAN = {1: [(1, 10000.0), (2, 30000.0), (3, None), (5, 15000.0)], 2: [(8, None)], 3: [(16, 30000.0)],
        4: [(23, 50000.0)]}
DOC_ID = "a" * 64


@pytest.fixture(scope="module")
def plan_tables(tmp_path_factory) -> Path:
    """An output folder with seed 000's budget lines, one failed check and low-confidence fields."""
    out = tmp_path_factory.mktemp("report")
    source = out / seed_path("000").name
    shutil.copy(seed_path("000"), source)
    budget_lines = [{"doc_id": DOC_ID, "project_no": p, "dimension_no": d, "fiscal_year_be": y, "amount_thb": a,
                     "confidence": 0.95, "source_line": 190 + p}
                    for d, projects in PLAN.items() for p, a in projects for y in YEARS]
    write_tables(out, {
        "documents": [{"doc_id": DOC_ID, "source_file": str(source), "doc_type": "action_plan", "status": "success",
                       "organization": "เทศบาลตำบลคลองแสนแสบ", "quality_score": 0.9}],
        "dimensions": [{"doc_id": DOC_ID, "dimension_no": 1, "name": "การสร้างวัฒนธรรมสุจริต"}],
        "budget_lines": budget_lines,
        "checks": [{"doc_id": DOC_ID, "check": "dimension_subtotal", "subject": "dimension=4;fiscal_year_be=2566",
                    "status": "fail", "expected": "30000", "observed": "50000", "severity": "error",
                    "message": "stated subtotal differs from the sum of its rows", "source_line": 226}],
        "field_confidence": [{"doc_id": DOC_ID, "table": "budget_lines", "row_key": "project_no=2;fiscal_year_be=2566",
                              "field": "amount_thb", "value": "30000.0", "confidence": 0.4,
                              "reason": "inferred from neighbouring rows", "source_line": 191}],
        "errors": [{"source_file": str(out / "empty.txt"), "stage": "read", "error_type": "empty_file",
                    "message": "empty.txt: is empty; nothing to extract."}],
    })
    result = CliRunner().invoke(cli, ["report", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_budget_is_summed_per_dimension_and_year_with_dash_cells_as_nothing():
    lines = [{"doc_id": "d", "project_no": 1, "dimension_no": 1, "fiscal_year_be": 2566, "amount_thb": 10000.0},
             {"doc_id": "d", "project_no": 2, "dimension_no": None, "fiscal_year_be": 2566, "amount_thb": 30000.0},
             {"doc_id": "d", "project_no": 3, "dimension_no": 1, "fiscal_year_be": 2566, "amount_thb": None}]
    projects = [{"doc_id": "d", "project_no": 2, "dimension_no": 1}]
    assert budget_by_dimension(lines, projects) == {"d": {1: {2566: 40000.0}}}
    assert budget_by_dimension(lines[2:], []) == {"d": {1: {2566: None}}}


def test_report_is_self_contained_with_chart_tables_checks_and_source_lines(plan_tables):
    page = (plan_tables / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "the report must not load anything"
    assert page.count("<svg") == 1
    assert "dimension_subtotal" in page and "stated subtotal differs" in page
    assert "empty.txt" in page and "failure" in page
    # the low-confidence field shows the budget-table row it came from (source line 191)
    assert "inferred from neighbouring rows" in page
    assert "๓๐,๐๐๐" in page.split('id="low-confidence"')[1]


def test_report_on_the_seeds_has_every_section(extracted):
    page = report_html(extracted)
    for section in ("documents", "rows", "budget", "checks", "low-confidence"):
        assert f'<section id="{section}">' in page
    assert page.count("<tr>") > 5 + 18  # a row per document and per table at least


def _chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.fail("chromium is not installed: run `make setup` (it installs the Debian packages in packages.apt)")
    return binary


def _run_chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}", *args, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
def test_report_renders_chart_and_tables_in_headless_chromium(plan_tables, tmp_path):
    # A copy of the page that writes the chart's box into the DOM, so the screenshot can be cropped to it.
    probe = tmp_path / "probe.html"
    probe.write_text((plan_tables / "report.html").read_text(encoding="utf-8").replace(
        "</body>", "<script>document.body.dataset.chart = JSON.stringify("
                   "document.querySelector('.chart svg').getBoundingClientRect())</script></body>"), encoding="utf-8")
    dom = _run_chromium(probe.as_uri(), tmp_path / "profile", "--window-size=1280,2000", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert re.search(r"<svg[^>]*>.*<path", dom.stdout, re.S), "the chart's svg did not render into the DOM"
    assert dom.stdout.count("<table") >= 4, "documents, rows, budget, checks and fields tables"
    box = json.loads(re.search(r'data-chart="([^"]+)"', dom.stdout).group(1).replace("&quot;", '"'))
    assert box["width"] > 400 and box["height"] > 150

    screenshot = tmp_path / "report.png"
    shot = _run_chromium(probe.as_uri(), tmp_path / "profile", "--window-size=1280,2000",
                         "--hide-scrollbars", f"--screenshot={screenshot}")
    assert shot.returncode == 0 and screenshot.exists(), shot.stderr[-2000:]
    with Image.open(screenshot) as image:
        chart = image.convert("RGB").crop((int(box["x"]), int(box["y"]), int(box["x"] + box["width"]),
                                           int(box["y"] + box["height"])))
    pixels = np.asarray(chart, dtype=int)
    drawn = (pixels.min(axis=2) < 235).mean()
    coloured = (pixels.max(axis=2) - pixels.min(axis=2) > 60).mean()
    assert drawn > 0.05, f"chart area is blank ({drawn:.1%} drawn)"
    assert coloured > 0.02, f"no bars in the chart ({coloured:.1%} coloured pixels)"

"""Budget tables OCR misread: numbers read again through look-alike digits where the table's own
arithmetic and numbering call for it, and what no reading repairs kept out of the trusted band."""

from __future__ import annotations

from extractors.records import CROSS_FAIL, REPAIRED
from tests.extractors.test_budget_table import amounts, failed, line_of, project, read

HEADER = "มิติ\tภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี 2566\tปี 2567\tปี 2568\tปี 2569\tปี 2570\tหมายเหตุ"
YEARS = [2566, 2567, 2568, 2569, 2570]


def row(cells: str, *values: str, unit: str = "สป.") -> str:
    return "\t".join([cells, *values, unit])


def table(project_2: str = "20,000", subtotal_1: str = "30,000", grand: str = "35,000", number_2: str = "2",
          number_3: str = "3") -> list[str]:
    """Two dimensions: projects 1 (10,000) and 2 (20,000), subtotal 30,000; project 3 (5,000),
    subtotal 5,000; grand total 35,000. The arguments replace what 2567 prints (and the numbers)."""
    def year(value: str, misread: str) -> list[str]:
        return [value, misread, value, value, value]
    return [
        HEADER,
        row("1. การสร้างวัฒนธรรมสุจริต\t1.1 การเสริมสร้างจิตสำนึก\t1.โครงการพัฒนาความรู้", *["10,000"] * 5),
        row(f"\t\t{number_2}.โครงการฝึกอบรมคุณธรรม", *year("20,000", project_2)),
        row("\tรวม\t2 โครงการ", *year("30,000", subtotal_1), unit=""),
        row(f"2. การบริหารราชการด้วยความโปร่งใส\t2.1 การเปิดเผยข้อมูล\t{number_3}.มาตรการเปิดเผยข้อมูล", *["5,000"] * 5),
        row("\tรวม\t1 โครงการ", *["5,000"] * 5, unit=""),
        row("รวมทั้งสิ้น\t\t3 โครงการ", *year("35,000", grand), unit=""),
    ]


def test_an_amount_misread_through_a_look_alike_digit_is_read_as_the_subtotals_call_for():
    tables = read(table(project_2="60,000"))  # ๖๐,๐๐๐ printed for ๒๐,๐๐๐
    line = line_of(tables, 2, 2567)
    assert line.values["amount_thb"] == 20000 and line.values["amount_text"] == "60,000"
    assert line.scores["amount_thb"].reason.startswith(REPAIRED) and line.values["confidence"] < 0.9
    assert not failed(tables, "budget_subtotal") and not failed(tables, "budget_grand_total_vs_rows")
    assert line_of(tables, 1, 2567).values["confidence"] >= 0.9  # the rest of the year stays trusted


def test_a_misread_subtotal_is_repaired_and_the_amounts_it_checks_stay_trusted():
    tables = read(table(subtotal_1="80,000"))  # ๘ for ๓
    stated = next(t for t in tables["budget_totals"] if t.values["dimension_no"] == 1 and t.values["fiscal_year_be"] == 2567)
    assert stated.values["stated_amount_thb"] == 30000 and stated.values["stated_amount_text"] == "80,000"
    assert stated.scores["stated_amount_thb"].reason.startswith(REPAIRED)
    assert amounts(tables, 2)[2567] == 20000 and line_of(tables, 2, 2567).values["confidence"] >= 0.9


def test_an_amount_no_reading_repairs_stays_out_of_the_trusted_band_and_its_check_fails():
    tables = read(table(project_2="90,000"))  # ๙ has no look-alike
    line = line_of(tables, 2, 2567)
    assert line.values["amount_thb"] == 90000 and line.values["confidence"] < 0.9
    assert CROSS_FAIL in line.scores["amount_thb"].reason
    assert "dimension=1;fiscal_year_be=2567" in failed(tables, "budget_subtotal")


def test_a_speck_inside_an_amount_is_read_through():
    tables = read(table(project_2="20,0|00"))
    assert amounts(tables, 2) == dict.fromkeys(YEARS, 20000)
    assert not failed(tables, "budget_subtotal")


def test_a_project_number_misread_is_the_number_between_its_neighbours():
    tables = read(table(number_2="6"))  # ๖ printed for ๒
    assert [p.values["project_no"] for p in tables["projects"]] == [1, 2, 3]
    assert project(tables, 2) and not failed(tables, "project_numbering")
    number = next(p for p in tables["projects"] if p.values["project_no"] == 2).scores["project_no"]
    assert number.reason.startswith(REPAIRED) and number.confidence < 0.9


def test_a_project_number_no_reading_repairs_is_in_doubt_with_its_amounts():
    tables = read(table(number_2="9"))  # 9 between 1 and 3: no look-alike gives 2
    assert failed(tables, "project_numbering")
    assert next(p for p in tables["projects"] if p.values["project_no"] == 9).scores["project_no"].confidence < 0.9
    assert all(line_of(tables, 9, year).values["confidence"] < 0.9 for year in YEARS)


def test_a_year_column_misread_is_read_as_the_run_of_years():
    lines = table()
    lines[0] = lines[0].replace("ปี 2568", "ปี 6568")  # ๖ for ๒
    tables = read(lines)
    assert sorted({r.values["fiscal_year_be"] for r in tables["budget_lines"]}) == YEARS
    assert "6568" in next(c.values["message"] for c in tables["checks"] if c.values["check"] == "budget_table_years")


def test_two_misreads_that_cancel_in_a_subtotal_are_not_trusted():
    lines = table()
    # 2567: project 1's ๖๐,๐๐๐ read as ๒๐,๐๐๐ (-40,000) and project 2's ๒๐,๐๐๐ as ๖๐,๐๐๐ (+40,000)
    lines[1] = row("1. การสร้างวัฒนธรรมสุจริต\t1.1 การเสริมสร้างจิตสำนึก\t1.โครงการพัฒนาความรู้",
                   "60,000", "20,000", "60,000", "60,000", "60,000")
    lines[2] = row("\t\t2.โครงการฝึกอบรมคุณธรรม", "20,000", "60,000", "20,000", "20,000", "20,000")
    lines[3] = row("\tรวม\t2 โครงการ", *["80,000"] * 5, unit="")
    lines[6] = row("รวมทั้งสิ้น\t\t3 โครงการ", *["85,000"] * 5, unit="")
    tables = read(lines)
    assert not failed(tables, "budget_subtotal")  # the two misreads cancel
    assert line_of(tables, 1, 2567).values["confidence"] < 0.9 and line_of(tables, 2, 2567).values["confidence"] < 0.9
    assert line_of(tables, 1, 2566).values["confidence"] >= 0.9

"""`thaiplan evaluate`: field-level accuracy against gold, calibration bands, and the accuracy floor."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.evaluate import MISSING_ROW, below_floor, evaluate, floor_of, same_value
from pipeline.writer import write_tables
from tests.conftest import GOLD, ROOT

FLOOR_FILE = ROOT / "tests" / "accuracy_floor.json"
DOC = "d" * 64
SOURCE = "000_a3c3a8c6921e455a.txt"


def make_case(tmp_path: Path, gold: dict, rows: dict[str, list[dict]]) -> tuple[Path, Path]:
    """An output folder with ``rows`` for document DOC, and a gold folder with one file."""
    gold_dir, out = tmp_path / "gold", tmp_path / "out"
    gold_dir.mkdir(parents=True)
    (gold_dir / f"{Path(SOURCE).stem}.gold.json").write_text(
        json.dumps({"source_file": SOURCE, **gold}, ensure_ascii=False), encoding="utf-8")
    documents = [{"doc_id": DOC, "source_file": f"data/raw/{SOURCE}", "status": "success", "doc_type": "action_plan"}]
    write_tables(out, {"documents": documents,
                       **{t: [{"doc_id": DOC, **r} for r in table_rows] for t, table_rows in rows.items()}})
    return out, gold_dir


def test_text_is_compared_after_normalisation_and_amounts_within_half_a_baht():
    assert same_value("ปีงบประมาณ พ.ศ. 2566-2570", "ปีงบประมาณ  พ.ศ. ๒๕๖๖-๒๕๗๐")
    assert same_value("การดำเนินงาน", "การดําเนินงาน")  # sara am split by OCR
    assert same_value(["สำนักปลัด", "กองคลัง"], ["สำนักปลัด", " กองคลัง"])
    assert same_value(135000, 135000.4)
    assert not same_value(135000, 135001)
    assert same_value(None, None) and not same_value(None, 0.0) and not same_value(0, None)
    assert not same_value("เทศบาลตำบลคลองแสนแสบ", "เทศบาลตำบลคลองแสงแสง")


def test_right_field_counts_and_wrong_field_is_a_miss_with_its_source_line(tmp_path):
    gold = {"dimensions": [{"dimension_no": 1, "name": "การสร้างวัฒนธรรมสุจริต", "stated_project_count": 7}]}
    rows = {"dimensions": [{"dimension_no": 1, "name": "การสร้างวัฒนธรรม สุจริต", "stated_project_count": 6,
                            "source_line": 65}]}
    result = evaluate(*make_case(tmp_path, gold, rows))
    assert result.tables["dimensions"].fields == 2
    assert result.tables["dimensions"].right == 0
    by_field = {m.field: m for m in result.misses}
    assert (by_field["stated_project_count"].expected, by_field["stated_project_count"].got) == (7, 6)
    assert by_field["stated_project_count"].source_line == 65
    assert by_field["name"].note == "differs only in spaces"
    rows["dimensions"][0].update(name="การสร้างวัฒนธรรมสุจริต", stated_project_count=7)
    result = evaluate(*make_case(tmp_path / "fixed", gold, rows))
    assert result.overall.accuracy == 1.0 and result.misses == []


def test_budgets_are_scored_per_year_and_a_missing_row_is_a_miss(tmp_path):
    gold = {"projects": [{"project_no": 3, "dimension_no": 1, "mission_code": "1.1", "title": "มาตรการส่งเสริม",
                          "budgets": {"2566": None, "2567": 10000}, "responsible_unit": None}],
            "totals": [{"scope": "grand", "dimension_no": None, "stated_project_count": 25,
                        "stated": {"2566": 135000}}]}
    rows = {"budget_lines": [{"project_no": 3, "fiscal_year_be": 2566, "amount_thb": None},
                             {"project_no": 3, "fiscal_year_be": 2567, "amount_thb": 10000.0},
                             {"project_no": 4, "fiscal_year_be": 2567, "amount_thb": 5.0}],
            "budget_totals": [{"scope": "grand", "dimension_no": None, "fiscal_year_be": 2566,
                               "stated_amount_thb": 135000.0, "stated_project_count": 25}]}
    result = evaluate(*make_case(tmp_path, gold, rows))
    tables = result.tables
    assert (tables["budget_lines"].fields, tables["budget_lines"].right) == (2, 2)
    assert (tables["budget_totals"].fields, tables["budget_totals"].right) == (2, 2)
    assert (tables["projects"].fields, tables["projects"].right) == (4, 0)
    assert {m.got for m in result.misses} == {MISSING_ROW}
    assert [(e["table"], e["row_key"]) for e in result.extra_rows] == [("budget_lines", "project_no=4;fiscal_year_be=2567")]


def test_cards_are_matched_by_position_and_ambiguous_objects_are_skipped(tmp_path):
    gold = {"project_cards": [
        {"card_no": 1, "title": "โครงการ ก", "ambiguous": True, "note": "page missing"},
        {"card_no": 2, "title": "โครงการ ข", "n_objectives": 3, "n_methods": 2}]}
    rows = {"project_cards": [
        {"card_seq": 1, "card_no": 9, "title": "ผิด"},
        {"card_seq": 2, "card_no": 2, "title": "โครงการ ข", "objectives": ["ก", "ข", "ค"], "methods": ["ก"],
         "source_line": 400}]}
    result = evaluate(*make_case(tmp_path, gold, rows))
    assert result.documents[0].skipped_ambiguous == 1
    assert (result.tables["project_cards"].fields, result.tables["project_cards"].right) == (4, 3)
    [miss] = result.misses
    assert (miss.row_key, miss.field, miss.expected, miss.got, miss.source_line) == ("card_seq=2", "n_methods", 2, 1, 400)


def test_calibration_counts_fields_per_confidence_band(tmp_path):
    gold = {"report_items": [{"seq": 1, "title": "โครงการ ก", "status": "completed", "budget_thb": 50000,
                              "disbursed_thb": 0}]}
    rows = {"report_items": [{"seq": 1, "title": "โครงการ ก", "status": "not_done", "budget_thb": 50000.0,
                              "disbursed_thb": 0.0}],
            "field_confidence": [
                {"table": "report_items", "row_key": "seq=1", "field": "title", "confidence": 0.95},
                {"table": "report_items", "row_key": "seq=1", "field": "status", "confidence": 0.9},
                {"table": "report_items", "row_key": "seq=1", "field": "budget_thb", "confidence": 0.6},
                {"table": "report_items", "row_key": "seq=2", "field": "disbursed_thb", "confidence": 0.1}]}
    result = evaluate(*make_case(tmp_path, gold, rows))
    bands = {label: (s.fields, s.right) for label, s in result.calibration().items()}
    assert bands == {">= 0.9": (2, 1), "0.5-0.9": (1, 1), "< 0.5": (0, 0)}
    assert result.unscored_confidence == 1  # disbursed_thb: its confidence row is for another row
    assert result.calibration("report_items")[">= 0.9"].accuracy == 0.5


def test_documents_are_matched_by_file_stem_and_unextracted_gold_is_not_scored(tmp_path):
    gold = {"document": {"doc_type": "action_plan", "organization": "เทศบาลตำบลคลองแสนแสบ"}}
    out, gold_dir = make_case(tmp_path, gold, {})
    (gold_dir / "999_other.gold.json").write_text(json.dumps({"source_file": "999_other.txt", **gold}), "utf-8")
    result = evaluate(out, gold_dir)
    assert [d.doc for d in result.documents] == ["000_a3c3a8c6921e455a"]
    assert result.not_extracted == ["999_other.gold.json"]
    assert (result.overall.fields, result.overall.right) == (2, 1)


def test_floor_is_rounded_down_and_a_drop_below_it_is_reported(tmp_path):
    gold = {"dimensions": [{"dimension_no": n, "name": "มิติ", "stated_project_count": 1} for n in (1, 2, 3)]}
    rows = {"dimensions": [{"dimension_no": 1, "name": "มิติ", "stated_project_count": 1}]}
    result = evaluate(*make_case(tmp_path, gold, rows))
    assert floor_of(result) == {"overall": 0.33, "tables": {"dimensions": 0.33}}  # 1/3 rounded down
    assert below_floor(result, floor_of(result)) == []
    failures = below_floor(result, {"overall": 0.5, "tables": {"dimensions": 0.4, "risks": 0.1}})
    assert len(failures) == 3 and any("risks" in f for f in failures)


def test_cli_prints_summary_writes_json_and_floor_and_fails_below_floor(tmp_path):
    out, gold_dir = make_case(tmp_path, {"report_summary": {"completed": 17, "not_done": 3, "in_progress": 0}},
                              {"report_summary": [{"completed": 17, "not_done": 2, "in_progress": 0}]})
    runner = CliRunner()
    args = ["evaluate", "--gold", str(gold_dir), "--out", str(out)]
    result = runner.invoke(cli, [*args, "--json", str(tmp_path / "e.json"), "--write-floor", str(tmp_path / "f.json")])
    assert result.exit_code == 0, result.output
    assert "report_summary" in result.output and "66.7%" in result.output and ">= 0.9" in result.output
    assert "not_done: expected 3, got 2" in result.output
    saved = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert saved["overall"]["right"] == 2 and saved["misses"][0]["field"] == "not_done"
    assert json.loads((tmp_path / "f.json").read_text())["overall"] == 0.66  # 2/3 rounded down
    (tmp_path / "f.json").write_text(json.dumps({"overall": 0.9}))
    refused = runner.invoke(cli, [*args, "--write-floor", str(tmp_path / "f.json")])
    assert refused.exit_code == 1 and "would lower the floor" in refused.output
    assert json.loads((tmp_path / "f.json").read_text()) == {"overall": 0.9}
    lowered = runner.invoke(cli, [*args, "--write-floor", str(tmp_path / "f.json"), "--allow-lower"])
    assert lowered.exit_code == 0 and json.loads((tmp_path / "f.json").read_text())["overall"] == 0.66
    (tmp_path / "high.json").write_text(json.dumps({"overall": 0.9}))
    assert runner.invoke(cli, [*args, "--floor", str(tmp_path / "high.json")]).exit_code == 1


def test_cli_explains_a_folder_without_tables(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(GOLD), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "thaiplan extract" in result.output


def test_seed_accuracy_does_not_drop_below_the_floor(extracted):
    """Raise tests/accuracy_floor.json as extractors improve:
    thaiplan evaluate --out DIR --write-floor tests/accuracy_floor.json"""
    floor = json.loads(FLOOR_FILE.read_text(encoding="utf-8"))
    result = evaluate(extracted, GOLD)
    assert len(result.documents) == len(list(GOLD.glob("*.gold.json")))
    assert below_floor(result, floor) == [], "\n" + "\n".join(below_floor(result, floor))


def test_seed_budget_lines_of_high_confidence_are_right(extracted):
    high = evaluate(extracted, GOLD).calibration("budget_lines")[">= 0.9"]
    if high.fields:
        assert high.accuracy >= 0.99, f"{high.fields - high.right} of {high.fields} budget lines >= 0.9 are wrong"

import json

from extractors.performance_report import (
    extract_performance_report,
    locate,
    stated_summary,
)
from extractors.thai.normalise import normalise_text
from tests.conftest import GOLD, seed_norm, seed_path


def _records(text_or_lines):
    lines = text_or_lines if isinstance(text_or_lines, list) else normalise_text(text_or_lines).lines
    records = extract_performance_report(lines)
    by_table: dict[str, list] = {}
    for record in records:
        by_table.setdefault(record.table, []).append(record)
    return by_table


def _gold():
    return json.loads((GOLD / f"{seed_path('004').stem}.gold.json").read_text(encoding="utf-8"))


def test_seed_004_items_match_gold_field_by_field():
    gold = _gold()["report_items"]
    rows = [r.values for r in _records(seed_norm("004").lines)["report_items"]]
    assert len(rows) == len(gold) == 20
    for want, got in zip(gold, rows):
        for field, value in want.items():
            assert got[field] == value, (want["seq"], field)


def test_seed_004_summary_matches_gold_and_its_own_counts():
    records = _records(seed_norm("004").lines)
    (summary,) = records["report_summary"]
    for field, value in _gold()["report_summary"].items():
        assert summary.values[field] == value, field
    assert summary.values["stated_total_projects"] == 20
    assert summary.values["disbursed_thb"] == 0.0
    counts = [c.values for c in records["checks"] if c.values["check"] == "report_status_count"]
    assert [c["status"] for c in counts] == ["pass", "pass", "pass"]


def test_summary_counts_read_when_ocr_reversed_the_word_order():
    # seed 004 lines 79-85
    lines = normalise_text("๑อยู่ระหว่างดำเนินการ . ๐ โครงการ\n\n๒เสร็จดำเนินการแล้ว . ๑๗ โครงการ\n\n"
                           "๓ไม่สามารถดำเนินการ . ๓ โครงการ\n\n๔เบิกจ่ายงบประมาณ . ๐๐๐. บาท\n").lines
    stated = stated_summary(lines)
    assert {k: stated[k].value for k in ("completed", "not_done", "in_progress")} == \
        {"completed": 17, "not_done": 3, "in_progress": 0}
    assert stated["disbursed_thb"].value == 0.0
    assert stated["disbursed_thb"].confidence < 0.9  # ". 000." is a damaged reading


def test_project_total_read_from_reversed_sentence_but_not_from_a_dimension_line():
    # seed 004 lines 63-67
    lines = normalise_text("แผนป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ.๒๕๖๗ ประกอบด้วย ๒๐ จำนวน ๒๕๖๗ .ศ.\n\n"
                           "มิติที่ -๒ การบริหารราชการเพื่อป้องกันการทุจริต ประกอบด้วย ๘ โครงการ\n").lines
    assert stated_summary(lines)["stated_total_projects"].value == 20
    assert "stated_total_projects" not in stated_summary(lines[2:])


def test_title_cut_by_a_page_break_in_the_detailed_table_comes_whole_from_the_summary():
    records = _records(seed_norm("004").lines)
    item19 = records["report_items"][18]
    assert item19.values["title"].endswith("ขององค์การบริหารส่วนตำบลบางเตย")
    check19 = next(c.values for c in records["checks"]
                   if c.values["check"] == "report_titles_agree" and c.values["subject"] == "seq=19")
    assert check19["status"] == "pass" and "cut" in check19["message"]


def test_titles_worded_differently_in_the_two_tables_fail_the_check():
    failed = [c.values["subject"] for c in _records(seed_norm("004").lines)["checks"]
              if c.values["check"] == "report_titles_agree" and c.values["status"] == "fail"]
    assert failed == ["seq=10", "seq=16"]


def test_budget_printed_30_000_with_a_dot_agrees_with_30_000_00():
    records = _records(seed_norm("004").lines)
    item15 = records["report_items"][14]
    assert item15.values["budget_thb"] == 30000.0
    assert item15.scores["budget_thb"].reason == "cross-check passed"
    budget15 = next(c.values for c in records["checks"]
                    if c.values["check"] == "report_budgets_agree" and c.values["subject"] == "seq=15")
    assert (budget15["status"], budget15["expected"], budget15["observed"]) == ("pass", "30,000.00", "30.000")


def test_budget_printed_with_a_dot_for_thousands_is_noted_as_a_printing_slip():
    checks = [c.values for c in _records(seed_norm("004").lines)["checks"]
              if c.values["check"] == "report_amount_printed" and c.values["status"] == "fail"]
    assert [(c["subject"], c["severity"]) for c in checks] == [("seq=15", "info")]
    assert "'30,000.00'" in checks[0]["expected"] and "'30.000'" in checks[0]["observed"]


def test_not_done_tick_whose_result_copies_the_indicator_contradicts_it():
    # Seed 004 item 2 ticks ไม่สามารถดำเนินการได้, yet its result repeats the indicator
    # "บุคลากรมีความรับรู้ความเข้าใจและมีส่วนร่วม ร้อยละ 100"; items 3 and 15 say why they were not done.
    checks = {c.values["subject"]: c.values for c in _records(seed_norm("004").lines)["checks"]
              if c.values["check"] == "report_status_vs_result"}
    assert [s for s, c in checks.items() if c["status"] == "fail"] == ["seq=2"]
    assert (checks["seq=2"]["expected"], checks["seq=2"]["observed"]) == ("not_done", "completed")
    assert checks["seq=3"]["status"] == checks["seq=15"]["status"] == "pass"
    assert checks["seq=1"]["status"] == "skip"  # a result describing what was done states no status


def test_row_continued_on_the_next_page_joins_its_method_and_indicator():
    # seed 004 lines 155-158: item 5's cells go on under a repeated header with an empty ลำดับ cell
    item5 = _records(seed_norm("004").lines)["report_items"][4]
    assert item5.values["method"].endswith("เข้มแข็งด้าน คุณธรรม จริยธรรม และ")
    assert item5.values["indicator"].endswith("โดยยึดหลัก คุณธรรม จริยธรรม")
    assert item5.scores["method"].confidence < 0.9


def test_summary_table_goes_on_after_a_running_title_without_a_header():
    # seed 004 lines 126-130: page 2 of the summary table starts with the title, no header
    segments = locate(seed_norm("004").lines)
    assert [s.kind for s in segments] == ["report_table", "report_table"]
    assert seed_norm("004").lines[segments[0].end].startswith("20\t")


def test_ita_measures_and_plans_have_no_report_items():
    for seed in ("000", "001", "002"):
        assert not _records(seed_norm(seed).lines).get("report_items"), seed


OTHER_REPORT = """รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต เทศบาลตำบลหนองบัว ประจำปีงบประมาณ พ.ศ. 2568

แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2568 ประกอบด้วย จำนวน 5 โครงการ
1. ดำเนินการแล้วเสร็จ จำนวน 3 โครงการ
2. อยู่ระหว่างดำเนินการ จำนวน 1 โครงการ
3. ยังไม่ได้ดำเนินการ จำนวน 1 โครงการ
4. เบิกจ่ายงบประมาณทั้งสิ้น 45,000 บาท

ลำดับ\tรายการโครงการ\tมิติ\tผลการดำเนินการ\t\t\tงบประมาณ\t\t
\t\t\tแล้วเสร็จ\tอยู่ระหว่างดำเนินการ\tยังไม่ได้ดำเนินการ\tงบประมาณ\tเบิกจ่าย\tคงเหลือ
1\tโครงการอบรมคุณธรรมจริยธรรมพนักงาน\t1\t✓\t\t\t20,000.00\t20,000.00\t0.00
2\tมาตรการประกาศเจตนารมณ์ต่อต้านการทุจริต\t1\t✓\t\t\t0.00\t0.00\t0.00
3\tโครงการเผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์\t2\t\t✓\t\t30,000.00\t25,000.00\t5,000.00
4\tกิจกรรมประชาคมหมู่บ้าน\t3\t✓\t\t\t-\t-\t-
5\tโครงการตรวจสอบภายในประจำปี\t4\t\t\t✓\t10,000.00\t0.00\t10,000.00

ลำดับ\tโครงการ/กิจกรรม\tวิธีการดำเนินงาน\tตัวชี้วัด\tงบประมาณ\tระยะเวลา\tผลการดำเนินงาน\tการใช้จ่ายงบประมาณ\tผู้รับผิดชอบ
1\tโครงการอบรมคุณธรรมจริยธรรมพนักงาน\tจัดอบรม\tร้อยละ 80\t20,000\tต.ค. 67 - ก.ย. 68\tดำเนินการแล้วเสร็จ อบรม 50 คน\t20,000\tสำนักปลัด
2\tมาตรการประกาศเจตนารมณ์\tประกาศ\t1 ฉบับ\tไม่ใช้งบประมาณ\tต.ค. 67\tประกาศแล้ว\tไม่ใช้งบประมาณ\tสำนักปลัด
3\tโครงการเผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์\tเผยแพร่\t3 ช่องทาง\t30,000\tต.ค. 67 - ก.ย. 68\tอยู่ระหว่างดำเนินการ\t25,000\tกองคลัง



ลำดับ\tโครงการ/กิจกรรม\tวิธีการดำเนินงาน\tตัวชี้วัด\tงบประมาณ\tระยะเวลา\tผลการดำเนินงาน\tการใช้จ่ายงบประมาณ\tผู้รับผิดชอบ
4\tกิจกรรมประชาคมหมู่บ้าน\tจัดประชาคม\t10 หมู่บ้าน\t-\tม.ค. 68\tจัดครบ\t-\tสำนักปลัด
5\tโครงการตรวจสอบภายในประจำปี\tตรวจสอบ\t1 ครั้ง\t15,000\tก.ย. 68\tยังไม่ได้ดำเนินการ\t0\tหน่วยตรวจสอบภายใน
"""


def test_another_organisations_report_with_an_in_progress_column_and_arabic_digits():
    records = _records(OTHER_REPORT)
    items = [r.values for r in records["report_items"]]
    assert [i["status"] for i in items] == ["completed", "completed", "in_progress", "completed", "not_done"]
    assert [i["dimension_no"] for i in items] == [1, 1, 2, 3, 4]
    assert items[2]["remaining_thb"] == 5000.0 and items[2]["responsible"] == "กองคลัง"
    assert items[3]["budget_thb"] is None  # "-" is not a number
    assert items[1]["title"] == "มาตรการประกาศเจตนารมณ์ต่อต้านการทุจริต"  # detailed table's title is cut
    (summary,) = records["report_summary"]
    assert summary.values == {"completed": 3, "not_done": 1, "in_progress": 1, "disbursed_thb": 45000.0,
                              "stated_total_projects": 5}
    status = {(c.values["check"], c.values["subject"]): c.values["status"] for c in records["checks"]}
    assert status[("report_budgets_agree", "seq=5")] == "fail"  # 10,000.00 vs 15,000
    assert status[("report_disbursed_total", "report")] == "pass"
    assert status[("report_remaining", "seq=4")] == "skip"
    assert all(status[("report_status_count", f"status={s}")] == "pass"
               for s in ("completed", "not_done", "in_progress"))


def test_remaining_that_is_not_budget_minus_disbursed_fails():
    text = OTHER_REPORT.replace("30,000.00\t25,000.00\t5,000.00", "30,000.00\t25,000.00\t15,000.00")
    checks = {(c.values["check"], c.values["subject"]): c.values for c in _records(text)["checks"]}
    assert checks[("report_remaining", "seq=3")]["status"] == "fail"
    assert checks[("report_remaining", "seq=3")]["severity"] == "error"


def test_detailed_table_alone_takes_status_from_the_result_text_with_low_confidence():
    text = OTHER_REPORT.split("\n\nลำดับ\tรายการโครงการ")[0] + "\n\n" + "ลำดับ" + OTHER_REPORT.split("\n\nลำดับ", 2)[2]
    items = _records(text)["report_items"]
    # "ประกาศแล้ว" and "จัดครบ" do not say the status in so many words: left null
    assert [i.values["status"] for i in items] == ["completed", None, "in_progress", None, "not_done"]
    assert all(i.scores["status"].confidence <= 0.6 for i in items)
    assert items[0].values["dimension_no"] is None


def test_counts_printed_as_a_small_table_are_the_report_summary():
    lines = normalise_text("สรุปผล\tจำนวน\nดำเนินการแล้วเสร็จ\t12\nอยู่ระหว่างดำเนินการ\t2\n"
                           "ยังไม่ได้ดำเนินการ\t1\tโครงการ\n").lines
    stated = stated_summary(lines)
    assert {k: stated[k].value for k in ("completed", "in_progress", "not_done")} == \
        {"completed": 12, "in_progress": 2, "not_done": 1}


def test_dimension_headings_inside_the_table_give_each_row_its_dimension():
    text = ("ลำดับ\tโครงการ/กิจกรรม\tดำเนินการแล้ว\tยังไม่ดำเนินการ\tงบประมาณที่ได้รับ\tงบประมาณที่ใช้ไป\n"
            "มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต\t\t\t\t\t\n"
            "1\tโครงการปลูกจิตสำนึก\t✓\t-\t10,000\t10,000\n"
            "2\tกิจกรรมเชิดชูคนดี\t-\t✓\t-\t-\n"
            "มิติที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต\t\t\t\t\t\n"
            "3\tมาตรการเปิดเผยข้อมูล\tü\t\t0\t0\n")
    items = [r.values for r in _records(text)["report_items"]]
    assert [(i["seq"], i["dimension_no"], i["status"]) for i in items] == \
        [(1, 1, "completed"), (2, 1, "not_done"), (3, 2, "completed")]
    assert items[0]["disbursed_thb"] == 10000.0 and items[1]["budget_thb"] is None


def test_summary_row_printed_without_its_empty_cells_gets_its_amounts_placed_and_its_tick_flagged():
    # seed 004 line 118 with the empty แล้วเสร็จ cell dropped: the amounts go under the money columns
    # in order; the tick could stand under either status column
    lines = seed_norm("004").lines[114:117] + ["2\tโครงการเสริมสร้างค่านิยมต่อต้านการทุจริต\t1\t✓\t50,000.00\t0.00\t0.00\t50,000.00"]
    records = _records(lines)
    item = records["report_items"][1]
    assert (item.values["dimension_no"], item.values["budget_thb"], item.values["disbursed_thb"],
            item.values["remaining_thb"]) == (1, 50000, 0, 50000)
    assert item.scores["status"].confidence < 0.5
    assert any(c.values["check"] == "report_row_cells" and c.values["status"] == "fail" for c in records["checks"])
    assert records["report_items"][0].scores["status"].confidence >= 0.9


# A provincial organisation's report (tests/fixtures/unseen/report_pao_arabic.txt): dimension headings
# and the total printed with an empty ลำดับ cell, a breakdown per มิติ before the item table.
PAO_REPORT = """ในปีงบประมาณ พ.ศ. 2566 มีโครงการ ทั้งสิ้น 3 โครงการ ผลการดำเนินงานปรากฏว่า ดำเนินการแล้วเสร็จ 1 โครงการ อยู่ระหว่างดำเนินการ 1 โครงการ และยังไม่ได้ดำเนินการ 1 โครงการ เบิกจ่ายงบประมาณทั้งสิ้น 398,900 บาท

มิติ\tจำนวนโครงการ\tแล้วเสร็จ\tอยู่ระหว่างดำเนินการ\tยังไม่ได้ดำเนินการ\tงบประมาณ (บาท)\tเบิกจ่าย (บาท)
มิติที่ 1\t2\t1\t0\t1\t450,000.00\t286,400.00
มิติที่ 2\t1\t0\t1\t0\t400,000.00\t112,500.00
รวม\t3\t1\t1\t1\t850,000.00\t398,900.00

ลำดับ\tโครงการ/กิจกรรม/มาตรการ\tมิติที่\tงบประมาณ (บาท)\tเบิกจ่าย (บาท)\tคงเหลือ (บาท)\tสถานะการดำเนินงาน\t\t
\t\t\t\t\t\tแล้วเสร็จ\tอยู่ระหว่างดำเนินการ\tยังไม่ได้ดำเนินการ
\tมิติที่ 1 การสร้างวัฒนธรรมสุจริต\t\t\t\t\t\t\t
1\tโครงการอบรมคุณธรรมจริยธรรมบุคลากร อบจ.พังงา\t1\t300,000.00\t286,400.00\t13,600.00\t✓\t\t
2\tโครงการเยาวชนพังงาร่วมต้านทุจริต\t1\t150,000.00\t0.00\t150,000.00\t\t\t✓
\tมิติที่ 2 การบริหารราชการด้วยความโปร่งใส\t\t\t\t\t\t\t
3\tโครงการพัฒนาระบบบริการประชาชนผ่านระบบอิเล็กทรอนิกส์ (e-Service)\t2\t400,000.00\t112,500.00\t287,500.00\t\t✓\t
\tรวมทั้งสิ้น\t\t850,000.00\t398,900.00\t451,100.00\t1\t1\t1
"""


def test_heading_and_total_lines_with_an_empty_number_cell_are_not_joined_to_the_row_above():
    records = _records(PAO_REPORT)
    items = [r.values for r in records["report_items"]]
    assert [i["title"] for i in items] == ["โครงการอบรมคุณธรรมจริยธรรมบุคลากร อบจ.พังงา",
                                           "โครงการเยาวชนพังงาร่วมต้านทุจริต",
                                           "โครงการพัฒนาระบบบริการประชาชนผ่านระบบอิเล็กทรอนิกส์ (e-Service)"]
    assert items[2]["status"] == "in_progress" and items[2]["budget_thb"] == 400000.0  # not the total row's
    (summary,) = records["report_summary"]
    assert summary.values["disbursed_thb"] == 398900.0
    assert all(c.values["status"] != "fail" for c in records["checks"])


def test_breakdown_per_dimension_is_not_a_table_of_items():
    records = _records(PAO_REPORT)
    assert [r.values["seq"] for r in records["report_items"]] == [1, 2, 3]
    numbering = [c.values for c in records["checks"] if c.values["check"] == "report_numbering"]
    assert [c["subject"] for c in numbering] == ["table=summary1"] and numbering[0]["status"] == "pass"


def test_each_status_takes_the_count_after_its_words_in_a_sentence_that_lists_them_all():
    stated = stated_summary(normalise_text(PAO_REPORT).lines[:1])
    assert {k: stated[k].value for k in ("completed", "in_progress", "not_done")} == \
        {"completed": 1, "in_progress": 1, "not_done": 1}
    # The count may come before the words when nothing follows them.
    assert stated_summary(["มีโครงการ 17 โครงการที่ดำเนินการแล้วเสร็จ"])["completed"].value == 17


def test_report_items_are_read_from_the_zones_located_once():
    lines = seed_norm("004").lines
    summary, detail = locate(lines)
    assert [r.values for r in extract_performance_report(lines, [summary, detail])] == \
        [r.values for r in extract_performance_report(lines)]
    # Given only the detailed table's zone, no status is ticked: it is inferred from the result text.
    items = [r for r in extract_performance_report(lines, [detail]) if r.table == "report_items"]
    assert items and all(r.scores["status"].confidence < 0.9 for r in items)


def test_a_header_ocr_damaged_still_maps_its_column_and_what_it_gives_is_marked_repaired():
    header = next(line for line in seed_norm("004").lines if line.startswith("ลำดับ\tรายการโครงการ"))
    damaged = header.replace("รายการโครงการ", "รา|ยการโครงการ").replace("\tมิติ\t", "\tมิ ติ\t")
    lines = [damaged if line == header else line for line in seed_norm("004").lines]
    clean = {r.values["seq"]: r for r in _records(seed_norm("004").lines)["report_items"]}
    items = _records(lines)["report_items"]
    assert [r.values["dimension_no"] for r in items] == [clean[r.values["seq"]].values["dimension_no"] for r in items]
    assert all(r.scores["dimension_no"].reason.startswith("OCR variant repaired") for r in items)
    assert all(r.scores["dimension_no"].confidence < 0.9 for r in items)


def test_remaining_misread_through_a_look_alike_digit_is_repaired_else_all_three_are_not_trusted():
    from extractors.performance_report.items import _check_remaining
    from extractors.records import Record

    def item(budget, disbursed, remaining):
        record = Record("report_items", {"seq": 1, "budget_thb": budget, "disbursed_thb": disbursed,
                                         "remaining_thb": remaining}, 0)
        for name in ("budget_thb", "disbursed_thb", "remaining_thb"):
            record.score(name, 0.95, "exact pattern")
        checks = []
        _check_remaining(record, checks)
        return record, checks[0].values["status"]

    record, status = item(100000.0, 30000.0, 10000.0)  # ๗๐,๐๐๐ read as ๑๐,๐๐๐
    assert status == "pass" and record.values["remaining_thb"] == 70000
    assert record.scores["remaining_thb"].reason.startswith("OCR variant repaired")
    record, status = item(50000.0, 0.0, 40000.0)  # budget or remaining misread: no one reading
    assert status == "fail" and all(record.scores[n].confidence < 0.9 for n in ("budget_thb", "remaining_thb"))

"""The shared table reader: headers of one or two rows, rows continued over pages, page furniture."""

import regex

from extractors.table_cells import TableReader, cell_items, map_header, split_numbered
from extractors.thai.ocr_tolerance import Keyword, Vocabulary

COLUMNS = Vocabulary((
    ("measure", Keyword(r"มาตรการ|แนวทาง")),
    ("units", Keyword(r"ผู้รับผิดชอบ|หน่วยงาน")),
    ("likelihood", Keyword(r"โอกาส|Likelihood")),
    ("impact", Keyword(r"ผลกระทบ|Impact")),
))
READER = TableReader(COLUMNS, required=("measure", "units"))


def test_header_cells_map_to_fields_and_a_field_is_taken_once():
    assert map_header(["ลำดับ", "แนวทาง/มาตรการ", "ผู้รับผิดชอบ", "หน่วยงาน"], COLUMNS) == \
        ["seq", "measure", "units", None]


def test_rows_continued_on_the_next_page_join_their_row_and_the_repeated_header_is_skipped():
    lines = ["ลำดับ\tมาตรการ\tผู้รับผิดชอบ",
             "1\tมาตรการ ก\tสำนักปลัด",
             "2\tมาตรการ ข\tกองคลัง",
             "",
             "- 5 -",
             "ลำดับ\tมาตรการ\tผู้รับผิดชอบ",
             "\t(ต่อ) ของมาตรการ ข\tกองช่าง",
             "3\tมาตรการ ค\tกองช่าง"]
    (table,) = READER.find(lines)
    assert [r.seq for r in table.rows] == [1, 2, 3]
    assert table.rows[1].text("measure") == "มาตรการ ข (ต่อ) ของมาตรการ ข"
    assert table.rows[1].fragments["units"] == ["กองคลัง", "กองช่าง"] and "units" in table.rows[1].continued


def test_a_second_header_row_fills_the_columns_the_first_spans():
    lines = ["ลำดับ\tมาตรการ\tผู้รับผิดชอบ\tระดับ\t",
             "\t\t\tโอกาส (L)\tผลกระทบ (I)",
             "1\tมาตรการ ก\tสำนักปลัด\t4\t2"]
    (table,) = READER.find(lines)
    assert table.columns == ["seq", "measure", "units", "likelihood", "impact"]
    assert table.rows[0].text("impact") == "2"


def test_a_second_header_row_printed_without_its_empty_cells_takes_the_place_of_the_cell_spanning_it():
    # cells apart by spaces, empty cells gone: "ระดับ" spans "โอกาส (L)" and "ผลกระทบ (I)"; the
    # rows print no empty cells either, so their cells are placed by what they hold
    reader = TableReader(Vocabulary((*COLUMNS.entries, ("level", Keyword("ระดับ")))), required=("measure", "units"),
                         kinds={"likelihood": regex.compile("^[1-5]$"), "impact": regex.compile("^[1-5]$")})
    lines = ["ลำดับ\tมาตรการ\tผู้รับผิดชอบ\tระดับ โอกาส และ ผลกระทบ\tหมายเหตุ",
             "โอกาส (L)\tผลกระทบ (I)",
             "1\tมาตรการ ก\tสำนักปลัด\t4\t2",
             "2\tมาตรการ ข\t3\tเลื่อนไปปีหน้า"]
    (table,) = reader.find(lines)
    assert table.columns == ["seq", "measure", "units", "likelihood", "impact", None]
    assert [(r.text("units"), r.text("likelihood"), r.text("impact")) for r in table.rows] == \
        [("สำนักปลัด", "4", "2"), (None, "3", None)]


def test_a_table_without_its_required_columns_is_not_read():
    assert READER.find(["ลำดับ\tมาตรการ\tระยะเวลา", "1\tมาตรการ ก\tต.ค. 2565"]) == []


def test_a_row_number_missing_from_its_cell_is_taken_from_the_text():
    lines = ["ลำดับ\tมาตรการ\tผู้รับผิดชอบ", "1\tมาตรการ ก\tสำนักปลัด", "\t2. มาตรการ ข\tกองคลัง"]
    (table,) = READER.find(lines)
    assert [r.seq for r in table.rows] == [1, 2] and table.rows[1].seq_inferred


def test_list_items_of_a_cell_from_html_lists_bullets_or_numbering():
    assert cell_items(["สำนักปลัด • กองคลัง"]) == ["สำนักปลัด", "กองคลัง"]
    assert cell_items(["- จัดทำคู่มือ -ประชาสัมพันธ์"]) == ["จัดทำคู่มือ", "ประชาสัมพันธ์"]
    assert split_numbered("1.ไม่มีระบบ พ.ศ. 2522 2.ข้อมูลไม่ครบ") == ["1.ไม่มีระบบ พ.ศ. 2522", "2.ข้อมูลไม่ครบ"]


def test_a_row_number_misread_through_a_look_alike_digit_is_the_number_between_its_neighbours():
    lines = ["ลำดับ\tมาตรการ\tผู้รับผิดชอบ", "1\tมาตรการ ก\tสำนักปลัด", "2\tมาตรการ ข\tกองคลัง",
             "8\tมาตรการ ค\tกองช่าง", "4\tมาตรการ ง\tกองคลัง", "9\tมาตรการ จ\tกองช่าง"]  # ๘ for ๓; 9 has no look-alike
    (table,) = READER.find(lines)
    assert [(r.seq, r.seq_misread) for r in table.rows] == [(1, None), (2, None), (3, 8), (4, None), (9, None)]

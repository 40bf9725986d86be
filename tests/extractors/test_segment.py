"""Outline segments: cover, announcements, orders, foreword, table of contents, parts, appendix."""

import pytest

from extractors.segment import locate, locate_toc
from extractors.thai.normalise import normalise_text
from tests.conftest import seed_norm

# An older 4-year plan of a provincial organisation, written in the style of the seeds: Arabic
# digits, a table of contents without tab cells, part titles on the line after "ส่วนที่ N",
# list sub-items inside a card, and an order whose member numbering restarts.
OLDER_PLAN = """แผนปฏิบัติการป้องกันการทุจริต 4 ปี
(พ.ศ. 2561 - 2564)

องค์การบริหารส่วนจังหวัดนครนายก

คำนำ

องค์การบริหารส่วนจังหวัดนครนายก ได้จัดทำแผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2561 - 2564) เพื่อใช้เป็นกรอบแนวทางในการดำเนินการป้องกันการทุจริต แยกเป็น 4 มิติ ดังนี้

มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต จำนวน 3 โครงการ
มิติที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต จำนวน 2 โครงการ
มิติที่ 3 การส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน จำนวน 1 โครงการ
มิติที่ 4 การเสริมสร้างและปรับปรุงกลไกในการตรวจสอบการปฏิบัติราชการขององค์กรปกครองส่วนท้องถิ่น จำนวน 1 โครงการ

องค์การบริหารส่วนจังหวัดนครนายก



สารบัญ

คำนำ ก
ส่วนที่ 1 บทนำ 1
ส่วนที่ 2 แผนปฏิบัติการป้องกันการทุจริต 4
ส่วนที่ 3 รายละเอียดโครงการ/กิจกรรม/มาตรการ 6
ภาคผนวก 20



ส่วนที่ 1
บทนำ

1. การวิเคราะห์ความเสี่ยงในการเกิดการทุจริตในองค์กรปกครองส่วนท้องถิ่น

การวิเคราะห์ความเสี่ยงในการเกิดการทุจริตในองค์กรปกครองส่วนท้องถิ่น มีวัตถุประสงค์เพื่อต้องการบ่งชี้ความเสี่ยงของการทุจริตที่มีอยู่ในองค์กร

ส่วนที่ 2
แผนปฏิบัติการป้องกันการทุจริต

มิติ\tภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี 2561\tปี 2562\tปี 2563\tปี 2564\tหมายเหตุ
1. การสร้างสังคมที่ไม่ทนต่อการทุจริต\t1.1 การสร้างจิตสำนึกและความตระหนักแก่บุคลากรทั้งข้าราชการการเมืองฝ่ายบริหาร ข้าราชการการเมืองฝ่ายสภาท้องถิ่น และฝ่ายประจำขององค์กรปกครองส่วนท้องถิ่น\t1. โครงการอบรมคุณธรรมจริยธรรม\t20,000\t20,000\t20,000\t20,000\t
\t1.2 การสร้างจิตสำนึกและความตระหนักแก่ประชาชนทุกภาคส่วนในท้องถิ่น\t2. โครงการส่งเสริมการเรียนรู้ตามหลักปรัชญาเศรษฐกิจพอเพียง\t-\t-\t-\t-\t
\t1.3 การสร้างจิตสำนึกและความตระหนักแก่เด็กและเยาวชน\t3. โครงการค่ายเยาวชนสุจริต\t10,000\t10,000\t10,000\t10,000\t
\tรวม\t3 โครงการ\t30,000\t30,000\t30,000\t30,000\t
2. การบริหารราชการเพื่อป้องกันการทุจริต\t2.1 แสดงเจตจำนงทางการเมืองในการต่อต้านการทุจริตของผู้บริหาร\t4. กิจกรรมประกาศเจตจำนงต่อต้านการทุจริตของผู้บริหาร\t-\t-\t-\t-\t
\t2.2 มาตรการสร้างความโปร่งใสในการปฏิบัติราชการ\t5. มาตรการออกคำสั่งมอบหมาย\t-\t-\t-\t-\t
\tรวม\t2 โครงการ\t-\t-\t-\t-\t
3. การส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน\t3.1 จัดให้มีและเผยแพร่ข้อมูลข่าวสารในช่องทางที่เป็นการอำนวยความสะดวกแก่ประชาชน\t6. มาตรการเผยแพร่ข้อมูลข่าวสาร\t-\t-\t-\t-\t
\tรวม\t1 โครงการ\t-\t-\t-\t-\t
4. การเสริมสร้างและปรับปรุงกลไกในการตรวจสอบการปฏิบัติราชการขององค์กรปกครองส่วนท้องถิ่น\t4.1 มีการจัดวางระบบและรายงานการควบคุมภายใน\t7. กิจกรรมติดตามประเมินผลการควบคุมภายใน\t-\t-\t-\t-\t
\tรวม\t1 โครงการ\t-\t-\t-\t-\t
\tรวมทั้งสิ้น\t7 โครงการ\t30,000\t30,000\t30,000\t30,000\t

ส่วนที่ 3
รายละเอียดโครงการ/กิจกรรม/มาตรการ

มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต

1.1 การสร้างจิตสำนึกและความตระหนักแก่บุคลากรทั้งข้าราชการการเมืองฝ่ายบริหาร ข้าราชการการเมืองฝ่ายสภาท้องถิ่น และฝ่ายประจำขององค์กรปกครองส่วนท้องถิ่น

1. ชื่อโครงการ : โครงการอบรมคุณธรรมจริยธรรม
2. หลักการและเหตุผล
การอบรมคุณธรรมจริยธรรมเป็นการเสริมสร้างจิตสำนึก
3. กลุ่มเป้าหมาย
1. อบรมผู้บริหารและบุคลากร
1.1 กลุ่มที่ 1 จำนวน 40 คน ประกอบด้วย
- ผู้บริหารและสมาชิกสภา
1.2 กลุ่มที่ 2 จำนวน 60 คน ประกอบด้วย
- พนักงานส่วนจังหวัด

1.2 การสร้างจิตสำนึกและความตระหนักแก่ประชาชนทุกภาคส่วนในท้องถิ่น

1. ชื่อโครงการ : โครงการส่งเสริมการเรียนรู้ตามหลักปรัชญาเศรษฐกิจพอเพียง

มิติที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต

2.1 แสดงเจตจำนงทางการเมืองในการต่อต้านการทุจริตของผู้บริหาร

1. ชื่อโครงการ : กิจกรรมประกาศเจตจำนงต่อต้านการทุจริตของผู้บริหาร

ภาคผนวก

คำสั่งองค์การบริหารส่วนจังหวัดนครนายก
ที่ 125/2560
เรื่อง แต่งตั้งคณะกรรมการจัดทำแผนปฏิบัติการป้องกันการทุจริต 4 ปี
(พ.ศ. 2561 - 2564)

ด้วยองค์การบริหารส่วนจังหวัดนครนายก จะจัดทำแผนปฏิบัติการป้องกันการทุจริต จึงแต่งตั้งคณะกรรมการ ประกอบด้วย

1. นายสมศักดิ์ ใจดี นายกองค์การบริหารส่วนจังหวัดนครนายก ประธานกรรมการ
2. นางสาวมาลี ศรีสุข ปลัดองค์การบริหารส่วนจังหวัด กรรมการ
1. นายวิชัย ทองดี ผู้อำนวยการกองแผนและงบประมาณ กรรมการและเลขานุการ

สั่ง ณ วันที่ 2 ตุลาคม พ.ศ. 2560

(ลงชื่อ) นายสมศักดิ์ ใจดี
นายกองค์การบริหารส่วนจังหวัดนครนายก

ประกาศองค์การบริหารส่วนจังหวัดนครนายก
เรื่อง ประกาศใช้แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2561 - 2564)

องค์การบริหารส่วนจังหวัดนครนายก จึงประกาศใช้แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2561 - 2564)

ประกาศ ณ วันที่ เดือน ตุลาคม พ.ศ. 2560

(นายสมศักดิ์ ใจดี)
นายกองค์การบริหารส่วนจังหวัดนครนายก
"""


def older_plan():
    return normalise_text(OLDER_PLAN)


def outline_of(prefix: str):
    norm = seed_norm(prefix)
    return norm, locate(norm.lines, norm.page_starts)


def kinds(segments, kind):
    return [s for s in segments if s.kind == kind]


def test_toc_is_its_own_segment_and_ends_where_the_body_begins():
    norm, outline = outline_of("001")
    (toc,) = kinds(outline, "toc")
    assert norm.lines[toc.start] == "สารบัญ"
    assert norm.lines[toc.end].startswith("ประกาศเทศบาลนครพิษณุโลก เรื่อง")  # last entry, with its page
    assert norm.lines[toc.end + 2] == "ส่วนที่ 1"


def test_toc_without_tab_cells_stops_at_the_first_heading_printed_again():
    lines = older_plan().lines
    (toc,) = locate_toc(lines)
    assert lines[toc.end] == "ภาคผนวก 20"
    assert all(lines[i] != "ส่วนที่ 1" for i in range(toc.start, toc.end + 1))


def test_announcement_in_the_toc_is_not_an_announcement():
    norm, outline = outline_of("001")
    (toc,) = kinds(outline, "toc")
    notices = kinds(outline, "announcement") + kinds(outline, "order")
    assert notices and all(s.start > toc.end for s in notices)


def test_part_title_printed_on_the_next_line_joins_the_label():
    _, outline = outline_of("001")
    assert [s.label for s in kinds(outline, "part")][:2] == ["ส่วนที่ 1 บทนำ", "ส่วนที่ 2 งบประมาณ"]


def test_foreword_summary_of_parts_is_not_a_part_heading():
    norm, outline = outline_of("000")
    (foreword,) = kinds(outline, "foreword")
    assert all(not foreword.start <= s.start <= foreword.end for s in kinds(outline, "part"))


def test_part_whose_heading_ocr_lost_is_placed_from_the_toc_page_numbers():
    # Seed 000 prints "ส่วนที่ 2" only; the TOC gives ส่วนที่ 1 at page 1 and ส่วนที่ 3 at page 10.
    norm, outline = outline_of("000")
    parts = kinds(outline, "part")
    assert [p.label.split()[1] for p in parts] == ["1", "2", "3"]
    assert norm.lines[parts[0].start] == "1. การประเมินความเสี่ยงการทุจริต"
    assert norm.lines[parts[1].start] == "ส่วนที่ 2"
    assert norm.lines[parts[2].start] == "มติที่ 1 การสร้างวัฒนธรรมสุจริต"
    assert parts[0].end < parts[1].start and parts[1].end < parts[2].start


def test_report_sections_listed_in_the_toc_are_its_parts():
    norm, outline = outline_of("004")
    starts = [norm.lines[p.start] for p in kinds(outline, "part")]
    assert starts[0] == "1. ความเป็นมา"
    assert starts[1].startswith("2. สรุปผลการดำเนินงาน") and starts[2].startswith("3. รายงานผลการดำเนินงาน")


def test_cover_is_the_title_block_before_the_foreword():
    norm, outline = outline_of("000")
    (cover,) = kinds(outline, "cover")
    assert norm.lines[cover.start] == "แผนปฏิบัติการป้องกันการทุจริต"
    assert norm.lines[cover.end] == "อำเภอพานพร้าว จังหวัดพะเยา"


def test_appendix_contains_the_order_and_announcement_it_annexes():
    _, outline = outline_of("001")
    (appendix,) = kinds(outline, "appendix")
    notices = kinds(outline, "order") + kinds(outline, "announcement")
    assert len(notices) == 2
    assert all(appendix.start < s.start and s.end <= appendix.end for s in notices)
    assert all(p.end < appendix.start for p in kinds(outline, "part"))


@pytest.mark.parametrize("prefix, expected", [
    ("000", {"announcement": 1, "cover": 1, "foreword": 1, "toc": 1, "part": 3}),
    ("001", {"cover": 1, "foreword": 1, "toc": 1, "part": 3, "appendix": 1, "order": 1, "announcement": 1}),
    ("002", {}),
    ("003", {}),
    ("004", {"cover": 1, "foreword": 1, "toc": 1, "part": 3}),
])
def test_outline_of_each_seed(prefix, expected):
    _, outline = outline_of(prefix)
    counts = {}
    for s in outline:
        counts[s.kind] = counts.get(s.kind, 0) + 1
    assert counts == expected
    assert all(s.start <= s.end for s in outline)


def test_announcement_segment_runs_from_issuer_to_signer_position():
    norm, outline = outline_of("000")
    (notice,) = kinds(outline, "announcement")
    assert norm.lines[notice.start] == "ประกาศเทศบาลตำบลคลองแสนแสบ"
    assert norm.lines[notice.end] == "นายกเทศมนตรีตำบลคลองแสนแสบ"


def test_older_plan_outline():
    norm = older_plan()
    outline = locate(norm.lines, norm.page_starts)
    assert [s.kind for s in outline] == ["cover", "foreword", "toc", "part", "part", "part", "appendix",
                                         "order", "announcement"]
    assert [s.label for s in kinds(outline, "part")] == [
        "ส่วนที่ 1 บทนำ", "ส่วนที่ 2 แผนปฏิบัติการป้องกันการทุจริต", "ส่วนที่ 3 รายละเอียดโครงการ/กิจกรรม/มาตรการ"]


def test_segments_table_lists_the_outline_with_source_lines(extracted):
    import pandas as pd

    documents = pd.read_parquet(extracted / "documents.parquet")
    segments = pd.read_parquet(extracted / "segments.parquet")
    doc_id = documents[documents.source_file.str.contains("001_")].doc_id.iloc[0]
    rows = segments[segments.doc_id == doc_id].sort_values("seq")
    toc = rows[rows.kind == "toc"].iloc[0]
    assert (toc.start_line, toc.label) == (seed_norm("001").source_line(27), "สารบัญ")
    assert {"cover", "foreword", "toc", "part", "appendix", "order", "announcement", "dimension", "mission"} <= set(rows.kind)
    assert list(rows.seq) == list(range(1, len(rows) + 1))


def test_cover_includes_the_organisation_printed_above_the_title():
    lines = normalise_text("\n\n\nองค์การบริหารส่วนตำบลบางเตย\n\nแผนปฏิบัติการป้องกันการทุจริต\n(พ.ศ. 2566 - 2570)\n\n"
                           "คำนำ\n\nองค์การบริหารส่วนตำบลบางเตย ได้จัดทำแผน").lines
    (cover,) = kinds(locate(lines), "cover")
    assert (lines[cover.start], lines[cover.end]) == ("องค์การบริหารส่วนตำบลบางเตย", "(พ.ศ. 2566 - 2570)")


def test_announcement_whose_issuer_is_on_the_line_after_the_kind():
    lines = normalise_text("ประกาศ\nองค์การบริหารส่วนตำบลบางเตย\nเรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใส\n\n"
                           "ให้ไว้ ณ วันที่ 3 มีนาคม พ.ศ. 2566\n\n(นายสมชาย ใจดี)\nนายกองค์การบริหารส่วนตำบลบางเตย").lines
    (notice,) = kinds(locate(lines), "announcement")
    assert notice.label == "ประกาศ องค์การบริหารส่วนตำบลบางเตย"
    assert lines[notice.end] == "นายกองค์การบริหารส่วนตำบลบางเตย"

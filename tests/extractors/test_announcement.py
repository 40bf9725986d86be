"""Announcements (ประกาศ) and orders (คำสั่ง), and the committee members orders list."""

import json

import pytest

from extractors import announcement
from extractors.segment import locate
from extractors.thai.normalise import normalise_text
from tests.conftest import GOLD, seed_norm
from tests.extractors.test_segment import OLDER_PLAN, older_plan


def notices_of(norm):
    outline = locate(norm.lines, norm.page_starts)
    found = [announcement.extract(norm.lines, s, seq)
             for seq, s in enumerate((s for s in outline if s.kind in ("announcement", "order")), start=1)]
    return [r for r, _ in found], [m for _, members in found for m in members]


def test_announcement_of_seed_000_matches_gold():
    gold = json.loads(next(GOLD.glob("000_*.gold.json")).read_text(encoding="utf-8"))["announcements"]
    (record,), members = notices_of(seed_norm("000"))
    values = record.values
    assert members == []
    assert [{"kind": values["kind"], "number": values["number"], "subject": values["subject"],
             "date": values["announced_on"], "signer_name": values["signer_name"],
             "signer_position": values["signer_position"]}] == [
        {k: g[k] for k in ("kind", "number", "subject", "date", "signer_name", "signer_position")} for g in gold]


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_documents_without_announcements_have_none(prefix):
    assert notices_of(seed_norm(prefix)) == ([], [])


def test_subject_is_joined_across_line_breaks():
    (record,), _ = notices_of(seed_norm("000"))
    assert record.values["subject"].endswith("ความโปร่งใส (พ.ศ. 2566 - 2570) ของเทศบาลตำบลคลองแสนแสบ")


def test_order_number_is_read_with_stray_spaces():
    records, _ = notices_of(seed_norm("001"))
    order = next(r for r in records if r.values["kind"] == "คำสั่ง")
    assert order.values["number"] == "504/2565"  # printed "ที่ 504 /2565"


def test_blank_day_gives_a_month_date_never_an_invented_day():
    # Seed 001: "ประกาศ ณ วันที่" then, two lines down, "กันยายน พ.ศ. 2565".
    records, _ = notices_of(seed_norm("001"))
    notice = next(r for r in records if r.values["kind"] == "ประกาศ")
    assert notice.values["announced_on"] == "2022-09"
    assert notice.scores["announced_on"].confidence < 0.9


def test_signer_without_parentheses_under_the_date():
    records, _ = notices_of(seed_norm("001"))
    order = next(r for r in records if r.values["kind"] == "คำสั่ง")
    assert (order.values["announced_on"], order.values["signer_name"], order.values["signer_position"]) == (
        "2022-05-10", "นางเปรมฤดี ชามพูนท", "นายกเทศมนตรีนครพิษณุโลก")


def test_committee_members_are_numbered_in_reading_order_when_printing_restarts():
    # Seed 001 prints 1..8, then 6, 7, 8 again, then 8..20 across a page break: 23 people.
    _, members = notices_of(seed_norm("001"))
    assert [m.values["seq"] for m in members] == list(range(1, 24))
    assert members[8].values["name"] == "นางสาวสิริภัทร บุญธรรม"  # the second "6."
    assert all(m.values["announcement_seq"] == 1 for m in members)


def test_member_row_with_name_and_position_in_one_cell_is_split():
    # "8. นางกมลศิกานต์ อัครสุภาเศรษฐี หัวหน้าสำนักปลัดเทศบาล<TAB><TAB>คณะทำงาน"
    _, members = notices_of(seed_norm("001"))
    member = next(m for m in members if m.values["name"] == "นางกมลศิกานต์ อัครสุภาเศรษฐี")
    assert (member.values["position"], member.values["role"]) == ("หัวหน้าสำนักปลัดเทศบาล", "คณะทำงาน")
    assert member.scores["position"].confidence < 0.9


def test_member_with_rank_title_and_secretary_role():
    _, members = notices_of(seed_norm("001"))
    member = next(m for m in members if m.values["name"].startswith("ส.ต.ท."))
    assert (member.values["name"], member.values["role"]) == ("ส.ต.ท.บรรเทิง ยวนแห้ว", "เลขานุการคณะทำงาน")


def test_older_plan_order_and_announcement_without_tab_cells():
    records, members = notices_of(older_plan())
    assert [(r.values["kind"], r.values["number"], r.values["announced_on"]) for r in records] == [
        ("คำสั่ง", "125/2560", "2017-10-02"), ("ประกาศ", None, "2017-10")]
    assert records[0].values["subject"] == "แต่งตั้งคณะกรรมการจัดทำแผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2561 - 2564)"
    assert records[0].values["signer_name"] == "นายสมศักดิ์ ใจดี"
    assert [(m.values["seq"], m.values["name"], m.values["position"], m.values["role"]) for m in members] == [
        (1, "นายสมศักดิ์ ใจดี", "นายกองค์การบริหารส่วนจังหวัดนครนายก", "ประธานกรรมการ"),
        (2, "นางสาวมาลี ศรีสุข", "ปลัดองค์การบริหารส่วนจังหวัด", "กรรมการ"),
        (3, "นายวิชัย ทองดี", "ผู้อำนวยการกองแผนและงบประมาณ", "กรรมการและเลขานุการ"),
    ]


def test_date_line_is_not_an_announcement():
    assert announcement.HEAD.match("ประกาศ ณ วันที่ 17 เดือน กันยายน พ.ศ. 2565") is None


def test_member_row_with_its_number_in_a_cell_of_its_own():
    match = announcement.MEMBER.match("3\tนายวิชัย ทองดี\tผู้อำนวยการกองคลัง\tกรรมการ")
    assert announcement._split_member(match.group("row")) == ("นายวิชัย ทองดี", "ผู้อำนวยการกองคลัง", "กรรมการ", True, [])


def test_date_line_with_the_signer_under_it_wins_over_a_date_in_the_body():
    lines = ["คำสั่งเทศบาลตำบลคลองแสนแสบ", "ที่ 12/2566", "เรื่อง แต่งตั้งคณะทำงาน", "",
             "วันที่ 1 ตุลาคม 2565 เป็นต้นไป ให้คณะทำงานมีหน้าที่", "", "สั่ง ณ วันที่ 5 มกราคม พ.ศ. 2566", "",
             "(นายนิวัฒน์ เกตุสวัสดิ์)", "นายกเทศมนตรีตำบลคลองแสนแสบ"]
    (segment,) = announcement.locate(lines)
    record, _ = announcement.extract(lines, segment, 1)
    assert (record.values["announced_on"], record.values["signer_name"]) == ("2023-01-05", "นายนิวัฒน์ เกตุสวัสดิ์")
    assert segment.end == 9


def test_table_of_contents_entries_printed_one_cell_per_line_are_no_announcements():
    # a flattened TOC: each entry, then its page number on a line of its own; the order itself follows
    toc = ["ภาคผนวก", "คำสั่งเทศบาลนครพิษณุโลก ที่ 504/2565 เรื่อง แต่งตั้งคณะกรรมการจัดทำแผนฯ", "120",
           "ประกาศเทศบาลนครพิษณุโลก เรื่อง ให้ใช้แผนปฏิบัติการป้องกันการทุจริต", "122", ""]
    records, members = notices_of(normalise_text("\n".join(toc) + "\n" + OLDER_PLAN))
    assert [(r.values["seq"], r.values["kind"], r.values["number"]) for r in records] == [
        (1, "คำสั่ง", "125/2560"), (2, "ประกาศ", None)]
    assert {m.values["announcement_seq"] for m in members} == {1}


def test_an_order_whose_words_ocr_damaged_keeps_its_committee_marked_repaired():
    from extractors.thai.normalise import NormalisedText

    clean = seed_norm("001")
    lines = [line.replace("คำสั่งเทศบาลนครพิษณุโลก", "คำศั่งเทศบาลนครพิษณุโลก", 1) if line == "คำสั่งเทศบาลนครพิษณุโลก"
             else line.replace("รองประธานคณะทำงาน", "รองประธา นคณะทำงาน") for line in clean.lines]
    damaged = NormalisedText(lines, clean.source_lines, clean.pages, clean.page_starts)
    (order, *_), members = notices_of(damaged)
    (clean_order, *_), clean_members = notices_of(clean)
    assert order.values["kind"] == "คำสั่ง" and order.scores["kind"].reason.startswith("OCR variant repaired")
    assert [m.values["name"] for m in members] == [m.values["name"] for m in clean_members]
    deputies = [m for m in members if (m.values["role"] or "").startswith("รองประธา")]
    assert deputies and all(m.scores["role"].reason.startswith("OCR variant repaired") for m in deputies)

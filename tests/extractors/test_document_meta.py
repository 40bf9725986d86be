"""Document metadata: organisation, place, plan period, fiscal year."""

import json

import pytest

from extractors.classify import classify
from extractors.document_meta import (
    extract,
    organization,
    plan_period,
    province_consistent,
)
from extractors.records import Record, Segment
from extractors.segment import locate
from extractors.thai.normalise import normalise_text
from tests.conftest import GOLD, seed_norm
from tests.extractors.test_segment import older_plan

FIELDS = ("organization", "org_type", "district", "province", "plan_start_year_be", "plan_end_year_be",
          "fiscal_year_be")


def document_of(norm):
    outline = locate(norm.lines, norm.page_starts)
    doc_type = classify(norm.lines).values["doc_type"]
    records, _ = extract(norm.lines, outline, doc_type)
    merged = {}
    for r in records:
        if r.table == "documents":
            merged.update(r.values)
    return merged, records


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_document_fields_match_gold(prefix):
    gold = json.loads(next(GOLD.glob(f"{prefix}_*.gold.json")).read_text(encoding="utf-8"))["document"]
    merged, _ = document_of(seed_norm(prefix))
    assert {f: merged.get(f) for f in FIELDS} == {f: gold[f] for f in FIELDS}


def test_best_supported_spelling_wins_over_the_cover_misprint():
    # The cover of seed 000 prints "เทศบาลตำบลคลองแสงแสง"; every other page "เทศบาลตำบลคลองแสนแสบ".
    norm = seed_norm("000")
    merged, records = document_of(norm)
    assert merged["organization"] == "เทศบาลตำบลคลองแสนแสบ"
    score = next(r for r in records if "organization" in r.scores).scores["organization"]
    assert "เทศบาลตำบลคลองแสงแสง" in score.reason and score.confidence < 0.95
    (consistency,) = [r for r in records if r.table == "checks" and r.values["check"] == "organization_name_consistent"]
    assert consistency.values["status"] == "fail"
    assert consistency.values["observed"] == "เทศบาลตำบลคลองแสงแสง"


def test_name_glued_to_the_next_word_supports_its_spelling():
    lines = ["องค์การบริหารส่วนตำบลบางเตย ประจำปี", "องค์การบริหารส่วนตำบลบางเตยได้กำหนดนโยบาย",
             "บุคลากรในองค์การบริหารส่วนตำบลบางเตยเกิดความรู้"]
    org, _ = organization(lines, [])
    assert org["organization"] == "องค์การบริหารส่วนตำบลบางเตย"


def test_misspelt_prefix_counts_for_the_official_org_type():
    lines = ["องค์กรบริหารส่วนตำบลจ้อหอ มีอำนาจหน้าที่", "องค์การบริหารส่วนตำบลจ้อหอ"]
    org, _ = organization(lines, [])
    assert org["organization"] == "องค์การบริหารส่วนตำบลจ้อหอ"
    assert org["org_type"] == "องค์การบริหารส่วนตำบล"


def test_close_spellings_split_support_and_lower_the_confidence():
    # Seed 003 prints จอหอ and จ้อหอ about equally often.
    _, records = document_of(seed_norm("003"))
    score = next(r for r in records if "organization" in r.scores).scores["organization"]
    assert score.confidence < 0.7
    assert "จ้อหอ" in score.reason or "จอหอ" in score.reason


def test_capital_district_is_named_after_its_province():
    merged, records = document_of(seed_norm("001"))
    assert (merged["district"], merged["province"]) == ("เมืองพิษณุโลก", "พิษณุโลก")
    assert next(r for r in records if "district" in r.scores).scores["district"].confidence < 0.9


def test_fiscal_year_comes_from_the_cover_and_a_check_records_the_tables_other_year():
    # Seed 004's cover says 2567; its summary tables say "ประจำปีงบประมาณ พ.ศ. 2566 รอบ 12 เดือน".
    merged, records = document_of(seed_norm("004"))
    assert merged["fiscal_year_be"] == 2567
    (consistency,) = [r for r in records if r.table == "checks" and r.values["check"] == "fiscal_year_consistent"]
    assert consistency.values["status"] == "fail" and "2566" in consistency.values["observed"]


def test_national_strategy_range_is_not_the_plan_period():
    lines = ["ยุทธศาสตร์ชาติ 20 ปี (พ.ศ. 2561 - 2580)", "แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. 2566 - 2570)"]
    period, _ = plan_period(lines, [])
    assert period == (2566, 2570)


def test_project_details_take_the_period_their_cards_share_with_lower_confidence():
    merged, records = document_of(seed_norm("003"))
    assert (merged["plan_start_year_be"], merged["plan_end_year_be"]) == (2566, 2570)
    assert next(r for r in records if "plan_start_year_be" in r.scores).scores["plan_start_year_be"].confidence < 0.9


def test_older_four_year_plan_of_a_provincial_organisation():
    merged, _ = document_of(older_plan())
    assert merged["organization"] == "องค์การบริหารส่วนจังหวัดนครนายก"
    assert merged["org_type"] == "องค์การบริหารส่วนจังหวัด"
    assert (merged["plan_start_year_be"], merged["plan_end_year_be"]) == (2561, 2564)
    assert merged["province"] == "นครนายก" and merged["district"] is None
    assert merged.get("fiscal_year_be") is None


def test_abbreviated_organisation_counts_as_its_full_name():
    org, _ = organization(["อบต.บางเตย ประจำปี", "องค์การบริหารส่วนตำบลบางเตย จัดทำ"], [Segment("cover", 0, 0)])
    assert org["organization"] == "องค์การบริหารส่วนตำบลบางเตย"


def test_plan_for_one_fiscal_year_gets_fiscal_year_from_its_title():
    norm = normalise_text("แผนปฏิบัติการป้องกันการทุจริต\nประจำปีงบประมาณ พ.ศ. 2567\n\nเทศบาลตำบลคลองแสนแสบ\n\n"
                          "คำนำ\n\nเทศบาลตำบลคลองแสนแสบ ได้จัดทำแผน")
    merged, _ = document_of(norm)
    assert merged["fiscal_year_be"] == 2567 and merged.get("plan_start_year_be") is None


def test_plan_without_period_does_not_take_a_year_from_its_body():
    norm = normalise_text("แผนปฏิบัติการป้องกันการทุจริต\n\nคำนำ\n\nโครงการนี้ดำเนินการในปีงบประมาณ 2566")
    merged, _ = document_of(norm)
    assert merged.get("fiscal_year_be") is None


def test_year_of_the_integrity_assessment_answered_is_not_another_fiscal_year():
    # Seed 002 analyses "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2565"
    # to set its 2566 measures: no contradiction to report.
    merged, records = document_of(seed_norm("002"))
    assert merged["fiscal_year_be"] == 2566
    (consistency,) = [r for r in records if r.table == "checks" and r.values["check"] == "fiscal_year_consistent"]
    assert consistency.values["status"] == "pass"
    assert next(r for r in records if "fiscal_year_be" in r.scores).scores["fiscal_year_be"].confidence >= 0.9


def test_assessment_year_is_the_fiscal_year_when_nothing_else_names_one():
    lines = ["การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2567", "เทศบาลเมืองคลองขาม"]
    merged, _ = document_of(normalise_text("\n".join(lines)))
    assert merged["fiscal_year_be"] == 2567


def test_province_left_from_another_provinces_template_fails_the_province_check():
    # Seed 004's cover says "อำเภอสามพราน จังหวัดนครปฐม"; its foreword names the plan "...ประพฤติมิชอบ
    # จังหวัดสมุทรสาคร" and its context section "...ราชการบริหารส่วนภูมิภาคจังหวัดสมุทรสาคร".
    merged, records = document_of(seed_norm("004"))
    assert merged["province"] == "นครปฐม"
    (consistency,) = [r for r in records if r.table == "checks" and r.values["check"] == "province_consistent"]
    assert (consistency.values["status"], consistency.values["severity"]) == ("fail", "warning")
    assert (consistency.values["expected"], consistency.values["observed"]) == ("นครปฐม", "สมุทรสาคร x2")
    assert consistency.line == 16


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_documents_naming_only_their_own_province_pass_the_province_check(prefix):
    _, records = document_of(seed_norm(prefix))
    assert [r.values["status"] for r in records if r.table == "checks"
            and r.values["check"] == "province_consistent"] in ([], ["pass"])


def test_other_bodies_destinations_and_addresses_are_not_the_documents_province():
    org = {"org_type": "องค์การบริหารส่วนตำบล", "place": "บางเตย"}
    place = Record("documents", {"district": "สามพราน", "province": "นครปฐม"}, 0)
    lines = ["อำเภอสามพราน จังหวัดนครปฐม",
             "องค์การบริหารส่วนตำบลบางเตย ศึกษาดูงาน ณ จังหวัดน่าน",
             "องค์การบริหารส่วนตำบลบางเตย ร่วมกับองค์การบริหารส่วนจังหวัดราชบุรี",
             "ส่งแผนปฏิบัติการให้ศูนย์ ป.ป.ช. อำเภอเมือง จังหวัดราชบุรี",
             "แผนปฏิบัติการนี้ใช้ได้กับจังหวัดต่างๆ",
             "สำนักงาน ป.ป.ช.ประจำจังหวัดราชบุรี",  # names neither the organisation nor its plan
             "แผนปฏิบัติการขององค์การบริหารส่วนตำบลบางเตย จังหวัดนครปฐม"]
    assert province_consistent(lines, place, org).values["status"] == "pass"
    lines.append("แผนปฏิบัติการป้องกันการทุจริตจังหวัดราชบุรี")
    assert province_consistent(lines, place, org).values["observed"] == "ราชบุรี x1"


def test_a_name_cut_short_by_a_speck_or_a_wrapped_line_is_not_the_organisation():
    whole = ["เทศบาลตำบลคลองแสนแสบ ประจำปี", "เทศบาลตำบลคลองแสนแสบได้ดำเนินการ", "ของเทศบาลตำบลคลองแสนแสบ"]
    speck = ["ตามแผนของเทศบาลตำบลคล องแสนแสบ"]  # a space OCR put inside the name
    wrapped = ["แผนปฏิบัติการป้องกันการทุจริตของเทศบาลตำบลคลอง", "แสนแสบ ประจำปีงบประมาณ"] * 4  # a running title
    for lines in (whole + speck, whole + wrapped):
        org, records = organization(lines, [])
        assert org["organization"] == "เทศบาลตำบลคลองแสนแสบ", lines


def test_a_name_printed_apart_only_where_lines_wrap_is_not_trusted():
    org, records = organization(["แผนปฏิบัติการป้องกันการทุจริตของเทศบาลตำบลคลอง", "แสนแสบ ประจำปี"] * 4, [])
    assert org["organization"] == "เทศบาลตำบลคลอง" and records[0].scores["organization"].confidence < 0.9

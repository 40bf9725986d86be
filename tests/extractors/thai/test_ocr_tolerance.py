import regex
from hypothesis import given
from hypothesis import strategies as st

from extractors.thai.ocr_tolerance import (
    Keyword,
    Vocabulary,
    look_alike_readings,
    tolerant,
)

ORDER_HEAD = Keyword(r"^(?P<kind>ประกาศ|คำสั่ง)\s?(?P<issuer>เทศบาล[^\t]{0,250})$")


def test_a_keyword_as_printed_is_an_exact_reading():
    found = ORDER_HEAD.match("คำสั่งเทศบาลนครพิษณุโลก")
    assert found.group("kind") == "คำสั่ง" and not ORDER_HEAD.repaired(found)


def test_look_alike_letters_dropped_or_doubled_marks_and_inserted_specks_are_repaired_readings():
    for damaged in ("คำศั่งเทศบาลนครพิษณุโลก", "คำสังเทศบาลนครพิษณุโลก", "คำสั่่งเทศบาลนครพิษณุโลก",
                    "ค าสั่งเทศบาลนครพิษณุโลก", "ค้าสั่งเทศบาลนครพิษณุโลก", "คำ|สั่งเทศบาลนคร",
                    "ประกาสเทศปาลตำบลคลองแสนแสบ", "ประ.กาศเทศบาลตำบลคลองแสนแสบ"):
        found = ORDER_HEAD.match(damaged)
        assert found and ORDER_HEAD.repaired(found), damaged


def test_other_words_are_not_read_as_the_keyword():
    for other in ("คำสอนเทศบาล", "ประกาศ ณ วันที่ 17 กันยายน", "คำนำ", "ประการเทศบาล"):
        assert ORDER_HEAD.match(other) is None, other


def test_groups_and_classes_of_the_printed_pattern_keep_their_meaning():
    card = Keyword(r"(?:ลำดับ|โครงการ)\s?ที่\s?([0-9]{1,3})\s*$", misreadings=r"ลำดับ\s?ท[ีิ]?\s?([0-9]{1,3})$")
    assert card.search("ลำดับที่ 6").group(1) == "6"
    assert card.search("ลำดัปที่ 7").group(1) == "7" and card.repaired(card.search("ลำดัปที่ 7"))
    assert card.search("ลำดับท 4").group(1) == "4"  # a misreading listed with the keyword
    assert tolerant(r"[ชซ]ื่?อ") == r"[ชซข]ื[่้]{0,2}[ |.]?[อฮ]"
    assert tolerant(r"(?!ไม่)งาน").startswith("(?!ไม่)")  # a negative lookahead is not widened


def test_the_printed_word_of_a_later_entry_wins_over_an_ocr_reading_of_an_earlier_one():
    columns = Vocabulary((("spent", Keyword("เบิกจ่าย")), ("budget", Keyword("งบประมาณ"))))
    assert columns.first("งบประมาณ")[::2] == ("budget", False)
    assert columns.first("เบิกจ่ายงบประมาณ")[::2] == ("spent", False)
    assert columns.first("เปิกจ่าย")[::2] == ("spent", True)
    assert columns.first("คงเหลือ") is None


@given(st.text(alphabet="กขชดตบปอฮสศ่้ำา |.0123456789", max_size=40))
def test_the_tolerant_reading_accepts_all_the_printed_one_does(text):
    printed = regex.compile(r"(?:คำสั่ง|ประกาศ)\s?ที่\s?[0-9]+|[ชซ]ื่?อโครงการ")
    widened = regex.compile(tolerant(printed.pattern))
    assert not printed.search(text) or widened.search(text)


def test_a_long_line_that_is_no_keyword_is_rejected_quickly():
    heading = Keyword(r"^(?:[0-9]{1,2}\s?[.)]\s?)?(?:[ชซ]ื่?อ)(?:โครงการ|กิจกรรม)(?:\s?/\s?(?:โครงการ|กิจกรรม))*\s?:?")
    assert heading.search("ก" * 5000 + " |" * 2000) is None


def test_a_number_has_a_reading_for_each_look_alike_digit():
    assert look_alike_readings("60,000", limit=1) == ["20,000"]
    assert set(look_alike_readings("15", limit=2)) == {"75", "14", "74"}
    assert look_alike_readings("0.00") == []

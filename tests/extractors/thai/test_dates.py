from extractors.thai.dates import be_to_ce, be_years, parse_thai_date


def test_an_announcement_date_becomes_an_iso_date_in_the_common_era():
    assert parse_thai_date("ประกาศ ณ วันที่ 17 เดือน กันยายน พ.ศ. 2565") == "2022-09-17"
    assert parse_thai_date("สั่ง ณ วันที่ 3 ต.ค. 2565") == "2022-10-03"


def test_a_day_left_blank_for_a_hand_entry_gives_the_month_only():
    assert parse_thai_date("ประกาศ ณ วันที่ เดือน ตุลาคม พ.ศ. 2565") == "2022-10"


def test_an_implausible_year_or_no_month_gives_no_date():
    assert parse_thai_date("วันที่ 17 กันยายน 1999") is None
    assert parse_thai_date("วันที่ 17/09/2565") is None


def test_an_ocr_spelling_of_a_month_is_read():
    assert parse_thai_date("วันที่ 1 กรกฏาคม 2566") == "2023-07-01"


def test_plan_years_in_order_and_their_common_era():
    assert be_years("แผนปฏิบัติการ (พ.ศ. 2566 - 2570) ปี 25666") == [2566, 2570]
    assert be_to_ce(2566) == 2023

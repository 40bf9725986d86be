from hypothesis import given
from hypothesis import strategies as st

from extractors.thai.numbers import (
    amount_in_words,
    amounts_in,
    parse_amount,
    parse_number,
    parse_number_words,
)

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"


def test_budget_cells_read_as_plans_print_them():
    assert parse_amount("30,000").value == 30000 and parse_amount("30,000").exact
    assert parse_amount("20,000.-").value == 20000
    assert parse_amount("10,000 บาท").value == 10000
    assert parse_amount("1,250,500.50").value == 1250500.5


def test_a_dash_means_no_amount_and_no_budget_words_mean_zero():
    assert parse_amount("-").value is None and not parse_amount("-").no_budget
    none = parse_amount("ไม่ใช้งบประมาณ")
    assert none.value == 0 and none.no_budget


def test_a_dot_as_thousands_separator_is_read_but_marked_as_a_guess():
    assert parse_number("30.000") == (30000.0, False)
    assert parse_number("30,000.00") == (30000.0, True)


def test_thai_digits_are_not_numbers_until_normalised():
    """Normalisation turns Thai digits to Arabic first; the patterns never accept them (``\\d`` would)."""
    assert amounts_in("๓๐,๐๐๐") == []
    assert parse_amount("๓๐,๐๐๐").value is None


def test_amounts_in_a_line_in_order():
    assert amounts_in("30,000 45.000 - 1,500.50") == ["30,000", "45.000", "1,500.50"]


def test_amounts_written_in_words():
    assert amount_in_words("(หนึ่งล้านเจ็ดแสนหกหมื่นห้าพันบาทถ้วน)") == 1_765_000
    assert amount_in_words("(สามหมื่นบาทถ้วน)") == 30_000
    assert parse_number_words("สามสี่") is None  # two digit words in a row are no number


@given(st.integers(min_value=0, max_value=999_999_999))
def test_thousands_separated_amounts_read_back_exactly(value):
    assert parse_amount(f"{value:,}").value == value
    assert parse_amount(f"{value:,}.00").value == value


@given(st.integers(min_value=1, max_value=999_999))
def test_no_thai_digit_is_ever_read_as_a_number(value):
    thai = str(value).translate(str.maketrans("0123456789", THAI_DIGITS))
    assert amounts_in(thai) == []

"""The rules on what a centre is made of (docs/rules.md §17)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_tui.domain.centre import (
    CentreError,
    check_chosen_pin,
    check_department_code,
    check_phone,
    check_role,
    check_short_name,
    check_staff_code,
    check_staff_department,
    check_timezone,
    check_window_number,
    format_hours,
    parse_hours,
)


@pytest.mark.parametrize("pin", ["482913", "12345a", "password", "9" * 5 + "8", "135791"])
def test_a_chosen_pin_of_six_or_more_that_is_not_obvious_is_taken(pin: str) -> None:
    check_chosen_pin(pin)


@pytest.mark.parametrize(
    ("pin", "rule"),
    [
        ("12345", "centre.pin_length"),
        ("1" * 65, "centre.pin_length"),
        ("12 34\n56", "centre.pin_length"),
        ("111111", "centre.pin_guessable"),
        ("aaaaaaaa", "centre.pin_guessable"),
        ("123456", "centre.pin_guessable"),
        ("654321", "centre.pin_guessable"),
        ("8901234", "centre.pin_guessable"),
    ],
)
def test_a_short_or_guessable_pin_is_refused(pin: str, rule: str) -> None:
    with pytest.raises(CentreError) as refused:
        check_chosen_pin(pin)
    assert refused.value.rule == rule


def test_department_codes_are_upper_case_ascii_starting_with_a_letter() -> None:
    assert check_department_code(" ga ") == "GA"
    assert check_department_code("Sw2") == "SW2"
    for bad in ("", "2GA", "公安", "G A", "ABCDEFGHI", "GA-1"):
        with pytest.raises(CentreError):
            check_department_code(bad)


def test_a_short_name_has_no_spaces_or_brackets() -> None:
    assert check_short_name(" 公安 ") == "公安"
    for bad in ("", "公 安", "公安〔", "(公安)", "一二三四五六七八九"):
        with pytest.raises(CentreError):
            check_short_name(bad)


def test_window_numbers_and_staff_codes() -> None:
    assert check_window_number("7") == 7
    assert check_staff_code(" ga01 ") == "ga01"
    for bad in ("0", "1000", "x", "-1", "1.5"):
        with pytest.raises(CentreError):
            check_window_number(bad)
    for bad in ("", "ga 01", "甲01", "-ga", "a" * 33):
        with pytest.raises(CentreError):
            check_staff_code(bad)


def test_roles_and_phones() -> None:
    assert check_role("deputy") == "deputy"
    assert check_phone("") == ""
    assert check_phone(" 0571-86801001 ") == "0571-86801001"
    with pytest.raises(CentreError):
        check_role("boss")
    with pytest.raises(CentreError):
        check_phone("", required=True)
    with pytest.raises(CentreError):
        check_phone("call me")


def test_only_an_administrator_may_have_no_department() -> None:
    check_staff_department("admin", None)
    check_staff_department("clerk", "GA")
    for role in ("clerk", "deputy", "chief"):
        with pytest.raises(CentreError) as error:
            check_staff_department(role, None)
        assert error.value.rule == "centre.staff_department"


def test_time_zones_are_iana_names_and_nothing_else() -> None:
    assert check_timezone(" Asia/Shanghai ") == "Asia/Shanghai"
    assert check_timezone("UTC") == "UTC"
    for bad in ("", "Asia/Nowhere", "../../etc/passwd", "/etc/localtime", "Asia/\x00", "+08:00"):
        with pytest.raises(CentreError) as error:
            check_timezone(bad)
        assert error.value.rule == "centre.timezone"


def test_opening_hours_read_full_width_punctuation_and_write_back_the_same() -> None:
    periods = parse_hours("8:30-12:00，13:30-17:00")
    assert format_hours(periods) == "08:30-12:00,13:30-17:00"
    assert parse_hours("") == ()
    for bad in ("08:30-12:00,11:00-13:00", "12:00-08:00", "25:00-26:00", "morning"):
        with pytest.raises(CentreError):
            parse_hours(bad)


@given(st.lists(st.integers(0, 23 * 60), min_size=2, max_size=8, unique=True))
def test_hours_written_in_order_read_back_unchanged(minutes: list[int]) -> None:
    ends = sorted(minutes)[: len(minutes) // 2 * 2]
    text = ",".join(
        f"{a // 60:02}:{a % 60:02}-{b // 60:02}:{b % 60:02}"
        for a, b in zip(ends[::2], ends[1::2], strict=True)
    )
    assert format_hours(parse_hours(text)) == text

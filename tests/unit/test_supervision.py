"""The rules of a supervision order (docs/rules.md §22): its period in working days, the
reply in time, its light and its number."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_tui.domain.calendar import WorkCalendar, YearSchedule
from counter_tui.domain.deadlines import Light
from counter_tui.domain.errors import DomainError
from counter_tui.domain.numbering import (
    CounterKey,
    counter_scope,
    supervision_counter,
    supervision_number,
)
from counter_tui.domain.supervision import (
    answered_in_time,
    check_new_date,
    check_reply_days,
    days_late,
    order_light,
    parse_order_number,
    reply_by_date,
)

# National Day 2025: 1-8 Oct off, Saturday 11 Oct worked (as in test_deadlines.py).
NATIONAL_DAY = frozenset(date(2025, 10, d) for d in range(1, 9))
WORKED = frozenset({date(2025, 9, 28), date(2025, 10, 11)})
CALENDAR = WorkCalendar([YearSchedule(2025, NATIONAL_DAY, WORKED)])


def test_the_period_is_1_to_30_whole_working_days() -> None:
    assert [check_reply_days(d) for d in (1, 30, "7", " 12 ")] == [1, 30, 7, 12]
    for wrong in (0, 31, -3, True, 2.0, None, "", "x", "3天", "١٢", "+5"):
        with pytest.raises(DomainError) as refused:
            check_reply_days(wrong)
        assert refused.value.rule == "supervision.reply_days"


def test_the_reply_by_day_skips_the_day_of_issue_and_the_holiday() -> None:
    # Issued Tuesday 30 September: Wednesday to Wednesday is the holiday; Thursday 9
    # October is the first working day after it, Saturday 11 October is worked.
    assert reply_by_date(CALENDAR, date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert reply_by_date(CALENDAR, date(2025, 9, 30), 3) == date(2025, 10, 11)
    assert reply_by_date(CALENDAR, date(2025, 11, 14), 1) == date(2025, 11, 17)  # Fri → Mon


def test_in_time_is_a_first_reply_on_or_before_the_reply_by_day() -> None:
    due = date(2025, 10, 9)
    assert answered_in_time(date(2025, 10, 9), due) is True
    assert answered_in_time(date(2025, 9, 30), due) is True
    assert answered_in_time(date(2025, 10, 10), due) is False
    assert answered_in_time(None, due) is False


def test_the_light_is_yellow_on_the_reply_by_day_only() -> None:
    due = date(2025, 10, 9)  # Thursday after the holiday
    assert order_light(CALENDAR, date(2025, 9, 30), due) is Light.GREEN
    assert order_light(CALENDAR, date(2025, 10, 5), due) is Light.GREEN  # holiday
    assert order_light(CALENDAR, due, due) is Light.YELLOW
    assert order_light(CALENDAR, date(2025, 10, 10), due) is Light.RED


def test_days_late_count_working_days_past_the_reply_by_day() -> None:
    due = date(2025, 9, 30)
    assert days_late(CALENDAR, due, due) == 0
    assert days_late(CALENDAR, date(2025, 9, 29), due) == 0
    assert days_late(CALENDAR, date(2025, 10, 8), due) == 0  # the holiday is not late
    assert days_late(CALENDAR, date(2025, 10, 11), due) == 3  # 9, 10 and Saturday 11


def test_a_new_date_is_today_or_later() -> None:
    check_new_date(None, date(2025, 10, 9))
    check_new_date(date(2025, 10, 9), date(2025, 10, 9))
    with pytest.raises(DomainError) as refused:
        check_new_date(date(2025, 10, 8), date(2025, 10, 9))
    assert refused.value.rule == "supervision.new_date"


def test_the_number_and_its_counter() -> None:
    assert supervision_number(2026, 7) == "督办〔2026〕7号"
    assert supervision_counter(date(2026, 3, 1)) == CounterKey("supervision", "2026")
    # A scope of its own: no department's case or document counter is named so.
    assert supervision_counter(date(2026, 3, 1)).scope not in {
        counter_scope("GA"),
        counter_scope("督办", "receipt"),  # type: ignore[arg-type]
    }
    for year, seq in ((999, 1), (2026, 0)):
        with pytest.raises(ValueError):
            supervision_number(year, seq)


@given(year=st.integers(1000, 9999), seq=st.integers(1, 10**9 - 1))
def test_a_number_reads_back_as_printed_or_as_typed(year: int, seq: int) -> None:
    number = supervision_number(year, seq)
    for typed in (number, f"督办[{year}]{seq}", f"{year}-{seq}", f" {year} / {seq} 号"):
        assert parse_order_number(typed) == number


def test_what_is_not_a_number() -> None:
    for text in ("", "督办", "2026", "督办〔2026〕0号", "0999-1", "GA20261128-0007", "[red]"):
        assert parse_order_number(text) is None

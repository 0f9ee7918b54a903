"""The centre's working hours come from its profile and its work calendar (docs/rules.md
§8), read again after the administrator changes them."""

import dataclasses
from datetime import datetime

import pytest

from counter_tui.services.profile import centre_profile, set_profile
from counter_tui.services.working_hours import centre_working_hours

pytestmark = pytest.mark.both_engines


def test_the_profile_s_hours_and_the_calendar_make_the_clock(demo_db: str) -> None:
    hours = centre_working_hours()  # the demo: 08:30-12:00,13:30-17:00 on weekdays
    thursday = datetime(2026, 12, 3, 16, 30)
    assert hours.add(thursday, 180) == datetime(2026, 12, 4, 11, 0)
    # 2026-10-01 to 10-07 are the National Day holiday: counted from the calendar.
    assert hours.add(datetime(2026, 9, 30, 16, 30), 60) == datetime(2026, 10, 8, 9, 0)
    week = ("09:00-11:00",) * 5 + ("", "")
    set_profile(None, dataclasses.replace(centre_profile(), opening_hours=week))
    assert centre_working_hours().add(thursday, 60) == datetime(2026, 12, 4, 10, 0)

"""The centre's working hours (docs/rules.md §8): its profile's opening periods on the
work calendar, for promises counted in hours."""

from counter_tui.domain.centre import parse_hours
from counter_tui.domain.working_hours import WorkingHours
from counter_tui.services.calendar import load_calendar
from counter_tui.services.profile import centre_profile


def centre_working_hours() -> WorkingHours:
    """Read at each use: an administrator may change the opening hours at any time."""
    week = tuple(parse_hours(hours) for hours in centre_profile().opening_hours)
    return WorkingHours(load_calendar(), week)

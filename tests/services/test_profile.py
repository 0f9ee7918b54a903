"""The centre's profile: read as one value, changed by an administrator or the command line,
each change an event; bad values refused with nothing written."""

from dataclasses import replace

import pytest
from hypothesis import given

from counter_tui.domain.centre import CentreError
from counter_tui.services.auth import session_of
from counter_tui.services.profile import Profile, centre_name, centre_profile, set_profile
from counter_tui.store.models import Event, Staff
from tests.hostile import HOSTILE_SETTINGS, assert_refused, everything, hostile_text, undone

pytestmark = pytest.mark.both_engines

WEEK = ("08:30-12:00, 13:30-17:00",) * 5 + ("", "")


def test_a_new_database_has_the_defaults(empty_db: str) -> None:
    assert centre_profile() == Profile(name="")


def test_an_administrator_sets_the_profile_with_an_event(demo_db: str) -> None:
    admin = session_of(Staff.get(Staff.code == "admin"))
    profile = replace(
        centre_profile(), address=" 政务大道 2 号 ", opening_hours=WEEK, court="示范市人民法院"
    )
    changes = set_profile(admin, profile)
    assert set(changes) == {"address", "opening_hours", "court"}
    stored = centre_profile()
    assert stored.address == "政务大道 2 号"
    assert stored.hours_of("mon") == "08:30-12:00,13:30-17:00"  # as stored, one way
    assert stored.hours_of("sat") == ""
    event = Event.select().order_by(Event.id.desc()).get()
    assert (event.kind, event.staff.code) == ("profile_set", "admin")
    assert set_profile(None, stored) == {}  # nothing changed: no event
    assert Event.select().order_by(Event.id.desc()).get().id == event.id


def test_the_command_line_sets_the_profile_and_names_no_one(demo_db: str) -> None:
    set_profile(None, replace(centre_profile(), name="示范市政务服务中心"))
    assert centre_name() == "示范市政务服务中心"
    event = Event.select().order_by(Event.id.desc()).get()
    assert event.kind == "profile_set" and event.staff_id is None


@pytest.mark.parametrize("code", ["ga01", "gachief", "gadeputy"])
def test_no_one_but_an_administrator_sets_it(demo_db: str, code: str) -> None:
    session = session_of(Staff.get(Staff.code == code))
    assert_refused(
        lambda: set_profile(session, replace(centre_profile(), name="别的中心")), "auth.role"
    )


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("name", "  ", "centre.required"),
        ("timezone", "Asia/Nowhere", "centre.timezone"),
        ("timezone", "../../etc/passwd", "centre.timezone"),
        ("complaint_phone", "投诉", "centre.phone"),
        ("opening_hours", ("17:00-08:30",) + ("",) * 6, "centre.hours"),
        ("court", "x" * 101, "centre.text"),
    ],
)
def test_a_bad_value_is_refused(demo_db: str, field: str, value: object, rule: str) -> None:
    before = everything()
    with pytest.raises(CentreError) as error:
        set_profile(None, replace(centre_profile(), **{field: value}))
    assert error.value.rule == rule
    assert everything() == before


@HOSTILE_SETTINGS
@given(text=hostile_text)
def test_hostile_text_is_kept_checked_or_refused(demo_db: str, text: str) -> None:
    with undone():
        before = everything()
        try:
            set_profile(None, replace(centre_profile(), address=text, court=text))
        except CentreError:
            assert everything() == before
        else:
            assert centre_profile().address == " ".join(text.split())

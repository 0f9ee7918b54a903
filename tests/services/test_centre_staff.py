"""Staff administered (docs/rules.md §17): accounts added with a one-time PIN their holder
must change, changed, deactivated (not while they have open work, nor the last
administrator) and enabled, PINs reset and locks cleared. Every refusal writes nothing."""

from dataclasses import replace

import pytest
from hostile import assert_refused

from counter_tui.domain.errors import DomainError
from counter_tui.services import auth
from counter_tui.services.auth import change_pin, sign_in
from counter_tui.services.centre.staff import (
    add_staff,
    list_staff,
    reset_pin,
    set_active,
    set_staff,
    unlock_staff,
)
from counter_tui.services.errors import AuthError
from counter_tui.services.intake.draft import start_draft
from counter_tui.store.events import event_data
from counter_tui.store.models import Event, Staff

pytestmark = pytest.mark.both_engines

PIN = "802461"
OWN = "735913"


def _last_event() -> Event:
    return Event.select().order_by(Event.id.desc()).get()


def _lock(code: str) -> None:
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(AuthError):
            sign_in(code, "wrong-pin")


def test_a_new_clerk_chooses_a_pin_before_any_work(demo_db: str, sign) -> None:
    line = add_staff(sign("admin"), "ga06", "新人", "clerk", PIN, "GA")
    assert (line.department, line.must_change_pin, line.active) == ("GA", True, True)
    event = _last_event()
    assert (event.kind, event.staff.code) == ("staff_added", "admin")
    assert PIN not in event.data
    session = sign_in("ga06", PIN)
    assert session.must_change_pin
    with pytest.raises(DomainError) as refused:
        start_draft(session, "GA-010")
    assert refused.value.rule == "auth.must_change_pin"
    for new, rule in (
        (PIN, "auth.pin_same"),
        ("111111", "centre.pin_guessable"),
        ("12", "centre.pin_length"),
    ):
        assert_refused(lambda n=new: change_pin(session, PIN, n), rule)
    with pytest.raises(AuthError) as wrong:
        change_pin(session, "000000", OWN)
    assert wrong.value.rule == "auth.wrong"
    session = change_pin(session, PIN, OWN)
    assert not session.must_change_pin and not Staff.get(Staff.code == "ga06").must_change_pin
    assert _last_event().kind == "pin_changed"
    assert start_draft(session, "GA-010").startswith("GA")
    with pytest.raises(AuthError):
        sign_in("ga06", PIN)
    assert sign_in("ga06", OWN).must_change_pin is False


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        (("ga01", "重名", "clerk", PIN, "GA"), "staff.code_taken"),
        (("ga06", "新人", "clerk", PIN, None), "staff.department_needed"),
        (("ga06", "新人", "deputy", PIN, ""), "staff.department_needed"),
        (("ad2", "管理员二", "admin", PIN, "GA"), "staff.admin_department"),
        (("ga06", "新人", "boss", PIN, "GA"), "centre.role"),
        (("ga 06", "新人", "clerk", PIN, "GA"), "centre.staff_code"),
        (("ga06", "新人\x1b[2J", "clerk", PIN, "GA"), "centre.text"),
        (("ga06", "新人", "clerk", "123456", "GA"), "centre.pin_guessable"),
        (("ga06", "新人", "clerk", "1357", "GA"), "centre.pin_length"),
        (("ga06", "新人", "clerk", "13579\ud800", "GA"), "centre.pin_length"),
        (("ga06", "新人", "clerk", PIN, "XX"), "department.unknown"),
    ],
)
def test_bad_accounts_are_refused_and_nothing_written(demo_db: str, args: tuple, rule: str) -> None:
    assert_refused(lambda: add_staff(None, *args), rule)


def test_a_deputy_and_an_administrator_are_placed_by_their_role(demo_db: str) -> None:
    add_staff(None, "gadeputy2", "副首席", "deputy", PIN, "GA")
    add_staff(None, "admin2", "管理员二", "admin", PIN)
    lines = {line.code: line for line in list_staff()}
    assert (lines["gadeputy2"].role, lines["gadeputy2"].department) == ("deputy", "GA")
    assert lines["admin2"].department == ""
    assert {line.code for line in list_staff("GA")} >= {"ga01", "gachief", "gadeputy"}
    assert "admin2" not in {line.code for line in list_staff("GA")}


def test_set_changes_name_role_and_department(demo_db: str) -> None:
    add_staff(None, "ga06", "新人", "clerk", PIN, "GA")
    line = set_staff(None, "ga06", name="新人甲", role="deputy")
    assert (line.name, line.role, line.department) == ("新人甲", "deputy", "GA")
    assert event_data(_last_event())["changed"] == {
        "name": ["新人", "新人甲"],
        "role": ["clerk", "deputy"],
    }
    assert set_staff(None, "ga06", department="HB").department == "HB"
    line = set_staff(None, "ga06", role="admin")  # an administrator leaves the department
    assert (line.role, line.department) == ("admin", "")
    assert_refused(lambda: set_staff(None, "ga06", role="clerk"), "staff.department_needed")
    assert_refused(lambda: set_staff(None, "ga06", department="GA"), "staff.admin_department")
    assert set_staff(None, "ga06", role="clerk", department="GH").department == "GH"


def test_open_work_keeps_an_account_where_it_is(demo_db: str, received) -> None:
    received(clerk="ga05")  # an open case; ga05 is also the A clerk of window 3
    for call in (
        lambda: set_active(None, "ga05", False),
        lambda: set_staff(None, "ga05", department="HB"),
        lambda: set_staff(None, "ga05", role="admin"),
    ):
        assert_refused(call, "staff.open_work")
    set_staff(None, "ga05", role="chief")  # still at the counter of 公安: allowed


def test_a_deactivated_account_stays_in_the_history(demo_db: str) -> None:
    add_staff(None, "ga06", "新人", "clerk", PIN, "GA")
    line = set_active(None, "ga06", False)
    assert not line.active and _last_event().kind == "staff_disabled"
    assert Staff.get(Staff.code == "ga06").active is False
    assert "ga06" in {line.code for line in list_staff()}
    with pytest.raises(AuthError):
        sign_in("ga06", PIN)
    count = Event.select().count()
    set_active(None, "ga06", False)  # already: nothing written
    assert Event.select().count() == count
    assert set_active(None, "ga06", True).active and _last_event().kind == "staff_enabled"


def test_the_last_active_administrator_stays(demo_db: str, sign) -> None:
    assert_refused(lambda: set_active(sign("admin"), "admin", False), "staff.last_admin")
    assert_refused(
        lambda: set_staff(None, "admin", role="clerk", department="GA"), "staff.last_admin"
    )
    add_staff(None, "admin2", "管理员二", "admin", PIN)
    set_active(sign("admin"), "admin", False)
    assert_refused(lambda: set_active(None, "admin2", False), "staff.last_admin")


def test_a_reset_pin_is_one_time_and_clears_the_lock(demo_db: str, sign) -> None:
    _lock("ga01")
    with pytest.raises(AuthError) as locked:
        sign_in("ga01", "1101")
    assert locked.value.rule == "auth.locked"
    assert [line.locked for line in list_staff() if line.code == "ga01"] == [True]
    line = reset_pin(sign("admin"), "ga01", PIN)
    assert line.must_change_pin and not line.locked
    assert (_last_event().kind, _last_event().staff.code) == ("pin_reset", "admin")
    assert sign_in("ga01", PIN).must_change_pin
    assert_refused(lambda: reset_pin(None, "ga01", "000000"), "centre.pin_guessable")


def test_unlock_clears_the_lock_and_the_failures(demo_db: str, sign) -> None:
    _lock("ga01")
    assert unlock_staff(sign("admin"), "ga01") is True
    assert _last_event().kind == "staff_unlocked"
    assert sign_in("ga01", "1101").code == "ga01"  # the demo PIN works again
    count = Event.select().count()
    assert unlock_staff(None, "ga01") is False  # nothing to clear: nothing written
    assert Event.select().count() == count
    assert_refused(lambda: unlock_staff(None, "nobody"), "staff.unknown")


def test_only_an_administrator_with_a_chosen_pin_administers_staff(demo_db: str, sign) -> None:
    fresh_admin = replace(sign("admin"), must_change_pin=True)
    for who, rule in (
        (sign("ga01"), "auth.role"),
        (sign("gachief"), "auth.role"),
        (fresh_admin, "auth.must_change_pin"),
    ):
        for call in (
            lambda s=who: add_staff(s, "ga06", "新人", "clerk", PIN, "GA"),
            lambda s=who: set_staff(s, "ga01", name="改名"),
            lambda s=who: set_active(s, "ga02", False),
            lambda s=who: reset_pin(s, "ga01", PIN),
            lambda s=who: unlock_staff(s, "ga01"),
        ):
            assert_refused(call, rule)

"""Windows administered (docs/rules.md §17): added and changed with the handover's A/B
rules; one 一号窗口 per department, the mark moving to the window that takes it; a
comprehensive window (综合窗口) is never also a 一号窗口. Every refusal writes nothing."""

import pytest
from hostile import assert_refused

from counter_tui.services.centre.staff import add_staff
from counter_tui.services.centre.windows import add_window, set_window
from counter_tui.services.handover.staffing import list_windows
from counter_tui.store.events import event_data
from counter_tui.store.models import Event, Window

pytestmark = pytest.mark.both_engines

PIN = "802461"
BOTH = "window.first_and_comprehensive"


def _last_event() -> Event:
    return Event.select().order_by(Event.id.desc()).get()


@pytest.fixture
def newcomers(demo_db: str) -> None:
    """Two clerks of 公安 at no window yet, and one of 环保."""
    for code, department in (("ga06", "GA"), ("ga07", "GA"), ("hb04", "HB")):
        add_staff(None, code, f"新人{code}", "clerk", PIN, department)


def test_an_administrator_adds_a_window_with_its_clerks(newcomers: None, sign) -> None:
    view = add_window(sign("admin"), 9, "ga", phone="0571-86801009", clerk_a="ga06", clerk_b="ga07")
    assert (view.number, view.department_code, view.phone) == (9, "GA", "0571-86801009")
    assert (view.clerk_a, view.clerk_b, view.on_duty, view.first_window) == (
        "ga06",
        "ga07",
        "ga06",
        False,
    )
    event = _last_event()
    assert (event.kind, event.staff.code) == ("window_added", "admin")
    assert event_data(event)["a"] == "ga06"


def test_a_window_may_start_without_clerks(newcomers: None) -> None:
    view = add_window(None, "10", "HB")
    assert (view.clerk_a, view.clerk_b, view.on_duty) == ("", "", "")
    view = set_window(None, 10, clerk_b="hb04")
    assert (view.clerk_a, view.clerk_b, view.on_duty) == ("", "hb04", "hb04")
    assert _last_event().staff is None


def test_the_first_window_mark_moves_to_the_window_that_takes_it(newcomers: None) -> None:
    add_window(None, 9, "GA", first=True)
    assert Window.get(Window.number == 9).first_window
    set_window(None, 1, first=True)
    assert sorted(w.number for w in Window.select().where(Window.first_window)) == [1, 4, 6]
    assert event_data(_last_event())["first_window_from"] == 9
    add_window(None, 10, "HB", first=True)  # another department's mark: 公安's stays
    assert sorted(w.number for w in Window.select().where(Window.first_window)) == [1, 6, 10]
    set_window(None, 1, first=False)
    assert sorted(w.number for w in Window.select().where(Window.first_window)) == [6, 10]


def test_a_window_moves_to_another_department_with_clerks_of_it(newcomers: None) -> None:
    add_window(None, 9, "GA", clerk_a="ga06", first=True)
    assert_refused(lambda: set_window(None, 9, department="HB"), "window.clerk")
    view = set_window(None, 9, department="HB", clerk_a="hb04")
    assert (view.department_code, view.clerk_a, view.first_window) == ("HB", "hb04", False)
    assert event_data(_last_event())["changed"]["clerk_a"] == ["ga06", "hb04"]


def test_a_comprehensive_window_is_added_marked_and_unmarked(newcomers: None) -> None:
    assert [w.number for w in list_windows() if w.comprehensive] == [8]  # the demo's, ZW's
    view = add_window(None, 9, "GA", clerk_a="ga06", comprehensive=True)
    assert (view.comprehensive, view.first_window) == (True, False)
    assert event_data(_last_event())["comprehensive"] is True
    view = set_window(None, 9, comprehensive=False)
    assert not view.comprehensive
    assert event_data(_last_event())["changed"] == {"comprehensive": [True, False]}
    set_window(None, 2, comprehensive=True)
    assert [w.number for w in list_windows() if w.comprehensive] == [2, 8]


def test_a_comprehensive_window_keeps_its_mark_in_another_department(newcomers: None) -> None:
    view = set_window(None, 8, department="GA", clerk_a="ga06", clerk_b="ga07")
    assert (view.department_code, view.comprehensive, view.first_window) == ("GA", True, False)
    assert_refused(
        lambda: set_window(None, 8, department="HB", clerk_a="hb04", clerk_b="", first=True),
        "window.first_and_comprehensive",
    )


def test_one_change_takes_one_mark_off_and_puts_the_other_on(demo_db: str) -> None:
    view = set_window(None, 1, first=False, comprehensive=True)
    assert (view.first_window, view.comprehensive) == (False, True)
    view = set_window(None, 8, comprehensive=False, first=True)
    assert (view.first_window, view.comprehensive) == (True, False)
    assert event_data(_last_event())["changed"] == {
        "comprehensive": [True, False],
        "first_window": [False, True],
    }


def test_set_keeps_what_is_not_given(demo_db: str) -> None:
    view = set_window(None, 2, phone="0571-1234")
    assert (view.clerk_a, view.clerk_b, view.phone) == ("ga03", "ga04", "0571-1234")
    view = set_window(None, 2, clerk_b="")
    assert (view.clerk_a, view.clerk_b) == ("ga03", "")
    count = Event.select().count()
    set_window(None, 2, phone="0571-1234")  # as it is: nothing written
    assert Event.select().count() == count


@pytest.mark.parametrize(
    ("call", "rule"),
    [
        (lambda: add_window(None, 1, "GA"), "window.exists"),
        (lambda: add_window(None, 0, "GA"), "centre.window_number"),
        (lambda: add_window(None, "1000", "GA"), "centre.window_number"),
        (lambda: add_window(None, "八", "GA"), "centre.window_number"),
        (lambda: add_window(None, 9, "XX"), "department.unknown"),
        (lambda: add_window(None, 9, "GA", phone="call me"), "centre.phone"),
        (lambda: add_window(None, 9, "GA", clerk_a="ga06", clerk_b="ga06"), "window.same"),
        (lambda: add_window(None, 9, "GA", clerk_a="hb04"), "window.clerk"),
        (lambda: add_window(None, 9, "GA", clerk_a="ga01"), "window.elsewhere"),
        (lambda: add_window(None, 9, "GA", clerk_a="gone\x00\ud800"), "handover.unknown_staff"),
        (lambda: add_window(None, 9, "GA", first=True, comprehensive=True), BOTH),
        (lambda: set_window(None, 1, comprehensive=True), BOTH),  # 公安's 一号窗口
        (lambda: set_window(None, 8, first=True), BOTH),  # the comprehensive window
        (lambda: set_window(None, 99, phone="1234"), "window.not_found"),
        (lambda: set_window(None, 2, clerk_a="ga04"), "window.same"),
        (lambda: set_window(None, 2, clerk_b="admin"), "window.clerk"),
        (lambda: set_window(None, 2, phone="\x1b[2J"), "centre.phone"),
    ],
)
def test_bad_windows_are_refused_and_nothing_written(newcomers: None, call, rule: str) -> None:
    assert_refused(call, rule)


def test_a_clerk_or_chief_cannot_administer_windows(newcomers: None, sign) -> None:
    for who in ("ga01", "gachief"):
        assert_refused(lambda w=who: add_window(sign(w), 9, "GA"), "auth.role")
        assert_refused(lambda w=who: set_window(sign(w), 1, phone="1234"), "auth.role")

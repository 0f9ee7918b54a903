"""What is missing or wrong in the centre (docs/rules.md §17), as the administrator's home
lists it: the demo centre has no department or window short of people (its own office,
which holds no items and staffs the comprehensive window, needs no deputy); each thing
broken is then named, with its parameters. Only an administrator asks."""

import dataclasses

import pytest

from counter_tui.domain.errors import DomainError
from counter_tui.i18n import explain
from counter_tui.services import auth
from counter_tui.services.auth import sign_in
from counter_tui.services.centre.importing import NO_PIN
from counter_tui.services.centre.problems import centre_problems
from counter_tui.services.centre.queues import add_queue, set_queue
from counter_tui.services.centre.staff import add_staff, set_active
from counter_tui.services.errors import AuthError
from counter_tui.services.profile import centre_profile, set_profile
from counter_tui.store.models import Bundle, Department, Item, Staff, Window

pytestmark = pytest.mark.both_engines


def _found(session) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for problem in centre_problems(session):
        found.setdefault(problem.kind, []).append(problem.message.params)
    return found


def test_the_demo_lacks_no_approver_and_no_clerk(demo_db: str, sign) -> None:
    found = _found(sign("admin"))
    lacking = ("department.no_chief", "department.no_deputy", "department.no_delegation")
    for kind in (*lacking, "window.no_a", "window.no_b", "bundle.no_comprehensive_window"):
        assert kind not in found


def test_the_office_needs_a_deputy_once_it_has_an_ordinary_window(demo_db: str, sign) -> None:
    """ZW holds no items and staffs only the comprehensive window: it approves nothing. As
    an ordinary window's department it would take its own cases, and need both."""
    profile = dataclasses.replace(centre_profile(), reconsideration_body="")
    set_profile(None, profile)
    kinds = [f"department.{k}" for k in ("no_deputy", "no_delegation", "no_reconsideration_body")]
    found = _found(sign("admin"))
    assert not any({"code": "ZW"} in found.get(kind, []) for kind in kinds)
    Window.update(comprehensive=False).where(Window.number == 8).execute()
    found = _found(sign("admin"))
    assert all({"code": "ZW"} in found[kind] for kind in kinds)


def test_bundles_without_a_staffed_comprehensive_window_are_named(demo_db: str, sign) -> None:
    admin = sign("admin")
    Bundle.create(code="B-TEST", name="开办餐饮店一件事")
    assert "bundle.no_comprehensive_window" not in _found(admin)  # window 8 has its clerks
    Window.update(clerk_a=None, clerk_b=None).where(Window.number == 8).execute()
    found = _found(admin)
    assert found["bundle.no_comprehensive_window"] == [{"count": Bundle.select().count()}]
    Window.update(comprehensive=True).where(Window.number == 2).execute()  # ga03, ga04
    assert "bundle.no_comprehensive_window" not in _found(admin)
    assert all(explain(problem.message) for problem in centre_problems(admin))


def test_each_thing_broken_is_named(demo_db: str, sign) -> None:
    admin = sign("admin")
    Staff.update(role="clerk").where(Staff.code == "hbchief").execute()
    Staff.update(active=False).where(Staff.code == "ghdeputy").execute()
    Window.update(clerk_b=None).where(Window.number == 1).execute()
    Window.update(clerk_a=None).where(Window.number == 7).execute()
    Department.create(code="ZZ", name="示范市新设局", short_name="新设")
    Department.update(delegation="").where(Department.code == "GH").execute()
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(AuthError):
            sign_in("ga01", "wrong-pin")
    Staff.update(pin_hash=NO_PIN).where(Staff.code == "ga02").execute()
    add_staff(admin, "ga06", "新人", "clerk", "802461", "GA")

    found = _found(admin)
    assert found["department.no_chief"] == [{"code": "HB"}, {"code": "ZZ"}]
    assert found["department.no_deputy"] == [{"code": "GH"}, {"code": "ZZ"}]
    assert found["department.no_window"] == [{"code": "ZZ"}]
    assert found["department.no_delegation"] == [{"code": "GH"}, {"code": "ZZ"}]
    assert found["window.no_b"] == [{"number": 1}]
    assert found["window.no_a"] == [{"number": 7}]
    assert found["staff.locked"] == [{"name": "张敏", "code": "ga01"}]
    assert found["staff.no_pin"] == [{"name": "李强", "code": "ga02"}]
    assert {"name": "新人", "code": "ga06"} in found["staff.one_time_pin"]
    assert all(explain(problem.message) for problem in centre_problems(admin))


def test_a_profile_without_the_remedies_bodies_or_the_phone_is_named(demo_db: str, sign) -> None:
    """Decisions still print without them (docs/rules.md §6), but the periods of a
    decision that does not name where to apply stretch to a year."""
    admin = sign("admin")
    remedies = (
        "profile.no_complaint_phone",
        "profile.no_court",
        "department.no_reconsideration_body",
    )
    assert not set(remedies) & set(_found(admin))
    Department.update(reconsideration_body="国家税务总局示范市税务局").where(
        Department.code == "HB"
    ).execute()
    set_profile(
        None,
        dataclasses.replace(
            centre_profile(), complaint_phone="", court="", reconsideration_body=""
        ),
    )
    found = _found(admin)
    assert "profile.no_complaint_phone" in found and "profile.no_court" in found
    assert found["department.no_reconsideration_body"] == [{"code": "GA"}, {"code": "GH"}]
    assert all(explain(problem.message) for problem in centre_problems(admin))


def test_a_deactivated_account_is_no_problem(demo_db: str, sign) -> None:
    admin = sign("admin")
    add_staff(admin, "ga06", "新人", "clerk", "802461", "GA")
    set_active(admin, "ga06", False)
    assert "ga06" not in [p["code"] for p in _found(admin).get("staff.one_time_pin", [])]


@pytest.mark.parametrize("code", ["ga01", "gachief"])
def test_only_an_administrator_asks(demo_db: str, sign, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        centre_problems(sign(code))
    assert refused.value.rule == "auth.role"


def test_a_profile_without_weekday_hours_is_named(demo_db: str, sign) -> None:
    """Promises in hours count the opening periods (docs/rules.md §8): Saturday's service
    alone is not enough."""
    admin = sign("admin")
    assert "profile.no_hours" not in _found(admin)
    hours = ("",) * 5 + ("09:00-12:00", "")
    set_profile(None, dataclasses.replace(centre_profile(), opening_hours=hours))
    assert "profile.no_hours" in _found(admin)


def test_a_queue_nobody_calls_and_an_item_queue_whose_item_is_gone_are_named(
    demo_db: str, sign
) -> None:
    admin = sign("admin")
    kinds = ("queue.no_window", "queue.no_clerk", "queue.item_gone")
    assert not any(kind in _found(admin) for kind in kinds)  # the demo's queues are called
    add_queue(admin, "D", "身份证窗口", "GA", item_code="GA-002", windows=[3])
    add_queue(admin, "E", "暂无窗口", "GH")
    add_queue(admin, "F", "已关闭", "GH")
    set_queue(admin, "F", active=False)  # a closed queue takes no tickets: no problem
    Window.update(clerk_a=None, clerk_b=None).where(Window.number == 7).execute()  # B's only
    Item.update(current=False).where(Item.code == "GA-002").execute()
    found = _found(admin)
    assert found["queue.no_window"] == [{"prefix": "E"}]
    assert found["queue.no_clerk"] == [{"prefix": "B", "windows": "7"}]
    assert found["queue.item_gone"] == [{"prefix": "D", "code": "GA-002", "department": "GA"}]
    set_queue(admin, "E", windows=[6, 7])
    assert _found(admin)["queue.no_clerk"] == [{"prefix": "B", "windows": "7"}]  # 6 has one
    assert "queue.no_window" not in _found(admin)
    assert all(explain(problem.message) for problem in centre_problems(admin))

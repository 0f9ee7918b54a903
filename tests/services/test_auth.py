"""Sign-in with scrypt-hashed PINs and lock-out."""

import pytest

from counter_tui.services import auth
from counter_tui.services.auth import StaffSession, require_role, sign_in
from counter_tui.services.centre.setup import init_centre
from counter_tui.services.errors import AuthError, PermissionDenied
from counter_tui.store.models import Event, Staff

pytestmark = pytest.mark.both_engines


@pytest.fixture
def admin(empty_db: str) -> Staff:
    return init_centre("示范中心", "admin", "管理员", "2468")


def test_right_pin_signs_in_and_is_recorded(admin: Staff) -> None:
    session = sign_in("admin", "2468")
    assert session.role == "admin"
    assert Event.select().where(Event.kind == "signed_in").count() == 1


def test_pin_is_stored_only_as_a_salted_hash(admin: Staff) -> None:
    staff = Staff.get(Staff.code == "admin")
    # No column holds the PIN itself. (A substring check would fail now and then: a random
    # 128-digit hex digest contains "2468" about once in 500 salts.)
    assert "2468" not in {str(value) for value in staff.__data__.values()}
    assert staff.pin_hash == auth.hash_pin("2468", staff.pin_salt)[0]
    assert staff.pin_hash != auth.hash_pin("2468")[0]  # another salt, another hash


def test_unknown_code_and_wrong_pin_say_the_same(admin: Staff) -> None:
    with pytest.raises(AuthError) as unknown:
        sign_in("nobody", "2468")
    with pytest.raises(AuthError) as wrong:
        sign_in("admin", "0000")
    assert unknown.value.rule == wrong.value.rule == "auth.wrong"


def test_repeated_failures_lock_the_account_even_for_the_right_pin(admin: Staff) -> None:
    for _ in range(auth.MAX_FAILURES - 1):
        with pytest.raises(AuthError) as wrong:
            sign_in("admin", "9999")
        assert wrong.value.rule == "auth.wrong"
    with pytest.raises(AuthError) as last:
        sign_in("admin", "9999")
    assert last.value.rule == "auth.locked"  # said at once, not at the next try
    with pytest.raises(AuthError) as locked:
        sign_in("admin", "2468")
    assert locked.value.rule == "auth.locked"
    assert Event.select().where(Event.kind == "staff_locked").count() == 1


def test_failures_below_the_limit_are_forgotten_after_a_good_sign_in(admin: Staff) -> None:
    for _ in range(auth.MAX_FAILURES - 1):
        with pytest.raises(AuthError):
            sign_in("admin", "9999")
    sign_in("admin", "2468")
    assert Staff.get(Staff.code == "admin").failed_attempts == 0


@pytest.mark.parametrize("pin", ["", "123", "x" * 65, "12\n34"])
def test_weak_or_odd_pins_are_refused_at_setup(empty_db: str, pin: str) -> None:
    with pytest.raises(AuthError) as error:
        init_centre("示范中心", "admin", "管理员", pin)
    assert error.value.rule == "auth.pin_rule"
    assert Staff.select().count() == 0


def test_centre_is_set_up_only_once(admin: Staff) -> None:
    with pytest.raises(Exception) as error:
        init_centre("另一个中心", "admin2", "管理员二", "1357")
    assert getattr(error.value, "rule", "") == "centre.initialised"
    assert Staff.select().count() == 1


def test_roles_are_checked_in_services() -> None:
    clerk = StaffSession(1, "c1", "张三", "clerk", 1, 1)
    with pytest.raises(PermissionDenied):
        require_role(clerk, "chief", "admin")
    require_role(clerk, "clerk")
    assert clerk.role == "clerk"


def test_lock_unlock_and_sign_out_are_recorded(admin: Staff) -> None:
    session = sign_in("admin", "2468")
    auth.lock_workstation(session, idle=True)
    with pytest.raises(AuthError):
        auth.unlock(session, "1111")
    auth.unlock(session, "2468")
    auth.sign_out(session)
    kinds = [e.kind for e in Event.select().order_by(Event.id)]
    assert kinds[-4:] == [
        "signed_in",
        "workstation_locked_idle",
        "workstation_unlocked",
        "signed_out",
    ]

"""Staff sign-in: scrypt-hashed PINs, lock-out after repeated failures, one-time PINs that
must be changed (docs/architecture.md §3.1); the role checks (§3.3)."""

import hashlib
import hmac
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from counter_tui.domain.centre import (
    APPROVER_ROLES,
    check_chosen_pin,
    check_name,
    check_role,
    check_staff_code,
)
from counter_tui.domain.errors import N_, Label
from counter_tui.services.clock import day_start, local_today
from counter_tui.services.errors import AuthError, PermissionDenied
from counter_tui.store.database import write_transaction
from counter_tui.store.events import anchor_chain, append_event
from counter_tui.store.models import Staff, Window, database_proxy, utc_now

MAX_FAILURES = 5
LOCK_MINUTES = 15
# A label for each of domain/centre.py's ROLES.
ROLE_LABELS = {
    "clerk": N_("clerk"),
    "deputy": N_("deputy chief representative"),
    "chief": N_("chief representative"),
    "admin": N_("administrator"),
}
# Who takes applications: a clerk, or an approver (the chief representative or a deputy),
# of the item's department.
INTAKE_ROLES = ("clerk", *APPROVER_ROLES)
# scrypt cost: about 50 ms per check on a workstation, far too slow to guess a PIN offline
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True)
class StaffSession:
    """Who is signed in, and where."""

    staff_id: int
    code: str
    name: str
    role: str
    department_id: int | None
    window_id: int | None
    # Signed in with a one-time PIN: nothing but change_pin and sign_out until it is changed.
    must_change_pin: bool = False


def hash_pin(pin: str, salt: str | None = None) -> tuple[str, str]:
    salt = salt or secrets.token_hex(16)
    # A surrogate (undecodable input) cannot be in a PIN (the rule wants it printable):
    # encoded as is, so that such a PIN just fails to match.
    secret = pin.encode("utf-8", "surrogatepass")
    digest = hashlib.scrypt(secret, salt=bytes.fromhex(salt), **_SCRYPT)
    return digest.hex(), salt


def check_pin_strength(pin: str) -> None:
    if len(pin) < 4 or len(pin) > 64 or not pin.isprintable():
        raise AuthError("auth.pin_rule", N_("A PIN has 4 to 64 printable characters"))


def _pin_matches(staff: Staff, pin: str) -> bool:
    digest, _salt = hash_pin(pin, staff.pin_salt)
    return hmac.compare_digest(digest, staff.pin_hash)


def _home_window(staff: Staff) -> Window | None:
    """The window where the clerk is A, else B; chiefs and admins may have none."""
    return Window.get_or_none(Window.clerk_a == staff) or Window.get_or_none(
        Window.clerk_b == staff
    )


def _locked(staff: Staff, now: datetime) -> AuthError:
    minutes = math.ceil((staff.locked_until - now).total_seconds() / 60)
    return AuthError(
        "auth.locked",
        N_("Too many wrong PINs: this account is locked for {minutes} more minutes"),
        minutes=minutes,
    )


def _check(code: str, pin: str, wrong: str, then: Callable[[Staff], None] | None = None) -> Staff:
    """Check a staff code and PIN, count failures, and on success ``then(staff)`` (which
    records the event) in the same transaction.

    A failure is committed before it is raised, so the count survives; an unknown
    code and a wrong PIN get the same message.
    """
    failure: AuthError | None = None
    with write_transaction(database_proxy):
        staff = Staff.get_or_none((Staff.code == code.strip()) & Staff.active)
        now = utc_now()
        if staff is None:
            failure = AuthError("auth.wrong", wrong)
        elif staff.locked_until and staff.locked_until > now:
            failure = _locked(staff, now)
        elif not _pin_matches(staff, pin):
            staff.failed_attempts += 1
            failure = AuthError("auth.wrong", wrong)
            if staff.failed_attempts >= MAX_FAILURES:
                staff.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                staff.failed_attempts = 0
                append_event("staff_locked", staff=staff)
                failure = _locked(staff, now)
            staff.save()
        else:
            staff.failed_attempts = 0
            staff.locked_until = None
            staff.save()
            if then is not None:
                then(staff)
    if failure is not None:
        raise failure
    return staff


def _recorded(kind: str) -> Callable[[Staff], None]:
    return lambda staff: append_event(kind, staff=staff)


def sign_in(code: str, pin: str) -> StaffSession:
    """Check the staff code and PIN and open a session at the staff member's window."""
    return session_of(_check(code, pin, N_("Wrong staff code or PIN"), _signed_in))


def _signed_in(staff: Staff) -> None:
    append_event("signed_in", staff=staff)
    # The chain's head, at the day's first sign-in (docs/architecture.md §2.6).
    anchor_chain("first_sign_in", unless_since=day_start(local_today()))


def session_of(staff: Staff) -> StaffSession:
    """The session of a staff member at their own window, without a PIN: for the demo
    builder and tests, which act as many people; people sign in."""
    window = _home_window(staff)
    return StaffSession(
        staff_id=staff.id,
        code=staff.code,
        name=staff.name,
        role=staff.role,
        department_id=staff.department_id,
        window_id=window.id if window else None,
        must_change_pin=staff.must_change_pin,
    )


def unlock(session: StaffSession, pin: str) -> None:
    """Re-enter the PIN at a locked workstation; the same lock-out rules apply."""
    _check(session.code, pin, N_("Wrong PIN"), _recorded("workstation_unlocked"))


def set_pin(staff: Staff, pin: str, one_time: bool) -> None:
    """Store a new PIN (the caller holds the write transaction): chosen by the person, or
    a one-time PIN from the administrator, which the person must change. Either way the
    lock and the failures are cleared: the account starts again."""
    check_chosen_pin(pin)
    staff.pin_hash, staff.pin_salt = hash_pin(pin)
    staff.must_change_pin = one_time
    staff.failed_attempts = 0
    staff.locked_until = None
    staff.save()


def change_pin(session: StaffSession, current: str, new: str) -> StaffSession:
    """The signed-in person chooses a new PIN (their first, after a one-time PIN): the
    current one is checked under the lock-out rules. Returns the session, free to work."""
    check_chosen_pin(new)
    if new == current:
        raise AuthError("auth.pin_same", N_("Choose a PIN other than the current one"))

    def change(staff: Staff) -> None:
        set_pin(staff, new, one_time=False)
        append_event("pin_changed", staff=staff)

    _check(session.code, current, N_("Wrong PIN"), change)
    return replace(session, must_change_pin=False)


def _record(session: StaffSession, kind: str) -> None:
    with write_transaction(database_proxy):
        append_event(kind, staff=Staff.get_by_id(session.staff_id))


def lock_workstation(session: StaffSession, idle: bool) -> None:
    """Record that the workstation was locked, by the key or after idle time."""
    _record(session, "workstation_locked_idle" if idle else "workstation_locked")


def sign_out(session: StaffSession) -> None:
    _record(session, "signed_out")


def check_session(session: StaffSession) -> None:
    """The session may work: refused while its one-time PIN is not changed. Every role
    check (``require_role``) makes it; the few services that choose by role without
    ``require_role`` make it first."""
    if session.must_change_pin:
        raise PermissionDenied(
            "auth.must_change_pin", N_("Choose your own PIN first: this one was given to you")
        )


# The refusals that mean the session's account can no longer work at all: the interface
# signs the session out on them (issue 20 item 4).
ACCOUNT_GONE = frozenset({"auth.inactive", "auth.locked"})


def active_staff(session: StaffSession) -> Staff:
    """The session's staff member, read at each write (and by the interface's check): an
    account disabled, or locked after wrong PINs, since the session began works no more."""
    staff = Staff.get_or_none(Staff.id == session.staff_id)
    if staff is None or not staff.active:
        raise PermissionDenied("auth.inactive", N_("This staff account is not active"))
    now = utc_now()
    if staff.locked_until and staff.locked_until > now:
        raise _locked(staff, now)
    return staff


def require_role(session: StaffSession, *roles: str) -> None:
    check_session(session)
    if session.role not in roles:
        raise PermissionDenied(
            "auth.role",
            N_("Your role ({role}) does not allow this"),
            role=Label(ROLE_LABELS.get(session.role, session.role)),
        )


def acting_admin(session: StaffSession | None) -> Staff | None:
    """The administrator changing the centre, checked inside the change's transaction;
    None for the command line, which acts with the authority of whoever can open the
    database (its events name no staff member)."""
    if session is None:
        return None
    require_role(session, "admin")
    staff = active_staff(session)
    require_role(replace(session, role=staff.role), "admin")  # demoted since signing in
    return staff


def create_staff(
    code: str,
    name: str,
    role: str,
    pin: str,
    department_id: int | None = None,
    *,
    must_change_pin: bool = False,
) -> Staff:
    """Create a staff member; the caller holds the write transaction."""
    code, name, role = check_staff_code(code), check_name(name), check_role(role)
    check_pin_strength(pin)
    digest, salt = hash_pin(pin)
    return Staff.create(
        code=code,
        name=name,
        role=role,
        department=department_id,
        pin_hash=digest,
        pin_salt=salt,
        must_change_pin=must_change_pin,
    )

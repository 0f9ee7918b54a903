"""Staff sign-in: scrypt-hashed PINs, lock-out after repeated failures (DESIGN §6)."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from counter_tui.domain.errors import N_
from counter_tui.services.errors import AuthError, PermissionDenied
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Staff, Window, database_proxy, utc_now

MAX_FAILURES = 5
LOCK_MINUTES = 15
ROLES = ("clerk", "chief", "admin")
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


def hash_pin(pin: str, salt: str | None = None) -> tuple[str, str]:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=bytes.fromhex(salt), **_SCRYPT)
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


def sign_in(code: str, pin: str) -> StaffSession:
    """Check the staff code and PIN; the same message for an unknown code and a wrong PIN."""
    wrong = AuthError("auth.wrong", N_("Wrong staff code or PIN"))
    with write_transaction(database_proxy):
        staff = Staff.get_or_none((Staff.code == code.strip()) & Staff.active)
        if staff is None:
            raise wrong
        now = utc_now()
        if staff.locked_until and staff.locked_until > now:
            minutes = int((staff.locked_until - now).total_seconds() // 60) + 1
            raise AuthError(
                "auth.locked",
                N_("Too many wrong PINs: this account is locked for {minutes} more minutes"),
                minutes=minutes,
            )
        if not _pin_matches(staff, pin):
            staff.failed_attempts += 1
            if staff.failed_attempts >= MAX_FAILURES:
                staff.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                staff.failed_attempts = 0
                append_event("staff_locked", staff=staff)
            staff.save()
            # Raised after the transaction commits, so the failure count is kept.
        else:
            staff.failed_attempts = 0
            staff.locked_until = None
            staff.save()
            window = _home_window(staff)
            append_event(
                "signed_in", staff=staff, data={"window": window.number if window else None}
            )
            return StaffSession(
                staff_id=staff.id,
                code=staff.code,
                name=staff.name,
                role=staff.role,
                department_id=staff.department_id,
                window_id=window.id if window else None,
            )
    raise wrong


def unlock(session: StaffSession, pin: str) -> None:
    """Re-enter the PIN at a locked workstation; the same lock-out rules apply."""
    sign_in(session.code, pin)


def require_role(session: StaffSession, *roles: str) -> None:
    if session.role not in roles:
        raise PermissionDenied(
            "auth.role", N_("Your role ({role}) does not allow this"), role=session.role
        )


def create_staff(
    code: str, name: str, role: str, pin: str, department_id: int | None = None
) -> Staff:
    """Create a staff member; the caller holds the write transaction."""
    if role not in ROLES:
        raise AuthError("auth.role_unknown", N_("Unknown role: {role}"), role=role)
    if not code.strip() or not code.isprintable():
        raise AuthError("auth.code_rule", N_("A staff code must not be empty"))
    check_pin_strength(pin)
    digest, salt = hash_pin(pin)
    return Staff.create(
        code=code.strip(),
        name=name.strip(),
        role=role,
        department=department_id,
        pin_hash=digest,
        pin_salt=salt,
    )

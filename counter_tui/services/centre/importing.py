"""Importing a centre file (docs/architecture.md §5.1): every entry checked by
domain/centre.py, the references against the file and the centre, every window by the AB
rules (services/handover/staffing.py), then all written in one transaction with one
event; the first mistake names the place and the field, and nothing is written. An import
updates departments and staff by code and windows by number and adds what is new; it
never deletes. A new account gets the PIN its entry carries (the demo's), else none it can
use until the administrator sets a one-time PIN (``counter-tui staff reset-pin CODE``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from counter_tui.domain.centre import (
    WEEKDAYS,
    check_department_code,
    check_name,
    check_phone,
    check_role,
    check_short_name,
    check_staff_code,
    check_staff_department,
    check_window_number,
)
from counter_tui.domain.errors import N_, DomainError, Label, Message
from counter_tui.domain.tickets import (
    check_device,
    check_device_code,
    check_device_kind,
    check_paper,
    check_prefix,
)
from counter_tui.services.auth import check_pin_strength, hash_pin
from counter_tui.services.centre.devices import DEVICE_NAME
from counter_tui.services.centre.entries import (
    DEPARTMENT_FIELDS,
    DEVICE_FIELDS,
    PIN,
    QUEUE_FIELDS,
    STAFF_FIELDS,
    WINDOW_FIELDS,
    CentreFile,
    Entry,
)
from counter_tui.services.centre.files import CentreFileError, entry_error, read_centre_file
from counter_tui.services.centre.queues import QUEUE_NAME, checked_item, list_windows_of
from counter_tui.services.errors import ServiceError
from counter_tui.services.handover.open_work import work_cases
from counter_tui.services.handover.staffing import check_window_clerk
from counter_tui.services.profile import (
    PROFILE_CHECKS,
    Profile,
    centre_profile,
    check_hours,
    store_profile,
)
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Department,
    Device,
    QueueWindow,
    Staff,
    TicketQueue,
    Window,
    database_proxy,
)

RECONSIDERATION = partial(check_name, field=Label(N_("Reconsideration body")), required=False)
DELEGATION = partial(check_name, field=Label(N_("Delegation")), required=False)
# What no scrypt digest is (they are hex): an account created without a PIN has this
# until the administrator sets a one-time PIN.
NO_PIN = "!"


@dataclass(frozen=True)
class Counts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class CentreImport:
    """What an import did, by kind; and the active accounts still without a PIN."""

    departments: Counts
    windows: Counts
    staff: Counts
    profile_changed: bool
    without_pin: tuple[str, ...]
    queues: Counts = Counts()
    devices: Counts = Counts()


def import_centre(path: str | Path) -> CentreImport:
    """Read a centre file and import it (the command line's authority: the event names no
    staff member)."""
    return import_centre_file(read_centre_file(path))


# ── checking an entry's values ─────────────────────────────────────────────


def _unknown(entry: Entry, allowed: Iterable[str]) -> None:
    for key in entry.values:
        if key not in allowed:
            raise entry_error(entry.where, str(key), Message(N_("there is no such field")))


def _text(entry: Entry, name: str, check: Callable[[str], Any], required: bool = True) -> Any:
    """The field checked by ``check`` (domain/centre.py); an absent optional field is ""."""
    value = entry.values.get(name)
    if value is None:
        if required:
            raise entry_error(entry.where, name, Message(N_("it is missing")))
        value = ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise entry_error(entry.where, name, Message(N_("it must be text")))
    try:
        return check(str(value))
    except DomainError as error:
        raise entry_error(entry.where, name, error) from None


def _flag(entry: Entry, name: str, default: bool) -> bool:
    value = entry.values.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise entry_error(entry.where, name, Message(N_("it must be true or false")))
    return value


def _optional(check: Callable[[str], str]) -> Callable[[str], str | None]:
    """A reference that may be empty (a window's B clerk, an administrator's department)."""
    return lambda value: check(value) if value.strip() else None


def _department(entry: Entry) -> dict[str, Any]:
    _unknown(entry, DEPARTMENT_FIELDS)
    return {
        "code": _text(entry, "code", check_department_code),
        "name": _text(entry, "name", check_name),
        "short_name": _text(entry, "short_name", check_short_name),
        "reconsideration_body": _text(entry, "reconsideration_body", RECONSIDERATION, False),
        "chief_signs_refusals": _flag(entry, "chief_signs_refusals", False),
        "delegation": _text(entry, "delegation", DELEGATION, False),
    }


def _staff(entry: Entry) -> dict[str, Any]:
    _unknown(entry, (*STAFF_FIELDS, PIN))
    staff = {
        "code": _text(entry, "code", check_staff_code),
        "name": _text(entry, "name", check_name),
        "role": _text(entry, "role", check_role),
        "department": _text(entry, "department", _optional(check_department_code), False),
        "active": _flag(entry, "active", True),
    }
    try:
        check_staff_department(staff["role"], staff["department"])
    except DomainError as error:
        raise entry_error(entry.where, "department", error) from None
    pin = entry.values.get(PIN)
    if pin is not None:
        if not isinstance(pin, str):  # 0101 unquoted is a number, and its 0 is lost
            raise entry_error(entry.where, PIN, Message(N_("it must be text, in quotes")))
        try:
            check_pin_strength(pin)
        except DomainError as error:
            raise entry_error(entry.where, PIN, error) from None
        staff[PIN] = pin
    return staff


def _window(entry: Entry) -> dict[str, Any]:
    _unknown(entry, WINDOW_FIELDS)
    return {
        "number": _text(entry, "number", check_window_number),
        "department": _text(entry, "department", check_department_code),
        "phone": _text(entry, "phone", check_phone, False),
        "clerk_a": _text(entry, "clerk_a", _optional(check_staff_code), False),
        "clerk_b": _text(entry, "clerk_b", _optional(check_staff_code), False),
        "first_window": _flag(entry, "first_window", False),
        "comprehensive": _flag(entry, "comprehensive", False),
    }


def _numbers(entry: Entry, name: str) -> list[int]:
    """A list of window numbers: a list, one number, or numbers with commas between them
    (a workbook's cell); absent or empty is none."""
    value = entry.values.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [part for part in value.replace("，", ",").split(",") if part.strip()]
    elif not isinstance(value, list):
        value = [value]
    numbers = []
    for number in value:
        if isinstance(number, bool) or not isinstance(number, int | str):
            raise entry_error(entry.where, name, Message(N_("it must be window numbers")))
        try:
            numbers.append(check_window_number(number))
        except DomainError as error:
            raise entry_error(entry.where, name, error) from None
    return sorted(set(numbers))


def _queue(entry: Entry) -> dict[str, Any]:
    _unknown(entry, QUEUE_FIELDS)
    return {
        "prefix": _text(entry, "prefix", check_prefix),
        "name": _text(entry, "name", partial(check_name, field=QUEUE_NAME)),
        "department": _text(entry, "department", check_department_code),
        "item": _text(entry, "item", str.strip, False),
        "windows": _numbers(entry, "windows"),
        "active": _flag(entry, "active", True),
    }


def _device(entry: Entry) -> dict[str, Any]:
    _unknown(entry, DEVICE_FIELDS)
    window = _text(entry, "window", _optional(check_window_number), False)
    kind = _text(entry, "kind", check_device_kind)
    try:
        check_device(kind, window)
    except DomainError as error:
        raise entry_error(entry.where, "window", error) from None
    return {
        "code": _text(entry, "code", check_device_code),
        "name": _text(entry, "name", partial(check_name, field=DEVICE_NAME, required=False), False),
        "kind": kind.value,
        "window": window,
        "active": _flag(entry, "active", True),
        "paper": _text(entry, "paper", partial(check_paper, kind), False),
    }


def _profile(entry: Entry, current: Profile) -> Profile:
    """The current profile with the file's fields over it (a field left out is kept)."""
    hours = [f"opening_hours.{day}" for day in WEEKDAYS]
    _unknown(entry, (*PROFILE_CHECKS, *hours))
    values = {
        name: _text(entry, name, check, required=name == "name")
        for name, check in PROFILE_CHECKS.items()
        if name in entry.values
    }
    opening = list(current.opening_hours)
    for n, name in enumerate(hours):
        if name in entry.values:
            opening[n] = _text(entry, name, check_hours, False)
    return replace(current, **values, opening_hours=tuple(opening))


def _unique(entries: list[tuple[Entry, dict[str, Any]]], name: str) -> None:
    seen: dict[Any, Entry] = {}
    for entry, values in entries:
        value = values[name]
        if value in seen:
            raise entry_error(
                entry.where,
                name,
                Message(
                    N_("{value} appears twice (also at {other})"),
                    value=value,
                    other=seen[value].where,
                ),
            )
        seen[value] = entry


# ── importing ──────────────────────────────────────────────────────────────


def import_centre_file(centre: CentreFile) -> CentreImport:
    """Import a read centre file in one transaction: all or nothing, one event."""
    departments = [(e, _department(e)) for e in centre.departments]
    staff = [(e, _staff(e)) for e in centre.staff]
    windows = [(e, _window(e)) for e in centre.windows]
    queues = [(e, _queue(e)) for e in centre.queues]
    devices = [(e, _device(e)) for e in centre.devices]
    _unique(queues, "prefix")
    _unique(devices, "code")
    _unique(departments, "code")
    _unique(departments, "short_name")
    _unique(staff, "code")
    _unique(windows, "number")
    with write_transaction(database_proxy):
        before = centre_profile()
        profile = _profile(centre.profile, before) if centre.profile else before
        had_admin = Staff.select().where((Staff.role == "admin") & Staff.active).exists()
        department_counts = _save_departments(departments)
        staff_counts = _save_staff(staff)
        window_counts = _save_windows(windows)
        _check_windows(centre.source, windows)
        queue_counts = _save_queues(queues)
        device_counts = _save_devices(devices)
        if had_admin and not Staff.select().where((Staff.role == "admin") & Staff.active).exists():
            raise CentreFileError(
                "centre_file.no_admin",
                N_("{file}: the centre would have no active administrator left"),
                file=centre.source,
            )
        if profile != before:
            store_profile(profile)
        result = CentreImport(
            department_counts,
            window_counts,
            staff_counts,
            profile != before,
            tuple(
                s.code
                for s in Staff.select(Staff.code)
                .where((Staff.pin_hash == NO_PIN) & Staff.active)
                .order_by(Staff.code)
            ),
            queue_counts,
            device_counts,
        )
        append_event(
            "centre_imported",
            data={
                "source": centre.source,
                "profile_changed": result.profile_changed,
                **{
                    kind: asdict(counts)
                    for kind, counts in (
                        ("departments", department_counts),
                        ("windows", window_counts),
                        ("staff", staff_counts),
                        ("queues", queue_counts),
                        ("devices", device_counts),
                    )
                },
            },
        )
    return result


def _save(row: Any, values: Mapping[str, Any]) -> bool:
    """Set ``values`` on an existing row; whether anything changed."""
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    for name, value in changed.items():
        setattr(row, name, value)
    if changed:
        row.save()
    return bool(changed)


def _tally(outcomes: Iterable[str]) -> Counts:
    outcomes = list(outcomes)
    return Counts(*(outcomes.count(kind) for kind in ("new", "changed", "unchanged")))


def _save_departments(entries: list[tuple[Entry, dict[str, Any]]]) -> Counts:
    existing = {d.code: d for d in Department.select()}
    # The short names as the import leaves them: one the file gives may be another's.
    final = {code: d.short_name for code, d in existing.items()}
    final.update({values["code"]: values["short_name"] for _entry, values in entries})
    # Two departments may swap short names: the changing ones are first given one no
    # department can have (short names hold no spaces), as the unique index stands guard.
    for _entry, values in entries:
        department = existing.get(values["code"])
        if department is not None and department.short_name != values["short_name"]:
            department.short_name = f" {department.id}"
            department.save()
    outcomes = []
    for entry, values in entries:
        holder = next(
            (c for c, s in final.items() if s == values["short_name"] and c != values["code"]),
            None,
        )
        if holder is not None:
            raise entry_error(
                entry.where,
                "short_name",
                Message(N_("department {code} of the centre has this short name"), code=holder),
            )
        department = existing.get(values["code"])
        if department is None:
            Department.create(**values)
            outcomes.append("new")
        else:
            outcomes.append("changed" if _save(department, values) else "unchanged")
    return _tally(outcomes)


def _named(entry: Entry, field: str, model: type[Department | Staff], code: str | None) -> Any:
    """The department or staff member ``code`` names, in the file or the centre (the
    import has written the file's by now); None for no code."""
    if code is None:
        return None
    row = model.get_or_none(model.code == code)
    if row is None:
        problem = (
            N_("there is no department {code} in the file or the centre")
            if model is Department
            else N_("there is no staff member {code} in the file or the centre")
        )
        raise entry_error(entry.where, field, Message(problem, code=code))
    return row


def _save_staff(entries: list[tuple[Entry, dict[str, Any]]]) -> Counts:
    existing = {s.code: s for s in Staff.select()}
    outcomes = []
    for entry, values in entries:
        values = dict(values)
        pin = values.pop(PIN, None)
        department = _named(entry, "department", Department, values.pop("department"))
        values["department_id"] = department.id if department else None
        staff = existing.get(values["code"])
        if staff is None:
            # Without a PIN in the file the account cannot sign in until the administrator
            # gives it a one-time PIN; a PIN from the file (the demo's) is its own.
            digest, salt = hash_pin(pin) if pin is not None else (NO_PIN, secrets.token_hex(16))
            Staff.create(**values, pin_hash=digest, pin_salt=salt, must_change_pin=pin is None)
            outcomes.append("new")
            continue
        if staff.active and not values["active"] and work_cases(staff)[0]:
            raise entry_error(
                entry.where,
                "active",
                Message(
                    N_("{code} has open work: hand it over (F4) before the account is closed"),
                    code=staff.code,
                ),
            )
        outcomes.append("changed" if _save(staff, values) else "unchanged")
    return _tally(outcomes)


def _save_windows(entries: list[tuple[Entry, dict[str, Any]]]) -> Counts:
    existing = {w.number: w for w in Window.select()}
    outcomes = []
    for entry, values in entries:
        department = _named(entry, "department", Department, values["department"])
        a = _named(entry, "clerk_a", Staff, values["clerk_a"])
        b = _named(entry, "clerk_b", Staff, values["clerk_b"])
        if a is not None and b is not None and a.id == b.id:
            raise entry_error(
                entry.where, "clerk_b", Message(N_("the A and the B clerk must be two people"))
            )
        columns = {
            "department_id": department.id if department else None,
            "phone": values["phone"],
            "clerk_a_id": a.id if a else None,
            "clerk_b_id": b.id if b else None,
            "first_window": values["first_window"],
            "comprehensive": values["comprehensive"],
        }
        window = existing.get(values["number"])
        if window is None:
            Window.create(number=values["number"], on_duty=a or b, **columns)
            outcomes.append("new")
            continue
        if window.on_duty_id not in (columns["clerk_a_id"], columns["clerk_b_id"]):
            columns["on_duty_id"] = columns["clerk_a_id"] or columns["clerk_b_id"]
        changed = _save(window, columns)
        outcomes.append("changed" if changed else "unchanged")
    return _tally(outcomes)


def _check_windows(source: str, entries: list[tuple[Entry, dict[str, Any]]]) -> None:
    """Every window of the centre, as the import leaves it, keeps the AB rules
    (services/handover/staffing.py), each department has one 一号窗口 at most, and no
    window is both a 一号窗口 and a comprehensive window. A window the file does not name
    is named by its number."""
    places = {values["number"]: entry for entry, values in entries}
    first: dict[int, int] = {}
    for window in Window.select().order_by(Window.number):
        entry = places.get(window.number) or Entry(
            Message(N_("{file}: window {number} of the centre"), file=source, number=window.number),
            {},
        )
        for name, letter, clerk in (
            ("clerk_a", "A", window.clerk_a),
            ("clerk_b", "B", window.clerk_b),
        ):
            if clerk is not None:
                try:
                    check_window_clerk(window, clerk, letter)
                except ServiceError as error:
                    raise entry_error(entry.where, name, error) from None
        if window.first_window and window.comprehensive:
            raise entry_error(
                entry.where,
                "comprehensive",
                Message(N_("a window cannot be both the 一号窗口 and a comprehensive window")),
            )
        if window.first_window:
            other = first.setdefault(window.department_id, window.number)
            if other != window.number:
                raise entry_error(
                    entry.where,
                    "first_window",
                    Message(
                        N_("window {other} is already the 一号窗口 of {department}"),
                        other=other,
                        department=window.department.code,
                    ),
                )


def _window_of(entry: Entry, field: str, number: int) -> Window:
    """The window ``number`` names, in the file or the centre (written by now)."""
    window = Window.get_or_none(Window.number == number)
    if window is None:
        raise entry_error(
            entry.where,
            field,
            Message(N_("there is no window {number} in the file or the centre"), number=number),
        )
    return window


def _save_queues(entries: list[tuple[Entry, dict[str, Any]]]) -> Counts:
    """The ticket queues by prefix (docs/rules.md §24), with the windows that call them."""
    existing = {q.prefix: q for q in TicketQueue.select()}
    outcomes = []
    for entry, values in entries:
        department = _named(entry, "department", Department, values["department"])
        try:
            item = checked_item(values["item"], department)
        except DomainError as error:
            raise entry_error(entry.where, "item", error) from None
        windows = [_window_of(entry, "windows", number) for number in values["windows"]]
        columns = {
            "name": values["name"],
            "department_id": department.id,
            "item_code": item,
            "active": values["active"],
        }
        queue = existing.get(values["prefix"])
        if queue is None:
            queue = TicketQueue.create(prefix=values["prefix"], **columns)
            outcome = "new"
        else:
            outcome = "changed" if _save(queue, columns) else "unchanged"
        if list_windows_of(queue) != values["windows"]:
            QueueWindow.delete().where(QueueWindow.queue == queue.id).execute()
            for window in windows:
                QueueWindow.create(queue=queue.id, window=window.id)
            outcome = "new" if outcome == "new" else "changed"
        outcomes.append(outcome)
    return _tally(outcomes)


def _save_devices(entries: list[tuple[Entry, dict[str, Any]]]) -> Counts:
    """The hall's devices by code (docs/rules.md §24)."""
    existing = {d.code: d for d in Device.select()}
    outcomes = []
    for entry, values in entries:
        number = values["window"]
        window = _window_of(entry, "window", number) if number is not None else None
        columns = {
            "name": values["name"],
            "kind": values["kind"],
            "window_id": window.id if window else None,
            "active": values["active"],
            "paper": values["paper"],
        }
        device = existing.get(values["code"])
        if device is None:
            Device.create(code=values["code"], **columns)
            outcomes.append("new")
        else:
            outcomes.append("changed" if _save(device, columns) else "unchanged")
    return _tally(outcomes)

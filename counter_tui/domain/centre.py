"""What a centre is made of, as rules on the values an administrator types or imports:
department codes and short names, window numbers, staff codes and roles, phones, opening
hours, and the PIN a person chooses (docs/rules.md §17).

Each ``check_*`` returns the value to store (trimmed) or raises ``CentreError`` whose
``rule`` names the check; the services (typed changes) and the centre file (imports)
both call these, so a value is judged the same whichever way it comes in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from counter_tui.domain.errors import N_, DomainError, Label
from counter_tui.domain.numbering import BUNDLE_PREFIX


class CentreError(DomainError):
    """A value describing the centre (a department, window, staff member, the profile)
    is not valid."""


# Roles, from the counter to the back office. The approvers of a department are its
# chief representative (首席代表) and deputies (副首席代表).
ROLES = ("clerk", "deputy", "chief", "admin")
APPROVER_ROLES = ("chief", "deputy")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_DEPARTMENT_CODE = re.compile(r"[A-Z][A-Z0-9]{0,7}")  # in case numbers: GA20261203-0001
_STAFF_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
_PHONE = re.compile(r"[0-9+()\- ]{3,32}")
_PERIOD = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")
MAX_NAME = 100
NAME = Label(N_("Name"))
MAX_SHORT_NAME = 8
MAX_WINDOW = 999
MIN_PIN = 6
MAX_PIN = 64


def _text(value: str, field: Label, limit: int = MAX_NAME, required: bool = True) -> str:
    text = " ".join(value.split())  # line breaks and tabs in a name are never meant
    if required and not text:
        raise CentreError("centre.required", N_("{field} must not be empty"), field=field)
    if len(text) > limit or not text.isprintable():
        raise CentreError(
            "centre.text",
            N_("{field}: at most {limit} printable characters"),
            field=field,
            limit=limit,
        )
    return text


def check_name(value: str, field: Label = NAME, required: bool = True) -> str:
    """A name or title: one line, at most ``MAX_NAME`` characters; ``field`` is the label
    an error names it by."""
    return _text(value, field, MAX_NAME, required)


def check_department_code(value: str) -> str:
    code = value.strip().upper()
    if not _DEPARTMENT_CODE.fullmatch(code):
        raise CentreError(
            "centre.department_code",
            N_("A department code is 1 to 8 letters or digits, starting with a letter: {code}"),
            code=value,
        )
    if code == BUNDLE_PREFIX:  # bundle case numbers begin with it
        raise CentreError(
            "centre.department_code_reserved",
            N_("The code {code} is reserved for bundle case numbers"),
            code=code,
        )
    return code


def check_short_name(value: str) -> str:
    """The short name in document numbers (公安延〔2026〕2号): no brackets or spaces."""
    text = _text(value, Label(N_("Short name")), MAX_SHORT_NAME)
    if re.search(r"[\s〔〕\[\]()（）]", text):
        raise CentreError(
            "centre.short_name",
            N_("A short name has no spaces or brackets: {name}"),
            name=value,
        )
    return text


def check_window_number(value: int | str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_WINDOW:
        raise CentreError(
            "centre.window_number",
            N_("A window number is a whole number from 1 to {limit}: {value}"),
            limit=MAX_WINDOW,
            value=value,
        )
    return number


def check_staff_code(value: str) -> str:
    code = value.strip()
    if not _STAFF_CODE.fullmatch(code):
        raise CentreError(
            "centre.staff_code",
            N_("A staff code is 1 to 32 letters, digits, '.', '_' or '-': {code}"),
            code=value,
        )
    return code


def check_role(value: str) -> str:
    role = value.strip()
    if role not in ROLES:
        raise CentreError(
            "centre.role",
            N_("Unknown role: {role} (one of {roles})"),
            role=value,
            roles=", ".join(ROLES),
        )
    return role


def check_staff_department(role: str, department: str | None) -> None:
    """Counter staff (clerk, deputy, chief) belong to a department; an administrator may not."""
    if role != "admin" and not department:
        raise CentreError(
            "centre.staff_department", N_("Only an administrator may have no department")
        )


def check_timezone(value: str) -> str:
    """An IANA time zone such as Asia/Shanghai: the centre's local dates are counted in it."""
    name = value.strip()
    try:
        ZoneInfo(name)  # refuses "", absolute paths and ".." as well as unknown names
    except (ValueError, OSError, ZoneInfoNotFoundError):
        raise CentreError(
            "centre.timezone",
            N_("Unknown time zone: {zone} (a name such as Asia/Shanghai)"),
            zone=value,
        ) from None
    return name


def check_phone(value: str, required: bool = False) -> str:
    phone = value.strip()
    if not phone and not required:
        return ""
    if not _PHONE.fullmatch(phone):
        raise CentreError(
            "centre.phone",
            N_("A phone number has 3 to 32 digits, spaces, '+', '-' or brackets: {phone}"),
            phone=value,
        )
    return phone


def _is_run(pin: str) -> bool:
    """123456, 654321, 901234…: each digit one more (or one less) than the last."""
    if not pin.isdigit():
        return False
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(pin)}
    return steps in ({1}, {9})


def check_chosen_pin(pin: str) -> None:
    """The PIN a person chooses for themselves, or the one-time PIN an administrator sets:
    6 to 64 printable characters, not all the same, not a run like 123456."""
    if not MIN_PIN <= len(pin) <= MAX_PIN or not pin.isprintable():
        raise CentreError(
            "centre.pin_length",
            N_("A PIN has {low} to {high} printable characters"),
            low=MIN_PIN,
            high=MAX_PIN,
        )
    if len(set(pin)) == 1 or _is_run(pin):
        raise CentreError(
            "centre.pin_guessable",
            N_("This PIN is too easy to guess: not all the same digit, not a run like 123456"),
        )


@dataclass(frozen=True)
class Period:
    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_hours(value: str) -> tuple[Period, ...]:
    """One weekday's opening hours: "08:30-12:00,13:30-17:00" (the lunch break between
    the periods); empty when closed. Periods are in order and do not overlap."""
    periods: list[Period] = []
    text = value.replace("，", ",").replace("：", ":").replace(" ", "")
    for part in filter(None, text.split(",")):
        match = _PERIOD.fullmatch(part)
        try:
            start = time(int(match[1]), int(match[2])) if match else None
            end = time(int(match[3]), int(match[4])) if match else None
        except ValueError:
            start = end = None
        if start is None or end is None or start >= end or (periods and periods[-1].end > start):
            raise CentreError(
                "centre.hours",
                N_("Opening hours are periods like 08:30-12:00,13:30-17:00, in order: {hours}"),
                hours=value,
            )
        periods.append(Period(start, end))
    return tuple(periods)


def format_hours(periods: tuple[Period, ...]) -> str:
    return ",".join(str(period) for period in periods)

"""What is missing or wrong in the centre, for the administrator's home (docs/rules.md
§17): each a stable kind and a message to translate with its parameters. A pure read: it
writes nothing, and only an administrator (or the command line) asks it."""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain.errors import N_, Message
from counter_tui.services.auth import StaffSession, acting_admin
from counter_tui.services.centre.importing import NO_PIN
from counter_tui.services.centre.queues import checked_item
from counter_tui.services.errors import ServiceError
from counter_tui.services.profile import Profile, centre_profile
from counter_tui.store.models import (
    Bundle,
    Department,
    Item,
    QueueWindow,
    Staff,
    TicketQueue,
    Window,
    utc_now,
)


@dataclass(frozen=True)
class Problem:
    kind: str  # stable, for tests and scripts: "department.no_chief", "staff.locked"…
    message: Message


def _offices() -> set[int]:
    """The departments that decide no case: the centre's own office (政务服务管理办公室)
    holds no items and staffs only comprehensive windows, whose cases are the items'
    departments'. It approves, extends and decides nothing, so it needs no deputy, no
    written delegation and no reconsideration body."""
    with_windows = {window.department_id for window in Window.select(Window.department)}
    deciding = {item.department_id for item in Item.select(Item.department).distinct()}
    ordinary = Window.select(Window.department).where(~Window.comprehensive)
    return with_windows - deciding - {window.department_id for window in ordinary}


def _department_problems(offices: set[int]) -> list[Problem]:
    approvers: dict[int, set[str]] = {}
    for staff in Staff.select().where(Staff.active & Staff.role.in_(("chief", "deputy"))):
        approvers.setdefault(staff.department_id, set()).add(staff.role)
    with_windows = {window.department_id for window in Window.select(Window.department)}
    problems = []
    for department in Department.select().order_by(Department.code):
        roles = approvers.get(department.id, set())
        code = department.code
        office = department.id in offices
        if "chief" not in roles:
            message = Message(N_("Department {code} has no chief representative"), code=code)
            problems.append(Problem("department.no_chief", message))
        if "deputy" not in roles and not office:
            message = Message(N_("Department {code} has no deputy chief"), code=code)
            problems.append(Problem("department.no_deputy", message))
        if department.id not in with_windows:
            message = Message(N_("Department {code} has no window"), code=code)
            problems.append(Problem("department.no_window", message))
        if not department.delegation and not office:
            # Art. 42: an extension is the organ head's; a chief representative approves
            # it only under a written delegation, which the notice names.
            message = Message(
                N_(
                    "Department {code} names no written delegation to its chief "
                    "representative: extensions are approved for the organ's head"
                ),
                code=code,
            )
            problems.append(Problem("department.no_delegation", message))
    return problems


def _window_problems() -> list[Problem]:
    problems = []
    for window in Window.select().order_by(Window.number):
        if window.clerk_a_id is None:
            message = Message(N_("Window {number} has no A clerk"), number=window.number)
            problems.append(Problem("window.no_a", message))
        if window.clerk_b_id is None:
            message = Message(N_("Window {number} has no B clerk"), number=window.number)
            problems.append(Problem("window.no_b", message))
    return problems


def _bundle_problems() -> list[Problem]:
    """The catalog's bundles (一件事) are taken at a comprehensive window (综合窗口): with
    none that has a clerk, nobody can take them."""
    bundles = Bundle.select().count()
    staffed = Window.select().where(
        Window.comprehensive & (Window.clerk_a.is_null(False) | Window.clerk_b.is_null(False))
    )
    if not bundles or staffed.exists():
        return []
    message = Message(
        N_(
            "The catalog has {count} bundles (一件事) but no comprehensive window (综合窗口) "
            "has a clerk to take them"
        ),
        count=bundles,
    )
    return [Problem("bundle.no_comprehensive_window", message)]


def _queue_problems() -> list[Problem]:
    """The hall's active queues (docs/rules.md §24): a queue no window with a clerk calls
    gives tickets nobody calls; a queue of one common item whose item is gone from the
    catalog (or from the queue's department) reads as its own name on the kiosk and opens
    no intake."""
    windows: dict[int, list[tuple[int, bool]]] = {}
    staffed = Window.clerk_a.is_null(False) | Window.clerk_b.is_null(False)
    rows = QueueWindow.select(QueueWindow.queue, Window.number, staffed).join(Window)
    for queue_id, number, has_clerk in rows.order_by(Window.number).tuples():
        windows.setdefault(queue_id, []).append((number, bool(has_clerk)))
    problems = []
    queues = TicketQueue.select(TicketQueue, Department).join(Department)
    for queue in queues.where(TicketQueue.active).order_by(TicketQueue.prefix):
        calling = windows.get(queue.id, [])
        if not calling:
            message = Message(N_("No window calls queue {prefix}"), prefix=queue.prefix)
            problems.append(Problem("queue.no_window", message))
        elif not any(has_clerk for _number, has_clerk in calling):
            message = Message(
                N_("Queue {prefix} is called only by windows without a clerk: {windows}"),
                prefix=queue.prefix,
                windows=", ".join(str(number) for number, _clerk in calling),
            )
            problems.append(Problem("queue.no_clerk", message))
        try:
            checked_item(queue.item_code, queue.department)
        except ServiceError:
            message = Message(
                N_(
                    "Queue {prefix} is for item {code}, which department {department} no "
                    "longer has in the catalog"
                ),
                prefix=queue.prefix,
                code=queue.item_code,
                department=queue.department.code,
            )
            problems.append(Problem("queue.item_gone", message))
    return problems


def _staff_problems() -> list[Problem]:
    now = utc_now()
    problems = []
    for staff in Staff.select().where(Staff.active).order_by(Staff.code):
        who = {"name": staff.name, "code": staff.code}
        if staff.locked_until is not None and staff.locked_until > now:
            message = Message(N_("{name} ({code}) is locked out after wrong PINs"), **who)
            problems.append(Problem("staff.locked", message))
        if staff.pin_hash == NO_PIN:
            message = Message(N_("{name} ({code}) has no PIN: reset it"), **who)
            problems.append(Problem("staff.no_pin", message))
        elif staff.must_change_pin:
            message = Message(N_("{name} ({code}) still holds a one-time PIN"), **who)
            problems.append(Problem("staff.one_time_pin", message))
    return problems


def _remedy_problems(profile: Profile, offices: set[int]) -> list[Problem]:
    """What the decisions cannot name (docs/rules.md §6): without the reconsideration body
    and the court their periods stretch to a year; without the phone no complaint line."""
    problems = []
    if not profile.complaint_phone:
        message = Message(N_("The centre's profile has no complaint and supervision phone"))
        problems.append(Problem("profile.no_complaint_phone", message))
    if not profile.court:
        message = Message(
            N_("The centre's profile names no court: decisions cannot name where to sue")
        )
        problems.append(Problem("profile.no_court", message))
    if not profile.reconsideration_body:
        lacking = Department.select().where(Department.reconsideration_body == "")
        for department in lacking.order_by(Department.code):
            if department.id in offices:
                continue
            message = Message(
                N_(
                    "Neither department {code} nor the centre's profile names a "
                    "reconsideration body: its decisions cannot name where to apply"
                ),
                code=department.code,
            )
            problems.append(Problem("department.no_reconsideration_body", message))
    return problems


def _hours_problems(profile: Profile) -> list[Problem]:
    """Promises in hours count the weekdays' opening periods (docs/rules.md §8)."""
    if any(profile.opening_hours[:5]):
        return []
    message = Message(
        N_(
            "The centre's profile has no opening hours on weekdays: promises in hours "
            "cannot be counted"
        )
    )
    return [Problem("profile.no_hours", message)]


def centre_problems(session: StaffSession | None) -> list[Problem]:
    """Departments without a chief, a deputy, a window or a written delegation; windows
    without an A or a B clerk; bundles in the catalog and no comprehensive window
    staffed; active ticket queues that no window with a clerk calls, or whose common item
    is gone; active accounts locked, without a PIN or still on a one-time PIN; a profile
    without the complaint phone, the court or (for a department without its own) the
    reconsideration body, or without weekday opening hours. The centre's own office
    (``_offices``) is asked for no deputy, delegation or reconsideration body."""
    acting_admin(session)
    offices = _offices()
    found = _department_problems(offices) + _window_problems() + _bundle_problems()
    found += _queue_problems() + _staff_problems()
    profile = centre_profile()
    return found + _remedy_problems(profile, offices) + _hours_problems(profile)

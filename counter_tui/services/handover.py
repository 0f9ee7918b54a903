"""A/B handover (AB角工作制, DESIGN §1): every window has an A and a B clerk who stand in
for each other. At a shift change or an absence the clerk hands every piece of open
work to the other with notes; the other confirms, and the cases become theirs in one
transaction, each with a ``handover_confirmed`` event in its timeline; or declines with
a reason and nothing moves.

Open work is what a clerk owns (``Case.owner``) that is not finished: drafts, cases
received and undecided, cases awaiting their supplement, cases whose clock runs,
decisions and requests waiting for the chief representative, and finished cases whose
差评 follow-up is still open.

Rules decided here where the design is silent:

- one pending handover per giver at a time; a handover may list no case at all (the
  duty at the window still changes hands);
- the receiver is the window's other clerk unless another clerk (or the chief
  representative) of the department is chosen; never the giver, never someone absent;
- at confirmation, open work the giver took in after preparing the handover is added
  (its line has no note) and listed cases no longer open, or no longer the giver's,
  are skipped; the result and the sheet say which;
- the handover sheet (交接单) is numbered when the handover is confirmed; before that
  it can be previewed and printed as an unnumbered draft;
- marking a clerk absent hands their duty at a window to the window's other clerk when
  that one is at work; the cases stay the absent clerk's (any clerk of the department
  can act on them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from counter_tui.domain.audit import canonical_json
from counter_tui.domain.checklist import notice_period_end
from counter_tui.domain.errors import N_, Label
from counter_tui.domain.identifiers import mask_id
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.domain.numbering import DocumentKind
from counter_tui.domain.ratings import RatingLevel
from counter_tui.services.approvals import ApprovalKind
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, require_role
from counter_tui.services.calendar import load_calendar
from counter_tui.services.case_documents import (
    IssuedDocument,
    as_issued,
    issue_staff_document,
)
from counter_tui.services.casework import (
    Moment,
    acting_staff,
    locked,
    moment,
    normalise_case_number,
    notice_document,
    one_of,
    required_text,
)
from counter_tui.services.centre import centre_name
from counter_tui.services.clock import to_local
from counter_tui.services.deadlines import case_deadline
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.extensions import EXTENDABLE
from counter_tui.services.ratings import follow_up_open
from counter_tui.services.refusals import pending_refusal
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Case,
    Department,
    Document,
    Extension,
    Handover,
    HandoverLine,
    Item,
    Rating,
    Staff,
    Window,
    database_proxy,
)

_OPEN = [state.value for state in OPEN_STATES]


class Absence(StrEnum):
    LEAVE = "leave"  # 请假
    OUT = "out"  # 外出


ABSENCE_LABELS: Mapping[Absence, str] = MappingProxyType(
    {Absence.LEAVE: N_("on leave"), Absence.OUT: N_("out of the office")}
)


class HandoverState(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


HANDOVER_STATE_LABELS: Mapping[HandoverState, str] = MappingProxyType(
    {
        HandoverState.PENDING: N_("waiting to be taken over"),
        HandoverState.CONFIRMED: N_("taken over"),
        HandoverState.DECLINED: N_("declined"),
        HandoverState.CANCELLED: N_("cancelled"),
    }
)


class WorkKind(StrEnum):
    """The groups of open work, in the order the handover screen and the sheet list them."""

    DRAFT = "draft"
    RECEIVED = "received"  # papers taken, no decision yet: the notice period runs
    SUPPLEMENT = "supplement"  # one-time notice issued: the supplement deadline runs
    RUNNING = "running"  # accepted, in review or suspended: by light
    WITH_CHIEF = "with_chief"  # 一审一核 decision, extension or refusal waiting
    FOLLOW_UP = "follow_up"  # a 差评 whose follow-up is open


# Short enough for a list column.
WORK_LABELS: Mapping[WorkKind, str] = MappingProxyType(
    {
        WorkKind.DRAFT: N_("Drafts"),
        WorkKind.RECEIVED: N_("Undecided"),
        WorkKind.SUPPLEMENT: N_("To supplement"),
        WorkKind.RUNNING: N_("Time running"),
        WorkKind.WITH_CHIEF: N_("With the chief"),
        WorkKind.FOLLOW_UP: N_("Follow-ups"),
    }
)

SKIP_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "closed": N_("no longer open"),
        "owner": N_("no longer the giver's"),
    }
)


@dataclass(frozen=True)
class WorkLine:
    """One piece of open work."""

    kind: WorkKind
    case_number: str
    item_name: str
    applicant: str  # name
    applicant_id: str  # masked
    state: CaseState
    due: date | None  # notice period end, supplement deadline or time limit
    provisional: bool
    light: str | None  # green | yellow | red while the clock runs
    waiting: ApprovalKind | None = None  # what waits for the chief
    rating: RatingLevel | None = None  # the 差评 to follow up
    remark: str = ""  # the rating's comment, the extension's reason


@dataclass(frozen=True)
class OpenWork:
    """Everything open of one clerk."""

    staff_code: str
    staff_name: str
    lines: tuple[WorkLine, ...]

    def groups(self) -> list[tuple[WorkKind, list[WorkLine]]]:
        """The non-empty groups, in WorkKind order."""
        found = [(kind, [line for line in self.lines if line.kind is kind]) for kind in WorkKind]
        return [(kind, lines) for kind, lines in found if lines]

    def count(self, kind: WorkKind) -> int:
        return sum(1 for line in self.lines if line.kind is kind)

    @property
    def numbers(self) -> list[str]:
        return [line.case_number for line in self.lines]


@dataclass(frozen=True)
class StaffChoice:
    """Someone who can take work over."""

    code: str
    name: str
    role: str
    absence: Absence | None
    default: bool  # the window's other clerk


@dataclass(frozen=True)
class HandoverLineView:
    case_number: str
    item_name: str
    applicant: str
    applicant_id: str
    state: CaseState
    owner_code: str
    note: str
    work: WorkLine | None  # None: no longer open work


@dataclass(frozen=True)
class HandoverView:
    id: int
    state: HandoverState
    from_code: str
    from_name: str
    to_code: str
    to_name: str
    window_number: int | None
    note: str
    decline_reason: str
    created_at: datetime  # local
    decided_at: datetime | None  # local
    lines: tuple[HandoverLineView, ...]


@dataclass(frozen=True)
class Skipped:
    case_number: str
    reason: str  # a key of SKIP_REASONS


@dataclass(frozen=True)
class HandoverResult:
    """What a confirmation moved."""

    handover_id: int
    moved: tuple[str, ...]  # the listed cases, now the receiver's
    added: tuple[str, ...]  # open work the giver took in after preparing the handover
    skipped: tuple[Skipped, ...]
    sheet: IssuedDocument


@dataclass(frozen=True)
class WindowView:
    number: int
    department: str
    phone: str
    clerk_a: str  # codes ("" when nobody)
    clerk_b: str
    on_duty: str
    clerk_a_name: str
    clerk_b_name: str
    on_duty_name: str
    clerk_a_absence: Absence | None
    clerk_b_absence: Absence | None


# ── open work ────────────────────────────────────────────────────────────────


def _waiting(case: Case) -> tuple[ApprovalKind | None, str]:
    """What of the case waits for the chief representative, and the request's words."""
    if case.state == CaseState.AWAITING_APPROVAL.value:
        return ApprovalKind.DECISION, ""
    if case.state in EXTENDABLE:
        extension = Extension.get_or_none((Extension.case == case) & Extension.approved.is_null())
        if extension is not None:
            return ApprovalKind.EXTENSION, extension.reason
    proposal = pending_refusal(case)
    if proposal is not None:
        return ApprovalKind.REFUSAL, proposal.reason.details or proposal.reason.competent_body
    return None, ""


def _due(case: Case, today: date, calendar: Any) -> tuple[date | None, bool, str | None]:
    """The date that matters now (due, provisional, light)."""
    if case.state == CaseState.RECEIVED.value and case.received_on is not None:
        return notice_period_end(calendar, case.received_on), False, None
    if case.state == CaseState.AWAITING_SUPPLEMENT.value:
        notice = notice_document(case)
        if notice is not None:
            body = json.loads(notice.body)
            due = date.fromisoformat(body["supplement_due"])
            return due, bool(body.get("provisional", False)), None
        return None, False, None
    deadline = case_deadline(calendar, case, today)
    if deadline is None:
        return None, False, None
    return deadline.due.date, deadline.due.provisional, deadline.light.value


_STATE_KINDS = {
    CaseState.DRAFT: WorkKind.DRAFT,
    CaseState.RECEIVED: WorkKind.RECEIVED,
    CaseState.AWAITING_SUPPLEMENT: WorkKind.SUPPLEMENT,
}


def work_line(case: Case, today: date, calendar: Any, rating: Rating | None = None) -> WorkLine:
    """The case as a piece of open work (``rating``: its open 差评, for a finished case)."""
    state = CaseState(case.state)
    waiting, remark = _waiting(case) if state in OPEN_STATES else (None, "")
    if rating is not None:
        kind = WorkKind.FOLLOW_UP
        remark = rating.comment
    elif waiting is not None:
        kind = WorkKind.WITH_CHIEF
    else:
        kind = _STATE_KINDS.get(state, WorkKind.RUNNING)
    due, provisional, light = _due(case, today, calendar) if rating is None else (None, False, None)
    return WorkLine(
        kind=kind,
        case_number=case.number,
        item_name=case.item.name,
        applicant=case.applicant_name,
        applicant_id=mask_id(case.applicant_id_number),
        state=state,
        due=due,
        provisional=provisional,
        light=light,
        waiting=waiting,
        rating=RatingLevel(rating.level) if rating is not None else None,
        remark=remark,
    )


def _follow_up_ratings(owner: Staff | int) -> dict[int, Rating]:
    """Open 差评 follow-ups of the cases ``owner`` owns, by case id."""
    rows = Rating.select(Rating).join(Case).where(follow_up_open() & (Case.owner == owner))
    return {rating.case_id: rating for rating in rows}


def _work_cases(owner: Staff, lock: bool = False) -> tuple[list[Case], dict[int, Rating]]:
    """The cases that are open work of ``owner``, and the open follow-ups among them."""
    ratings = _follow_up_ratings(owner)
    query = (
        Case.select(Case, Item)
        .join(Item)
        .where((Case.owner == owner) & (Case.state.in_(_OPEN) | Case.id.in_(list(ratings))))
        .order_by(Case.id)
    )
    return list(locked(query) if lock else query), ratings


def _urgency(line: WorkLine) -> tuple[int, date, str]:
    rank = {"red": 0, "yellow": 1, "green": 2}.get(line.light or "", 3)
    return (rank, line.due or date.max, line.case_number)


def _open_work(owner: Staff, today: date) -> OpenWork:
    calendar = load_calendar()
    cases, ratings = _work_cases(owner)
    lines = sorted(
        (work_line(case, today, calendar, ratings.get(case.id)) for case in cases),
        key=_urgency,
    )
    return OpenWork(staff_code=owner.code, staff_name=owner.name, lines=tuple(lines))


def _handing_staff(session: StaffSession) -> Staff:
    """The signed-in clerk or chief who hands over or takes over: active, of a department."""
    require_role(session, *INTAKE_ROLES)
    department = Department.get_or_none(Department.id == session.department_id)
    if department is None:
        raise PermissionDenied("handover.no_department", N_("You belong to no department"))
    return acting_staff(session, department)


def gather_open_work(session: StaffSession, today: date | None = None) -> OpenWork:
    """Everything open of the signed-in clerk, the most urgent first (``groups()`` puts
    it by kind)."""
    staff = _handing_staff(session)
    return _open_work(staff, today or moment().today)


# ── who ───────────────────────────────────────────────────────────────────────


def _absence(staff: Staff) -> Absence | None:
    return Absence(staff.absence) if staff.absence else None


def _other_clerk(window: Window | None, staff: Staff) -> Staff | None:
    if window is None:
        return None
    if window.clerk_a_id == staff.id:
        return window.clerk_b
    if window.clerk_b_id == staff.id:
        return window.clerk_a
    return None


def _session_window(session: StaffSession) -> Window | None:
    return Window.get_or_none(Window.id == session.window_id) if session.window_id else None


def handover_candidates(session: StaffSession) -> list[StaffChoice]:
    """Who can take the signed-in clerk's work over: the active clerks and the chief of
    the department, the window's other clerk (the default) first."""
    staff = _handing_staff(session)
    default = _other_clerk(_session_window(session), staff)
    rows = (
        Staff.select()
        .where(
            (Staff.department == staff.department_id)
            & Staff.active
            & Staff.role.in_(INTAKE_ROLES)
            & (Staff.id != staff.id)
        )
        .order_by(Staff.code)
    )
    choices = [
        StaffChoice(
            code=row.code,
            name=row.name,
            role=row.role,
            absence=_absence(row),
            default=default is not None and row.id == default.id,
        )
        for row in rows
    ]
    return sorted(choices, key=lambda choice: not choice.default)


def _check_counter_staff(staff: Staff, department: Department, rule: str) -> None:
    """``staff`` works at ``department``'s counter: active, a clerk or its chief."""
    if not staff.active or staff.role not in INTAKE_ROLES or staff.department_id != department.id:
        raise ServiceError(
            rule,
            N_("{name} is not an active clerk of {department}"),
            name=staff.name,
            department=department.name,
        )


def absence_choices(session: StaffSession) -> list[StaffChoice]:
    """Whose absence the signed-in staff member may mark: their own; a chief
    representative also their department's clerks."""
    me = Staff.get_by_id(session.staff_id)
    mine = StaffChoice(me.code, me.name, me.role, _absence(me), default=True)
    if session.role != "chief":
        return [mine]
    return [mine, *handover_candidates(session)]


def _receiver(session: StaffSession, giver: Staff, code: str | None) -> Staff:
    if code is None or not str(code).strip():
        receiver = _other_clerk(_session_window(session), giver)
        if receiver is None:
            raise ServiceError(
                "handover.no_default",
                N_("Your window has no other clerk: choose who takes over"),
            )
    else:
        receiver = _staff_by_code(code)
    if receiver.id == giver.id:
        raise ServiceError("handover.self", N_("You cannot hand over to yourself"))
    _check_counter_staff(receiver, giver.department, "handover.receiver")
    if receiver.absence:
        raise ServiceError(
            "handover.receiver_absent",
            N_("{name} is {absence}: choose someone who is at work"),
            name=receiver.name,
            absence=Label(ABSENCE_LABELS[Absence(receiver.absence)]),
        )
    return receiver


# ── start, confirm, decline, cancel ─────────────────────────────────────────


def _pending_from(giver: Staff) -> Handover | None:
    return Handover.get_or_none(
        (Handover.from_staff == giver) & (Handover.state == HandoverState.PENDING.value)
    )


def start_handover(
    session: StaffSession,
    to_staff_code: str | None = None,
    notes: Mapping[str, str] | None = None,
    general_note: str = "",
    *,
    at: datetime | None = None,
) -> int:
    """Prepare a handover of all the signed-in clerk's open work, with a note per case
    (``notes`` by case number) and a general note; it waits for the receiver (by default
    the window's other clerk). Returns the handover's id."""
    notes = {
        normalise_case_number(number): str(note).strip() for number, note in (notes or {}).items()
    }
    when = moment(at)
    with write_transaction(database_proxy):
        giver = _handing_staff(session)
        receiver = _receiver(session, giver, to_staff_code)
        waiting = _pending_from(giver)
        if waiting is not None:
            raise ServiceError(
                "handover.pending",
                N_("Your handover to {name} is still waiting: cancel it before starting another"),
                name=waiting.to_staff.name,
            )
        work = _open_work(giver, when.today)
        unknown = sorted(set(notes) - set(work.numbers))
        if unknown:
            raise ServiceError(
                "handover.note_case",
                N_("{number} is not among your open work"),
                number=unknown[0],
            )
        handover = Handover.create(
            from_staff=giver,
            to_staff=receiver,
            window=session.window_id,
            note=str(general_note).strip(),
            created_at=when.at,
        )
        for case in Case.select(Case.id, Case.number).where(Case.number.in_(work.numbers)):
            HandoverLine.create(handover=handover, case=case, note=notes.get(case.number, ""))
        append_event(
            "handover_started",
            staff=giver,
            data={"handover": handover.id, "to": receiver.code, "cases": work.numbers},
            at=when.at,
        )
        return handover.id


def _locked_handover(handover_id: int) -> Handover:
    handover = locked(Handover.select().where(Handover.id == handover_id)).first()
    if handover is None:
        raise ServiceError(
            "handover.not_found", N_("No handover numbered {id}"), id=str(handover_id)
        )
    return handover


def _check_pending(handover: Handover) -> None:
    if handover.state != HandoverState.PENDING.value:
        # A second confirmation, or one that raced another, ends here: nothing changed.
        raise ServiceError(
            "handover.decided",
            N_("This handover is no longer waiting: it was {state}"),
            state=Label(HANDOVER_STATE_LABELS[HandoverState(handover.state)]),
        )


def _check_receiver(session: StaffSession, handover: Handover) -> Staff:
    staff = _handing_staff(session)
    if handover.to_staff_id != staff.id:
        raise PermissionDenied(
            "handover.receiver_only",
            N_("Only {name} can take over or decline this handover"),
            name=handover.to_staff.name,
        )
    return staff


def _decide(handover: Handover, state: HandoverState, when: Moment, **fields: Any) -> None:
    """Move a pending handover to ``state``, once: a handover another transaction already
    decided is not touched again."""
    changed = (
        Handover.update(state=state.value, decided_at=when.at, **fields)
        .where((Handover.id == handover.id) & (Handover.state == HandoverState.PENDING.value))
        .execute()
    )
    if changed != 1:
        _check_pending(Handover.get_by_id(handover.id))


def confirm_handover(
    session: StaffSession, handover_id: int, *, at: datetime | None = None
) -> HandoverResult:
    """The receiver takes the work over: in one transaction every listed case still open
    and still the giver's becomes the receiver's, with a ``handover_confirmed`` event
    naming both and the line's note; open work the giver took in since is added; the
    receiver goes on duty at the window; the handover sheet is issued."""
    when = moment(at)
    with write_transaction(database_proxy):
        handover = _locked_handover(handover_id)
        receiver = _check_receiver(session, handover)
        _check_pending(handover)
        giver = handover.from_staff
        lines = {
            line.case_id: line
            for line in HandoverLine.select().where(HandoverLine.handover == handover)
        }
        cases, ratings = _work_cases(giver, lock=True)
        current = {case.id: case for case in cases}
        listed = {case.id: case for case in locked(Case.select().where(Case.id.in_(list(lines))))}
        moved: list[str] = []
        added: list[str] = []
        skipped: list[Skipped] = []
        for case_id, case in sorted(listed.items()):
            if case_id in current:
                continue
            reason = "owner" if case.owner_id != giver.id else "closed"
            skipped.append(Skipped(case.number, reason))
        calendar = load_calendar()
        sheet_lines: list[tuple[WorkLine, str, bool]] = []
        for case_id, case in current.items():
            line = lines.get(case_id)
            if line is None:
                line = HandoverLine.create(handover=handover, case=case, note="")
                added.append(case.number)
            else:
                moved.append(case.number)
            work = work_line(case, when.today, calendar, ratings.get(case_id))
            sheet_lines.append((work, line.note, case_id not in lines))
            case.owner = receiver
            case.updated_at = when.at
            case.save()
            append_event(
                "handover_confirmed",
                case=case,
                staff=receiver,
                data={
                    "handover": handover.id,
                    "from": giver.code,
                    "from_name": giver.name,
                    "to": receiver.code,
                    "to_name": receiver.name,
                    "note": line.note,
                    "added": case_id not in lines,
                },
                at=when.at,
            )
        _decide(handover, HandoverState.CONFIRMED, when)
        if handover.window_id is not None:
            Window.update(on_duty=receiver).where(Window.id == handover.window_id).execute()
        handover = Handover.get_by_id(handover.id)
        sheet = issue_staff_document(
            DocumentKind.HANDOVER_SHEET,
            giver.department,
            receiver,
            when,
            _sheet_content(handover, _sheet_lines(sheet_lines), skipped),
        )
        append_event(
            "handover_confirmed",
            staff=receiver,
            data={
                "handover": handover.id,
                "from": giver.code,
                "to": receiver.code,
                "sheet": sheet.number,
                "moved": moved,
                "added": added,
                "skipped": [s.case_number for s in skipped],
            },
            at=when.at,
        )
        return HandoverResult(
            handover_id=handover.id,
            moved=tuple(moved),
            added=tuple(added),
            skipped=tuple(skipped),
            sheet=sheet,
        )


def decline_handover(
    session: StaffSession, handover_id: int, reason: str, *, at: datetime | None = None
) -> None:
    """The receiver declines, saying why; nothing moves."""
    reason = required_text(
        reason, "handover.decline_reason", N_("Say why the handover is declined")
    )
    when = moment(at)
    with write_transaction(database_proxy):
        handover = _locked_handover(handover_id)
        receiver = _check_receiver(session, handover)
        _check_pending(handover)
        _decide(handover, HandoverState.DECLINED, when, decline_reason=reason)
        append_event(
            "handover_declined",
            staff=receiver,
            data={"handover": handover.id, "reason": reason},
            at=when.at,
        )


def cancel_handover(session: StaffSession, handover_id: int, *, at: datetime | None = None) -> None:
    """The giver takes a handover back while it waits."""
    when = moment(at)
    with write_transaction(database_proxy):
        handover = _locked_handover(handover_id)
        giver = _handing_staff(session)
        if handover.from_staff_id != giver.id:
            raise PermissionDenied(
                "handover.giver_only",
                N_("Only {name}, who prepared this handover, can cancel it"),
                name=handover.from_staff.name,
            )
        _check_pending(handover)
        _decide(handover, HandoverState.CANCELLED, when)
        append_event("handover_cancelled", staff=giver, data={"handover": handover.id}, at=when.at)


# ── reading ───────────────────────────────────────────────────────────────────


def _view(handover: Handover, today: date) -> HandoverView:
    calendar = load_calendar()
    ratings = _follow_up_ratings(handover.from_staff_id)
    lines = []
    for line in (
        HandoverLine.select(HandoverLine, Case)
        .join(Case)
        .where(HandoverLine.handover == handover)
        .order_by(HandoverLine.id)
    ):
        case = line.case
        rating = ratings.get(case.id)
        is_work = case.state in _OPEN or rating is not None
        lines.append(
            HandoverLineView(
                case_number=case.number,
                item_name=case.item.name,
                applicant=case.applicant_name,
                applicant_id=mask_id(case.applicant_id_number),
                state=CaseState(case.state),
                owner_code=case.owner.code,
                note=line.note,
                work=work_line(case, today, calendar, rating) if is_work else None,
            )
        )
    order = list(WorkKind)
    lines.sort(
        key=lambda v: (
            (order.index(v.work.kind), _urgency(v.work))
            if v.work
            else (len(order), (4, date.max, v.case_number))
        )
    )
    return HandoverView(
        id=handover.id,
        state=HandoverState(handover.state),
        from_code=handover.from_staff.code,
        from_name=handover.from_staff.name,
        to_code=handover.to_staff.code,
        to_name=handover.to_staff.name,
        window_number=handover.window.number if handover.window_id else None,
        note=handover.note,
        decline_reason=handover.decline_reason,
        created_at=to_local(handover.created_at),
        decided_at=to_local(handover.decided_at) if handover.decided_at else None,
        lines=tuple(lines),
    )


def _readable(session: StaffSession, handover_id: int) -> Handover:
    """The giver, the receiver, their chief representative or an administrator may read."""
    handover = Handover.get_or_none(Handover.id == handover_id)
    if handover is None:
        raise ServiceError(
            "handover.not_found", N_("No handover numbered {id}"), id=str(handover_id)
        )
    if session.staff_id in (handover.from_staff_id, handover.to_staff_id):
        return handover
    if session.role == "admin" or (
        session.role == "chief" and session.department_id == handover.from_staff.department_id
    ):
        return handover
    raise PermissionDenied("handover.reader", N_("This handover is not yours to read"))


def handover_view(
    session: StaffSession, handover_id: int, today: date | None = None
) -> HandoverView:
    """One handover with its cases as they are now."""
    return _view(_readable(session, handover_id), today or moment().today)


def pending_handovers_for(session: StaffSession, today: date | None = None) -> list[HandoverView]:
    """The handovers waiting for the signed-in staff member to take over, oldest first."""
    rows = (
        Handover.select()
        .where(
            (Handover.to_staff == session.staff_id)
            & (Handover.state == HandoverState.PENDING.value)
        )
        .order_by(Handover.created_at)
    )
    return [_view(handover, today or moment().today) for handover in rows]


def my_pending_handover(session: StaffSession, today: date | None = None) -> HandoverView | None:
    """The signed-in clerk's own handover that waits for its receiver, if any."""
    handover = _pending_from(Staff.get_by_id(session.staff_id))
    return _view(handover, today or moment().today) if handover is not None else None


# ── the handover sheet (交接单) ────────────────────────────────────────────────


def _stamp(at: datetime | None) -> str | None:
    return to_local(at).strftime("%Y-%m-%d %H:%M") if at is not None else None


def _sheet_line(work: WorkLine, note: str, added: bool = False) -> dict[str, Any]:
    return {
        "case": work.case_number,
        "kind": work.kind.value,
        "item": work.item_name,
        "applicant": work.applicant,
        "id_number": work.applicant_id,
        "state": work.state.value,
        "due": work.due,
        "provisional": work.provisional,
        "note": note,
        "added": added,
    }


def _sheet_lines(lines: Iterable[tuple[WorkLine, str, bool]]) -> list[dict[str, Any]]:
    """The sheet's lines, by kind of work, the most urgent first in each."""
    order = list(WorkKind)
    ranked = sorted(lines, key=lambda line: (order.index(line[0].kind), _urgency(line[0])))
    return [_sheet_line(work, note, added) for work, note, added in ranked]


def _sheet_content(
    handover: Handover, lines: Iterable[dict[str, Any]], skipped: Iterable[Skipped]
) -> dict[str, Any]:
    window = handover.window if handover.window_id else None
    return {
        "handover": handover.id,
        "state": handover.state,
        "window": window.number if window is not None else None,
        "from": {"code": handover.from_staff.code, "name": handover.from_staff.name},
        "to": {"code": handover.to_staff.code, "name": handover.to_staff.name},
        "prepared_at": _stamp(handover.created_at),
        "decided_at": _stamp(handover.decided_at),
        "note": handover.note,
        "decline_reason": handover.decline_reason,
        "cases": list(lines),
        "skipped": [{"case": s.case_number, "reason": s.reason} for s in skipped],
    }


def _issued_sheet(handover: Handover) -> IssuedDocument | None:
    """The sheet issued when ``handover`` was confirmed."""
    candidates = Document.select().where(
        (Document.kind == DocumentKind.HANDOVER_SHEET.value)
        & (Document.staff == handover.to_staff_id)
        & (Document.issued_at == handover.decided_at)
    )
    for document in candidates:
        if json.loads(document.body).get("handover") == handover.id:
            return as_issued(document)
    return None


def handover_sheet(
    session: StaffSession, handover_id: int, today: date | None = None
) -> IssuedDocument:
    """The handover sheet: as issued once the handover is confirmed; before that (or when
    it was declined or cancelled) an unnumbered draft of the cases as they are now."""
    handover = _readable(session, handover_id)
    if handover.state == HandoverState.CONFIRMED.value:
        issued = _issued_sheet(handover)
        if issued is not None:
            return issued
    view = _view(handover, today or moment().today)
    lines = _sheet_lines((line.work, line.note, False) for line in view.lines if line.work)
    skipped = [Skipped(line.case_number, "closed") for line in view.lines if line.work is None]
    when = moment()
    body = {
        "kind": DocumentKind.HANDOVER_SHEET.value,
        "number": "",
        "date": when.today,
        "centre": centre_name(),
        "department": handover.from_staff.department.name,
        "draft": True,
        **_sheet_content(handover, lines, skipped),
    }
    return IssuedDocument(
        number="",
        kind=DocumentKind.HANDOVER_SHEET,
        case_number=None,
        issued_at=to_local(when.at),
        body=MappingProxyType(json.loads(canonical_json(body))),
    )


# ── windows and absences ──────────────────────────────────────────────────────


def _staff_by_code(code: str) -> Staff:
    staff = Staff.get_or_none(Staff.code == str(code).strip())
    if staff is None:
        raise ServiceError(
            "handover.unknown_staff", N_("No staff member has the code {code}"), code=code
        )
    return staff


def _set_clerks(number: int, a_code: str, b_code: str, by: Staff | None, when: Moment) -> None:
    window = locked(Window.select().where(Window.number == number)).first()
    if window is None:
        raise ServiceError("window.not_found", N_("No window numbered {number}"), number=number)
    a, b = _staff_by_code(a_code), _staff_by_code(b_code)
    if a.id == b.id:
        raise ServiceError("window.same", N_("The A and the B clerk must be two people"))
    for clerk in (a, b):
        _check_counter_staff(clerk, window.department, "window.clerk")
    for clerk, column, letter in ((a, Window.clerk_a, "A"), (b, Window.clerk_b, "B")):
        other = Window.get_or_none((column == clerk) & (Window.id != window.id))
        if other is not None:
            raise ServiceError(
                "window.elsewhere",
                N_("{name} is already the {role} clerk of window {number}"),
                name=clerk.name,
                role=letter,
                number=other.number,
            )
    before = {
        "a": window.clerk_a.code if window.clerk_a_id else None,
        "b": window.clerk_b.code if window.clerk_b_id else None,
    }
    window.clerk_a, window.clerk_b = a, b
    if window.on_duty_id not in (a.id, b.id):
        window.on_duty = a
    window.save()
    append_event(
        "window_clerks_set",
        staff=by,
        data={"window": number, "a": a.code, "b": b.code, "before": before},
        at=when.at,
    )


def set_window_clerks(
    session: StaffSession, window_number: int, clerk_a_code: str, clerk_b_code: str
) -> None:
    """An administrator sets a window's A and B clerks (both of its department; a clerk
    is A at one window at most and B at one window at most)."""
    require_role(session, "admin")
    when = moment()
    with write_transaction(database_proxy):
        admin = Staff.get_or_none((Staff.id == session.staff_id) & Staff.active)
        if admin is None:
            raise PermissionDenied("auth.inactive", N_("This staff account is not active"))
        _set_clerks(window_number, clerk_a_code, clerk_b_code, admin, when)


def assign_window_clerks(window_number: int, clerk_a_code: str, clerk_b_code: str) -> None:
    """``set_window_clerks`` for the command line, which like the catalog and calendar
    imports acts with the authority of whoever can open the database; the event names
    no staff member."""
    with write_transaction(database_proxy):
        _set_clerks(window_number, clerk_a_code, clerk_b_code, None, moment())


def list_windows() -> list[WindowView]:
    """Every window with its clerks and who is on duty."""

    def code(staff: Staff | None) -> str:
        return staff.code if staff is not None else ""

    def name(staff: Staff | None) -> str:
        return staff.name if staff is not None else ""

    out = []
    for window in Window.select().order_by(Window.number):
        a, b, duty = window.clerk_a, window.clerk_b, window.on_duty
        out.append(
            WindowView(
                number=window.number,
                department=window.department.name,
                phone=window.phone,
                clerk_a=code(a),
                clerk_b=code(b),
                on_duty=code(duty),
                clerk_a_name=name(a),
                clerk_b_name=name(b),
                on_duty_name=name(duty),
                clerk_a_absence=_absence(a) if a is not None else None,
                clerk_b_absence=_absence(b) if b is not None else None,
            )
        )
    return out


def set_absence(
    session: StaffSession,
    staff_code: str,
    absence: Absence | str | None,
    *,
    at: datetime | None = None,
) -> None:
    """Mark a staff member on leave (请假) or out (外出), or back (``None``): the staff
    member themself, their department's chief representative, or an administrator. An
    absent clerk on duty at a window hands the duty to the window's other clerk when
    that one is at work."""
    if absence is not None and absence != "":
        absence = one_of(
            Absence, absence, "absence.kind", N_("An absence is leave or out, not {value}")
        )
    else:
        absence = None
    when = moment(at)
    with write_transaction(database_proxy):
        actor = Staff.get_or_none((Staff.id == session.staff_id) & Staff.active)
        if actor is None:
            raise PermissionDenied("auth.inactive", N_("This staff account is not active"))
        target = locked(Staff.select().where(Staff.code == str(staff_code).strip())).first()
        if target is None or not target.active:
            raise ServiceError(
                "handover.unknown_staff",
                N_("No staff member has the code {code}"),
                code=staff_code,
            )
        allowed = (
            actor.id == target.id
            or session.role == "admin"
            or (session.role == "chief" and actor.department_id == target.department_id)
        )
        if not allowed:
            raise PermissionDenied(
                "absence.who",
                N_("Only {name}, their chief representative or an administrator can do this"),
                name=target.name,
            )
        value = absence.value if absence is not None else None
        if target.absence == value:
            return
        target.absence = value
        target.save()
        if value is not None:
            for window in Window.select().where(Window.on_duty == target):
                other = _other_clerk(window, target)
                if other is not None and other.active and not other.absence:
                    window.on_duty = other
                    window.save()
        append_event(
            "absence_set",
            staff=actor,
            data={"staff": target.code, "absence": value},
            at=when.at,
        )

"""A/B handover (AB角工作制, docs/rules.md §13): every window has an A and a B clerk who stand in
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
- at a comprehensive window the bundle cases the giver follows (results not handed over
  yet, docs/rules.md §21, or a step's 差评 still followed up, §21.1) go with the handover
  whole: at confirmation every one the giver still follows becomes the receiver's to
  follow; their notes are the general note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_, Label
from counter_tui.domain.identifiers import mask_id
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, check_session, require_role
from counter_tui.services.bundles.progress import BundleCaseView, followed_bundle_cases
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.change import (
    Moment,
    acting_staff,
    locked,
    moment,
    normalise_case_number,
)
from counter_tui.services.cases.documents import IssuedDocument, issue_staff_document
from counter_tui.services.cases.text import required_text, typed_text
from counter_tui.services.clock import to_local
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.handover.open_work import (
    OpenWork,
    WorkKind,
    WorkLine,
    follow_up_ratings,
    open_work_of,
    urgency,
    work_cases,
    work_line,
)
from counter_tui.services.handover.sheet import (
    Skipped,
    draft_sheet,
    issued_sheet,
    sheet_content,
    sheet_lines,
)
from counter_tui.services.handover.staffing import (
    ABSENCE_LABELS,
    Absence,
    absence_of,
    check_counter_staff,
    other_clerk,
    staff_by_code,
)
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    BundleCase,
    Case,
    Department,
    Handover,
    HandoverLine,
    Staff,
    Window,
    database_proxy,
    storable_text,
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
    # The bundle cases the giver follows now (until confirmed; then the sheet lists them).
    bundles: tuple[BundleCaseView, ...] = ()


@dataclass(frozen=True)
class HandoverResult:
    """What a confirmation moved."""

    handover_id: int
    moved: tuple[str, ...]  # the listed cases, now the receiver's
    added: tuple[str, ...]  # open work the giver took in after preparing the handover
    skipped: tuple[Skipped, ...]
    sheet: IssuedDocument
    bundles: tuple[str, ...] = ()  # the bundle cases the receiver follows from now on


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
    return open_work_of(staff, today or moment().today)


# ── who ───────────────────────────────────────────────────────────────────────


def _session_window(session: StaffSession) -> Window | None:
    return Window.get_or_none(Window.id == session.window_id) if session.window_id else None


def handover_candidates(session: StaffSession) -> list[StaffChoice]:
    """Who can take the signed-in clerk's work over: the active clerks and the chief of
    the department, the window's other clerk (the default) first."""
    staff = _handing_staff(session)
    default = other_clerk(_session_window(session), staff)
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
            absence=absence_of(row),
            default=default is not None and row.id == default.id,
        )
        for row in rows
    ]
    return sorted(choices, key=lambda choice: not choice.default)


def absence_choices(session: StaffSession) -> list[StaffChoice]:
    """Whose absence the signed-in staff member may mark: their own; a chief
    representative also their department's clerks."""
    me = Staff.get_by_id(session.staff_id)
    mine = StaffChoice(me.code, me.name, me.role, absence_of(me), default=True)
    check_session(session)
    if session.role not in APPROVER_ROLES:
        return [mine]
    return [mine, *handover_candidates(session)]


def _receiver(session: StaffSession, giver: Staff, code: str | None) -> Staff:
    # Blank as the store reads it (a NUL is dropped): the window's other clerk.
    if code is None or not storable_text(str(code)).strip():
        receiver = other_clerk(_session_window(session), giver)
        if receiver is None:
            raise ServiceError(
                "handover.no_default",
                N_("Your window has no other clerk: choose who takes over"),
            )
    else:
        receiver = staff_by_code(code)
    if receiver.id == giver.id:
        raise ServiceError("handover.self", N_("You cannot hand over to yourself"))
    check_counter_staff(receiver, giver.department, "handover.receiver")
    if receiver.absence:
        raise ServiceError(
            "handover.receiver_absent",
            N_("{name} is {absence}: choose someone who is at work"),
            name=receiver.name,
            absence=Label(ABSENCE_LABELS[Absence(receiver.absence)]),
        )
    return receiver


# ── start, confirm, decline, cancel ─────────────────────────────────────────


def pending_handover_count(staff: Staff) -> int:
    """How many handovers wait for a decision that ``staff`` gives or is to take: open
    work as much as the cases are (an account with any is not deactivated)."""
    return (
        Handover.select()
        .where(
            ((Handover.from_staff == staff) | (Handover.to_staff == staff))
            & (Handover.state == HandoverState.PENDING.value)
        )
        .count()
    )


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
        normalise_case_number(number): typed_text(note) for number, note in (notes or {}).items()
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
        work = open_work_of(giver, when.today)
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
            note=typed_text(general_note),
            created_at=when.at,
        )
        for case in Case.select(Case.id, Case.number).where(Case.number.in_(work.numbers)):
            HandoverLine.create(handover=handover, case=case, note=notes.get(case.number, ""))
        append_event(
            "handover_started",
            staff=giver,
            data={
                "handover": handover.id,
                "to": receiver.code,
                "cases": work.numbers,
                "bundles": [view.number for view in work.bundles],
            },
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
        cases, ratings = work_cases(giver, lock=True)
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
        sheet_work: list[tuple[WorkLine, str, bool]] = []
        for case_id, case in current.items():
            line = lines.get(case_id)
            if line is None:
                line = HandoverLine.create(handover=handover, case=case, note="")
                added.append(case.number)
            else:
                moved.append(case.number)
            work = work_line(case, when.today, calendar, ratings.get(case_id))
            sheet_work.append((work, line.note, case_id not in lines))
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
        bundles = followed_bundle_cases(giver, when.today, follow_ups=True)
        bundle_numbers = [view.number for view in bundles]
        BundleCase.update(owner=receiver).where(BundleCase.number.in_(bundle_numbers)).execute()
        _decide(handover, HandoverState.CONFIRMED, when)
        if handover.window_id is not None:
            Window.update(on_duty=receiver).where(Window.id == handover.window_id).execute()
        handover = Handover.get_by_id(handover.id)
        sheet = issue_staff_document(
            DocumentKind.HANDOVER_SHEET,
            giver.department,
            receiver,
            when,
            sheet_content(handover, sheet_lines(sheet_work), skipped, bundles),
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
                "bundles": bundle_numbers,
            },
            at=when.at,
        )
        return HandoverResult(
            handover_id=handover.id,
            moved=tuple(moved),
            added=tuple(added),
            skipped=tuple(skipped),
            sheet=sheet,
            bundles=tuple(bundle_numbers),
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
    ratings = follow_up_ratings(handover.from_staff_id)
    lines = []
    for line in (
        HandoverLine.select(HandoverLine, Case)
        .join(Case)
        .where(HandoverLine.handover == handover)
        .order_by(HandoverLine.id)
    ):
        case = line.case
        rating = ratings.get(case.id)
        is_work = CaseState(case.state) in OPEN_STATES or rating is not None
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
            (order.index(v.work.kind), urgency(v.work))
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
        bundles=(
            ()
            if handover.state == HandoverState.CONFIRMED.value
            else tuple(followed_bundle_cases(handover.from_staff_id, today, follow_ups=True))
        ),
    )


def _readable(session: StaffSession, handover_id: int) -> Handover:
    """The giver, the receiver, their department's approvers or an administrator may read."""
    check_session(session)
    handover = Handover.get_or_none(Handover.id == handover_id)
    if handover is None:
        raise ServiceError(
            "handover.not_found", N_("No handover numbered {id}"), id=str(handover_id)
        )
    if session.staff_id in (handover.from_staff_id, handover.to_staff_id):
        return handover
    if session.role == "admin" or (
        session.role in APPROVER_ROLES
        and session.department_id == handover.from_staff.department_id
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
    check_session(session)
    rows = (
        Handover.select()
        .where(
            (Handover.to_staff == session.staff_id)
            & (Handover.state == HandoverState.PENDING.value)
        )
        .order_by(Handover.created_at)
    )
    return [_view(handover, today or moment().today) for handover in rows]


@dataclass(frozen=True)
class DeclinedHandover:
    to_name: str
    reason: str
    decided_at: datetime  # local


def my_declined_handover(session: StaffSession) -> DeclinedHandover | None:
    """The signed-in clerk's last handover, when its receiver declined it: nothing moved,
    the work is still theirs, and they may hand over again (issue 21 item 6). Handing
    over again makes it no longer the last."""
    last = (
        Handover.select(Handover, Staff)
        .join(Staff, on=(Handover.to_staff == Staff.id))
        .where(Handover.from_staff == session.staff_id)
        .order_by(Handover.id.desc())
        .first()
    )
    if last is None or last.state != HandoverState.DECLINED.value:
        return None
    decided = to_local(last.decided_at) if last.decided_at else to_local(last.created_at)
    return DeclinedHandover(last.to_staff.name, last.decline_reason, decided)


def my_pending_handover(session: StaffSession, today: date | None = None) -> HandoverView | None:
    """The signed-in clerk's own handover that waits for its receiver, if any."""
    check_session(session)
    handover = _pending_from(Staff.get_by_id(session.staff_id))
    return _view(handover, today or moment().today) if handover is not None else None


def handover_sheet(
    session: StaffSession, handover_id: int, today: date | None = None
) -> IssuedDocument:
    """The handover sheet: as issued once the handover is confirmed; before that (or when
    it was declined or cancelled) an unnumbered draft of the cases as they are now."""
    handover = _readable(session, handover_id)
    if handover.state == HandoverState.CONFIRMED.value:
        issued = issued_sheet(handover)
        if issued is not None:
            return issued
    view = _view(handover, today or moment().today)
    return draft_sheet(
        handover,
        [(line.work, line.note) for line in view.lines if line.work],
        [line.case_number for line in view.lines if line.work is None],
        view.bundles,
    )

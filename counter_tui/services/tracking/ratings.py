"""Ratings (好差评, docs/rules.md §11): the applicant's own, given on the window's pad for
each service (一次一评) — the delivery's being the case's final rating (一事一评) — and
nobody else's: there is no service by which a clerk enters one. A 差评 (不满意, 非常不满意)
names its reason and opens a follow-up (回访) due in working days: the contact with the
applicant, the result (整改 or explained), and the rated clerk's appeal (申诉) that a chief
upholds or rejects. A step of a bundle case at the comprehensive window is one service,
rated once; its delivery is the bundle's final rating, and a 差评 of it is the
comprehensive window's to follow up (docs/rules.md §21.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_
from counter_tui.domain.ratings import (
    AppealOutcome,
    FollowUpResult,
    PoorReason,
    RatingLevel,
    RequestState,
    ServiceKind,
    is_poor,
)
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, active_staff, require_role
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.change import locked, moment, normalise_case_number
from counter_tui.services.cases.follow_ups import (  # noqa: F401 (open_follow_ups: the API)
    follow_up_open,
    item_name,
    open_follow_ups,
)
from counter_tui.services.cases.rating_requests import (
    expire_requests,
    follow_up_days,
    still_pending,
)
from counter_tui.services.cases.text import one_of, required_text, typed_text
from counter_tui.services.clock import centre_timezone, to_local
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Case,
    Device,
    Rating,
    RatingFollowUp,
    RatingRequest,
    Staff,
    Window,
    database_proxy,
)

# --- the pad ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PadRequest:
    """What the pad shows of a pending request: the service, never who asked or why."""

    id: int
    kind: ServiceKind
    item_name: str  # the case's item, or the one asked about; "" when none
    bundle_name: str = ""  # a bundle case's step: the bundle (一件事：开办餐饮店), no item


@dataclass(frozen=True)
class PadView:
    window: int
    serving: str  # the clerk on duty at the window; "" when nobody is
    request: PadRequest | None  # the newest pending request of the window


def _pad(code: str, lock: bool = False) -> Device:
    query = Device.select().where((Device.code == typed_text(code)) & (Device.kind == "pad"))
    device = (locked(query) if lock else query).first()
    if device is None or not device.active or device.window_id is None:
        raise ServiceError(
            "device.unknown", N_("No active rating pad has the code {code}"), code=code
        )
    return device


def _newest_pending(window_id: int, now: datetime) -> RatingRequest | None:
    where = (RatingRequest.window == window_id) & still_pending(now)
    newest = (RatingRequest.requested_at.desc(), RatingRequest.id.desc())
    return RatingRequest.select().where(where).order_by(*newest).first()


def pad_of_window(number: int) -> str:
    """The code of the active rating pad bound to window ``number`` (``counter-tui pad
    --window``)."""
    device = (
        Device.select(Device.code)
        .join(Window, on=(Device.window == Window.id))
        .where((Window.number == number) & (Device.kind == "pad") & (Device.active == True))  # noqa: E712
        .order_by(Device.code)
        .first()
    )
    if device is None:
        raise ServiceError(
            "device.window_pad", N_("Window {window} has no active rating pad"), window=number
        )
    return str(device.code)


def pad_view(code: str, *, at: datetime | None = None) -> PadView:
    """What the pad ``code`` shows now: its window, who serves there, the newest pending
    request (a read: nothing is written)."""
    device = _pad(code)
    window = Window.get_by_id(device.window_id)
    serving = Staff.get_or_none(Staff.id == window.on_duty_id) if window.on_duty_id else None
    now = moment(at).at
    request = _newest_pending(window.id, now)
    shown = None
    if request is not None:
        kind, named = ServiceKind(request.kind), item_name(request)
        if request.bundle_case_id is not None:
            shown = PadRequest(request.id, kind, "", bundle_name=named)
        else:
            shown = PadRequest(request.id, kind, named)
    return PadView(window.number, serving.name if serving else "", shown)


def rate_on_pad(
    device_code: str,
    request_id: int,
    level: int | RatingLevel,
    reason: str | PoorReason | None = None,
    text: str = "",
    *,
    at: datetime | None = None,
) -> bool:
    """The applicant's rating of the request the pad shows. A 差评 names its reason from
    the fixed list and opens a follow-up. Returns True when it was a 差评."""
    level = one_of(
        RatingLevel, level, "rating.level", N_("A rating is one of the five levels, 1 to 5")
    )
    poor = is_poor(level)
    chosen: PoorReason | None = None
    if poor:
        if reason in (None, ""):
            raise ServiceError("rating.reason", N_("Say why you are not satisfied"))
        chosen = one_of(PoorReason, reason, "rating.reason", N_("{value} is not a listed reason"))
    elif reason not in (None, ""):
        raise ServiceError("rating.reason_poor", N_("A reason is given only when not satisfied"))
    with write_transaction(database_proxy):
        device = _pad(device_code, lock=True)
        now = moment(at).at
        request = locked(RatingRequest.select().where(RatingRequest.id == request_id)).first()
        if request is None or request.window_id != device.window_id:
            raise ServiceError("rating.request", N_("This pad is not asking about that service"))
        if request.state == RequestState.RATED.value:
            raise ServiceError("rating.once", N_("This service has already been rated"))
        newest = _newest_pending(device.window_id, now)
        if newest is None:
            raise ServiceError(
                "rating.timed_out", N_("The time to rate this service is over: it is not rated")
            )
        if newest.id != request.id:
            raise ServiceError("rating.not_shown", N_("The pad is asking about a later service"))
        expire_requests(now)
        request.state, request.level = RequestState.RATED.value, level.value
        request.reason, request.text = chosen.value if chosen else "", typed_text(text)
        request.rated_at, request.device = now, device
        request.save()
        _record(request, level, chosen, now)
        return poor


def _record(
    request: RatingRequest, level: RatingLevel, reason: PoorReason | None, now: datetime
) -> None:
    """The events of a rating (no staff: the applicant's), the case's final rating for a
    delivery, the follow-up of a 差评. A bundle step's events name the bundle case, as
    its own events do; its delivery's rating is the bundle's final one, the request
    itself (its cases have no ``Rating`` of their own: one thing, one rating)."""
    case = request.case if request.case_id is not None else None
    data = {"request": request.id, "kind": request.kind, "level": level.value, **_bundle(request)}
    append_event("service_rated", case=case, data=data, at=now)
    final = request.kind == ServiceKind.DELIVERED.value and case is not None
    if final and Rating.get_or_none(Rating.case == case) is None:  # 一事一评: the case's own
        Rating.create(case=case, request=request, level=level.value, rated_at=now)
        append_event("rated", case=case, data={"level": level.value}, at=now)
    if reason is not None:
        today = to_local(now, centre_timezone()).date()
        due_on = load_calendar().add_workdays(today, follow_up_days())
        RatingFollowUp.create(request=request, due_on=due_on)
        data = {"request": request.id, "reason": reason.value, "due_on": due_on, **_bundle(request)}
        append_event("follow_up_opened", case=case, data=data, at=now)


def _bundle(request: RatingRequest) -> dict[str, int]:
    """What a bundle step's events add: the bundle case, as the bundle's own events name it."""
    if request.bundle_case_id is None:
        return {}
    return {"bundle_case": int(request.bundle_case_id)}


# --- the follow-up of a 差评 -------------------------------------------------------------


def _department(request: RatingRequest) -> int | None:
    """The department whose chief follows the service up: its case's, its consultation's,
    or the office of whoever holds the bundle case (the comprehensive window's)."""
    if request.case_id is not None:
        return int(request.case.department_id)
    if request.consultation_id is not None:
        return int(request.consultation.department_id)
    if request.bundle_case_id is not None:
        holder = request.bundle_case.owner
        return int(holder.department_id) if holder.department_id is not None else None
    return int(request.window.department_id) if request.window_id is not None else None


def _holder(request: RatingRequest) -> int:
    """Who holds the service's work now: its case's or bundle case's owner (after a
    handover too), else the clerk rated."""
    if request.case_id is not None:
        return int(request.case.owner_id)
    if request.bundle_case_id is not None:
        return int(request.bundle_case.owner_id)
    return int(request.staff_id)


def _follow_up(session: StaffSession, request_id: int) -> tuple[RatingFollowUp, Staff]:
    """The follow-up of ``request_id``, locked, and who acts: the clerk rated, the one
    holding the case or bundle case now (after a handover), or a chief of the
    department. Inside a write transaction."""
    require_role(session, *INTAKE_ROLES)
    staff = active_staff(session)
    query = RatingFollowUp.select().where(RatingFollowUp.request == request_id)
    row = locked(query).first()
    if row is None:
        raise ServiceError("follow_up.none", N_("This service has no poor rating to follow up"))
    request = row.request
    chief = session.role in APPROVER_ROLES and _department(request) == session.department_id
    if staff.id not in (_holder(request), request.staff_id) and not chief:
        raise PermissionDenied(
            "follow_up.not_yours",
            N_("Only the clerk rated, the case's holder or their chief follows this up"),
        )
    return row, staff


def _open_row(session: StaffSession, request_id: int) -> tuple[RatingFollowUp, Staff]:
    row, staff = _follow_up(session, request_id)
    if row.closed_at is not None:
        raise ServiceError("follow_up.closed", N_("This follow-up is already closed"))
    return row, staff


def _event(kind: str, row: RatingFollowUp, staff: Staff, at: datetime, **data: object) -> None:
    request = row.request
    case = request.case if request.case_id is not None else None
    data = {"request": request.id, **data, **_bundle(request)}
    append_event(kind, case=case, staff=staff, data=data, at=at)


def record_contact(
    session: StaffSession, request_id: int, contact: str, *, at: datetime | None = None
) -> None:
    """The contact with the applicant (回访): when, how, what they said."""
    contact = required_text(contact, "follow_up.contact", N_("Say how the applicant was reached"))
    with write_transaction(database_proxy):
        row, staff = _open_row(session, request_id)
        _contact(row, staff, contact, moment(at).at)


def _contact(row: RatingFollowUp, staff: Staff, contact: str, now: datetime) -> None:
    row.contact, row.contacted_at = contact, now
    row.save()
    _event("follow_up_contacted", row, staff, now)


def _result(result: FollowUpResult | str) -> FollowUpResult:
    """What closes a follow-up: put right (整改) or explained; an appeal upheld is the
    chief's (``decide_appeal``)."""
    chosen = one_of(
        FollowUpResult, result, "follow_up.result", N_("{value} is not a follow-up result")
    )
    if chosen is FollowUpResult.APPEAL_UPHELD:
        raise ServiceError(
            "follow_up.result", N_("{value} is not a follow-up result"), value=result
        )
    return chosen


def _close(
    row: RatingFollowUp, staff: Staff, result: FollowUpResult, note: str, now: datetime
) -> None:
    row.result, row.note, row.closed_by, row.closed_at = result.value, note, staff, now
    row.save()
    _event("follow_up_closed", row, staff, now, result=result.value, note=note)


def close_follow_up(
    session: StaffSession,
    request_id: int,
    result: FollowUpResult | str,
    note: str,
    *,
    at: datetime | None = None,
) -> None:
    """Close a 差评's follow-up with its result — put right (整改) or explained — and a note,
    once the applicant has been contacted."""
    chosen = _result(result)
    note = required_text(note, "follow_up.note", N_("A follow-up is closed with a note"))
    with write_transaction(database_proxy):
        row, staff = _open_row(session, request_id)
        if row.contacted_at is None:
            raise ServiceError(
                "follow_up.contact_first", N_("Record the contact with the applicant first")
            )
        _close(row, staff, chosen, note, moment(at).at)


def appeal_rating(
    session: StaffSession, request_id: int, grounds: str, *, at: datetime | None = None
) -> None:
    """The rated clerk's appeal (申诉) against a 差评, to the chief; once."""
    grounds = required_text(grounds, "appeal.grounds", N_("An appeal says why"))
    with write_transaction(database_proxy):
        row, staff = _open_row(session, request_id)
        if row.request.staff_id != staff.id:
            raise PermissionDenied("appeal.not_rated", N_("Only the clerk rated appeals"))
        if row.appeal:
            raise ServiceError("appeal.once", N_("This rating has already been appealed"))
        now = moment(at).at
        row.appeal, row.appealed_at = grounds, now
        row.save()
        _event("rating_appealed", row, staff, now)


def decide_appeal(
    session: StaffSession,
    request_id: int,
    upheld: bool,
    note: str,
    *,
    at: datetime | None = None,
) -> None:
    """The chief's outcome of a clerk's appeal. Upheld, the follow-up closes (nothing to
    put right); rejected, it goes on. The applicant's rating stays as given."""
    note = required_text(note, "appeal.note", N_("An appeal is decided with a note"))
    require_role(session, *APPROVER_ROLES)
    with write_transaction(database_proxy):
        row, staff = _open_row(session, request_id)
        if not row.appeal:
            raise ServiceError("appeal.none", N_("This rating has not been appealed"))
        if row.appeal_outcome:
            raise ServiceError("appeal.decided", N_("This appeal has already been decided"))
        if row.request.staff_id == staff.id:
            raise PermissionDenied("appeal.own", N_("A chief does not decide their own appeal"))
        now = moment(at).at
        outcome = AppealOutcome.UPHELD if upheld else AppealOutcome.REJECTED
        row.appeal_outcome, row.appeal_note = outcome.value, note
        row.appeal_decided_by, row.appeal_decided_at = staff, now
        if upheld:
            row.result, row.note = FollowUpResult.APPEAL_UPHELD.value, note
            row.closed_by, row.closed_at = staff, now
        row.save()
        _event("appeal_decided", row, staff, now, outcome=outcome.value, note=note)


def close_case_follow_up(
    session: StaffSession,
    case_number: str,
    result: FollowUpResult | str,
    note: str,
    *,
    at: datetime | None = None,
) -> None:
    """From the case detail: the oldest open follow-up of the case's services, closed
    with ``result``; ``note`` says how the applicant was reached and what was done, and
    is the contact too when none was recorded before. One write."""
    chosen = _result(result)
    note = required_text(note, "follow_up.note", N_("A follow-up is closed with a note"))
    with write_transaction(database_proxy):
        found = (
            RatingFollowUp.select(RatingFollowUp.request)
            .join(RatingRequest)
            .join(Case, on=(RatingRequest.case == Case.id))
            .where((Case.number == normalise_case_number(case_number)) & follow_up_open())
            .order_by(RatingFollowUp.id)
            .first()
        )
        if found is None:
            raise ServiceError("follow_up.none", N_("This case has no poor rating to follow up"))
        row, staff = _open_row(session, found.request_id)
        now = moment(at).at
        if row.contacted_at is None:
            _contact(row, staff, note, now)
        _close(row, staff, chosen, note, now)

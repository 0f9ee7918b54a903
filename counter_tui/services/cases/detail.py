"""One case in full, read-only: who applies, where it stands and by when, its checklist,
its documents and its timeline (办件日志) — who did what, and when.

Staff of the case's department read it (an administrator reads any); ID numbers are
masked, as in every list. The timeline is the case's events in the order they were
written; ``EVENT_LABELS`` names every kind the services write, and a kind it does not
know yet is shown by its stored name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime
from enum import Enum
from types import MappingProxyType
from typing import Any

from peewee import JOIN

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.checklist import ChecklistLine
from counter_tui.domain.errors import N_
from counter_tui.domain.identifiers import mask_id, shown_id
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.domain.review_promise import ReviewClock
from counter_tui.domain.suspension import SpecialStep, special_steps
from counter_tui.domain.tracking import CaseCommand, possible_commands
from counter_tui.services.auth import StaffSession
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.change import get_case
from counter_tui.services.cases.checklist import checklist_lines
from counter_tui.services.cases.deadlines import CaseClocks, case_deadline
from counter_tui.services.cases.documents import IssuedDocument, check_reader, issued_documents
from counter_tui.services.cases.rating_requests import waiting_at_window
from counter_tui.services.cases.referred import open_referral
from counter_tui.services.cases.review import case_review
from counter_tui.services.cases.written_decisions import delivery_deadline
from counter_tui.services.clock import to_local
from counter_tui.store.models import (
    Case,
    Event,
    Extension,
    Material,
    Rating,
    RatingFollowUp,
    RatingRequest,
    Staff,
    Suspension,
    Window,
    shared_now,
)

# What each kind of event says happened (past tense: a history, not a menu).
EVENT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "draft_started": N_("Draft started"),
        "applicant_updated": N_("Applicant details entered"),
        "material_marked": N_("Material checked"),
        "materials_marked": N_("Materials checked"),
        "submit": N_("Papers received"),
        "issue_notice": N_("One-time notice issued"),
        "supplement_marked": N_("Supplied materials checked"),
        "supplement_checked": N_("Supplement still incomplete"),
        "supplement": N_("Accepted after the supplement"),
        "accept": N_("Accepted"),
        "deem_accepted": N_("Deemed accepted (Art. 32(4))"),
        "acceptance_notice": N_("Acceptance notice issued"),
        "refusal_proposed": N_("Refusal proposed"),
        "refusal_rejected": N_("Refusal sent back by the chief representative"),
        "refusal_cancelled": N_("Refusal withdrawn by the clerk"),
        "refuse": N_("Refused to accept"),
        "complete_on_spot": N_("Completed on the spot"),
        "forward_review": N_("Forwarded for review"),
        "record_review": N_("Review result recorded"),
        "request_approval": N_("Sent for approval"),
        "approve": N_("Approved"),
        "deny": N_("Denied"),
        "suspend": N_("Suspended"),
        "resume": N_("Resumed"),
        "complete": N_("Completed"),
        "delivered": N_("Decision delivered"),
        "withdraw": N_("Withdrawn"),
        "rated": N_("Rated"),
        "extension_requested": N_("Extension requested"),
        "extension_approved": N_("Extension approved"),
        "extension_rejected": N_("Extension not approved"),
        "follow_up_closed": N_("Poor rating followed up"),
        # The applicant's ratings on the window's pad (docs/rules.md §11).
        "service_rated": N_("Service rated on the pad"),
        "follow_up_opened": N_("Poor rating: follow-up opened"),
        "follow_up_contacted": N_("Applicant contacted about the poor rating"),
        "rating_appealed": N_("Poor rating appealed"),
        "appeal_decided": N_("Appeal decided"),
        "handover_confirmed": N_("Taken over at a handover"),
        # The 一号窗口 (docs/rules.md §20).
        "referral_made": N_("Referred to the 一号窗口"),
        "referral_taken": N_("Taken at the 一号窗口"),
        "referral_sent_back": N_("Sent back by the 一号窗口"),
        "referral_decided": N_("一号窗口 referral closed by the decision"),
        # Key projects (docs/rules.md §23).
        "key_project_linked": N_("Linked to a key project"),
        "key_project_unlinked": N_("Taken off a key project"),
        # Supervision orders (督办, docs/rules.md §22).
        "supervision_issued": N_("Supervision order issued"),
        "supervision_replied": N_("Supervision order answered"),
        "supervision_closed": N_("Supervision order closed"),
        # The ticket the applicant came with (排队叫号, docs/rules.md §24).
        "ticket_linked": N_("Linked to the visitor's ticket"),
    }
)

# Keys of an event's data that hold staff ids: shown by the staff member's name.
_STAFF_KEYS = ("reviewer", "proposed_by", "signed_by", "owner")
APPLICANT_UPDATED = "applicant_updated"


@dataclass(frozen=True)
class MaterialMention:
    """A material an event names, with the status it got (when the event says so)."""

    name: str
    status: str = ""
    reason: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime  # in the centre's time zone
    staff: str  # who did it; "" when nobody signed in did (the applicant's rating)
    kind: str  # an EVENT_LABELS key, or a kind written after this was
    data: Mapping[str, Any]  # the event's data; material ids and staff ids resolved


@dataclass(frozen=True)
class SuspensionView:
    ground: str  # domain/legal.py::SuspensionGround; '' for one recorded before grounds
    reason: str  # the special procedure's name, or the details of Art. 45's
    started_on: date
    expected_days: int
    ended_on: date | None
    staff: str


@dataclass(frozen=True)
class ExtensionView:
    days: int
    reason: str
    requested_by: str
    requested_at: datetime  # local
    approved: bool | None  # None while the chief representative has not decided
    approved_by: str
    decided_at: datetime | None  # local


@dataclass(frozen=True)
class DecisionView:
    """The decision's date, its licence or result number, and its delivery (送达):
    ``delivered_on`` None until recorded, ``delivery_due`` Art. 44's last day, ``late``
    when it was delivered after that day or still is not and the day has passed."""

    decided_on: date
    result_number: str
    delivered_on: date | None
    delivery_due: date
    late: bool


@dataclass(frozen=True)
class RatingView:
    level: int  # 1 非常满意 … 5 非常不满意
    comment: str
    rated_at: datetime  # local
    follow_up_note: str
    follow_up_closed_by: str
    follow_up_closed_at: datetime | None  # local


@dataclass(frozen=True)
class CaseDetail:
    number: str
    state: CaseState
    item_code: str
    item_name: str
    item_version: int
    department: str
    applicant_kind: str
    applicant_name: str
    applicant_id: str  # masked
    agent_name: str
    agent_id: str  # masked
    owner: str
    window_number: int | None
    received_on: date | None
    accepted_on: date | None
    completed_on: date | None
    decision: DecisionView | None  # once decided (Art. 38)
    deadline: CaseClocks | None  # None while the clock has not started
    # The materials review against the item's promise in hours (docs/rules.md §19): None
    # without a promise; running while the case is received, then kept or late.
    review: ReviewClock | None
    special_steps: tuple[SpecialStep, ...]  # the item's 特殊环节, grounds to suspend on
    suspensions: tuple[SuspensionView, ...]
    extension: ExtensionView | None
    rating: RatingView | None
    checklist: tuple[ChecklistLine, ...]
    documents: tuple[IssuedDocument, ...]
    timeline: tuple[TimelineEntry, ...]
    commands: frozenset[CaseCommand]  # what can be done to it now
    bundle_case: str | None = None  # the number of the bundle case it is an item of
    key_project: str | None = None  # the name of the key project it serves (rules.md §23)
    # The reader's window's rating pad waits for the applicant (docs/rules.md §11): the
    # clerk sees that it waits, never what is chosen.
    pad_waiting: bool = False

    @property
    def suspended(self) -> SuspensionView | None:
        """The suspension running now, if any."""
        return next((s for s in self.suspensions if s.ended_on is None), None)


def _local(at: datetime | None) -> datetime | None:
    return None if at is None else to_local(at)


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {staff.id: staff.name for staff in Staff.select().where(Staff.id.in_(sorted(ids)))}


def _timeline(case_id: int) -> tuple[TimelineEntry, ...]:
    """The case's events in the order written, ids in their data resolved to names in one
    query for staff and one for materials."""
    events = list(
        Event.select(Event, Staff)
        .join(Staff, join_type=JOIN.LEFT_OUTER, on=(Event.staff == Staff.id))
        .where(Event.case == case_id)
        .order_by(Event.id)
    )
    datas = [json.loads(event.data) for event in events]
    staff_ids: set[int] = set()
    material_ids: set[int] = set()
    for data in datas:
        staff_ids.update(data[k] for k in _STAFF_KEYS if isinstance(data.get(k), int))
        for mention in data.get("materials") or ():
            material = mention.get("material") if isinstance(mention, dict) else mention
            if isinstance(material, int):
                material_ids.add(material)
    staff_names = _names(staff_ids)
    material_names = (
        {m.id: m.name for m in Material.select().where(Material.id.in_(sorted(material_ids)))}
        if material_ids
        else {}
    )

    def resolved(data: dict[str, Any]) -> Mapping[str, Any]:
        for key in _STAFF_KEYS:
            if isinstance(data.get(key), int):
                data[key] = staff_names.get(data[key], str(data[key]))
        if isinstance(data.get("materials"), list):
            mentions = []
            for mention in data["materials"]:
                if isinstance(mention, dict):
                    material = mention.get("material")
                    mentions.append(
                        MaterialMention(
                            name=material_names.get(material, str(material)),
                            status=str(mention.get("status", "")),
                            reason=str(mention.get("reason", "")),
                        )
                    )
                else:
                    mentions.append(MaterialMention(material_names.get(mention, str(mention))))
            data["materials"] = tuple(mentions)
        return MappingProxyType(data)

    return _collapse_edits(
        TimelineEntry(
            at=to_local(event.at),
            staff=event.staff.name if event.staff_id is not None else "",
            kind=event.kind,
            data=resolved(data),
        )
        for event, data in zip(events, datas, strict=True)
    )


def _collapse_edits(entries: Iterable[TimelineEntry]) -> tuple[TimelineEntry, ...]:
    """One line for a run of applicant edits by one person (the form saves as the clerk
    types: five to eight a case), at the last one's time, with how many and which fields
    (issue 21 item 4)."""
    kept: list[TimelineEntry] = []
    for entry in entries:
        last = kept[-1] if kept else None
        if (
            entry.kind == APPLICANT_UPDATED
            and last is not None
            and last.kind == APPLICANT_UPDATED
            and last.staff == entry.staff
        ):
            fields = dict.fromkeys([*last.data.get("fields", ()), *entry.data.get("fields", ())])
            edits = int(last.data.get("edits", 1)) + 1
            data = {**entry.data, "fields": list(fields), "edits": edits}
            kept[-1] = replace(entry, data=MappingProxyType(data))
        else:
            kept.append(entry)
    return tuple(kept)


def _suspensions(case_id: int) -> tuple[SuspensionView, ...]:
    rows = (
        Suspension.select(Suspension, Staff)
        .join(Staff)
        .where(Suspension.case == case_id)
        .order_by(Suspension.started_on, Suspension.id)
    )
    return tuple(
        SuspensionView(
            ground=row.ground,
            reason=row.reason,
            started_on=row.started_on,
            expected_days=row.expected_days,
            ended_on=row.ended_on,
            staff=row.staff.name,
        )
        for row in rows
    )


def _decision(case: Case, calendar: WorkCalendar, today: date) -> DecisionView | None:
    if case.decided_on is None:
        return None
    due = delivery_deadline(calendar, case.decided_on)
    return DecisionView(
        decided_on=case.decided_on,
        result_number=case.result_number,
        delivered_on=case.delivered_on,
        delivery_due=due,
        late=(case.delivered_on or today) > due,
    )


def _extension(case_id: int) -> ExtensionView | None:
    row = Extension.get_or_none(Extension.case == case_id)
    if row is None:
        return None
    names = _names({row.requested_by_id, *([row.approved_by_id] if row.approved_by_id else [])})
    return ExtensionView(
        days=row.days,
        reason=row.reason,
        requested_by=names.get(row.requested_by_id, ""),
        requested_at=to_local(row.requested_at),
        approved=row.approved,
        approved_by=names.get(row.approved_by_id, "") if row.approved_by_id else "",
        decided_at=_local(row.decided_at),
    )


def _rating(case_id: int) -> RatingView | None:
    """The case's final rating (一事一评, docs/rules.md §11) and its follow-up, if any."""
    row = Rating.get_or_none(Rating.case == case_id)
    if row is None:
        return None
    request = RatingRequest.get_by_id(row.request_id)
    follow_up = RatingFollowUp.get_or_none(RatingFollowUp.request == request.id)
    closed_by_id = follow_up.closed_by_id if follow_up else None
    closed_by = _names({closed_by_id} if closed_by_id else set())
    return RatingView(
        level=row.level,
        comment=request.text,
        rated_at=to_local(row.rated_at),
        follow_up_note=follow_up.note if follow_up else "",
        follow_up_closed_by=closed_by.get(closed_by_id, "") if closed_by_id else "",
        follow_up_closed_at=_local(follow_up.closed_at) if follow_up else None,
    )


def _follow_up_open(case_id: int) -> bool:
    """Whether a 差评 of one of the case's services is still being followed up."""
    return (
        RatingFollowUp.select(RatingFollowUp.id)
        .join(RatingRequest)
        .where((RatingRequest.case == case_id) & RatingFollowUp.closed_at.is_null())
        .exists()
    )


def clock_day(case: Case, today: date) -> date:
    """The day the light is read for: today for an open case; for a closed one, the day it
    closed (its light says whether the limit was kept, not how long ago it ran out)."""
    if CaseState(case.state) in OPEN_STATES:
        return today
    return case.completed_on or to_local(case.updated_at).date()


def case_detail(
    session: StaffSession, case_number: str, today: date, now: datetime | None = None
) -> CaseDetail:
    """Everything the case detail screen shows of one case, as of ``today`` (the time
    limit's light and remaining days) and ``now`` (naive UTC, default the shared clock:
    the review's hours). Staff of its department, or an administrator."""
    case = get_case(case_number)
    check_reader(session, case)
    detail = _detail(case, today, now)
    if waiting_at_window(session.window_id, now or shared_now()):
        detail = replace(detail, pad_waiting=True)
    return detail


def any_case_detail(case_number: str, today: date) -> CaseDetail:
    """``case_detail`` for the command line, which reads with the authority of whoever
    can open the database, as an administrator does."""
    return _detail(get_case(case_number), today, None)


def _detail(case: Case, today: date, now: datetime | None) -> CaseDetail:
    item = case.item
    window = Window.get_or_none(Window.id == case.window_id) if case.window_id else None
    extension, rating = _extension(case.id), _rating(case.id)
    calendar = load_calendar()
    commands = possible_commands(
        CaseState(case.state),
        window_decides=item.window_decides,
        extension_asked=extension is not None,
        extendable=item.extendable,
        delivered=case.delivered_on is not None,
        follow_up_open=_follow_up_open(case.id),
        referred=open_referral(case.id) is not None,
        in_bundle=case.bundle_case_id is not None,
    )
    return CaseDetail(
        number=case.number,
        state=CaseState(case.state),
        item_code=item.code,
        item_name=item.name,
        item_version=item.version,
        department=case.department.name,
        applicant_kind=case.applicant_kind,
        applicant_name=case.applicant_name,
        applicant_id=shown_id(case.applicant_id_type, case.applicant_id_number),
        agent_name=case.agent_name,
        agent_id=mask_id(case.agent_id_number),
        owner=case.owner.name,
        window_number=window.number if window else None,
        received_on=case.received_on,
        accepted_on=case.accepted_on,
        completed_on=case.completed_on,
        decision=_decision(case, calendar, today),
        deadline=case_deadline(calendar, case, clock_day(case, today)),
        review=case_review(case, now),
        special_steps=special_steps(case.item.special_steps),
        suspensions=_suspensions(case.id),
        extension=extension,
        rating=rating,
        checklist=tuple(checklist_lines(case)),
        documents=tuple(issued_documents(case)),
        timeline=_timeline(case.id),
        commands=commands,
        bundle_case=case.bundle_case.number if case.bundle_case_id is not None else None,
        key_project=case.key_project.name if case.key_project_id is not None else None,
    )


def _plain(value: Any) -> Any:
    """``value`` in JSON's types: dataclasses and mappings as objects, dates as ISO text,
    enums by value, sets sorted."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(_plain(item) for item in value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return value


def case_json(detail: CaseDetail) -> dict[str, Any]:
    """The case as ``counter-tui case show --json`` prints it: every field of the detail,
    documents with what they printed, and the two due dates at the top (issue 19)."""
    clocks = detail.deadline
    promised = clocks.promised if clocks else None  # None too where nothing is promised
    return {
        **_plain(detail),
        "promised_due": promised.due.date.isoformat() if promised else None,
        "legal_due": clocks.legal.due.date.isoformat() if clocks else None,
    }

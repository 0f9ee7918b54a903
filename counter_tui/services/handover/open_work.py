"""Open work (docs/rules.md §13, AB角): what a clerk owns that is not finished, as the handover
screen and the handover sheet list it — drafts, cases received and undecided, cases
awaiting their supplement, cases whose clock runs, decisions and requests waiting for the
chief representative, and finished cases whose 差评 follow-up is still open; at a
comprehensive window also the bundle cases whose results are not handed over yet
(docs/rules.md §21: the clerk follows them until 统一出件) and those with a step's 差评
still followed up (§21.1, ``BundleCaseView.follow_up``), as a case's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from counter_tui.domain.checklist import notice_period_end
from counter_tui.domain.errors import N_
from counter_tui.domain.identifiers import mask_id
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.domain.ratings import RatingLevel
from counter_tui.services.bundles.progress import BundleCaseView, followed_bundle_cases
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.change import locked
from counter_tui.services.cases.deadlines import case_deadline
from counter_tui.services.cases.documents import notice_body
from counter_tui.services.cases.follow_ups import follow_up_open
from counter_tui.services.intake.refusals import pending_refusal
from counter_tui.services.tracking.approvals import ApprovalKind
from counter_tui.services.tracking.extensions import EXTENDABLE
from counter_tui.store.models import Case, Extension, Item, RatingFollowUp, RatingRequest, Staff

_OPEN = [state.value for state in OPEN_STATES]


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
    """Everything open of one clerk: the cases, and the bundle cases they follow."""

    staff_code: str
    staff_name: str
    lines: tuple[WorkLine, ...]
    bundles: tuple[BundleCaseView, ...] = ()

    def groups(self) -> list[tuple[WorkKind, list[WorkLine]]]:
        """The non-empty groups, in WorkKind order."""
        found = [(kind, [line for line in self.lines if line.kind is kind]) for kind in WorkKind]
        return [(kind, lines) for kind, lines in found if lines]

    def count(self, kind: WorkKind) -> int:
        return sum(1 for line in self.lines if line.kind is kind)

    @property
    def numbers(self) -> list[str]:
        return [line.case_number for line in self.lines]


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
        body = notice_body(case)
        if body is not None:
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


def work_line(
    case: Case, today: date, calendar: Any, rating: RatingRequest | None = None
) -> WorkLine:
    """The case as a piece of open work (``rating``: a service of it rated 差评 whose
    follow-up is open)."""
    state = CaseState(case.state)
    waiting, remark = _waiting(case) if state in OPEN_STATES else (None, "")
    if rating is not None:
        kind = WorkKind.FOLLOW_UP
        remark = rating.text
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


def follow_up_ratings(owner: Staff | int) -> dict[int, RatingRequest]:
    """The 差评 of the cases ``owner`` owns whose follow-up is open, by case id (the
    oldest of a case's)."""
    rows = (
        RatingRequest.select(RatingRequest)
        .join(RatingFollowUp, on=(RatingFollowUp.request == RatingRequest.id))
        .switch(RatingRequest)
        .join(Case, on=(RatingRequest.case == Case.id))
        .where(follow_up_open() & (Case.owner == owner))
        .order_by(RatingRequest.id.desc())
    )
    return {request.case_id: request for request in rows}


def work_cases(owner: Staff, lock: bool = False) -> tuple[list[Case], dict[int, RatingRequest]]:
    """The cases that are open work of ``owner``, and the open follow-ups among them."""
    ratings = follow_up_ratings(owner)
    query = (
        Case.select(Case, Item)
        .join(Item)
        .where((Case.owner == owner) & (Case.state.in_(_OPEN) | Case.id.in_(list(ratings))))
        .order_by(Case.id)
    )
    return list(locked(query) if lock else query), ratings


def urgency(line: WorkLine) -> tuple[int, date, str]:
    rank = {"red": 0, "yellow": 1, "green": 2}.get(line.light or "", 3)
    return (rank, line.due or date.max, line.case_number)


def open_work_of(owner: Staff, today: date) -> OpenWork:
    calendar = load_calendar()
    cases, ratings = work_cases(owner)
    lines = sorted(
        (work_line(case, today, calendar, ratings.get(case.id)) for case in cases),
        key=urgency,
    )
    bundles = tuple(followed_bundle_cases(owner, today, follow_ups=True))
    return OpenWork(owner.code, owner.name, tuple(lines), bundles)

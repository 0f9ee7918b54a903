"""A case's referral to its department's 一号窗口 (docs/rules.md §20), as every change of
the case sees it: the referral still open, and its closing when the case is decided —
by whoever decides it, through the usual decision — so that no referral waits on a
finished case. Runs inside the caller's write transaction."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.store.events import append_event
from counter_tui.store.models import Case, Referral, Staff


class ReferralState(StrEnum):
    WAITING = "waiting"  # for the chief representative or a deputy to take it
    TAKEN = "taken"
    CLOSED = "closed"


class Outcome(StrEnum):
    DECIDED = "decided"  # the case was decided (the decision's event kind is kept)
    ANSWERED = "answered"  # the consultation was answered
    SENT_BACK = "sent_back"  # to the clerk, with a note


OPEN_REFERRAL = (ReferralState.WAITING.value, ReferralState.TAKEN.value)


def open_referral(case_id: int) -> Referral | None:
    """The case's referral waiting for or taken at the 一号窗口, if any."""
    return (
        Referral.select()
        .where((Referral.case == case_id) & Referral.state.in_(OPEN_REFERRAL))
        .first()
    )


def settle_referral(case: Case, staff: Staff | None, kind: str, at: datetime) -> None:
    """The case has just been finished by the event ``kind``: its open referral closes as
    decided, with an event that says so. A decision by an approver is made under the
    department's written delegation (授权审批), which the event names."""
    if CaseState(case.state) in OPEN_STATES:
        return
    referral = open_referral(case.id)
    if referral is None:
        return
    referral.state, referral.outcome, referral.decision = (
        ReferralState.CLOSED.value,
        Outcome.DECIDED.value,
        kind,
    )
    referral.closed_by, referral.closed_at = staff, at
    referral.save()
    data: dict[str, object] = {"referral": referral.id, "decision": kind}
    if staff is not None and staff.role in APPROVER_ROLES:
        data["delegation"] = case.department.delegation
    append_event("referral_decided", case=case, staff=staff, data=data, at=at)

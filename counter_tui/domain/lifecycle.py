"""The states of a case (办件) and the actions that move it, as one table."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from counter_tui.domain.errors import N_, Label, TransitionError


class CaseState(StrEnum):
    DRAFT = "draft"
    RECEIVED = "received"  # 收件: papers taken, decision at the window pending
    AWAITING_SUPPLEMENT = "awaiting_supplement"  # one-time notice (一次性告知) issued
    ACCEPTED = "accepted"  # 受理: the legal clock runs
    IN_REVIEW = "in_review"  # forwarded to the department's back office
    AWAITING_APPROVAL = "awaiting_approval"  # 一审一核: waiting for the chief representative
    SUSPENDED = "suspended"  # Art. 45: hearing, testing, expert review... clock stopped
    COMPLETED = "completed"
    REFUSED = "refused"  # 不予受理
    DENIED = "denied"  # 决定不予许可
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    SUBMIT = "submit"
    ISSUE_NOTICE = "issue_notice"
    ACCEPT = "accept"
    DEEM_ACCEPTED = "deem_accepted"
    SUPPLEMENT = "supplement"
    REFUSE = "refuse"
    COMPLETE_ON_SPOT = "complete_on_spot"
    FORWARD_REVIEW = "forward_review"
    RECORD_REVIEW = "record_review"
    REQUEST_APPROVAL = "request_approval"
    APPROVE = "approve"
    DENY = "deny"
    SUSPEND = "suspend"
    RESUME = "resume"
    COMPLETE = "complete"
    WITHDRAW = "withdraw"


_S, _A = CaseState, Action

_TABLE: dict[tuple[CaseState, Action], CaseState] = {
    (_S.DRAFT, _A.SUBMIT): _S.RECEIVED,
    (_S.RECEIVED, _A.ISSUE_NOTICE): _S.AWAITING_SUPPLEMENT,
    (_S.RECEIVED, _A.ACCEPT): _S.ACCEPTED,
    # Art. 32(4): no notice within 5 working days of receipt means accepted.
    (_S.RECEIVED, _A.DEEM_ACCEPTED): _S.ACCEPTED,
    (_S.RECEIVED, _A.REFUSE): _S.REFUSED,
    (_S.RECEIVED, _A.COMPLETE_ON_SPOT): _S.COMPLETED,
    # 即办 of an item the window decides under 一审一核.
    (_S.RECEIVED, _A.REQUEST_APPROVAL): _S.AWAITING_APPROVAL,
    # Rule 5: supplied materials mean accepted that day. Not "deemed": a notice was issued.
    (_S.AWAITING_SUPPLEMENT, _A.SUPPLEMENT): _S.ACCEPTED,
    (_S.AWAITING_SUPPLEMENT, _A.REFUSE): _S.REFUSED,
    (_S.ACCEPTED, _A.FORWARD_REVIEW): _S.IN_REVIEW,
    (_S.ACCEPTED, _A.REQUEST_APPROVAL): _S.AWAITING_APPROVAL,
    (_S.ACCEPTED, _A.SUSPEND): _S.SUSPENDED,
    (_S.ACCEPTED, _A.COMPLETE): _S.COMPLETED,
    # The department's decision not to license, recorded at the window.
    (_S.ACCEPTED, _A.DENY): _S.DENIED,
    (_S.IN_REVIEW, _A.RECORD_REVIEW): _S.ACCEPTED,
    (_S.IN_REVIEW, _A.SUSPEND): _S.SUSPENDED,
    (_S.AWAITING_APPROVAL, _A.APPROVE): _S.COMPLETED,
    (_S.AWAITING_APPROVAL, _A.DENY): _S.DENIED,
    (_S.SUSPENDED, _A.RESUME): _S.ACCEPTED,
    # An applicant may withdraw an open case at any point before the decision.
    (_S.DRAFT, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.RECEIVED, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.AWAITING_SUPPLEMENT, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.ACCEPTED, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.IN_REVIEW, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.AWAITING_APPROVAL, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.SUSPENDED, _A.WITHDRAW): _S.WITHDRAWN,
}

TRANSITIONS: Mapping[tuple[CaseState, Action], CaseState] = MappingProxyType(_TABLE)

OPEN_STATES: frozenset[CaseState] = frozenset(CaseState) - {
    CaseState.COMPLETED,
    CaseState.REFUSED,
    CaseState.DENIED,
    CaseState.WITHDRAWN,
}

STATE_LABELS: Mapping[CaseState, str] = MappingProxyType(
    {
        CaseState.DRAFT: N_("draft"),
        CaseState.RECEIVED: N_("received"),
        CaseState.AWAITING_SUPPLEMENT: N_("awaiting supplement"),
        CaseState.ACCEPTED: N_("accepted"),
        CaseState.IN_REVIEW: N_("in review"),
        CaseState.AWAITING_APPROVAL: N_("awaiting approval"),
        CaseState.SUSPENDED: N_("suspended"),
        CaseState.COMPLETED: N_("completed"),
        CaseState.REFUSED: N_("refused"),
        CaseState.DENIED: N_("denied"),
        CaseState.WITHDRAWN: N_("withdrawn"),
    }
)

# What a person asks for: menu entries, and the {action} of a forbidden transition.
ACTION_COMMANDS: Mapping[Action, str] = MappingProxyType(
    {
        Action.SUBMIT: N_("Submit"),
        Action.ISSUE_NOTICE: N_("Issue one-time notice"),
        Action.ACCEPT: N_("Accept"),
        Action.DEEM_ACCEPTED: N_("Deem accepted"),
        Action.SUPPLEMENT: N_("Record supplement"),
        Action.REFUSE: N_("Refuse to accept"),
        Action.COMPLETE_ON_SPOT: N_("Complete on the spot"),
        Action.FORWARD_REVIEW: N_("Forward for review"),
        Action.RECORD_REVIEW: N_("Record review result"),
        Action.REQUEST_APPROVAL: N_("Request approval"),
        Action.APPROVE: N_("Approve"),
        Action.DENY: N_("Deny"),
        Action.SUSPEND: N_("Suspend"),
        Action.RESUME: N_("Resume"),
        Action.COMPLETE: N_("Complete"),
        Action.WITHDRAW: N_("Withdraw"),
    }
)


def next_state(state: CaseState, action: Action) -> CaseState:
    """The state after ``action``, or TransitionError when the table does not allow it."""
    state, action = CaseState(state), Action(action)
    try:
        return TRANSITIONS[state, action]
    except KeyError:
        raise TransitionError(
            "lifecycle.forbidden",
            N_("{action} is not possible for a case that is {state}"),
            state=Label(STATE_LABELS[state]),
            action=Label(ACTION_COMMANDS[action]),
        ) from None


def allowed_actions(state: CaseState) -> list[Action]:
    """The actions the table allows from ``state``, in declaration order."""
    state = CaseState(state)
    return [action for action in Action if (state, action) in TRANSITIONS]

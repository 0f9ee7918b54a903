"""What can be done to a case after intake, as the case detail offers it: the lifecycle
table's actions, narrowed by the rules of docs/rules.md §8, §10 and §11."""

from __future__ import annotations

from enum import StrEnum

from counter_tui.domain.lifecycle import OPEN_STATES, Action, CaseState, allowed_actions

# While the clock runs or stands still; not once the decision is with the chief.
EXTENDABLE = frozenset({CaseState.ACCEPTED, CaseState.IN_REVIEW, CaseState.SUSPENDED})
# A decision is delivered (送达, Art. 44); a refusal to accept is handed over at once.
DELIVERABLE = frozenset({CaseState.COMPLETED, CaseState.DENIED})
# A case goes to the 一号窗口 once received and until it is decided.
REFERABLE = frozenset(OPEN_STATES - {CaseState.DRAFT})


class CaseCommand(StrEnum):
    FORWARD = "forward"
    RECORD_REVIEW = "record_review"
    REQUEST_APPROVAL = "request_approval"
    COMPLETE = "complete"
    DENY = "deny"
    SUSPEND = "suspend"
    RESUME = "resume"
    EXTEND = "extend"
    WITHDRAW = "withdraw"
    FOLLOW_UP = "follow_up"
    DELIVER = "deliver"
    REFER = "refer"  # 转一号窗口 (docs/rules.md §20)


_BY_ACTION = {
    Action.FORWARD_REVIEW: CaseCommand.FORWARD,
    Action.RECORD_REVIEW: CaseCommand.RECORD_REVIEW,
    Action.SUSPEND: CaseCommand.SUSPEND,
    Action.RESUME: CaseCommand.RESUME,
    Action.WITHDRAW: CaseCommand.WITHDRAW,
}


def possible_commands(
    state: CaseState,
    *,
    window_decides: bool,
    extension_asked: bool,
    follow_up_open: bool = False,
    extendable: bool = True,
    delivered: bool = True,
    referred: bool = False,
    in_bundle: bool = False,
) -> frozenset[CaseCommand]:
    """The commands the rules allow now. Under 一审一核 an accepted case goes to the
    chief representative; otherwise the window records the back office's decision. One
    extension per case, where the item allows it (Art. 42: not where its own law sets
    the limit); a decision's delivery is recorded once; a 差评 given on the pad is
    followed up until closed (the clerk never rates: docs/rules.md §11); a case is with
    the 一号窗口 once at a time (``referred``); a bundle's case is delivered with the
    bundle, not alone (``in_bundle``)."""
    state = CaseState(state)
    allowed = set(allowed_actions(state))
    commands = {command for action, command in _BY_ACTION.items() if action in allowed}
    if state is CaseState.DRAFT:
        commands.discard(CaseCommand.WITHDRAW)  # a draft is discarded, not withdrawn
    if state is CaseState.ACCEPTED:
        if window_decides:
            commands.add(CaseCommand.REQUEST_APPROVAL)
        else:
            commands |= {CaseCommand.COMPLETE, CaseCommand.DENY}
    if state in EXTENDABLE and extendable and not extension_asked:
        commands.add(CaseCommand.EXTEND)
    if state in DELIVERABLE and not delivered and not in_bundle:
        commands.add(CaseCommand.DELIVER)
    if follow_up_open:
        commands.add(CaseCommand.FOLLOW_UP)
    if state in REFERABLE and not referred:
        commands.add(CaseCommand.REFER)
    return frozenset(commands)

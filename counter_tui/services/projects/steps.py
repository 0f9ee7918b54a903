"""What a case waits for next, by its state (a key project's board and progress table):
the papers, acceptance, the supplement, a decision, the department's review, the chief's
approval, the end of a special procedure, the delivery of the decision."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import CaseState


class NextStep(StrEnum):
    RECEIPT = "receipt"  # 收件: a draft's papers
    ACCEPTANCE = "acceptance"  # 受理 (or the one-time notice, or a refusal)
    SUPPLEMENT = "supplement"  # 补正
    DECISION = "decision"  # the decision on an accepted case (or its review, an approval)
    REVIEW = "review"  # the department's back office
    APPROVAL = "approval"  # 一审一核: the chief representative or a deputy
    SPECIAL_PROCEDURE = "special_procedure"  # suspended (Art. 45, the item's own steps)
    DELIVERY = "delivery"  # 送达 of the decision (Art. 44)
    BUNDLE_DELIVERY = "bundle_delivery"  # 统一出件: with its bundle's other results (§21)


_S = CaseState
NEXT_STEPS: Mapping[CaseState, NextStep] = MappingProxyType(
    {
        _S.DRAFT: NextStep.RECEIPT,
        _S.RECEIVED: NextStep.ACCEPTANCE,
        _S.AWAITING_SUPPLEMENT: NextStep.SUPPLEMENT,
        _S.ACCEPTED: NextStep.DECISION,
        _S.IN_REVIEW: NextStep.REVIEW,
        _S.AWAITING_APPROVAL: NextStep.APPROVAL,
        _S.SUSPENDED: NextStep.SPECIAL_PROCEDURE,
        _S.COMPLETED: NextStep.DELIVERY,
        _S.DENIED: NextStep.DELIVERY,
    }
)
NEXT_STEP_LABELS: Mapping[NextStep, str] = MappingProxyType(
    {
        NextStep.RECEIPT: N_("Receiving the papers"),
        NextStep.ACCEPTANCE: N_("Acceptance"),
        NextStep.SUPPLEMENT: N_("Supplement"),
        NextStep.DECISION: N_("Decision"),
        NextStep.REVIEW: N_("Review by the department"),
        NextStep.APPROVAL: N_("Approval"),
        NextStep.SPECIAL_PROCEDURE: N_("Special procedure"),
        NextStep.DELIVERY: N_("Delivery of the decision"),
        NextStep.BUNDLE_DELIVERY: N_("Handed over with the bundle (统一出件)"),
    }
)


def next_step(state: CaseState, delivered: bool, in_bundle: bool = False) -> NextStep | None:
    """What the case waits for; None when nothing does (refused, withdrawn, or decided
    and delivered). A bundle's case is delivered with the bundle's other results."""
    step = NEXT_STEPS.get(CaseState(state))
    if step is NextStep.DELIVERY:
        if delivered:
            return None
        return NextStep.BUNDLE_DELIVERY if in_bundle else step
    return step

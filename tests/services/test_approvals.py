"""The chief representative's approvals (F7): every kind that waits for them, in one list,
and each approval or rejection carried out by the service that owns its rule."""

from datetime import date

import pytest
from case_checks import assert_refused, case_of

from counter_tui.domain.checklist import RefusalKind
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.errors import PermissionDenied
from counter_tui.services.intake import decisions, refusals
from counter_tui.services.tracking import approvals, extensions, progress
from counter_tui.services.tracking.approvals import ApprovalKind
from counter_tui.store.models import Department, Extension

pytestmark = pytest.mark.both_engines


FRIDAY = date(2026, 11, 27)


@pytest.fixture
def waiting(received, sign, on) -> dict[ApprovalKind, str]:
    """One case of each kind waiting for the environment department's chief."""
    clerk = sign("hb01")
    decision = received("HB-006", clerk="hb01")
    decisions.accept(clerk, decision, at=on(FRIDAY, 10))
    progress.request_approval(clerk, decision, "材料齐全，建议准予", at=on(FRIDAY, 11))
    extension = received("HB-006", clerk="hb01")  # 20 working days, extendable (Art. 42)
    decisions.accept(clerk, extension, at=on(FRIDAY, 10))
    extensions.request_extension(clerk, extension, 4, "需现场核查", at=on(FRIDAY, 12))
    Department.update(chief_signs_refusals=True).where(Department.code == "HB").execute()
    refusal = received("HB-005", clerk="hb01")
    refusals.refuse(
        clerk, refusal, RefusalKind.NOT_REQUIRED, details="属于备案事项", at=on(FRIDAY, 13)
    )
    return {
        ApprovalKind.DECISION: decision,
        ApprovalKind.EXTENSION: extension,
        ApprovalKind.REFUSAL: refusal,
    }


def test_everything_waiting_is_listed_oldest_first(demo_db: str, waiting, sign) -> None:
    mine = [
        w for w in approvals.waiting_approvals(sign("hbchief"), FRIDAY)
        if w.case_number in waiting.values()
    ]  # fmt: skip
    assert [(w.kind, w.case_number) for w in mine] == list(waiting.items())
    decision, extension, refusal = mine
    assert (decision.asked_by, decision.request) == ("孙静", "材料齐全，建议准予")
    assert (extension.days, extension.request) == (4, "需现场核查")
    assert refusal.request == "属于备案事项"
    # Other departments' chiefs do not see them; a clerk has no approvals at all.
    others = approvals.waiting_approvals(sign("gachief"), FRIDAY)
    assert not {w.case_number for w in others} & set(waiting.values())
    with pytest.raises(PermissionDenied):
        approvals.waiting_approvals(sign("hb01"), FRIDAY)


def test_approving_each_kind(demo_db: str, waiting, sign) -> None:
    chief = sign("hbchief")
    granted = approvals.approve(chief, ApprovalKind.DECISION, waiting[ApprovalKind.DECISION])
    assert granted is not None and granted.kind in (DocumentKind.GRANT, DocumentKind.RESULT_NOTICE)
    assert case_of(waiting[ApprovalKind.DECISION]).state == "completed"
    notice = approvals.approve(chief, "extension", waiting[ApprovalKind.EXTENSION])
    assert notice is not None and notice.kind is DocumentKind.EXTENSION_NOTICE
    decision = approvals.approve(chief, ApprovalKind.REFUSAL, waiting[ApprovalKind.REFUSAL])
    assert decision is not None and decision.kind is DocumentKind.REFUSAL
    assert case_of(waiting[ApprovalKind.REFUSAL]).state == "refused"
    left = {w.case_number for w in approvals.waiting_approvals(chief, FRIDAY)}
    assert not left & set(waiting.values())


def test_rejecting_each_kind_needs_a_reason(demo_db: str, waiting, sign) -> None:
    chief = sign("hbchief")
    rules = {
        ApprovalKind.DECISION: "approval.reason",
        ApprovalKind.EXTENSION: "extension.reject_reason",
        ApprovalKind.REFUSAL: "refusal.return_reason",
    }
    for kind, number in waiting.items():
        assert_refused(
            lambda k=kind, n=number: approvals.reject(chief, k, n, " "), number, rules[kind]
        )
        approvals.reject(chief, kind, number, "理由")
    assert case_of(waiting[ApprovalKind.DECISION]).state == "denied"
    assert (
        Extension.get(Extension.case == case_of(waiting[ApprovalKind.EXTENSION])).approved is False
    )
    # A returned refusal leaves the case where it was, with the clerk.
    assert case_of(waiting[ApprovalKind.REFUSAL]).state == "received"
    left = {w.case_number for w in approvals.waiting_approvals(chief, FRIDAY)}
    assert not left & set(waiting.values())

"""What a decision would issue, shown before it is taken (issue 21 item 22): the service
rehearsed in a transaction rolled back — its documents, no number, nothing written."""

import pytest
from case_checks import written

from counter_tui.domain.errors import DomainError
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.cases.preview import preview
from counter_tui.services.intake import decisions

pytestmark = pytest.mark.both_engines


def test_a_preview_shows_the_documents_and_writes_nothing(
    demo_db: str, sign, checked, on, demo_today
) -> None:
    number = checked("GA-010", "ga03")
    clerk = sign("ga03")
    before = written()
    at = on(demo_today)
    shown = preview(clerk, decisions.receive_and_decide, number, decisions.accept, at=at)
    assert written() == before
    receipt, notice = shown.result
    assert [d.kind for d in shown.documents] == [
        DocumentKind.ACCEPTANCE_NOTICE,
        DocumentKind.RECEIPT,
    ]
    assert all(d.number == "" and d.body["number"] == "" for d in shown.documents)
    assert shown.documents[0].body["applicant"] == notice.body["applicant"]
    # Taken for real, it takes the numbers the preview did not.
    taken = decisions.receive_and_decide(clerk, number, decisions.accept, at=at)
    issued = [document.number for document in taken]
    assert issued == [receipt.number, notice.number]  # the rolled-back numbers, given now


def test_a_refused_decision_is_refused_at_the_preview(demo_db: str, sign, checked, on) -> None:
    number = checked("GA-010", "ga03", flaws={1: "missing"})
    before = written()
    with pytest.raises(DomainError) as refused:
        preview(sign("ga03"), decisions.receive_and_decide, number, decisions.accept)
    assert refused.value.rule == "checklist.blocked"
    assert written() == before

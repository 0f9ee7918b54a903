"""Every decision on a case in writing (docs/rules.md §6): the 准予行政许可决定书 or the
不予行政许可决定书 of a licence (行政许可法 Art. 38; on the spot Art. 34(2)), the
办理结果通知书 of another item, numbered and issued inside the change that decides; and
its delivery (送达), due within 10 working days of the decision (Art. 44)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.legal import ItemType
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.cases.change import CaseChange
from counter_tui.services.cases.documents import IssuedDocument, issue_document, remedy_facts
from counter_tui.services.cases.stages import check_earlier_stages_granted
from counter_tui.store.models import Staff

DELIVERY_DAYS = 10  # working days from the decision to the licence's delivery (Art. 44)
# What a decision sets on the case's row, carried by its event (docs/architecture.md §2.6).
DECIDED_COLUMNS = ("completed_on", "decided_on")


def decision_kind(item_type: str, granted: bool) -> DocumentKind:
    """A licence's decision to grant or not; another item's notice of its result."""
    if item_type != ItemType.LICENSING.value:
        return DocumentKind.RESULT_NOTICE
    return DocumentKind.GRANT if granted else DocumentKind.DENIAL


def issue_decision(
    change: CaseChange,
    *,
    granted: bool,
    reason: str = "",
    on_spot: bool = False,
    result_number: str = "",
    clerk: Staff | None = None,
) -> IssuedDocument:
    """Record the decision on the change's case (``Case.decided_on`` today, by the staff
    member of the change, whom its step's event names; its licence or result number) and
    issue its document; call inside the change, before its step. A
    denial carries its ``reason`` and the remedies; ``clerk`` reviewed the case where
    another (the chief representative, 一审一核) decides and signs. A case of a bundle
    is granted only after its earlier stages' cases (``check_earlier_stages_granted``)."""
    case = change.case
    if granted:
        check_earlier_stages_granted(case)
    case.decided_on = change.when.today
    case.decided_by = change.staff
    case.result_number = result_number
    case.save()
    signed = clerk is not None and clerk.id != change.staff.id
    content = {
        "granted": granted,
        "on_spot": on_spot,
        "reason": reason,
        "result_number": result_number,
        "accepted_on": case.accepted_on,
        "decided_on": case.decided_on,
        "signed_by": change.staff.name if signed else None,
        # A grant is not challenged by the one who asked for it; a denial is.
        **({} if granted else {"remedies": remedy_facts(case.department)}),
    }
    kind = decision_kind(case.item.item_type, granted)
    return issue_document(kind, change, content, clerk=clerk)


@dataclass(frozen=True)
class DeliveryDue:
    """When a decision reached the applicant, and whether it was later than Art. 44's
    10 working days after the decision (``due``)."""

    delivered_on: date
    due: date
    late: bool


def delivery_deadline(calendar: WorkCalendar, decided_on: date) -> date:
    """Art. 44: the licence is issued and delivered within 10 working days of the decision."""
    return calendar.due(decided_on, DELIVERY_DAYS).date


def delivery_due(change: CaseChange, delivered_on: date) -> DeliveryDue:
    decided_on = change.case.decided_on
    assert decided_on is not None  # a case is delivered once decided
    due = delivery_deadline(change.calendar, decided_on)
    return DeliveryDue(delivered_on=delivered_on, due=due, late=delivered_on > due)

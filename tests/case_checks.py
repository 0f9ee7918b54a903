"""What the tests share: the demo applicant, an item that may be extended, a case taken
through the services, and the check that a refused request leaves the case exactly as it was.

Importable from any test module (``pythonpath = ["tests"]`` in pyproject.toml)."""

from collections.abc import Callable
from datetime import datetime

import pytest

from counter_tui.domain.errors import DomainError
from counter_tui.services.auth import session_of
from counter_tui.services.intake import checklist, decisions, draft
from counter_tui.store.models import (
    Case,
    CaseMaterial,
    Document,
    Event,
    Extension,
    NumberCounter,
    Rating,
    RatingFollowUp,
    RatingRequest,
    Staff,
    Suspension,
)

# A licence whose limit is the Administrative Licensing Law's own (5 working days promised,
# 20 by law) and may be extended under its Art. 42: 枪支省内运输许可证 of 公安. The tests of
# extensions and of working-day arithmetic use it; 居住证 (GA-010) counts 15 natural days
# and is never extended (居住证暂行条例 Art. 9).
EXTENDABLE_ITEM = "GA-001"

# A valid applicant, as typed: a person with a resident ID and a mobile number.
PERSON = {
    "kind": "person",
    "name": "王小明",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "address": "示范市西湖区文三路1号",
}


def taken_case(
    clerk: str = "ga01",
    *,
    item: str = "GA-010",
    at: datetime | None = None,
    accept: bool = True,
) -> str:
    """A case of the item (居住证 unless told) of the clerk's with every material provided,
    submitted and (``accept``) accepted, through the services; ``at`` a stored UTC
    timestamp."""
    session = session_of(Staff.get(Staff.code == clerk))
    number = draft.start_draft(session, item, at=at)
    draft.update_applicant(session, number, PERSON, at=at)
    for line in checklist.mark_all_remaining_provided(session, number, at=at):
        assert line.status.value == "provided"
    decisions.submit(session, number, at=at)
    if accept:
        decisions.accept(session, number, at=at)
    return number


def written() -> tuple[int, int, dict[tuple[str, str], int], list[tuple[str, str]]]:
    """What a decision changes, to compare before and after one that must write nothing:
    the events, the documents, every number counter and every case's state."""
    counters = NumberCounter.select(NumberCounter.scope, NumberCounter.period, NumberCounter.last)
    return (
        Event.select().count(),
        Document.select().count(),
        {(scope, period): last for scope, period, last in counters.tuples()},
        sorted(Case.select(Case.number, Case.state).tuples()),
    )


def case_of(number: str) -> Case:
    return Case.get(Case.number == number)


def event_kinds(number: str) -> list[str]:
    case = case_of(number)
    return [e.kind for e in Event.select().where(Event.case == case).order_by(Event.id)]


def snapshot(number: str) -> tuple:
    """Everything about a case that a refused request must leave as it was."""
    case = case_of(number)
    rows = tuple(
        (r.material_id, r.status, r.reason, r.on_notice, r.form_provided, r.deferred_until)
        for r in CaseMaterial.select().where(CaseMaterial.case == case).order_by(CaseMaterial.id)
    )
    related = tuple(
        tuple(tuple(row.values()) for row in model.select().where(model.case == case).dicts())
        for model in (Document, Suspension, Extension, Rating, RatingRequest)
    )
    follow_ups = tuple(
        tuple(row.values())
        for row in RatingFollowUp.select()
        .join(RatingRequest)
        .where(RatingRequest.case == case)
        .order_by(RatingFollowUp.id)
        .dicts()
    )
    return (
        case.state, case.owner_id, case.received_on, case.accepted_on, case.completed_on,
        rows, related, follow_ups, len(event_kinds(number)),
    )  # fmt: skip


def assert_refused(call: Callable[[], object], number: str, rule: str) -> DomainError:
    """``call`` raises a DomainError for ``rule`` and changes nothing about the case."""
    before = snapshot(number)
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.rule == rule
    assert snapshot(number) == before
    return caught.value

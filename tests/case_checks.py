"""Checks the service tests share: a refused request leaves the case exactly as it was.

Importable from any test module (``pythonpath = ["tests"]`` in pyproject.toml)."""

from collections.abc import Callable

import pytest

from counter_tui.domain.errors import DomainError
from counter_tui.store.models import (
    Case,
    CaseMaterial,
    Document,
    Event,
    Extension,
    Rating,
    Suspension,
)

# A valid applicant, as typed: a person with a resident ID and a mobile number.
PERSON = {
    "kind": "person",
    "name": "王小明",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "address": "示范市西湖区文三路1号",
}


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
        for model in (Document, Suspension, Extension, Rating)
    )
    return (
        case.state, case.owner_id, case.received_on, case.accepted_on, case.completed_on,
        rows, related, len(event_kinds(number)),
    )  # fmt: skip


def assert_refused(call: Callable[[], object], number: str, rule: str) -> DomainError:
    """``call`` raises a DomainError for ``rule`` and changes nothing about the case."""
    before = snapshot(number)
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.rule == rule
    assert snapshot(number) == before
    return caught.value

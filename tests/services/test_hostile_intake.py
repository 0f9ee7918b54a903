"""Hypothesis-drawn hostile text (issue 8) through the intake services: every applicant
field, a deficiency's reason, and the receipt that prints the applicant. Kept as the
store keeps it (``storable_text``) and shown as data, or refused by its rule."""

import pytest
from case_checks import PERSON, case_of
from hostile import (
    HOSTILE_SETTINGS,
    as_typed,
    assert_refused,
    assert_shown_as_data,
    hostile_text,
    undone,
)
from hypothesis import example, given

from counter_tui.domain.applicant import APPLICANT_FIELDS
from counter_tui.services.intake import case_view, checklist, decisions
from counter_tui.services.intake.draft import update_applicant
from counter_tui.store.events import event_data
from counter_tui.store.models import CaseMaterial, Event, storable_text

pytestmark = pytest.mark.both_engines


def last_event(number: str) -> dict:
    event = Event.select().where(Event.case == case_of(number)).order_by(Event.id.desc()).get()
    return event_data(event)


@pytest.mark.parametrize("field", APPLICANT_FIELDS)
@HOSTILE_SETTINGS
@given(text=hostile_text)
@example(text="\x00")  # stored empty: what is wrong is said of that
def test_every_applicant_field_keeps_hostile_text(
    demo_db: str, draft, sign, field: str, text: str
) -> None:
    number = draft()
    clerk = sign("ga03")
    with undone():
        problems = update_applicant(clerk, number, {field: text})
        view = case_view.load_case(clerk, number)
        assert getattr(view.applicant, field) == storable_text(text)
        said = [(p.field, p.error.rule) for p in problems]
        assert said == [(p.field, p.error.rule) for p in view.problems]  # judged as stored
        # The audit log names the field, never the value.
        if storable_text(text) != PERSON.get(field, ""):
            assert last_event(number) == {"fields": [field]}
        if problems:  # what the rules say is wrong blocks receiving the case, and only that
            assert_refused(lambda: decisions.submit(clerk, number), problems[0].error.rule)


@HOSTILE_SETTINGS
@given(name=hostile_text)
@example(name=" \x00 ")  # no name once the store drops the NUL
def test_a_hostile_name_reaches_the_receipt_as_data(demo_db: str, draft, sign, name: str) -> None:
    number = draft()
    clerk = sign("ga03")
    with undone():
        update_applicant(clerk, number, {"name": name})
        checklist.mark_all_remaining_provided(clerk, number)
        if not as_typed(name):
            assert_refused(lambda: decisions.submit(clerk, number), "applicant.name_missing")
            return
        receipt = decisions.submit(clerk, number)
        assert case_of(number).applicant_name == as_typed(name)
        assert receipt.body["applicant"]["name"] == as_typed(name)
        assert_shown_as_data(receipt, as_typed(name))


@HOSTILE_SETTINGS
@given(reason=hostile_text)
@example(reason="\x00")
def test_a_hostile_deficiency_reason_is_kept_or_refused(
    demo_db: str, draft, sign, materials, reason: str
) -> None:
    number = draft()
    first = materials(number)[0]
    clerk = sign("ga03")
    with undone():
        mark = lambda: checklist.mark_material(  # noqa: E731
            clerk, number, first, "deficient", reason=reason
        )
        if not as_typed(reason):
            assert_refused(mark, "checklist.reason_missing")
            return
        mark()
        row = CaseMaterial.get(
            (CaseMaterial.case == case_of(number)) & (CaseMaterial.material == first)
        )
        assert (row.status, row.reason) == ("deficient", as_typed(reason))
        [marked] = last_event(number)["materials"]
        assert marked["reason"] == as_typed(reason)

"""Access events (docs/architecture.md §3.7): the applicant form showing a whole ID number, a
document printed, an export, each one event in the chain naming who and which cases; and
their reading for `audit access`, by period and staff member."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from counter_tui.domain.errors import DomainError
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases.access import (
    ACCESS_EVENT,
    NAMED_CASES,
    Act,
    record_access,
    record_printing,
)
from counter_tui.services.cases.documents import issued_documents
from counter_tui.services.centre.access import access_lines
from counter_tui.services.intake import decisions
from counter_tui.services.intake.case_view import load_applicant_form, load_case
from counter_tui.services.intake.draft import start_draft
from counter_tui.store.events import first_broken_event
from counter_tui.store.models import Case, Event
from tests.hostile import ESCAPES, MARKUP, SURROGATES

pytestmark = pytest.mark.both_engines


def access_events() -> list[Event]:
    return list(Event.select().where(Event.kind == ACCESS_EVENT).order_by(Event.id))


def test_the_applicant_form_records_a_whole_id_number_shown(
    demo_db: str, draft: Callable[..., str], sign: Callable[[str], StaffSession], on, demo_today
) -> None:
    number = draft()
    before = len(access_events())
    view = load_applicant_form(sign("ga03"), number, at=on(demo_today, 11))
    assert "*" not in view.applicant.id_number  # the form edits it whole
    [event] = access_events()[before:]
    assert event.staff.code == "ga03" and event.case_id is None
    [line] = access_lines(demo_today, demo_today, "ga03")[-1:]
    assert (line.act, line.what, line.cases, line.count) == ("id_shown", "applicant", (number,), 1)
    assert line.at.hour == 11  # local time
    # The other intake screens, which do not show it, record nothing; nor does a draft
    # with no ID number yet.
    load_case(sign("ga03"), number)
    empty = start_draft(sign("ga03"), "GA-010", at=on(demo_today))
    load_applicant_form(sign("ga03"), empty)
    assert len(access_events()) == before + 1
    assert first_broken_event() is None


def test_printing_names_the_document_and_its_case(
    demo_db: str, checked: Callable[..., str], sign: Callable[[str], StaffSession], demo_today
) -> None:
    number = checked()
    decisions.submit(sign("ga03"), number)
    [receipt] = issued_documents(Case.get(Case.number == number))
    record_printing(sign("ga03"), receipt)
    [line] = access_lines(staff_code="ga03")[-1:]
    assert (line.act, line.what) == ("printed", "receipt")
    assert line.cases == (number,) and line.documents == (receipt.number,)


def test_a_large_export_is_one_small_event(demo_db: str, demo_today: date) -> None:
    few = [f"GA20261127-{n:04d}" for n in range(1, NAMED_CASES + 1)]
    many = [f"GA20261127-{n:04d}" for n in range(1, 10_001)]
    selection = {"from": demo_today, "to": demo_today, "department": ""}
    record_access(None, Act.EXPORTED, "register", cases=few, file="csv", selection=selection)
    record_access(None, Act.EXPORTED, "register", cases=many, file="xlsx", selection=selection)
    *_, named, counted = access_lines()
    assert named.cases == tuple(few) and named.count == NAMED_CASES
    assert counted.cases == () and counted.count == 10_000
    assert counted.selection == {"from": "2026-11-27", "to": "2026-11-27", "department": ""}
    assert counted.staff_code is None and counted.file == "xlsx"
    assert len(access_events()[-1].data) < 300


def test_access_lines_by_period_and_staff(
    demo_db: str, sign: Callable[[str], StaffSession], on, demo_today: date
) -> None:
    yesterday = demo_today - timedelta(days=1)
    # 23:30 local on the day before, and 00:30 on the day: local days, not UTC ones.
    record_access(sign("ga01"), Act.ID_SHOWN, "applicant", cases=["A"], at=on(yesterday, 23))
    record_access(sign("ga03"), Act.ID_SHOWN, "applicant", cases=["B"], at=on(demo_today, 0))
    mine = [line.cases for line in access_lines(yesterday, demo_today, "ga01")]
    assert mine == [("A",)]
    assert [line.cases for line in access_lines(demo_today, demo_today)][:1] == [("B",)]
    assert ("A",) not in [line.cases for line in access_lines(date_from=demo_today)]
    assert ("B",) not in [line.cases for line in access_lines(date_to=yesterday)]


@pytest.mark.parametrize(
    "code", ["nobody", "", "\x00", "ga01" * 5000, MARKUP[0], ESCAPES[0], SURROGATES[0]]
)
def test_unknown_staff_and_a_backwards_period_are_refused(demo_db: str, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        access_lines(staff_code=code)
    assert refused.value.rule == "access.staff"
    with pytest.raises(DomainError) as refused:
        access_lines(date(2026, 11, 30), date(2026, 11, 1))
    assert refused.value.rule == "access.period"


def test_another_departments_clerk_is_refused_and_nothing_is_recorded(
    demo_db: str, draft: Callable[..., str], sign: Callable[[str], StaffSession]
) -> None:
    number = draft()
    before = len(access_events())
    with pytest.raises(DomainError):
        load_applicant_form(sign("hb01"), number)
    assert len(access_events()) == before

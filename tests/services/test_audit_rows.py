"""audit verify replays every case's row from its events (issue 20, defect 3): a column a
due date, a light or a figure is computed from, changed behind the program's back, is
named with its case."""

from collections.abc import Callable
from typing import Any

import pytest

from counter_tui.services.centre import audit
from counter_tui.services.centre.audit import RowDisagreement, verify_case_rows
from counter_tui.services.intake import decisions
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Case,
    Extension,
    Rating,
    Staff,
    Suspension,
    database_proxy,
)

pytestmark = pytest.mark.both_engines

Cli = Callable[..., tuple[int, str, str]]


def _by_hand(sql: str, *params: Any) -> None:
    """Raw SQL, as someone with the database open would type it."""
    db = database_proxy.obj
    db.execute_sql(sql.replace("?", db.param), params)


def _accepted() -> Case:
    return Case.select().where(Case.accepted_on.is_null(False)).order_by(Case.id).first()


def test_the_demo_centres_rows_all_agree_with_their_events(demo_db: str) -> None:
    check = verify_case_rows()
    assert check.cases == Case.select().count() > 0
    assert check.found == 0 and check.disagreements == ()
    assert check.not_derivable == ()  # every event of the demo carries what it set


def test_an_acceptance_date_changed_by_hand_is_named_by_the_service_and_the_command(
    demo_db: str, run_cli: Cli
) -> None:
    case = _accepted()
    was = case.accepted_on.isoformat()
    _by_hand('UPDATE "case" SET accepted_on = ? WHERE id = ?', "2020-01-06", case.id)
    check = verify_case_rows()
    assert check.found == 1
    assert check.disagreements == (RowDisagreement(case.number, "accepted_on", "2020-01-06", was),)
    code, out, _err = run_cli("--lang", "en", "--database", demo_db, "audit", "verify")
    assert code == 1
    assert f"Case {case.number}: accepted_on is 2020-01-06 in its row, but {was}" in out
    code, out, _err = run_cli("--database", demo_db, "audit", "verify")  # Chinese, the default
    assert code == 1
    assert f"办件 {case.number}" in out and "accepted_on" in out and "事件" in out


def test_the_rows_the_clocks_read_are_checked_too(demo_db: str) -> None:
    suspended = Suspension.select().order_by(Suspension.id).first()
    extended = Extension.select().where(Extension.approved == True).first()  # noqa: E712
    handed = _accepted()
    other = Staff.select().where(Staff.id != handed.owner_id).first()
    _by_hand("UPDATE suspension SET started_on = ? WHERE id = ?", "2020-01-06", suspended.id)
    _by_hand("UPDATE extension SET days = ? WHERE id = ?", extended.days + 3, extended.id)
    _by_hand('UPDATE "case" SET owner_id = ? WHERE id = ?', other.id, handed.id)
    _by_hand("UPDATE item SET legal_limit_days = 365 WHERE id = ?", handed.item_id)
    rated = Rating.select().order_by(Rating.id).first()
    _by_hand("UPDATE rating SET level = ? WHERE id = ?", 6 - rated.level, rated.id)
    named = {(d.case_number, d.column) for d in verify_case_rows().disagreements}
    assert (suspended.case.number, "suspensions") in named
    assert (extended.case.number, "extension.days") in named
    assert (handed.number, "owner") in named
    assert (handed.number, "item.legal_limit_days") in named
    assert (rated.case.number, "rating.level") in named


def test_a_case_whose_events_predate_the_values_is_left_unchecked_not_reported(
    demo_db: str,
) -> None:
    # A case taken before events carried the values they set: nothing to hold the row to.
    model = _accepted()
    with write_transaction(database_proxy.obj):
        case = Case.create(
            number="GA20200106-0001",
            item=model.item_id,
            state="received",
            department=model.department_id,
            owner=model.owner_id,
            received_by=model.owner_id,  # as migration 0010 fills it from the submit
            received_on="2020-01-06",
        )
        staff = Staff.get_by_id(model.owner_id)
        append_event("draft_started", case=case, staff=staff, data={"item": "GA-010"})
        submitted = append_event("submit", case=case, staff=staff, data={"document": "x"})
        case.received_at = submitted.at  # as migration 0013 fills it from the submit
        case.save()
    check = verify_case_rows()
    assert check.found == 0
    gaps = {gap.column: gap for gap in check.not_derivable}
    assert gaps["received_on"].cases == 1 and gaps["received_on"].last_event_id == submitted.id
    assert {"item", "department", "window"} <= set(gaps)
    # Its state and owner need no value from the events: a change of those is still named.
    _by_hand('UPDATE "case" SET state = ? WHERE id = ?', "accepted", case.id)
    assert [(d.case_number, d.column) for d in verify_case_rows().disagreements] == [
        (case.number, "state")
    ]


def test_hostile_text_put_into_a_row_by_hand_is_printed_as_data(demo_db: str, run_cli: Cli) -> None:
    case = _accepted()
    hostile = "\x1b[2J\x1b]0;title\x07\u202eaccepted[red]"
    _by_hand('UPDATE "case" SET state = ?, number = ? WHERE id = ?', hostile, hostile, case.id)
    code, out, _err = run_cli("--lang", "en", "--database", demo_db, "audit", "verify")
    assert code == 1
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "state is \\u001b[2J" in out and "[red]" in out


def test_a_case_changed_while_its_batch_is_read_is_not_reported(
    demo_db: str, received, sign, on, demo_today, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Clerks work while the administrator verifies: a case accepted after its row was read
    # but before its events were is read again with the writers held off, not reported.
    number = received()
    read_events = audit._events
    accepted: list[str] = []

    def accept_first(first: int, last: int) -> Any:
        if not accepted:
            accepted.append(number)
            decisions.accept(sign("ga03"), number, at=on(demo_today, 11))
        return read_events(first, last)

    monkeypatch.setattr(audit, "_events", accept_first)
    check = verify_case_rows()
    assert accepted and check.found == 0 and check.disagreements == ()


def test_who_received_and_who_decided_are_checked(demo_db: str) -> None:
    """The figures count by them (issue 21 item 14): moving a case's receipt or decision
    to another clerk's figures is named."""
    decided = Case.select().where(Case.decided_by.is_null(False)).order_by(Case.id).first()
    received = Case.select().where(Case.received_by.is_null(False)).order_by(Case.id).first()
    other = Staff.get(Staff.code == "ga05")
    _by_hand('UPDATE "case" SET decided_by_id = ? WHERE id = ?', other.id, decided.id)
    _by_hand('UPDATE "case" SET received_by_id = ? WHERE id = ?', other.id, received.id)
    named = {(d.case_number, d.column) for d in verify_case_rows().disagreements}
    assert {(decided.number, "decided_by"), (received.number, "received_by")} <= named

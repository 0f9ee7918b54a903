"""The clerk's side of the hall (docs/rules.md §24) against a real database: what the home
reads of the window (the ticket called now, the waiting, the tickets passed over), the
ticket linked where a draft is started or a question recorded, and the figures of waiting
(taken → first call, call → finish) by window, department, staff and hour. The demo's
queues: A (公安, windows 2 and 3), B (规划, window 7), C (综合, window 8)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from counter_tui.services.auth import session_of
from counter_tui.services.consultations.questions import take_consultation
from counter_tui.services.reports.figures import Figures, centre_report, report_scope
from counter_tui.services.tickets.calling import call_next, recall_skipped
from counter_tui.services.tickets.reading import passed_over, window_calling
from counter_tui.services.tickets.serving import finish, link_called_ticket, skip
from counter_tui.services.tickets.taking import take_ticket
from counter_tui.store.models import Event, Staff, Ticket
from tests.hostile import assert_refused

pytestmark = pytest.mark.both_engines

DAY = date(2026, 11, 30)  # a Monday after the demo's day
NEXT_DAY = date(2026, 12, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A stored (naive UTC) moment at that local time."""
    local = datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def links() -> int:
    return Event.select().where(Event.kind == "ticket_linked").count()


def test_the_home_reads_the_ticket_called_now_and_the_waiting(demo_db: str, sign) -> None:
    clerk = sign("ga03")  # window 2, queue A
    first = take_ticket("A", at=at(DAY, 9)).id
    take_ticket("A", at=at(DAY, 9, 1))
    take_ticket("B", at=at(DAY, 9, 2))  # window 2 does not call B
    # The demo's ticket still called at window 2 on its Friday is not Monday's.
    before = window_calling(clerk, DAY)
    assert before is not None and (before.window, before.current, before.waiting) == (2, None, 2)
    call_next(clerk, at=at(DAY, 9, 5))
    now = window_calling(clerk, DAY)
    assert now is not None and now.current is not None
    assert (now.current.id, now.current.label, now.waiting) == (first, "A001", 1)
    skip(clerk, first, at=at(DAY, 9, 6))
    assert [t.label for t in passed_over(clerk, DAY)] == ["A001"]
    assert [t.label for t in passed_over(sign("ga05"), DAY)] == ["A001"]  # window 3 calls A
    assert passed_over(sign("gh02"), DAY) == []  # window 7 calls B only
    assert window_calling(sign("gachief"), DAY) is None  # at no window


def test_the_ticket_called_is_linked_to_the_draft_and_the_question(
    demo_db: str, sign, draft
) -> None:
    clerk = sign("ga03")
    number = draft("GA-010", "ga03", DAY)
    # Nothing called to the window today: nothing linked, nothing recorded.
    assert link_called_ticket(clerk, case_number=number, at=at(DAY, 9)) is None
    assert links() == 0
    ticket = take_ticket("A", at=at(DAY, 9)).id
    call_next(clerk, at=at(DAY, 9, 5))
    question = take_consultation(clerk, "能否异地办理？", answer="可以", at=at(DAY, 9, 8))
    assert link_called_ticket(clerk, consultation_id=question, at=at(DAY, 9, 8)) == "A001"
    other = draft("GA-010", "ga03", DAY)
    assert link_called_ticket(clerk, case_number=other, at=at(DAY, 9, 10)) == "A001"
    # The visitor's second application: the ticket stays linked to the first.
    assert link_called_ticket(clerk, case_number=number, at=at(DAY, 9, 12)) is None
    row = Ticket.get_by_id(ticket)
    assert (row.case.number, row.consultation_id) == (other, question)
    assert links() == 2
    event = Event.select().where(Event.kind == "ticket_linked").order_by(Event.id.desc()).get()
    assert event.case.number == other and event.at == at(DAY, 9, 10)
    # Another window's clerk, a chief at no window: nothing to link.
    assert link_called_ticket(sign("ga05"), case_number=number, at=at(DAY, 9, 13)) is None
    assert link_called_ticket(sign("gachief"), case_number=number) is None
    assert_refused(lambda: link_called_ticket(clerk), "ticket.link")
    assert links() == 2


def _morning() -> dict[str, int]:
    """Monday's hall, minute by minute: the waits are 10, 14 and 63 minutes; the services
    10 (A002) and 6 (A001, passed over at window 2, called back at window 3)."""
    ga03, ga05, gh02 = (session_of(Staff.get(Staff.code == c)) for c in ("ga03", "ga05", "gh02"))
    a1 = take_ticket("A", at=at(DAY, 9)).id
    a2 = take_ticket("A", at=at(DAY, 9, 1)).id
    b1 = take_ticket("B", at=at(DAY, 9, 2)).id
    assert call_next(ga03, at=at(DAY, 9, 10)).id == a1
    skip(ga03, a1, at=at(DAY, 9, 12))
    assert call_next(ga03, at=at(DAY, 9, 15)).id == a2
    finish(ga03, a2, at=at(DAY, 9, 25))
    recall_skipped(ga05, a1, at=at(DAY, 9, 30))
    finish(ga05, a1, at=at(DAY, 9, 36))
    assert call_next(gh02, at=at(DAY, 10, 5)).id == b1  # still at the window
    c1 = take_ticket("C", at=at(DAY, 10, 10)).id  # never called
    return {"a1": a1, "a2": a2, "b1": b1, "c1": c1}


def test_the_figures_of_waiting_by_window_and_hour(demo_db: str) -> None:
    _morning()
    report = centre_report(DAY, DAY, by="window", today=DAY)
    total = report.total
    assert (total.tickets_taken, total.tickets_called, total.tickets_served) == (4, 3, 2)
    assert total.tickets_skipped == 1
    assert total.average_wait_minutes == pytest.approx((10 + 14 + 63) / 3)
    assert total.longest_wait_minutes == 63
    assert total.average_service_minutes == pytest.approx((10 + 6) / 2)
    rows = {row.key: row.figures for row in report.rows}
    # The last window each was called to: A001 served at 3; C001 at none ("—").
    assert rows["2"].tickets_taken == 1 and rows["2"].average_wait_minutes == 14
    assert rows["3"].tickets_skipped == 1 and rows["3"].average_service_minutes == 6
    assert rows["7"].longest_wait_minutes == 63 and rows["7"].tickets_served == 0
    assert rows[""].tickets_taken == 1 and rows[""].average_wait_minutes is None
    data = report.as_dict()
    assert data["total"]["average_wait_minutes"] == 29.0
    assert data["total"]["longest_wait_minutes"] == 63.0
    assert data["tickets_by_window_and_hour"] == [
        {"window": 2, "hour": 9, "tickets": 2},  # first called there, A001 too
        {"window": 7, "hour": 10, "tickets": 1},
    ]
    # Another day counts none of them (the demo's Friday has its own).
    assert centre_report(NEXT_DAY, NEXT_DAY, today=NEXT_DAY).total.tickets_taken == 0


def test_the_figures_of_waiting_by_department_and_staff(demo_db: str, sign) -> None:
    _morning()
    by_department = centre_report(DAY, DAY, by="department", today=DAY)
    # (Other departments have rows too: their open cases.)
    taken = {row.key: row.figures.tickets_taken for row in by_department.rows}
    assert {key: n for key, n in taken.items() if n} == {"GA": 2, "GH": 1, "ZW": 1}
    by_staff = centre_report(DAY, DAY, by="staff", today=DAY)
    called = {r.key: r.figures.tickets_called for r in by_staff.rows if r.figures.tickets_taken}
    assert called == {"ga03": 1, "ga05": 1, "gh02": 1, "": 0}  # the last call's clerk
    # A clerk's own report: the tickets they called last.
    own = centre_report(DAY, DAY, today=DAY, scope=report_scope(sign("ga05"))).total
    assert (own.tickets_taken, own.tickets_served, own.average_wait_minutes) == (1, 1, 10)
    # A department's: its queues' tickets.
    chief = centre_report(DAY, DAY, today=DAY, scope=report_scope(sign("gachief"))).total
    assert (chief.tickets_taken, chief.longest_wait_minutes) == (2, 14)


def test_by_item_the_tickets_of_queues_for_no_item_are_in_the_no_items_group(
    demo_db: str, sign
) -> None:
    _morning()  # the demo's queues are for no one item
    # A question about no item: the no-item group has figures of its own.
    take_consultation(sign("ga03"), "营业时间？", answer="九点到五点", at=at(DAY, 11))
    rows = centre_report(DAY, DAY, by="item", today=DAY).rows
    (keyless,) = [row for row in rows if row.key == ""]
    assert (keyless.figures.tickets_taken, keyless.figures.consultations) == (4, 1)


def test_a_total_keeps_the_longest_wait_not_the_sum() -> None:
    one = Figures(tickets_called=1, wait_seconds=600, wait_longest_seconds=600)
    two = Figures(tickets_called=2, wait_seconds=1500, wait_longest_seconds=900)
    both = one + two
    assert (both.wait_longest_seconds, both.wait_seconds, both.tickets_called) == (900, 2100, 3)
    assert both.average_wait_minutes == pytest.approx(2100 / 3 / 60)
    assert Figures().longest_wait_minutes is None and Figures().average_service_minutes is None

"""The hall's ticket queue (排队叫号, docs/rules.md §24) against a real database: tickets
numbered per queue and local day, called by the windows that serve their queue (priority
first), called again, passed over and called back, sent to another window, linked to the
case or the question that followed; refusals change nothing. The demo's queues: A (公安,
windows 2 and 3), B (规划, window 7), C (综合, window 8)."""

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from counter_tui.domain.errors import DomainError
from counter_tui.domain.tickets import Priority, TicketState
from counter_tui.services.auth import StaffSession
from counter_tui.services.centre.devices import bind_device, device_by_code, list_devices
from counter_tui.services.centre.queues import add_queue, list_queues, set_queue
from counter_tui.services.consultations.questions import take_consultation
from counter_tui.services.intake.draft import start_draft
from counter_tui.services.tickets.calling import call_next, recall, recall_skipped
from counter_tui.services.tickets.reading import (
    CalledItem,
    called_item,
    last_called,
    ticket_receipt,
    waiting_counts,
    window_ticket,
)
from counter_tui.services.tickets.serving import (
    finish,
    link_called_ticket,
    link_ticket,
    skip,
    transfer,
)
from counter_tui.services.tickets.taking import take_ticket
from counter_tui.store.events import event_data
from counter_tui.store.models import Event, Item, Staff, Ticket, database_proxy
from tests.hostile import assert_refused

pytestmark = pytest.mark.both_engines

DAY = date(2026, 11, 30)  # a Monday after the demo's day
NEXT = date(2026, 12, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A stored (naive UTC) moment at that local time."""
    local = datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def state(ticket_id: int) -> str:
    return Ticket.get_by_id(ticket_id).state


def test_numbers_restart_per_queue_each_local_day(demo_db: str) -> None:
    assert Ticket.select().where(Ticket.state == "waiting").exists()  # the demo's morning
    first = take_ticket("A", at=at(DAY, 8, 31))
    assert first.label == "A001"
    assert take_ticket("a", at=at(DAY, 8, 40)).label == "A002"
    assert take_ticket("B", at=at(DAY, 8, 41)).label == "B001"
    # 23:59 in Shanghai is 15:59 UTC: still the same day, whatever UTC's date says.
    assert take_ticket("A", at=at(DAY, 23, 59)).label == "A003"
    assert take_ticket("A", at=at(NEXT, 0, 1)).label == "A001"
    assert take_ticket("B", at=at(NEXT, 0, 2)).label == "B001"
    # The demo's tickets of its day, never finished, expired with that day.
    open_before = Ticket.select().where((Ticket.day < DAY) & (Ticket.state != "served"))
    assert {t.state for t in open_before} == {TicketState.EXPIRED.value}
    assert Event.select().where(Event.kind == "tickets_expired").count() == 2  # DAY, NEXT


def test_the_receipt_says_the_number_queue_people_ahead_and_priority(demo_db: str) -> None:
    take_ticket("A", at=at(DAY, 9))
    take_ticket("A", at=at(DAY, 9, 1))
    ordinary = take_ticket("A", at=at(DAY, 9, 2))
    elderly = take_ticket("A", Priority.ELDERLY, at=at(DAY, 9, 3))
    assert (ordinary.label, ordinary.people_ahead, ordinary.priority) == ("A003", 2, Priority.NONE)
    assert (elderly.label, elderly.people_ahead, elderly.priority) == ("A004", 0, Priority.ELDERLY)
    assert (elderly.queue_prefix, elderly.queue_name, elderly.department) == (
        "A",
        "公安户政治安",
        "示范市公安局",
    )
    assert elderly.taken_at == datetime(2026, 11, 30, 9, 3)  # local
    assert elderly.centre == "示范市行政服务中心"
    # Read again later: the elderly visitor went ahead of A003.
    assert ticket_receipt(ordinary.id).people_ahead == 3
    event = Event.select().where(Event.kind == "ticket_taken").order_by(Event.id.desc()).get()
    assert event.staff_id is None  # the kiosk: nobody signed in
    assert event_data(event)["label"] == "A004" and event_data(event)["priority"] == "elderly"


def test_a_queue_of_one_common_item_reads_as_the_item(demo_db: str) -> None:
    add_queue(None, "D", "身份证窗口", "GA", item_code="GA-002", windows=[3])
    counts = {c.prefix: c for c in waiting_counts(DAY)}
    assert (counts["D"].item, counts["D"].title, counts["D"].department) == (
        "居民身份证换领",
        "居民身份证换领",
        "示范市公安局",
    )
    assert (counts["A"].item, counts["A"].title) == ("", "公安户政治安")  # as before
    receipt = take_ticket("D", at=at(DAY, 9))
    assert (receipt.item, receipt.title, receipt.queue_name) == (
        "居民身份证换领",
        "居民身份证换领",
        "身份证窗口",
    )
    assert {c.prefix: c.waiting for c in waiting_counts(DAY)}["D"] == 1  # one row per queue
    # The item gone from the catalog (or moved to another department): the queue's name.
    Item.update(current=False).where(Item.code == "GA-002").execute()
    gone = {c.prefix: c for c in waiting_counts(DAY)}["D"]
    assert (gone.item, gone.title, gone.waiting) == ("", "身份证窗口", 1)
    assert ticket_receipt(receipt.id).title == "身份证窗口"


def test_the_item_of_the_ticket_called_for_f2_and_f10(demo_db: str, sign) -> None:
    add_queue(None, "D", "身份证窗口", "GA", item_code="GA-002", windows=[2])
    clerk = sign("ga03")  # window 2: queues A and D
    take_ticket("D", at=at(DAY, 8, 59))
    take_ticket("A", at=at(DAY, 9))
    assert called_item(clerk, DAY) is None  # nothing called today yet
    call_next(clerk, at=at(DAY, 9, 5))
    called = called_item(clerk, DAY)
    assert called == CalledItem("D001", "GA-002", "居民身份证换领", False, False)
    number = start_draft(clerk, "GA-002", at=at(DAY, 9, 6))
    assert link_called_ticket(clerk, case_number=number, at=at(DAY, 9, 6)) == "D001"
    assert called_item(clerk, DAY) == replace(called, has_case=True)
    Item.update(current=False).where(Item.code == "GA-002").execute()
    assert called_item(clerk, DAY) == replace(called, name="", has_case=True)
    call_next(clerk, at=at(DAY, 9, 20))  # A001: a queue of its department, no item
    assert called_item(clerk, DAY) is None
    assert called_item(sign("ga05"), DAY) is None  # window 3 has no ticket called today
    assert called_item(sign("ga01"), DAY) is None  # window 1 calls no queue


def test_a_window_calls_priority_first_then_in_the_order_taken(demo_db: str, sign) -> None:
    clerk = sign("ga03")  # window 2, queue A
    a1 = take_ticket("A", at=at(DAY, 9)).id
    a2 = take_ticket("A", at=at(DAY, 9, 1)).id
    key = take_ticket("A", Priority.KEY_PROJECT, at=at(DAY, 9, 2)).id
    b1 = take_ticket("B", at=at(DAY, 8, 59)).id  # window 2 does not call B
    called = [call_next(clerk, at=at(DAY, 9, 10 + n)).id for n in range(3)]
    assert called == [key, a1, a2]
    assert state(key) == state(a1) == TicketState.SERVED.value  # the next call finished them
    assert state(a2) == TicketState.CALLED.value and state(b1) == TicketState.WAITING.value
    current = window_ticket(sign("ga03").window_id)
    assert current is not None and (current.label, current.window) == ("A002", 2)
    assert_refused(lambda: call_next(clerk, at=at(DAY, 9, 20)), "ticket.none_waiting")


def test_a_window_of_several_queues_calls_across_them_by_the_time_taken(demo_db: str, sign) -> None:
    add_queue(None, "D", "户籍证明", "GA", windows=[2])
    a1 = take_ticket("A", at=at(DAY, 9, 5)).id
    d1 = take_ticket("D", at=at(DAY, 9)).id
    clerk = sign("ga03")
    assert [call_next(clerk, at=at(DAY, 10, n)).id for n in range(2)] == [d1, a1]
    other = sign("ga05")  # window 3 calls A, not D
    take_ticket("D", at=at(DAY, 10, 5))
    assert_refused(lambda: call_next(other, at=at(DAY, 10, 6)), "ticket.none_waiting")


def test_the_display_shows_the_latest_calls_and_the_waiting(demo_db: str, sign) -> None:
    for n in range(3):
        take_ticket("A", at=at(DAY, 9, n))
    take_ticket("B", at=at(DAY, 9, 5))
    first = call_next(sign("ga03"), at=at(DAY, 9, 10))
    second = call_next(sign("ga05"), at=at(DAY, 9, 11))
    third = call_next(sign("gh02"), at=at(DAY, 9, 12))
    board = last_called(5, DAY)
    assert [(c.label, c.window) for c in board] == [("B001", 7), ("A002", 3), ("A001", 2)]
    assert [c.id for c in board] == [third.id, second.id, first.id]
    counts = {c.prefix: c.waiting for c in waiting_counts(DAY)}
    assert counts == {"A": 1, "B": 0, "C": 0}
    again = recall(sign("ga03"), first.id, at=at(DAY, 9, 13))
    assert again.recalls == 1
    assert [c.label for c in last_called(2, DAY)] == ["A001", "B001"]  # shown first again
    skip(sign("ga05"), second.id, at=at(DAY, 9, 14))  # passed over: off the board
    assert [c.label for c in last_called(5, DAY)] == ["A001", "B001"]


def test_a_ticket_passed_over_is_called_back_later_by_a_window_of_its_queue(
    demo_db: str, sign
) -> None:
    late = take_ticket("A", at=at(DAY, 9)).id
    on_time = take_ticket("A", at=at(DAY, 9, 1)).id
    assert call_next(sign("ga03"), at=at(DAY, 9, 5)).id == late
    skip(sign("ga03"), late, at=at(DAY, 9, 7))
    assert state(late) == TicketState.SKIPPED.value
    assert call_next(sign("ga03"), at=at(DAY, 9, 8)).id == on_time  # not called again
    assert_refused(
        lambda: recall_skipped(sign("gh02"), late, at=at(DAY, 9, 9)), "ticket.other_queue"
    )
    back = recall_skipped(sign("ga05"), late, at=at(DAY, 9, 30))  # window 3 also calls A
    assert (back.id, back.window, back.state) == (late, 3, TicketState.CALLED)
    assert_refused(
        lambda: recall_skipped(sign("ga05"), on_time, at=at(DAY, 9, 31)), "ticket.not_skipped"
    )
    skip(sign("ga05"), late, at=at(DAY, 9, 40))
    assert_refused(
        lambda: recall_skipped(sign("ga03"), late, at=at(NEXT, 9)), "ticket.not_skipped"
    )  # another day


def test_a_visitor_sent_to_another_window_is_called_there_first(demo_db: str, sign) -> None:
    sent = take_ticket("A", at=at(DAY, 9)).id
    b1 = take_ticket("B", Priority.ELDERLY, at=at(DAY, 8, 30)).id
    call_next(sign("ga03"), at=at(DAY, 9, 5))
    assert_refused(lambda: transfer(sign("ga03"), sent, 2, at=at(DAY, 9, 6)), "ticket.same_window")
    assert_refused(lambda: transfer(sign("ga03"), sent, 99, at=at(DAY, 9, 6)), "ticket.window")
    transfer(sign("ga03"), sent, 7, at=at(DAY, 9, 6))
    assert state(sent) == TicketState.TRANSFERRED.value
    assert window_ticket(sign("ga03").window_id) is None
    assert_refused(lambda: finish(sign("ga03"), sent, at=at(DAY, 9, 7)), "ticket.not_yours")
    assert [c.label for c in last_called(5, DAY)] == []  # not called at window 7 yet
    assert call_next(sign("gh02"), at=at(DAY, 9, 10)).id == sent  # before the priority B
    assert call_next(sign("gh02"), at=at(DAY, 9, 20)).id == b1
    assert state(sent) == TicketState.SERVED.value
    event = Event.select().where(Event.kind == "ticket_transferred").get()
    assert (event_data(event)["window"], event_data(event)["to"]) == (2, 7)


def test_the_ticket_is_linked_to_the_case_or_question_that_followed(
    demo_db: str, sign, draft
) -> None:
    ticket = take_ticket("A", at=at(DAY, 9)).id
    clerk = sign("ga03")
    call_next(clerk, at=at(DAY, 9, 5))
    number = draft("GA-010", "ga03", DAY)
    question = take_consultation(clerk, "能否异地办理？", answer="可以", at=at(DAY, 9, 20))
    assert_refused(lambda: link_ticket(clerk, ticket), "ticket.link")
    assert_refused(
        lambda: link_ticket(sign("ga05"), ticket, case_number=number), "ticket.not_yours"
    )
    link_ticket(clerk, ticket, consultation_id=question)
    finish(clerk, ticket, at=at(DAY, 9, 30))
    link_ticket(clerk, ticket, case_number=number)  # once served too
    row = Ticket.get_by_id(ticket)
    assert (row.case.number, row.consultation_id, row.finished_at) == (
        number,
        question,
        at(DAY, 9, 30),
    )
    other = draft("GA-010", "ga03", DAY)
    assert_refused(lambda: link_ticket(clerk, ticket, case_number=other), "ticket.already_linked")
    event = Event.select().where(Event.kind == "ticket_linked").order_by(Event.id.desc()).get()
    assert event.case.number == number and event_data(event)["label"] == "A001"


def test_refusals_change_nothing(demo_db: str, sign) -> None:
    clerk = sign("ga03")
    assert_refused(lambda: take_ticket("Q", at=at(DAY, 9)), "ticket.queue")
    assert_refused(lambda: take_ticket("AB", at=at(DAY, 9)), "ticket.prefix")
    assert_refused(lambda: take_ticket("A", "vip", at=at(DAY, 9)), "ticket.priority")
    set_queue(None, "C", active=False)
    assert_refused(lambda: take_ticket("C", at=at(DAY, 9)), "ticket.queue_closed")
    assert_refused(lambda: call_next(clerk, at=at(DAY, 9)), "ticket.none_waiting")
    assert_refused(lambda: call_next(sign("hb01"), at=at(DAY, 9)), "ticket.no_queues")
    assert_refused(
        lambda: call_next(replace(clerk, window_id=None), at=at(DAY, 9)), "ticket.no_window"
    )
    assert_refused(lambda: call_next(sign("admin"), at=at(DAY, 9)), "auth.role")
    ticket = take_ticket("A", at=at(DAY, 9)).id
    assert_refused(lambda: skip(clerk, ticket, at=at(DAY, 9, 1)), "ticket.not_yours")  # waiting
    assert_refused(lambda: recall(clerk, 10**6, at=at(DAY, 9, 1)), "ticket.missing")
    call_next(clerk, at=at(DAY, 9, 2))
    assert_refused(lambda: finish(sign("ga05"), ticket, at=at(DAY, 9, 3)), "ticket.not_yours")
    assert_refused(lambda: recall(sign("ga05"), ticket, at=at(DAY, 9, 3)), "ticket.not_yours")


def test_an_unfinished_ticket_expires_with_its_day(demo_db: str, sign) -> None:
    called = take_ticket("A", at=at(DAY, 16, 50)).id
    left = take_ticket("A", at=at(DAY, 16, 55)).id
    assert call_next(sign("ga05"), at=at(DAY, 16, 56)).id == called
    assert_refused(lambda: call_next(sign("ga03"), at=at(NEXT, 8, 30)), "ticket.none_waiting")
    assert state(left) == TicketState.WAITING.value  # the refusal changed nothing
    fresh = take_ticket("A", at=at(NEXT, 8, 31))
    assert state(left) == state(called) == TicketState.EXPIRED.value
    assert Ticket.get_by_id(called).finished_at == at(NEXT, 8, 31)
    assert call_next(sign("ga03"), at=at(NEXT, 8, 40)).id == fresh.id
    assert_refused(lambda: finish(sign("ga05"), called, at=at(NEXT, 8, 41)), "ticket.not_yours")


def at_once(works: list[Callable[[], None]]) -> list[BaseException]:
    """Run each of ``works`` in a thread of its own, with its own connection, started
    together; what escaped them."""
    barrier = threading.Barrier(len(works))
    escaped: list[BaseException] = []

    def run(work: Callable[[], None]) -> None:
        database_proxy.connect(reuse_if_open=True)  # this thread's own connection
        try:
            barrier.wait(timeout=60)
            work()
        except BaseException as error:  # anything else is what a clerk would have seen
            escaped.append(error)
        finally:
            database_proxy.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    database_proxy.connect(reuse_if_open=True)
    return escaped


@pytest.mark.serial
def test_two_windows_calling_at_once_never_get_the_same_ticket(demo_db: str, sign) -> None:
    tickets = {take_ticket("A", at=at(DAY, 9, n)).id for n in range(24)}
    called: list[int] = []

    def calling(clerk: StaffSession) -> Callable[[], None]:
        def work() -> None:
            while True:
                try:
                    called.append(call_next(clerk, at=at(DAY, 10)).id)
                except DomainError as error:
                    if error.rule != "ticket.none_waiting":
                        raise
                    return

        return work

    # Two threads at each of windows 2 and 3, which both call queue A.
    escaped = at_once([calling(sign("ga03")), calling(sign("ga05"))] * 2)
    assert not escaped, escaped[:3]
    assert sorted(called) == sorted(tickets)  # every ticket called, none twice
    calls = Event.select().where(Event.kind == "ticket_called")
    assert sorted(event_data(e)["ticket"] for e in calls if e.at == at(DAY, 10)) == sorted(tickets)
    assert {t.state for t in Ticket.select().where(Ticket.id.in_(list(tickets)))} <= {
        TicketState.CALLED.value,
        TicketState.SERVED.value,
    }


@pytest.mark.serial
def test_kiosks_taking_at_once_never_give_a_number_twice(demo_db: str) -> None:
    kiosks, each = 4, 6
    labels: list[str] = []

    def work() -> None:
        labels.extend(take_ticket("C", at=at(DAY, 9)).label for _ in range(each))

    escaped = at_once([work] * kiosks)
    assert not escaped, escaped[:3]
    assert sorted(labels) == [f"C{n:03d}" for n in range(1, kiosks * each + 1)]


def test_the_administrator_keeps_the_queues_and_binds_the_devices(demo_db: str, sign) -> None:
    admin = sign("admin")
    added = add_queue(admin, "e", "环评", "HB", item_code="HB-001", windows=[5, 4, 4])
    assert (added.prefix, added.department_code, added.item_code, added.windows) == (
        "E",
        "HB",
        "HB-001",
        (4, 5),
    )
    moved = set_queue(admin, "E", department="GH", windows=[6])
    assert (moved.department_code, moved.item_code, moved.windows) == ("GH", "", (6,))
    assert [q.prefix for q in list_queues()] == ["A", "B", "C", "E"]
    assert_refused(lambda: add_queue(admin, "A", "又一个", "GA"), "queue.exists")
    assert_refused(lambda: add_queue(admin, "F", "环评", "HB", item_code="GA-010"), "queue.item")
    assert_refused(lambda: add_queue(admin, "F", "环评", "XX"), "department.unknown")
    assert_refused(lambda: add_queue(admin, "F", "环评", "HB", windows=[99]), "window.not_found")
    assert_refused(lambda: add_queue(sign("ga03"), "F", "环评", "HB"), "auth.role")

    pad = bind_device(admin, "pad-04", "pad", window=4, name="4号窗口评价器")
    assert (pad.kind.value, pad.window, pad.active) == ("pad", 4, True)
    moved_pad = bind_device(admin, "pad-04", "pad", window="5")
    assert moved_pad.window == 5 and device_by_code("pad-04").window == 5
    assert_refused(lambda: bind_device(admin, "kiosk-2", "kiosk", window=1), "device.hall")
    assert_refused(lambda: bind_device(admin, "pad-09", "pad"), "device.pad_window")
    assert_refused(lambda: bind_device(sign("ga03"), "pad-09", "pad", window=2), "auth.role")
    bind_device(None, "display-1", "display", active=False)
    assert_refused(lambda: device_by_code("display-1"), "device.unknown")
    assert "display-1" in {d.code for d in list_devices()}
    kinds = [e.kind for e in Event.select().where(Event.kind.startswith("ticket_queue"))]
    assert kinds == ["ticket_queue_added", "ticket_queue_set"]
    assert Staff.get(Staff.code == "admin").id in {
        e.staff_id for e in Event.select().where(Event.kind == "device_bound")
    }


def test_a_kiosk_keeps_its_paper_width(demo_db: str, sign) -> None:
    admin = sign("admin")
    assert device_by_code("kiosk-1").paper == 58  # the demo's centre file sets it
    assert bind_device(admin, "kiosk-1", "kiosk", paper="80").paper == 80
    event = Event.select().where(Event.kind == "device_bound").order_by(Event.id.desc()).get()
    assert event_data(event)["paper"] == 80
    assert bind_device(admin, "kiosk-2", "kiosk").paper is None  # not set: 58 at the kiosk
    before = Event.select().count()
    assert_refused(lambda: bind_device(admin, "kiosk-1", "kiosk", paper=70), "device.paper")
    assert_refused(lambda: bind_device(admin, "kiosk-1", "kiosk", paper="宽"), "device.paper")
    assert_refused(
        lambda: bind_device(admin, "pad-02", "pad", window=2, paper=58), "device.paper_kind"
    )
    assert Event.select().count() == before and device_by_code("kiosk-1").paper == 80

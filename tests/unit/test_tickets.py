"""The ticket queue's rules (docs/rules.md §24): the states and their moves, the ticket's
number, who is called next, the people ahead, a queue's letter, a device's binding."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_tui.domain.numbering import ticket_counter, ticket_label
from counter_tui.domain.tickets import (
    OPEN_STATES,
    TRANSITIONS,
    DeviceKind,
    InLine,
    Priority,
    TicketAction,
    TicketError,
    TicketState,
    calling_order,
    check_device,
    check_device_code,
    check_paper,
    check_prefix,
    check_priority,
    next_in_line,
    next_ticket_state,
    people_ahead,
)

NINE = datetime(2026, 12, 1, 1, 0)  # 09:00 in Shanghai, stored UTC


def _t(id: int, minutes: int, priority: bool = False, transferred: bool = False) -> InLine:
    return InLine(id, priority, transferred, NINE + timedelta(minutes=minutes))


def test_a_ticket_is_labelled_by_its_queue_letter_and_number_of_the_day() -> None:
    assert [ticket_label("A", n) for n in (1, 12, 999, 1000)] == ["A001", "A012", "A999", "A1000"]
    with pytest.raises(ValueError):
        ticket_label("A", 0)


def test_each_queue_counts_its_own_tickets_and_starts_again_each_day() -> None:
    today = ticket_counter("A", date(2026, 12, 1))
    assert today != ticket_counter("B", date(2026, 12, 1))
    assert today != ticket_counter("A", date(2026, 12, 2))
    assert today == ticket_counter("A", date(2026, 12, 1))


def test_the_table_moves_a_ticket_from_the_kiosk_to_the_window() -> None:
    state = next_ticket_state(TicketState.WAITING, TicketAction.CALL)
    assert state is TicketState.CALLED
    assert next_ticket_state(state, TicketAction.RECALL) is TicketState.CALLED
    skipped = next_ticket_state(state, TicketAction.SKIP)
    assert skipped is TicketState.SKIPPED
    assert next_ticket_state(skipped, TicketAction.RECALL_SKIPPED) is TicketState.CALLED
    sent = next_ticket_state(state, TicketAction.TRANSFER)
    assert next_ticket_state(sent, TicketAction.CALL) is TicketState.CALLED
    assert next_ticket_state(state, TicketAction.FINISH) is TicketState.SERVED


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (TicketState.WAITING, TicketAction.FINISH),  # never called
        (TicketState.WAITING, TicketAction.SKIP),
        (TicketState.SKIPPED, TicketAction.CALL),  # a passed-over ticket is called back
        (TicketState.SERVED, TicketAction.RECALL),
        (TicketState.SERVED, TicketAction.EXPIRE),
        (TicketState.EXPIRED, TicketAction.CALL),
        (TicketState.TRANSFERRED, TicketAction.FINISH),
    ],
)
def test_the_table_refuses_what_it_does_not_list(state: TicketState, action: TicketAction) -> None:
    with pytest.raises(TicketError) as error:
        next_ticket_state(state, action)
    assert error.value.rule == "ticket.forbidden"


def test_every_open_ticket_expires_at_its_day_s_end_and_no_finished_one() -> None:
    expiring = {state for (state, action) in TRANSITIONS if action is TicketAction.EXPIRE}
    assert expiring == OPEN_STATES
    assert TicketState.SERVED not in OPEN_STATES and TicketState.EXPIRED not in OPEN_STATES


def test_priority_goes_first_then_the_order_taken() -> None:
    early, late, elderly = _t(1, 0), _t(2, 5), _t(3, 10, priority=True)
    assert next_in_line([early, late, elderly]) == elderly
    assert next_in_line([late, early]) == early
    assert next_in_line([]) is None


def test_a_ticket_sent_from_another_window_goes_before_priority() -> None:
    sent = _t(4, 30, transferred=True)
    assert next_in_line([_t(1, 0, priority=True), sent, _t(2, 1)]) == sent


def test_same_moment_is_decided_by_the_ticket_taken_first() -> None:
    assert next_in_line([_t(8, 0), _t(7, 0)]) == _t(7, 0)


@given(st.lists(st.tuples(st.integers(0, 600), st.booleans(), st.booleans()), max_size=30))
def test_the_one_called_is_never_behind_another(tickets: list[tuple[int, bool, bool]]) -> None:
    line = [_t(n, m, p, t) for n, (m, p, t) in enumerate(tickets, 1)]
    chosen = next_in_line(line)
    if not line:
        assert chosen is None
        return
    assert chosen is not None
    assert all(calling_order(chosen) <= calling_order(other) for other in line)
    assert people_ahead(chosen, line) == 0
    # The people ahead of each ticket are those the window calls before it, one by one.
    left = list(line)
    for called in range(len(line)):
        first = next_in_line(left)
        assert first is not None and people_ahead(first, line) == called
        left.remove(first)


def test_a_priority_ticket_taken_later_is_ahead_of_an_ordinary_one() -> None:
    waiting = [_t(1, 0), _t(2, 3), _t(3, 6, priority=True)]
    assert people_ahead(waiting[1], waiting) == 2  # 1, and the priority ticket 3
    assert people_ahead(waiting[2], waiting) == 0


@pytest.mark.parametrize(("typed", "stored"), [("A", "A"), (" b ", "B"), ("z", "Z")])
def test_a_queue_s_prefix_is_one_letter(typed: str, stored: str) -> None:
    assert check_prefix(typed) == stored


@pytest.mark.parametrize("typed", ["", "AB", "1", "Ä", "号", "-"])
def test_a_queue_s_prefix_is_refused_otherwise(typed: str) -> None:
    with pytest.raises(TicketError) as error:
        check_prefix(typed)
    assert error.value.rule == "ticket.prefix"


def test_priority_kinds() -> None:
    assert check_priority("elderly") is Priority.ELDERLY
    with pytest.raises(TicketError) as error:
        check_priority("vip")
    assert error.value.rule == "ticket.priority"


def test_a_pad_is_bound_to_a_window_a_kiosk_and_a_display_to_the_hall() -> None:
    assert check_device("pad", 2) is DeviceKind.PAD
    assert check_device("kiosk", None) is DeviceKind.KIOSK
    for kind, window, rule in (
        ("pad", None, "device.pad_window"),
        ("display", 3, "device.hall"),
        ("tablet", None, "device.kind"),
    ):
        with pytest.raises(TicketError) as error:
            check_device(kind, window)
        assert error.value.rule == rule
    assert check_device_code(" kiosk-1 ") == "kiosk-1"
    with pytest.raises(TicketError):
        check_device_code("取号机")


def test_only_a_kiosk_has_a_paper_width_of_58_or_80_mm() -> None:
    assert [check_paper("kiosk", value) for value in (None, "", " 80 ", 58)] == [None, None, 80, 58]
    assert check_paper(DeviceKind.PAD, None) is None  # nothing set: any kind
    for value in (70, "80mm", True, 0):
        with pytest.raises(TicketError) as error:
            check_paper("kiosk", value)
        assert error.value.rule == "device.paper"
    with pytest.raises(TicketError) as error:
        check_paper("display", 80)
    assert error.value.rule == "device.paper_kind"

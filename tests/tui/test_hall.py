"""The hall's devices against the demo database, beside a clerk's session (issue 24,
docs/rules.md §24): the ticket kiosk takes a ticket in two keys and prints its receipt;
the calling display shows a clerk's call within its refresh, flashes it, and counts the
waiting."""

import logging
import string
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from counter_tui.documents.errors import FontError
from counter_tui.documents.pdfkit import PrintResult
from counter_tui.domain.errors import N_
from counter_tui.domain.tickets import DeviceKind, Priority, TicketState
from counter_tui.i18n import _
from counter_tui.services.auth import session_of
from counter_tui.services.centre.devices import bind_device, device_of_kind
from counter_tui.services.centre.queues import add_queue
from counter_tui.services.tickets.calling import call_next
from counter_tui.store.models import Staff, Ticket, TicketQueue, Window
from counter_tui.tui.hall.big import HEIGHT, big_rows
from counter_tui.tui.hall.display import Board, DisplayApp
from counter_tui.tui.hall.kiosk import KioskApp, Step, printed_words

SHANGHAI = ZoneInfo("Asia/Shanghai")


def kiosk(helpers, tmp_path: Path, **options: object) -> KioskApp:
    device = device_of_kind("kiosk-1", DeviceKind.KIOSK)
    return KioskApp(device, print_dir=tmp_path / "tickets", today=lambda: helpers.today, **options)


def display(helpers, **options: object) -> DisplayApp:
    device = device_of_kind("display-1", DeviceKind.DISPLAY)
    return DisplayApp(device, today=lambda: helpers.today, **options)


def newest_ticket() -> Ticket:
    return Ticket.select().order_by(Ticket.id.desc()).get()


def clerk_calls(window: int, hour: int) -> str:
    """The clerk of ``window`` calls the next ticket at ``hour`` of the demo's day: its
    label."""
    clerk = Staff.get_by_id(Window.get(Window.number == window).clerk_a_id)
    day = Ticket.select().order_by(Ticket.day.desc()).get().day
    local = datetime.combine(day, time(hour), tzinfo=SHANGHAI)
    return call_next(session_of(clerk), at=local.astimezone(UTC).replace(tzinfo=None)).label


async def test_the_kiosk_takes_an_ordinary_ticket_in_two_keys_and_prints_it(
    demo_db: str, helpers, tmp_path: Path
) -> None:
    before = Ticket.select().count()
    app = kiosk(helpers, tmp_path)
    async with app.run_test(size=helpers.size) as pilot:
        text = helpers.screen_text(app)
        assert "公安户政治安" in text and "示范市公安局" in text and "规划许可" in text
        await pilot.press("1", "enter")
        await helpers.settle(pilot)
        ticket = newest_ticket()
        assert Ticket.select().count() == before + 1
        assert (ticket.queue.prefix, ticket.priority) == ("A", Priority.NONE.value)
        assert ticket.state == TicketState.WAITING.value
        assert app.step is Step.RECEIPT and app.receipt is not None
        assert app.receipt.id == ticket.id
        text = helpers.screen_text(app)
        assert _("Your number") in text and "公安户政治安" in text
        ahead = app.receipt.people_ahead
        assert f"{ahead}" in text and ahead > 0  # the demo's morning left A tickets waiting
        printed = list((tmp_path / "tickets").iterdir())
        assert [path.suffix for path in printed] in ([".pdf"], [".html"])
        # Said as the visitor reads it; where the file went is not theirs to read.
        text = helpers.screen_text(app).replace("\n", "")
        assert printed[0].name not in text and str(tmp_path) not in text
        if printed[0].suffix == ".pdf":
            assert _("Your ticket has been printed") in text
        assert app.receipt.label in printed[0].name
        await pilot.press("5")  # any key: the next visitor
        assert app.step is Step.QUEUE and Ticket.select().count() == before + 1


def test_the_print_is_said_to_the_visitor_and_the_file_only_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "20261127-A012-7.pdf"
    caplog.set_level(logging.INFO, logger="counter_tui.tui.hall.kiosk")
    assert printed_words(PrintResult(path), "A012") == _("Your ticket has been printed")
    no_font = FontError("font.none", N_("No Chinese font was found."))
    said = printed_words(PrintResult(path.with_suffix(".html"), no_font), "A012")
    assert said == _(
        "Your ticket could not be printed: please remember your number {label}"
    ).format(label="A012")
    assert str(tmp_path) not in said
    logged = [record.getMessage() for record in caplog.records]
    assert str(path) in logged[0] and str(path.with_suffix(".html")) in logged[1]


async def test_a_priority_ticket_and_the_way_back(demo_db: str, helpers, tmp_path: Path) -> None:
    app = kiosk(helpers, tmp_path, receipt_seconds=3.0)
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.press("down", "down", "enter")  # the third queue, by the arrows
        assert app.step is Step.PRIORITY and "综合窗口" in helpers.screen_text(app)
        await pilot.press("escape")  # back: nothing taken
        assert app.step is Step.QUEUE
        before = Ticket.select().count()
        await pilot.press("3", "2")  # queue C, 残疾人
        await pilot.pause()
        assert app.step is Step.RECEIPT
        ticket = newest_ticket()
        assert Ticket.select().count() == before + 1
        assert (ticket.queue.prefix, ticket.priority) == ("C", Priority.DISABLED.value)
        assert _("priority: disabled") in helpers.screen_text(app)
        await helpers.settle(pilot)  # the receipt printed
        await pilot.pause(3.2)  # the receipt's seconds: back to the start by itself
        assert app.step is Step.QUEUE


async def test_the_kiosk_says_a_closed_queue_and_a_disabled_kiosk(
    demo_db: str, helpers, tmp_path: Path
) -> None:
    app = kiosk(helpers, tmp_path)
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.press("2")
        TicketQueue.update(active=False).where(TicketQueue.prefix == "B").execute()
        before = Ticket.select().count()
        await pilot.press("enter")
        assert Ticket.select().count() == before and app.step is Step.QUEUE
        closed = _("Queue {prefix} takes no tickets now").format(prefix="B")
        assert closed in helpers.screen_text(app) and "规划许可" not in helpers.screen_text(app)
        bind_device(None, "kiosk-1", "kiosk", active=False)
        await pilot.press("1", "enter")
        assert Ticket.select().count() == before
        assert "kiosk-1" in helpers.screen_text(app)


def printed_text(path: Path) -> str:
    """What a printed receipt says: the PDF's text, or the HTML without a Chinese font."""
    if path.suffix == ".html":
        return path.read_text(encoding="utf-8")
    return "".join(page.extract_text() for page in PdfReader(path).pages)


async def test_a_queue_of_one_common_item_reads_as_the_item_and_its_receipt_names_it(
    demo_db: str, helpers, tmp_path: Path
) -> None:
    add_queue(None, "D", "身份证窗口", "GA", item_code="GA-002", windows=[3])
    app = kiosk(helpers, tmp_path)
    async with app.run_test(size=helpers.size) as pilot:
        text = helpers.screen_text(app)
        assert "居民身份证换领" in text and "身份证窗口" not in text
        assert "公安户政治安" in text  # a queue of no item reads as before
        await pilot.press("4")
        lines = helpers.screen_text(app).splitlines()
        where = next(n for n, line in enumerate(lines) if "居民身份证换领" in line)
        assert "示范市公安局" in lines[where + 1]  # the department under the item
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert app.receipt is not None and app.receipt.label.startswith("D")
        assert "居民身份证换领" in helpers.screen_text(app)
        (printed,) = (tmp_path / "tickets").iterdir()
        assert "居民身份证换领" in printed_text(printed)


async def test_the_display_shows_a_call_within_its_refresh_and_flashes_it(
    demo_db: str, helpers
) -> None:
    app = display(helpers, refresh_seconds=0.2, flash_seconds=1.0)
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.pause()
        assert app.calls and not app.flashing  # the morning's calls do not flash
        waiting = {count.prefix: count.waiting for count in app.counts}
        text = helpers.screen_text(app)
        assert "公安户政治安" in text and _("Waiting") in text
        label = clerk_calls(2, 11)
        # Within two seconds (issue 24), whatever the load: the display's next reads.
        assert await helpers.until(pilot, lambda: app.calls[0].label == label, 2.0)
        assert app.calls[0].window == 2 and app.flashing == {app.calls[0].id}
        await pilot.pause()
        assert label in helpers.screen_text(app)  # the line under the title names it
        assert {c.prefix: c.waiting for c in app.counts}["A"] == waiting["A"] - 1
        assert await helpers.until(pilot, lambda: not app.flashing, 3.0)  # a second's flash
        assert app.calls[0].label == label
        bind_device(None, "display-1", "display", active=False)  # the administrator
        assert await helpers.until(pilot, lambda: not app.calls, 2.0)
        await pilot.pause()
        assert "display-1" in helpers.screen_text(app)
        assert label not in helpers.screen_text(app)


async def test_the_display_fills_a_large_terminal(demo_db: str, helpers) -> None:
    app = display(helpers)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        board = app.query_one(Board)
        large = (board.capacity(), board.latest_scale())
    app = display(helpers)
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.pause()
        board = app.query_one(Board)
        small = (board.capacity(), board.latest_scale())
        assert _("window") in helpers.screen_text(app)
    assert small[1] == 1 and large[1] > 1  # the latest call larger on a large terminal
    assert large[0] > small[0] >= 3  # more calls, and three at 80×24


def test_the_block_font_has_every_queue_letter_and_digit() -> None:
    chars = string.ascii_uppercase + string.digits
    shapes = {char: tuple(big_rows(char)) for char in chars}
    assert all(len(rows) == HEIGHT and len(set(map(len, rows))) == 1 for rows in shapes.values())
    assert len(set(shapes.values())) == len(chars)  # no two alike (O and 0 differ)
    assert big_rows("A1", 2) == [
        row.replace("█", "██").replace(" ", "  ") for row in big_rows("A1") for _copy in (1, 2)
    ]

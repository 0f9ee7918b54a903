"""The clerk at the keyboard: the real CounterApp at 80×24 under Textual's Pilot, in a
child process of bench/keys.py and bench/day.py, and the bare Textual app beside it.

    python -P bench/clerk.py keys PARAMS REPEATS   # each key of issue 17, timed
    python -P bench/clerk.py bare PARAMS REPEATS   # a bare app's push, pop and letters
    python -P bench/clerk.py day PARAMS ROUNDS     # the clerk's round, ROUNDS times

PARAMS is JSON (bench/keys.py's ``params``): the database, the clerk and PIN, the day,
the guide search typed in F2 and F3 and the item ids it finds, the case number typed in
F8. The driver uses keys and public attributes only (``app.screen`` and its class,
widget ids) and checks the screen after every key: a key that lands on another screen
stops the run and names it (a bench that measures the wrong screen is worse than none).

A press is timed from before the key until the app has settled: the key handled, every
worker finished, the screen's messages processed (``pilot.pause``). CPU is the process's
(``time.process_time``: every thread, the workers' too), wall is ``perf_counter``.
Pilot's waits cost CPU of their own, in proportion to the screen: each walks it, posting
a callback to every widget and waiting until each has run it
(``Pilot._wait_for_screen``). A press holds two walks, which took about 15 ms on the
applicant form's 56 widgets and 1 ms on the bare app's two. So after each press the same
two walks run again without a key, on the screen it settled on, and their CPU is recorded
beside the press's (the harness's share, which bench/keys.py takes off). The child prints
one JSON line. ``-P`` keeps bench/ off its path: it imports no benchmark.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

SIZE = (80, 24)  # the terminal
SHOWN_WITHIN = 10.0  # seconds: results not shown by then are a failure, not a figure
MOST_ESCAPES = 8  # more than any screen stack of the round holds
# Seconds: the clerk's first pause after sign-in. The app's warm-up starts 2 s into it and
# the session is set aside once it is done: 2.3 s here, later under load (a day run
# beside the tests left 79,000 objects out of it, 37,000 alone). A person waits longer.
FIRST_WAIT = 3.5
WINDOW_CASES = 221  # open cases at the clerk's window in issue 17's measurements
APPLICANT_NAME = "wang"  # typed into the applicant form (issue 17: typing in any field)


class WrongScreen(RuntimeError):
    """A key did not lead where the clerk expected."""


class Clerk:
    """Presses keys on a running app, times them and checks where they led."""

    def __init__(self, pilot: Any) -> None:
        self.pilot = pilot
        self.app = pilot.app
        # kind → [(CPU ms, wall ms, the harness's CPU ms)]; None while not recorded.
        self.samples: dict[str, list[tuple[float, float, float]]] | None = {}

    async def settle(self) -> None:
        """Until every worker has finished and the screen has processed its messages."""
        while True:
            await self.app.workers.wait_for_complete()
            await self.pilot.pause()
            if all(worker.is_finished for worker in self.app.workers):
                return

    def check(self, expect: type | tuple[type, ...], after: str) -> None:
        if not isinstance(self.app.screen, expect):
            wanted = expect if isinstance(expect, tuple) else (expect,)
            raise WrongScreen(
                f"after {after!r} the app shows {type(self.app.screen).__name__}, "
                f"not {' or '.join(t.__name__ for t in wanted)}"
            )

    def record(self, kind: str, cpu: float, wall: float, harness: float = 0.0) -> None:
        if self.samples is not None:
            self.samples.setdefault(kind, []).append((cpu * 1000, wall * 1000, harness * 1000))

    async def harness(self) -> float:
        """The CPU of a press's two walks of the screen as it is now, without a key: one as
        ``pilot.press`` waits after the key, one as ``settle`` pauses (``pause(0)`` walks
        and goes on at once: no time for a timer of the screen to run meanwhile)."""
        cpu = time.process_time()
        for _ in range(2):
            await self.pilot.pause(0)
        return time.process_time() - cpu

    async def press(
        self, key: str, expect: type | tuple[type, ...], kind: str | None = None
    ) -> None:
        """Press ``key``, wait until settled, record the time under ``kind``, check the screen."""
        cpu, wall = time.process_time(), time.perf_counter()
        await self.pilot.press(key)
        await self.settle()
        if kind is not None and self.samples is not None:
            used = time.process_time() - cpu, time.perf_counter() - wall
            self.record(kind, *used, await self.harness())
        self.check(expect, key)

    async def type_search(self, where: str, query: str, shown: Callable[[], bool]) -> None:
        """Type ``query``: each letter but the last timed until settled (``a letter in the
        … search``); the last one is posted as the terminal would and, from then, the wall
        time until ``shown()`` holds (``… search results shown``), whatever debounce the
        screen uses. Pilot's ``press`` is not used there: it waits for the process to idle
        (two 20 ms sleeps at least), which would count as the clerk's wait."""
        from textual import events

        screen = type(self.app.screen)
        letter = f"a letter in the {where} search"
        for key in query[:-1]:
            await self.press(key, screen, letter)
        last = query[-1]
        if not (last.isdigit() or last.islower()):
            raise ValueError(f"the last key of {query!r} must be a digit or a small letter")
        cpu, wall = time.process_time(), time.perf_counter()
        self.app.post_message(events.Key(last, last))
        while not shown():
            if time.perf_counter() - wall > SHOWN_WITHIN:
                raise WrongScreen(f"the {where} search never showed the hits of {query!r}")
            await asyncio.sleep(0.001)
        shown_after = time.process_time() - cpu, time.perf_counter() - wall
        self.record(f"{where} search results shown", *shown_after)
        await self.settle()
        self.check(screen, last)

    async def back_home(self, kind: str | None) -> None:
        """Esc until the home screen, each press recorded as ``kind from <screen>``."""
        from textual.screen import Screen

        from counter_tui.tui.screens.home import HomeScreen

        for _ in range(MOST_ESCAPES):
            if isinstance(self.app.screen, HomeScreen):
                return
            origin = type(self.app.screen).__name__
            await self.press("escape", Screen, kind and f"{kind} from {origin}")
        self.check(HomeScreen, f"{MOST_ESCAPES} × escape")


def rows(screen: Any, table_id: str) -> set[str]:
    """The keys of the rows a table of ``screen`` holds now; for the item search's list
    (not a DataTable since issue 17), the item ids of the hits it shows."""
    from textual.widgets import DataTable

    table = screen.query_one(f"#{table_id}")
    if isinstance(table, DataTable):
        return {str(key.value) for key in table.rows}
    hits = table.parent.hits
    return {str(hit.item_id) for hit in hits} if table.row_count == len(hits) else set()


def row_count(screen: Any, table_id: str) -> int:
    return screen.query_one(f"#{table_id}").row_count


# --- the counter's keys ---------------------------------------------------------------


async def sign_in(clerk: Clerk, params: dict[str, Any], kind: str | None) -> None:
    """Staff code, Enter, PIN, then Enter on the PIN (``kind``) to the home screen."""
    from counter_tui.tui.screens.home import HomeScreen
    from counter_tui.tui.screens.sign_in import SignInScreen

    clerk.check(SignInScreen, "the start")
    for key in [*params["clerk"], "enter", *params["pin"]]:
        await clerk.press(key, SignInScreen)
    await clerk.press("enter", HomeScreen, kind)


async def item_list(clerk: Clerk, kind: str | None) -> None:
    """F2 to the item search: when the clerk's drafts show first (a draft of an earlier
    round), each is discarded (Del) and F2 again goes on to the item search."""
    from counter_tui.tui.screens.cases import DraftsScreen
    from counter_tui.tui.screens.intake import ItemStep

    await clerk.press("f2", (DraftsScreen, ItemStep), kind)
    if isinstance(clerk.app.screen, DraftsScreen):
        await discard_drafts(clerk)
        await clerk.press("f2", ItemStep)


async def discard_drafts(clerk: Clerk) -> None:
    from counter_tui.tui.screens.cases import DraftsScreen

    while (left := row_count(clerk.app.screen, "case-list")) > 0:
        await clerk.press("delete", DraftsScreen)
        if row_count(clerk.app.screen, "case-list") >= left:
            raise WrongScreen("Del did not discard the highlighted draft")


def guide_hits_shown(clerk: Clerk, params: dict[str, Any]) -> Callable[[], bool]:
    expected = {str(item) for item in params["guide_hits"]}
    return lambda: rows(clerk.app.screen, "guide-results") == expected


def case_shown(clerk: Clerk, params: dict[str, Any]) -> Callable[[], bool]:
    expected = {params["case_query"]}
    return lambda: rows(clerk.app.screen, "case-list") == expected


async def keys_once(clerk: Clerk, params: dict[str, Any]) -> None:
    """One of each key of issue 17, from the sign-in screen back to it."""
    from counter_tui.tui.screens.case_detail import CaseDetailScreen
    from counter_tui.tui.screens.cases import DraftsScreen, FindCaseScreen
    from counter_tui.tui.screens.guide import GuideScreen
    from counter_tui.tui.screens.home import HomeScreen
    from counter_tui.tui.screens.intake import ApplicantStep, ItemStep
    from counter_tui.tui.screens.lookup import LookupScreen
    from counter_tui.tui.screens.queue import QueueScreen
    from counter_tui.tui.screens.reports import ReportsScreen
    from counter_tui.tui.screens.sign_in import SignInScreen

    await sign_in(clerk, params, "sign-in (Enter on the PIN)")
    # The clerk reads home before the first key, as day.py's does and a person does. The
    # app sets the session's objects aside at that first pause (docs/architecture.md §4.8);
    # a clerk who never paused left them to the full collections, ~100 ms on a key now and
    # then (the p95 of the rounds before the eighth).
    await clerk.pilot.pause(FIRST_WAIT)
    # No draft is left from before (below): F2 shows the item search.
    await clerk.press("f2", ItemStep, "F2 item list")
    await clerk.type_search("F2", params["guide_query"], guide_hits_shown(clerk, params))
    await clerk.press("enter", ApplicantStep, "Enter on an item")
    for key in APPLICANT_NAME:  # into the name field, which has the focus
        await clerk.press(key, ApplicantStep, "a letter in the applicant form")
    await clerk.back_home("Esc back")
    # The draft just started is discarded, unmeasured, so the next F2 is the same.
    await clerk.press("f2", (DraftsScreen, ItemStep))
    if isinstance(clerk.app.screen, DraftsScreen):
        await discard_drafts(clerk)
    await clerk.back_home(None)

    await clerk.press("f3", LookupScreen, "F3 guide lookup")
    await clerk.type_search("F3", params["guide_query"], guide_hits_shown(clerk, params))
    await clerk.press("enter", GuideScreen, "Enter on a guide")
    await clerk.press("escape", LookupScreen, "Esc back from GuideScreen")
    await clerk.press("escape", HomeScreen, "Esc back from LookupScreen")
    # The session keeps its lookup and queue (docs/architecture.md §4.3): shown again.
    await clerk.press("f3", LookupScreen, "F3 again in the session")
    await clerk.press("escape", HomeScreen, "Esc back from LookupScreen")

    await clerk.press("f5", QueueScreen, "F5 queue")
    if row_count(clerk.app.screen, "queue-table") == 0:
        raise WrongScreen("the queue shows no case to open")
    await clerk.press("enter", CaseDetailScreen, "Enter on a case (detail)")
    await clerk.press("escape", QueueScreen, "Esc back from CaseDetailScreen")
    await clerk.press("escape", HomeScreen, "Esc back from QueueScreen")
    await clerk.press("f5", QueueScreen, "F5 again in the session")  # the kept queue
    await clerk.press("escape", HomeScreen, "Esc back from QueueScreen")

    await clerk.press("f6", ReportsScreen, "F6 reports (figures shown)")
    if row_count(clerk.app.screen, "report-table") == 0:
        raise WrongScreen("F6 settled without figures")
    await clerk.press("escape", HomeScreen, "Esc back from ReportsScreen")

    await clerk.press("f8", FindCaseScreen, "F8 find a case")
    await clerk.type_search("F8", params["case_query"], case_shown(clerk, params))
    await clerk.press("escape", HomeScreen, "Esc back from FindCaseScreen")

    await clerk.press("ctrl+o", SignInScreen)  # signed out, for the next sign-in


async def no_reading() -> None:
    """A clerk who reads nothing: keys back to back."""


async def a_round(
    clerk: Clerk, params: dict[str, Any], read: Callable[[], Awaitable[None]] = no_reading
) -> None:
    """home → F2 → a search → an item → Esc → F5 → a case → Esc → F8 → F6 → F3 → a guide
    → home (Esc, as often as it takes); ``read`` where the clerk reads a screen (the
    queue, the case, the figures, the guide)."""
    from counter_tui.tui.screens.case_detail import CaseDetailScreen
    from counter_tui.tui.screens.cases import FindCaseScreen
    from counter_tui.tui.screens.guide import GuideScreen
    from counter_tui.tui.screens.home import HomeScreen
    from counter_tui.tui.screens.intake import ApplicantStep, ItemStep
    from counter_tui.tui.screens.lookup import LookupScreen
    from counter_tui.tui.screens.queue import QueueScreen
    from counter_tui.tui.screens.reports import ReportsScreen

    clerk.check(HomeScreen, "the last round")
    await item_list(clerk, None)
    for key in params["guide_query"]:
        await clerk.press(key, ItemStep)
    await clerk.press("enter", ApplicantStep)
    await clerk.back_home(None)
    await clerk.press("f5", QueueScreen)
    await read()
    await clerk.press("enter", CaseDetailScreen)
    await read()
    await clerk.press("escape", QueueScreen)
    await clerk.press("f8", FindCaseScreen)
    await clerk.press("f6", ReportsScreen)
    await read()
    await clerk.press("f3", LookupScreen)
    await clerk.press("enter", GuideScreen)
    await read()
    await clerk.back_home(None)


def counter_app(params: dict[str, Any]) -> Any:
    from datetime import date
    from pathlib import Path
    from tempfile import mkdtemp

    from counter_tui.store.database import connect
    from counter_tui.tui.app import CounterApp

    connect(params["database"])
    today = date.fromisoformat(params["today"])
    return CounterApp(today=lambda: today, print_dir=Path(mkdtemp()))


async def run_keys(params: dict[str, Any], repeats: int) -> dict[str, Any]:
    """One warm-up (the first sign-in, imports, the index's first load), then ``repeats``."""
    async with counter_app(params).run_test(size=SIZE) as pilot:
        clerk = Clerk(pilot)
        await clerk.settle()
        first: dict[str, list[tuple[float, float]]] = {}
        clerk.samples = first
        await keys_once(clerk, params)
        clerk.samples = {}
        for _ in range(repeats):
            await keys_once(clerk, params)
        return {"samples": clerk.samples, "first": first}


# --- the bare app ---------------------------------------------------------------------


def bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Input, Static

    class Second(Screen[None]):
        BINDINGS: ClassVar = [("escape", "app.pop_screen", "Back")]

        def compose(self) -> ComposeResult:
            yield Static("second")

    class First(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="field")

    class Bare(App[None]):
        BINDINGS: ClassVar = [("f2", "second", "Push")]

        def on_mount(self) -> None:
            self.push_screen(First())

        def action_second(self) -> None:
            self.push_screen(Second())  # a new screen each time, as the program's keys

    return Bare(), First, Second


async def bare_once(clerk: Clerk, params: dict[str, Any], first: type, second: type) -> None:
    await clerk.press("f2", second, "push")
    await clerk.press("escape", first, "pop")
    for key in params["guide_query"]:
        await clerk.press(key, first, "a letter")
    await clerk.press("ctrl+u", first)  # the field emptied for the next
    if clerk.app.screen.query_one("#field").value:
        raise WrongScreen("Ctrl+U left the bare app's field as it was")


async def run_bare(params: dict[str, Any], repeats: int) -> dict[str, Any]:
    """Push (F2), pop (Esc), then the guide search's letters into the Input, each timed."""
    app, first_screen, second_screen = bare_app()
    async with app.run_test(size=SIZE) as pilot:
        clerk = Clerk(pilot)
        await clerk.settle()
        first: dict[str, list[tuple[float, float]]] = {}
        clerk.samples = first
        await bare_once(clerk, params, first_screen, second_screen)
        clerk.samples = {}
        for _ in range(repeats):
            await bare_once(clerk, params, first_screen, second_screen)
        return {"samples": clerk.samples, "first": first}


# --- the day ------------------------------------------------------------------------


class Pauses:
    """Generation-2 collections (gc.callbacks): the round each fell in and how long it
    took; those the bench asks for (to count what is kept) and those in the pauses
    as the clerk reads (no key waits for them) apart."""

    def __init__(self) -> None:
        self.round = 0
        self.asked = False
        self.idle = False
        self._started = 0.0
        self.automatic: list[tuple[int, float]] = []
        self.counted: list[tuple[int, float]] = []
        self.at_idle: list[tuple[int, float]] = []

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
            return
        ms = (time.perf_counter() - self._started) * 1000
        kind = self.counted if self.asked else self.at_idle if self.idle else self.automatic
        kind.append((self.round, ms))


def resident_mb() -> float:
    # As bytes: a text encoding's first use would import a module into the app's process.
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def kept(pauses: Pauses) -> tuple[int, float]:
    """Tracked objects once the garbage is collected, those the app set aside
    (``gc.freeze``) with them, and the resident memory in MB."""
    pauses.asked = True
    gc.collect()
    pauses.asked = False
    return len(gc.get_objects()) + gc.get_freeze_count(), resident_mb()


async def run_day(params: dict[str, Any], rounds: int) -> dict[str, Any]:
    """Sign in, wait for the first applicant (FIRST_WAIT), then ``rounds`` rounds, the
    clerk reading four screens of each for ``params["reading"]`` seconds (none: keys back
    to back); every ten rounds (and after the last) what is kept."""
    pauses = Pauses()
    reading = params.get("reading", 0.0)

    async def idle(seconds: float) -> None:
        pauses.idle = True
        await pilot.pause(seconds)
        pauses.idle = False

    async def read() -> None:
        if reading:
            await idle(reading)

    trajectory = []
    started = time.perf_counter()
    async with counter_app(params).run_test(size=SIZE) as pilot:
        clerk = Clerk(pilot)
        clerk.samples = None
        await clerk.settle()
        await sign_in(clerk, params, None)
        gc.callbacks.append(pauses)
        if reading:
            await idle(FIRST_WAIT)
        for number in range(1, rounds + 1):
            pauses.round = number
            await a_round(clerk, params, read)
            if number % 10 == 0 or number == rounds:
                objects, resident = kept(pauses)
                seconds = time.perf_counter() - started
                trajectory.append((number, objects, resident, seconds))
                print(  # a long run shows how far it got (the parent lets stderr through)
                    f"  round {number}: {objects:,} objects, {resident:.0f} MB, {seconds:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
        gc.callbacks.remove(pauses)
    return {
        "trajectory": trajectory,
        "automatic": pauses.automatic,
        "counted": pauses.counted,
        "at_idle": pauses.at_idle,
    }


# --- the parent's side -----------------------------------------------------------------


def params(database: str) -> dict[str, Any]:
    """What the children need, chosen in ``database`` (bench/centre.py's ``counter_copy``):
    clerk A of the window whose open cases are nearest WINDOW_CASES; the guide search (the
    first pinyin initials of an imported item of the clerk's department that find under
    50 items, and fewer or others with one letter less: the F2 and F3 lists then hold
    every hit whatever their order, and the last key changes them); a case of the
    department waiting for its supplement (any case in a small centre), its number typed
    whole in F8."""
    import centre
    from peewee import fn

    from counter_tui.services.auth import session_of
    from counter_tui.services.cases.finding import find_cases
    from counter_tui.services.cases.queue import QUEUE_STATES
    from counter_tui.services.catalog.guide_search import GuideIndex
    from counter_tui.store.database import connect
    from counter_tui.store.models import Case, Item, Staff, Window, database_proxy

    database_proxy.close()
    connect(database)
    try:
        window, open_cases = min(
            Case.select(Case.window, fn.COUNT(Case.id))
            .where(Case.state.in_([state.value for state in QUEUE_STATES]))
            .group_by(Case.window)
            .tuples(),
            key=lambda row: abs(row[1] - WINDOW_CASES),
        )
        window_number = Window.get_by_id(window).number
        staff = Staff.get(Staff.code == centre.clerk_code(window_number, "a"))
        index = GuideIndex.load()
        query, hits = "", []
        for code, initials in (
            Item.select(Item.code, Item.pinyin_initials)
            .where(Item.department == staff.department, Item.code.contains("-"))
            .order_by(Item.code)
            .tuples()
        ):
            found = {hit.code: hit.item_id for hit in index.search(initials[:6], 250)}
            fewer = {hit.code for hit in index.search(initials[:5], 250)}
            if code in found and len(found) < 50 and set(found) != fewer:
                query, hits = initials[:6], list(found.values())
                break
        (number,) = database_proxy.execute_sql(
            "SELECT number FROM \"case\" WHERE department_id = ? AND state != 'withdrawn' "
            "ORDER BY state != 'awaiting_supplement', id LIMIT 1",
            (staff.department_id,),
        ).fetchone()
        if not query or [c.number for c in find_cases(session_of(staff), number)] != [number]:
            raise RuntimeError("no guide search or case number for the clerk to type")
    finally:
        database_proxy.close()  # the next benchmark points the store where it needs it
    return {
        "database": database,
        "clerk": staff.code,
        "window_cases": open_cases,
        "pin": centre.PIN,
        "today": centre.TODAY.isoformat(),
        "guide_query": query,
        "guide_hits": hits,
        "case_query": number,
    }


def describe(arguments: dict[str, Any]) -> str:
    return (
        f"clerk {arguments['clerk']}, {arguments['window_cases']} open cases at the window; "
        f"guide search {arguments['guide_query']!r} ({len(arguments['guide_hits'])} items); "
        f"F8 {arguments['case_query']}"
    )


def child(
    kind: str, arguments: dict[str, Any], count: int, *, progress: bool = False
) -> dict[str, Any]:
    """Run this file as a child (``keys``, ``bare`` or ``day``) and read its JSON line;
    with ``progress`` its stderr goes straight to ours (a day takes long)."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-P", __file__, kind, json.dumps(arguments), str(count)],
        stdout=subprocess.PIPE,
        stderr=None if progress else subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        said = "above" if progress else f":\n{done.stderr[-3000:]}"
        raise RuntimeError(f"the {kind} child failed, its error {said}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    kind, params, count = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
    run = {"keys": run_keys, "bare": run_bare, "day": run_day}[kind]
    print(json.dumps(asyncio.run(run(params, count))))

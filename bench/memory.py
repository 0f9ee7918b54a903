"""Peak memory of the TUI opened on a centre of a million cases, beside a bare Textual app.

    .venv/bin/python bench/memory.py [--cases 1000000] [--quick]

Runs the real app in a child process, headless (Textual's ``run_test``, driven by a
Pilot as the Pilot tests drive it): clerk A of window 1 signs in with the PIN, the home
screen shows the clerk's queue, F5 opens the queue and S switches it to the window's
open cases; the clerk reads it until the session's print warm-up has run (fpdf2 and the
fonts, which every session loads at the clerk's first pause, tui/app.py); then the app
exits and the child reports its peak resident memory (VmHWM).
The baseline is the same driver with a bare Textual app showing one Static. Both
children run through this file (``--child``; ``-P`` keeps bench/ off their path). The
issue's budget: 150 MB.
"""

import sys


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


async def _drive_app(database: str, code: str, pin: str, today: str) -> str:
    """Sign in, the home screen, F5, the window's scope: what the clerk saw, in short."""
    from datetime import date
    from tempfile import mkdtemp

    from textual.widgets import DataTable

    from counter_tui.services.cases.queue import WINDOW
    from counter_tui.store.database import connect
    from counter_tui.tui.app import WARM_UP_AFTER, CounterApp
    from counter_tui.tui.screens.queue import QueueScreen

    connect(database)
    day = date.fromisoformat(today)
    app = CounterApp(today=lambda: day, print_dir=mkdtemp())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*code, "enter", *pin, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        signed_in = app.session is not None
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        if not (signed_in and isinstance(screen, QueueScreen) and screen.scope == WINDOW):
            return "the window's queue was not reached"
        shown = f"window queue of {screen.query_one('#queue-table', DataTable).row_count} cases"
        # Until the warm-up has run: it waits for a pause of WARM_UP_AFTER, looked for as
        # often. Without it the peak was 80 or 140 MB from run to run on the same code.
        await pilot.pause(2 * WARM_UP_AFTER + 0.5)
        await app.workers.wait_for_complete()
        return shown if "fpdf" in sys.modules else "the print's warm-up did not run"


async def _drive_bare() -> str:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("counter-tui")

    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    return "bare app"


if len(sys.argv) > 2 and sys.argv[1] == "--child":
    import asyncio

    kind = sys.argv[2]
    shown = asyncio.run(_drive_bare() if kind == "bare" else _drive_app(*sys.argv[3:7]))
    print(f"{_peak_mb():.1f} {shown}")
    sys.exit(0)

import argparse  # noqa: E402  (the children stop above)
import subprocess  # noqa: E402

from centre import CASES, CLERK, PIN, TODAY, shared  # noqa: E402
from figures import Figure  # noqa: E402

BUDGET_MB = 150.0


def child(*args: str) -> tuple[float, str]:
    """Run one child; its peak resident memory in MB and what it reached."""
    done = subprocess.run(
        [sys.executable, "-P", __file__, "--child", *args], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {args[0]} child failed:\n{done.stderr[-2000:]}")
    peak, _, shown = done.stdout.strip().splitlines()[-1].partition(" ")
    return float(peak), shown


def measure(cases: int, quick: bool) -> dict[str, tuple[float, str]]:
    """The larger peak of the runs of each (one in quick mode, else three)."""
    path = str(shared(cases))
    runs = 1 if quick else 3
    app = [child("app", path, CLERK, PIN, TODAY.isoformat()) for _ in range(runs)]
    bare = [child("bare") for _ in range(runs)]
    return {"app": max(app), "bare": max(bare)}


def _reached(shown: str) -> bool:
    return shown.startswith("window queue of ") and not shown.endswith(" 0 cases")


def figures(quick: bool) -> list[Figure]:
    found = measure(CASES, quick)
    (app, shown), (bare, _) = found["app"], found["bare"]
    return [
        Figure(
            "TUI peak memory, 1M cases",
            f"{app:.0f} MB",
            f"bare Textual app {bare:.0f} MB",
            f"≤ {BUDGET_MB:.0f} MB",
            app <= BUDGET_MB and _reached(shown),
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--quick", action="store_true", help="one run of each, not three")
    args = parser.parse_args(argv)
    found = measure(args.cases, args.quick)
    for name, (peak, shown) in found.items():
        print(f"{name:4} peak {peak:6.1f} MB  ({shown})")
    app, shown = found["app"]
    print(f"within {BUDGET_MB:.0f} MB: {app <= BUDGET_MB}")
    return 0 if app <= BUDGET_MB and _reached(shown) else 1


if __name__ == "__main__":
    sys.exit(main())

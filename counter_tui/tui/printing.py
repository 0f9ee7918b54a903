"""Printing in a worker thread on the app, shared by the guide and the case documents.

fpdf2's import and the font parsing take about a second: the screen stays live, the
clerk may even leave it, and a notification says where the file went, or why it is
HTML instead of a PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from importlib import import_module
from pathlib import Path

from textual.app import App
from textual.worker import WorkerState

from counter_tui.documents.pdfkit import PrintResult, warm_up
from counter_tui.domain.errors import DomainError
from counter_tui.i18n import _, explain
from counter_tui.tui.workers import forgets_its_worker

PRINT_GROUP = "print"
# Long enough to read where the file went; not so long that it covers the next screens
# (issue 21 item 24: the print toast stayed over them for 20 s).
NOTICE_SECONDS = 6


def print_in_worker(
    app: App[None],
    path: Path,
    job: Callable[[], PrintResult],
    *,
    busy: str,
    started: str,
    failed: str,
    worded: Callable[[PrintResult], str] = PrintResult.message,
) -> None:
    """Run ``job`` (which writes ``path``) in a thread on the app and tell the clerk how it
    went. ``busy``, ``started`` and ``failed`` are translated sentences: the same file is
    already being printed; printing has started; it failed (``{reason}``). ``worded``
    says how it went (by default where the file went, or why it is HTML instead)."""
    running = any(
        worker.group == PRINT_GROUP
        and worker.name == str(path)
        and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
        for worker in app.workers
    )
    if running:
        app.notify(busy, markup=False)
        return
    app.notify(started, timeout=3, markup=False)

    @forgets_its_worker
    def work() -> None:
        try:
            result = job()
        except DomainError as error:
            message, severity = explain(error), "error"
        except Exception as error:  # a crash in a worker would otherwise go unseen
            message, severity = failed.format(reason=error), "error"
        else:
            message = worded(result)
            severity = "information" if result.is_pdf else "warning"
        # RuntimeError: the program was closed meanwhile; the file is written anyway.
        with suppress(RuntimeError):
            app.call_from_thread(
                app.notify,
                message,
                title=_("Print"),
                severity=severity,
                timeout=NOTICE_SECONDS,
                markup=False,
            )

    # On the app, not the screen: the file is still written when the clerk leaves.
    app.run_worker(work, name=str(path), group=PRINT_GROUP, thread=True, exit_on_error=False)


def warm_up_in_worker(
    app: App[None], then: Callable[[], None], modules: Sequence[str] = ()
) -> None:
    """Import ``modules`` (a session's screens), fpdf2, and find the font in a thread on
    the app: the session's first print, and each screen's first opening, then cost what
    the later ones do (issue 17: the first print took about 800 ms, of which 500 ms were
    these). ``then`` runs on the event loop when it is done."""

    @forgets_its_worker
    def work() -> None:
        for name in modules:
            import_module(name)
        warm_up()
        with suppress(RuntimeError):  # the program was closed meanwhile
            app.call_from_thread(then)

    app.run_worker(work, group="print-warm-up", thread=True, exit_on_error=False)

"""The figures (F6): a period, a grouping and a scope; a table of the main figures per
group and in total, the volume received per day (or per week) as a small chart, and
the files: the figures as CSV or XLSX, the daily overdue report as a PDF. Under the
table, one line of the bundle cases (一件事, docs/rules.md §21) in total: received,
completed, on time, late and the on-time rate.

Whose figures is decided in the service (``report_scope``): a clerk sees their own
cases, a chief representative their department or the whole centre, an administrator
the whole centre or one department. The report runs in a worker; one that takes a while
shows a progress bar.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import DataTable, Input, ProgressBar, Sparkline, Static
from textual.worker import get_current_worker

from counter_tui.documents.pdfkit import PrintResult
from counter_tui.domain.errors import N_, DomainError
from counter_tui.i18n import _, explain
from counter_tui.services.cases.access import Act
from counter_tui.services.reports.figures import (
    GROUPINGS,
    Figures,
    Report,
    ReportScope,
    centre_report,
    percent,
    report_departments,
    report_scope,
)
from counter_tui.services.reports.files import FIGURE_COLUMNS, export_report, figure_text
from counter_tui.services.reports.overdue import overdue_report, record_overdue
from counter_tui.tui.keys import GROUP_BY, REPORT_KEYS, SCOPE
from counter_tui.tui.printing import print_in_worker
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.screens.prompts import Prompt, row
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.fields import TextField
from counter_tui.tui.widgets.tables import fill_table, sideways_table, two_lines
from counter_tui.tui.widgets.text import plain
from counter_tui.tui.workers import forgets_its_worker

GROUP_WORDS = {
    None: N_("in total"),
    "department": N_("by department"),
    "window": N_("by window"),
    "staff": N_("by staff"),
    "item": N_("by item"),
}
PERIOD_WORDS = {
    "month": N_("This month"),
    "last_month": N_("Last month"),
    "year": N_("This year"),
    "custom": N_("Period"),
}
MIN_NAME = 8
MAX_NAME = 24  # the group's name stays in view while the figures scroll under ←/→
MAX_FIGURE = 14  # a longer header takes two lines (Average working / days taken)
WEEKLY_AFTER = 62  # days: a longer period is charted per week
# Seconds: a report done sooner shows no progress bar. A clerk's own figures take ~50 ms,
# and building the bar and redrawing it at every step cost a third of F6 (issue 17).
PROGRESS_AFTER = 0.25


def period_of(kind: str, today: date) -> tuple[date, date]:
    """This month, last month or this year, up to today (last month: whole)."""
    if kind == "month":
        return today.replace(day=1), today
    if kind == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if kind == "year":
        return today.replace(month=1, day=1), today
    raise ValueError(kind)


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """Every figure as wide as its header (a very long one is cut), the group's name as
    wide as it needs up to ``MAX_NAME``: wider than the screen, the table scrolls
    sideways under the name (issue 21 item 25)."""
    widths = {key: min(natural[key], MAX_FIGURE) for key in natural if key != "name"}
    widths["name"] = max(MIN_NAME, min(natural["name"], MAX_NAME))
    return widths


def volume_series(report: Report) -> tuple[list[int], bool]:
    """Cases received per day, or per week (Monday to Sunday) over a long period."""
    if len(report.daily) <= WEEKLY_AFTER:
        return [d.received for d in report.daily], False
    weeks: dict[date, int] = {}
    for day in report.daily:
        monday = day.day - timedelta(days=day.day.weekday())
        weeks[monday] = weeks.get(monday, 0) + day.received
    return list(weeks.values()), True


def bundles_line(figures: Figures) -> str:
    """The bundle cases (一件事) of the report in one line."""
    return _(
        "Bundle cases: {received} received · {completed} completed, {on_time} on time, "
        "{late} late ({rate})"
    ).format(
        received=figures.bundles_received,
        completed=figures.bundles_completed,
        on_time=figures.bundles_on_time,
        late=figures.bundles_late,
        rate=percent(figures.bundle_on_time_rate),
    )


def minutes_text(minutes: float | None) -> str:
    return "—" if minutes is None else f"{minutes:.1f}"


def row_name(by: str | None, key: str, label: str) -> str:
    """How a group is named in the table: a department by its name, a window by its
    number, a staff member or an item by code and name."""
    if by == "window":
        return _("Window {number}").format(number=key) if key else "—"
    if by == "department":
        return label
    return f"{key} {label}".strip()


class PeriodPrompt(Prompt[tuple[date, date] | None]):
    """The first and the last day of a period."""

    def __init__(self, date_from: date, date_to: date) -> None:
        super().__init__(_("Report period"))
        self.date_from, self.date_to = date_from, date_to

    def fields(self) -> ComposeResult:
        for name, label, value in (
            ("from", _("First day"), self.date_from),
            ("to", _("Last day"), self.date_to),
        ):
            field = TextField(value.isoformat(), id=name, max_length=10, restrict=r"[0-9-]*")
            yield row(label, field)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "from":
            self.query_one("#to", Input).focus()
            return
        try:
            first = date.fromisoformat(self.query_one("#from", Input).value.strip())
            last = date.fromisoformat(self.query_one("#to", Input).value.strip())
        except ValueError:
            self.show_error(_("Write the date as YYYY-MM-DD, e.g. 2026-12-04"))
            return
        if first > last:
            self.show_error(_("The first day comes after the last"))
            return
        self.dismiss((first, last))


class ReportsScreen(CounterScreen):
    CSS_PATH = "reports.tcss"
    CLOSES_ON_BACK: ClassVar[bool] = True
    AUTO_FOCUS = "#report-table"
    BINDINGS: ClassVar = [action.binding() for action in REPORT_KEYS]

    def __init__(self) -> None:
        super().__init__()
        self.period = "month"
        self.date_from: date | None = None
        self.date_to: date | None = None
        self.by: str | None = "department"
        self.scope_choice = 0  # index into scope_choices()
        self.report: Report | None = None
        # (steps done, steps in all) of the running report, written by its worker.
        self.steps: tuple[int, int | None] = (0, None)
        self.progress_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="report-caption")
        yield sideways_table("report-table")
        yield Static("", id="report-bundles")
        yield Static("", id="report-waiting")
        yield Static("", id="report-chart-caption")
        yield Sparkline([], id="report-chart")
        yield KeyBar()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#report-table", DataTable)

    def on_mount(self) -> None:
        self.sub_title = _("Reports")
        session = self.counter_app.session
        if session is not None and session.role == "clerk":
            self.by = None  # a clerk's own figures: one row
        self.set_period("month")

    # ── whose figures ─────────────────────────────────────────────────────────

    def scope_choices(self) -> list[tuple[bool, int | None]]:
        """(whole centre, department) pairs this person may switch between."""
        session = self.counter_app.session
        if session is None or session.role == "clerk":
            return [(False, None)]
        if session.role == "chief":
            return [(False, None), (True, None)]
        return [(True, None), *((False, d) for d, _name in report_departments())]

    def current_scope(self) -> ReportScope:
        session = self.counter_app.session
        assert session is not None  # F6 needs a session
        centre, department = self.scope_choices()[self.scope_choice]
        return report_scope(session, centre=centre, department_id=department)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == SCOPE.action:
            return len(self.scope_choices()) > 1
        if action == GROUP_BY.action:
            session = self.counter_app.session
            return session is not None and session.role != "clerk"
        return super().check_action(action, parameters)

    # ── the period, the grouping, the scope ────────────────────────────────────

    def set_period(self, kind: str, first: date | None = None, last: date | None = None) -> None:
        self.period = kind
        if kind == "custom":
            self.date_from, self.date_to = first, last
        else:
            self.date_from, self.date_to = period_of(kind, self.counter_app.today())
        self.load()

    def action_period(self, kind: str) -> None:
        self.set_period(kind)

    def action_custom_period(self) -> None:
        def chosen(period: tuple[date, date] | None) -> None:
            if period is not None:
                self.set_period("custom", *period)

        assert self.date_from is not None and self.date_to is not None
        self.app.push_screen(PeriodPrompt(self.date_from, self.date_to), chosen)

    def action_group_by(self) -> None:
        order: list[str | None] = [None, *GROUPINGS]
        self.by = order[(order.index(self.by) + 1) % len(order)]
        self.load()

    def action_scope(self) -> None:
        self.scope_choice = (self.scope_choice + 1) % len(self.scope_choices())
        self.load()

    # ── the report, in a worker ───────────────────────────────────────────────

    def caption(self, scope: ReportScope) -> str:
        assert self.date_from is not None and self.date_to is not None
        return "{period} {start} — {end} · {group} · {scope} · {more}".format(
            period=_(PERIOD_WORDS[self.period]),
            start=self.date_from.isoformat(),
            end=self.date_to.isoformat(),
            group=_(GROUP_WORDS[self.by]),
            scope=scope.label or _("Whole centre"),
            more=_("←/→: more figures"),
        )

    def load(self) -> None:
        try:
            scope = self.current_scope()
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        self.query_one("#report-caption", Static).update(plain(self.caption(scope)))
        self.steps = (0, None)
        if self.progress_timer is not None:
            self.progress_timer.stop()
        self.progress_timer = self.set_interval(PROGRESS_AFTER, self.show_progress)
        self.run_report(scope)

    def show_progress(self) -> None:
        """The running report's progress bar, mounted the first time a report is slow."""
        done, total = self.steps
        bar = self.query_one_optional("#report-progress", ProgressBar)
        if bar is None:
            bar = ProgressBar(total=total, show_eta=False, id="report-progress")
            self.mount(bar, after="#report-caption")
        bar.update(total=total, progress=done)
        bar.display = True

    def progress_over(self) -> None:
        if self.progress_timer is not None:
            self.progress_timer.stop()
            self.progress_timer = None
        if (bar := self.query_one_optional("#report-progress", ProgressBar)) is not None:
            bar.display = False

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    @forgets_its_worker
    def run_report(self, scope: ReportScope) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.steps = (done, total)

        assert self.date_from is not None and self.date_to is not None
        date_from, date_to = self.date_from, self.date_to
        report = self.call_in_worker(
            lambda: centre_report(
                date_from,
                date_to,
                by=self.by,
                today=self.counter_app.today(),
                scope=scope,
                progress=progress,
            ),
            _("The report could not be made: {reason}"),
        )
        if worker.is_cancelled:
            return
        if report is REFUSED:
            self.app.call_from_thread(self.progress_over)
        else:
            self.app.call_from_thread(self.show_report, report)

    def show_report(self, report: Report) -> None:
        self.report = report
        self.progress_over()
        headers = {"name": _(GROUP_WORDS[report.by]) if report.by else ""}
        headers |= {c.name: two_lines(_(c.header), MAX_FIGURE) for c in FIGURE_COLUMNS}
        lines = [(row_name(report.by, r.key, r.label), r.figures) for r in report.rows]
        lines.append((_("Total"), report.total))
        rows = [
            {"name": name, **{c.name: figure_text(figures, c) for c in FIGURE_COLUMNS}}
            for name, figures in lines
        ]
        styles = [{} for _line in lines[:-1]] + [{key: "bold" for key in rows[-1]}]
        keys = [f"row-{n}" for n in range(len(rows))]
        fill_table(self.table, headers, rows, keys, column_widths, self.size.width, styles)
        self.query_one("#report-bundles", Static).update(plain(bundles_line(report.total)))
        self._show_waiting(report.total)
        series, weekly = volume_series(report)
        chart = self.query_one("#report-chart", Sparkline)
        chart.data = series
        words = _("Received per week") if weekly else _("Received per day")
        self.query_one("#report-chart-caption", Static).update(
            plain(
                _("{what}: {total} in all, at most {most}").format(
                    what=words, total=sum(series), most=max(series, default=0)
                )
            )
        )

    def _show_waiting(self, total: Figures) -> None:
        """The hall's tickets in one line (docs/rules.md §24), where any were taken."""
        line = self.query_one("#report-waiting", Static)
        line.display = total.tickets_taken > 0
        text = _(
            "Tickets: {taken} taken, {called} called · wait {average} min on average "
            "(at most {longest}) · service {service} min"
        )
        line.update(
            plain(
                text.format(
                    taken=total.tickets_taken,
                    called=total.tickets_called,
                    average=minutes_text(total.average_wait_minutes),
                    longest=minutes_text(total.longest_wait_minutes),
                    service=minutes_text(total.average_service_minutes),
                )
            )
        )

    def on_resize(self) -> None:
        if self.report is not None:
            self.show_report(self.report)

    # ── the files ─────────────────────────────────────────────────────────────

    def _path(self, name: str) -> Path:
        return self.counter_app.document_dir / name

    def action_export(self, kind: str) -> None:
        report = self.report
        if report is None:
            return
        group = report.by or "total"
        path = self._path(
            f"report_{report.date_from.isoformat()}_{report.date_to.isoformat()}_{group}.{kind}"
        )

        @forgets_its_worker
        def work() -> None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                export_report(report, path, kind, _)
            except DomainError as error:
                message, severity = explain(error), "error"
            except OSError as error:
                message = _("The report could not be exported: {reason}").format(reason=error)
                severity = "error"
            else:
                message, severity = _("Report written to {file}").format(file=path), "information"
            self.app.call_from_thread(
                self.app.notify, message, severity=severity, timeout=20, markup=False
            )

        self.notify(_("Exporting the report…"), timeout=3, markup=False)
        self.app.run_worker(work, name=str(path), group="export", thread=True, exit_on_error=False)

    def action_print_overdue(self) -> None:
        try:
            scope = self.current_scope()
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        from counter_tui.documents.overdue import print_overdue

        today = self.counter_app.today()
        session = self.counter_app.session
        path = self._path(f"overdue_{today.isoformat()}.pdf")

        def job() -> PrintResult:
            report = record_overdue(session, overdue_report(today, scope), Act.PRINTED, "pdf")
            return print_overdue(report, path, printed_on=today)

        print_in_worker(
            self.app,
            path,
            job,
            busy=_("The overdue report is already being printed."),
            started=_("Printing the overdue report…"),
            failed=_("The overdue report could not be printed: {reason}"),
        )

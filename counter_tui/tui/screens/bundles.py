"""A bundle of items at a comprehensive window (一件事, docs/rules.md §21): the picker F2
opens there, and a bundle case's detail. The intake itself (the applicant once, the
merged checklist, the decision) is the single intake's screens in their bundle form
(``BundleApplicantStep``, ``BundleChecklistStep``).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from counter_tui.documents.labels import fact
from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.supervision import ISSUER_ROLES
from counter_tui.i18n import _
from counter_tui.services.bundles.progress import BundleCaseView, bundle_case_view, deliver_bundle
from counter_tui.services.bundles.reading import BundleRatings, bundle_documents, bundle_ratings
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.catalog.bundles import BundleSummary, bundles
from counter_tui.services.supervision.targets import Target
from counter_tui.tui.case_text import rated_step_text
from counter_tui.tui.joint import choose_key_project, supervise
from counter_tui.tui.keys import (
    BUNDLE_DELIVER,
    BUNDLE_OPEN_CASE,
    BUNDLE_REPRINT,
    BUNDLE_SUPERVISE,
    CASE_CONTINUE,
    CASE_KEY_PROJECT,
)
from counter_tui.tui.labels import LIGHT_STYLES, due_text, light_label, state_label
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.screens.prompts import ConfirmPrompt
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.tables import fill_table, row_table
from counter_tui.tui.widgets.text import join, plain

# The intake is not over while a case is here: F9 carries it on.
AT_THE_WINDOW = frozenset({CaseState.DRAFT, CaseState.AWAITING_SUPPLEMENT})


def picker_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    widths = {"code": natural["code"], "count": natural["count"]}
    widths["name"] = max(10, available - sum(widths.values()))
    return widths


def case_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """Number, stage, state and due as they need (the state cut at 10); the item and
    the department share the rest."""
    widths = {key: natural[key] for key in ("light", "number", "stage", "due")}
    widths["state"] = min(natural["state"], 10)
    rest = max(16, available - sum(widths.values()))
    widths["department"] = min(natural["department"], max(8, rest * 2 // 5))
    widths["item"] = max(8, rest - widths["department"])
    return widths


class BundlePicker(CounterScreen):
    """The catalog's bundles, each with its items and their departments; Enter starts a
    bundle case of the highlighted one."""

    AUTO_FOCUS = "#bundles"
    CLOSES_ON_BACK: ClassVar[bool] = True
    DEFAULT_CSS = """
    BundlePicker #bundles { height: 1fr; }
    BundlePicker #bundle-items { height: auto; max-height: 10; padding: 0 1;
        border-top: solid $primary; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.choices: list[BundleSummary] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield row_table("bundles")
        yield Static("", id="bundle-items")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Bundle intake: which bundle (一件事)")
        found = self.call(lambda _session: bundles())  # the catalog: anyone's to read
        if found is REFUSED:
            return
        self.choices = found
        if not found:
            self.query_one("#bundle-items", Static).update(
                plain(_("The catalog has no bundles of items."))
            )
            return
        headers = {"code": _("Bundle code"), "name": _("Bundle"), "count": _("Items")}
        rows = [{"code": c.code, "name": c.name, "count": str(len(c.items))} for c in self.choices]
        table = self.query_one("#bundles", DataTable)
        keys = [c.code for c in self.choices]
        fill_table(table, headers, rows, keys, picker_widths, self.size.width)
        self._show_items()

    def _show_items(self) -> None:
        row = self.query_one("#bundles", DataTable).cursor_row
        if not 0 <= row < len(self.choices):
            return
        lines = [
            join(
                [
                    _("Stage {stage}").format(stage=item.stage),
                    plain(item.code, "bold"),
                    plain(item.name),
                    plain(item.department),
                ]
            )
            for item in self.choices[row].items
        ]
        self.query_one("#bundle-items", Static).update(Text("\n", end="").join(lines))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_items()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.counter_app.start_bundle(event.row_key.value)


class BundleDetailScreen(CounterScreen):
    """A bundle case: every case with its item, department, stage, state, light and due
    date, and the bundle's light (each department follows its own case in its queue).
    Enter opens the highlighted case's detail. F9 carries the intake on (the applicant,
    the checklist, the supplement); T hands the results over (统一出件) once every case is
    decided; P shows its documents to print again; Z links the bundle case whole to a key
    project, or takes it off (docs/rules.md §23); B, for a chief representative or an
    administrator, issues a supervision order on it (督办, §22). Under the head, to the
    comprehensive window's office, each step the applicant rated on the pad, a 差评's
    follow-up with it, and that the pad waits while it asks about one (§21.1)."""

    AUTO_FOCUS = "#bundle-cases"
    CLOSES_ON_BACK: ClassVar[bool] = True
    BINDINGS: ClassVar = [
        BUNDLE_OPEN_CASE.binding(),
        CASE_CONTINUE.binding(),
        BUNDLE_DELIVER.binding(),
        BUNDLE_REPRINT.binding(),
        CASE_KEY_PROJECT.binding(),
        BUNDLE_SUPERVISE.binding(),
    ]
    DEFAULT_CSS = """
    BundleDetailScreen #bundle-head { height: auto; padding: 0 1; }
    BundleDetailScreen #bundle-ratings { height: auto; max-height: 5; padding: 0 1; }
    BundleDetailScreen #bundle-cases { height: 1fr; }
    BundleDetailScreen #bundle-case { height: 3; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.view: BundleCaseView | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="bundle-head")
        yield Static("", id="bundle-ratings")
        yield row_table("bundle-cases")
        yield Static("", id="bundle-case")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Bundle case detail")
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        view = self.call(bundle_case_view, self.number, self.counter_app.today())
        if view is REFUSED:
            return
        self.view = view
        self._show_head(view)
        app = self.counter_app
        ratings = self.call(bundle_ratings, self.number, app.now())
        self._show_ratings(None if ratings is REFUSED else ratings)
        self._show_cases(view)
        self.refresh_bindings()

    def _show_head(self, view: BundleCaseView) -> None:
        """Number, bundle, applicant; the light and how far the departments are; where the
        results are."""
        decided = sum(not line.open for line in view.cases)
        lines = [join([plain(view.number, "bold"), plain(view.bundle_name), plain(view.applicant)])]
        second: list[Text | str] = []
        if not view.complete:
            light = view.light.value if view.light else None
            second.append(plain(light_label(light), LIGHT_STYLES[light]))
        second.append(
            _("{decided} of {count} decided").format(decided=decided, count=len(view.cases))
        )
        if view.received_on:
            second.append(_("Received {day}").format(day=view.received_on.isoformat()))
        lines.append(join(second))
        if view.key_project is not None:  # its cases go first (docs/rules.md §23)
            lines.append(plain(fact(_("Key project"), view.key_project)))
        if view.delivered_on:
            said = _("Results handed over {day} (统一出件)")
            lines.append(plain(said.format(day=view.delivered_on.isoformat()), "bold"))
        elif view.complete:
            lines.append(plain(_("Complete: the results can be handed over"), "bold"))
        self.query_one("#bundle-head", Static).update(Text("\n", end="").join(lines))

    def _show_ratings(self, ratings: BundleRatings | None) -> None:
        """The steps rated, a line each (two for a 差评 when narrow), and that the pad
        waits: nothing for a reader who is not of the comprehensive window's office."""
        box = self.query_one("#bundle-ratings", Static)
        lines: list[Text] = []
        if ratings is not None:
            width = max(20, self.size.width - box.styles.gutter.width)
            today = self.counter_app.today()
            lines = [rated_step_text(step, today, width) for step in ratings.steps]
            if ratings.pad_waiting:  # that it waits, never the choice (docs/rules.md §11)
                lines.append(plain(_("The rating pad is waiting for the applicant"), "bold"))
        box.display = bool(lines)
        box.update(Text("\n", end="").join(lines))

    def _show_cases(self, view: BundleCaseView) -> None:
        headers = {
            "light": _("Limit"),
            "number": _("Case"),
            "item": _("Item"),
            "department": _("Department"),
            "stage": _("Stage"),
            "state": _("State"),
            "due": _("Due"),
        }
        rows = []
        styles = []
        for line in view.cases:
            light = line.clocks.light.value if line.clocks else None
            rows.append(
                {
                    # A decided case's clock has stopped: no light, not "not started".
                    "light": light_label(light) if line.open else "—",
                    "number": line.number,
                    "item": line.item_name,
                    "department": line.department,
                    "stage": str(line.stage),
                    "state": state_label(line.state),
                    "due": due_text(line.clocks),
                }
            )
            styles.append({"light": LIGHT_STYLES[light]})
        table = self.query_one("#bundle-cases", DataTable)
        keys = [line.number for line in view.cases]
        row = table.cursor_row
        fill_table(table, headers, rows, keys, case_widths, self.size.width, styles)
        table.move_cursor(row=max(0, min(row, len(rows) - 1)))
        self._show_case()

    def _show_case(self) -> None:
        """The highlighted case in full: the table cuts the item and department."""
        row = self.query_one("#bundle-cases", DataTable).cursor_row
        cases = self.view.cases if self.view else ()
        if not 0 <= row < len(cases):
            return
        line = cases[row]
        parts: list[Text | str] = [
            plain(line.number, "bold"),
            plain(line.item_name),
            plain(line.department),
            _("Stage {stage}").format(stage=line.stage),
        ]
        if line.delivered_on:
            parts.append(_("Delivered {day}").format(day=line.delivered_on.isoformat()))
        text = join(parts, width=max(20, self.size.width - 2))
        self.query_one("#bundle-case", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_case()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_detail()

    def action_open_detail(self) -> None:
        """Enter: the highlighted case's detail, for whoever may read it (its department,
        an administrator); anyone else reads why not, and stays here."""
        row = self.query_one("#bundle-cases", DataTable).cursor_row
        cases = self.view.cases if self.view else ()
        if not 0 <= row < len(cases):
            return
        number, app = cases[row].number, self.counter_app
        if self.call(case_detail, number, app.today(), now=app.now()) is not REFUSED:
            app.open_detail(number)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action == CASE_CONTINUE.action:
            return view is not None and any(c.state in AT_THE_WINDOW for c in view.cases)
        if action == BUNDLE_DELIVER.action:
            return view is not None and view.complete and view.delivered_on is None
        if action == BUNDLE_REPRINT.action:
            return view is not None and not any(c.state is CaseState.DRAFT for c in view.cases)
        if action == BUNDLE_OPEN_CASE.action:
            return view is not None and bool(view.cases)
        if action == BUNDLE_SUPERVISE.action:
            session = self.counter_app.session
            return (
                view is not None
                and view.delivered_on is None
                and session is not None
                and session.role in ISSUER_ROLES
            )
        return super().check_action(action, parameters)

    def action_continue_case(self) -> None:
        self.counter_app.open_bundle_intake(self.number)

    def action_key_project(self) -> None:
        """Z: the bundle case and every case of it linked to a key project, or taken off."""
        choose_key_project(self, self.number, self.reload, bundle=True)

    def action_supervise(self) -> None:
        """B: a supervision order on the bundle case, to the clerk who took it (the
        service checks the department and that it is still open)."""
        title = _("Supervision order (督办): {case}").format(case=self.number)
        supervise(self, Target.bundle_case(self.number), title, self.reload)

    def action_deliver(self) -> None:
        question = _("Hand over every result of bundle case {number} today (统一出件)?")
        prompt = ConfirmPrompt(_("Hand over results"), question.format(number=self.number))
        self.app.push_screen(prompt, self._deliver)

    def _deliver(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        if self.call(deliver_bundle, self.number, at=self.counter_app.now()) is REFUSED:
            return
        said = _("The results of {number} are handed over.").format(number=self.number)
        self.notify(said, markup=False)
        self.reload()

    def action_reprint(self) -> None:
        if self.view is None or not self.view.cases:
            return
        documents = self.call(bundle_documents, self.number)
        if documents is not REFUSED:
            self.counter_app.show_documents(self.number, list(reversed(documents)), reprint=True)

"""Taking an application (收件), steps 1 and 2: the item, then who applies.

F2 (or Ctrl+N) opens the clerk's drafts when there are any, else the item search; F2
on a guide starts an intake for that item. Choosing the item starts the draft
(``services.intake.start_draft``) and the applicant form takes the place of the search.
Every change of the form is saved to the draft a moment after the last key
(``update_applicant``), and at once when the clerk leaves a field or the screen: closing
the terminal loses nothing. F9 (Ctrl+S) goes on to the checklist once the applicant is
complete; Esc leaves the draft where it is. F11 links the application to a key project
(or takes it off) while it is taken (docs/rules.md §23; tui/joint.py).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from counter_tui.domain.applicant import (
    ID_TYPES,
    PERSON_ID_TYPES,
    ApplicantKind,
    FieldProblem,
)
from counter_tui.domain.errors import N_, IdentifierError
from counter_tui.domain.identifiers import (
    ID_TYPE_LABELS,
    IdType,
    resident_facts,
    validate_resident_id,
)
from counter_tui.i18n import _, explain
from counter_tui.services.bundles.intake import update_bundle_applicant
from counter_tui.services.bundles.reading import bundle_applicant_form
from counter_tui.services.intake.case_view import CaseView
from counter_tui.services.intake.draft import update_applicant
from counter_tui.services.profile import department_name
from counter_tui.tui.joint import choose_key_project
from counter_tui.tui.keys import FIELD_KEYS, INTAKE_KEY_PROJECT, NEXT_STEP
from counter_tui.tui.screens.base import (
    REFUSED,
    CaseScreen,
    CounterScreen,
    caption_text,
)
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.choice import Choice
from counter_tui.tui.widgets.fields import FormField
from counter_tui.tui.widgets.guide_search import GuideSearch
from counter_tui.tui.widgets.text import join, plain, strip_controls

if TYPE_CHECKING:
    from counter_tui.services.consultations.conversion import CarriedOver

SAVE_AFTER = 0.4  # seconds after the last key: a pause in typing, not every letter
MAX_TEXT = 1000  # characters; names and addresses are far shorter, hostile text is not
MAX_ID = 40
NEXT_STEP_DELAY = 0.05  # seconds: the fields' queues drain before the step is checked

KIND_LABELS = {
    ApplicantKind.PERSON: N_("Person"),
    ApplicantKind.ORGANISATION: N_("Organisation"),
}
# The name field says whose name (issue 21 item 13).
NAME_LABELS = {
    ApplicantKind.PERSON.value: N_("Name"),
    ApplicantKind.ORGANISATION.value: N_("Organisation name"),
}
# Field → its label (English msgid), in the order of the form.
LABELS = {
    "kind": N_("Applicant is"),
    "name": N_("Name"),
    "id_type": N_("ID type"),
    "id_number": N_("ID number"),
    "phone": N_("Contact phone"),
    "address": N_("Address"),
    "has_agent": N_("For someone else"),
    "agent_name": N_("Agent name"),
    "agent_id_type": N_("Agent ID type"),
    "agent_id_number": N_("Agent ID number"),
}
AGENT_FIELDS = ("agent_name", "agent_id_type", "agent_id_number")
CHOICES = ("kind", "id_type", "has_agent", "agent_id_type")


# ── step 1: the item ─────────────────────────────────────────────────────────


class ItemStep(CounterScreen):
    """The guide search; Enter starts a draft for the highlighted item (carrying over a
    question's visitor, ``carried``, when it comes from one)."""

    AUTO_FOCUS = "#guide-query"
    CLOSES_ON_BACK: ClassVar[bool] = True

    def __init__(self, carried: CarriedOver | None = None) -> None:
        super().__init__()
        self.carried = carried

    def compose(self) -> ComposeResult:
        yield TitleBar()
        session = self.counter_app.session
        yield GuideSearch(
            id="guide-search",
            choose_words=(N_("Choose"), N_("Start the intake for the highlighted item")),
            department=department_name(session.department_id) if session else "",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Intake · step 1 of 4: the item")
        self.counter_app.refresh_guide_index()

    def on_guide_search_chosen(self, event: GuideSearch.Chosen) -> None:
        event.stop()
        self.counter_app.start_intake(event.code, replace=True, carried=self.carried)


# ── step 2: the applicant ────────────────────────────────────────────────────


def id_type_options(kind: str) -> list[tuple[str, str]]:
    try:
        types = ID_TYPES[ApplicantKind(kind)]
    except ValueError:
        types = PERSON_ID_TYPES
    return [(t.value, _(ID_TYPE_LABELS[t])) for t in types]


class ApplicantStep(CaseScreen):
    """Person or organisation, name, ID, phone, address, and the agent."""

    CSS_PATH = "intake.tcss"
    AUTO_FOCUS = "#name"
    BINDINGS: ClassVar = [
        NEXT_STEP.binding(),
        INTAKE_KEY_PROJECT.binding(),
        *(key.binding() for key in FIELD_KEYS),
    ]
    STEP_TITLE = N_("Intake · step 2 of 4: the applicant")
    BUNDLE = False  # the form of a bundle case, which is linked whole

    def __init__(self, number: str) -> None:
        super().__init__(number)
        self.view: CaseView | None = None
        self.problems: tuple[FieldProblem, ...] = ()
        self.touched: set[str] = set()
        self.show_all = False
        self._dirty: dict[str, str] = {}
        self.saved: dict[str, str] = {}  # what the draft holds, as far as this screen knows
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        self.view = self.load(shows_ids=True)
        if self.view is None:
            yield KeyBar()
            return
        applicant = self.view.applicant
        yield Static(self.caption(), classes="case-caption")
        with VerticalScroll(id="applicant-form"):
            kind = applicant.kind or ApplicantKind.PERSON.value
            kinds = [(k.value, _(label)) for k, label in KIND_LABELS.items()]
            yield from self._row("kind", Choice(kinds, kind, id="kind"))
            name_label = _(NAME_LABELS.get(kind, LABELS["name"]))
            yield from self._row("name", self._text("name", applicant.name), name_label)
            yield from self._row(
                "id_type", Choice(id_type_options(kind), applicant.id_type, id="id_type")
            )
            yield from self._row("id_number", self._text("id_number", applicant.id_number, MAX_ID))
            yield from self._row("phone", self._text("phone", applicant.phone, MAX_ID))
            yield from self._row("address", self._text("address", applicant.address))
            agent = applicant.has_agent or kind == ApplicantKind.ORGANISATION.value
            yes_no = [("no", _("No")), ("yes", _("Yes"))]
            yield from self._row(
                "has_agent", Choice(yes_no, "yes" if agent else "no", id="has_agent")
            )
            yield from self._row("agent_name", self._text("agent_name", applicant.agent_name))
            yield from self._row(
                "agent_id_type",
                Choice(id_type_options("person"), applicant.agent_id_type, id="agent_id_type"),
            )
            yield from self._row(
                "agent_id_number", self._text("agent_id_number", applicant.agent_id_number, MAX_ID)
            )
        yield KeyBar()

    def _text(self, field: str, value: str, max_length: int = MAX_TEXT) -> FormField:
        return FormField(value, id=field, max_length=max_length, select_on_focus=False)

    def _row(self, field: str, widget: Widget, label: str | None = None) -> ComposeResult:
        """A field's row (``#row-<field>``: its label beside its widget), and under it the
        line of what is wrong with it, both children of the form: a container around them
        was a widget more to style and lay out for each field (issue 17). The line is
        shown only under a row that is (``_show_problems``)."""
        yield Horizontal(
            Label(plain(label or _(LABELS[field])), id=f"label-{field}"), widget, id=f"row-{field}"
        )
        yield Static("", id=f"problem-{field}", classes="problem error")
        if field == "id_number":  # what the number says, to check against the person
            yield Static("", id="id-facts", classes="problem")

    def _row_shown(self, field: str) -> bool:
        return self.query_one(f"#row-{field}").display

    def on_mount(self) -> None:
        self.sub_title = _(self.STEP_TITLE)
        if self.view is None:
            return
        self._show_agent(self.query_one("#has_agent", Choice).value == "yes")
        # The choices show a value from the start: the draft stores it too.
        values = {f: self.query_one(f"#{f}", Choice).value for f in ("kind", "id_type")}
        if self.query_one("#has_agent", Choice).value == "yes":
            values["agent_id_type"] = self.query_one("#agent_id_type", Choice).value
        applicant = self.view.applicant
        self.saved = {f: getattr(applicant, f) for f in LABELS if f != "has_agent"}
        self._dirty = {f: v for f, v in values.items() if getattr(applicant, f) != v}
        self.touched = {f for f in LABELS if f not in CHOICES and getattr(applicant, f, "")}
        self.problems = self.view.problems
        self.save()
        if self.touched:  # a draft taken up again: where its typing stopped (issue 21 item 12)
            self.query_one(f"#{self._resume_field()}").focus()

    def _resume_field(self) -> str:
        """A field typed in that is still wrong, else the first empty one after the last
        typed in, else that last one."""
        shown = [f for f in LABELS if f not in CHOICES and self._row_shown(f)]
        wrong = {p.field for p in self.problems}
        typed = [f for f in shown if f in self.touched]
        for field in typed:
            if field in wrong:
                return field
        after = shown[shown.index(typed[-1]) + 1 :] if typed else shown
        return next((f for f in after if f not in self.touched), typed[-1] if typed else "name")

    # --- saving ----------------------------------------------------------------------------

    def changed(self, field: str, value: str) -> None:
        self._dirty[field] = value
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_AFTER, self.save)

    def save(self) -> bool:
        """Write what changed to the draft and show what is still wrong; False when the
        service refused."""
        if not self.write():
            return False
        self._show_problems()
        return True

    def write(self) -> bool:
        """Write what changed to the draft (nothing on the screen changes)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._dirty:
            values, self._dirty = self._dirty, {}
            at = self.counter_app.now()
            problems = self.store(values, at)
            if problems is REFUSED:
                return False
            self.problems = problems
            self.saved.update(values)
        return True

    def store(self, values: dict[str, str], at: datetime | None) -> object:
        """Write ``values`` to the draft: its problems, or REFUSED."""
        return self.call(update_applicant, self.number, values, at=at)

    def harvest(self) -> None:
        """Whatever the fields hold now and the draft does not: keys typed in a burst may
        be in a field before its Changed message has been handled."""
        agent = self.query_one("#has_agent", Choice).value == "yes"
        for field in LABELS:
            if field == "has_agent":
                continue
            value = self.query_one(f"#{field}").value  # type: ignore[attr-defined]
            if field in AGENT_FIELDS and not agent:
                value = ""  # hidden: the applicant applies in person
            if value != self.saved.get(field, ""):
                self._dirty[field] = value

    def _show_id_facts(self) -> None:
        """Birth date, sex and province read from a valid resident ID number (issue 21,
        clerk speed): the clerk checks them against the person at the counter."""
        line = self.query_one("#id-facts", Static)
        facts = None
        if self.saved.get("id_type") == IdType.RESIDENT_ID.value:
            with suppress(IdentifierError):
                facts = resident_facts(validate_resident_id(self.saved.get("id_number", "")))
        line.display = facts is not None
        if facts is not None:
            line.update(
                plain(
                    _("Born {birth} · {sex} · {province}").format(
                        birth=facts.birth.isoformat(),
                        sex=_("female") if facts.female else _("male"),
                        province=facts.province,
                    )
                )
            )

    def _show_problems(self) -> None:
        self._show_id_facts()
        by_field = {p.field: p for p in reversed(self.problems)}  # the first per field
        for field in LABELS:
            problem = by_field.get(field)
            shown = problem is not None and (self.show_all or field in self.touched)
            shown = shown and self._row_shown(field)
            line = self.query_one(f"#problem-{field}", Static)
            line.update(plain(explain(problem.error)) if shown and problem else "")
            line.display = shown

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        field = event.input.id or ""
        if field in LABELS:
            self.touched.add(field)
            self.changed(field, event.value)
        if field == "name" and self.view is not None:  # the caption names who is typed
            stored = self.view.applicant.name
            # Unchanged, the stored name (its control characters as visible stand-ins,
            # which the field cannot hold).
            typed = None if event.value == strip_controls(stored) else event.value
            # At each letter: one line (.case-caption), so no layout of the screen.
            self.query_one(".case-caption", Static).update(self.caption(typed), layout=False)

    def caption(self, typed: str | None = None) -> Text:
        """The line over the form, with the name as typed."""
        assert self.view is not None
        return caption_text(self.view, typed)

    def on_descendant_blur(self, event: object) -> None:
        if self._dirty:
            self.save()

    def on_choice_changed(self, event: Choice.Changed) -> None:
        event.stop()
        field = event.choice.id or ""
        if field == "has_agent":
            agent = event.value == "yes"
            self._show_agent(agent)
            if agent:
                self.changed("agent_id_type", self.query_one("#agent_id_type", Choice).value)
            else:
                for name in AGENT_FIELDS:
                    self._clear(name)
            return
        self.changed(field, event.value)
        if field == "kind":
            name_label = _(NAME_LABELS.get(event.value, LABELS["name"]))
            self.query_one("#label-name", Label).update(plain(name_label))
            id_type = self.query_one("#id_type", Choice)
            id_type.set(id_type.value, id_type_options(event.value))
            self.changed("id_type", id_type.value)
            if event.value == ApplicantKind.ORGANISATION.value:
                self.query_one("#has_agent", Choice).set("yes")
                self._show_agent(True)
                self.changed("agent_id_type", self.query_one("#agent_id_type", Choice).value)

    def _clear(self, field: str) -> None:
        widget = self.query_one(f"#{field}")
        if isinstance(widget, Input):
            with widget.prevent(Input.Changed):
                widget.value = ""
        self.changed(field, "")

    def _show_agent(self, shown: bool) -> None:
        for field in AGENT_FIELDS:
            self.query_one(f"#row-{field}").display = shown
        self._show_problems()

    def field_done(self, widget: Widget) -> None:
        """Enter in a field: the next field; after the last one, the checklist."""
        agent = self.query_one("#has_agent", Choice).value == "yes"
        last = "agent_id_number" if agent else "address"
        if widget.id == last:
            # Let the fields take the keys typed before this Enter, then check.
            self.set_timer(NEXT_STEP_DELAY, self.action_next_step)
        else:
            self.focus_next()

    def on_unmount(self) -> None:
        # The program is closing (or the screen is gone): keep what was typed.
        if self._dirty and self.counter_app.session is not None:
            self.write()

    def action_back(self) -> None:
        self.save()
        if self.view is not None:
            self.notify(_("Draft {number} kept.").format(number=self.draft), markup=False)
        super().action_back()

    def action_next_step(self) -> None:
        if self.view is None:
            return
        self.harvest()
        if not self.save():
            return
        if self.problems:
            self.show_all = True
            self._show_problems()
            first = self.problems[0]
            self.notify(explain(first.error), severity="error", markup=False)
            target = first.field if first.field in LABELS else "name"
            self.query_one(f"#{target}").focus()
            return
        self.next_step()

    def action_key_project(self) -> None:
        """F11: the application linked to an open key project, or taken off its project;
        what was typed stays where it is."""
        if self.view is not None:
            choose_key_project(self, self.number, lambda: None, bundle=self.BUNDLE)

    @property
    def draft(self) -> str:
        """The number the clerk knows the draft by."""
        return self.number

    def next_step(self) -> None:
        self.counter_app.open_checklist(self.number)


class BundleApplicantStep(ApplicantStep):
    """The applicant of a bundle case, entered once for every case of it (一表申请): the
    same form, read from the bundle (``bundle_applicant_form``) and written to each of its
    cases (``update_bundle_applicant``)."""

    STEP_TITLE = N_("Bundle intake: the applicant")
    BUNDLE = True

    def __init__(self, number: str, bundle_name: str) -> None:
        super().__init__(number)
        self.bundle_name = bundle_name

    def load(self, shows_ids: bool = False) -> CaseView | None:
        app = self.counter_app
        view = self.call(bundle_applicant_form, self.number, today=app.today(), at=app.now())
        return None if view is REFUSED else view

    def caption(self, typed: str | None = None) -> Text:
        assert self.view is not None
        name = self.view.applicant.name if typed is None else typed
        parts = [plain(self.number, "bold"), plain(self.bundle_name)]
        return join([*parts, plain(name)] if name.strip() else parts)

    def store(self, values: dict[str, str], at: datetime | None) -> object:
        return self.call(update_bundle_applicant, self.number, values, at=at)

    def next_step(self) -> None:
        self.counter_app.open_bundle_checklist(self.number)

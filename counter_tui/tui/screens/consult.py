"""The consultation desk's form (咨询登记, F10 or Ctrl+X from any screen; docs/rules.md
§18): the item (the guide search; none is fine), the question in a line, the outcome
(answered now, to call back, referred) with its line, then the visitor's name and phone
and walk-in or phone, all optional. F9 (Ctrl+S) records it and shows the question, where
P prints the visitor's material list and F2 makes it an application.

A walk-in question answered at once: Ctrl+X, the item's letters, Enter, the question,
Enter, Enter (answered now), the answer, Ctrl+S.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from counter_tui.domain.errors import N_
from counter_tui.i18n import _
from counter_tui.services.catalog.guide_search import GuideHit
from counter_tui.services.consultations.questions import (
    refer_consultation,
    take_consultation,
)
from counter_tui.services.profile import department_name
from counter_tui.tui.keys import FIELD_KEYS, RECORD_QUESTION
from counter_tui.tui.labels import CHANNEL_LABELS
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.choice import Choice
from counter_tui.tui.widgets.fields import FormField
from counter_tui.tui.widgets.guide_search import GuideSearch
from counter_tui.tui.widgets.text import plain

MAX_LINE = 500  # a question or an answer in one line
MAX_SHORT = 60  # a name, a phone number

ANSWERED, CALL_BACK, REFERRED = "answered", "call_back", "referred"
OUTCOMES = {
    ANSWERED: N_("Answered now"),
    CALL_BACK: N_("To call back"),
    REFERRED: N_("Referred"),
}
# The outcome's line: what it holds for each outcome (a call back has none).
OUTCOME_LINES = {ANSWERED: N_("Answer"), REFERRED: N_("Referred to")}


class ConsultScreen(CounterScreen):
    CSS_PATH = "consult.tcss"
    AUTO_FOCUS = "#guide-query"
    CLOSES_ON_BACK: ClassVar[bool] = True
    BINDINGS: ClassVar = [RECORD_QUESTION.binding(), *(key.binding() for key in FIELD_KEYS)]

    def __init__(self, item: GuideHit | None = None) -> None:
        """``item``: the question's item to begin with (the common item of the ticket
        called to the window, docs/rules.md §24); the clerk may choose another."""
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        yield TitleBar()
        session = self.counter_app.session
        yield GuideSearch(
            id="guide-search",
            choose_words=(N_("Item"), N_("The question is about the highlighted item")),
            department=department_name(session.department_id) if session else "",
        )
        yield Static("", id="chosen-item", markup=False)
        with Vertical(id="question-form"):
            yield self._row("question", _("Question"), self._text("question", MAX_LINE))
            outcomes = [(value, _(label)) for value, label in OUTCOMES.items()]
            yield self._row("outcome", _("Outcome"), Choice(outcomes, ANSWERED, id="outcome"))
            yield self._row("answer", _(OUTCOME_LINES[ANSWERED]), self._text("answer", MAX_LINE))
            yield self._row("visitor", _("Visitor"), self._text("visitor", MAX_SHORT))
            yield self._row("phone", _("Visitor's phone"), self._text("phone", MAX_SHORT))
            channels = [(value, _(label)) for value, label in CHANNEL_LABELS.items()]
            yield self._row("channel", _("Asked"), Choice(channels, id="channel"))
        yield Static("", id="form-error", classes="error", markup=False)
        yield KeyBar()

    def _text(self, field: str, max_length: int) -> FormField:
        return FormField(id=field, max_length=max_length, select_on_focus=False)

    def _row(self, field: str, label: str, widget: Widget) -> Horizontal:
        return Horizontal(Label(plain(label), id=f"label-{field}"), widget, id=f"row-{field}")

    def on_mount(self) -> None:
        self.sub_title = _("A visitor's question (咨询登记)")
        self.counter_app.refresh_guide_index()
        # The item follows the search: a changed query drops the item chosen before it.
        self.watch(self.query_one(GuideSearch).field, "value", self._query_changed, init=False)
        self._show_item()
        if self.item is not None:
            self.query_one("#question", Input).focus()

    # --- the item ------------------------------------------------------------------------

    def on_guide_search_chosen(self, event: GuideSearch.Chosen) -> None:
        event.stop()
        self.item = event.hit
        self._show_item()
        self.query_one("#question", Input).focus()

    def _query_changed(self, _value: str) -> None:
        if self.item is not None:
            self.item = None
            self._show_item()

    def _show_item(self) -> None:
        if self.item is None:
            text = _("Item: none (Enter: the highlighted item; Tab: a question without one)")
        else:
            text = _("Item: {name} ({code})").format(name=self.item.name, code=self.item.code)
        self.query_one("#chosen-item", Static).update(plain(text, "bold"))

    # --- the form ------------------------------------------------------------------------

    def on_choice_changed(self, event: Choice.Changed) -> None:
        if event.choice.id != "outcome":
            return
        event.stop()
        line = OUTCOME_LINES.get(event.value)
        self.query_one("#row-answer").display = line is not None
        if line is not None:
            self.query_one("#label-answer", Label).update(plain(_(line)))

    def field_done(self, widget: Widget) -> None:
        """Enter in a field: the next one; after the last, the question is recorded."""
        if widget.id == "channel":
            self.action_record()
        else:
            self.focus_next()

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def _error(self, message: str, field: str) -> None:
        self.query_one("#form-error", Static).update(plain(message))
        self.query_one(f"#{field}").focus()

    def action_record(self) -> None:
        """Record the question; then show it (print, apply) in place of the form."""
        outcome = self.query_one("#outcome", Choice).value
        line = self._value("answer").strip() if outcome != CALL_BACK else ""
        if not self._value("question").strip():
            self._error(_("Type the visitor's question."), "question")
            return
        if outcome != CALL_BACK and not line:
            self._error(
                _("{label} cannot be left empty").format(label=_(OUTCOME_LINES[outcome])), "answer"
            )
            return
        ident = self.call(
            take_consultation,
            self._value("question"),
            item_code=self.item.code if self.item else "",
            channel=self.query_one("#channel", Choice).value,
            visitor=self._value("visitor"),
            phone=self._value("phone"),
            answer=line if outcome == ANSWERED else "",
            at=self.counter_app.now(),
        )
        if ident is REFUSED:
            return
        self.counter_app.link_ticket(consultation=ident)
        if (
            outcome == REFERRED
            and self.call(refer_consultation, ident, line, at=self.counter_app.now()) is REFUSED
        ):
            return  # recorded as open: the clerk refers it from the question
        self.notify(_("Question recorded."), markup=False)
        self.counter_app.refresh_home()
        self.counter_app.open_question(ident, replace=True)

"""One consultation (docs/rules.md §18), opened from home or right after it was taken:
what was asked and by whom, its state and light; A answers an open one, R refers it, P
prints the visitor's material list (一次性告知单), F2 (Ctrl+N) makes it an application."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from counter_tui.documents.labels import fact
from counter_tui.domain.errors import N_
from counter_tui.i18n import _
from counter_tui.services.consultations.desk import ConsultationView, consultation_view
from counter_tui.services.consultations.questions import (
    ConsultationState,
    answer_consultation,
    refer_consultation,
)
from counter_tui.tui.keys import ANSWER_QUESTION, PRINT_HANDOUT, REFER_QUESTION
from counter_tui.tui.labels import CHANNEL_LABELS, LIGHT_STYLES, light_label
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.screens.prompts import NotePrompt
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.text import plain

STATES = {
    ConsultationState.OPEN: N_("Open: to call back"),
    ConsultationState.ANSWERED: N_("Answered"),
    ConsultationState.REFERRED: N_("Referred"),
}


class QuestionScreen(CounterScreen):
    CLOSES_ON_BACK: ClassVar[bool] = True
    BINDINGS: ClassVar = [
        ANSWER_QUESTION.binding(),
        REFER_QUESTION.binding(),
        PRINT_HANDOUT.binding(),
    ]
    DEFAULT_CSS = """
    QuestionScreen #question-body { height: 1fr; padding: 0 1; }
    """

    def __init__(self, consultation_id: int) -> None:
        super().__init__()
        self.consultation_id = consultation_id
        self.view: ConsultationView | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="question-body"):
            yield Static("", id="question-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Question {number}").format(number=self.consultation_id)
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from the intake it started: the question now names its application.
        self.reload()

    def reload(self) -> None:
        view = self.call(consultation_view, self.consultation_id, self.counter_app.now())
        if view is REFUSED:
            return
        self.view = view
        self.query_one("#question-text", Static).update(self._text(view))
        self.refresh_bindings()

    def _text(self, view: ConsultationView) -> Text:
        def line(label: str, value: str, style: str = "") -> Text:
            return Text.assemble(plain(fact(label, ""), "dim"), plain(value, style))

        item = (
            _("{name} ({code})").format(name=view.item_name, code=view.item_code)
            if view.item_code
            else _("none")
        )
        lines = [
            line(_("Item"), item),
            line(_("Question"), view.question, "bold"),
            line(_("Visitor"), " · ".join(p for p in (view.visitor, view.phone) if p) or "—"),
            line(
                _("Asked"),
                f"{_(CHANNEL_LABELS[view.channel.value])} · "
                f"{view.asked_at:%Y-%m-%d %H:%M} · {view.owner}",
            ),
            line(_("State"), _(STATES[view.state])),
        ]
        if view.light is not None and view.due_at is not None:
            due = f"{view.due_at:%Y-%m-%d %H:%M} · {light_label(view.light.value)}"
            lines.append(line(_("Answer by"), due, LIGHT_STYLES[view.light.value]))
        if view.state is ConsultationState.ANSWERED and view.answer:
            lines.append(line(_("Answer"), view.answer))
        if view.state is ConsultationState.REFERRED:
            lines.append(line(_("Referred to"), view.answer))
        if view.case_number:
            lines.append(line(_("Became the application"), view.case_number, "bold"))
        return Text("\n").join(lines)

    # --- keys --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action in (ANSWER_QUESTION.action, REFER_QUESTION.action):
            return view is not None and view.state is ConsultationState.OPEN
        if action == PRINT_HANDOUT.action:
            return view is not None and bool(view.item_code)
        return super().check_action(action, parameters)

    def action_answer(self) -> None:
        self._close_with(answer_consultation, _("The answer"), _("Answer"), _("Answer recorded."))

    def action_refer(self) -> None:
        self._close_with(
            refer_consultation, _("Refer the question"), _("Referred to"), _("Question referred.")
        )

    def _close_with(
        self, service: Callable[..., object], title: str, label: str, done: str
    ) -> None:
        def answered(text: str | None) -> None:
            if not text:
                return
            result = self.call(service, self.consultation_id, text, at=self.counter_app.now())
            if result is REFUSED:
                return
            self.notify(done, markup=False)
            self.counter_app.refresh_home()
            self.reload()

        self.app.push_screen(NotePrompt(title, label), answered)

    def action_print_handout(self) -> None:
        self.counter_app.print_handout(self.consultation_id)

    def action_intake(self) -> None:
        """F2 / Ctrl+N here: an application from this question (the app hands the key over)."""
        self.counter_app.intake_from_question(self.consultation_id)

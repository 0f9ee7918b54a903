"""One consultation (docs/rules.md §18), opened from home or right after it was taken:
what was asked and by whom, its state and light; A answers an open one, R refers it, 1
refers it to the 一号窗口 (§20), P prints the visitor's material list (一次性告知单), F2
(Ctrl+N) makes it an application. At the 一号窗口 the chief or a deputy takes it (K),
answers it (A) or sends it back (B)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from counter_tui.documents.labels import fact
from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_
from counter_tui.i18n import _
from counter_tui.services.cases.referred import ReferralState
from counter_tui.services.consultations.desk import ConsultationView, consultation_view
from counter_tui.services.consultations.questions import (
    ConsultationState,
    answer_consultation,
    refer_consultation,
)
from counter_tui.services.first_window import referrals
from counter_tui.tui.keys import (
    ANSWER_QUESTION,
    PRINT_HANDOUT,
    REFER_QUESTION,
    REFER_QUESTION_FIRST,
    SEND_BACK_QUESTION,
    TAKE_QUESTION,
)
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
        REFER_QUESTION_FIRST.binding(),
        TAKE_QUESTION.binding(),
        SEND_BACK_QUESTION.binding(),
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
        if view.referral:
            held = (
                _("taken by {name}").format(name=view.taken_by)
                if view.taken_by
                else _("waiting to be taken")
            )
            lines.append(line(_("At the 一号窗口"), f"{view.referral_note} · {held}"))
        elif view.state is ConsultationState.REFERRED:
            lines.append(line(_("Referred to"), view.answer))
        if view.case_number:
            lines.append(line(_("Became the application"), view.case_number, "bold"))
        return Text("\n").join(lines)

    # --- keys --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        open_ = view is not None and view.state is ConsultationState.OPEN
        at_first_window = view.referral if view is not None else ""
        held = at_first_window == ReferralState.TAKEN.value and self._approver
        if action == ANSWER_QUESTION.action:
            return open_ or held
        if action in (REFER_QUESTION.action, REFER_QUESTION_FIRST.action):
            return open_
        if action == TAKE_QUESTION.action:
            return at_first_window == ReferralState.WAITING.value and self._approver
        if action == SEND_BACK_QUESTION.action:
            return held
        if action == PRINT_HANDOUT.action:
            return view is not None and bool(view.item_code)
        return super().check_action(action, parameters)

    @property
    def _approver(self) -> bool:
        session = self.counter_app.session
        return session is not None and session.role in APPROVER_ROLES

    def action_answer(self) -> None:
        at_first_window = self.view is not None and bool(self.view.referral)
        service = referrals.answer_consultation if at_first_window else answer_consultation
        self._close_with(service, _("The answer"), _("Answer"), _("Answer recorded."))

    def action_refer_first_window(self) -> None:
        self._close_with(
            referrals.refer_consultation,
            _("Refer the question to the 一号窗口"),
            _("Note"),
            _("Referred to the 一号窗口."),
        )

    def action_take(self) -> None:
        self._act(referrals.take_consultation, _("Taken at the 一号窗口."))

    def action_send_back(self) -> None:
        self._close_with(
            referrals.send_back_consultation,
            _("Send the question back"),
            _("Note"),
            _("Sent back to the clerk."),
        )

    def action_refer(self) -> None:
        self._close_with(
            refer_consultation, _("Refer the question"), _("Referred to"), _("Question referred.")
        )

    def _close_with(
        self, service: Callable[..., object], title: str, label: str, done: str
    ) -> None:
        """Ask for the line ``service`` records (an answer, where to, a note), then act."""

        def answered(text: str | None) -> None:
            if text:
                self._act(service, done, text)

        self.app.push_screen(NotePrompt(title, label), answered)

    def _act(self, service: Callable[..., object], done: str, *args: str) -> None:
        """``service`` on this question; said, and home and this screen read again."""
        at = self.counter_app.now()
        if self.call(service, self.consultation_id, *args, at=at) is REFUSED:
            return
        self.notify(done, markup=False)
        self.counter_app.refresh_home()
        self.reload()

    def action_print_handout(self) -> None:
        self.counter_app.print_handout(self.consultation_id)

    def action_intake(self) -> None:
        """F2 / Ctrl+N here: an application from this question (the app hands the key over)."""
        self.counter_app.intake_from_question(self.consultation_id)

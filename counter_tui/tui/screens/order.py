"""One supervision order (督办, docs/rules.md §22), opened from home: what it is on, why,
what is expected and by when, its state and light, then every reply. Who answers it
replies (R); who issued it, or an administrator, closes it (C)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from counter_tui.documents.labels import fact
from counter_tui.domain.errors import N_
from counter_tui.domain.supervision import OrderState
from counter_tui.i18n import _
from counter_tui.services.auth import StaffSession
from counter_tui.services.supervision.issuing import close_order
from counter_tui.services.supervision.reading import OrderDetail, order_detail
from counter_tui.services.supervision.replies import reply
from counter_tui.tui.keys import CLOSE_ORDER, REPLY_ORDER
from counter_tui.tui.labels import LIGHT_STYLES, light_label
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.screens.prompts import NotePrompt, ReplyPrompt
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.text import plain

STATES = {
    OrderState.OPEN: N_("Open: awaiting the reply"),
    OrderState.ANSWERED: N_("Answered: awaiting closing"),
    OrderState.CLOSED: N_("Closed"),
}


def _detail(session: StaffSession | None, number: str, today: date) -> OrderDetail:
    """``order_detail`` read as the signed-in person, as the app's ``call`` passes them."""
    return order_detail(number, session, today)


class OrderScreen(CounterScreen):
    CLOSES_ON_BACK: ClassVar[bool] = True
    BINDINGS: ClassVar = [REPLY_ORDER.binding(), CLOSE_ORDER.binding()]
    DEFAULT_CSS = """
    OrderScreen #order-body { height: 1fr; padding: 0 1; }
    """

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.detail: OrderDetail | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="order-body"):
            yield Static("", id="order-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.number
        self.reload()

    def reload(self) -> None:
        detail = self.call(_detail, self.number, self.counter_app.today())
        if detail is REFUSED:
            return
        self.detail = detail
        self.query_one("#order-text", Static).update(self._text(detail))
        self.refresh_bindings()

    def _text(self, detail: OrderDetail) -> Text:
        def line(label: str, value: str, style: str = "") -> Text:
            return Text.assemble(plain(fact(label, ""), "dim"), plain(value, style))

        order = detail.line
        issued = f"{order.issued_at:%Y-%m-%d %H:%M} · {order.issued_by}"
        answers = order.holder if order.holder == order.owner else f"{order.holder} ({order.owner})"
        lines = [
            line(_("On"), f"{order.target_label} · {order.subject}", "bold"),
            line(_("Reason"), order.reason),
            line(_("Expected"), order.expected),
            line(_("Issued"), issued),
            line(_("Handled by"), answers),
            line(_("State"), _(STATES[order.state])),
        ]
        reply_by = order.reply_by.isoformat()
        if order.light is not None:
            lines.append(
                line(
                    _("Reply by"),
                    f"{reply_by} · {light_label(order.light.value)}",
                    LIGHT_STYLES[order.light.value],
                )
            )
        else:
            lines.append(line(_("Reply by"), reply_by))
        if detail.in_time is not None:
            lines.append(line(_("In time"), _("yes") if detail.in_time else _("no")))
        for answer in detail.replies:
            lines.append(plain(f"{answer.at:%Y-%m-%d %H:%M} · {answer.staff}", "bold"))
            lines.append(line(_("Progress"), answer.progress))
            if answer.delay_reason:
                lines.append(line(_("Delay reason"), answer.delay_reason))
            if answer.new_date:
                lines.append(line(_("New date"), answer.new_date.isoformat()))
        if detail.closed_at is not None:
            closed = f"{detail.closed_at:%Y-%m-%d %H:%M} · {detail.closed_by}"
            lines.append(line(_("Closed"), closed))
            if detail.close_note:
                lines.append(line(_("Note"), detail.close_note))
        return Text("\n").join(lines)

    # --- keys --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        detail = self.detail
        session = self.counter_app.session
        in_hand = detail is not None and detail.line.state is not OrderState.CLOSED
        if action == REPLY_ORDER.action:
            # The service checks by id; the names only keep the key off others' screens.
            answerers = (detail.line.owner, detail.line.holder) if detail else ()
            return in_hand and session is not None and session.name in answerers
        if action == CLOSE_ORDER.action:
            issuer = detail is not None and session is not None
            issuer = issuer and (session.role == "admin" or session.name == detail.line.issued_by)
            return in_hand and issuer
        return super().check_action(action, parameters)

    def action_reply(self) -> None:
        def replied(answer: tuple[str, str, object] | None) -> None:
            if answer is None:
                return
            progress, delay_reason, new_date = answer
            at = self.counter_app.now()
            done = self.call(
                reply,
                self.number,
                progress,
                delay_reason=delay_reason,
                new_date=new_date,
                at=at,
            )
            if done is not REFUSED:
                self._done(_("Reply recorded."))

        title = _("Reply to {number}").format(number=self.number)
        self.app.push_screen(ReplyPrompt(title), replied)

    def action_close_order(self) -> None:
        unanswered = self.detail is not None and self.detail.line.state is OrderState.OPEN

        def noted(note: str | None) -> None:
            if note is None:
                return
            at = self.counter_app.now()
            if self.call(close_order, self.number, note, at=at) is not REFUSED:
                self._done(_("Order closed."))

        title = _("Close {number}").format(number=self.number)
        self.app.push_screen(NotePrompt(title, _("Note"), required=unanswered), noted)

    def _done(self, message: str) -> None:
        self.notify(message, markup=False)
        self.counter_app.refresh_home()
        self.reload()

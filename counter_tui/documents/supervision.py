"""Supervision orders (督办, docs/rules.md §22) as plain text: a list of orders and one order
with its replies (`counter-tui supervision list|show`). What people typed — the reason, a
reply, a note — is shown as data, its control characters as visible escapes."""

from __future__ import annotations

from collections.abc import Iterable

from counter_tui.documents.labels import days_label
from counter_tui.documents.layout import Fact, block, fact_lines
from counter_tui.domain.deadlines import Light
from counter_tui.domain.supervision import ORDER_STATE_LABELS, TARGET_LABELS
from counter_tui.i18n import _, ngettext
from counter_tui.services.supervision.reading import OrderDetail, OrderLine

WIDTH = 76
TIME = "%Y-%m-%d %H:%M"


def late_words(line: OrderLine) -> str:
    """How late an order without its reply is, in working days."""
    return ngettext(
        "{n} working day past the reply-by date",
        "{n} working days past the reply-by date",
        line.days_late,
    ).format(n=line.days_late)


def status_words(line: OrderLine) -> str:
    """Where an order stands: late, due today, else its state."""
    if line.light is Light.RED:
        return late_words(line)
    if line.light is Light.YELLOW:
        return _("reply due today")
    return _(ORDER_STATE_LABELS[line.state])


def _work(line: OrderLine) -> str:
    return f"{_(TARGET_LABELS[line.target])} {line.target_label} {line.subject}".strip()


def orders_text(lines: Iterable[OrderLine], width: int = WIDTH) -> str:
    """One order after another: its number, where it stands and its reply-by date, then
    the work it is on, who answers it and who issued it."""
    out: list[str] = []
    for line in lines:
        head = f"{line.number}  {status_words(line)}  "
        out += block(head + _("reply by {date}").format(date=line.reply_by.isoformat()), width)
        who = _("{work} · to answer: {holder} · issued by {issuer}").format(
            work=_work(line), holder=line.holder, issuer=line.issued_by
        )
        out += block(who, width, indent=2)
    return "".join(f"{line}\n" for line in out) if out else _("No supervision order.") + "\n"


def order_text(detail: OrderDetail, width: int = WIDTH) -> str:
    """One order in full: what it is on, who issued it when and why, by when and from
    whom a reply is due, every reply, and its closing."""
    line = detail.line
    in_time = {True: _("yes"), False: _("no"), None: "—"}[detail.in_time]
    facts = [
        Fact(_("On"), _work(line)),
        Fact(_("Issued by"), f"{line.issued_by} {line.issued_at.strftime(TIME)}"),
        Fact(_("Reply within"), days_label(line.reply_days)),
        Fact(_("Reply by"), line.reply_by.isoformat()),
        Fact(_("Addressed to"), line.owner),
    ]
    if line.holder != line.owner:
        facts.append(Fact(_("Held now by"), line.holder))
    facts += [
        Fact(_("Reason"), line.reason),
        Fact(_("Expected"), line.expected),
        Fact(_("Answered in time"), in_time),
    ]
    out = block(f"{line.number}  {status_words(line)}", width)
    for item in facts:
        out += fact_lines(item, width)
    for reply in detail.replies:
        out += ["", *block(f"{reply.at.strftime(TIME)}  {reply.staff}", width)]
        out += fact_lines(Fact(_("Progress"), reply.progress), width, indent=2)
        if reply.delay_reason:
            out += fact_lines(Fact(_("Reason for the delay"), reply.delay_reason), width, 2)
        if reply.new_date:
            out += fact_lines(Fact(_("New date"), reply.new_date.isoformat()), width, 2)
    if detail.closed_at is not None:
        closed = f"{detail.closed_by} {detail.closed_at.strftime(TIME)}"
        out += ["", *fact_lines(Fact(_("Closed by"), closed), width)]
        if detail.close_note:
            out += fact_lines(Fact(_("Note"), detail.close_note), width)
    return "".join(f"{text}\n" for text in out)

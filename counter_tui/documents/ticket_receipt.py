"""A ticket's receipt (取号小票, docs/rules.md §24), for the kiosk's receipt printer: the
number large, the queue and its department, the people ahead, the time taken, the
priority mark. A PDF as wide as the printer's roll (58 or 80 mm, as tall as it needs), and
plain text (the kiosk's screen, the HTML without a Chinese font). Not a numbered
document: it promises a place in the queue, nothing more."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from counter_tui.documents.fonts import FontFace, find_font
from counter_tui.documents.layout import block, centred, escape, html_page
from counter_tui.documents.pdfkit import (
    FAMILY,
    MUTED,
    RULE,
    SLIP_MARGIN,
    PrintResult,
    bold,
    new_slip,
    print_pdf,
)
from counter_tui.documents.wrap import clean, wrap
from counter_tui.domain.errors import N_
from counter_tui.domain.tickets import PRIORITY_LABELS, RECEIPT_WIDTHS, Priority
from counter_tui.i18n import _, ngettext
from counter_tui.services.tickets.reading import TicketReceipt

WIDTHS = RECEIPT_WIDTHS  # mm: the two common receipt rolls
TIME = "%Y-%m-%d %H:%M"
TEXT_WIDTH = 32  # columns of the plain text: a 58 mm printer's line


@dataclass(frozen=True)
class ReceiptWords:
    """The receipt's lines, in the interface language."""

    centre: str
    queue: str  # the queue's common item when it has one, else the queue
    department: str
    label: str
    priority: str  # '' for an ordinary ticket
    ahead: str
    taken: str
    note: str


def receipt_words(receipt: TicketReceipt) -> ReceiptWords:
    priority = "" if receipt.priority is Priority.NONE else _(PRIORITY_LABELS[receipt.priority])
    return ReceiptWords(
        centre=clean(receipt.centre),
        queue=clean(receipt.title),
        department=clean(receipt.department),
        label=receipt.label,
        priority=priority,
        ahead=ngettext(
            "{n} person ahead of you", "{n} people ahead of you", receipt.people_ahead
        ).format(n=receipt.people_ahead),
        taken=_("Taken at {time}").format(time=receipt.taken_at.strftime(TIME)),
        note=_(
            "Please wait until the display calls your number. A number passed over may be "
            "called again at its window the same day; the ticket is valid today only."
        ),
    )


def receipt_text(receipt: TicketReceipt, width: int = TEXT_WIDTH) -> str:
    words = receipt_words(receipt)
    lines = [
        *centred(words.centre, width),
        *centred(words.queue, width),
        "",
        *centred(words.label, width),
        *(centred(f"【{words.priority}】", width) if words.priority else []),
        "",
        *centred(words.ahead, width),
        *centred(words.taken, width),
        "-" * width,
        *block(words.note, width),
    ]
    return "\n".join(lines) + "\n"


def receipt_html(receipt: TicketReceipt) -> str:
    words = receipt_words(receipt)
    body = [
        f"<p>{escape(words.centre)}</p>",
        f"<h2>{escape(words.queue)} · {escape(words.department)}</h2>",
        f'<h1 style="font-size:4em">{escape(words.label)}</h1>',
        *([f"<p><strong>{escape(words.priority)}</strong></p>"] if words.priority else []),
        f"<p>{escape(words.ahead)}</p>",
        f"<p>{escape(words.taken)}</p>",
        f"<p>{escape(words.note)}</p>",
    ]
    return html_page(words.label, body)


# ── PDF ───────────────────────────────────────────────────────────────────────


def _centred(pdf: Any, text: str, size: float, height: float, width: float) -> None:
    pdf.set_font(FAMILY, size=size)
    for line in wrap(text, width, pdf.get_string_width, hang=False):
        pdf.set_x(SLIP_MARGIN)
        pdf.cell(width, height, line.text, align="C", new_x="LMARGIN", new_y="NEXT")


def _label_size(pdf: Any, label: str, width: float) -> float:
    """The largest size up to 64 pt at which the number fills the line."""
    pdf.set_font(FAMILY, size=10)
    return min(64.0, 10 * width * 0.92 / max(pdf.get_string_width(label), 1))


def _draw(pdf: Any, words: ReceiptWords, width: float) -> float:
    """Draw the receipt from the top; returns where it ends (mm)."""
    with pdf.local_context(text_color=MUTED):
        _centred(pdf, words.centre, 8, 4, width)
    pdf.ln(1.5)
    with bold(pdf):
        _centred(pdf, words.queue, 12, 6, width)
    with pdf.local_context(text_color=MUTED):
        _centred(pdf, words.department, 8, 4, width)
    size = _label_size(pdf, words.label, width)
    pdf.ln(1)
    with bold(pdf):
        _centred(pdf, words.label, size, size * 0.42, width)
    if words.priority:
        pdf.ln(1)
        pdf.set_font(FAMILY, size=11)
        box = min(width, pdf.get_string_width(words.priority) + 6)
        pdf.set_x(SLIP_MARGIN + (width - box) / 2)
        with pdf.local_context(fill_color=(0, 0, 0), text_color=(255, 255, 255)):
            pdf.cell(box, 6.5, words.priority, align="C", fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _centred(pdf, words.ahead, 11, 5.5, width)
    _centred(pdf, words.taken, 9, 4.5, width)
    pdf.ln(1.5)
    with pdf.local_context(draw_color=RULE, line_width=0.2):
        pdf.set_dash_pattern(dash=1, gap=1)
        pdf.line(SLIP_MARGIN, pdf.get_y(), SLIP_MARGIN + width, pdf.get_y())
        pdf.set_dash_pattern()
    pdf.ln(1.5)
    with pdf.local_context(text_color=MUTED):
        _centred(pdf, words.note, 7.5, 3.6, width)
    return float(pdf.get_y())


def receipt_pdf(receipt: TicketReceipt, face: FontFace, paper: int = 58) -> bytes:
    """The receipt on a roll ``paper`` mm wide (58 or 80), as tall as its lines."""
    if paper not in WIDTHS:
        raise ValueError(f"paper must be one of {WIDTHS} mm, not {paper}")
    words = receipt_words(receipt)
    width = paper - 2 * SLIP_MARGIN
    measuring = new_slip(face, paper, 400, words.label, words.centre)
    height = _draw(measuring, words, width) + SLIP_MARGIN + 2
    pdf = new_slip(face, paper, height, words.label, words.centre)
    _draw(pdf, words, width)
    return bytes(pdf.output())


def print_receipt(
    receipt: TicketReceipt,
    path: str | Path,
    paper: int = 58,
    font: str | Path | None = None,
    find: Callable[[str | Path | None], FontFace] = find_font,
) -> PrintResult:
    """Write the receipt as a PDF at ``path`` (HTML next to it without a usable Chinese
    font)."""
    return print_pdf(
        path,
        lambda face, _day: receipt_pdf(receipt, face, paper),
        lambda: receipt_html(receipt),
        font,
        date.min,
        written=N_("Ticket receipt written to {path}"),
        find=find,
    )

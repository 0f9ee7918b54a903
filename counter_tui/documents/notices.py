"""The documents of a case — 材料接收凭证, 一次性告知书, 受理通知书, 不予受理决定书, 延期通知,
特别程序告知书 — of a bundle case (bundle_notices.py) and the handover sheet (交接单), as
plain text (the TUI's preview), HTML (when no Chinese font can be embedded) and A4 PDF.

Each is rendered from the body stored when it was issued (``IssuedDocument.body``), so
a reprint says what the first print said; the labels and the legal wording are put in
by notice_words.py and bundle_notices.py, in the interface language. What anyone typed
(names, reasons) is data: cleaned of control characters, and escaped in HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from counter_tui.documents.bundle_notices import bundle_content, is_bundle_document
from counter_tui.documents.fonts import FontFace, find_serif_font
from counter_tui.documents.labels import fact
from counter_tui.documents.layout import (
    Fact,
    block,
    centred,
    escape,
    fact_lines,
    facts_table,
    html_page,
    right_aligned,
)
from counter_tui.documents.notice_words import RENDERERS, Heading, NoticeContent, Part, Table
from counter_tui.documents.pdfkit import (
    BOTTOM,
    CONTENT_WIDTH,
    FAMILY,
    LEFT,
    MUTED,
    PAGE_WIDTH,
    RIGHT,
    RULE,
    Para,
    PrintResult,
    draw_lines,
    ensure,
    facts,
    facts_height,
    new_page,
    new_pdf,
    paragraphs,
    print_pdf,
    table,
    tight_centred,
    title_lines,
)
from counter_tui.documents.wrap import wrap
from counter_tui.domain.errors import N_
from counter_tui.domain.numbering import DocumentKind
from counter_tui.i18n import _
from counter_tui.services.cases.access import PERSONAL_DATA_NOTICE
from counter_tui.services.cases.documents import IssuedDocument

DEFAULT_WIDTH = 72
NOTICE_SIZE = 11.0  # pt: the body of a notice, a little larger than a guide's
NOTICE_LINE = 6.4  # mm


def notice_content(document: IssuedDocument) -> NoticeContent:
    """The words of a document, from the body stored when it was issued."""
    if is_bundle_document(document):
        return bundle_content(document)
    return RENDERERS[DocumentKind(document.kind)](document)


def suggested_filename(document: IssuedDocument) -> str:
    """``GA20261127-0002_deficiency_notice.pdf``: the case and the kind, ASCII only; a
    handover sheet is named by its handover (``handover-12_handover_sheet.pdf``)."""
    if document.case_number is None and "handover" in document.body:
        return f"handover-{int(document.body['handover'])}_{document.kind.value}.pdf"
    if is_bundle_document(document):
        number = "".join(c for c in str(document.body["bundle"]["number"]) if c.isascii())
        return f"{number or 'bundle'}_{document.kind.value}.pdf"
    return f"{document.case_number or 'document'}_{document.kind.value}.pdf"


# ── plain text ───────────────────────────────────────────────────────────────


def _table_lines(part: Table, width: int) -> list[str]:
    """A table as numbered entries: the first columns on the entry's line, the rest as
    “label: value” lines under it."""
    lines: list[str] = []
    indent = len(str(len(part.rows))) + 2
    for row in part.rows:
        number = f"{row[0]}.".rjust(indent - 1) + " "
        name = block(row[1], width - indent)
        lines.append(number + name[0])
        lines += [" " * indent + line for line in name[1:]]
        for label, value in zip(part.header[2:], row[2:], strict=True):
            if value and value != "—":
                lines += fact_lines(Fact(label, value), width, indent)
    return lines


def notice_text(document: IssuedDocument, width: int = DEFAULT_WIDTH) -> str:
    """The document as plain text no wider than ``width`` terminal cells."""
    width = max(width, 24)
    content = notice_content(document)
    lines = centred(content.centre, width) + centred(content.title, width)
    lines += centred(content.number, width)
    lines.append("═" * width)
    if content.addressee:
        lines += [*block(content.addressee, width), ""]
    for part in content.body:
        lines += _table_lines(part, width) if isinstance(part, Table) else block(part, width)
        lines.append("")
    for item in content.facts:
        lines += fact_lines(item, width)
    lines.append("")
    for line in content.issuer:
        lines += right_aligned(line, width)
    lines.append("─" * width)
    for item in content.handled:
        lines += fact_lines(item, width)
    for part in content.annex:
        lines.append("")
        if isinstance(part, Heading):
            lines += ["═" * width, *centred(part.text, width)]
        else:
            lines += _table_lines(part, width) if isinstance(part, Table) else block(part, width)
    return "\n".join(line.rstrip() for line in lines) + "\n"


# ── HTML ─────────────────────────────────────────────────────────────────────

_NOTICE_STYLE = """
.centre { text-align: center; margin: 0; }
.number { text-align: center; margin: 0 0 0.6em; }
hr { border: 0; border-top: 2px solid #333; }
.issuer { text-align: right; margin: 1.5em 0 0.5em; }
.handled { color: #444; font-size: 10pt; }
"""


def _html_part(part: Part) -> list[str]:
    if isinstance(part, Heading):  # an annex: a sheet of its own when printed
        return [f'<h1 style="page-break-before: always">{escape(part.text)}</h1>']
    if isinstance(part, str):
        return [f'<p class="text">{escape(part)}</p>']
    out = ["<table><thead><tr>", *[f"<th>{escape(h)}</th>" for h in part.header]]
    out.append("</tr></thead><tbody>")
    for row in part.rows:
        cells = "".join(f'<td class="text">{escape(cell)}</td>' for cell in row)
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return out


def notice_html(document: IssuedDocument) -> str:
    """The document as a standalone HTML page (printing from a browser)."""
    content = notice_content(document)
    out = [
        f'<p class="centre">{escape(content.centre)}</p>',
        f"<h1>{escape(content.title)}</h1>",
        f'<p class="number">{escape(content.number)}</p>',
        "<hr>",
    ]
    if content.addressee:
        out.append(f"<p>{escape(content.addressee)}</p>")
    for part in content.body:
        out += _html_part(part)
    out += facts_table(content.facts)
    out.append('<p class="issuer">' + "<br>".join(escape(line) for line in content.issuer) + "</p>")
    handled = "　".join(escape(fact(f.label, f.value)) for f in content.handled)
    out.append(f'<p class="handled">{handled}</p>')
    for part in content.annex:
        out += _html_part(part)
    return html_page(
        f"{content.title} {content.number}", out, _NOTICE_STYLE, _(PERSONAL_DATA_NOTICE)
    )


# ── PDF ──────────────────────────────────────────────────────────────────────


def _pdf_table(pdf: Any, part: Table) -> None:
    total = sum(part.weights)
    widths = [CONTENT_WIDTH * w / total for w in part.weights]
    aligns = ["C", *["L"] * (len(widths) - 1)]
    rows = [[[Para(cell)] for cell in row] for row in part.rows]
    table(pdf, widths, aligns, rows, part.header)
    pdf.set_y(pdf.get_y() + 2)


def _keep_with_seal(pdf: Any, rows: tuple[Fact, ...], seal: float) -> None:
    """Start the facts on a new page when they would end this one and leave the seal and
    date alone on the next: the seal never stands on a page without text (GB/T 9704-2012,
    docs/rules.md §6)."""
    end = pdf.get_y() + facts_height(pdf, rows)
    if end <= BOTTOM < end + 8 + seal:
        new_page(pdf)


def notice_pdf(document: IssuedDocument, face: FontFace, printed_on: date) -> bytes:
    """The document as an A4 PDF printed with ``face``."""
    content = notice_content(document)
    pdf = new_pdf(
        face,
        title=f"{content.title} {content.number}",
        running_title=f"{content.title} {content.number}",
        centre=content.centre,
        printed_on=printed_on,
        subject=_(PERSONAL_DATA_NOTICE),
    )
    pdf.set_font(FAMILY, size=12)
    pdf.cell(0, 7, content.centre, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 1)
    title_lines(pdf, content.title, size=20, line_height=11)
    pdf.set_font(FAMILY, size=NOTICE_SIZE)
    tight_centred(pdf, content.number, 7)
    with pdf.local_context(draw_color=(40, 40, 40), line_width=0.5):
        y = pdf.get_y() + 1.5
        pdf.line(LEFT, y, PAGE_WIDTH - RIGHT, y)
    pdf.set_y(y + 4)
    if content.addressee:
        paragraphs(pdf, content.addressee, NOTICE_SIZE, NOTICE_LINE)
        pdf.set_y(pdf.get_y() + 1)
    for part in content.body:
        if isinstance(part, Table):
            _pdf_table(pdf, part)
        else:
            paragraphs(pdf, part, NOTICE_SIZE, NOTICE_LINE)
            pdf.set_y(pdf.get_y() + 1.5)
    pdf.set_y(pdf.get_y() + 2)
    seal = 4 + len(content.issuer) * 8 + 14
    _keep_with_seal(pdf, content.facts, seal)
    facts(pdf, content.facts)

    ensure(pdf, seal)
    pdf.set_y(pdf.get_y() + 8)
    pdf.set_font(FAMILY, size=NOTICE_SIZE + 1)
    for line in content.issuer:
        pdf.cell(CONTENT_WIDTH - 6, 8, line, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 3)
    with pdf.local_context(draw_color=RULE, line_width=0.2):
        pdf.line(LEFT, pdf.get_y(), PAGE_WIDTH - RIGHT, pdf.get_y())
    pdf.set_y(pdf.get_y() + 1.5)
    pdf.set_font(FAMILY, size=9)
    handled = "　".join(fact(f.label, f.value) for f in content.handled)
    with pdf.local_context(text_color=MUTED):
        draw_lines(pdf, wrap(handled, CONTENT_WIDTH, pdf.get_string_width), 4.8)
    for part in content.annex:
        if isinstance(part, Heading):
            new_page(pdf)
            title_lines(pdf, part.text, size=18, line_height=10)
            pdf.set_y(pdf.get_y() + 4)
        elif isinstance(part, Table):
            _pdf_table(pdf, part)
        else:
            pdf.set_font(FAMILY, size=NOTICE_SIZE)
            paragraphs(pdf, part, NOTICE_SIZE, NOTICE_LINE)
            pdf.set_y(pdf.get_y() + 4)
    return bytes(pdf.output())


def print_notice(
    document: IssuedDocument,
    path: str | Path,
    font: str | Path | None = None,
    printed_on: date | None = None,
    find: Callable[[str | Path | None], FontFace] = find_serif_font,
) -> PrintResult:
    """Write the document as a PDF at ``path`` (HTML next to it when there is no usable
    Chinese font), in a serif face where one is installed (``fonts.find_serif_font``). It
    names the applicant: the file is readable by its owner only.
    ``printed_on`` defaults to the centre's local date (the database must be open)."""
    return print_pdf(
        path,
        lambda face, day: notice_pdf(document, face, day),
        lambda: notice_html(document),
        font,
        printed_on,
        written=N_("Document written to {path}"),
        mode=0o600,
        find=find,
    )

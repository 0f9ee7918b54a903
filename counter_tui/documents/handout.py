"""A consultation's handout (一次性告知单, docs/rules.md §18): the item's materials, with
originals, copies and counts as the guide has them, its conditions, limit and fees, the
window to come to and its phone, the day asked and the clerk. Plain text, HTML and an A4
PDF, from the guide's own pieces (``guide.py``, ``pdf.py``). Not a numbered document: it
promises nothing beyond the guide, and the print is logged with the consultation."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from counter_tui.documents.fonts import FontFace, find_font
from counter_tui.documents.guide import GuideContent, guide_content, materials_html, materials_text
from counter_tui.documents.labels import date_label
from counter_tui.documents.layout import (
    Fact,
    block,
    centred,
    escape,
    fact_lines,
    facts_table,
    heading_lines,
    html_page,
)
from counter_tui.documents.pdf import materials_table, titled_pdf
from counter_tui.documents.pdfkit import (
    PrintResult,
    facts,
    heading,
    paragraphs,
    print_pdf,
)
from counter_tui.documents.wrap import clean
from counter_tui.domain.errors import N_
from counter_tui.i18n import _
from counter_tui.services.consultations.handout import Handout

DEFAULT_WIDTH = 72


@dataclass(frozen=True)
class HandoutContent:
    guide: GuideContent
    subtitle: str
    lead: str  # why the visitor has it
    asked: tuple[Fact, ...]  # the question, the visitor
    where: tuple[Fact, ...]  # the window, its phone, place, hours
    signed: str  # the day asked and the clerk


def handout_content(handout: Handout) -> HandoutContent:
    guide = guide_content(handout.guide)
    asked = [Fact(_("Question"), clean(handout.question))]
    if handout.visitor:
        asked.append(Fact(_("Visitor"), clean(handout.visitor)))
    where = []
    if handout.window is not None:
        where.append(Fact(_("Window"), str(handout.window)))
    phone = clean(handout.window_phone) or clean(handout.guide.phone)
    # The guide's place and hours (its contacts end with the item's phone, for which the
    # window's own stands).
    where += [Fact(_("Window phone"), phone or "—"), *guide.contacts[:-1]]
    signed = _("Asked on {date}, answered by {clerk} (consultation {number})").format(
        date=date_label(handout.asked_on), clerk=clean(handout.clerk), number=handout.consultation
    )
    return HandoutContent(
        guide=guide,
        subtitle=_("One-time notice of materials and conditions"),
        lead=_(
            "Bring everything listed below, as listed (originals, copies and their "
            "numbers), and your application can be taken in one visit."
        ),
        asked=tuple(asked),
        where=tuple(where),
        signed=signed,
    )


def handout_path(folder: Path, handout: Handout) -> Path:
    """``<folder>/consultation_12_GA-001_2026-12-03.pdf``."""
    code = re.sub(r"[^\w-]+", "_", handout.guide.code).strip("_-")[:60] or "item"
    return folder / f"consultation_{handout.consultation}_{code}_{handout.asked_on}.pdf"


# ── plain text ────────────────────────────────────────────────────────────────


def handout_text(handout: Handout, width: int = DEFAULT_WIDTH) -> str:
    width = max(width, 24)
    content = handout_content(handout)
    guide = content.guide
    lines = centred(guide.title, width) + centred(content.subtitle, width)
    lines += ["═" * width, *block(content.lead, width), ""]
    for item in (*content.asked, *guide.facts):
        lines += fact_lines(item, width)
    lines += heading_lines(guide.conditions.label) + block(guide.conditions.value, width)
    lines += heading_lines(guide.materials_heading) + materials_text(guide, width)
    lines += heading_lines(_("Where to apply"))
    for item in content.where:
        lines += fact_lines(item, width)
    lines += ["", "─" * width, *block(content.signed, width)]
    if guide.centre:
        lines += centred(guide.centre, width)
    return "\n".join(lines) + "\n"


# ── HTML ──────────────────────────────────────────────────────────────────────


def handout_html(handout: Handout) -> str:
    content = handout_content(handout)
    guide = content.guide
    out = [
        f"<h1>{escape(guide.title)}</h1>",
        f'<p class="subtitle">{escape(content.subtitle)}</p>',
        f"<p>{escape(content.lead)}</p>",
        *facts_table((*content.asked, *guide.facts)),
        f"<h2>{escape(guide.conditions.label)}</h2>",
        f'<div class="text">{escape(guide.conditions.value)}</div>',
        f"<h2>{escape(guide.materials_heading)}</h2>",
        *materials_html(guide),
        f"<h2>{escape(_('Where to apply'))}</h2>",
        *facts_table(content.where),
        f"<footer>{escape(content.signed)}<br>{escape(guide.centre)}</footer>",
    ]
    return html_page(f"{guide.title} — {content.subtitle}", out)


# ── PDF ───────────────────────────────────────────────────────────────────────


def handout_pdf(handout: Handout, face: FontFace, printed_on: date) -> bytes:
    content = handout_content(handout)
    guide = content.guide
    pdf = titled_pdf(face, guide.title, content.subtitle, guide.centre, printed_on)
    paragraphs(pdf, content.lead)
    pdf.set_y(pdf.get_y() + 2)
    facts(pdf, (*content.asked, *guide.facts))
    heading(pdf, guide.conditions.label)
    paragraphs(pdf, guide.conditions.value)
    heading(pdf, guide.materials_heading)
    materials_table(pdf, guide)
    heading(pdf, _("Where to apply"))
    facts(pdf, content.where)
    pdf.set_y(pdf.get_y() + 4)
    paragraphs(pdf, content.signed)
    return bytes(pdf.output())


def print_handout_file(
    handout: Handout,
    path: str | Path,
    font: str | Path | None = None,
    printed_on: date | None = None,
    find: Callable[[str | Path | None], FontFace] = find_font,
) -> PrintResult:
    """Write the handout as a PDF at ``path`` (HTML next to it without a usable Chinese
    font)."""
    return print_pdf(
        path,
        lambda face, day: handout_pdf(handout, face, day),
        lambda: handout_html(handout),
        font,
        printed_on,
        written=N_("Material list written to {path}"),
        find=find,
    )

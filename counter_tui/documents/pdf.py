"""The printed item guide as an A4 PDF (fpdf2), Chinese text in an embedded, subset font.

The page machinery (font, header and footer, tables that split across pages) is in
``pdfkit.py``; this module lays out the guide's content with it.

``print_guide`` is what a caller wants: it writes the PDF, or, when there is no usable
Chinese font, an HTML file next to it, and says which (``PrintResult.message``).
"""

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from counter_tui.documents.fonts import FontFace, find_font
from counter_tui.documents.guide import (
    GuideContent,
    guide_content,
    guide_html,
    material_columns,
    material_details,
)
from counter_tui.documents.pdfkit import (
    BOTTOM,
    CONTENT_WIDTH,
    FAMILY,
    MUTED,
    PAD,
    PAGE_HEIGHT,
    TABLE_SIZE,
    Para,
    PrintResult,
    draw_lines,
    facts,
    heading,
    new_pdf,
    paragraphs,
    print_pdf,
    table,
    title_lines,
)
from counter_tui.documents.wrap import wrap
from counter_tui.i18n import _
from counter_tui.services.catalog.guide import Guide

__all__ = [
    "BOTTOM",
    "PAGE_HEIGHT",
    "PrintResult",
    "guide_pdf",
    "materials_table",
    "print_guide",
    "titled_pdf",
]

# Materials table: number, material (with its condition, source and notes),
# necessity, form, copies, acceptance standard. The short columns are as wide as
# their widest label in the interface language (within these bounds); the material
# and its standard share the rest.
MATERIAL_ALIGN = ("C", "L", "L", "L", "C", "L")
SHORT_COLUMN = (8.0, 30.0)


def _material_widths(
    pdf: Any, header: Sequence[str], rows: Sequence[Sequence[Sequence[Para]]]
) -> list[float]:
    pdf.set_font(FAMILY, size=TABLE_SIZE)
    low, high = SHORT_COLUMN
    widths = [0.0] * len(header)
    for column in (0, 2, 3, 4):
        texts = [header[column]] + [p.text for row in rows for p in row[column]]
        widest = max(pdf.get_string_width(t) for t in texts) + 2 * PAD + 0.6
        widths[column] = min(max(widest, low), high)
    rest = CONTENT_WIDTH - sum(widths)
    widths[1] = round(rest / 2, 2)
    widths[5] = rest - widths[1]
    return widths


def _material_rows(content: GuideContent) -> list[list[list[Para]]]:
    rows = []
    for row in content.materials:
        name = [Para(row.name)]
        name += [
            Para(d.value, muted=True, label=d.label)
            for d in material_details(row, with_standard=False)
        ]
        rows.append(
            [
                [Para(str(row.number))],
                name,
                [Para(row.necessity)],
                [Para(row.form)],
                [Para(row.copies)],
                [Para(row.standard)],
            ]
        )
    return rows


def titled_pdf(face: FontFace, title: str, subtitle: str, centre: str, printed_on: date) -> Any:
    """A guide's first page (or a handout's) begun: the item's name, and under it what the
    page is."""
    pdf = new_pdf(
        face,
        title=f"{title} {subtitle}",
        running_title=f"{title} · {subtitle}",
        centre=centre,
        printed_on=printed_on,
    )
    title_lines(pdf, title)
    pdf.set_font(FAMILY, size=12)
    pdf.cell(0, 7, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 3)
    return pdf


def guide_pdf(guide: Guide, face: FontFace, printed_on: date) -> bytes:
    """The guide as an A4 PDF printed with ``face``. Raises FontError when fpdf2 cannot
    embed the font."""
    content = guide_content(guide)
    pdf = titled_pdf(face, content.title, content.subtitle, content.centre, printed_on)
    if content.notice:
        with pdf.local_context(text_color=(150, 0, 0)):
            paragraphs(pdf, content.notice)
        pdf.set_y(pdf.get_y() + 2)

    facts(pdf, content.facts)
    heading(pdf, content.conditions.label)
    paragraphs(pdf, content.conditions.value)

    heading(pdf, content.materials_heading)
    materials_table(pdf, content)

    for section in content.sections:
        heading(pdf, section.label)
        paragraphs(pdf, section.value)
    heading(pdf, _("Where and when"))
    facts(pdf, content.contacts)
    return bytes(pdf.output())


def materials_table(pdf: Any, content: GuideContent) -> None:
    """The materials as a table, and the note on 容缺 (the guide and a consultation's
    handout alike)."""
    if content.materials:
        header = material_columns()
        rows = _material_rows(content)
        table(pdf, _material_widths(pdf, header, rows), MATERIAL_ALIGN, rows, header)
    else:
        paragraphs(pdf, _("No materials are needed."))
    if content.deferrable_note:
        pdf.set_y(pdf.get_y() + 1.5)
        pdf.set_font(FAMILY, size=TABLE_SIZE)
        with pdf.local_context(text_color=MUTED):
            draw_lines(pdf, wrap(content.deferrable_note, CONTENT_WIDTH, pdf.get_string_width), 4.6)


def print_guide(
    guide: Guide,
    path: str | Path,
    font: str | Path | None = None,
    printed_on: date | None = None,
) -> PrintResult:
    """Write the guide as a PDF at ``path``; without a usable Chinese font, write it as
    HTML next to it (same name, .html) and return why in ``PrintResult.problem``.

    ``font`` is a configured font file (else ``COUNTER_TUI_FONT``, else discovery);
    ``printed_on`` defaults to the centre's local date (the database must be open)."""
    return print_pdf(
        path,
        lambda face, day: guide_pdf(guide, face, day),
        lambda: guide_html(guide),
        font,
        printed_on,
        find=find_font,  # looked up here, so that a test can replace it
    )

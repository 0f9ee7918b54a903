"""The printed item guide (办事指南) as plain text (TUI preview, text fallback) and HTML.

The content is put together once (``guide_content``) and laid out three ways: here as
text and HTML, in ``pdf.py`` as an A4 PDF. Every label is translated at render time, so a
guide prints in the interface language (Chinese by default). Catalog text is data: it is
cleaned of control characters and, in HTML, escaped.
"""

from dataclasses import dataclass

from counter_tui.documents.labels import (
    copies_label,
    days_label,
    fact,
    form_label,
    item_type_label,
    kind_label,
    listing,
    necessity_label,
    window_label,
)
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
from counter_tui.documents.wrap import clean
from counter_tui.i18n import _, ngettext
from counter_tui.services.catalog.guide import Guide, GuideMaterial

DEFAULT_WIDTH = 72


@dataclass(frozen=True)
class MaterialRow:
    number: int
    name: str
    necessity: str  # the translated label: 必要, 容缺, …
    condition: str  # for a conditional material: when it is needed
    form: str
    copies: str
    source: str
    standard: str
    notes: str


@dataclass(frozen=True)
class GuideContent:
    """What a guide says, labels translated and catalog text cleaned, ready to lay out."""

    title: str
    subtitle: str
    notice: str  # set when this is not the item's current version
    facts: tuple[Fact, ...]  # department … fees
    conditions: Fact
    materials_heading: str
    materials: tuple[MaterialRow, ...]
    deferrable_note: str  # explains 容缺 when a material is deferrable, else ""
    sections: tuple[Fact, ...]  # procedure, legal basis
    contacts: tuple[Fact, ...]  # place, hours, phone
    centre: str


def _material_row(number: int, material: GuideMaterial) -> MaterialRow:
    return MaterialRow(
        number=number,
        name=clean(material.name),
        necessity=necessity_label(material.necessity),
        condition=clean(material.condition) if material.necessity == "conditional" else "",
        form=form_label(material.form),
        copies=copies_label(material.copies),
        source=clean(material.source),
        standard=clean(material.standard),
        notes=clean(material.notes),
    )


def material_columns() -> tuple[str, ...]:
    """The column heads of the materials table, in the HTML and the PDF alike."""
    return (
        _("No."),
        _("Material"),
        _("Necessity"),
        _("Form"),
        _("Copies"),
        _("Acceptance standard"),
    )


def guide_content(guide: Guide) -> GuideContent:
    notice = ""
    if not guide.current:
        notice = _(
            "This is version {version} of the guide, kept for the cases taken under it; "
            "the item has a newer version."
        ).format(version=guide.version)
    facts = [
        Fact(_("Department"), clean(guide.department)),
        Fact(
            _("Item code"),
            _("{code}, version {version}").format(code=clean(guide.code), version=guide.version),
        ),
        Fact(_("Item type"), item_type_label(guide.item_type)),
        Fact(_("Kind"), kind_label(guide.kind)),
        Fact(_("Decided at the window"), window_label(guide.window_decides)),
        Fact(_("Legal time limit"), days_label(guide.legal_limit_days, guide.limit_unit)),
        Fact(_("Promised time limit"), days_label(guide.promised_limit_days, guide.limit_unit)),
    ]
    if guide.special_steps:
        steps = (f"{clean(name)}（{days_label(days)}）" for name, days in guide.special_steps)
        facts.append(Fact(_("Special procedures"), listing(steps)))
    if guide.review_hours:  # the centre's own promise, not the law's (docs/rules.md §19)
        hours = ngettext(
            "within {n} working hour of receipt",
            "within {n} working hours of receipt",
            guide.review_hours,
        ).format(n=guide.review_hours)
        facts.append(Fact(_("Materials review"), hours))
    if guide.answer_minutes:
        minutes = ngettext(
            "within {n} working minute", "within {n} working minutes", guide.answer_minutes
        ).format(n=guide.answer_minutes)
        facts.append(Fact(_("Questions answered"), minutes))
    facts.append(Fact(_("Fees"), clean(guide.fees) or _("None")))
    materials = tuple(_material_row(n, m) for n, m in enumerate(guide.materials, 1))
    deferrable = any(m.necessity == "deferrable" for m in guide.materials)
    return GuideContent(
        title=clean(guide.name),
        subtitle=_("Service guide"),
        notice=notice,
        facts=tuple(facts),
        conditions=Fact(_("Conditions"), clean(guide.conditions) or _("None")),
        materials_heading=_("Materials ({count})").format(count=len(materials)),
        materials=materials,
        deferrable_note=(
            _(
                "Deferrable: the application can be accepted without this material "
                "if it is supplied within the time agreed at the window."
            )
            if deferrable
            else ""
        ),
        sections=(
            Fact(_("Procedure"), clean(guide.procedure) or _("None")),
            Fact(_("Legal basis"), clean(guide.legal_basis) or _("None")),
        ),
        contacts=(
            Fact(_("Place"), clean(guide.place) or "—"),
            Fact(_("Office hours"), clean(guide.hours) or "—"),
            Fact(_("Phone"), clean(guide.phone) or "—"),
        ),
        centre=clean(guide.centre),
    )


def material_details(row: MaterialRow, with_standard: bool = True) -> list[Fact]:
    """The lines under a material's name: when it is needed, source, standard, notes.
    A table with a column of its own for the standard leaves it out here."""
    details = []
    if row.condition:
        details.append(Fact(_("Needed when"), row.condition))
    if row.source:
        details.append(Fact(_("Source"), row.source))
    if row.standard and with_standard:
        details.append(Fact(_("Acceptance standard"), row.standard))
    if row.notes:
        details.append(Fact(_("Notes"), row.notes))
    return details


# ── plain text ────────────────────────────────────────────────────────────────


def guide_text(guide: Guide, width: int = DEFAULT_WIDTH) -> str:
    """The guide as plain text no wider than ``width`` terminal cells (Chinese counts two)."""
    width = max(width, 24)
    content = guide_content(guide)
    lines = centred(content.title, width) + centred(content.subtitle, width)
    lines.append("═" * width)
    if content.notice:
        lines += [*block(content.notice, width), ""]
    for item in content.facts:
        lines += fact_lines(item, width)
    lines += heading_lines(content.conditions.label) + block(content.conditions.value, width)

    lines += heading_lines(content.materials_heading) + materials_text(content, width)

    for section in content.sections:
        lines += heading_lines(section.label) + block(section.value, width)
    lines += heading_lines(_("Where and when"))
    for item in content.contacts:
        lines += fact_lines(item, width)
    if content.centre:
        lines += ["", "─" * width, *centred(content.centre, width)]
    return "\n".join(lines) + "\n"


def materials_text(content: GuideContent, width: int) -> list[str]:
    """The materials, numbered, each with its details, and the note on 容缺 (the guide and
    a consultation's handout alike)."""
    lines = [] if content.materials else [_("No materials are needed.")]
    number_width = len(str(len(content.materials))) + 2  # "12. "
    indent = number_width
    for row in content.materials:
        number = f"{row.number}.".rjust(number_width - 1) + " "
        name_lines = block(row.name, width - indent)
        lines.append(number + name_lines[0])
        lines += [" " * indent + line if line else "" for line in name_lines[1:]]
        summary = " · ".join(part for part in (row.necessity, row.form, row.copies) if part != "—")
        lines += block(summary, width, indent)
        for detail in material_details(row):
            lines += fact_lines(detail, width, indent)
    if content.deferrable_note:
        lines += ["", *block(content.deferrable_note, width)]
    return lines


# ── HTML ──────────────────────────────────────────────────────────────────────


def guide_html(guide: Guide) -> str:
    """The guide as a standalone HTML page, for printing from a browser when no Chinese
    font can be embedded in a PDF. All catalog text is escaped."""
    content = guide_content(guide)
    out = [
        f"<h1>{escape(content.title)}</h1>",
        f'<p class="subtitle">{escape(content.subtitle)}</p>',
    ]
    if content.notice:
        out.append(f'<p class="notice">{escape(content.notice)}</p>')
    out += facts_table(content.facts)
    out += [
        f"<h2>{escape(content.conditions.label)}</h2>",
        f'<div class="text">{escape(content.conditions.value)}</div>',
        f"<h2>{escape(content.materials_heading)}</h2>",
        *materials_html(content),
    ]
    for section in content.sections:
        out += [
            f"<h2>{escape(section.label)}</h2>",
            f'<div class="text">{escape(section.value)}</div>',
        ]
    out.append(f"<h2>{escape(_('Where and when'))}</h2>")
    out += facts_table(content.contacts)
    if content.centre:
        out.append(f"<footer>{escape(content.centre)}</footer>")
    return html_page(f"{content.title} — {content.subtitle}", out)


def materials_html(content: GuideContent) -> list[str]:
    """The materials table (escaped) and the note on 容缺."""
    out = []
    if content.materials:
        headers = material_columns()
        out.append("<table><thead><tr>")
        out += [f"<th>{escape(h)}</th>" for h in headers]
        out.append("</tr></thead><tbody>")
        for row in content.materials:
            details = "".join(
                f'<div class="detail text">{escape(fact(d.label, d.value))}</div>'
                for d in material_details(row, with_standard=False)
            )
            out.append(
                f'<tr><td class="number">{row.number}</td>'
                f'<td><div class="text">{escape(row.name)}</div>{details}</td>'
                f"<td>{escape(row.necessity)}</td><td>{escape(row.form)}</td>"
                f'<td class="copies">{escape(row.copies)}</td>'
                f'<td class="text">{escape(row.standard)}</td></tr>'
            )
        out.append("</tbody></table>")
    else:
        out.append(f"<p>{escape(_('No materials are needed.'))}</p>")
    if content.deferrable_note:
        out.append(f'<p class="detail">{escape(content.deferrable_note)}</p>')
    return out

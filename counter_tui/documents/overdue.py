"""The daily overdue report (超时通报) as plain text, HTML and an A4 PDF: the open cases
whose light is red or yellow, by department and window, then the materials reviews past
their promise in hours, then the consultations past their answer time, then the
supervision orders past their reply-by day (督办, docs/rules.md §22). Not a numbered
case document: it is printed for the centre's own notice board and meetings. ID numbers,
visitors' names and phones come masked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from counter_tui.documents.fonts import FontFace, find_font
from counter_tui.documents.labels import date_label, duration_label
from counter_tui.documents.layout import block, centred, escape, heading_lines, html_page
from counter_tui.documents.pdfkit import (
    BODY_LINE,
    CONTENT_WIDTH,
    Para,
    PrintResult,
    ensure,
    heading,
    new_pdf,
    paragraphs,
    print_pdf,
    report_head,
    table,
    title_lines,
)
from counter_tui.documents.supervision import late_words
from counter_tui.domain.deadlines import Light, Limit
from counter_tui.domain.errors import N_
from counter_tui.domain.ratings import RATING_LABELS, REASON_LABELS
from counter_tui.i18n import _, ngettext
from counter_tui.services.cases.access import PERSONAL_DATA_NOTICE
from counter_tui.services.cases.deadlines import YELLOW_DAYS
from counter_tui.services.reports.consultations import OverdueConsultation
from counter_tui.services.reports.overdue import OverdueLine, OverdueReport
from counter_tui.services.reports.review_misses import ReviewMiss

DEFAULT_WIDTH = 76
# Window, case number, item, applicant ID, owner, due date, light: shares of the width.
WEIGHTS = (1.4, 3.4, 3.8, 4.0, 1.6, 2.2, 2.2)
ALIGNS = ("C", "L", "L", "L", "L", "C", "C")
# Consultations: window, item, visitor, phone, owner, asked at, due at, how late.
CONSULTATION_WEIGHTS = (1.4, 3.6, 1.6, 2.6, 1.6, 2.2, 2.2, 3.2)
CONSULTATION_ALIGNS = ("C", "L", "L", "L", "L", "C", "C", "L")
# Supervision orders: number, the work it is on, reason, who answers, issued by, reply by,
# how late.
SUPERVISION_WEIGHTS = (2.6, 3.6, 4.0, 1.6, 1.6, 2.2, 2.2)
SUPERVISION_ALIGNS = ("L", "L", "L", "L", "L", "C", "L")
FOLLOW_UP_WEIGHTS = (2.6, 3.6, 1.6, 2.0, 2.0, 2.2, 2.0)
FOLLOW_UP_ALIGNS = ("L", "L", "L", "L", "L", "C", "C")


@dataclass(frozen=True)
class Section:
    department: str
    summary: str
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class OverdueContent:
    centre: str
    title: str
    subtitle: str
    summary: str
    header: tuple[str, ...]
    sections: tuple[Section, ...]
    chain: str  # the event chain's end when made, for `audit verify` to hold against
    consultations_title: str = ""  # "" when no consultation is past its answer time
    consultation_header: tuple[str, ...] = ()
    consultation_sections: tuple[Section, ...] = ()
    supervision_title: str = ""  # "" when no order is past its reply-by day
    supervision_header: tuple[str, ...] = ()
    supervision_sections: tuple[Section, ...] = ()
    follow_up_title: str = ""  # "" when no 差评's follow-up is past its day (rules.md §11)
    follow_up_header: tuple[str, ...] = ()
    follow_up_sections: tuple[Section, ...] = ()


def _light(line: OverdueLine) -> str:
    """Days left, or days past the limit that ran out: the legal one, else the promise."""
    if line.missed is Limit.LEGAL:
        text = ngettext("{n} day past the legal limit", "{n} days past the legal limit", line.days)
    elif line.missed is Limit.PROMISED:
        text = ngettext(
            "{n} day past the promised limit", "{n} days past the promised limit", line.days
        )
    else:
        text = ngettext("{n} day left", "{n} days left", line.days)
    return text.format(n=line.days)


def _due(line: OverdueLine) -> str:
    text = line.due.isoformat()
    return text + _(" (provisional)") if line.provisional else text


def _counts(red: int, yellow: int) -> str:
    return _("{red} overdue, {yellow} due within {days} working days").format(
        red=red, yellow=yellow, days=YELLOW_DAYS
    )


def _moment(moment: datetime) -> str:
    return moment.strftime("%m-%d %H:%M")


def _how_late(line: OverdueConsultation) -> str:
    """Working minutes past the answer time, and whether it is answered since."""
    late = ngettext(
        "{n} working minute late", "{n} working minutes late", line.minutes_late
    ).format(n=line.minutes_late)
    if line.closed_at is None:
        return _("{late}, not answered yet").format(late=late)
    if line.state == "answered":
        done = _("{late}, answered at {time}")
    else:
        done = _("{late}, referred at {time}")
    return done.format(late=late, time=line.closed_at.strftime("%H:%M"))


def _consultation_sections(report: OverdueReport) -> tuple[Section, ...]:
    sections = []
    for department, lines in groupby(report.consultations, key=lambda line: line.department):
        lines = list(lines)
        rows = tuple(
            (
                str(line.window) if line.window is not None else "—",
                line.item or "—",
                line.visitor or "—",
                line.phone or "—",
                line.owner,
                _moment(line.asked_at),
                _moment(line.due_at),
                _how_late(line),
            )
            for line in lines
        )
        summary = ngettext("{n} question", "{n} questions", len(lines)).format(n=len(lines))
        sections.append(Section(department, summary, rows))
    return tuple(sections)


def _supervision_sections(report: OverdueReport) -> tuple[Section, ...]:
    """The orders without a reply past their reply-by day, a section per department (of
    whom each was addressed to)."""
    sections = []
    for department, lines in groupby(report.supervision, key=lambda line: line.department):
        lines = list(lines)
        rows = tuple(
            (
                line.number,
                f"{line.target_label} {line.subject}".strip(),
                line.reason,
                line.holder,
                line.issued_by,
                line.reply_by.isoformat(),
                late_words(line),
            )
            for line in lines
        )
        count = ngettext("{n} order", "{n} orders", len(lines)).format(n=len(lines))
        sections.append(Section(department or "—", count, rows))
    return tuple(sections)


def _follow_up_sections(report: OverdueReport) -> tuple[Section, ...]:
    """The 差评 whose follow-up is open past its day, in one section."""
    if not report.follow_ups:
        return ()
    rows = tuple(
        (
            line.case_number or line.bundle_case or "—",
            line.item_name or "—",
            line.clerk,
            _(RATING_LABELS[line.level]),
            _(REASON_LABELS[line.reason]) if line.reason else "—",
            line.due_on.isoformat() if line.due_on else "—",
            _("contacted") if line.contact else _("not contacted"),
        )
        for line in report.follow_ups
    )
    n = len(rows)
    count = ngettext("{n} follow-up", "{n} follow-ups", n).format(n=n)
    return (Section(_("差评 follow-ups"), count, rows),)


def _place(line: OverdueLine | ReviewMiss) -> tuple[str, ...]:
    """The first cells of a row: window, case number, item, applicant ID, owner."""
    window = str(line.window) if line.window is not None else "—"
    return (window, line.number, line.item, line.applicant_id, line.owner)


def _review(miss: ReviewMiss) -> str:
    late = duration_label(miss.minutes)
    if miss.reviewed_at is None:
        return _("Review {time} overdue, not yet reviewed").format(time=late)
    return _("Reviewed {time} late, at {moment}").format(
        time=late, moment=miss.reviewed_at.strftime("%H:%M")
    )


def _review_sections(report: OverdueReport) -> list[Section]:
    """The hour-level misses (docs/rules.md §19), a section per department after the
    cases' own: the due column holds the review's due moment."""
    sections = []
    for department, misses in groupby(report.reviews, key=lambda miss: miss.department):
        misses = list(misses)
        rows = tuple(
            (*_place(miss), miss.due.strftime("%Y-%m-%d %H:%M"), _review(miss)) for miss in misses
        )
        title = _("{department}: materials review").format(department=department)
        count = ngettext(
            "{n} review past its promise in hours",
            "{n} reviews past their promise in hours",
            len(rows),
        ).format(n=len(rows))
        sections.append(Section(title, count, rows))
    return sections


def overdue_content(report: OverdueReport) -> OverdueContent:
    """The report's words in the interface language."""
    subtitle = _("As of {date}").format(date=date_label(report.today))
    if report.scope.label:
        subtitle = f"{report.scope.label} · {subtitle}"
    sections = []
    for department, lines in groupby(report.lines, key=lambda line: line.department):
        lines = list(lines)
        red = sum(1 for line in lines if line.light is Light.RED)
        rows = tuple((*_place(line), _due(line), _light(line)) for line in lines)
        sections.append(Section(department, _counts(red, len(lines) - red), rows))
    sections += _review_sections(report)
    return OverdueContent(
        centre=report.centre,
        title=_("Daily overdue report"),
        subtitle=subtitle,
        summary=_summary(report),
        header=(
            _("Window"),
            _("Case number"),
            _("Item"),
            _("Applicant ID"),
            _("Owner"),
            _("Due date"),
            _("Time limit"),
        ),
        sections=tuple(sections),
        chain=_chain(report),
        consultations_title=_("Consultations past their answer time")
        if report.consultations
        else "",
        consultation_header=(
            _("Window"),
            _("Item"),
            _("Visitor"),
            _("Phone"),
            _("Owner"),
            _("Asked at"),
            _("Answer due"),
            _("How late"),
        ),
        consultation_sections=_consultation_sections(report),
        supervision_title=_("Supervision orders past their reply-by date")
        if report.supervision
        else "",
        supervision_header=(
            _("Order"),
            _("Work"),
            _("Reason"),
            _("To answer"),
            _("Issued by"),
            _("Reply by"),
            _("How late"),
        ),
        supervision_sections=_supervision_sections(report),
        follow_up_title=_("Poor ratings whose follow-up is past its day")
        if report.follow_ups
        else "",
        follow_up_header=(
            _("Case"),
            _("Item"),
            _("Clerk rated"),
            _("Rating"),
            _("Reason"),
            _("Follow-up due"),
            _("Contact"),
        ),
        follow_up_sections=_follow_up_sections(report),
    )


def _summary(report: OverdueReport) -> str:
    """The cases' counts, then a sentence each for the reviews past their promise in
    hours, the consultations past their answer time and the supervision orders past
    their reply-by date, when there are any."""
    sentences = [
        _("{counts}.").format(counts=_counts(report.red, report.yellow))
        if report.lines
        else _("No open case is overdue or due soon.")
    ]
    if n := len(report.reviews):
        sentences.append(
            ngettext(
                "{n} materials review past its promise in hours.",
                "{n} materials reviews past their promise in hours.",
                n,
            ).format(n=n)
        )
    if n := len(report.consultations):
        sentences.append(
            ngettext(
                "{n} consultation past its answer time.",
                "{n} consultations past their answer time.",
                n,
            ).format(n=n)
        )
    if n := len(report.supervision):
        sentences.append(
            ngettext(
                "{n} supervision order past its reply-by date.",
                "{n} supervision orders past their reply-by date.",
                n,
            ).format(n=n)
        )
    if n := len(report.follow_ups):
        sentences.append(
            ngettext(
                "{n} poor rating's follow-up past its day.",
                "{n} poor ratings' follow-ups past their day.",
                n,
            ).format(n=n)
        )
    summary = sentences[0]
    for sentence in sentences[1:]:
        summary = _("{sentence} {next}").format(sentence=summary, next=sentence)
    return summary


def _chain(report: OverdueReport) -> str:
    if report.chain is None:
        return ""
    return _("Event log at printing: event {id}, {hash}").format(
        id=report.chain.event_id, hash=report.chain.hash[:16]
    )


def suggested_filename(report: OverdueReport) -> str:
    return f"overdue_{report.today.isoformat()}.pdf"


# ── plain text ───────────────────────────────────────────────────────────────


def overdue_text(report: OverdueReport, width: int = DEFAULT_WIDTH) -> str:
    """The report as plain text no wider than ``width`` terminal cells: per department a
    heading, then per case its number and light, and its details under it."""
    width = max(width, 30)
    content = overdue_content(report)
    lines = centred(content.centre, width) + centred(content.title, width)
    lines += centred(content.subtitle, width)
    lines += ["═" * width, *block(content.summary, width)]
    for section in content.sections:
        lines += heading_lines(f"{section.department}（{section.summary}）")
        for window, number, item, applicant, owner, due, light in section.rows:
            lines += block(
                f"{_('Window')} {window}  {number}  {light}  {_('Due date')} {due}", width
            )
            lines += block(f"{item} · {applicant} · {owner}", width, indent=2)
    if content.consultations_title:
        lines += ["", *centred(content.consultations_title, width)]
    for section in content.consultation_sections:
        lines += heading_lines(f"{section.department}（{section.summary}）")
        for window, item, visitor, phone, owner, asked, due, late in section.rows:
            lines += block(f"{_('Window')} {window}  {item}  {late}", width)
            details = f"{visitor} · {phone} · {owner} · {_('Asked at')} {asked}"
            lines += block(f"{details} · {_('Answer due')} {due}", width, indent=2)
    if content.supervision_title:
        lines += ["", *centred(content.supervision_title, width)]
    for section in content.supervision_sections:
        lines += heading_lines(f"{section.department}（{section.summary}）")
        for number, work, reason, holder, issuer, reply_by, late in section.rows:
            lines += block(f"{number}  {late}  {_('Reply by')} {reply_by}", width)
            lines += block(f"{work} · {holder} · {_('Issued by')} {issuer}", width, indent=2)
            lines += block(reason, width, indent=2)
    if content.follow_up_title:
        lines += ["", *centred(content.follow_up_title, width)]
    for section in content.follow_up_sections:
        lines += heading_lines(f"{section.department}（{section.summary}）")
        for number, item, clerk, level, reason, due, contact in section.rows:
            lines += block(f"{number}  {level} · {reason}  {_('Follow-up due')} {due}", width)
            lines += block(f"{item} · {clerk} · {contact}", width, indent=2)
    if content.chain:
        lines += ["", *block(content.chain, width)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


# ── HTML ─────────────────────────────────────────────────────────────────────


def overdue_html(report: OverdueReport) -> str:
    content = overdue_content(report)
    out = [
        f'<p class="subtitle">{escape(content.centre)}</p>',
        f"<h1>{escape(content.title)}</h1>",
        f'<p class="subtitle">{escape(content.subtitle)}</p>',
        f"<p>{escape(content.summary)}</p>",
    ]
    out += _html_sections(content.sections, content.header)
    if content.consultations_title:
        out.append(f"<h1>{escape(content.consultations_title)}</h1>")
    out += _html_sections(content.consultation_sections, content.consultation_header)
    if content.supervision_title:
        out.append(f"<h1>{escape(content.supervision_title)}</h1>")
    out += _html_sections(content.supervision_sections, content.supervision_header)
    if content.follow_up_title:
        out.append(f"<h1>{escape(content.follow_up_title)}</h1>")
    out += _html_sections(content.follow_up_sections, content.follow_up_header)
    if content.chain:
        out.append(f'<p class="subtitle">{escape(content.chain)}</p>')
    return html_page(
        f"{content.title} {report.today.isoformat()}", out, subject=_(PERSONAL_DATA_NOTICE)
    )


def _html_sections(sections: tuple[Section, ...], header: tuple[str, ...]) -> list[str]:
    """Per department a heading and its table."""
    out = []
    for section in sections:
        out.append(f"<h2>{escape(section.department)}（{escape(section.summary)}）</h2>")
        out.append("<table><thead><tr>")
        out += [f"<th>{escape(h)}</th>" for h in header]
        out.append("</tr></thead><tbody>")
        for row in section.rows:
            out.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>")
        out.append("</tbody></table>")
    return out


# ── PDF ──────────────────────────────────────────────────────────────────────


def overdue_pdf(report: OverdueReport, face: FontFace, printed_on: date) -> bytes:
    content = overdue_content(report)
    pdf: Any = new_pdf(
        face,
        title=f"{content.title} {report.today.isoformat()}",
        running_title=f"{content.title} · {content.subtitle}",
        centre=content.centre,
        printed_on=printed_on,
        subject=_(PERSONAL_DATA_NOTICE),
    )
    report_head(pdf, content.centre, content.title, content.subtitle)
    paragraphs(pdf, content.summary)
    _pdf_sections(pdf, content.sections, content.header, WEIGHTS, ALIGNS)
    _pdf_part(pdf, content.consultations_title)
    _pdf_sections(
        pdf,
        content.consultation_sections,
        content.consultation_header,
        CONSULTATION_WEIGHTS,
        CONSULTATION_ALIGNS,
    )
    _pdf_part(pdf, content.supervision_title)
    _pdf_sections(
        pdf,
        content.supervision_sections,
        content.supervision_header,
        SUPERVISION_WEIGHTS,
        SUPERVISION_ALIGNS,
    )
    _pdf_part(pdf, content.follow_up_title)
    _pdf_sections(
        pdf,
        content.follow_up_sections,
        content.follow_up_header,
        FOLLOW_UP_WEIGHTS,
        FOLLOW_UP_ALIGNS,
    )
    if content.chain:
        pdf.set_y(pdf.get_y() + 3)
        paragraphs(pdf, content.chain, size=8)
    return bytes(pdf.output())


def _pdf_part(pdf: Any, title: str) -> None:
    """The title of a part after the cases' (the consultations, the supervision orders),
    when it has lines: with the first heading and a row or two, never alone at the foot
    of a page."""
    if title:
        ensure(pdf, 12 + 10 + 4 * BODY_LINE)
        pdf.set_y(pdf.get_y() + 4)
        title_lines(pdf, title, size=14, line_height=8)


def _pdf_sections(
    pdf: Any,
    sections: tuple[Section, ...],
    header: tuple[str, ...],
    weights: tuple[float, ...],
    aligns: tuple[str, ...],
) -> None:
    """Per department a heading and its table, the columns shared by ``weights``."""
    widths = [CONTENT_WIDTH * w / sum(weights) for w in weights]
    for section in sections:
        heading(pdf, f"{section.department}（{section.summary}）")
        rows = [[[Para(cell)] for cell in row] for row in section.rows]
        table(pdf, widths, aligns, rows, header)


def print_overdue(
    report: OverdueReport,
    path: str | Path,
    font: str | Path | None = None,
    printed_on: date | None = None,
    find: Callable[[str | Path | None], FontFace] = find_font,
) -> PrintResult:
    """Write the report as a PDF at ``path`` (HTML next to it without a usable Chinese
    font). It names cases and staff: the file is readable by its owner only."""
    return print_pdf(
        path,
        lambda face, day: overdue_pdf(report, face, day),
        lambda: overdue_html(report),
        font,
        printed_on,
        written=N_("Overdue report written to {path}"),
        mode=0o600,
        find=find,
    )

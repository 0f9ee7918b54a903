"""A key project's progress table (重点项目办理进度表, docs/rules.md §23) as plain text
(the command line's `project show`), HTML (when no Chinese font can be embedded) and an
A4 PDF: the centre, the title and the day, the project's particulars, then a row per
linked case with its department, item, number, state, acceptance, both due dates, its
light and its next step. Its words are ``services/projects/progress.py``'s, as the
workbook prints them. It names no applicant."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from counter_tui.documents.fonts import FontFace, find_font
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
from counter_tui.documents.pdfkit import (
    CONTENT_WIDTH,
    Para,
    PrintResult,
    facts,
    new_pdf,
    paragraphs,
    print_pdf,
    report_head,
    table,
)
from counter_tui.domain.errors import N_
from counter_tui.i18n import _, ngettext
from counter_tui.services.projects.board import ProjectBoard
from counter_tui.services.projects.progress import COLUMNS, TITLE, progress_rows, project_facts

DEFAULT_WIDTH = 76
# Department, item, number, state, accepted on, promised due, legal due, light, next step,
# in millimetres of the page's 174: a case number (26 mm at 9 pt) and a date (16 mm) each
# on one line, four Chinese characters (13 mm) in a label's column; the item wraps.
WEIGHTS = (12, 22, 30, 16, 20, 20, 20, 16, 18)
ALIGNS = ("C", "L", "L", "C", "C", "C", "C", "C", "C")


def _subtitle(board: ProjectBoard) -> str:
    return _("As of {date}").format(date=date_label(board.today))


def _summary(board: ProjectBoard) -> str:
    if not board.lines:
        return _("No case is linked to this project yet.")
    return ngettext(
        "{n} case linked to the project.", "{n} cases linked to the project.", len(board.lines)
    ).format(n=len(board.lines))


def _cells(board: ProjectBoard) -> list[list[str]]:
    """The table's rows as text: dates as ISO dates, "—" where there is none."""
    return [
        [value.isoformat() if isinstance(value, date) else value or "—" for value in row]
        for row in progress_rows(board, _, short_names=True)
    ]


def _facts(board: ProjectBoard) -> tuple[Fact, ...]:
    return tuple(Fact(label, value) for label, value in project_facts(board, _))


def suggested_filename(board: ProjectBoard) -> str:
    return f"progress_{board.project.id}_{board.today.isoformat()}.pdf"


# ── plain text ───────────────────────────────────────────────────────────────


def progress_text(board: ProjectBoard, width: int = DEFAULT_WIDTH) -> str:
    """The table as plain text no wider than ``width`` terminal cells: the particulars,
    then per case its number, department, state and light, and under it the rest."""
    width = max(width, 30)
    lines = centred(board.centre, width) + centred(_(TITLE), width)
    lines += centred(_subtitle(board), width)
    lines += ["═" * width]
    for item in _facts(board):
        lines += fact_lines(item, width)
    lines += heading_lines(_summary(board))
    header = [_(column) for column in COLUMNS]
    for department, item, number, state, accepted, promised, legal, light, step in _cells(board):
        lines += block(f"{number}  {department}  {state}  {light}", width)
        dates = (
            f"{header[4]} {accepted} · {header[5]} {promised} · {header[6]} {legal}"
            f" · {header[8]} {step}"
        )
        lines += block(f"{item} · {dates}", width, indent=2)
    return "\n".join(line.rstrip() for line in lines) + "\n"


# ── HTML ─────────────────────────────────────────────────────────────────────


def progress_html(board: ProjectBoard) -> str:
    out = [
        f'<p class="subtitle">{escape(board.centre)}</p>',
        f"<h1>{escape(_(TITLE))}</h1>",
        f'<p class="subtitle">{escape(_subtitle(board))}</p>',
        *facts_table(_facts(board)),
        f"<p>{escape(_summary(board))}</p>",
        "<table><thead><tr>",
        *(f"<th>{escape(_(column))}</th>" for column in COLUMNS),
        "</tr></thead><tbody>",
    ]
    for row in _cells(board):
        out.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>")
    out.append("</tbody></table>")
    return html_page(f"{_(TITLE)} {board.project.name}", out)


# ── PDF ──────────────────────────────────────────────────────────────────────


def progress_pdf(board: ProjectBoard, face: FontFace, printed_on: date) -> bytes:
    title = _(TITLE)
    pdf: Any = new_pdf(
        face,
        title=f"{title} {board.project.name}",
        running_title=f"{title} · {board.project.name} · {_subtitle(board)}",
        centre=board.centre,
        printed_on=printed_on,
    )
    report_head(pdf, board.centre, title, _subtitle(board))
    facts(pdf, _facts(board))
    pdf.set_y(pdf.get_y() + 3)
    paragraphs(pdf, _summary(board))
    pdf.set_y(pdf.get_y() + 2)
    if board.lines:
        widths = [CONTENT_WIDTH * weight / sum(WEIGHTS) for weight in WEIGHTS]
        rows = [[[Para(cell)] for cell in row] for row in _cells(board)]
        table(pdf, widths, ALIGNS, rows, [_(column) for column in COLUMNS])
    return bytes(pdf.output())


def print_progress(
    board: ProjectBoard,
    path: str | Path,
    font: str | Path | None = None,
    printed_on: date | None = None,
    find: Callable[[str | Path | None], FontFace] = find_font,
) -> PrintResult:
    """Write the progress table as a PDF at ``path`` (HTML next to it without a usable
    Chinese font)."""
    return print_pdf(
        path,
        lambda face, day: progress_pdf(board, face, day),
        lambda: progress_html(board),
        font,
        printed_on,
        written=N_("Progress table written to {path}"),
        find=find,
    )

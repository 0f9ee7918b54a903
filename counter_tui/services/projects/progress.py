"""A key project's progress table (重点项目办理进度表, docs/rules.md §23) in words: its
title, the project's particulars and a row per case, as the XLSX workbook here and the PDF
(``documents/progress.py``) print them. The words are translated with the ``translate``
the caller passes (the interface's gettext); openpyxl is imported only when a workbook is
made."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import STATE_LABELS
from counter_tui.services.errors import ServiceError
from counter_tui.services.projects.board import BoardLine, ProjectBoard
from counter_tui.services.projects.steps import NEXT_STEP_LABELS
from counter_tui.services.reports.files import REGISTER_LIGHTS, write_report_file

Translate = Callable[[str], str]
TITLE = N_("Key project progress table")
COLUMNS = (
    N_("Department"),
    N_("Item"),
    N_("Case number"),
    N_("Case state"),
    N_("Accepted on"),
    N_("Promised due date"),
    N_("Legal due date"),
    N_("Light or on time"),
    N_("Next step"),
)


def _identity(message: str) -> str:
    return message


def project_facts(board: ProjectBoard, translate: Translate = _identity) -> list[tuple[str, str]]:
    """The project's particulars, label and value, as the table's head shows them."""
    project = board.project
    facts = [
        (translate(N_("Project name")), project.name),
        (translate(N_("Company")), project.company),
        (translate(N_("Unified social credit code")), project.uscc),
        (translate(N_("Level")), project.level),
        (translate(N_("Liaison")), f"{project.liaison}（{project.liaison_code}）"),
        (translate(N_("Leader")), project.leader or "—"),
    ]
    if project.closed_on is not None:
        facts.append((translate(N_("Closed on")), project.closed_on.isoformat()))
    return facts


def timeliness(line: BoardLine, translate: Translate = _identity) -> str:
    """An open case's light, or whether a decided one kept its limit; "" otherwise."""
    if line.light is not None:
        return translate(REGISTER_LIGHTS[line.light])
    if line.on_time is None:
        return ""
    return translate(N_("On time") if line.on_time else N_("Late"))


def progress_rows(
    board: ProjectBoard, translate: Translate = _identity, short_names: bool = False
) -> list[list[Any]]:
    """A row per case in ``COLUMNS``' order; dates as dates, None where there is none;
    the department by its short name (公安, 规划) where ``short_names`` (a narrow page)."""
    return [
        [
            line.department_short if short_names else line.department,
            line.item_name,
            line.number,
            translate(STATE_LABELS[line.state]),
            line.accepted_on,
            line.promised_due,
            line.legal_due,
            timeliness(line, translate),
            translate(NEXT_STEP_LABELS[line.next_step]) if line.next_step else "",
        ]
        for line in board.lines
    ]


def as_of(board: ProjectBoard, translate: Translate = _identity) -> str:
    return translate(N_("As of {date}")).format(date=board.today.isoformat())


def export_progress(
    board: ProjectBoard, path: str | Path, translate: Translate = _identity
) -> Path:
    """Write the progress table as an XLSX workbook: the centre, the title and the day,
    the project's particulars, then the table with a row per case."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ServiceError(
            "project.xlsx", N_("{file}: the progress table is written as .xlsx"), file=str(path)
        )
    write_report_file(path, lambda target: _workbook(board, translate).save(target))
    return path


def _workbook(board: ProjectBoard, translate: Translate) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = translate(TITLE)[:31]
    bold = Font(bold=True)

    def put(row: int, column: int, value: Any, font: Font | None = None) -> None:
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # typed text is text, never a formula
        elif isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        if font is not None:
            cell.font = font

    put(1, 1, board.centre)
    put(2, 1, translate(TITLE), Font(bold=True, size=14))
    put(3, 1, as_of(board, translate))
    row = 5
    for label, value in project_facts(board, translate):
        put(row, 1, label, bold)
        put(row, 2, value)
        row += 1
    row += 1
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    for column, header in enumerate(COLUMNS, 1):
        put(row, column, translate(header), bold)
    for values in progress_rows(board, translate):
        row += 1
        for column, value in enumerate(values, 1):
            put(row, column, value)
    for column, width in enumerate((22, 30, 18, 12, 12, 12, 12, 12, 16), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    return workbook

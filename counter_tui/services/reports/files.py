"""The centre report, the overdue report and the case register as CSV and XLSX files.

The words (column headers, the total row, the lights) are translated with the
``translate`` the caller passes (the interface's gettext); ID numbers are masked
already (docs/architecture.md §3.4). CSV is UTF-8 with a byte-order mark, so that Excel and WPS open
the Chinese right; XLSX keeps the numbers as numbers and the rates as percentages.
A file is written whole or not at all. openpyxl is imported only when an XLSX is made.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_tui.domain.deadlines import LIMIT_LABELS, Light
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import STATE_LABELS
from counter_tui.services.cases.access import PERSONAL_DATA_NOTICE
from counter_tui.services.errors import ServiceError
from counter_tui.services.reports.figures import DayVolume, Figures, Report, percent
from counter_tui.services.reports.overdue import OverdueReport
from counter_tui.services.reports.register import RegisterLine

Translate = Callable[[str], str]
FORMATS = ("csv", "xlsx")


def _identity(message: str) -> str:
    return message


@dataclass(frozen=True)
class Column:
    """A figure as a column: its field (or derived property), header and kind."""

    name: str
    header: str  # msgid
    kind: str = "count"  # count | rate | days (any average, to one decimal)


# Every figure of a report, in the order the files, the command line and the screen use.
FIGURE_COLUMNS: tuple[Column, ...] = (
    Column("received", N_("Cases received")),
    Column("accepted", N_("Cases accepted")),
    Column("refused", N_("Refused to accept")),
    Column("notices", N_("One-time notices")),
    Column("completed", N_("Cases completed")),
    Column("denied", N_("Of which denied")),
    Column("on_spot", N_("Cases completed on the spot")),
    Column("on_spot_rate", N_("On-the-spot rate"), "rate"),
    Column("on_time", N_("Completed on time")),
    Column("on_time_rate", N_("On-time rate"), "rate"),
    Column("late", N_("Completed late")),
    Column("open", N_("Cases open")),
    Column("open_yellow", N_("Open, due soon")),
    Column("open_overdue", N_("Open, overdue")),
    Column("overdue", N_("Overdue")),
    Column("average_days", N_("Average working days taken"), "days"),
    Column("average_legal_limit", N_("Average legal limit"), "days"),
    Column("average_promised_limit", N_("Average promised limit"), "days"),
    Column("compression", N_("Compression rate"), "rate"),
    Column("ratings", N_("Ratings")),
    Column("satisfaction_rate", N_("Satisfaction rate"), "rate"),
    Column("poor", N_("Poor ratings")),
    Column("follow_ups_open", N_("Follow-ups open")),
    Column("follow_ups_closed", N_("Follow-ups closed")),
    Column("consultations", N_("Consultations")),
    Column("consultations_on_time", N_("Consultations answered in time")),
    Column("consultation_on_time_rate", N_("Consultations in-time rate"), "rate"),
    Column("consultations_late", N_("Consultations late")),
    Column("consultations_referred", N_("Consultations referred")),
    Column("consultations_converted", N_("Consultations converted")),
    # The 333's review promise in hours (docs/rules.md §19).
    Column("review_promised", N_("Reviews with a promise in hours")),
    Column("review_kept", N_("Reviews within the promise")),
    Column("review_within_promise", N_("Review promise kept"), "rate"),
    Column("first_window_taken", N_("一号窗口: referrals taken")),
    Column("first_window_decided", N_("一号窗口: decided")),
    Column("first_window_answered", N_("一号窗口: answered")),
    Column("first_window_sent_back", N_("一号窗口: sent back")),
    Column("first_window_delegated", N_("Decided under delegation (授权审批)")),
    # Supervision orders (督办, docs/rules.md §22).
    Column("supervision_issued", N_("Supervision orders issued")),
    Column("supervision_in_time", N_("Supervision orders answered in time")),
    Column("supervision_in_time_rate", N_("Supervision orders in-time rate"), "rate"),
    Column("supervision_late", N_("Supervision orders late")),
    Column("supervision_closed", N_("Supervision orders closed")),
    # Bundle cases (一件事, docs/rules.md §21).
    Column("bundles_received", N_("Bundle cases received")),
    Column("bundles_completed", N_("Bundle cases completed")),
    Column("bundles_on_time", N_("Bundle cases completed on time")),
    Column("bundle_on_time_rate", N_("Bundle cases on-time rate"), "rate"),
    Column("bundles_late", N_("Bundle cases completed late")),
    # The hall's tickets (排队叫号, docs/rules.md §24); the minutes as the days are shown,
    # to one decimal.
    Column("tickets_taken", N_("Tickets taken")),
    Column("tickets_called", N_("Tickets called")),
    Column("tickets_served", N_("Tickets served")),
    Column("tickets_skipped", N_("Tickets passed over")),
    Column("average_wait_minutes", N_("Average wait (minutes)"), "days"),
    Column("longest_wait_minutes", N_("Longest wait (minutes)"), "days"),
    Column("average_service_minutes", N_("Average service (minutes)"), "days"),
)

GROUP_HEADERS = {
    None: N_("Scope"),
    "department": N_("Department"),
    "window": N_("Window"),
    "staff": N_("Staff"),
    "item": N_("Item"),
}
LIGHT_WORDS = {Light.RED: N_("Overdue"), Light.YELLOW: N_("Due soon")}
REGISTER_LIGHTS = {**LIGHT_WORDS, Light.GREEN: N_("Within the limit")}
REGISTER_KINDS = ["text"] * 2 + ["count"] + ["text"] * 5 + ["date"] * 5 + ["text"]


def figure_value(figures: Figures, column: Column) -> Any:
    return getattr(figures, column.name)


def figure_text(figures: Figures, column: Column) -> str:
    """A figure as people read it: a count, ``91.3%``, ``2.5`` days, or ``—``."""
    value = figure_value(figures, column)
    if column.kind == "rate":
        return percent(value)
    if column.kind == "days":
        return "—" if value is None else f"{value:.1f}"
    return str(value)


def report_table(
    report: Report, translate: Translate = _identity
) -> tuple[list[str], list[list[Any]]]:
    """Header and rows (one per group, then the total) with raw values: counts as
    integers, rates as fractions, averages as floats, None where there is none."""
    header = [translate(N_("Group code")), translate(GROUP_HEADERS[report.by])]
    header += [translate(c.header) for c in FIGURE_COLUMNS]
    rows: list[list[Any]] = [
        [row.key, row.label, *(figure_value(row.figures, c) for c in FIGURE_COLUMNS)]
        for row in report.rows
    ]
    total_label = report.scope.label or translate(N_("Whole centre"))
    rows.append(
        [
            translate(N_("Total")),
            total_label,
            *(figure_value(report.total, c) for c in FIGURE_COLUMNS),
        ]
    )
    return header, rows


def _daily_table(
    daily: Sequence[DayVolume], translate: Translate
) -> tuple[list[str], list[list[Any]]]:
    header = [
        translate(N_("Date")),
        translate(N_("Cases received")),
        translate(N_("Cases completed")),
    ]
    return header, [[d.day, d.received, d.completed] for d in daily]


def overdue_table(
    report: OverdueReport, translate: Translate = _identity
) -> tuple[list[str], list[list[Any]]]:
    header = [
        translate(N_("Department")),
        translate(N_("Window")),
        translate(N_("Case number")),
        translate(N_("Item")),
        translate(N_("Applicant ID (masked)")),
        translate(N_("Owner")),
        translate(N_("Due date")),
        translate(N_("Light")),
        translate(N_("Limit missed")),
        translate(N_("Working days overdue or left")),
    ]
    rows = [
        [
            line.department,
            line.window,
            line.number,
            line.item,
            line.applicant_id,
            line.owner,
            line.due,
            translate(LIGHT_WORDS[line.light]),
            translate(LIMIT_LABELS[line.missed]) if line.missed else "",
            line.days,
        ]
        for line in report.lines
    ]
    return header, rows


def register_table(
    lines: Sequence[RegisterLine], translate: Translate = _identity
) -> tuple[list[str], list[list[Any]]]:
    header = [
        translate(N_("Case number")),
        translate(N_("Department")),
        translate(N_("Window")),
        translate(N_("Item")),
        translate(N_("Applicant")),
        translate(N_("Applicant ID (masked)")),
        translate(N_("Owner")),
        translate(N_("Case state")),
        translate(N_("Received on")),
        translate(N_("Accepted on")),
        translate(N_("Completed on")),
        translate(N_("Due date")),
        translate(N_("Legal due date")),
        translate(N_("Light or on time")),
    ]
    rows = [
        [
            line.number,
            line.department,
            line.window,
            line.item,
            line.applicant,
            line.applicant_id,
            line.owner,
            translate(STATE_LABELS[line.state]),
            line.received_on,
            line.accepted_on,
            line.completed_on,
            line.due,
            line.legal_due,
            _timeliness(line, translate),
        ]
        for line in lines
    ]
    return header, rows


def _timeliness(line: RegisterLine, translate: Translate) -> str:
    if line.light is not None:
        return translate(REGISTER_LIGHTS[line.light])
    if line.on_time is None:
        return ""
    return translate(N_("On time") if line.on_time else N_("Late"))


# ── writing ──────────────────────────────────────────────────────────────────


def _text_cell(value: Any, kind: str = "count") -> str:
    """A CSV cell: rates as percentages, averages to one decimal; text that a
    spreadsheet would run as a formula is kept as text."""
    if value is None:
        return ""
    if kind == "rate":
        return percent(value)
    if kind == "days":
        return f"{value:.1f}"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _csv_bytes(
    header: list[str], rows: list[list[Any]], kinds: Sequence[str], notice: str = ""
) -> bytes:
    """The table as CSV; ``notice``, when given, is its first line, a cell of its own
    (docs/architecture.md §3.7: a file of applicants' data says so)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if notice:
        writer.writerow([notice])
    writer.writerow(header)
    for row in rows:
        writer.writerow([_text_cell(v, k) for v, k in zip(row, kinds, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")


def _report_kinds() -> list[str]:
    return ["text", "text", *(c.kind for c in FIGURE_COLUMNS)]


def write_report_file(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file beside ``path``, readable by its owner only, renamed
    over it at the end: a file is written whole or not at all."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as error:
        raise _cannot_write(path, error) from error
    try:
        os.close(handle)
        write(Path(temporary))
        os.chmod(temporary, 0o600)  # names staff and cases: readable by its owner only
        os.replace(temporary, path)
    except OSError as error:
        raise _cannot_write(path, error) from error
    finally:
        Path(temporary).unlink(missing_ok=True)


def _cannot_write(path: Path, error: OSError) -> ServiceError:
    return ServiceError(
        "report.write",
        N_("Cannot write {file}: {reason}"),
        file=str(path),
        reason=error.strerror or str(error),
    )


def _format(path: Path, format: str | None) -> str:
    kind = format or path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ServiceError(
            "report.format",
            N_("{file}: a report is exported as .csv or .xlsx"),
            file=str(path),
        )
    return kind


def _xlsx(
    path: Path,
    sheets: Sequence[tuple[str, list[str], list[list[Any]], Sequence[str]]],
    notice: str = "",
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    if notice:  # in the workbook's properties: the sheets stay tables from their first row
        workbook.properties.subject = notice
        workbook.properties.keywords = "personal data; 个人信息"
    bold = Font(bold=True)
    for title, header, rows, kinds in sheets:
        ws = workbook.create_sheet(title[:31])
        ws.freeze_panes = "C2" if kinds[:2] == ["text", "text"] else "A2"
        for number, text in enumerate(header, 1):
            ws.column_dimensions[get_column_letter(number)].width = max(10, min(30, len(text) * 2))
        cells = []
        for text in header:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
        for row in rows:
            out = []
            for value, kind in zip(row, kinds, strict=True):
                cell = WriteOnlyCell(ws, value=value)
                if kind == "rate":
                    cell.number_format = "0.0%"
                elif kind == "days":
                    cell.number_format = "0.0"
                elif hasattr(value, "isoformat"):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, str):
                    cell.data_type = "s"  # text, never a formula
                out.append(cell)
            ws.append(out)
    workbook.save(path)


def export_report(
    report: Report, path: str | Path, format: str | None = None, translate: Translate = _identity
) -> Path:
    """Write the report (a row per group and the total; in XLSX a second sheet with the
    volume per day) as CSV or XLSX, by ``format`` or the file's extension."""
    path = Path(path)
    kind = _format(path, format)
    header, rows = report_table(report, translate)
    kinds = _report_kinds()
    if kind == "csv":
        write_report_file(path, lambda target: target.write_bytes(_csv_bytes(header, rows, kinds)))
        return path
    daily_header, daily_rows = _daily_table(report.daily, translate)
    sheets = [
        (translate(N_("Figures")), header, rows, kinds),
        (translate(N_("Volume per day")), daily_header, daily_rows, ["date", "count", "count"]),
    ]
    write_report_file(path, lambda target: _xlsx(target, sheets))
    return path


def export_overdue(
    report: OverdueReport,
    path: str | Path,
    format: str | None = None,
    translate: Translate = _identity,
) -> Path:
    """Write the overdue report, one line per case, as CSV or XLSX."""
    header, rows = overdue_table(report, translate)
    kinds = ["text", "count", "text", "text", "text", "text", "date", "text", "text", "count"]
    title = translate(N_("Overdue report"))
    notice = translate(PERSONAL_DATA_NOTICE)
    return _export_table(Path(path), format, (title, header, rows, kinds), notice)


def export_register(
    lines: Sequence[RegisterLine],
    path: str | Path,
    format: str | None = None,
    translate: Translate = _identity,
) -> Path:
    """Write the case register, one line per case, as CSV or XLSX."""
    header, rows = register_table(lines, translate)
    title = translate(N_("Case register"))
    notice = translate(PERSONAL_DATA_NOTICE)
    return _export_table(Path(path), format, (title, header, rows, REGISTER_KINDS), notice)


def _export_table(
    path: Path,
    format: str | None,
    sheet: tuple[str, list[str], list[list[Any]], Sequence[str]],
    notice: str,
) -> Path:
    """One table as a CSV file, or as the one sheet of an XLSX workbook, saying what
    ``notice`` says."""
    if _format(path, format) == "csv":
        _title, header, rows, kinds = sheet
        write_report_file(
            path, lambda target: target.write_bytes(_csv_bytes(header, rows, kinds, notice))
        )
    else:
        write_report_file(path, lambda target: _xlsx(target, [sheet], notice))
    return path

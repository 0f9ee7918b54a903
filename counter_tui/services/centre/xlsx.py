"""Centre workbooks (XLSX): one sheet per kind — ``profile`` (a header row and one row;
the opening hours in the columns ``opening_hours.mon`` … ``opening_hours.sun``),
``departments``, ``windows`` and ``staff`` (a row each). The header row names the fields
as services/centre/files.py does; TRUE/FALSE cells (or 是/否, true/false) for the
yes-or-no fields; each header cell carries a note (``NOTES``), so an export is the
template. Row numbers in messages are the spreadsheet's own. The sheets, cells
and the file's bytes are the same for the same centre (services/catalog/xlsx.py
``save_steadily``).
"""

from functools import partial
from pathlib import Path
from typing import Any

from counter_tui.domain.centre import WEEKDAYS
from counter_tui.domain.errors import N_, Message
from counter_tui.services.catalog.checks import file_error
from counter_tui.services.catalog.xlsx import (
    Translate,
    add_sheet,
    cell_text,
    read_sheets,
    save_steadily,
    sheet_rows,
    truth,
    whole,
)
from counter_tui.services.centre.entries import (
    DEPARTMENT_FIELDS,
    DEVICE_FIELDS,
    PIN,
    QUEUE_FIELDS,
    SECTIONS,
    STAFF_FIELDS,
    WINDOW_FIELDS,
    CentreFile,
    Entry,
)
from counter_tui.services.profile import PROFILE_FIELDS

HOURS_COLUMNS = tuple(f"opening_hours.{day}" for day in WEEKDAYS)
PROFILE_COLUMNS = tuple(
    c for f in PROFILE_FIELDS for c in (HOURS_COLUMNS if f == "opening_hours" else (f,))
)
COLUMNS = {
    "profile": PROFILE_COLUMNS,
    "departments": DEPARTMENT_FIELDS,
    "windows": WINDOW_FIELDS,
    "staff": STAFF_FIELDS,
    "queues": QUEUE_FIELDS,
    "devices": DEVICE_FIELDS,
}
# Sheets a workbook may leave out (one written before the hall's devices, issue 24): the
# centre's queues and devices stay as they are.
OPTIONAL = ("queues", "devices")
FLAGS = ("chief_signs_refusals", "first_window", "comprehensive", "active")
# The note on each header cell (the workbook is the template to fill in); marked for
# gettext, translated by the caller's function (services do not import i18n).
NOTES = {
    "name": N_("required; the centre's, the organ's or the person's name"),
    "address": N_("text; the centre's address"),
    "timezone": N_("required; an IANA time zone, e.g. Asia/Shanghai"),
    **{
        c: N_("periods such as 08:30-12:00,13:30-17:00 (the gap is the lunch break); empty: closed")
        for c in HOURS_COLUMNS
    },
    "complaint_phone": N_("text; 投诉监督电话, printed on documents"),
    "reconsideration_body": N_(
        "text; 行政复议机关 (a department: only a vertically managed organ's own)"
    ),
    "court": N_("text; 管辖人民法院"),
    "code": N_(
        "required; unique: a department's letters and digits (in case numbers), a staff code"
    ),
    "short_name": N_(
        "required; the department's short name in document numbers, no spaces or brackets"
    ),
    "chief_signs_refusals": N_("TRUE when a refusal needs the chief representative's signature"),
    "delegation": N_(
        "text; the 授权文件 (name and number) under which the chief representative signs"
    ),
    "number": N_("required; the window's number, 1 to 999, as on the hall's signs"),
    "department": N_("a department code; only an administrator may have none"),
    "phone": N_("text; the window's phone"),
    "clerk_a": N_("the A clerk's staff code (AB角)"),
    "clerk_b": N_("the B clerk's staff code (AB角)"),
    "first_window": N_("TRUE for the department's 一号窗口; one at most per department"),
    "comprehensive": N_(
        "TRUE for a comprehensive window (综合窗口), which takes bundles of items across "
        "departments; never also the 一号窗口"
    ),
    "role": N_("required; clerk, deputy, chief or admin"),
    "active": N_("TRUE while the account may sign in; empty is TRUE"),
    "prefix": N_("required; the queue's letter, A to Z, that its ticket numbers start with"),
    "item": N_("an item code of the queue's department, for a common item's queue; empty: any"),
    "windows": N_("the numbers of the windows that call the queue, with commas between them"),
    "kind": N_("required; pad (rating pad), kiosk (ticket kiosk) or display (calling display)"),
    "window": N_("a rating pad's window number; empty for a kiosk or a display (the hall)"),
    "paper": N_("a kiosk's receipt roll in mm, 58 or 80; empty: 58"),
}
WIDTHS = {"name": 30, "address": 36, "delegation": 40, "reconsideration_body": 24, "court": 24}


def _cell(value: Any, column: str, where: Any) -> Any:
    if column in FLAGS:
        return truth(value)
    return whole(value) if column in ("number", "window", "paper") else value


def read_centre_xlsx(path: Path) -> CentreFile:
    wanted = tuple(section for section in SECTIONS if section not in OPTIONAL)
    sheets = read_sheets(path, wanted, OPTIONAL)

    def place(sheet: str, row: int) -> Message:
        return Message(N_("{file}, sheet {sheet}, row {row}"), file=path.name, sheet=sheet, row=row)

    centre = CentreFile(path.name)
    for section in sheets:
        columns = COLUMNS[section] + ((PIN,) if section == "staff" else ())
        rows = sheet_rows(sheets[section], columns, partial(place, section), _cell)
        entries = [Entry(where, values) for where, values in rows]
        if section != "profile":
            getattr(centre, section).extend(entries)
        elif len(entries) > 1:
            raise file_error(
                N_("{file}: sheet {sheet} has one row of values, not {rows}"),
                file=path.name,
                sheet=section,
                rows=len(entries),
            )
        elif entries:
            # A blank cell of the profile is an empty value (sunday closed), not one left out.
            header = {str(c).strip() for c in sheets[section][0] if c is not None}
            blank = {c: "" for c in PROFILE_COLUMNS if c in header}
            centre.profile = Entry(entries[0].where, {**blank, **entries[0].values})
    return centre


def _rows(path: Path, section: str, entries: list[dict[str, Any]]) -> list[list[Any]]:
    rows = []
    for n, entry in enumerate(entries, 2):
        where = f"{path.name} / {section} / row {n}"
        rows.append([cell_text(entry[c], where, c) for c in COLUMNS[section]])
    return rows


def write_centre_xlsx(path: Path, document: dict[str, Any], translate: Translate) -> None:
    """The centre of ``document`` (services/centre/files.py ``centre_document``)."""
    from openpyxl import Workbook

    profile = dict(document["profile"])
    hours = profile.pop("opening_hours")
    profile.update({f"opening_hours.{day}": hours[day] for day in WEEKDAYS})
    # Every cell is checked before the workbook is started (see catalog/xlsx.py).
    rows = {"profile": _rows(path, "profile", [profile])}
    for section in SECTIONS[1:]:
        rows[section] = _rows(path, section, document[section])
    for row, queue in zip(rows["queues"], document["queues"], strict=True):
        row[QUEUE_FIELDS.index("windows")] = ", ".join(map(str, queue["windows"])) or None
    notes = {column: translate(note) for column, note in NOTES.items()}
    workbook = Workbook(write_only=True)
    for section in SECTIONS:
        add_sheet(workbook, section, COLUMNS[section], rows[section], WIDTHS, notes)
    save_steadily(workbook, path)

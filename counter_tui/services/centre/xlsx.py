"""Centre workbooks (XLSX): one sheet per kind — ``profile`` (a header row and one row;
the opening hours in the columns ``opening_hours.mon`` … ``opening_hours.sun``),
``departments``, ``windows`` and ``staff`` (a row each). The header row names the fields
as services/centre/files.py does; TRUE/FALSE cells (or 是/否, true/false) for the
yes-or-no fields. Row numbers in messages are the spreadsheet's own. The sheets, cells
and the file's bytes are the same for the same centre (services/catalog/xlsx.py
``save_steadily``).
"""

from functools import partial
from pathlib import Path
from typing import Any

from counter_tui.domain.centre import WEEKDAYS
from counter_tui.domain.errors import N_, Message
from counter_tui.services.catalog.items import file_error
from counter_tui.services.catalog.xlsx import (
    add_sheet,
    cell_text,
    read_sheets,
    save_steadily,
    sheet_rows,
    truth,
    whole,
)
from counter_tui.services.centre.files import (
    DEPARTMENT_FIELDS,
    PIN,
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
}
FLAGS = ("chief_signs_refusals", "first_window", "active")
WIDTHS = {"name": 30, "address": 36, "delegation": 40, "reconsideration_body": 24, "court": 24}


def _cell(value: Any, column: str, where: Any) -> Any:
    if column in FLAGS:
        return truth(value)
    return whole(value) if column == "number" else value


def read_centre_xlsx(path: Path) -> CentreFile:
    sheets = read_sheets(path, SECTIONS)

    def place(sheet: str, row: int) -> Message:
        return Message(N_("{file}, sheet {sheet}, row {row}"), file=path.name, sheet=sheet, row=row)

    centre = CentreFile(path.name)
    for section in SECTIONS:
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


def write_centre_xlsx(path: Path, document: dict[str, Any]) -> None:
    """The centre of ``document`` (services/centre/files.py ``centre_document``)."""
    from openpyxl import Workbook

    profile = dict(document["profile"])
    hours = profile.pop("opening_hours")
    profile.update({f"opening_hours.{day}": hours[day] for day in WEEKDAYS})
    # Every cell is checked before the workbook is started (see catalog/xlsx.py).
    rows = {"profile": _rows(path, "profile", [profile])}
    for section in SECTIONS[1:]:
        rows[section] = _rows(path, section, document[section])
    workbook = Workbook(write_only=True)
    for section in SECTIONS:
        add_sheet(workbook, section, COLUMNS[section], rows[section], WIDTHS)
    save_steadily(workbook, path)

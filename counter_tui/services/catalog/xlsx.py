"""Catalog workbooks (XLSX): an ``items`` sheet and a ``materials`` sheet.

``items``
    one row per item; the header row names the fields (``code``, ``name``,
    ``department``, …); ``keywords`` are written joined with ``、`` (any of
    ``、 , ， ; ；`` or spaces separate them on import); ``window_decides`` is
    a TRUE/FALSE cell (the words 是/否, true/false are read too).
``materials``
    one row per material: ``item_code``, ``position`` (order within the item,
    whole numbers ≥ 1, gaps allowed) and the material's fields.

Other sheets (the exported readme) are ignored on import. Row numbers in
messages are the spreadsheet's own (the header is row 1). openpyxl is imported
inside the functions: never on the start-up path.
"""

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from counter_tui.domain.errors import N_
from counter_tui.services.catalog.items import (
    FORMS,
    ITEM_FIELDS,
    KEYWORD_SEPARATORS,
    KINDS,
    MATERIAL_FIELDS,
    NECESSITIES,
    CatalogFile,
    EntryLocation,
    catalog_entries,
    field_error,
    file_error,
)

ITEMS_SHEET = "items"
MATERIALS_SHEET = "materials"
ITEM_COLUMNS = tuple(f for f in ITEM_FIELDS if f != "materials")
MATERIAL_COLUMNS = ("item_code", "position", *MATERIAL_FIELDS)
WHOLE_NUMBER_COLUMNS = ("legal_limit_days", "promised_limit_days", "copies", "position")
KEYWORD_JOIN = "、"
XLSX_CELL_LIMIT = 32_767  # characters; Excel cuts longer text
_TRUE_WORDS = ("true", "yes", "是", "y")
_FALSE_WORDS = ("false", "no", "否", "n")

Translate = Callable[[str], str]


# What the readme sheet and the header notes say about each column; marked for gettext,
# translated by the caller's function (services do not import i18n).
ITEM_NOTES = {
    "code": N_("required; unique and stable, e.g. GA-001"),
    "name": N_("required; the item's name as the applicant knows it"),
    "department": N_("required; a department code of the centre, e.g. GA"),
    "kind": N_("required; promised (承诺件) or immediate (即办件)"),
    "window_decides": N_("TRUE when decided at the window under 一审一核; empty is FALSE"),
    "legal_limit_days": N_("required; 法定时限 in working days, a whole number ≥ 0"),
    "promised_limit_days": N_("required; 承诺时限 in working days, not above the legal limit"),
    "fees": N_("text; 收费标准"),
    "conditions": N_("text; 受理条件"),
    "procedure": N_("text; 办理流程"),
    "legal_basis": N_("text; 设定依据"),
    "place": N_("text; 办理地点"),
    "hours": N_("text; 办理时间"),
    "phone": N_("text; 咨询电话"),
    "keywords": N_("search words joined with 、 (or , ; and spaces)"),
}
MATERIAL_NOTES = {
    "item_code": N_("required; the code of an item in the items sheet"),
    "position": N_("required; the material's place in the item's list, 1, 2, 3 …"),
    "name": N_("required; the material's name"),
    "necessity": N_(
        "required; required (必要), deferrable (容缺), optional (非必要) or conditional"
    ),
    "condition": N_("when the material is needed; exactly for conditional materials"),
    "form": N_("required; original, copy, original_and_copy or electronic"),
    "copies": N_("a whole number ≥ 0; empty is 1"),
    "source": N_("text; who issues the material"),
    "standard": N_("text; 受理标准: what the clerk checks"),
    "notes": N_("text; notes for the applicant"),
}


def read_xlsx(path: Path) -> CatalogFile:
    from openpyxl import load_workbook

    name = path.name
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise file_error(
            N_("Cannot read {file}: {reason}"), file=name, reason=error.strerror or str(error)
        ) from error
    except Exception as error:  # zipfile, XML and openpyxl's own errors all mean "not XLSX"
        raise file_error(
            N_("{file}: not an XLSX workbook ({reason})"), file=name, reason=str(error) or "?"
        ) from error
    try:
        sheets = {s.strip().casefold(): s for s in workbook.sheetnames}
        rows = {}
        for sheet in (ITEMS_SHEET, MATERIALS_SHEET):
            if sheet not in sheets:
                raise file_error(N_("{file}: sheet {sheet} is missing"), file=name, sheet=sheet)
            rows[sheet] = list(workbook[sheets[sheet]].iter_rows(values_only=True))
    finally:
        workbook.close()
    items = _sheet_rows(name, ITEMS_SHEET, rows[ITEMS_SHEET], ITEM_COLUMNS)
    materials = _sheet_rows(name, MATERIALS_SHEET, rows[MATERIALS_SHEET], MATERIAL_COLUMNS)
    return _assemble(name, items, materials)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet_rows(
    name: str, sheet: str, rows: list[tuple[Any, ...]], columns: tuple[str, ...]
) -> list[tuple[str, dict[str, Any]]]:
    """The non-blank rows of a sheet as (where, {column: value}), checked against its header."""
    if not rows:
        raise file_error(N_("{file}: sheet {sheet} has no header row"), file=name, sheet=sheet)
    header: list[str | None] = []
    for number, cell in enumerate(rows[0], 1):
        where = f"{name} / {sheet} / row 1"
        if _blank(cell):
            header.append(None)
            continue
        column = str(cell).strip()
        if column not in columns:
            raise field_error(
                where,
                column,
                N_("{where}: unknown column {field} (column {column})"),
                column=_column_letter(number),
            )
        if column in header:
            raise field_error(where, column, N_("{where}: column {field} appears twice"))
        header.append(column)
    result = []
    for row_number, row in enumerate(rows[1:], 2):
        if all(_blank(v) for v in row):
            continue
        where = f"{name} / {sheet} / row {row_number}"
        values: dict[str, Any] = {}
        for number, value in enumerate(row, 1):
            column = header[number - 1] if number <= len(header) else None
            if column is None:
                if not _blank(value):
                    raise field_error(
                        where,
                        _column_letter(number),
                        N_("{where}: a value in column {field}, which has no header"),
                    )
                continue
            value = _cell(value, column, where)
            if value is not None:  # an empty cell is an absent field: its default applies
                values[column] = value
        result.append((where, values))
    return result


def _column_letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def _cell(value: Any, column: str, where: str) -> Any:
    """A cell's value as the entry format has it; a wrong type is left for the check to name."""
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, datetime | date | time):
        raise field_error(
            where, column, N_("{where}: field {field} holds a date, which it cannot be")
        )
    if column in WHOLE_NUMBER_COLUMNS and isinstance(value, float) and value.is_integer():
        return int(value)
    if column == "window_decides" and isinstance(value, str):
        word = value.strip().casefold()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    if column == "keywords" and value is not None and not isinstance(value, bool):
        return [w for w in KEYWORD_SEPARATORS.split(str(value)) if w]
    return value


def _assemble(
    name: str,
    items: list[tuple[str, dict[str, Any]]],
    materials: list[tuple[str, dict[str, Any]]],
) -> CatalogFile:
    codes = {}
    for where, values in items:
        code = values.get("code")
        if isinstance(code, str | int) and not isinstance(code, bool):
            codes.setdefault(str(code).strip(), where)
    by_item: dict[str, dict[int, tuple[str, dict[str, Any]]]] = {}
    for where, values in materials:
        code = values.pop("item_code", None)
        if _blank(code) or isinstance(code, bool) or not isinstance(code, str | int):
            raise field_error(where, "item_code", N_("{where}: field {field} is missing"))
        code = str(code).strip()
        if code not in codes:
            raise field_error(
                where,
                "item_code",
                N_("{where}: field {field}: no item {code} in sheet {sheet}"),
                code=code,
                sheet=ITEMS_SHEET,
            )
        position = values.pop("position", None)
        if isinstance(position, bool) or not isinstance(position, int) or position < 1:
            raise field_error(
                where,
                "position",
                N_("{where}: field {field} must be a whole number ≥ {minimum}"),
                minimum=1,
            )
        taken = by_item.setdefault(code, {})
        if position in taken:
            raise field_error(
                where,
                "position",
                N_("{where}: field {field}: item {code} already has material {position} ({other})"),
                code=code,
                position=position,
                other=taken[position][0],
            )
        taken[position] = (where, values)
    catalog = CatalogFile(name)
    for where, values in items:
        code = values.get("code")
        own = by_item.pop(str(code).strip(), {}) if code is not None else {}
        ordered = [own[p] for p in sorted(own)]
        catalog.entries.append({**values, "materials": [v for _w, v in ordered]})
        catalog.locations.append(EntryLocation(where, tuple(w for w, _v in ordered)))
    return catalog


def _cell_text(value: Any, where: str, column: str) -> Any:
    """What a cell gets: None for empty text; text is never taken for a formula."""
    if value == "" or value is None:
        return None
    if isinstance(value, str) and len(value) > XLSX_CELL_LIMIT:
        raise field_error(
            where,
            column,
            N_("{where}: field {field} is longer than the {limit} characters an XLSX cell holds"),
            limit=XLSX_CELL_LIMIT,
        )
    return value


def write_xlsx(path: Path, translate: Translate) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet(title: str, columns: tuple[str, ...], notes: dict[str, str], widths: dict[str, int]):
        ws = workbook.create_sheet(title)
        ws.freeze_panes = "A2"
        for number, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(number)].width = widths.get(column, 16)
        header = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=column)
            cell.font = bold
            cell.comment = Comment(translate(notes[column]), "counter-tui", width=300, height=80)
            header.append(cell)
        ws.append(header)
        return ws

    def row(ws: Any, values: list[Any]) -> list[Any]:
        cells = []
        for value in values:
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # text, not a formula
                cells.append(cell)
            else:
                cells.append(value)
        return cells

    # All cells are checked before the workbook is started: a write-only workbook
    # abandoned half-way leaves its temporary files behind.
    item_rows, material_rows = [], []
    for entry in catalog_entries():
        where = f"{path.name} / {ITEMS_SHEET} / {entry['code']}"
        values = []
        for column in ITEM_COLUMNS:
            value = entry[column]
            if column == "keywords":
                value = KEYWORD_JOIN.join(value)
            values.append(_cell_text(value, where, column))
        item_rows.append(values)
        for position, material in enumerate(entry["materials"], 1):
            where = f"{path.name} / {MATERIALS_SHEET} / {entry['code']} / {position}"
            values = [entry["code"], position]
            values += [_cell_text(material[c], where, c) for c in MATERIAL_FIELDS]
            material_rows.append(values)
    items_ws = sheet(ITEMS_SHEET, ITEM_COLUMNS, ITEM_NOTES, {"name": 36, "code": 10})
    for values in item_rows:
        items_ws.append(row(items_ws, values))
    materials_ws = sheet(
        MATERIALS_SHEET, MATERIAL_COLUMNS, MATERIAL_NOTES, {"name": 48, "position": 9}
    )
    for values in material_rows:
        materials_ws.append(row(materials_ws, values))
    _readme_sheet(workbook, translate)
    workbook.save(path)


def _readme_sheet(workbook: Any, translate: Translate) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    ws = workbook.create_sheet(translate(N_("Readme")))
    for letter, width in zip("ABC", (12, 22, 90), strict=True):
        ws.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = [translate(N_("Sheet")), translate(N_("Column")), translate(N_("What it holds"))]
    cells = []
    for text in header:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    ws.append(["", "", translate(N_("One row per item in items, one per material in materials."))])
    for sheet, notes in ((ITEMS_SHEET, ITEM_NOTES), (MATERIALS_SHEET, MATERIAL_NOTES)):
        for column, note in notes.items():
            ws.append([sheet, column, translate(note)])
    allowed = (
        ("kind", KINDS),
        ("necessity", NECESSITIES),
        ("form", FORMS),
    )
    for column, values in allowed:
        ws.append(
            ["", column, translate(N_("allowed values: {values}")).format(values=", ".join(values))]
        )

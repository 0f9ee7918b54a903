"""Catalog workbooks (XLSX): an ``items`` sheet and a ``materials`` sheet.

``items``
    one row per item; the header row names the fields (``code``, ``name``,
    ``department``, …); ``keywords`` are written joined with ``、`` (any of
    ``、 , ， ; ；`` or spaces separate them on import); ``window_decides`` and
    ``extendable`` are TRUE/FALSE cells (the words 是/否, true/false are read too);
    ``special_steps`` is written ``现场核查:15；专家评审:10`` (name, colon, days; the
    steps joined with ``；`` or ``;``).
``materials``
    one row per material: ``item_code``, ``position`` (order within the item,
    whole numbers ≥ 1, gaps allowed) and the material's fields.
``bundles`` and ``bundle_items`` (both may be left out)
    one row per bundle: ``code``, ``name``, ``description`` and ``shared``, the names
    of its shared materials one a line in the cell; one row per item of a bundle:
    ``bundle_code``, ``item`` and ``stage``, a bundle's items in the order of the rows.

Other sheets (the exported readme) are ignored on import. Row numbers in
messages are the spreadsheet's own (the header is row 1). openpyxl is imported
inside the functions: never on the start-up path.
"""

import re
from collections.abc import Callable, Container, Mapping
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from typing import Any

from counter_tui.domain.errors import N_
from counter_tui.services.catalog.bundles import BUNDLE_FIELDS, CODE_TWICE, catalog_bundle_entries
from counter_tui.services.catalog.checks import EntryLocation, code_once, field_error, file_error
from counter_tui.services.catalog.items import (
    FORMS,
    ITEM_FIELDS,
    ITEM_TYPES,
    KEYWORD_SEPARATORS,
    KINDS,
    LIMIT_UNITS,
    MATERIAL_FIELDS,
    NECESSITIES,
    CatalogFile,
    catalog_entries,
)

ITEMS_SHEET = "items"
MATERIALS_SHEET = "materials"
BUNDLES_SHEET = "bundles"
BUNDLE_ITEMS_SHEET = "bundle_items"
ITEM_COLUMNS = tuple(f for f in ITEM_FIELDS if f != "materials")
MATERIAL_COLUMNS = ("item_code", "position", *MATERIAL_FIELDS)
BUNDLE_COLUMNS = tuple(f for f in BUNDLE_FIELDS if f != "items")
BUNDLE_ITEM_COLUMNS = ("bundle_code", "item", "stage")
WHOLE_NUMBER_COLUMNS = (
    "legal_limit_days",
    "promised_limit_days",
    "review_hours",
    "answer_minutes",
    "copies",
    "position",
    "stage",
)
KEYWORD_JOIN = "、"
FLAG_COLUMNS = ("window_decides", "extendable")
STEP_JOIN = "；"
STEP_SEPARATORS = re.compile(r"[;；\n]+")
STEP_DAYS = re.compile(r"^(.*?)\s*[:：]\s*(\d+)\s*$", re.DOTALL)
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
    "item_type": N_(
        "事项类型: licensing (行政许可), confirmation (行政确认), benefit (行政给付), "
        "public_service (公共服务) or other; empty is licensing"
    ),
    "kind": N_("required; promised (承诺件) or immediate (即办件)"),
    "window_decides": N_("TRUE when decided at the window under 一审一核; empty is FALSE"),
    "legal_limit_days": N_("required; 法定时限 in working days, a whole number ≥ 0"),
    "promised_limit_days": N_("required; 承诺时限 in working days, not above the legal limit"),
    "limit_unit": N_(
        "working (工作日) or natural (自然日, where the item's own law counts days); "
        "empty is working"
    ),
    "extendable": N_(
        "FALSE when the item's own law sets its limit and Art. 42's extension does not "
        "apply; empty is TRUE"
    ),
    "special_steps": N_(
        "特殊环节 the guide names, each as name:days, joined with ；, e.g. 现场核查:15"
    ),
    "fees": N_("text; 收费标准"),
    "conditions": N_("text; 受理条件"),
    "procedure": N_("text; 办理流程"),
    "legal_basis": N_("text; 设定依据"),
    "withdrawal_basis": N_(
        "the law under which an application not corrected in time is deemed withdrawn "
        "(视为撤回); empty when the item's own law says nothing"
    ),
    "place": N_("text; 办理地点"),
    "hours": N_("text; 办理时间"),
    "phone": N_("text; 咨询电话"),
    "keywords": N_("search words joined with 、 (or , ; and spaces)"),
    "review_hours": N_(
        "the centre's promise: materials reviewed within this many working hours of "
        "receipt (the 333's 3 hours); empty: none"
    ),
    "answer_minutes": N_(
        "the centre's promise: a question answered within this many working minutes; "
        "empty: the centre's setting"
    ),
}
BUNDLE_NOTES = {
    "code": N_("required; unique and stable, e.g. YJS-001"),
    "name": N_("required; the bundle's name as the applicant knows it, e.g. 建设项目开工一件事"),
    "description": N_("text; what the bundle is for, who applies"),
    "shared": N_(
        "materials one copy of serves every item of the bundle that asks for it: their "
        "names exactly as in materials, one a line (Alt+Enter)"
    ),
}
BUNDLE_ITEM_NOTES = {
    "bundle_code": N_("required; the code of a bundle in the bundles sheet"),
    "item": N_("required; the code of an item of the catalog; two items at least a bundle"),
    "stage": N_(
        "1, 2, 3 …: the items of a stage run side by side, the next stage's after them; empty is 1"
    ),
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
    sheets = read_sheets(
        path, (ITEMS_SHEET, MATERIALS_SHEET), optional=(BUNDLES_SHEET, BUNDLE_ITEMS_SHEET)
    )

    def place(sheet: str, row: int) -> str:
        return f"{path.name} / {sheet} / row {row}"

    def rows(sheet: str, columns: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
        if sheet not in sheets:
            return []
        return sheet_rows(sheets[sheet], columns, partial(place, sheet), _cell)

    catalog = _assemble(
        path.name, rows(ITEMS_SHEET, ITEM_COLUMNS), rows(MATERIALS_SHEET, MATERIAL_COLUMNS)
    )
    _assemble_bundles(
        catalog, rows(BUNDLES_SHEET, BUNDLE_COLUMNS), rows(BUNDLE_ITEMS_SHEET, BUNDLE_ITEM_COLUMNS)
    )
    return catalog


def read_sheets(
    path: Path, wanted: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of each sheet of ``wanted`` and of ``optional`` (named without regard to
    case or blanks), as values; another sheet is ignored, a missing one of ``wanted`` is
    an error, a missing one of ``optional`` is left out."""
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
        for sheet in (*wanted, *optional):
            if sheet not in sheets:
                if sheet in optional:
                    continue
                raise file_error(N_("{file}: sheet {sheet} is missing"), file=name, sheet=sheet)
            rows[sheet] = list(workbook[sheets[sheet]].iter_rows(values_only=True))
            if not rows[sheet]:
                raise file_error(
                    N_("{file}: sheet {sheet} has no header row"), file=name, sheet=sheet
                )
    finally:
        workbook.close()
    return rows


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


Place = Callable[[int], Any]  # where row n of a sheet is, for messages
Cell = Callable[[Any, str, Any], Any]  # a cell's value as an entry holds it (value, column, place)


def sheet_rows(
    rows: list[tuple[Any, ...]], columns: tuple[str, ...], place: Place, cell: Cell
) -> list[tuple[Any, dict[str, Any]]]:
    """The non-blank rows of a sheet as (place, {column: value}), checked against its
    header (the first row); ``cell`` reads each value, an empty cell is left out."""
    header: list[str | None] = []
    for number, value in enumerate(rows[0], 1):
        where = place(1)
        if _blank(value):
            header.append(None)
            continue
        column = str(value).strip()
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
        where = place(row_number)
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
            if isinstance(value, str) and not value.strip():
                continue
            if isinstance(value, datetime | date | time):
                raise field_error(
                    where, column, N_("{where}: field {field} holds a date, which it cannot be")
                )
            value = cell(value, column, where)
            if value is not None:  # an empty cell is an absent field: its default applies
                values[column] = value
        result.append((where, values))
    return result


def _column_letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def truth(value: Any) -> Any:
    """A TRUE/FALSE cell, or the words 是/否, true/false, yes/no; anything else as it is,
    for the check to name."""
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return value


def whole(value: Any) -> Any:
    """A number cell holding a whole number as an int (spreadsheets store floats)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _cell(value: Any, column: str, where: str) -> Any:
    """A cell's value as the entry format has it; a wrong type is left for the check to name."""
    if column in WHOLE_NUMBER_COLUMNS:
        return whole(value)
    if column == "shared" and isinstance(value, str):
        return [name for name in value.splitlines() if name.strip()]
    if column in FLAG_COLUMNS:
        return truth(value)
    if column == "special_steps" and isinstance(value, str):
        return special_steps_cell(value)
    if column == "keywords" and value is not None and not isinstance(value, bool):
        return [w for w in KEYWORD_SEPARATORS.split(str(value)) if w]
    return value


def special_steps_cell(text: str) -> Any:
    """``现场核查:15；专家评审:10`` as the entry format's list; a step not written
    name:days is left as the text for the check to name."""
    steps: list[Any] = []
    for part in STEP_SEPARATORS.split(text):
        if not part.strip():
            continue
        found = STEP_DAYS.match(part.strip())
        if found is None:
            return text
        steps.append({"name": found.group(1), "days": int(found.group(2))})
    return steps


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
        missing = N_("{where}: field {field}: no item {code} in sheet {sheet}")
        code = _owner(values, "item_code", where, codes, ITEMS_SHEET, missing)
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


def _owner(
    values: dict[str, Any], column: str, where: str, codes: Container[str], sheet: str, message: str
) -> str:
    """The code of the entry a row belongs to, which it names in ``column`` (taken out of
    the row): one of the ``codes`` of ``sheet``; ``message`` says it is not."""
    code = values.pop(column, None)
    if _blank(code) or isinstance(code, bool) or not isinstance(code, str | int):
        raise field_error(where, column, N_("{where}: field {field} is missing"))
    code = str(code).strip()
    if code not in codes:
        raise field_error(where, column, message, code=code, sheet=sheet)
    return code


def _assemble_bundles(
    catalog: CatalogFile,
    bundles: list[tuple[str, dict[str, Any]]],
    bundle_items: list[tuple[str, dict[str, Any]]],
) -> None:
    """The bundles of the bundles sheet, each with the rows of bundle_items that name it,
    in their order."""
    codes: set[str] = set()
    for where, values in bundles:
        code = values.get("code")
        if isinstance(code, str | int) and not isinstance(code, bool):
            code_once(
                codes, str(code).strip(), where, CODE_TWICE
            )  # its items would go to the first
    by_bundle: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for where, values in bundle_items:
        missing = N_("{where}: field {field}: no bundle {code} in sheet {sheet}")
        code = _owner(values, "bundle_code", where, codes, BUNDLES_SHEET, missing)
        by_bundle.setdefault(code, []).append((where, values))
    for where, values in bundles:
        code = values.get("code")
        own = by_bundle.pop(str(code).strip(), []) if code is not None else []
        catalog.bundles.append({**values, "items": [v for _w, v in own]})
        catalog.bundle_locations.append(EntryLocation(where, tuple(w for w, _v in own)))


def cell_text(value: Any, where: str, column: str) -> Any:
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
            elif column == "special_steps":
                value = STEP_JOIN.join(f"{s['name']}:{s['days']}" for s in value)
            values.append(cell_text(value, where, column))
        item_rows.append(values)
        for position, material in enumerate(entry["materials"], 1):
            where = f"{path.name} / {MATERIALS_SHEET} / {entry['code']} / {position}"
            values = [entry["code"], position]
            values += [cell_text(material[c], where, c) for c in MATERIAL_FIELDS]
            material_rows.append(values)
    bundle_rows, bundle_item_rows = [], []
    for entry in catalog_bundle_entries():
        where = f"{path.name} / {BUNDLES_SHEET} / {entry['code']}"
        cells = {**entry, "shared": "\n".join(entry["shared"])}  # one name a line
        bundle_rows.append([cell_text(cells[c], where, c) for c in BUNDLE_COLUMNS])
        bundle_item_rows += [[entry["code"], i["item"], i["stage"]] for i in entry["items"]]
    workbook = Workbook(write_only=True)
    notes = {c: translate(n) for c, n in ITEM_NOTES.items()}
    add_sheet(workbook, ITEMS_SHEET, ITEM_COLUMNS, item_rows, {"name": 36, "code": 10}, notes)
    notes = {c: translate(n) for c, n in MATERIAL_NOTES.items()}
    widths = {"name": 48, "position": 9}
    add_sheet(workbook, MATERIALS_SHEET, MATERIAL_COLUMNS, material_rows, widths, notes)
    notes = {c: translate(n) for c, n in BUNDLE_NOTES.items()}
    widths = {"code": 10, "name": 36, "description": 48, "shared": 48}
    add_sheet(workbook, BUNDLES_SHEET, BUNDLE_COLUMNS, bundle_rows, widths, notes)
    notes = {c: translate(n) for c, n in BUNDLE_ITEM_NOTES.items()}
    widths = {"bundle_code": 12, "item": 10, "stage": 8}
    add_sheet(workbook, BUNDLE_ITEMS_SHEET, BUNDLE_ITEM_COLUMNS, bundle_item_rows, widths, notes)
    _readme_sheet(workbook, translate)
    save_steadily(workbook, path)


def add_sheet(
    workbook: Any,
    title: str,
    columns: tuple[str, ...],
    rows: list[list[Any]],
    widths: Mapping[str, int],
    notes: Mapping[str, str] | None = None,
) -> None:
    """A sheet of a write-only workbook: a bold header row of ``columns`` (each with its
    note as a comment), then ``rows``; text is never taken for a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = workbook.create_sheet(title)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    for number, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(number)].width = widths.get(column, 16)
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column)
        cell.font = bold
        if notes and column in notes:
            cell.comment = Comment(notes[column], "counter-tui", width=300, height=80)
        header.append(cell)
    ws.append(header)
    for values in rows:
        cells = []
        for value in values:
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # text, not a formula
                cells.append(cell)
            else:
                cells.append(value)
        ws.append(cells)


# Written into the workbook instead of the time of writing, so that the same content
# gives the same bytes (an export, imported and exported again, compares equal).
STEADY_TIME = datetime(2000, 1, 1)


def save_steadily(workbook: Any, path: Path) -> None:
    """Save ``workbook`` to ``path`` with no time of writing in it: the document's
    created and modified dates and every zip entry's date are ``STEADY_TIME``."""
    import zipfile

    from openpyxl.xml.functions import tostring

    workbook.save(path)
    # Saving sets the modified date to now: the document properties are written again.
    workbook.properties.created = workbook.properties.modified = STEADY_TIME
    core = tostring(workbook.properties.to_tree())
    with zipfile.ZipFile(path) as archive:
        entries = [
            (info.filename, core if info.filename == "docProps/core.xml" else archive.read(info))
            for info in archive.infolist()
        ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, STEADY_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


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
    ws.append(
        [
            "",
            "",
            translate(
                N_(
                    "One row per bundle in bundles, one per item of a bundle in bundle_items, "
                    "in the bundle's order."
                )
            ),
        ]
    )
    sheets = (
        (ITEMS_SHEET, ITEM_NOTES),
        (MATERIALS_SHEET, MATERIAL_NOTES),
        (BUNDLES_SHEET, BUNDLE_NOTES),
        (BUNDLE_ITEMS_SHEET, BUNDLE_ITEM_NOTES),
    )
    for sheet, notes in sheets:
        for column, note in notes.items():
            ws.append([sheet, column, translate(note)])
    allowed = (
        ("item_type", ITEM_TYPES),
        ("kind", KINDS),
        ("limit_unit", LIMIT_UNITS),
        ("necessity", NECESSITIES),
        ("form", FORMS),
    )
    for column, values in allowed:
        ws.append(
            ["", column, translate(N_("allowed values: {values}")).format(values=", ".join(values))]
        )

"""Catalog files: read and write the item catalog as YAML, JSON or XLSX.

YAML and JSON hold ``{schema: 1, items: [...]}``, the format of
``db/seed/catalog.yaml`` (its header documents the fields). An XLSX workbook
holds the same content in two sheets:

``items``
    one row per item; the header row names the fields (``code``, ``name``,
    ``department``, …); ``keywords`` are written joined with ``、`` (any of
    ``、 , ， ; ；`` or spaces separate them on import); ``window_decides`` is
    a TRUE/FALSE cell (the words 是/否, true/false are read too).
``materials``
    one row per material: ``item_code``, ``position`` (order within the item,
    whole numbers ≥ 1, gaps allowed) and the material's fields.

Other sheets (the exported ``说明`` readme) are ignored on import. Row numbers in
messages are the spreadsheet's own (the header is row 1).

A file is checked whole before anything is written and imported in one
transaction (services/catalog.py): a bad file imports nothing. Export writes
the current version of every item by code, so export → import → export gives
the same file (cell for cell for XLSX, byte for byte for YAML and JSON).

openpyxl and yaml are imported inside the functions: never on the start-up path.
"""

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from counter_tui.domain.errors import N_
from counter_tui.services.catalog import (
    FORMS,
    ITEM_FIELDS,
    KEYWORD_SEPARATORS,
    KINDS,
    MATERIAL_FIELDS,
    NECESSITIES,
    CatalogError,
    EntryLocation,
    import_items,
)
from counter_tui.store.models import Department, Item, Material, Staff

SCHEMA = 1
FORMATS = ("yaml", "json", "xlsx")
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}
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


def _identity(message: str) -> str:
    return message


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


def _file_error(template: str, **params: Any) -> CatalogError:
    return CatalogError("catalog.file", template, **params)


def _fail(where: str, field_name: str, template: str, **params: Any) -> CatalogError:
    return CatalogError("catalog.invalid", template, where=where, field=field_name, **params)


def format_of(path: str | Path) -> str:
    """The file format of a path, from its extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise _file_error(
            N_("{file}: unknown file type {suffix}; use .yaml, .yml, .json or .xlsx"),
            file=Path(path).name,
            suffix=suffix or "''",
        )
    return SUFFIXES[suffix]


# ── reading ────────────────────────────────────────────────────────────────


@dataclass
class CatalogFile:
    """The entries of a catalog file, with where each stands in it for messages."""

    source: str
    entries: list[dict[str, Any]] = field(default_factory=list)
    locations: list[EntryLocation] = field(default_factory=list)


def read_catalog(path: str | Path) -> list[dict[str, Any]]:
    """The entries of a catalog file, in the form ``import_items`` takes."""
    return read_catalog_file(path).entries


def read_catalog_file(path: str | Path) -> CatalogFile:
    path = Path(path)
    kind = format_of(path)
    if kind == "xlsx":
        return _read_xlsx(path)
    text = _read_text(path)
    if kind == "json":
        return _read_json(path.name, text)
    return _read_yaml(path.name, text)


def import_catalog(path: str | Path, staff: Staff | None = None) -> dict[str, int]:
    """Read a catalog file and import it in one transaction; counts of new/changed/unchanged."""
    catalog = read_catalog_file(path)
    return import_items(catalog.entries, catalog.source, staff, catalog.locations)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _file_error(
            N_("Cannot read {file}: {reason}"), file=path.name, reason=error.strerror or str(error)
        ) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _file_error(
            N_("{file} is not UTF-8 text (byte {offset})"), file=path.name, offset=error.start
        ) from error


def _top_level(name: str, data: Any) -> list[Any]:
    if not isinstance(data, Mapping) or "items" not in data:
        raise _file_error(
            N_("{file}: the file must hold a mapping with schema: 1 and items: a list of items"),
            file=name,
        )
    for key in data:
        if key not in ("schema", "items"):
            raise _fail(name, str(key), N_("{where}: unknown field {field}"))
    schema = data.get("schema")
    if isinstance(schema, bool) or schema != SCHEMA:
        raise _file_error(
            N_("{file}: schema {schema} is not supported; this version reads schema {supported}"),
            file=name,
            schema="(missing)" if schema is None else str(schema),
            supported=SCHEMA,
        )
    items = data["items"]
    if not isinstance(items, list):
        raise _fail(name, "items", N_("{where}: field {field} must be a list of entries"))
    return items


def _read_json(name: str, text: str) -> CatalogFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _file_error(
            N_("{file}, line {line}: not valid JSON: {reason}"),
            file=name,
            line=error.lineno,
            reason=error.msg,
        ) from error
    except RecursionError as error:
        raise _file_error(N_("{file}: nested too deeply"), file=name) from error
    return CatalogFile(name, _top_level(name, data))


def _read_yaml(name: str, text: str) -> CatalogFile:
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise _file_error(
            N_("{file}, line {line}: not valid YAML: {reason}"),
            file=name,
            line=mark.line + 1 if mark else "?",
            reason=error.problem or error.context or "",
        ) from error
    except yaml.YAMLError as error:
        raise _file_error(
            N_("{file}, line {line}: not valid YAML: {reason}"), file=name, line="?", reason=error
        ) from error
    except RecursionError as error:
        raise _file_error(N_("{file}: nested too deeply"), file=name) from error
    finally:
        loader.dispose()
    items = _top_level(name, data)
    return CatalogFile(name, items, _yaml_locations(name, node, len(items)))


def _yaml_locations(name: str, root: Any, count: int) -> list[EntryLocation]:
    """'catalog.yaml / item 3 (line 135)' for each entry and its materials."""
    import yaml

    items_node = next(
        (v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "items"), None
    )
    if not isinstance(items_node, yaml.SequenceNode) or len(items_node.value) != count:
        return []
    locations = []
    for n, item_node in enumerate(items_node.value, 1):
        where = f"{name} / item {n} (line {item_node.start_mark.line + 1})"
        materials: list[str] = []
        if isinstance(item_node, yaml.MappingNode):
            for key, value in item_node.value:
                if (
                    isinstance(key, yaml.ScalarNode)
                    and key.value == "materials"
                    and isinstance(value, yaml.SequenceNode)
                ):
                    materials = [
                        f"{name} / item {n} / material {m} (line {node.start_mark.line + 1})"
                        for m, node in enumerate(value.value, 1)
                    ]
        locations.append(EntryLocation(where, tuple(materials)))
    return locations


# ── XLSX ───────────────────────────────────────────────────────────────────


def _read_xlsx(path: Path) -> CatalogFile:
    from openpyxl import load_workbook

    name = path.name
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise _file_error(
            N_("Cannot read {file}: {reason}"), file=name, reason=error.strerror or str(error)
        ) from error
    except Exception as error:  # zipfile, XML and openpyxl's own errors all mean "not XLSX"
        raise _file_error(
            N_("{file}: not an XLSX workbook ({reason})"), file=name, reason=str(error) or "?"
        ) from error
    try:
        sheets = {s.strip().casefold(): s for s in workbook.sheetnames}
        rows = {}
        for sheet in (ITEMS_SHEET, MATERIALS_SHEET):
            if sheet not in sheets:
                raise _file_error(N_("{file}: sheet {sheet} is missing"), file=name, sheet=sheet)
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
        raise _file_error(N_("{file}: sheet {sheet} has no header row"), file=name, sheet=sheet)
    header: list[str | None] = []
    for number, cell in enumerate(rows[0], 1):
        where = f"{name} / {sheet} / row 1"
        if _blank(cell):
            header.append(None)
            continue
        column = str(cell).strip()
        if column not in columns:
            raise _fail(
                where,
                column,
                N_("{where}: unknown column {field} (column {column})"),
                column=_column_letter(number),
            )
        if column in header:
            raise _fail(where, column, N_("{where}: column {field} appears twice"))
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
                    raise _fail(
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
        raise _fail(where, column, N_("{where}: field {field} holds a date, which it cannot be"))
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
            raise _fail(where, "item_code", N_("{where}: field {field} is missing"))
        code = str(code).strip()
        if code not in codes:
            raise _fail(
                where,
                "item_code",
                N_("{where}: field {field}: no item {code} in sheet {sheet}"),
                code=code,
                sheet=ITEMS_SHEET,
            )
        position = values.pop("position", None)
        if isinstance(position, bool) or not isinstance(position, int) or position < 1:
            raise _fail(
                where,
                "position",
                N_("{where}: field {field} must be a whole number ≥ {minimum}"),
                minimum=1,
            )
        taken = by_item.setdefault(code, {})
        if position in taken:
            raise _fail(
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


# ── writing ────────────────────────────────────────────────────────────────


def catalog_entries() -> list[dict[str, Any]]:
    """The current version of every item, by code, in the fields and order of the file format."""
    departments = dict(Department.select(Department.id, Department.code).tuples())
    items = list(Item.select().where(Item.current).order_by(Item.code))
    materials: dict[int, list[dict[str, Any]]] = {}
    query = (
        Material.select(Material)
        .join(Item)
        .where(Item.current)
        .order_by(Material.item, Material.position)
    )
    for material in query:
        materials.setdefault(material.item_id, []).append(
            {f: getattr(material, f) for f in MATERIAL_FIELDS}
        )
    entries = []
    for item in items:
        entry: dict[str, Any] = {}
        for name in ITEM_FIELDS:
            if name == "department":
                entry[name] = departments[item.department_id]
            elif name == "keywords":
                entry[name] = item.keywords.split()
            elif name == "materials":
                entry[name] = materials.get(item.id, [])
            else:
                entry[name] = getattr(item, name)
        entries.append(entry)
    return entries


def catalog_text(format: str, translate: Translate = _identity) -> str:
    """The current catalog as YAML or JSON text."""
    document = {"schema": SCHEMA, "items": catalog_entries()}
    if format == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if format == "yaml":
        return _yaml_text(document, translate)
    raise _file_error(N_("Unknown catalog format {format}"), format=format)


def export_catalog(
    path: str | Path, format: str | None = None, translate: Translate = _identity
) -> int:
    """Write the current catalog to ``path``; the format follows the extension.

    Returns the number of items. The file is written whole or not at all (a
    temporary file beside it is renamed over it).
    """
    path = Path(path)
    kind = format_of(path)
    if format is not None and format != kind:
        raise _file_error(
            N_("{file}: the extension does not match the format {format}"),
            file=path.name,
            format=format,
        )
    count = Item.select().where(Item.current).count()
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
    except OSError as error:
        raise _file_error(
            N_("Cannot write {file}: {reason}"), file=path.name, reason=error.strerror or str(error)
        ) from error
    try:
        os.close(handle)
        if kind == "xlsx":
            _write_xlsx(Path(temporary), translate)
        else:
            Path(temporary).write_text(catalog_text(kind, translate), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        raise _file_error(
            N_("Cannot write {file}: {reason}"), file=path.name, reason=error.strerror or str(error)
        ) from error
    finally:
        Path(temporary).unlink(missing_ok=True)
    return count


def _yaml_text(document: dict[str, Any], translate: Translate) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(dumper):  # type: ignore[misc, valid-type]
        pass

    def text(representer: Any, value: str) -> Any:
        style = "|" if "\n" in value else None
        return representer.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    header = translate(N_("counter-tui item catalog, schema 1; fields as in db/seed/catalog.yaml"))
    body = yaml.dump(
        document, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=4096, indent=2
    )
    return f"# {header}\n{body}"


def _cell_text(value: Any, where: str, column: str) -> Any:
    """What a cell gets: None for empty text; text is never taken for a formula."""
    if value == "" or value is None:
        return None
    if isinstance(value, str) and len(value) > XLSX_CELL_LIMIT:
        raise _fail(
            where,
            column,
            N_("{where}: field {field} is longer than the {limit} characters an XLSX cell holds"),
            limit=XLSX_CELL_LIMIT,
        )
    return value


def _write_xlsx(path: Path, translate: Translate) -> None:
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

"""Catalog files: YAML, JSON and XLSX read and written, errors that name the place, versions."""

import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from counter_tui.resources import seed_dir
from counter_tui.services.catalog.checks import CatalogError
from counter_tui.services.catalog.files import (
    catalog_entries,
    catalog_text,
    export_catalog,
    import_catalog,
    read_catalog,
)
from counter_tui.services.catalog.guide_search import GuideIndex, record_use
from counter_tui.services.catalog.items import (
    import_items,
    parse_item,
    special_steps_of,
)
from counter_tui.services.centre.opening import open_database
from counter_tui.store.database import write_transaction
from counter_tui.store.models import (
    Case,
    CaseMaterial,
    Department,
    Event,
    Item,
    Material,
    Staff,
    database_proxy,
)

pytestmark = pytest.mark.both_engines


DEPARTMENTS = (
    ("GA", "示范市公安局", "公安"),
    ("HB", "示范市生态环境局", "环保"),
    ("GH", "示范市自然资源和规划局", "规划"),
)


def _switch_to(path: Path) -> None:
    if database_proxy.obj is not None and not database_proxy.is_closed():
        database_proxy.close()
    open_database(str(path))


@pytest.fixture
def fresh(empty_template: Path, tmp_path: Path) -> Callable[[], None]:
    """Switch to a new, empty centre with the demo's three departments."""

    def switch() -> None:
        path = tmp_path / "fresh.db"
        shutil.copyfile(empty_template, path)
        _switch_to(path)
        with write_transaction(database_proxy.obj):
            for code, name, short in DEPARTMENTS:
                Department.create(code=code, name=name, short_name=short)

    return switch


def _state() -> tuple[int, int, int]:
    """What an import changes: item rows, material rows, events."""
    return Item.select().count(), Material.select().count(), Event.select().count()


def _cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    workbook = openpyxl.load_workbook(path)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}
    finally:
        workbook.close()


# ── round trips ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_text_round_trip_is_byte_for_byte(
    demo_db: str, fresh: Callable[[], None], tmp_path: Path, kind: str
) -> None:
    first = tmp_path / f"catalog.{kind}"
    assert export_catalog(first) == 34
    fresh()
    assert import_catalog(first) == {"new": 34, "changed": 0, "unchanged": 0}
    second = tmp_path / f"again.{kind}"
    export_catalog(second)
    assert second.read_bytes() == first.read_bytes()
    assert import_catalog(second) == {"new": 0, "changed": 0, "unchanged": 34}


def test_xlsx_round_trip_is_cell_for_cell(
    demo_db: str, fresh: Callable[[], None], tmp_path: Path
) -> None:
    first = tmp_path / "catalog.xlsx"
    export_catalog(first)
    cells = _cells(first)
    assert list(cells)[:2] == ["items", "materials"]
    assert len(cells["items"]) == 1 + 34
    assert len(cells["materials"]) == 1 + 258
    assert cells["items"][0][:3] == ("code", "name", "department")
    assert cells["materials"][0][:3] == ("item_code", "position", "name")
    fresh()
    assert import_catalog(first)["new"] == 34
    second = tmp_path / "again.xlsx"
    export_catalog(second)
    assert _cells(second) == cells
    assert import_catalog(second)["unchanged"] == 34


def test_export_loses_nothing_of_the_seed(demo_db: str) -> None:
    """Every seed entry and its export parse to the same item, material for material."""
    departments = {d.code: d.id for d in Department.select()}
    with (seed_dir() / "catalog.yaml").open(encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)["items"]
    exported = {e["code"]: e for e in yaml.safe_load(catalog_text("yaml"))["items"]}
    assert len(exported) == len(seed)
    for entry in seed:
        assert parse_item(entry, "seed", departments) == parse_item(
            exported[entry["code"]], "export", departments
        )


def test_export_writes_items_by_code_with_every_field(demo_db: str) -> None:
    data = json.loads(catalog_text("json"))
    assert data["schema"] == 1
    codes = [item["code"] for item in data["items"]]
    assert codes == sorted(codes)
    first = data["items"][0]
    assert list(first)[:5] == ["code", "name", "department", "item_type", "kind"]
    assert list(first)[8:11] == ["limit_unit", "extendable", "special_steps"]
    assert first["keywords"][:2] == ["枪支", "运输"]
    assert list(first["materials"][0]) == [
        "name",
        "necessity",
        "condition",
        "form",
        "copies",
        "source",
        "standard",
        "notes",
    ]


def test_xlsx_template_explains_its_columns(demo_db: str, tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    export_catalog(path, translate=lambda message: f"«{message}»")
    workbook = openpyxl.load_workbook(path)
    readme = workbook.worksheets[2]
    assert readme.title == "«Readme»"
    explained = {(row[0], row[1]) for row in readme.iter_rows(min_row=2, values_only=True)}
    assert ("materials", "form") in explained and ("items", "keywords") in explained
    note = workbook["items"]["E1"].comment
    assert note is not None and "promised" in note.text and note.text.startswith("«")
    note = workbook["items"]["D1"].comment
    assert note is not None and "public_service" in note.text


def test_text_that_looks_like_a_formula_stays_text(demo_db: str, tmp_path: Path) -> None:
    entries = catalog_entries()
    entries[0]["fees"] = "=1+1"
    assert import_items(entries, "formula")["changed"] == 1
    path = tmp_path / "formula.xlsx"
    export_catalog(path)
    cell = openpyxl.load_workbook(path)["items"]["L2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    assert import_catalog(path)["unchanged"] == 34


# ── XLSX as people edit it ──────────────────────────────────────────────────


@pytest.fixture
def workbook_path(demo_db: str, tmp_path: Path) -> Path:
    path = tmp_path / "cat.xlsx"
    export_catalog(path)
    return path


def _edit(path: Path, change: Callable[[openpyxl.Workbook], None]) -> None:
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    workbook.save(path)


def test_xlsx_edits_import_as_new_and_changed_items(workbook_path: Path) -> None:
    def change(workbook: openpyxl.Workbook) -> None:
        items, materials = workbook["items"], workbook["materials"]
        items["T2"] = "枪支, 运输；持枪 弹药、押运"  # any separator
        items["F3"] = "是"
        items.append(["GA-099", "测试事项", "GA", None, "immediate", None, 1, 0])
        materials.append(["GA-099", 2, "第二份材料", "optional", None, "copy", None])
        materials.append(["GA-099", 1, "申请表", "required", None, "original", 2])

    _edit(workbook_path, change)
    assert import_catalog(workbook_path) == {"new": 1, "changed": 2, "unchanged": 32}
    ga1 = Item.get((Item.code == "GA-001") & Item.current)
    assert ga1.keywords == "枪支 运输 持枪 弹药 押运"
    assert Item.get((Item.code == "GA-002") & Item.current).window_decides is True
    new = Item.get(Item.code == "GA-099")
    materials = list(new.materials.order_by(Material.position))
    assert [(m.name, m.copies) for m in materials] == [("申请表", 2), ("第二份材料", 1)]
    assert (new.window_decides, new.fees) == (False, "")


def test_xlsx_reads_and_writes_the_legal_fields(workbook_path: Path) -> None:
    def change(workbook: openpyxl.Workbook) -> None:
        items = workbook["items"]
        items["D2"] = "public_service"  # GA-001
        items["I2"] = "natural"
        items["J2"] = "否"
        items["K2"] = "现场核查：15；专家评审:10"
        items["P2"] = "《某某条例》第十条"

    _edit(workbook_path, change)
    assert import_catalog(workbook_path)["changed"] == 1
    item = Item.get((Item.code == "GA-001") & Item.current)
    assert (item.item_type, item.limit_unit, item.extendable) == (
        "public_service",
        "natural",
        False,
    )
    assert item.withdrawal_basis == "《某某条例》第十条"
    assert special_steps_of(item) == [
        {"name": "现场核查", "days": 15},
        {"name": "专家评审", "days": 10},
    ]
    export_catalog(workbook_path)
    assert openpyxl.load_workbook(workbook_path)["items"]["K2"].value == "现场核查:15；专家评审:10"
    assert import_catalog(workbook_path)["unchanged"] == 34


def _set(sheet: str, cell: str, value: Any) -> Callable[[openpyxl.Workbook], None]:
    def change(workbook: openpyxl.Workbook) -> None:
        workbook[sheet][cell] = value

    return change


def _append(sheet: str, row: list[Any]) -> Callable[[openpyxl.Workbook], None]:
    def change(workbook: openpyxl.Workbook) -> None:
        workbook[sheet].append(row)

    return change


def _remove_sheet(workbook: openpyxl.Workbook) -> None:
    del workbook["materials"]


# Row 30 of items is HB-005; rows 2–11 of materials are GA-001's ten materials.
XLSX_MISTAKES = [
    ("bad choice", _set("materials", "F7", "photocopy"), "materials / row 7", "form"),
    ("text in a number cell", _set("items", "G30", "twenty"), "items / row 30", "legal_limit_days"),
    ("float days", _set("items", "H30", 2.5), "items / row 30", "promised_limit_days"),
    ("missing name", _set("items", "B30", None), "items / row 30", "name"),
    ("missing kind", _set("items", "E30", "   "), "items / row 30", "kind"),
    ("unknown department", _set("items", "C30", "XX"), "items / row 30", "department"),
    ("not a flag", _set("items", "F30", "maybe"), "items / row 30", "window_decides"),
    ("bad item type", _set("items", "D30", "许可"), "items / row 30", "item_type"),
    ("bad limit unit", _set("items", "I30", "days"), "items / row 30", "limit_unit"),
    ("bad step", _set("items", "K30", "现场核查 15"), "items / row 30", "special_steps"),
    ("a date", _set("items", "L30", datetime(2026, 1, 1)), "items / row 30", "fees"),
    ("promised above legal", _set("items", "H30", 99), "items / row 30", "promised_limit_days"),
    ("review hours as text", _set("items", "U30", "三小时"), "items / row 30", "review_hours"),
    ("answer minutes zero", _set("items", "V30", 0), "items / row 30", "answer_minutes"),
    (
        "duplicate code",
        _append("items", ["GA-001", "重复", "GA", None, "promised", False, 20, 5]),
        "items / row 36",
        "GA-001",
    ),
    ("unknown item code", _set("materials", "A9", "ZZ-999"), "materials / row 9", "item_code"),
    ("no item code", _set("materials", "A9", None), "materials / row 9", "item_code"),
    ("duplicate position", _set("materials", "B8", 5), "materials / row 8", "position"),
    ("position zero", _set("materials", "B8", 0), "materials / row 8", "position"),
    ("position as text", _set("materials", "B8", "七"), "materials / row 8", "position"),
    ("copies as text", _set("materials", "G10", "两份"), "materials / row 10", "copies"),
    ("condition missing", _set("materials", "E9", None), "materials / row 9", "condition"),
    ("unknown column", _set("items", "T1", "keyword"), "items / row 1", "keyword"),
    ("value without header", _set("items", "W5", "stray"), "items / row 5", "column W"),
    ("duplicate column", _set("items", "T1", "fees"), "items / row 1", "fees"),
    ("missing sheet", _remove_sheet, "cat.xlsx", "sheet materials"),
]


@pytest.mark.parametrize(
    ("change", "where", "field"),
    [m[1:] for m in XLSX_MISTAKES],
    ids=[m[0] for m in XLSX_MISTAKES],
)
def test_a_bad_xlsx_names_file_sheet_row_and_field_and_imports_nothing(
    workbook_path: Path, change: Callable[[openpyxl.Workbook], None], where: str, field: str
) -> None:
    def edits(workbook: openpyxl.Workbook) -> None:
        workbook["items"]["B2"] = "枪支省内运输许可证（已修改）"  # valid, and before the mistake
        change(workbook)

    _edit(workbook_path, edits)
    before = _state()
    with pytest.raises(CatalogError) as error:
        import_catalog(workbook_path)
    message = str(error.value)
    if where != "cat.xlsx":
        assert f"cat.xlsx / {where}" in message
    assert where in message and field in message
    assert _state() == before
    assert Item.get((Item.code == "GA-001") & Item.current).name == "枪支省内运输许可证"


def test_an_empty_copies_cell_means_one_and_blank_rows_are_skipped(workbook_path: Path) -> None:
    def change(workbook: openpyxl.Workbook) -> None:
        workbook["materials"]["G2"] = None
        workbook["items"].insert_rows(5, amount=2)

    _edit(workbook_path, change)
    assert import_catalog(workbook_path)["unchanged"] == 34


def test_row_numbers_count_blank_rows_as_the_spreadsheet_does(workbook_path: Path) -> None:
    def change(workbook: openpyxl.Workbook) -> None:
        workbook["items"].insert_rows(5, amount=2)
        workbook["items"]["G32"] = "twenty"  # HB-005, moved down from row 30

    _edit(workbook_path, change)
    with pytest.raises(CatalogError) as error:
        import_catalog(workbook_path)
    assert "cat.xlsx / items / row 32: field legal_limit_days" in str(error.value)


def test_not_an_xlsx_file(tmp_path: Path, demo_db: str) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("code,name\n", encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        read_catalog(path)
    assert "fake.xlsx" in str(error.value) and "XLSX" in str(error.value)


# ── YAML and JSON mistakes ──────────────────────────────────────────────────

GOOD_ITEM = """\
  - code: GA-101
    name: 测试事项
    department: GA
    kind: immediate
    legal_limit_days: 1
    promised_limit_days: 0
    materials:
      - name: 申请表
        necessity: required
        form: original
"""


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.yaml", "schema: 1\nitems: [\n  {code: 1\n", "a.yaml, line"),
        ("a.yaml", "schema: 1\nitems:\n  - code: x\n   bad: indent\n", "line 4"),
        ("a.json", '{\n  "schema": 1,\n  "items": [}\n', "a.json, line 3"),
        ("a.yaml", "- a\n- b\n", "mapping with schema: 1"),
        ("a.yaml", "", "mapping with schema: 1"),
        ("a.json", '{"schema": 2, "items": []}', "schema 2 is not supported"),
        ("a.json", '{"schema": true, "items": []}', "schema True is not supported"),
        ("a.yaml", "items: []\n", "schema (missing)"),
        ("a.yaml", "schema: 1\nitems: []\nextra: 1\n", "unknown field extra"),
        ("a.yaml", "schema: 1\nitems: {}\n", "field items must be a list"),
        ("a.yaml", "schema: 1\nitems:\n" + GOOD_ITEM + "    keyword: [x]\n", "keyword"),
        (
            "a.yaml",
            "schema: 1\nitems:\n" + GOOD_ITEM + GOOD_ITEM.replace("immediate", "soon"),
            "a.yaml / item 2 (line 13): field kind",
        ),
        (
            "a.yaml",
            "schema: 1\nitems:\n" + GOOD_ITEM.replace("form: original", "form: scan"),
            "a.yaml / item 1 / material 1 (line 10): field form",
        ),
        (
            "a.yaml",
            "schema: 1\nitems:\n" + GOOD_ITEM + "    window_decides: 'yes'\n",
            "field window_decides must be true or false",
        ),
        ("a.json", '{"schema": 1, "items": [' + "[" * 100_000 + "]" * 100_000 + "]}", "a.json"),
        (
            "a.yaml",
            "schema: 1\nitems:\n" + GOOD_ITEM.replace("name: 申请表", 'name: "申请\\a表"'),
            "material 1 (line 10): field name contains a control character (U+0007)",
        ),
        ("a.csv", "code,name\n", "unknown file type .csv"),
        ("a", "x", "unknown file type"),
    ],
)
def test_a_bad_text_file_is_refused_with_its_place(
    demo_db: str, tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = _state()
    with pytest.raises(CatalogError) as error:
        import_catalog(path)
    assert expected in str(error.value)
    assert _state() == before


def test_a_good_yaml_file_with_a_bom_imports(demo_db: str, tmp_path: Path) -> None:
    path = tmp_path / "one.yml"
    path.write_bytes(b"\xef\xbb\xbf" + ("schema: 1\nitems:\n" + GOOD_ITEM).encode())
    assert import_catalog(path) == {"new": 1, "changed": 0, "unchanged": 0}
    assert Event.select().order_by(Event.id.desc()).first().kind == "catalog_imported"


def test_unreadable_files(demo_db: str, tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as error:
        import_catalog(tmp_path / "missing.yaml")
    assert "Cannot read missing.yaml" in str(error.value)
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(CatalogError) as error:
        import_catalog(tmp_path / "folder.json")
    assert "Cannot read folder.json" in str(error.value)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("schema: 1\nitems: []\n# caf\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogError) as error:
        import_catalog(latin)
    assert "UTF-8" in str(error.value)


# ── export mistakes ─────────────────────────────────────────────────────────


def test_export_refuses_a_mismatched_extension_and_a_missing_folder(
    demo_db: str, tmp_path: Path
) -> None:
    with pytest.raises(CatalogError) as error:
        export_catalog(tmp_path / "catalog.yaml", "json")
    assert "json" in str(error.value)
    with pytest.raises(CatalogError) as error:
        export_catalog(tmp_path / "no" / "such" / "catalog.xlsx")
    assert "Cannot write catalog.xlsx" in str(error.value)
    assert [p.name for p in tmp_path.iterdir() if "demo.db" not in p.name] == []  # no leftovers


def test_export_refuses_text_an_xlsx_cell_cannot_hold(demo_db: str, tmp_path: Path) -> None:
    entries = catalog_entries()
    entries[0]["legal_basis"] = "法" * 40_000
    import_items(entries, "long")
    with pytest.raises(CatalogError) as error:
        export_catalog(tmp_path / "long.xlsx")
    assert "GA-001" in str(error.value) and "legal_basis" in str(error.value)
    assert [p.name for p in tmp_path.iterdir() if "long" in p.name] == []  # no temporary left
    export_catalog(tmp_path / "long.yaml")  # YAML holds it
    assert "法" * 40_000 in (tmp_path / "long.yaml").read_text(encoding="utf-8")


# ── versions ────────────────────────────────────────────────────────────────


def test_a_case_keeps_its_item_version_and_checklist_after_a_changed_import(
    demo_db: str, tmp_path: Path
) -> None:
    old = Item.get((Item.code == "GA-002") & Item.current)
    old_materials = list(old.materials.order_by(Material.position))
    clerk = Staff.select().where(Staff.role == "clerk").first()
    with write_transaction(database_proxy.obj):
        case = Case.create(
            number="TEST-0001",
            item=old,
            state="received",
            department=old.department_id,
            owner=clerk,
        )
        CaseMaterial.insert_many(
            [{"case": case.id, "material": m.id, "status": "provided"} for m in old_materials]
        ).execute()
    record_use("GA-002")
    uses = Item.get_by_id(old.id).use_count

    path = tmp_path / "changed.yaml"
    export_catalog(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(e for e in data["items"] if e["code"] == "GA-002")
    entry["materials"] = entry["materials"][1:]  # the first material is no longer asked for
    entry["materials"][0]["copies"] = 3
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert import_catalog(path) == {"new": 0, "changed": 1, "unchanged": 33}

    case = Case.get_by_id(case.id)
    assert case.item_id == old.id
    assert Item.get_by_id(old.id).current is False
    checklist = [
        (cm.material.item_id, cm.material.name, cm.material.copies)
        for cm in case.materials.join(Material).order_by(Material.position)
    ]
    assert checklist == [(old.id, m.name, m.copies) for m in old_materials]

    new = Item.get((Item.code == "GA-002") & Item.current)
    assert (new.version, new.use_count) == (old.version + 1, uses)
    new_materials = list(new.materials.order_by(Material.position))
    assert [m.name for m in new_materials] == [m.name for m in old_materials[1:]]
    assert new_materials[0].copies == 3
    assert GuideIndex.load().search("GA-002")[0].item_id == new.id


def test_the_promises_in_hours_travel_through_every_format(demo_db: str, tmp_path: Path) -> None:
    """docs/rules.md §19: the seed's 333 items keep their review and answer promises."""
    for suffix in ("json", "yaml", "xlsx"):
        path = tmp_path / f"cat.{suffix}"
        export_catalog(path)
        before = {
            i.code: (i.review_hours, i.answer_minutes) for i in Item.select().where(Item.current)
        }
        assert (3, 30) in before.values() and (None, None) in before.values()
        with write_transaction(database_proxy.obj):
            Item.update(review_hours=None, answer_minutes=None).execute()
        import_catalog(path)
        after = {
            i.code: (i.review_hours, i.answer_minutes) for i in Item.select().where(Item.current)
        }
        assert after == before, suffix

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
from counter_tui.services.catalog.bundles import (
    bundle_guide,
    catalog_bundle_entries,
    parse_bundle,
)
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
    Bundle,
    BundleItem,
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


def _state() -> tuple[int, ...]:
    """What an import changes: item rows, material rows, bundle rows and their items'
    rows, events."""
    tables = (Item, Material, Bundle, BundleItem, Event)
    return tuple(table.select().count() for table in tables)


def _cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    workbook = openpyxl.load_workbook(path)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}
    finally:
        workbook.close()


# ── round trips ─────────────────────────────────────────────────────────────


def _counts(new: int, changed: int, unchanged: int, bundles: tuple[int, int, int]) -> dict:
    """What an import reports: its items' counts, then its bundles'."""
    return {
        "new": new,
        "changed": changed,
        "unchanged": unchanged,
        **dict(zip(("bundles_new", "bundles_changed", "bundles_unchanged"), bundles, strict=True)),
    }


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_text_round_trip_is_byte_for_byte(
    demo_db: str, fresh: Callable[[], None], tmp_path: Path, kind: str
) -> None:
    first = tmp_path / f"catalog.{kind}"
    assert export_catalog(first) == 36
    fresh()
    assert import_catalog(first) == _counts(36, 0, 0, (2, 0, 0))
    second = tmp_path / f"again.{kind}"
    export_catalog(second)
    assert second.read_bytes() == first.read_bytes()
    assert import_catalog(second) == _counts(0, 0, 36, (0, 0, 2))
    assert [b["code"] for b in catalog_bundle_entries()] == ["YJS-001", "YJS-002"]


def test_xlsx_round_trip_is_cell_for_cell(
    demo_db: str, fresh: Callable[[], None], tmp_path: Path
) -> None:
    first = tmp_path / "catalog.xlsx"
    export_catalog(first)
    cells = _cells(first)
    assert list(cells)[:4] == ["items", "materials", "bundles", "bundle_items"]
    assert len(cells["items"]) == 1 + 36
    assert len(cells["materials"]) == 1 + 275
    assert cells["items"][0][:3] == ("code", "name", "department")
    assert cells["materials"][0][:3] == ("item_code", "position", "name")
    assert cells["bundles"][0] == ("code", "name", "description", "shared")
    assert cells["bundles"][1][0] == "YJS-001"
    assert cells["bundles"][1][3].splitlines()[1] == "项目审批、核准或者备案文件"  # one a line
    assert cells["bundle_items"][:4] == [
        ("bundle_code", "item", "stage"),
        ("YJS-001", "GH-001", 1),
        ("YJS-001", "HB-002", 1),
        ("YJS-001", "GH-002", 2),
    ]
    fresh()
    assert import_catalog(first) == _counts(36, 0, 0, (2, 0, 0))
    second = tmp_path / "again.xlsx"
    export_catalog(second)
    assert _cells(second) == cells
    assert import_catalog(second) == _counts(0, 0, 36, (0, 0, 2))


def test_export_loses_nothing_of_the_seed_bundles(demo_db: str) -> None:
    with (seed_dir() / "catalog.yaml").open(encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)["bundles"]
    for kind in ("yaml", "json"):
        exported = yaml.safe_load(catalog_text(kind))["bundles"]  # JSON is YAML too
        assert [parse_bundle(e, "export") for e in exported] == [
            parse_bundle(e, "seed") for e in seed
        ]


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
    readme = workbook.worksheets[4]
    assert readme.title == "«Readme»"
    explained = {(row[0], row[1]) for row in readme.iter_rows(min_row=2, values_only=True)}
    assert ("materials", "form") in explained and ("items", "keywords") in explained
    assert ("bundles", "shared") in explained and ("bundle_items", "stage") in explained
    note = workbook["bundle_items"]["C1"].comment
    assert note is not None and "1, 2, 3" in note.text and note.text.startswith("«")
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
    assert import_catalog(path)["unchanged"] == 36


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
    assert import_catalog(workbook_path) == _counts(1, 2, 34, (0, 0, 2))
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
    assert import_catalog(workbook_path)["unchanged"] == 36


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


# Row 32 of items is HB-005; rows 2–11 of materials are GA-001's ten materials.
XLSX_MISTAKES = [
    ("bad choice", _set("materials", "F7", "photocopy"), "materials / row 7", "form"),
    ("text in a number cell", _set("items", "G32", "twenty"), "items / row 32", "legal_limit_days"),
    ("float days", _set("items", "H32", 2.5), "items / row 32", "promised_limit_days"),
    ("missing name", _set("items", "B32", None), "items / row 32", "name"),
    ("missing kind", _set("items", "E32", "   "), "items / row 32", "kind"),
    ("unknown department", _set("items", "C32", "XX"), "items / row 32", "department"),
    ("not a flag", _set("items", "F32", "maybe"), "items / row 32", "window_decides"),
    ("bad item type", _set("items", "D32", "许可"), "items / row 32", "item_type"),
    ("bad limit unit", _set("items", "I32", "days"), "items / row 32", "limit_unit"),
    ("bad step", _set("items", "K32", "现场核查 15"), "items / row 32", "special_steps"),
    ("a date", _set("items", "L32", datetime(2026, 1, 1)), "items / row 32", "fees"),
    ("promised above legal", _set("items", "H32", 99), "items / row 32", "promised_limit_days"),
    ("review hours as text", _set("items", "U32", "三小时"), "items / row 32", "review_hours"),
    ("answer minutes zero", _set("items", "V32", 0), "items / row 32", "answer_minutes"),
    (
        "duplicate code",
        _append("items", ["GA-001", "重复", "GA", None, "promised", False, 20, 5]),
        "items / row 38",
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
    # Rows 2–3 of bundles are YJS-001 and YJS-002; rows 2–4 of bundle_items YJS-001's
    # GH-001 (stage 1), HB-002 (stage 1) and GH-002 (stage 2).
    ("bundle without a name", _set("bundles", "B3", None), "bundles / row 3", "name"),
    (
        "shared by one item",
        _set(
            "bundles", "D2", "建设单位身份证明（营业执照、事业单位法人证书等）\n建设用地规划许可证"
        ),
        "bundles / row 2",
        "建设用地规划许可证 is not a material of two",
    ),
    (
        "duplicate bundle code",
        _append("bundles", ["YJS-001", "重复", None, None]),
        "bundles / row 4",
        "YJS-001",
    ),
    ("unknown bundle column", _set("bundles", "E1", "stages"), "bundles / row 1", "stages"),
    ("no bundle code", _set("bundle_items", "A3", None), "bundle_items / row 3", "bundle_code"),
    ("unknown bundle", _set("bundle_items", "A3", "YJS-999"), "bundle_items / row 3", "YJS-999"),
    ("unknown item", _set("bundle_items", "B3", "ZZ-999"), "bundle_items / row 3", "ZZ-999"),
    ("item twice", _set("bundle_items", "B4", "GH-001"), "bundle_items / row 4", "GH-001 twice"),
    ("stage as text", _set("bundle_items", "C4", "二"), "bundle_items / row 4", "stage"),
    ("stage zero", _set("bundle_items", "C4", 0), "bundle_items / row 4", "stage"),
    ("a gap in the stages", _set("bundle_items", "C4", 3), "bundles / row 2", "none is 2"),
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
        workbook["bundles"]["B2"] = "建设项目开工一件事（已修改）"
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
    assert Bundle.get(Bundle.code == "YJS-001").name == "建设项目开工一件事"


def test_xlsx_edits_import_as_changed_and_new_bundles(workbook_path: Path) -> None:
    """A workbook's bundle rows as people edit them: a new bundle of the rows that name
    it, in their order, an empty stage cell is 1; a changed bundle's items replaced."""

    def change(workbook: openpyxl.Workbook) -> None:
        bundles, bundle_items = workbook["bundles"], workbook["bundle_items"]
        bundles["D2"] = "项目审批、核准或者备案文件\r\n\n授权委托书及经办人居民身份证\n"
        bundles.append(["YJS-003", "户口一件事", None, None])
        bundle_items.append(["YJS-003", "GA-007", None])
        bundle_items.insert_rows(3)
        bundle_items["A3"], bundle_items["B3"], bundle_items["C3"] = "YJS-003", "GA-005", 2.0

    _edit(workbook_path, change)
    assert import_catalog(workbook_path) == _counts(0, 0, 36, (1, 1, 1))
    entries = {e["code"]: e for e in catalog_bundle_entries()}
    assert entries["YJS-001"]["shared"] == [
        "项目审批、核准或者备案文件",
        "授权委托书及经办人居民身份证",
    ]
    assert entries["YJS-003"] == {
        "code": "YJS-003",
        "name": "户口一件事",
        "description": "",
        "items": [{"item": "GA-005", "stage": 2}, {"item": "GA-007", "stage": 1}],
        "shared": [],
    }


def test_a_workbook_without_the_bundle_sheets_imports_and_keeps_the_bundles(
    workbook_path: Path,
) -> None:
    """A workbook written before bundles: its items import, the bundles stay."""

    def change(workbook: openpyxl.Workbook) -> None:
        del workbook["bundles"], workbook["bundle_items"]
        workbook["items"]["B2"] = "枪支省内运输许可证（已修改）"

    _edit(workbook_path, change)
    before = catalog_bundle_entries()
    assert import_catalog(workbook_path) == _counts(0, 1, 35, (0, 0, 0))
    assert catalog_bundle_entries() == before


def test_an_empty_copies_cell_means_one_and_blank_rows_are_skipped(workbook_path: Path) -> None:
    def change(workbook: openpyxl.Workbook) -> None:
        workbook["materials"]["G2"] = None
        workbook["items"].insert_rows(5, amount=2)

    _edit(workbook_path, change)
    assert import_catalog(workbook_path)["unchanged"] == 36


def test_row_numbers_count_blank_rows_as_the_spreadsheet_does(workbook_path: Path) -> None:
    def change(workbook: openpyxl.Workbook) -> None:
        workbook["items"].insert_rows(5, amount=2)
        workbook["items"]["G34"] = "twenty"  # HB-005, moved down from row 32

    _edit(workbook_path, change)
    with pytest.raises(CatalogError) as error:
        import_catalog(workbook_path)
    assert "cat.xlsx / items / row 34: field legal_limit_days" in str(error.value)


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


# After "schema" and "items" lines and GOOD_ITEM, lines 13–18: the bundle at line 14, its
# second item at line 18.
GOOD_BUNDLE = """\
bundles:
  - code: YJS-101
    name: 测试一件事
    items:
      - {item: GA-101, stage: 1}
      - {item: GA-001, stage: 1}
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
        ("a.yaml", "schema: 1\nitems: []\nbundles: {}\n", "field bundles must be a list"),
        (
            "a.yaml",
            "schema: 1\nitems:\n" + GOOD_ITEM + GOOD_BUNDLE.replace("GA-001", "ZZ-999"),
            "a.yaml / bundle 1 / item 2 (line 18): field item: no item ZZ-999",
        ),
        (
            "a.yaml",
            "schema: 1\nitems:\n"
            + GOOD_ITEM
            + GOOD_BUNDLE.replace("GA-001, stage: 1", "GA-001, stage: 0"),
            "a.yaml / bundle 1 / item 2 (line 18): field stage must be a whole number ≥ 1",
        ),
        (
            "a.yaml",
            "schema: 1\nitems:\n" + GOOD_ITEM + GOOD_BUNDLE + "    shared: [申请表]\n",
            "a.yaml / bundle 1 (line 14): field shared: 申请表 is not a material of two",
        ),
        (
            "a.yaml",
            "schema: 1\nitems:\n" + GOOD_ITEM + GOOD_BUNDLE + "    stages: 2\n",
            "a.yaml / bundle 1 (line 14): unknown field stages",
        ),
        (
            "a.json",
            '{"schema": 1, "items": [], "bundles": [{"code": "YJS-1", "name": "x", "items": []}]}',
            "a.json / bundle 1: field items: a bundle has two items at least",
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
    assert import_catalog(path) == _counts(1, 0, 0, (0, 0, 0))
    assert Event.select().order_by(Event.id.desc()).first().kind == "catalog_imported"


def test_a_bundle_names_an_item_of_its_own_file(demo_db: str, tmp_path: Path) -> None:
    path = tmp_path / "bundle.yaml"
    path.write_text("schema: 1\nitems:\n" + GOOD_ITEM + GOOD_BUNDLE, encoding="utf-8")
    assert import_catalog(path) == _counts(1, 0, 0, (1, 0, 0))
    assert [(i.code, i.stage) for i in bundle_guide("YJS-101").items] == [
        ("GA-101", 1),
        ("GA-001", 1),
    ]


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
    assert import_catalog(path) == _counts(0, 1, 35, (0, 0, 2))

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

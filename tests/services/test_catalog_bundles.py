"""Bundles of the catalog (docs/rules.md §21): checked, imported with the file's items in
one transaction, exported by code, and read as a guide with a merged checklist."""

import copy
import json
from typing import Any

import pytest

from counter_tui.domain.deadlines import Limits
from counter_tui.domain.legal import LimitUnit
from counter_tui.services.catalog.bundles import (
    bundle_guide,
    bundles,
    catalog_bundle_entries,
)
from counter_tui.services.catalog.checks import CatalogError
from counter_tui.services.catalog.items import catalog_entries, import_items
from counter_tui.services.errors import ServiceError
from counter_tui.store.models import Bundle, BundleItem, Event, Item, Material

pytestmark = pytest.mark.both_engines

AGENT = "授权委托书及经办人居民身份证"
LICENCE = "建设单位身份证明（营业执照、事业单位法人证书等）"
PROJECT = "项目审批、核准或者备案文件"

# A bundle of two demo items: GH-001 and GH-005 both ask for LICENCE and AGENT.
BUNDLE: dict[str, Any] = {
    "code": "YJS-101",
    "name": "用地规划一件事",
    "description": "选址意见书，然后用地规划许可",
    "items": [{"item": "GH-005", "stage": 1}, {"item": "GH-001", "stage": 2}],
    "shared": [LICENCE, AGENT],
}


def _state() -> tuple[Any, ...]:
    """Everything an import writes: items, materials, bundles, their items, events."""
    return (
        Item.select().count(),
        Material.select().count(),
        list(Bundle.select(Bundle.code, Bundle.name, Bundle.shared_materials).tuples()),
        list(BundleItem.select(BundleItem.item_code, BundleItem.stage).tuples()),
        Event.select().count(),
    )


def _bundle(**change: Any) -> dict[str, Any]:
    return {**copy.deepcopy(BUNDLE), **change}


# ── the seed's bundles, read ────────────────────────────────────────────────


def test_the_demo_has_a_construction_bundle_and_a_three_schemes_bundle(demo_db: str) -> None:
    assert [(b.code, b.item_count, b.departments) for b in bundles()] == [
        ("YJS-001", 3, ("规划", "环保")),
        ("YJS-002", 3, ("规划",)),
    ]


def test_a_bundle_guide_lists_its_items_by_stage_with_their_limits(demo_db: str) -> None:
    guide = bundle_guide("YJS-001")
    assert (guide.code, guide.name, guide.stages) == ("YJS-001", "建设项目开工一件事", 2)
    assert "并联" in guide.description
    assert [(i.stage, i.code, i.department_short, i.kind) for i in guide.items] == [
        (1, "GH-001", "规划", "promised"),
        (1, "HB-002", "环保", "promised"),
        (2, "GH-002", "规划", "promised"),
    ]
    environment = guide.items[1]
    assert environment.department == "示范市生态环境局"
    assert environment.name == "建设项目环境影响报告表审批"
    # 环评法 Art. 22: thirty days, counted as natural days.
    assert environment.limits == Limits(10, 30, LimitUnit.NATURAL)
    assert guide.items[0].limits == Limits(5, 20, LimitUnit.WORKING)
    current = Item.get((Item.code == "GH-001") & Item.current)
    assert guide.items[0].item_id == current.id


def test_the_merged_checklist_lists_a_shared_material_once_for_its_items(demo_db: str) -> None:
    guide = bundle_guide("YJS-001")
    shared = {line.name: line.item_codes for line in guide.checklist if line.shared}
    assert shared == {
        LICENCE: ("GH-001", "GH-002"),
        PROJECT: ("GH-001", "HB-002"),
        AGENT: ("GH-001", "HB-002", "GH-002"),
    }
    # Every material of every item is on the list exactly once, in the items' order.
    items = [Item.get((Item.code == i.code) & Item.current) for i in guide.items]
    expected = [m.id for item in items for m in item.materials.order_by(Material.position)]
    listed = [use.material_id for line in guide.checklist for use in line.uses]
    assert sorted(listed) == sorted(expected) and len(listed) == len(expected)
    first_of_each = [line.uses[0].material_id for line in guide.checklist]
    assert first_of_each == [m for m in expected if m in first_of_each]
    names = [line.name for line in guide.checklist]
    assert len(names) == len(expected) - 4  # GH-002's two and HB-002's two shared uses
    assert names[1] == LICENCE and names.count(AGENT) == 1
    licence = next(line for line in guide.checklist if line.name == LICENCE)
    assert [(u.item_code, u.necessity, u.form, u.copies) for u in licence.uses] == [
        ("GH-001", "required", "copy", 1),
        ("GH-002", "required", "copy", 1),
    ]
    plan = next(line for line in guide.checklist if line.name == "建设项目用地勘测定界图（宗地图）")
    assert (plan.shared, plan.item_codes, plan.uses[0].copies) == (False, ("GH-001",), 2)


def test_the_three_schemes_are_reviewed_side_by_side(demo_db: str) -> None:
    guide = bundle_guide("YJS-002")
    assert guide.stages == 1
    assert [i.code for i in guide.items] == ["GH-012", "GH-003", "GH-011"]
    assert {i.department_short for i in guide.items} == {"规划"}
    sunlight = next(line for line in guide.checklist if line.name == "日照分析报告")
    assert sunlight.shared and sunlight.item_codes == ("GH-012", "GH-003")
    assert {u.necessity for u in sunlight.uses} == {"conditional"}
    assert sunlight.uses[0].condition.startswith("拟建或周边建筑")


def test_an_unknown_bundle_is_a_clear_error(demo_db: str) -> None:
    with pytest.raises(ServiceError) as error:
        bundle_guide("YJS-999")
    assert error.value.rule == "bundle.not_found" and "YJS-999" in str(error.value)


def test_the_guide_follows_an_item_s_new_version(demo_db: str) -> None:
    entries = catalog_entries()
    gh001 = next(e for e in entries if e["code"] == "GH-001")
    gh001["materials"][0]["copies"] = 3
    assert import_items(entries, "v2")["changed"] == 1
    guide = bundle_guide("YJS-001")
    current = Item.get((Item.code == "GH-001") & Item.current)
    assert (current.version, guide.items[0].item_id) == (2, current.id)
    first = guide.checklist[0]
    assert first.uses[0].copies == 3
    assert Material.get_by_id(first.uses[0].material_id).item_id == current.id


# ── import ──────────────────────────────────────────────────────────────────


def test_a_new_bundle_then_unchanged_then_changed(demo_db: str) -> None:
    counts = import_items([], "one.yaml", bundles=[BUNDLE])
    assert counts == {
        "new": 0,
        "changed": 0,
        "unchanged": 0,
        "bundles_new": 1,
        "bundles_changed": 0,
        "bundles_unchanged": 0,
    }
    event = Event.select().order_by(Event.id.desc()).first()
    assert event.kind == "catalog_imported"
    assert json.loads(event.data) == {"source": "one.yaml", **counts}
    assert import_items([], "again", bundles=[BUNDLE])["bundles_unchanged"] == 1

    row = Bundle.get(Bundle.code == "YJS-101")
    changed = _bundle(items=[*BUNDLE["items"], {"item": "GH-002", "stage": 3}])
    changed["items"][1]["stage"] = 2
    assert import_items([], "three", bundles=[changed])["bundles_changed"] == 1
    rows = BundleItem.select().where(BundleItem.bundle == row.id).order_by(BundleItem.position)
    assert [(r.position, r.item_code, r.stage) for r in rows] == [
        (1, "GH-005", 1),
        (2, "GH-001", 2),
        (3, "GH-002", 3),
    ]
    assert Bundle.get(Bundle.code == "YJS-101").id == row.id  # the same bundle, its cases too
    assert [b["code"] for b in catalog_bundle_entries()] == ["YJS-001", "YJS-002", "YJS-101"]


def test_a_bundle_the_file_leaves_out_stays(demo_db: str) -> None:
    before = catalog_bundle_entries()
    counts = import_items(catalog_entries(), "items only")
    assert (counts["bundles_new"], counts["bundles_changed"]) == (0, 0)
    assert catalog_bundle_entries() == before


def test_the_export_writes_every_field_in_order(demo_db: str) -> None:
    import_items([], "mixed", bundles=[_bundle(description=None, shared=None)])
    entries = {e["code"]: e for e in catalog_bundle_entries()}
    assert list(entries["YJS-101"]) == ["code", "name", "description", "items", "shared"]
    assert (entries["YJS-101"]["description"], entries["YJS-101"]["shared"]) == ("", [])
    assert entries["YJS-001"]["items"][2] == {"item": "GH-002", "stage": 2}


def test_a_missing_stage_is_stage_one(demo_db: str) -> None:
    import_items([], "f", bundles=[_bundle(items=[{"item": "GH-005"}, {"item": "GH-001"}])])
    assert [i.stage for i in bundle_guide("YJS-101").items] == [1, 1]


# Each mistake, with what the message says: the place and the field.
MISTAKES: list[tuple[str, Any, str]] = [
    ("not a mapping", "YJS-101", "f / bundle 1: field bundles must be a list of entries"),
    ("unknown field", _bundle(stage=1), "f / bundle 1: unknown field stage"),
    ("no code", _bundle(code=None), "f / bundle 1: field code is missing"),
    ("blank code", _bundle(code="  "), "f / bundle 1: field code is missing"),
    ("no name", _bundle(name=""), "f / bundle 1: field name is missing"),
    ("name a list", _bundle(name=["x"]), "f / bundle 1: field name must be text"),
    ("control character", _bundle(name="一件\x07事"), "field name contains a control character"),
    ("no items", _bundle(items=None), "f / bundle 1: field items must be a list of entries"),
    ("items a mapping", _bundle(items={"item": "GH-001"}), "field items must be a list"),
    ("an item a code", _bundle(items=["GH-005", "GH-001"]), "f / bundle 1 / item 1: field items"),
    (
        "one item",
        _bundle(items=[{"item": "GH-005", "stage": 1}], shared=[]),
        "f / bundle 1: field items: a bundle has two items at least",
    ),
    (
        "item twice",
        _bundle(items=[{"item": "GH-005"}, {"item": "GH-005", "stage": 2}]),
        "f / bundle 1 / item 2: field item names GH-005 twice",
    ),
    (
        "item without code",
        _bundle(items=[{"item": "GH-005"}, {"stage": 2}]),
        "f / bundle 1 / item 2: field item is missing",
    ),
    (
        "unknown item field",
        _bundle(items=[{"item": "GH-005"}, {"item": "GH-001", "order": 2}]),
        "f / bundle 1 / item 2: unknown field order",
    ),
    (
        "unknown item",
        _bundle(items=[{"item": "GH-005"}, {"item": "GH-099"}]),
        "f / bundle 1 / item 2: field item: no item GH-099 in the catalog or in this file",
    ),
    (
        "stage zero",
        _bundle(items=[{"item": "GH-005", "stage": 0}, {"item": "GH-001"}]),
        "f / bundle 1 / item 1: field stage must be a whole number ≥ 1",
    ),
    (
        "stage as text",
        _bundle(items=[{"item": "GH-005", "stage": "1"}, {"item": "GH-001"}]),
        "f / bundle 1 / item 1: field stage must be a whole number ≥ 1",
    ),
    (
        "stage true",
        _bundle(items=[{"item": "GH-005", "stage": True}, {"item": "GH-001"}]),
        "field stage must be a whole number",
    ),
    (
        "a gap",
        _bundle(items=[{"item": "GH-005", "stage": 1}, {"item": "GH-001", "stage": 3}]),
        "f / bundle 1: field stage: the stages run 1, 2, 3 … without a gap; none is 2",
    ),
    (
        "no first stage",
        _bundle(items=[{"item": "GH-005", "stage": 2}, {"item": "GH-001", "stage": 2}]),
        "none is 1",
    ),
    ("shared text", _bundle(shared=LICENCE), "f / bundle 1: field shared must be a list"),
    ("shared blank", _bundle(shared=[" "]), "field shared must be a list of material names"),
    ("shared two lines", _bundle(shared=["营业执照\n身份证"]), "each on one line"),
    ("shared twice", _bundle(shared=[AGENT, AGENT]), f"field shared names {AGENT} twice"),
    (
        "shared by one item",
        _bundle(shared=["建设项目用地勘测定界图（宗地图）"]),
        "f / bundle 1: field shared: 建设项目用地勘测定界图（宗地图） is not a material of two",
    ),
    (
        "shared by none",
        _bundle(shared=["营业执照"]),
        "field shared: 营业执照 is not a material of two of the bundle's items",
    ),
    (
        "code twice",
        [BUNDLE, _bundle(name="另一个")],
        "f / bundle 2: bundle code YJS-101 appears twice",
    ),
]


@pytest.mark.parametrize(
    ("entries", "expected"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_a_bad_bundle_names_its_place_and_field_and_the_file_imports_nothing(
    demo_db: str, entries: Any, expected: str
) -> None:
    items = catalog_entries()
    items[0]["fees"] = "改了"  # a valid change of the same file, before the mistake
    before = _state()
    with pytest.raises(CatalogError) as error:
        import_items(items, "f", bundles=entries if isinstance(entries, list) else [entries])
    assert expected in str(error.value)
    assert _state() == before


def test_a_file_cannot_take_a_shared_material_from_a_bundle_it_leaves_out(
    demo_db: str,
) -> None:
    """YJS-001 shares the project's approval: a file that drops it from HB-002 would
    leave the bundle sharing a material of one item, which its own export could not
    import again."""
    items = catalog_entries()
    hb002 = next(e for e in items if e["code"] == "HB-002")
    hb002["materials"] = [m for m in hb002["materials"] if m["name"] != PROJECT]
    before = _state()
    with pytest.raises(CatalogError) as error:
        import_items(items, "f.yaml")
    message = str(error.value)
    assert "f.yaml / catalog bundle YJS-001: field shared" in message and PROJECT in message
    assert _state() == before


def test_a_bundle_names_an_item_the_same_entries_bring(demo_db: str) -> None:
    new = copy.deepcopy(next(e for e in catalog_entries() if e["code"] == "GH-005"))
    new["code"] = "GH-099"
    bundle = _bundle(items=[{"item": "GH-099"}, {"item": "GH-001", "stage": 2}])
    counts = import_items([new], "f", bundles=[bundle])
    assert (counts["new"], counts["bundles_new"]) == (1, 1)
    assert [i.code for i in bundle_guide("YJS-101").items] == ["GH-099", "GH-001"]


def test_bundles_into_an_empty_catalog_name_the_missing_items(empty_db: str) -> None:
    with pytest.raises(CatalogError) as error:
        import_items([], "f", bundles=[BUNDLE])
    assert "no item GH-005" in str(error.value)
    assert Bundle.select().count() == 0 and bundles() == []


def test_hostile_text_is_kept_as_data(demo_db: str) -> None:
    name = "[red]一件事[/] {name} %s \u202e" + "长" * 200
    description = "[@click=app.quit]\n\t\u202e说明" + "长" * 10_000
    import_items([], "f", bundles=[_bundle(name=name, description=description)])
    guide = bundle_guide("YJS-101")
    assert (guide.name, guide.description) == (name, description)
    assert next(b for b in bundles() if b.code == "YJS-101").name == name
    assert catalog_bundle_entries()[-1]["name"] == name


@pytest.mark.parametrize("field", ["code", "name"])
def test_a_code_or_name_longer_than_its_column_is_the_file_s_mistake(
    demo_db: str, field: str
) -> None:
    before = _state()
    with pytest.raises(CatalogError) as error:
        import_items([], "f", bundles=[_bundle(**{field: "码" * 256})])
    assert f"f / bundle 1: field {field} is longer than 255 characters" in str(error.value)
    assert _state() == before

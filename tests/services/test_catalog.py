"""Importing catalog entries: validation, one transaction, versions."""

import copy
from typing import Any

import pytest

from counter_tui.services.catalog.checks import CatalogError
from counter_tui.services.catalog.items import import_items, special_steps_of
from counter_tui.store.database import write_transaction
from counter_tui.store.models import Department, Item, Material, database_proxy

pytestmark = pytest.mark.both_engines


ENTRY: dict[str, Any] = {
    "code": "GA-001",
    "name": "枪支省内运输许可证",
    "department": "GA",
    "kind": "promised",
    "legal_limit_days": 20,
    "promised_limit_days": 5,
    "keywords": ["枪支", "运输"],
    "materials": [
        {"name": "申请表", "necessity": "required", "form": "original", "copies": 1},
        {
            "name": "授权委托书",
            "necessity": "conditional",
            "condition": "委托代理人办理的",
            "form": "original",
            "copies": 1,
        },
    ],
}


@pytest.fixture
def department(empty_db: str) -> Department:
    with write_transaction(database_proxy.obj):
        return Department.create(code="GA", name="示范市公安局", short_name="公安")


def test_new_item_is_version_one_with_pinyin(department: Department) -> None:
    assert import_items([ENTRY], "test") == {
        "new": 1,
        "changed": 0,
        "unchanged": 0,
        "bundles_new": 0,
        "bundles_changed": 0,
        "bundles_unchanged": 0,
    }
    item = Item.get(Item.code == "GA-001")
    assert (item.version, item.current) == (1, True)
    assert item.pinyin_initials == "qzsnysxkz"
    assert item.keywords == "枪支 运输"
    assert [m.name for m in item.materials.order_by(Material.position)] == ["申请表", "授权委托书"]


def test_unchanged_item_keeps_its_version(department: Department) -> None:
    import_items([ENTRY], "test")
    assert import_items([ENTRY], "test")["unchanged"] == 1
    assert Item.select().count() == 1


def test_changed_item_gets_a_new_version_and_the_old_one_stays(department: Department) -> None:
    import_items([ENTRY], "test")
    changed = copy.deepcopy(ENTRY)
    changed["materials"][0]["copies"] = 2
    assert import_items([changed], "test")["changed"] == 1
    versions = list(Item.select().where(Item.code == "GA-001").order_by(Item.version))
    assert [(v.version, v.current) for v in versions] == [(1, False), (2, True)]
    assert versions[0].materials.order_by(Material.position)[0].copies == 1
    assert versions[1].materials.order_by(Material.position)[0].copies == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": None}, "name"),
        ({"kind": "sometimes"}, "kind"),
        ({"legal_limit_days": "twenty"}, "legal_limit_days"),
        ({"legal_limit_days": -1}, "legal_limit_days"),
        ({"promised_limit_days": 30}, "promised_limit_days"),
        ({"department": "XX"}, "department"),
        ({"materials": "申请表"}, "materials"),
    ],
)
def test_a_bad_entry_names_its_field_and_imports_nothing(
    department: Department, change: dict[str, Any], field: str
) -> None:
    good = {**ENTRY, "code": "GA-002"}
    bad = {**ENTRY, **change}
    with pytest.raises(CatalogError) as error:
        import_items([good, bad], "demo.yaml")
    assert field in str(error.value)
    assert "demo.yaml / item 2" in str(error.value)
    assert Item.select().count() == 0


def test_conditional_material_needs_its_condition(department: Department) -> None:
    bad = copy.deepcopy(ENTRY)
    bad["materials"][1]["condition"] = None
    with pytest.raises(CatalogError) as error:
        import_items([bad], "test")
    assert "material 2" in str(error.value)


def test_duplicate_codes_in_one_file_are_refused(department: Department) -> None:
    with pytest.raises(CatalogError) as error:
        import_items([ENTRY, ENTRY], "test")
    assert "GA-001" in str(error.value)
    assert Item.select().count() == 0


def test_keywords_split_on_any_list_separator_once_each(department: Department) -> None:
    entry = {**ENTRY, "keywords": ["枪支、运输", "持枪, 弹药；运输", " 押运 "]}
    import_items([entry], "test")
    assert Item.get(Item.code == "GA-001").keywords == "枪支 运输 持枪 弹药 押运"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"keywords": [["枪支"]]}, "keywords"),
        ({"keywords": {"a": 1}}, "keywords"),
        ({"window_decides": "false"}, "window_decides"),
        ({"window_decides": 1}, "window_decides"),
        ({"name": "   "}, "name"),
        ({"fees": True}, "fees"),
        ({"keyword": ["枪支"]}, "keyword"),
        ({"conditions": "第一条\x00"}, "conditions"),
        ({"item_type": "licence"}, "item_type"),
        ({"item_type": ["licensing"]}, "item_type"),
        ({"limit_unit": "calendar"}, "limit_unit"),
        ({"extendable": "no"}, "extendable"),
        ({"special_steps": "现场核查"}, "special_steps"),
        ({"special_steps": [{"name": "现场核查", "days": 0}]}, "special_steps"),
        ({"special_steps": [{"name": "现场核查", "days": True}]}, "special_steps"),
        ({"special_steps": [{"name": " ", "days": 5}]}, "special_steps"),
        ({"special_steps": [{"name": "核查；评审", "days": 5}]}, "special_steps"),
        ({"special_steps": [{"name": "现场核查"}]}, "special_steps"),
        ({"special_steps": [{"name": "现场核查", "days": 5, "by": "x"}]}, "special_steps"),
        (
            {"special_steps": [{"name": "听证", "days": 5}, {"name": "听证", "days": 3}]},
            "special_steps",
        ),
        ({"withdrawal_basis": ["法"]}, "withdrawal_basis"),
    ],
)
def test_entries_are_checked_strictly(
    department: Department, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(CatalogError) as error:
        import_items([{**ENTRY, **change}], "strict.json")
    assert f"strict.json / item 1: field {field}" in str(error.value) or (
        f"unknown field {field}" in str(error.value)
    )
    assert Item.select().count() == 0


def test_line_breaks_are_normalised(department: Department) -> None:
    import_items([{**ENTRY, "procedure": "1. 申请\r\n2. 受理\r3. 决定\n"}], "crlf")
    assert Item.get(Item.code == "GA-001").procedure == "1. 申请\n2. 受理\n3. 决定"
    assert (
        import_items([{**ENTRY, "procedure": "1. 申请\n2. 受理\n3. 决定"}], "lf")["unchanged"] == 1
    )


def test_the_fields_of_issue_19_default_when_a_file_leaves_them_out(
    department: Department,
) -> None:
    import_items([ENTRY], "old file")
    item = Item.get(Item.code == "GA-001")
    assert (item.item_type, item.limit_unit, item.extendable) == ("licensing", "working", True)
    assert (item.withdrawal_basis, item.special_steps) == ("", "[]")


def test_a_bad_item_type_says_which_types_there_are(department: Department) -> None:
    with pytest.raises(CatalogError) as error:
        import_items([{**ENTRY, "item_type": "permit"}], "types.yaml")
    assert "item_type" in str(error.value) and "public_service" in str(error.value)


@pytest.mark.parametrize(
    "change",
    [
        {"item_type": "confirmation"},
        {"limit_unit": "natural"},
        {"extendable": False},
        {"withdrawal_basis": "《某某条例》第十条"},
        {"special_steps": [{"name": "现场核查", "days": 15}]},
    ],
)
def test_a_changed_legal_field_makes_a_new_version(
    department: Department, change: dict[str, Any]
) -> None:
    import_items([ENTRY], "test")
    assert import_items([{**ENTRY, **change}], "test")["changed"] == 1
    current = Item.get((Item.code == "GA-001") & Item.current)
    assert current.version == 2
    assert import_items([{**ENTRY, **change}], "test")["unchanged"] == 1


def test_special_steps_are_kept_in_order_and_read_back(department: Department) -> None:
    steps = [{"name": "专家评审", "days": 10}, {"name": "现场核查", "days": 15}]
    import_items([{**ENTRY, "special_steps": steps}], "test")
    assert special_steps_of(Item.get(Item.code == "GA-001")) == steps


def test_an_item_carries_its_promises_in_hours_or_none(department: Department) -> None:
    """docs/rules.md §19: the 333's review in working hours and answer in minutes."""
    import_items([{**ENTRY, "review_hours": 3, "answer_minutes": 30}], "test")
    item = Item.get(Item.code == "GA-001")
    assert (item.review_hours, item.answer_minutes) == (3, 30)
    assert import_items([ENTRY], "test")["changed"] == 1  # left out: no promise
    item = Item.get((Item.code == "GA-001") & Item.current)
    assert (item.review_hours, item.answer_minutes) == (None, None)


@pytest.mark.parametrize("field", ["code", "name", "phone"])
def test_a_short_text_column_takes_255_characters(department: Department, field: str) -> None:
    """Where PostgreSQL keeps a field in VARCHAR(255), a longer value is the file's mistake,
    named as such, not the database's."""
    assert import_items([{**ENTRY, field: "户" * 255}], "test")["new"] == 1
    with pytest.raises(CatalogError) as error:
        import_items([{**ENTRY, field: "户" * 256}], "long.yaml")
    assert f"field {field} is longer than 255 characters" in str(error.value)
    assert Item.select().count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"review_hours": 0},
        {"review_hours": -3},
        {"review_hours": "3"},
        {"review_hours": True},
        {"review_hours": 1000},
        {"answer_minutes": 3.5},
        {"answer_minutes": 10_000},
        {"answer_minutes": [30]},
    ],
)
def test_a_bad_promise_in_hours_is_refused_by_name(
    department: Department, change: dict[str, Any]
) -> None:
    with pytest.raises(CatalogError) as error:
        import_items([{**ENTRY, **change}], "demo.yaml")
    assert next(iter(change)) in str(error.value)
    assert Item.select().count() == 0

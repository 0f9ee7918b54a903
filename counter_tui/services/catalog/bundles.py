"""Bundles of the catalog (一件事, 三案同审; docs/rules.md §21): several items, across
departments, taken as one application; each item becomes its own case.

A catalog file carries its bundles after its items; each is checked here and imported
by ``items.import_items`` in the file's one transaction, after the items, so that a
bundle may name an item the same file brings. A bundle is upserted by its code; one the
file leaves out stays as it is, but must still hold with the file's items. The read
model (``bundle_guide``, ``bundles``) is plain frozen data, as the item guide's is.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from counter_tui.domain.deadlines import Limits
from counter_tui.domain.errors import N_
from counter_tui.domain.legal import LimitUnit
from counter_tui.services.catalog.checks import (
    SHORT_TEXT,
    EntryLocation,
    code_once,
    entry_location,
    field_error,
    plain_text,
    text_field,
    unknown_fields,
    whole_number,
)
from counter_tui.services.errors import ServiceError
from counter_tui.store.models import Bundle, BundleItem, Department, Item, Material

# The fields of a bundle, in the order the export files write them.
BUNDLE_FIELDS = ("code", "name", "description", "items", "shared")
BUNDLE_ITEM_FIELDS = ("item", "stage")
COUNT_KEYS = ("bundles_new", "bundles_changed", "bundles_unchanged")
CODE_TWICE = N_("{where}: bundle code {code} appears twice")
ITEMS_MESSAGE = N_(
    "{where}: field {field} must be a list of entries, each with an item code and its stage"
)


# ── checking ────────────────────────────────────────────────────────────────


def _bundle_item(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, Mapping):
        raise field_error(where, "items", ITEMS_MESSAGE)
    unknown_fields(entry, BUNDLE_ITEM_FIELDS, where)
    code = text_field(entry, "item", where, required=True, limit=SHORT_TEXT)
    stage = whole_number(entry, "stage", where, 1) if entry.get("stage") is not None else 1
    return {"item": code, "stage": stage}


def _shared(entry: Mapping[str, Any], where: str) -> list[str]:
    value = entry.get("shared")
    if value is None:
        return []
    message = N_("{where}: field {field} must be a list of material names, each on one line")
    if not isinstance(value, list):
        raise field_error(where, "shared", message)
    names: list[str] = []
    for name in value:
        if isinstance(name, bool) or not isinstance(name, str | int | float):
            raise field_error(where, "shared", message)
        name = plain_text(str(name), "shared", where)
        if not name or "\n" in name:  # a workbook's cell holds the names one a line
            raise field_error(where, "shared", message)
        if name in names:
            raise field_error(
                where, "shared", N_("{where}: field {field} names {name} twice"), name=name
            )
        names.append(name)
    return names


def parse_bundle(entry: Any, where: str, item_where: Sequence[str] = ()) -> dict[str, Any]:
    """Check one bundle entry's own fields and return them (``BUNDLE_FIELDS``).

    ``item_where`` names each of its items' place in the file (a row of a workbook's
    bundle_items sheet); without it an item is named by its number in the bundle.
    Whether its items and shared materials are in the catalog is ``check_in_catalog``'s.
    """
    if not isinstance(entry, Mapping):
        raise field_error(where, "bundles", N_("{where}: field {field} must be a list of entries"))
    unknown_fields(entry, BUNDLE_FIELDS, where)
    bundle: dict[str, Any] = {
        "code": text_field(entry, "code", where, required=True, limit=SHORT_TEXT),
        "name": text_field(entry, "name", where, required=True, limit=SHORT_TEXT),
        "description": text_field(entry, "description", where),
    }
    items = entry.get("items")
    if not isinstance(items, list):
        raise field_error(where, "items", ITEMS_MESSAGE)
    bundle["items"] = []
    for n, value in enumerate(items, 1):
        place = item_where[n - 1] if n <= len(item_where) else f"{where} / item {n}"
        item = _bundle_item(value, place)
        if any(i["item"] == item["item"] for i in bundle["items"]):
            raise field_error(
                place, "item", N_("{where}: field {field} names {name} twice"), name=item["item"]
            )
        bundle["items"].append(item)
    if len(bundle["items"]) < 2:
        raise field_error(
            where, "items", N_("{where}: field {field}: a bundle has two items at least")
        )
    stages = {i["stage"] for i in bundle["items"]}
    gap = next((s for s in range(1, max(stages) + 1) if s not in stages), None)
    if gap is not None:
        raise field_error(
            where,
            "stage",
            N_("{where}: field {field}: the stages run 1, 2, 3 … without a gap; none is {stage}"),
            stage=gap,
        )
    bundle["shared"] = _shared(entry, where)
    return bundle


def check_in_catalog(
    bundle: Mapping[str, Any],
    where: str,
    materials: Mapping[str, Sequence[str]],
    item_where: Sequence[str] = (),
) -> None:
    """A bundle's items are current items, and each shared material is a material of two
    of them at least; ``materials`` maps each current item's code to its material names."""
    for n, item in enumerate(bundle["items"], 1):
        if item["item"] not in materials:
            raise field_error(
                item_where[n - 1] if n <= len(item_where) else f"{where} / item {n}",
                "item",
                N_("{where}: field {field}: no item {code} in the catalog or in this file"),
                code=item["item"],
            )
    for name in bundle["shared"]:
        asking = sum(1 for i in bundle["items"] if name in materials[i["item"]])
        if asking < 2:
            raise field_error(
                where,
                "shared",
                N_("{where}: field {field}: {name} is not a material of two of the bundle's items"),
                name=name,
            )


# ── importing and exporting ─────────────────────────────────────────────────


def _current_materials() -> dict[str, list[str]]:
    """Each current item's code with its material names."""
    materials: dict[str, list[str]] = {
        code: [] for (code,) in Item.select(Item.code).where(Item.current).tuples()
    }
    query = Material.select(Item.code, Material.name).join(Item).where(Item.current)
    for code, name in query.tuples():
        materials[code].append(name)
    return materials


def _stored() -> dict[str, dict[str, Any]]:
    """Every stored bundle by code, as ``parse_bundle`` returns one, with its row's id."""
    bundles = {
        b.code: {
            "id": b.id,
            "code": b.code,
            "name": b.name,
            "description": b.description,
            "items": [],
            "shared": json.loads(b.shared_materials),
        }
        for b in Bundle.select()
    }
    by_id = {b["id"]: b for b in bundles.values()}
    query = BundleItem.select().order_by(BundleItem.bundle, BundleItem.position)
    for row in query:
        by_id[row.bundle_id]["items"].append({"item": row.item_code, "stage": row.stage})
    return bundles


def _columns(bundle: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": bundle["name"],
        "description": bundle["description"],
        "shared_materials": json.dumps(bundle["shared"], ensure_ascii=False),
    }


def _save_items(bundle_id: int, items: Sequence[Mapping[str, Any]]) -> None:
    BundleItem.insert_many(
        [
            {"bundle": bundle_id, "position": n, "item_code": i["item"], "stage": i["stage"]}
            for n, i in enumerate(items, 1)
        ]
    ).execute()


def import_bundles(
    entries: Sequence[Any], source: str, locations: Sequence[EntryLocation] = ()
) -> dict[str, int]:
    """Check and upsert a file's bundles, inside the transaction of its import
    (``items.import_items``), after its items; counts of new, changed and unchanged.

    A changed bundle gets its new fields and its items replaced. A stored bundle the
    file leaves out is kept, and checked again: the file's items may have dropped a
    material it shares.
    """
    counts = dict.fromkeys(COUNT_KEYS, 0)
    stored = _stored()
    if not entries and not stored:
        return counts
    materials = _current_materials()
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        location = entry_location(locations, n, f"{source} / bundle {n}")
        where, item_where = location.entry, location.parts
        bundle = parse_bundle(entry, where, item_where)
        code_once(seen, bundle["code"], where, CODE_TWICE)
        check_in_catalog(bundle, where, materials, item_where)
        current = stored.get(bundle["code"])
        if current is None:
            row = Bundle.create(code=bundle["code"], **_columns(bundle))
            _save_items(row.id, bundle["items"])
            counts["bundles_new"] += 1
        elif all(current[f] == bundle[f] for f in BUNDLE_FIELDS):
            counts["bundles_unchanged"] += 1
        else:
            Bundle.update(**_columns(bundle)).where(Bundle.id == current["id"]).execute()
            BundleItem.delete().where(BundleItem.bundle == current["id"]).execute()
            _save_items(current["id"], bundle["items"])
            counts["bundles_changed"] += 1
    for code, kept in stored.items():
        if code not in seen:
            check_in_catalog(kept, f"{source} / catalog bundle {code}", materials)
    return counts


def catalog_bundle_entries() -> list[dict[str, Any]]:
    """Every bundle, by code, in the fields and order of the file format."""
    stored = _stored()
    return [{f: stored[code][f] for f in BUNDLE_FIELDS} for code in sorted(stored)]


# ── reading ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class BundleGuideItem:
    """An item of a bundle, in its current version (the one a bundle case takes)."""

    stage: int  # the items of one stage run side by side; stage n + 1 after stage n's
    code: str
    item_id: int  # the current version: services/catalog/guide.py::load_guide has the rest
    name: str
    department: str  # the department's full name
    department_short: str
    kind: str  # promised (承诺件) | immediate (即办件)
    limits: Limits  # legal and promised, in the item's unit (working or natural days)


@dataclass(frozen=True)
class MaterialUse:
    """A material of the merged checklist as one item of the bundle asks for it."""

    item_code: str
    material_id: int  # of the item's current version: its case's checklist line
    necessity: str  # required (必要) | deferrable (容缺) | optional (非必要) | conditional
    condition: str  # when a conditional material is needed; "" otherwise
    form: str  # original | copy | original_and_copy | electronic
    copies: int


@dataclass(frozen=True)
class BundleMaterial:
    """One paper of a bundle's merged checklist (一套材料): a shared material once, with
    every item that asks for it; any other material once for its own item."""

    name: str
    shared: bool  # one copy serves every item of ``uses``
    uses: tuple[MaterialUse, ...]  # in the bundle's item order, then the item's own

    @property
    def item_codes(self) -> tuple[str, ...]:
        """The items the paper serves, each once."""
        return tuple(dict.fromkeys(u.item_code for u in self.uses))


@dataclass(frozen=True)
class BundleGuide:
    """What a bundle asks for (一次告知): its items and its merged checklist."""

    code: str
    name: str
    description: str
    items: tuple[BundleGuideItem, ...]  # by stage, then in the bundle's order
    checklist: tuple[BundleMaterial, ...]  # the items' materials in that order, merged

    @property
    def stages(self) -> int:
        return max(i.stage for i in self.items)


@dataclass(frozen=True)
class BundleSummary:
    """A bundle in a picker's list: its items by stage, without their materials."""

    code: str
    name: str
    items: tuple[BundleGuideItem, ...]

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def departments(self) -> tuple[str, ...]:
        """Short names, each once, by stage and order."""
        return tuple(dict.fromkeys(item.department_short for item in self.items))


def _bundle_items(bundle_ids: Sequence[int]) -> dict[int, list[BundleGuideItem]]:
    """The items of each bundle, by stage then position, in their current versions."""
    query = (
        BundleItem.select(BundleItem, Item, Department)
        .join(Item, on=(Item.code == BundleItem.item_code) & Item.current, attr="item")
        .join(Department)
        .where(BundleItem.bundle.in_(bundle_ids))
        .order_by(BundleItem.bundle, BundleItem.stage, BundleItem.position)
    )
    items: dict[int, list[BundleGuideItem]] = {bundle_id: [] for bundle_id in bundle_ids}
    for row in query:
        item = row.item
        items[row.bundle_id].append(
            BundleGuideItem(
                stage=row.stage,
                code=item.code,
                item_id=item.id,
                name=item.name,
                department=item.department.name,
                department_short=item.department.short_name,
                kind=item.kind,
                limits=Limits(
                    item.promised_limit_days, item.legal_limit_days, LimitUnit(item.limit_unit)
                ),
            )
        )
    return items


def bundles() -> list[BundleSummary]:
    """Every bundle, by code, for a picker."""
    rows = list(Bundle.select().order_by(Bundle.code))
    items = _bundle_items([b.id for b in rows])
    return [BundleSummary(code=b.code, name=b.name, items=tuple(items[b.id])) for b in rows]


def bundle_guide(code: str) -> BundleGuide:
    """A bundle's items and merged checklist, from the current versions of its items."""
    bundle = Bundle.get_or_none(Bundle.code == code)
    if bundle is None:
        raise ServiceError("bundle.not_found", N_("No bundle {code}"), code=code)
    items = _bundle_items([bundle.id])[bundle.id]
    shared = set(json.loads(bundle.shared_materials))
    query = Material.select().where(Material.item.in_([i.item_id for i in items]))
    materials: dict[int, list[Material]] = {i.item_id: [] for i in items}
    for material in query.order_by(Material.position):
        materials[material.item_id].append(material)
    uses: dict[str | int, list[MaterialUse]] = {}
    names: dict[str | int, str] = {}
    for item in items:
        for m in materials[item.item_id]:
            # A shared material is one line for all its items, by its name; another is
            # its item's own line, by its id.
            key: str | int = m.name if m.name in shared else m.id
            names[key] = m.name
            use = MaterialUse(item.code, m.id, m.necessity, m.condition, m.form, m.copies)
            uses.setdefault(key, []).append(use)
    return BundleGuide(
        code=bundle.code,
        name=bundle.name,
        description=bundle.description,
        items=tuple(items),
        checklist=tuple(BundleMaterial(names[k], k in shared, tuple(u)) for k, u in uses.items()),
    )

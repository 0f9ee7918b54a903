"""The item catalog: import with versions (a changed item gets a new version)."""

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from counter_tui.domain.errors import N_
from counter_tui.domain.legal import ItemType, LimitUnit
from counter_tui.services.catalog.bundles import import_bundles
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
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Department, Item, Material, Staff, database_proxy

KINDS = ("promised", "immediate")
NECESSITIES = ("required", "deferrable", "optional", "conditional")
FORMS = ("original", "copy", "original_and_copy", "electronic")
ITEM_TYPES = tuple(ItemType)
LIMIT_UNITS = tuple(LimitUnit)
ITEM_TEXT_FIELDS = (
    "fees",
    "conditions",
    "procedure",
    "legal_basis",
    "withdrawal_basis",
    "place",
    "hours",
    "phone",
)
MATERIAL_TEXT_FIELDS = ("condition", "source", "standard", "notes")
# The fields of an entry, in the order the export files write them.
ITEM_FIELDS = (
    "code",
    "name",
    "department",
    "item_type",
    "kind",
    "window_decides",
    "legal_limit_days",
    "promised_limit_days",
    "limit_unit",
    "extendable",
    "special_steps",
    *ITEM_TEXT_FIELDS,
    "keywords",
    "review_hours",  # issue 22, after the fields of older files: their columns stay put
    "answer_minutes",
    "materials",
)
# The fields a file may leave out, and what an item then has: files written before
# issue 19 hold none of them.
ITEM_DEFAULTS: Mapping[str, Any] = {
    "item_type": ItemType.LICENSING.value,
    "limit_unit": LimitUnit.WORKING.value,
    "extendable": True,
}
# The promises in working hours (docs/rules.md §19), each left out or at most this:
# a loop over the working days counts them, and no promise runs for months.
HOUR_PROMISE_LIMITS: Mapping[str, int] = {"review_hours": 999, "answer_minutes": 9999}
SPECIAL_STEP_FIELDS = ("name", "days")
MATERIAL_FIELDS = (
    "name",
    "necessity",
    "condition",
    "form",
    "copies",
    "source",
    "standard",
    "notes",
)
# Keywords are stored space separated, so a keyword never holds a space; the
# Chinese and ASCII list separators split keywords too, in every file format.
KEYWORD_SEPARATORS = re.compile(r"[\s、,，;；]+")


@dataclass
class CatalogFile:
    """The entries of a catalog file, its items' and its bundles', with where each stands
    in it for messages."""

    source: str
    entries: list[dict[str, Any]] = dataclass_field(default_factory=list)
    locations: list[EntryLocation] = dataclass_field(default_factory=list)
    bundles: list[Any] = dataclass_field(default_factory=list)
    bundle_locations: list[EntryLocation] = dataclass_field(default_factory=list)


def _keywords(entry: Mapping[str, Any], where: str) -> str:
    value = entry.get("keywords")
    if value is None:
        return ""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(
        isinstance(k, str | int | float) and not isinstance(k, bool) for k in value
    ):
        raise field_error(where, "keywords", N_("{where}: field {field} must be a list of words"))
    words: list[str] = []
    for keyword in value:
        for word in KEYWORD_SEPARATORS.split(plain_text(str(keyword), "keywords", where)):
            if word and word not in words:
                words.append(word)
    return " ".join(words)


def _flag(entry: Mapping[str, Any], field: str, where: str, default: bool = False) -> bool:
    value = entry.get(field)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise field_error(where, field, N_("{where}: field {field} must be true or false"))
    return value


def _hour_promise(entry: Mapping[str, Any], field: str, where: str) -> int | None:
    """A promise in working hours or minutes: None when left out."""
    value, maximum = entry.get(field), HOUR_PROMISE_LIMITS[field]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise field_error(
            where,
            field,
            N_("{where}: field {field} must be empty or a whole number from 1 to {maximum}"),
            maximum=maximum,
        )
    return value


def _choice(entry: Mapping[str, Any], field: str, where: str, allowed: tuple[str, ...]) -> str:
    value = entry.get(field)
    if value not in allowed:
        raise field_error(
            where,
            field,
            N_("{where}: field {field} must be one of {allowed}"),
            allowed=", ".join(allowed),
        )
    return value


def _optional_choice(
    entry: Mapping[str, Any], field: str, where: str, allowed: tuple[str, ...]
) -> str:
    """A choice a file may leave out (``ITEM_DEFAULTS``)."""
    if entry.get(field) is None:
        return ITEM_DEFAULTS[field]
    return _choice(entry, field, where, allowed)


def _special_steps(entry: Mapping[str, Any], where: str) -> str:
    """The item's special procedures (特殊环节) as the JSON text stored: a list of
    {"name", "days"}, each named once, with a whole number of days ≥ 1."""
    value = entry.get("special_steps")
    if value is None:
        return "[]"
    message = N_(
        "{where}: field {field} must be a list of entries, each with a name and its "
        "days (a whole number from 1 to 999)"
    )
    if not isinstance(value, list):
        raise field_error(where, "special_steps", message)
    steps: list[dict[str, Any]] = []
    for step in value:
        if not isinstance(step, Mapping) or set(step) != set(SPECIAL_STEP_FIELDS):
            raise field_error(where, "special_steps", message)
        name, days = step["name"], step["days"]
        if not isinstance(name, str) or not (name := plain_text(name, "special_steps", where)):
            raise field_error(where, "special_steps", message)
        if any(c in name for c in ";；\n"):  # the separators of a workbook's cell
            raise field_error(where, "special_steps", message)
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 999:
            raise field_error(where, "special_steps", message)
        if any(s["name"] == name for s in steps):
            raise field_error(
                where,
                "special_steps",
                N_("{where}: field {field} names {name} twice"),
                name=name,
            )
        steps.append({"name": name, "days": days})
    return json.dumps(steps, ensure_ascii=False)


def special_steps_of(item: Item) -> list[dict[str, Any]]:
    """An item's special procedures (特殊环节), [{"name", "days"}], as its import stored them."""
    steps = json.loads(item.special_steps or "[]")
    return steps if isinstance(steps, list) else []


def _material(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, Mapping):
        raise field_error(
            where, "materials", N_("{where}: field {field} must be a list of entries")
        )
    unknown_fields(entry, MATERIAL_FIELDS, where)
    row = {"name": text_field(entry, "name", where, required=True)}
    row["necessity"] = _choice(entry, "necessity", where, NECESSITIES)
    row["form"] = _choice(entry, "form", where, FORMS)
    row["copies"] = whole_number(entry, "copies", where, 0) if "copies" in entry else 1
    for field in MATERIAL_TEXT_FIELDS:
        row[field] = text_field(entry, field, where)
    if (row["necessity"] == "conditional") != bool(row["condition"]):
        raise field_error(
            where,
            "condition",
            N_("{where}: field {field} is needed exactly when the material is conditional"),
        )
    return row


def parse_item(
    entry: Any,
    where: str,
    departments: Mapping[str, int],
    material_where: Sequence[str] = (),
    missing: str = "",
) -> dict[str, Any]:
    """Check one catalog entry and return the item's fields with its materials.

    ``material_where`` names each material's place in the file (a row of a
    materials sheet); without it a material is named by its number in the entry.
    ``missing`` lists every department the whole file names that the centre lacks.
    """
    if not isinstance(entry, Mapping):
        raise field_error(where, "items", N_("{where}: field {field} must be a list of entries"))
    unknown_fields(entry, ITEM_FIELDS, where)
    item: dict[str, Any] = {
        "code": text_field(entry, "code", where, required=True, limit=SHORT_TEXT),
        "name": text_field(entry, "name", where, required=True, limit=SHORT_TEXT),
    }
    department = text_field(entry, "department", where, required=True)
    if department not in departments:
        raise field_error(
            where,
            "department",
            N_(
                "{where}: unknown department {code}. The centre lacks {missing}: add them "
                "first with `counter-tui centre import FILE` (a centre file that holds them) "
                "or `counter-tui department add CODE --name NAME --short-name SHORT`."
            ),
            code=department,
            missing=missing or department,
        )
    item["department"] = departments[department]
    item["item_type"] = _optional_choice(entry, "item_type", where, ITEM_TYPES)
    item["kind"] = _choice(entry, "kind", where, KINDS)
    item["window_decides"] = _flag(entry, "window_decides", where)
    item["legal_limit_days"] = whole_number(entry, "legal_limit_days", where, 0)
    item["promised_limit_days"] = whole_number(entry, "promised_limit_days", where, 0)
    if item["promised_limit_days"] > item["legal_limit_days"]:
        raise field_error(
            where, "promised_limit_days", N_("{where}: field {field} cannot exceed the legal limit")
        )
    item["limit_unit"] = _optional_choice(entry, "limit_unit", where, LIMIT_UNITS)
    item["extendable"] = _flag(entry, "extendable", where, ITEM_DEFAULTS["extendable"])
    item["special_steps"] = _special_steps(entry, where)
    for field in ITEM_TEXT_FIELDS:
        # The phone is a short text column; the others hold whole paragraphs.
        limit = SHORT_TEXT if field == "phone" else None
        item[field] = text_field(entry, field, where, limit=limit)
    item["keywords"] = _keywords(entry, where)
    for field in HOUR_PROMISE_LIMITS:
        item[field] = _hour_promise(entry, field, where)
    materials = entry.get("materials") or []
    if not isinstance(materials, list):
        raise field_error(
            where, "materials", N_("{where}: field {field} must be a list of entries")
        )
    item["materials"] = [
        _material(
            m,
            material_where[n - 1]
            if n <= len(material_where)
            else f"{where} / {item['code']} / material {n}",
        )
        for n, m in enumerate(materials, 1)
    ]
    return item


def _pinyin(name: str) -> tuple[str, str]:
    """Full pinyin and initials, computed at import so start-up never loads pypinyin."""
    from pypinyin import Style, lazy_pinyin

    full = "".join(lazy_pinyin(name, errors="ignore"))
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore"))
    return full.lower(), initials.lower()


def _same_content(current: Item, item: Mapping[str, Any]) -> bool:
    fields = {k: v for k, v in item.items() if k not in ("materials", "department")}
    if current.department_id != item["department"]:
        return False
    if any(getattr(current, k) != v for k, v in fields.items()):
        return False
    existing = [
        {
            "name": m.name,
            "necessity": m.necessity,
            "form": m.form,
            "copies": m.copies,
            **{f: getattr(m, f) for f in MATERIAL_TEXT_FIELDS},
        }
        for m in current.materials.order_by(Material.position)
    ]
    return existing == item["materials"]


def _save_item(item: dict[str, Any], version: int, use_count: int = 0) -> Item:
    fields = {k: v for k, v in item.items() if k != "materials"}
    full, initials = _pinyin(item["name"])
    row = Item.create(
        version=version,
        current=True,
        pinyin=full,
        pinyin_initials=initials,
        use_count=use_count,
        **fields,
    )
    Material.insert_many(
        [{"item": row.id, "position": n, **m} for n, m in enumerate(item["materials"], 1)]
    ).execute()
    return row


def _missing_departments(entries: list[Any], departments: Mapping[str, int]) -> str:
    """The department codes the entries name that the centre lacks, joined; a catalog is
    often imported into a centre that has none yet, and all are named at once."""
    named = {
        str(e["department"]).strip()
        for e in entries
        if isinstance(e, Mapping) and isinstance(e.get("department"), str | int)
    }
    return ", ".join(sorted(code for code in named - set(departments) if code))


def import_items(
    entries: Iterable[Any],
    source: str,
    staff: Staff | None = None,
    locations: Sequence[EntryLocation] = (),
    bundles: Sequence[Any] = (),
    bundle_locations: Sequence[EntryLocation] = (),
) -> dict[str, int]:
    """Import catalog entries, and the file's bundles after them, in one transaction:
    all or nothing.

    A new code becomes version 1; a changed item becomes the next version and
    the old one stays for the cases taken under it; an unchanged item is left.
    The new version keeps the item's use count, so a re-import does not reset
    its rank in the guide search. ``locations`` name each entry's place in its
    file for error messages (default: "{source} / item {n}"). The bundles
    (services/catalog/bundles.py::import_bundles) may name the items of the same
    entries. Returns the counts of new, changed and unchanged items, and of bundles
    (``bundles_new`` …).
    """
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    with write_transaction(database_proxy):
        departments = {d.code: d.id for d in Department.select()}
        entries = list(entries)
        missing = _missing_departments(entries, departments)
        # One query for every current item, not one per entry (5,000 entries, 5,000 queries).
        current_items = {i.code: i for i in Item.select().where(Item.current)}
        seen: set[str] = set()
        for n, entry in enumerate(entries, 1):
            location = entry_location(locations, n, f"{source} / item {n}")
            where = location.entry
            item = parse_item(entry, where, departments, location.parts, missing)
            code_once(seen, item["code"], where, N_("{where}: item code {code} appears twice"))
            current = current_items.get(item["code"])
            if current is None:
                _save_item(item, 1)
                counts["new"] += 1
            elif _same_content(current, item):
                counts["unchanged"] += 1
            else:
                Item.update(current=False).where(Item.id == current.id).execute()
                _save_item(item, current.version + 1, current.use_count)
                counts["changed"] += 1
        counts |= import_bundles(bundles, source, bundle_locations)
        append_event("catalog_imported", staff=staff, data={"source": source, **counts})
    return counts


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
            elif name == "special_steps":
                entry[name] = special_steps_of(item)
            else:
                entry[name] = getattr(item, name)
        entries.append(entry)
    return entries

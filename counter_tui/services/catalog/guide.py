"""An item's guide (办事指南) as plain frozen data, for the printed guide and the guide view.

Nothing of the store leaves this module: the documents and the TUI get dataclasses.
"""

from dataclasses import dataclass

from counter_tui.domain.errors import N_
from counter_tui.services.catalog.items import special_steps_of
from counter_tui.services.errors import ServiceError
from counter_tui.services.profile import centre_name
from counter_tui.store.models import Department, Item, Material


@dataclass(frozen=True)
class GuideMaterial:
    position: int
    name: str
    necessity: str  # required (必要) | deferrable (容缺) | optional (非必要) | conditional
    condition: str  # when a conditional material is needed; "" otherwise
    form: str  # original | copy | original_and_copy | electronic
    copies: int
    source: str
    standard: str  # acceptance standard (受理标准)
    notes: str


@dataclass(frozen=True)
class Guide:
    item_id: int
    code: str
    version: int
    current: bool  # False: an older version, kept for the cases taken under it
    name: str
    department: str
    department_short: str
    item_type: str  # domain/legal.py::ItemType: 行政许可, 行政确认, …
    kind: str  # promised (承诺件) | immediate (即办件)
    window_decides: bool  # 一审一核 at the window
    legal_limit_days: int
    promised_limit_days: int
    limit_unit: str  # domain/legal.py::LimitUnit: working days, or the item's law's days
    fees: str
    conditions: str
    procedure: str
    legal_basis: str
    special_steps: tuple[tuple[str, int], ...]  # 特殊环节: name, days
    # The centre's own promises in working time (docs/rules.md §19); None: none.
    review_hours: int | None
    answer_minutes: int | None
    place: str
    hours: str
    phone: str
    materials: tuple[GuideMaterial, ...]
    centre: str  # the centre's name, for the printed footer


def load_guide(item_id: int) -> Guide:
    """The guide of one item version, its materials in checklist order."""
    item = Item.select(Item, Department).join(Department).where(Item.id == item_id).get_or_none()
    if item is None:
        raise ServiceError("guide.not_found", N_("No item with id {id}"), id=item_id)
    materials = tuple(
        GuideMaterial(
            position=m.position,
            name=m.name,
            necessity=m.necessity,
            condition=m.condition,
            form=m.form,
            copies=m.copies,
            source=m.source,
            standard=m.standard,
            notes=m.notes,
        )
        for m in Material.select().where(Material.item == item.id).order_by(Material.position)
    )
    return Guide(
        item_id=item.id,
        code=item.code,
        version=item.version,
        current=item.current,
        name=item.name,
        department=item.department.name,
        department_short=item.department.short_name,
        item_type=item.item_type,
        kind=item.kind,
        window_decides=item.window_decides,
        legal_limit_days=item.legal_limit_days,
        promised_limit_days=item.promised_limit_days,
        limit_unit=item.limit_unit,
        fees=item.fees,
        conditions=item.conditions,
        procedure=item.procedure,
        legal_basis=item.legal_basis,
        special_steps=tuple((s["name"], s["days"]) for s in special_steps_of(item)),
        review_hours=item.review_hours,
        answer_minutes=item.answer_minutes,
        place=item.place,
        hours=item.hours,
        phone=item.phone,
        materials=materials,
        centre=centre_name(),
    )

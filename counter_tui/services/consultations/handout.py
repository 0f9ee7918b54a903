"""What a visitor takes home from a question (docs/rules.md §18): the item's material list
and conditions (一次性告知单), so that they come once with everything, printed without a
case. The print is logged with the consultation (event ``consultation_printed``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counter_tui.domain.errors import N_
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, require_role
from counter_tui.services.cases.change import moment
from counter_tui.services.catalog.guide import Guide, load_guide
from counter_tui.services.clock import to_local
from counter_tui.services.consultations.questions import owned_consultation
from counter_tui.services.errors import ServiceError
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Item, Window, database_proxy


@dataclass(frozen=True)
class Handout:
    """The facts of the print: the item's guide and the consultation's particulars."""

    consultation: int
    guide: Guide
    question: str
    visitor: str
    asked_on: date  # the consultation's local date
    clerk: str
    window: int | None
    window_phone: str


def print_handout(
    session: StaffSession, consultation_id: int, *, at: datetime | None = None
) -> Handout:
    """The handout of a consultation that names an item, for its owner (or an approver of
    its department), in any state: a visitor may ask for it again. The current version of
    the item is printed (what the visitor must bring now). Logs the print."""
    require_role(session, *INTAKE_ROLES)
    with write_transaction(database_proxy):
        row, staff = owned_consultation(session, consultation_id)
        if not row.item_id:
            raise ServiceError(
                "consultation.no_item",
                N_("This question names no item: there is no material list to print"),
            )
        current = Item.get_or_none((Item.code == row.item.code) & Item.current)
        guide = load_guide((current or row.item).id)
        window = Window.get_or_none(Window.id == row.window_id) if row.window_id else None
        when = moment(at)
        data = {"consultation": row.id, "item": guide.code, "version": guide.version}
        append_event("consultation_printed", staff=staff, data=data, at=when.at)
    return Handout(
        consultation=row.id,
        guide=guide,
        question=row.question,
        visitor=row.visitor,
        asked_on=to_local(row.asked_at).date(),
        clerk=staff.name,
        window=window.number if window else None,
        window_phone=window.phone if window else "",
    )

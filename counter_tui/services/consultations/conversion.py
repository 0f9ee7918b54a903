"""A question that becomes an application (docs/rules.md §18): the intake starts with the
consultation's item and visitor, and the consultation names the case it became (event
``consultation_converted``).

Open and answered questions may convert (the common case: asked, answered, and applying
at once); a referred one went to whoever answers it, where the visitor applies. An open
one is closed by its conversion: the application answers it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_tui.domain.errors import N_
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, require_role
from counter_tui.services.cases.change import moment
from counter_tui.services.consultations.questions import ConsultationState, owned_consultation
from counter_tui.services.errors import ServiceError
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Case, Consultation, database_proxy

CONVERTIBLE = frozenset({ConsultationState.OPEN.value, ConsultationState.ANSWERED.value})


@dataclass(frozen=True)
class CarriedOver:
    """What the intake starts with."""

    consultation: int
    item_code: str  # "" when the question named no item: the clerk chooses it
    visitor: str
    phone: str


def _convertible(row: Consultation) -> None:
    if row.case_id:
        raise ServiceError(
            "consultation.converted",
            N_("This question already became the application {number}"),
            number=row.case.number,
        )
    if row.state not in CONVERTIBLE:
        raise ServiceError(
            "consultation.referred",
            N_("A referred question is applied for where it was referred"),
        )


def carried_over(session: StaffSession, consultation_id: int) -> CarriedOver:
    """What an intake from this consultation starts with; refused, before any draft is
    made, when it cannot convert."""
    require_role(session, *INTAKE_ROLES)
    with write_transaction(database_proxy):
        row, _staff = owned_consultation(session, consultation_id)
        _convertible(row)
    return CarriedOver(
        consultation=row.id,
        item_code=row.item.code if row.item_id else "",
        visitor=row.visitor,
        phone=row.phone,
    )


def convert_consultation(
    session: StaffSession, consultation_id: int, case_number: str, *, at: datetime | None = None
) -> None:
    """The consultation becomes the clerk's case ``case_number`` (just started from it)."""
    require_role(session, *INTAKE_ROLES)
    with write_transaction(database_proxy):
        row, staff = owned_consultation(session, consultation_id)
        _convertible(row)
        case = Case.get_or_none(Case.number == str(case_number))
        if case is None or case.owner_id != staff.id:
            raise ServiceError(
                "consultation.case",
                N_("There is no application {number} of yours"),
                number=str(case_number),
            )
        when = moment(at)
        row.case = case
        if row.state == ConsultationState.OPEN.value:
            row.state, row.closed_at = ConsultationState.ANSWERED.value, when.at
        row.save()
        data = {"consultation": row.id, "case": case.number}
        append_event("consultation_converted", staff=staff, data=data, at=when.at)

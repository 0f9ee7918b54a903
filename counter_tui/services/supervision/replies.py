"""The owner's side of a supervision order (docs/rules.md §22): the reply — the progress
made, the reason for any delay and the new date promised. The first reply answers the
order; later ones add to it until whoever issued it closes it.

Who replies: the owner, whom the order was addressed to, or whoever holds its target now.
An A/B handover (docs/rules.md §13) moves a case to the B clerk after the order was
issued: the order follows the case, so B answers it (and finds it on the home screen),
and A, to whom it was addressed, still may."""

from __future__ import annotations

from datetime import date, datetime

from counter_tui.domain.errors import N_
from counter_tui.domain.supervision import OrderState, check_new_date
from counter_tui.services.auth import StaffSession, active_staff, check_session
from counter_tui.services.cases.change import moment
from counter_tui.services.cases.text import required_text, typed_text
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.supervision.log import order_event
from counter_tui.services.supervision.reading import in_hand
from counter_tui.services.supervision.targets import target_of
from counter_tui.store.database import write_transaction
from counter_tui.store.models import SupervisionOrder, SupervisionReply, database_proxy


def _check_answerer(staff_id: int, order: SupervisionOrder) -> None:
    holder = target_of(order).holder
    if staff_id not in (order.owner_id, holder.id):
        raise PermissionDenied(
            "supervision.owner",
            N_("{number} is answered by {name}, who holds its work"),
            number=order.number,
            name=holder.name,
        )


def reply(
    session: StaffSession,
    order: str,
    progress: str,
    delay_reason: str = "",
    new_date: date | None = None,
    at: datetime | None = None,
) -> bool:
    """Reply to the order numbered ``order``. A ``new_date`` (today or later) comes with
    the reason for the delay. Returns True when this is the first reply (the order is
    answered now)."""
    check_session(session)
    progress = required_text(
        progress, "supervision.progress", N_("A reply to a supervision order says what was done")
    )
    delay_reason = typed_text(delay_reason)
    if new_date is not None and not delay_reason:
        raise ServiceError(
            "supervision.delay_reason", N_("A new date comes with the reason for the delay")
        )
    with write_transaction(database_proxy):
        staff = active_staff(session)
        row = in_hand(order)
        _check_answerer(staff.id, row)
        when = moment(at)
        check_new_date(new_date, when.today)
        first = row.state == OrderState.OPEN.value
        SupervisionReply.create(
            order=row,
            staff=staff,
            at=when.at,
            progress=progress,
            delay_reason=delay_reason,
            new_date=new_date,
        )
        if first:
            row.state = OrderState.ANSWERED.value
            row.save()
        order_event(
            "supervision_replied",
            row,
            staff,
            when.at,
            progress=progress,
            delay_reason=delay_reason,
            new_date=new_date.isoformat() if new_date else None,
        )
        return first

"""The events of a supervision order (docs/rules.md §22): on its case when it is on a case,
so that the case's timeline shows it; else on no case, its target named in the data.
Every event names the order by its id and its number as printed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_tui.domain.supervision import TargetKind
from counter_tui.store.events import append_event
from counter_tui.store.models import Staff, SupervisionOrder


def _target(order: SupervisionOrder) -> dict[str, Any]:
    if order.case_id is not None:
        return {}
    if order.bundle_case_id is not None:
        return {TargetKind.BUNDLE_CASE.value: order.bundle_case_id}
    return {TargetKind.KEY_PROJECT.value: order.key_project_id}


def order_event(
    kind: str, order: SupervisionOrder, staff: Staff, at: datetime, **data: Any
) -> None:
    """Append the event ``kind`` of ``order``; call inside the change's write transaction."""
    named = {"order": order.id, "document": order.number, **_target(order)}
    case = order.case if order.case_id is not None else None
    append_event(kind, case=case, staff=staff, data={**named, **data}, at=at)

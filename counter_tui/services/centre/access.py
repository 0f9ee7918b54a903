"""Reading the access events (docs/architecture.md §3.7) for `counter-tui audit access`: who
saw, printed, exported or backed up personal data, when, and which cases."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from peewee import JOIN

from counter_tui.domain.errors import N_
from counter_tui.services.cases.access import ACCESS_EVENT
from counter_tui.services.clock import centre_timezone, day_start, to_local
from counter_tui.services.errors import ServiceError
from counter_tui.store.models import Event, Staff


@dataclass(frozen=True)
class AccessLine:
    event_id: int
    at: datetime  # local
    staff_code: str | None  # None for the command line
    staff_name: str | None
    act: str  # an Act value
    what: str  # a document kind, applicant, register, overdue_report, database
    count: int  # cases touched
    cases: tuple[str, ...]  # their numbers, when few
    documents: tuple[str, ...] = ()
    file: str = ""
    selection: dict[str, Any] = field(default_factory=dict)  # the period or filter

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["at"] = self.at.isoformat(timespec="seconds")
        out["cases"], out["documents"] = list(self.cases), list(self.documents)
        return out


def access_lines(
    date_from: date | None = None, date_to: date | None = None, staff_code: str | None = None
) -> list[AccessLine]:
    """The access events from ``date_from`` to ``date_to`` (local days, both included;
    either open), of one staff member when ``staff_code`` is given, oldest first."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ServiceError(
            "access.period",
            N_("The period starts on {start}, after it ends on {end}"),
            start=date_from.isoformat(),
            end=date_to.isoformat(),
        )
    zone = centre_timezone()
    query = (
        Event.select(Event, Staff)
        .join(Staff, JOIN.LEFT_OUTER, on=(Event.staff == Staff.id))
        .where(Event.kind == ACCESS_EVENT)
    )
    if staff_code is not None:
        staff = Staff.get_or_none(Staff.code == staff_code.strip())
        if staff is None:
            raise ServiceError(
                "access.staff", N_("No staff member with the code {code}"), code=staff_code
            )
        query = query.where(Event.staff == staff.id)
    if date_from is not None:
        query = query.where(Event.at >= day_start(date_from, zone))
    if date_to is not None:
        query = query.where(Event.at < day_start(date_to + timedelta(days=1), zone))
    return [_line(event, zone) for event in query.order_by(Event.id)]


def _line(event: Event, zone: Any) -> AccessLine:
    data = json.loads(event.data)
    staff = event.staff if event.staff_id is not None else None
    return AccessLine(
        event_id=event.id,
        at=to_local(event.at, zone),
        staff_code=staff.code if staff is not None else None,
        staff_name=staff.name if staff is not None else None,
        act=data.get("act", ""),
        what=data.get("what", ""),
        count=data.get("count", 0),
        cases=tuple(data.get("cases", ())),
        documents=tuple(data.get("documents", ())),
        file=data.get("file", ""),
        selection=data.get("selection", {}),
    )

"""Access events (docs/architecture.md §3.7): who saw an applicant's whole ID number, printed
a document, exported cases or took a backup, appended to the event chain like any change.

One event per act, however many cases it touched: an export of ten thousand cases names
them by count and by the period or filter that chose them, and lists their numbers only
when they are few (``NAMED_CASES``). The event names no case in its ``case`` column: a
case's timeline is the work done on it, and an export has many.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from counter_tui.domain.applicant import Applicant
from counter_tui.domain.errors import N_
from counter_tui.domain.identifiers import shown_id
from counter_tui.services.auth import StaffSession, active_staff, check_session
from counter_tui.services.cases.documents import IssuedDocument
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import database_proxy

ACCESS_EVENT = "personal_data_accessed"
NAMED_CASES = 50  # more cases are named by their count and what chose them


class Act(StrEnum):
    ID_SHOWN = "id_shown"  # an applicant's or agent's whole ID number on the screen
    PRINTED = "printed"  # a document printed or reprinted
    EXPORTED = "exported"  # cases written out to a file or to standard output
    BACKED_UP = "backed_up"  # the whole database copied


ACT_LABELS = {
    Act.ID_SHOWN: N_("whole ID number shown"),
    Act.PRINTED: N_("printed"),
    Act.EXPORTED: N_("exported"),
    Act.BACKED_UP: N_("backed up"),
}
# What an act touched, besides a document's kind (whose title names it).
WHAT_LABELS = {
    "applicant": N_("the applicant's ID numbers"),
    "documents": N_("the case's documents"),
    "case": N_("the case's detail"),
    "register": N_("case register"),
    "overdue_report": N_("overdue report"),
    "database": N_("the whole database"),
}

# The first line of a CSV or text export, and the subject of a workbook, a PDF or a
# backup's manifest that holds applicants' data.
PERSONAL_DATA_NOTICE = N_(
    "Contains personal data (personal information of applicants): for official use only; "
    "keep it safe and delete it when no longer needed"
)


def record_access(
    session: StaffSession | None,
    act: Act,
    what: str,
    *,
    cases: Sequence[str] = (),
    count: int | None = None,
    documents: Sequence[str] = (),
    file: str = "",
    selection: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Append one access event in its own write transaction, before the data goes out:
    when it cannot be recorded nothing is shown, printed or written. ``session`` is None
    for the command line, whose events name no staff member. ``what``: the data (a
    document kind, ``applicant``, ``case``, ``documents``, ``register``, ``overdue_report``,
    ``database``);
    ``count``: how many cases, when not those of ``cases``; ``selection``: the period or
    filter that chose them."""
    data: dict[str, Any] = {"act": act.value, "what": what, "count": len(cases)}
    if count is not None:
        data["count"] = count
    if cases and len(cases) <= NAMED_CASES:
        data["cases"] = list(cases)
    if documents:
        data["documents"] = list(documents)
    if file:
        data["file"] = file
    if selection:
        data["selection"] = {key: _plain(value) for key, value in selection.items()}
    with write_transaction(database_proxy):
        staff = None
        if session is not None:
            check_session(session)
            staff = active_staff(session)
        append_event(ACCESS_EVENT, staff=staff, data=data, at=at)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def shows_personal_id(applicant: Applicant) -> bool:
    """Whether the applicant holds an ID number that lists mask (a person's, or an
    agent's; an organisation's credit code is public)."""
    return any(
        shown_id(kind, number) != (number or "").strip()
        for kind, number in (
            (applicant.id_type, applicant.id_number),
            (applicant.agent_id_type, applicant.agent_id_number),
        )
    )


def record_printing(session: StaffSession | None, document: IssuedDocument) -> None:
    """A document about to be printed: its case, or the cases a handover sheet lists."""
    if document.case_number:
        cases = [document.case_number]
    else:
        cases = [str(line.get("case")) for line in document.body.get("lines", ())]
    record_access(
        session,
        Act.PRINTED,
        document.kind.value,
        cases=cases,
        documents=[document.number] if document.number else [],
    )

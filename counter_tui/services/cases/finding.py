"""Finding cases: by number, applicant or ID number (the supplement visit, F8) and
the clerk's drafts, as plain frozen summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peewee import SQL, Expression

from counter_tui.domain.identifiers import mask_id
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, check_session, require_role
from counter_tui.store.models import (
    Case,
    Item,
    Staff,
    storable_text,
)

# A case search longer than this matches no case (case_matches).
MAX_QUERY = 1000


@dataclass(frozen=True)
class CaseSummary:
    """A line of a list: drafts, search results, cases waiting for the chief."""

    number: str
    state: CaseState
    item_code: str
    item_name: str
    applicant: str  # name
    applicant_id: str  # masked
    received_on: date | None
    owner: str
    updated_at: datetime


def listing(where: Expression, limit: int) -> list[CaseSummary]:
    """The ``limit`` cases that match ``where``, the latest changed first. The ids come
    first, alone: where an index holds the filtered columns (finding a case on SQLite,
    migration 0004), they are found without reading a row; then the few rows are read,
    with only the columns a list shows."""
    latest = (Case.updated_at.desc(), Case.id.desc())
    ids = Case.select(Case.id).where(where).order_by(*latest).limit(limit)
    owner = Staff.alias()
    query = (
        Case.select(
            Case.number,
            Case.state,
            Item.code,
            Item.name,
            Case.applicant_name,
            Case.applicant_id_number,
            Case.received_on,
            owner.name,
            Case.updated_at,
        )
        .join(Item)
        .switch(Case)
        .join(owner, on=(Case.owner == owner.id))
        .where(Case.id.in_(ids))
        .order_by(*latest)
        .tuples()
    )
    return [  # received_on, owner and updated_at (``rest``) in the summary's order
        CaseSummary(number, CaseState(state), code, name, applicant, mask_id(id_number), *rest)
        for number, state, code, name, applicant, id_number, *rest in query
    ]


def list_drafts(session: StaffSession, limit: int = 50) -> list[CaseSummary]:
    """The signed-in clerk's drafts, the most recently changed first."""
    check_session(session)
    return listing((Case.owner == session.staff_id) & (Case.state == CaseState.DRAFT.value), limit)


def case_matches(query: str) -> Expression | None:
    """The condition on cases whose number, ID number, applicant or agent name, or the
    applicant's phone holds ``query`` anywhere: "0005", "1203-0005", the last 4 digits of
    an ID, a mobile number (issue 21 item 15); None when nothing was typed."""
    # A NUL would end the LIKE pattern there (SQLite): "\x00…" would match every case.
    # A surrogate cannot be encoded: the store's rule makes it U+FFFD, as in what it keeps.
    text = " ".join(storable_text(query.replace("\x00", " ")).split())
    if not text:
        return None
    if len(text) > MAX_QUERY:
        # SQLite refuses a LIKE pattern over 50,000 bytes; nothing typed at the
        # counter (a field takes 1,000 characters at most) is that long.
        return SQL("1 = 0")
    compact = "".join(text.split()).upper()
    return (
        Case.number.contains(compact)
        | Case.applicant_id_number.contains(compact)
        | Case.agent_id_number.contains(compact)
        | Case.applicant_phone.contains(compact)
        | Case.applicant_name.contains(text)
        | Case.agent_name.contains(text)
    )


def find_cases(session: StaffSession, query: str, limit: int = 20) -> list[CaseSummary]:
    """Cases of the staff member's department (all, for an administrator) that
    ``case_matches(query)``: the applicant back with the supplement says one of them."""
    matches = case_matches(query)
    if matches is None:
        return []
    where = matches & (Case.state != CaseState.WITHDRAWN.value)
    require_role(session, "admin", *INTAKE_ROLES)
    if session.role != "admin":
        where &= Case.department == session.department_id
    return listing(where, limit)


def mine_first(session: StaffSession, numbers: list[str]) -> list[str]:
    """``numbers`` with the cases ``session``'s clerk holds first, each part in its order:
    what the law did to a whole centre's cases at a sign-in is told there with the clerk's
    own in front (tui/app.py::_tell_home)."""
    check_session(session)
    # The clerk's numbers through the owner index, not thousands of numbers in one IN.
    mine = Case.select(Case.number).where(Case.owner == session.staff_id).tuples()
    held = {number for (number,) in mine}
    return [n for n in numbers if n in held] + [n for n in numbers if n not in held]

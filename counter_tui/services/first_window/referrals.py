"""The chief's 一号窗口 (docs/rules.md §20): a clerk refers an open case or an open
consultation to the department's 一号窗口 with a note (转一号窗口); the chief
representative or a deputy takes it there, then decides the case through the usual
decisions (``cases/referred.py`` closes the referral), answers the consultation, or sends
either back to the clerk with a note.

The case keeps its owner while it is referred: the clerk stays responsible for it (a
handover moves it with its referral), and the chief acts on it as an approver. Each
function is one write transaction whose event names who acted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, active_staff, require_role
from counter_tui.services.cases.change import (
    CaseChange,
    case_change,
    check_another_approver,
    locked,
    moment,
)
from counter_tui.services.cases.referred import (
    OPEN_REFERRAL,
    Outcome,
    ReferralState,
    open_referral,
)
from counter_tui.services.cases.text import required_text
from counter_tui.services.clock import to_local
from counter_tui.services.consultations.questions import (
    ConsultationState,
    open_one,
    record_answer,
)
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Case,
    Consultation,
    Department,
    Referral,
    Staff,
    Window,
    database_proxy,
)


@dataclass(frozen=True)
class ReferralLine:
    """One referral as the 一号窗口's list shows it; times are local."""

    id: int
    case_number: str  # "" for a consultation
    consultation_id: int | None
    subject: str  # the case's item, or the question asked
    referred_by: str
    note: str
    referred_at: datetime
    state: ReferralState
    taken_by: str  # "" while waiting


def first_window(department: Department) -> Window:
    """The department's 一号窗口; ServiceError when the administrator has marked none."""
    window = Window.get_or_none((Window.department == department.id) & Window.first_window)
    if window is None:
        raise ServiceError(
            "referral.no_first_window",
            N_("{department} has no 一号窗口: the administrator marks one at the windows (Ctrl+W)"),
            department=department.name,
        )
    return window


def _note(note: str) -> str:
    return required_text(
        note, "referral.note", N_("A referral to the 一号窗口 says what is difficult in a note")
    )


def _reply(note: str) -> str:
    return required_text(
        note, "referral.reply", N_("A referral sent back says why, or what to do, in a note")
    )


def _check_referable(staff: Staff, department: Department) -> None:
    """A 一号窗口 to refer to, and an approver there who is not the one referring: nobody
    takes what they referred themselves (一审一核)."""
    first_window(department)
    check_another_approver(staff, department)


def _open(referral: Referral, department: Department, at: datetime, who: Staff) -> None:
    referral.department, referral.referred_by, referral.referred_at = department, who, at
    referral.state = ReferralState.WAITING.value
    referral.save()


def refer_case(
    session: StaffSession, case_number: str, note: str, *, at: datetime | None = None
) -> int:
    """转一号窗口: a clerk of the case's department refers the open case with a note.
    Returns the referral's id."""
    note = _note(note)
    with case_change(session, case_number, at) as change:
        case = change.case
        if CaseState(case.state) not in OPEN_STATES or case.state == CaseState.DRAFT.value:
            raise ServiceError(
                "referral.case_closed",
                N_("Only an open case that has been received is referred to the 一号窗口"),
            )
        if open_referral(case.id) is not None:
            raise ServiceError("referral.open", N_("This case is with the 一号窗口 already"))
        _check_referable(change.staff, case.department)
        referral = Referral(case=case, note=note)
        _open(referral, case.department, change.when.at, change.staff)
        data = {"referral": referral.id, "note": note}
        append_event("referral_made", case=case, staff=change.staff, data=data, at=change.when.at)
        return int(referral.id)


def _approver(session: StaffSession, referral: Referral) -> Staff:
    """The staff member acting at the 一号窗口 on ``referral``: an approver of its
    department who did not refer it."""
    require_role(session, *APPROVER_ROLES)
    staff = active_staff(session)
    if staff.department_id != referral.department_id:
        raise PermissionDenied(
            "referral.department",
            N_("Only the chief representative or a deputy of {department} acts at its 一号窗口"),
            department=referral.department.name,
        )
    if staff.id == referral.referred_by_id:
        raise PermissionDenied(
            "referral.same_person",
            N_("You referred this yourself: another approver takes it at the 一号窗口"),
        )
    return staff


def _taken(referral: Referral) -> None:
    if referral.state != ReferralState.TAKEN.value:
        raise ServiceError("referral.not_taken", N_("Take the referral at the 一号窗口 first"))


def _take(referral: Referral, staff: Staff, at: datetime, case: Case | None) -> None:
    if referral.state != ReferralState.WAITING.value:
        raise ServiceError(
            "referral.taken",
            N_("This referral was taken already, by {name}"),
            name=referral.taken_by.name if referral.taken_by_id else "—",
        )
    referral.state, referral.taken_by, referral.taken_at = ReferralState.TAKEN.value, staff, at
    referral.save()
    data = {"referral": referral.id}
    if case is None:
        data["consultation"] = referral.consultation_id
    append_event("referral_taken", case=case, staff=staff, data=data, at=at)


def _close(referral: Referral, staff: Staff, at: datetime, outcome: Outcome, reply: str) -> None:
    referral.state, referral.outcome, referral.reply = (
        ReferralState.CLOSED.value,
        outcome.value,
        reply,
    )
    referral.closed_by, referral.closed_at = staff, at
    referral.save()


def _case_referral(change: CaseChange) -> tuple[Referral, Staff]:
    query = Referral.select().where(
        (Referral.case == change.case.id) & Referral.state.in_(OPEN_REFERRAL)
    )
    referral = locked(query).first()
    if referral is None:
        raise ServiceError("referral.none", N_("This case is not with the 一号窗口"))
    return referral, _approver(change.session, referral)


def take_case(session: StaffSession, case_number: str, *, at: datetime | None = None) -> None:
    """The chief representative or a deputy takes the case referred to their 一号窗口
    (一号窗口受理); they then decide it through the usual decisions, or send it back."""
    with case_change(session, case_number, at, chief=True) as change:
        referral, staff = _case_referral(change)
        _take(referral, staff, change.when.at, change.case)


def send_back_case(
    session: StaffSession, case_number: str, note: str, *, at: datetime | None = None
) -> None:
    """The 一号窗口 returns a case it took to the clerk who owns it, with a note (what to
    do next); the referral is closed."""
    note = _reply(note)
    with case_change(session, case_number, at, chief=True) as change:
        referral, staff = _case_referral(change)
        _taken(referral)
        _close(referral, staff, change.when.at, Outcome.SENT_BACK, note)
        data = {"referral": referral.id, "note": note}
        append_event(
            "referral_sent_back", case=change.case, staff=staff, data=data, at=change.when.at
        )


# --- consultations --------------------------------------------------------------------


def refer_consultation(
    session: StaffSession, consultation_id: int, note: str, *, at: datetime | None = None
) -> int:
    """转一号窗口: the clerk who took an open question (or an approver of its department)
    refers it to the department's 一号窗口 with a note; it leaves the clerk's open
    questions until it is answered there or sent back. Returns the referral's id."""
    require_role(session, *INTAKE_ROLES)
    note = _note(note)
    with write_transaction(database_proxy):
        row, staff = open_one(session, consultation_id)
        when = moment(at)
        _check_referable(staff, row.department)
        row.state, row.closed_at = ConsultationState.REFERRED.value, when.at
        row.save()
        referral = Referral(consultation=row, note=note)
        _open(referral, row.department, when.at, staff)
        data = {"referral": referral.id, "consultation": row.id, "note": note}
        append_event("referral_made", staff=staff, data=data, at=when.at)
        return int(referral.id)


def _consultation_referral(
    session: StaffSession, consultation_id: int
) -> tuple[Referral, Consultation, Staff]:
    query = Referral.select().where(
        (Referral.consultation == consultation_id) & Referral.state.in_(OPEN_REFERRAL)
    )
    referral = locked(query).first()
    if referral is None:
        raise ServiceError(
            "referral.none", N_("Consultation {id} is not with the 一号窗口"), id=consultation_id
        )
    staff = _approver(session, referral)
    row = locked(Consultation.select().where(Consultation.id == consultation_id)).first()
    return referral, row, staff


def take_consultation(
    session: StaffSession, consultation_id: int, *, at: datetime | None = None
) -> None:
    """The chief representative or a deputy takes a question referred to their 一号窗口."""
    with write_transaction(database_proxy):
        referral, _row, staff = _consultation_referral(session, consultation_id)
        _take(referral, staff, moment(at).at, None)


@contextmanager
def _closing(
    session: StaffSession, consultation_id: int, at: datetime | None
) -> Iterator[tuple[Referral, Consultation, Staff, datetime]]:
    """The write transaction that closes a consultation's referral the approver took."""
    with write_transaction(database_proxy):
        referral, row, staff = _consultation_referral(session, consultation_id)
        _taken(referral)
        yield referral, row, staff, moment(at).at


def answer_consultation(
    session: StaffSession, consultation_id: int, answer: str, *, at: datetime | None = None
) -> bool:
    """The 一号窗口 answers a question it took, by the rules of a clerk's answer (the
    promise counted from when it was asked). Returns True when it came after the promise."""
    answer = required_text(
        answer, "consultation.answer", N_("An answer records what the visitor was told")
    )
    with _closing(session, consultation_id, at) as (referral, row, staff, when):
        late = record_answer(row, staff, answer, when)
        _close(referral, staff, when, Outcome.ANSWERED, answer)
        data = {"referral": referral.id, "consultation": row.id}
        append_event("referral_answered", staff=staff, data=data, at=when)
        return late


def send_back_consultation(
    session: StaffSession, consultation_id: int, note: str, *, at: datetime | None = None
) -> None:
    """The 一号窗口 returns a question it took to the clerk who owns it, open again, with a
    note; its promise still runs from when it was asked."""
    note = _reply(note)
    with _closing(session, consultation_id, at) as (referral, row, staff, when):
        row.state, row.closed_at = ConsultationState.OPEN.value, None
        row.save()
        _close(referral, staff, when, Outcome.SENT_BACK, note)
        data = {"referral": referral.id, "consultation": row.id, "note": note}
        append_event("referral_sent_back", staff=staff, data=data, at=when)


# --- the 一号窗口's list ----------------------------------------------------------------


def waiting_referrals(session: StaffSession) -> list[ReferralLine]:
    """What waits at, or was taken by, the approver's department's 一号窗口, oldest
    first."""
    require_role(session, *APPROVER_ROLES)
    referrer, taker = Staff.alias(), Staff.alias()
    rows = (
        Referral.select(Referral, Case, Consultation, referrer, taker)
        .join(Case, JOIN.LEFT_OUTER, on=(Referral.case == Case.id))
        .switch(Referral)
        .join(Consultation, JOIN.LEFT_OUTER, on=(Referral.consultation == Consultation.id))
        .switch(Referral)
        .join(referrer, on=(Referral.referred_by == referrer.id))
        .switch(Referral)
        .join(taker, JOIN.LEFT_OUTER, on=(Referral.taken_by == taker.id))
        .where((Referral.department == session.department_id) & Referral.state.in_(OPEN_REFERRAL))
        .order_by(Referral.referred_at, Referral.id)
    )
    return [
        ReferralLine(
            id=row.id,
            case_number=row.case.number if row.case_id else "",
            consultation_id=row.consultation_id,
            subject=row.case.item.name if row.case_id else row.consultation.question,
            referred_by=row.referred_by.name,
            note=row.note,
            referred_at=to_local(row.referred_at),
            state=ReferralState(row.state),
            taken_by=row.taken_by.name if row.taken_by_id else "",
        )
        for row in rows
    ]

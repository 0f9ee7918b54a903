"""Who may do what, checked in the services (docs/architecture.md §3.3): every action tried by each
of seven people, one table per service module. A refusal names its rule and changes nothing;
an allowed person's action goes through, recorded under their name.

The seven people, all acting on cases of 公安:

    ga03       the clerk of 公安 who took the case (its owner)
    ga01       another clerk of 公安, at another window
    gachief    公安's chief representative (首席代表)
    gadeputy   公安's deputy chief representative (副首席代表), at no window
    hb01       a clerk of another department (环保)
    hbchief    that department's chief representative
    admin      the administrator

And each of them once more, signed in with a one-time PIN not yet changed: refused
everything.

The command line's catalog and calendar imports, ``export``, backup, restore and ``window
set`` take no session: they act with the authority of whoever can open the database file
(docs/architecture.md §5), so they have no row here."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import pytest
from case_checks import EXTENDABLE_ITEM, assert_refused, snapshot
from rating_pad import rate_case

from counter_tui.domain.checklist import MaterialMark, MaterialStatus
from counter_tui.domain.errors import DomainError
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases import detail as case_detail
from counter_tui.services.cases import documents as case_documents
from counter_tui.services.cases import finding, home, queue
from counter_tui.services.centre import departments, staff, windows
from counter_tui.services.first_window.referrals import refer_case
from counter_tui.services.handover import handover, staffing
from counter_tui.services.intake import case_view, checklist, decisions, refusals
from counter_tui.services.intake.draft import (
    discard_draft,
    start_draft,
    update_applicant,
)
from counter_tui.services.reports import figures as reports
from counter_tui.services.tracking import approvals, extensions, progress, ratings, suspensions
from counter_tui.store.models import (
    Case,
    CaseMaterial,
    Department,
    Document,
    Event,
    Handover,
    HandoverLine,
    Referral,
    Staff,
    Window,
)

pytestmark = pytest.mark.both_engines


PEOPLE = ("ga03", "ga01", "gachief", "gadeputy", "hb01", "hbchief", "admin")
DEPARTMENT = frozenset({"ga03", "ga01", "gachief", "gadeputy"})
CHIEF = frozenset({"gachief", "gadeputy"})  # the approvers of 公安
FRIDAY = date(2026, 11, 27)  # the demo's day; cases are prepared on it before 15:00
LATER = datetime(2026, 11, 27, 7)  # 15:00 in Shanghai: when the action is tried
DEEMED_DAY = date(2026, 10, 14)  # a case received on 29 September is deemed accepted by now


@dataclass(frozen=True)
class Prep:
    """The case fixtures, for the tables' ``prepare`` functions."""

    draft: Callable[..., str]
    checked: Callable[..., str]
    received: Callable[..., str]
    sign: Callable[[str], StaffSession]
    on: Callable[..., datetime]

    def accepted(self, item: str = "GA-010") -> str:
        number = self.received(item)
        decisions.accept(self.sign("ga03"), number, at=self.on(FRIDAY, 11))
        return number

    def completed(self) -> str:
        number = self.accepted()
        progress.complete(self.sign("ga03"), number, "handed_over", at=self.on(FRIDAY, 12))
        return number


@pytest.fixture
def prep(draft, checked, received, sign, on) -> Prep:
    return Prep(draft, checked, received, sign, on)


def _case_rule(who: str) -> str:
    """The rule a person meets who may not act on a case of 公安."""
    if who == "admin":
        return "auth.role"
    return "intake.department" if who.startswith("hb") else "intake.chief_only"


def _last_actor() -> int | None:
    return Event.select(Event.staff).order_by(Event.id.desc()).get().staff_id


@dataclass(frozen=True)
class CaseAction:
    """``prepare`` brings a case to where ``act`` applies; ``allowed`` may do it, and
    the rest are refused by ``rules`` (default: by department, role or chief)."""

    prepare: Callable[[Prep], str]
    act: Callable[[StaffSession, str], object]
    allowed: frozenset[str] = DEPARTMENT
    rules: Mapping[str, str] = field(default_factory=dict)


def _try_case_action(action: CaseAction, prep: Prep, who: str) -> None:
    number = action.prepare(prep)
    session = prep.sign(who)
    if who not in action.allowed:
        rule = action.rules.get(who, _case_rule(who))
        assert_refused(lambda: action.act(session, number), number, rule)
        return
    before = snapshot(number)
    action.act(session, number)
    assert snapshot(number) != before
    assert _last_actor() == session.staff_id


def _materials(number: str, noticed: bool = False) -> list[int]:
    rows = CaseMaterial.select().join(Case).where(Case.number == number)
    if noticed:
        rows = rows.where(CaseMaterial.on_notice)
    return [row.material_id for row in rows.order_by(CaseMaterial.id)]


# ── intake and checklist ─────────────────────────────────────────────────────

INTAKE = {
    "update_applicant": CaseAction(
        lambda p: p.draft(),
        lambda s, n: update_applicant(s, n, {"phone": "13900001111"}, at=LATER),
    ),
    "discard_draft": CaseAction(lambda p: p.draft(), lambda s, n: discard_draft(s, n, at=LATER)),
    "mark_material": CaseAction(
        lambda p: p.draft(),
        lambda s, n: checklist.mark_material(s, n, _materials(n)[0], "missing", at=LATER),
    ),
    "mark_all_remaining_provided": CaseAction(
        lambda p: p.draft(), lambda s, n: checklist.mark_all_remaining_provided(s, n, at=LATER)
    ),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", sorted(INTAKE))
def test_intake_and_checklist(demo_db: str, prep: Prep, action: str, who: str) -> None:
    _try_case_action(INTAKE[action], prep, who)


# ── decisions at the window ──────────────────────────────────────────────────


def _noticed(prep: Prep) -> str:
    number = prep.received(flaws={2: "missing"})
    decisions.issue_notice(prep.sign("ga03"), number, at=prep.on(FRIDAY, 11))
    return number


def _deemed(prep: Prep) -> str:
    number = prep.received(day=date(2026, 9, 29))
    decisions.deem_accepted_overdue(DEEMED_DAY, at=prep.on(DEEMED_DAY, 9))
    return number


def _supplied(session: StaffSession, number: str) -> object:
    marks = {m: MaterialMark(MaterialStatus.PROVIDED) for m in _materials(number, noticed=True)}
    return decisions.recheck_supplement(session, number, marks, at=LATER)


DECISIONS = {
    "submit": CaseAction(lambda p: p.checked(), lambda s, n: decisions.submit(s, n, at=LATER)),
    "accept": CaseAction(lambda p: p.received(), lambda s, n: decisions.accept(s, n, at=LATER)),
    "complete_on_spot": CaseAction(
        lambda p: p.received("GA-004"), lambda s, n: decisions.complete_on_spot(s, n, at=LATER)
    ),
    "complete_on_spot_for_approval": CaseAction(
        lambda p: p.received("GA-005"), lambda s, n: decisions.complete_on_spot(s, n, at=LATER)
    ),
    "issue_notice": CaseAction(
        lambda p: p.received(flaws={2: "missing"}),
        lambda s, n: decisions.issue_notice(s, n, at=LATER),
    ),
    "recheck_supplement": CaseAction(_noticed, _supplied),
    "issue_acceptance_notice": CaseAction(
        _deemed,
        lambda s, n: decisions.issue_acceptance_notice(s, n, at=datetime(2026, 10, 14, 7)),
    ),
    "refuse": CaseAction(
        lambda p: p.received(),
        lambda s, n: refusals.refuse(s, n, "not_required", details="不符合条件", at=LATER),
    ),
    "cancel_refusal": CaseAction(
        lambda p: _proposed_refusal(p),
        lambda s, n: refusals.cancel_refusal(s, n, at=LATER),
        allowed=frozenset({"ga03"}),
        rules={
            "ga01": "refusal.not_yours",
            "gachief": "refusal.not_yours",
            "gadeputy": "refusal.not_yours",
        },
    ),
}


def _proposed_refusal(prep: Prep) -> str:
    """A refusal ga03 proposed, waiting for the chief's signature (公安's chief signs)."""
    assert Department.get(Department.code == "GA").chief_signs_refusals
    number = prep.received()
    refusals.refuse(
        prep.sign("ga03"), number, "not_required", details="材料存疑", at=prep.on(FRIDAY, 11)
    )
    return number


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", sorted(DECISIONS))
def test_decisions_at_the_window(demo_db: str, prep: Prep, action: str, who: str) -> None:
    _try_case_action(DECISIONS[action], prep, who)


# ── what waits for the chief representative (F7) ─────────────────────────────


def _reviewed(prep: Prep) -> str:
    """一审 done by ga03: a 即办 case under 一审一核 waiting for the chief's 一核."""
    number = prep.received("GA-005")
    decisions.complete_on_spot(prep.sign("ga03"), number, at=prep.on(FRIDAY, 11))
    return number


def _extendable(prep: Prep) -> str:
    return prep.accepted(EXTENDABLE_ITEM)


def _extension_asked(prep: Prep) -> str:
    number = _extendable(prep)
    extensions.request_extension(prep.sign("ga03"), number, 5, "需现场核查", at=prep.on(FRIDAY, 12))
    return number


WAITING = {
    approvals.ApprovalKind.DECISION: _reviewed,
    approvals.ApprovalKind.EXTENSION: _extension_asked,
    approvals.ApprovalKind.REFUSAL: _proposed_refusal,
}
APPROVALS = {
    **{
        f"approve_{kind}": CaseAction(
            prepare, lambda s, n, k=kind: approvals.approve(s, k, n, at=LATER), allowed=CHIEF
        )
        for kind, prepare in WAITING.items()
    },
    **{
        f"reject_{kind}": CaseAction(
            prepare, lambda s, n, k=kind: approvals.reject(s, k, n, "理由", at=LATER), allowed=CHIEF
        )
        for kind, prepare in WAITING.items()
    },
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", sorted(APPROVALS))
def test_approvals(demo_db: str, prep: Prep, action: str, who: str) -> None:
    _try_case_action(APPROVALS[action], prep, who)


# ── an accepted case: review, completion, suspension, extension, rating ─────


def _in_review(prep: Prep) -> str:
    number = prep.accepted()
    progress.forward_review(prep.sign("ga03"), number, at=prep.on(FRIDAY, 12))
    return number


def _suspended(prep: Prep) -> str:
    number = prep.accepted()
    suspensions.suspend(prep.sign("ga03"), number, "hearing", 5, at=prep.on(FRIDAY, 12))
    return number


def _accepted_for_approval(prep: Prep) -> str:
    return prep.accepted("GA-005")


def _rated_poorly(prep: Prep) -> str:
    number = prep.completed()
    rate_case(number, 5, "efficiency", "等太久")  # on window 2's pad (docs/rules.md §11)
    return number


TRACKING = {
    "forward_review": CaseAction(
        Prep.accepted, lambda s, n: progress.forward_review(s, n, at=LATER)
    ),
    "record_review": CaseAction(
        _in_review, lambda s, n: progress.record_review(s, n, "favourable", at=LATER)
    ),
    "request_approval": CaseAction(
        _accepted_for_approval, lambda s, n: progress.request_approval(s, n, at=LATER)
    ),
    "complete": CaseAction(
        Prep.accepted, lambda s, n: progress.complete(s, n, "handed_over", at=LATER)
    ),
    "record_denial": CaseAction(
        Prep.accepted, lambda s, n: progress.record_denial(s, n, "不符合条件", at=LATER)
    ),
    "withdraw": CaseAction(
        Prep.accepted, lambda s, n: progress.withdraw(s, n, "申请人撤回", at=LATER)
    ),
    "suspend": CaseAction(
        Prep.accepted, lambda s, n: suspensions.suspend(s, n, "hearing", 5, at=LATER)
    ),
    "resume": CaseAction(_suspended, lambda s, n: suspensions.resume(s, n, at=LATER)),
    "request_extension": CaseAction(
        _extendable, lambda s, n: extensions.request_extension(s, n, 3, "理由", at=LATER)
    ),
    # Nobody signed in rates (tests/services/test_rating_pad.py); the clerk holding the
    # case and the department's chiefs follow a 差评 up.
    "close_follow_up": CaseAction(
        _rated_poorly,
        lambda s, n: ratings.close_case_follow_up(s, n, "explained", "已回访", at=LATER),
        allowed=frozenset({"ga03", "gachief", "gadeputy"}),
        rules={
            "ga01": "follow_up.not_yours",
            "hb01": "follow_up.not_yours",
            "hbchief": "follow_up.not_yours",
            "admin": "auth.role",
        },
    ),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", sorted(TRACKING))
def test_tracking_an_accepted_case(demo_db: str, prep: Prep, action: str, who: str) -> None:
    _try_case_action(TRACKING[action], prep, who)


# ── reading a case ───────────────────────────────────────────────────────────


def _receipt(number: str) -> str:
    case = Case.get(Case.number == number)
    return Document.get((Document.case == case) & (Document.kind == "receipt")).number


READERS = {
    "case_detail": lambda s, n: case_detail.case_detail(s, n, FRIDAY).number,
    "case_documents": lambda s, n: case_documents.case_documents(s, n)[0].case_number,
    "load_document": lambda s, n: case_documents.load_document(s, _receipt(n)).case_number,
    "load_case": lambda s, n: case_view.load_case(s, n, today=FRIDAY).number,
}
# The intake screens (load_case) are for the department's counter staff; the detail and
# the documents are open to an administrator too.
READ_RULES = {
    "load_case": {
        "hb01": "intake.department",
        "hbchief": "intake.department",
        "admin": "auth.role",
    },
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("reader", sorted(READERS))
def test_reading_a_case(demo_db: str, prep: Prep, reader: str, who: str) -> None:
    number = prep.received()
    rules = READ_RULES.get(
        reader, {"hb01": "document.department", "hbchief": "document.department"}
    )
    if who in rules:
        with pytest.raises(DomainError) as caught:
            READERS[reader](prep.sign(who), number)
        assert caught.value.rule == rules[who]
    else:
        assert READERS[reader](prep.sign(who), number) == number


# The chief representative's lists (F7) and the follow-ups of poor ratings: who may open
# them, and whose cases they show. ``prepare`` leaves one case of ga03's in the list.
LISTS = {
    "waiting_approvals": (
        _extension_asked,
        lambda s: [w.case_number for w in approvals.waiting_approvals(s, FRIDAY)],
    ),
    "pending_extensions": (
        _extension_asked,
        lambda s: [e.case_number for e in extensions.pending_extensions(s, FRIDAY)],
    ),
    "pending_approvals": (_reviewed, lambda s: [c.number for c in decisions.pending_approvals(s)]),
    "pending_refusals": (
        _proposed_refusal,
        lambda s: [r.case_number for r in refusals.pending_refusals(s)],
    ),
    "open_follow_ups": (
        _rated_poorly,
        lambda s: [f.case_number for f in ratings.open_follow_ups(s)],
    ),
}
# Who sees the prepared case (True), opens the list without it (False), or is refused.
LIST_READERS = {
    "open_follow_ups": {
        "ga03": True,
        "ga01": False,
        "gachief": True,
        "gadeputy": True,
        "hb01": False,
        "hbchief": False,
    },
}
CHIEFS = {"gachief": True, "gadeputy": True, "hbchief": False}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("name", sorted(LISTS))
def test_who_opens_which_list(demo_db: str, prep: Prep, name: str, who: str) -> None:
    prepare, listed = LISTS[name]
    number = prepare(prep)
    sees = LIST_READERS.get(name, CHIEFS).get(who)
    if sees is None:
        with pytest.raises(DomainError) as caught:
            listed(prep.sign(who))
        assert caught.value.rule == "auth.role"
    else:
        assert (number in listed(prep.sign(who))) is sees


# ── handover, absences and windows ───────────────────────────────────────────


def world() -> tuple:
    """What the staff actions may change: handovers, staff, windows, cases, the log."""
    tables = (Handover, HandoverLine, Department, Staff, Window, Case)
    rows = tuple(
        tuple(tuple(row.values()) for row in model.select().order_by(model.id).dicts())
        for model in tables
    )
    return (*rows, Event.select().count())


@dataclass(frozen=True)
class StaffAction:
    """Like ``CaseAction``, but the subject is a handover (its id) or nothing; every
    refused person's rule is in ``rules``."""

    prepare: Callable[[Prep], int | None]
    act: Callable[[StaffSession, int | None], object]
    rules: Mapping[str, str]


# Who each person hands their work to: a colleague of their own department at work.
RECEIVERS = {
    "ga03": "ga04", "ga01": "ga02", "gachief": "ga05", "gadeputy": "ga05",
    "hb01": "hb02", "hbchief": "hb03", "admin": "ga04",
}  # fmt: skip


def _handover(giver: str, receiver: str) -> Callable[[Prep], int]:
    def prepare(prep: Prep) -> int:
        mine = prep.received(clerk=giver)
        notes = {mine: "申请人下周一来补正"}
        return handover.start_handover(
            prep.sign(giver), receiver, notes, "下午外出", at=prep.on(FRIDAY, 12)
        )

    return prepare


def _everyone_but(allowed: set[str], rule: str, **others: str) -> dict[str, str]:
    return {who: others.get(who, rule) for who in PEOPLE if who not in allowed}


STAFF = {
    "start_draft": StaffAction(
        lambda p: None,
        lambda s, _: start_draft(s, "GA-010", at=LATER),
        _everyone_but(DEPARTMENT, "intake.department", admin="auth.role"),
    ),
    "start_handover": StaffAction(
        lambda p: None,
        lambda s, _: handover.start_handover(s, RECEIVERS[s.code], {}, "交接班", at=LATER),
        {"admin": "auth.role"},
    ),
    "confirm_handover": StaffAction(
        _handover("ga04", "ga03"),
        lambda s, h: handover.confirm_handover(s, h, at=LATER),
        _everyone_but({"ga03"}, "handover.receiver_only", admin="auth.role"),
    ),
    "decline_handover": StaffAction(
        _handover("ga04", "ga03"),
        lambda s, h: handover.decline_handover(s, h, "今天不在", at=LATER),
        _everyone_but({"ga03"}, "handover.receiver_only", admin="auth.role"),
    ),
    "cancel_handover": StaffAction(
        _handover("ga03", "ga04"),
        lambda s, h: handover.cancel_handover(s, h, at=LATER),
        _everyone_but({"ga03"}, "handover.giver_only", admin="auth.role"),
    ),
    "set_absence": StaffAction(
        lambda p: None,
        lambda s, _: staffing.set_absence(s, "ga03", "leave", at=LATER),
        _everyone_but({"ga03", "gachief", "gadeputy", "admin"}, "absence.who"),
    ),
    "set_window_clerks": StaffAction(
        lambda p: None,
        lambda s, _: windows.set_window(s, 2, clerk_a="ga04", clerk_b="ga03"),
        _everyone_but({"admin"}, "auth.role"),
    ),
}


# The administrator's changes to the centre (services/centre/): only an administrator.
ADMIN_ONLY = _everyone_but({"admin"}, "auth.role")
ADMINISTRATION = {
    "add_department": lambda s: departments.add_department(s, "SW", "示范市税务局", "税务"),
    "set_department": lambda s: departments.set_department(s, "GA", delegation="示公〔2026〕3号"),
    "add_window": lambda s: windows.add_window(s, 9, "GA", first=True),
    "set_window": lambda s: windows.set_window(s, 1, phone="0571-1234"),
    "add_staff": lambda s: staff.add_staff(s, "ga06", "新人", "clerk", "802461", "GA"),
    "set_staff": lambda s: staff.set_staff(s, "ga01", name="改名"),
    "reset_pin": lambda s: staff.reset_pin(s, "ga01", "802461"),
}
STAFF.update(
    {
        name: StaffAction(lambda p: None, lambda s, _, act=act: act(s), ADMIN_ONLY)
        for name, act in ADMINISTRATION.items()
    }
)


def _newcomer(prep: Prep) -> None:
    """A clerk with no open work, who may be deactivated."""
    staff.add_staff(None, "ga06", "新人", "clerk", "802461", "GA")


def _deactivated(prep: Prep) -> None:
    _newcomer(prep)
    staff.set_active(None, "ga06", False)


def _failed_pins(prep: Prep) -> None:
    Staff.update(failed_attempts=3).where(Staff.code == "ga01").execute()


STAFF["disable_staff"] = StaffAction(
    _newcomer, lambda s, _: staff.set_active(s, "ga06", False), ADMIN_ONLY
)
STAFF["enable_staff"] = StaffAction(
    _deactivated, lambda s, _: staff.set_active(s, "ga06", True), ADMIN_ONLY
)
STAFF["unlock_staff"] = StaffAction(
    _failed_pins, lambda s, _: staff.unlock_staff(s, "ga01"), ADMIN_ONLY
)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", sorted(STAFF))
def test_handover_absences_and_windows(demo_db: str, prep: Prep, action: str, who: str) -> None:
    spec = STAFF[action]
    subject = spec.prepare(prep)
    session = prep.sign(who)
    before = world()
    if who in spec.rules:
        with pytest.raises(DomainError) as caught:
            spec.act(session, subject)
        assert caught.value.rule == spec.rules[who]
        assert world() == before
        return
    spec.act(session, subject)
    assert world() != before
    assert _last_actor() == session.staff_id


# ── what each may see: reports and queues ────────────────────────────────────


def _report_request(name: str) -> dict[str, object]:
    if name == "centre":
        return {"centre": True}
    if name == "GA":
        return {"department_id": Department.get(Department.code == "GA").id}
    return {}


# The scope each person gets (a staff code: their own cases; a department code; or the
# whole centre), by request; a person missing from a request is refused.
REPORT_SCOPES = {
    "own": {
        "ga03": "ga03", "ga01": "ga01", "gachief": "GA", "gadeputy": "GA", "hb01": "hb01",
        "hbchief": "HB", "admin": "centre",
    },
    "centre": {"gachief": "centre", "gadeputy": "centre", "hbchief": "centre", "admin": "centre"},
    "GA": {"gachief": "GA", "gadeputy": "GA", "admin": "GA"},
}  # fmt: skip


def _scope_named(name: str) -> reports.ReportScope:
    if name == "centre":
        return reports.CENTRE
    department = Department.get_or_none(Department.code == name)
    if department is not None:
        return reports.ReportScope(department_id=department.id, label=department.name)
    staff = Staff.get(Staff.code == name)
    return reports.ReportScope(staff_id=staff.id, label=staff.name)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("request_name", sorted(REPORT_SCOPES))
def test_who_sees_which_report(demo_db: str, sign, request_name: str, who: str) -> None:
    call = lambda: reports.report_scope(sign(who), **_report_request(request_name))  # noqa: E731
    expected = REPORT_SCOPES[request_name].get(who)
    if expected is None:
        with pytest.raises(DomainError) as caught:
            call()
        assert caught.value.rule == "report.scope"
    else:
        assert call() == _scope_named(expected)


# The queue scopes each person may ask for; the rest are refused with these rules.
APPROVER_SCOPES = {"mine", "department", "first_window"}
QUEUE_SCOPES = {
    "ga03": {"mine", "window"}, "ga01": {"mine", "window"}, "gachief": APPROVER_SCOPES,
    "gadeputy": APPROVER_SCOPES, "hb01": {"mine", "window"},
    "hbchief": APPROVER_SCOPES, "admin": {"mine"},
}  # fmt: skip
QUEUE_RULES = {
    "window": "queue.no_window",
    "department": "queue.department",
    "first_window": "queue.first_window",
}


def _queue_cases(session: StaffSession, scope: str) -> set[str]:
    where = {
        "mine": Case.owner == session.staff_id,
        "window": Case.window == session.window_id,
        "department": Case.department == session.department_id,
        "first_window": Case.id.in_(
            Referral.select(Referral.case).where(
                (Referral.department == session.department_id) & (Referral.state != "closed")
            )
        ),
    }[scope]
    states = sorted(s.value for s in queue.QUEUE_STATES)
    return {c.number for c in Case.select().where(where & Case.state.in_(states))}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("scope", ["mine", "window", "department", "first_window"])
def test_who_sees_which_queue(demo_db: str, sign, received, scope: str, who: str) -> None:
    number = received(clerk="ga03")  # at least one open case of ga03's, at window 2, of 公安
    refer_case(sign("ga03"), number, "请示")  # … referred to its 一号窗口
    session = sign(who)
    assert set(queue.queue_scopes(session)) == QUEUE_SCOPES[who]
    if scope in QUEUE_SCOPES[who]:
        listed = queue.queue(session, FRIDAY, scope=scope, limit=None)
        assert {line.number for line in listed} == _queue_cases(session, scope)
        return
    rule = "auth.role" if (who, scope) == ("admin", "window") else QUEUE_RULES[scope]
    with pytest.raises(DomainError) as caught:
        queue.queue(session, FRIDAY, scope=scope)
    assert caught.value.rule == rule


# ── a one-time PIN not yet changed: refused everything ───────────────────────


def _fresh(prep: Prep, who: str) -> StaffSession:
    """``who``'s session after signing in with a one-time PIN, not yet changed."""
    return replace(prep.sign(who), must_change_pin=True)


CASE_ACTIONS = {**INTAKE, **DECISIONS, **APPROVALS, **TRACKING}


@pytest.mark.parametrize("action", sorted(CASE_ACTIONS))
def test_a_one_time_pin_acts_on_no_case(demo_db: str, prep: Prep, action: str) -> None:
    spec = CASE_ACTIONS[action]
    number = spec.prepare(prep)
    session = _fresh(prep, sorted(spec.allowed)[0])
    assert_refused(lambda: spec.act(session, number), number, "auth.must_change_pin")


@pytest.mark.parametrize("action", sorted(STAFF))
def test_a_one_time_pin_changes_no_staffing(demo_db: str, prep: Prep, action: str) -> None:
    spec = STAFF[action]
    subject = spec.prepare(prep)
    session = _fresh(prep, next(who for who in PEOPLE if who not in spec.rules))
    before = world()
    with pytest.raises(DomainError) as caught:
        spec.act(session, subject)
    assert caught.value.rule == "auth.must_change_pin"
    assert world() == before


FRESH_READS = {
    **{name: ("ga03", prep_read) for name, prep_read in READERS.items()},
    **{name: ("gachief", listed) for name, (_prepare, listed) in LISTS.items()},
    "report_scope": ("gachief", lambda s, n: reports.report_scope(s)),
    "queue_mine": ("ga03", lambda s, n: queue.queue(s, FRIDAY, scope="mine")),
    "queue_window": ("ga03", lambda s, n: queue.queue(s, FRIDAY, scope="window")),
    "queue_department": ("gachief", lambda s, n: queue.queue(s, FRIDAY, scope="department")),
    "home_summary": ("ga03", lambda s, n: home.home_summary(s, FRIDAY)),
    "list_drafts": ("ga03", lambda s, n: finding.list_drafts(s)),
    "find_cases": ("ga03", lambda s, n: finding.find_cases(s, n)),
    "gather_open_work": ("ga03", lambda s, n: handover.gather_open_work(s, FRIDAY)),
    "handover_candidates": ("ga03", lambda s, n: handover.handover_candidates(s)),
    "absence_choices": ("gachief", lambda s, n: handover.absence_choices(s)),
    "pending_handovers_for": ("ga03", lambda s, n: handover.pending_handovers_for(s, FRIDAY)),
    "my_pending_handover": ("ga03", lambda s, n: handover.my_pending_handover(s, FRIDAY)),
}


@pytest.mark.parametrize("name", sorted(FRESH_READS))
def test_a_one_time_pin_reads_nothing(demo_db: str, prep: Prep, name: str) -> None:
    who, read = FRESH_READS[name]
    number = prep.received()
    session = _fresh(prep, who)
    with pytest.raises(DomainError) as caught:
        read(session, number) if name not in LISTS else read(session)
    assert caught.value.rule == "auth.must_change_pin"

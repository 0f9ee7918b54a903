"""The demo centre: the seed's departments, staff and catalog, and a consistent history."""

from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from counter_tui.domain.deadlines import Light
from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.auth import session_of, sign_in
from counter_tui.services.bundles.progress import open_bundle_cases
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.home import home_summary
from counter_tui.services.cases.queue import QUEUE_STATES
from counter_tui.services.centre.audit import verify_case_rows
from counter_tui.services.centre.setup import init_centre
from counter_tui.services.demo.seed import build_demo, demo_accounts, ensure_demo
from counter_tui.services.errors import ServiceError
from counter_tui.services.profile import centre_name
from counter_tui.services.supervision.reading import my_orders, order_detail, overdue_orders
from counter_tui.store.database import sqlite_path
from counter_tui.store.events import first_broken_event
from counter_tui.store.models import (
    Case,
    CaseMaterial,
    Department,
    Document,
    Event,
    Extension,
    Item,
    Referral,
    Staff,
    SupervisionOrder,
    Window,
)

pytestmark = pytest.mark.both_engines


def test_three_departments_the_office_windows_chiefs_and_an_admin(demo_db: str) -> None:
    """公安, 环保 and 规划 with two windows or more each; the centre's own office (政务)
    with its comprehensive window (综合窗口), window 8, and no 一号窗口."""
    assert {d.short_name for d in Department.select()} == {"公安", "环保", "规划", "政务"}
    comprehensive = Window.select().where(Window.comprehensive)
    assert [(w.number, w.department.code, w.first_window) for w in comprehensive] == [
        (8, "ZW", False)
    ]
    for department in Department.select().where(Department.code != "ZW"):
        assert Window.select().where(Window.department == department).count() >= 2
    for department in Department.select():
        chiefs = Staff.select().where((Staff.department == department) & (Staff.role == "chief"))
        assert chiefs.count() == 1
    assert Staff.select().where(Staff.role == "admin").count() == 1
    for window in Window.select():
        assert window.clerk_a_id != window.clerk_b_id
        assert window.clerk_a.department_id == window.department_id


def test_catalog_has_the_seed_items_with_materials(demo_db: str) -> None:
    items = Item.select().where(Item.current)
    assert items.count() >= 30
    names = {i.name for i in items}
    for must in (
        "枪支省内运输许可证",
        "居民身份证换领",
        "建设工程规划许可证",
        "建设项目竣工环境保护验收",
        "建设用地规划许可证",
    ):
        assert must in names
    assert all(i.materials.count() >= 1 for i in items)
    assert items.where(Item.window_decides).count() >= 3
    assert items.where(Item.kind == "immediate").count() >= 1


def test_history_covers_every_state(demo_db: str) -> None:
    states = Counter(c.state for c in Case.select().where(Case.bundle_case.is_null()))
    assert set(states) == {s.value for s in CaseState}
    assert sum(states.values()) == 60  # and the bundle cases' (test_the_demo_has_bundle_cases)


def test_history_is_consistent(demo_db: str, demo_today: date) -> None:
    calendar = load_calendar()
    for case in Case.select():
        if case.received_on:
            assert calendar.is_workday(case.received_on)
            assert case.received_on <= demo_today
        if case.accepted_on:
            assert case.accepted_on >= case.received_on
        assert case.owner.department_id == case.department_id
        assert case.item.department_id == case.department_id
    assert first_broken_event() is None
    submitted = Case.select().where(Case.state != CaseState.DRAFT.value)
    receipts = Document.select().where(Document.kind == "receipt")
    # One receipt a case, but one for all the cases of a bundle case (docs/rules.md §21).
    alone = submitted.where(Case.bundle_case.is_null()).count()
    assert receipts.where(Document.case.is_null(False)).count() == alone
    bundled = submitted.where(Case.bundle_case.is_null(False)).select(Case.bundle_case)
    assert receipts.where(Document.bundle_case.is_null(False)).count() == len(
        {case.bundle_case_id for case in bundled}
    )
    assert Event.select().where(Event.kind == "submit").count() == submitted.count()


def test_every_demo_account_signs_in(demo_db: str, demo_today: date) -> None:
    accounts = demo_accounts()
    assert len(accounts) == Staff.select().count()
    clerk = next(a for a in accounts if a.role == "clerk")
    session = sign_in(clerk.code, clerk.pin)
    summary = home_summary(session, demo_today)
    assert summary.window_number is not None
    assert summary.staff_name == clerk.name
    owned = Case.select().where(Case.owner == session.staff_id)
    # Open cases, drafts aside (they are in the drafts list, not the queue).
    assert summary.open_count == sum(1 for c in owned if CaseState(c.state) in QUEUE_STATES)


def test_demo_accounts_are_empty_outside_a_demo(empty_db: str) -> None:
    assert demo_accounts() == []


def test_the_demo_is_built_on_first_use_only_and_says_so_first(tmp_path) -> None:
    said: list[str] = []
    url = str(tmp_path / "demo.db")
    assert ensure_demo(url, lambda: said.append("building")) is True
    assert said == ["building"] and Case.select().count() > 0
    assert ensure_demo(url, lambda: said.append("again")) is False
    assert said == ["building"]


def test_a_deferred_material_is_promised_by_the_expected_decision(tmp_path) -> None:
    # Built on 2026-12-05 the history accepts an item counted in natural days (HB-009,
    # promised in 5) with a material deferred: promised 5 working days on, it came after
    # the expected decision, and the demo could not be built that day.
    build_demo(str(tmp_path / "demo.db"), cases=60, today=date(2026, 12, 5))
    deferred = CaseMaterial.select().where(CaseMaterial.deferred_until.is_null(False))
    assert deferred.count() > 0
    assert verify_case_rows().found == 0


def test_demo_is_never_built_over_a_real_centre(empty_db: str) -> None:
    init_centre("真实中心", "admin", "管理员", "2468")
    for build in (ensure_demo, build_demo):
        with pytest.raises(ServiceError) as error:
            build(empty_db)
        assert error.value.rule == "demo.not_demo"
    assert centre_name() == "真实中心"
    assert Staff.select().count() == 1


def test_rebuilding_the_demo_starts_afresh(demo_db: str, demo_today: date) -> None:
    if sqlite_path(demo_db) is None:
        # A server database is not a file to delete: the demo there is rebuilt by hand.
        with pytest.raises(ServiceError) as refused:
            build_demo(demo_db, cases=12, today=demo_today)
        assert refused.value.rule == "demo.rebuild"
        return
    build_demo(demo_db, cases=12, today=demo_today)
    assert Case.select().where(Case.bundle_case.is_null()).count() == 12  # and the bundles'
    assert Department.select().count() == 4
    assert first_broken_event() is None


@pytest.mark.parametrize("local_hour", [10, 7])  # built during the day; before opening
def test_the_history_ends_when_the_demo_is_built(tmp_path, local_hour: int) -> None:
    # Issue 20 item 5: built at 10:00 (or 07:00) local, today's steps fall before then,
    # none after; the day's work is still there, fitted into the hours gone by.
    now = datetime(2026, 12, 3) + timedelta(hours=local_hour - 8)  # UTC; Asia/Shanghai is +8
    build_demo(str(tmp_path / "demo.db"), cases=30, today=date(2026, 12, 3), now=now)
    steps = Event.select(Event.at).where(Event.case.is_null(False))
    assert max(step.at for step in steps) <= now
    today_from = datetime(2026, 12, 3, 0) - timedelta(hours=8)
    assert steps.where(Event.at >= today_from).count() > 0
    assert first_broken_event() is None


def test_demo_items_are_ranked_by_their_use(demo_db: str) -> None:
    for item in Item.select().where(Item.current):
        assert item.use_count == Case.select().where(Case.item == item).count()


def test_a_demo_case_awaiting_supplement_can_be_supplemented(
    demo_db: str, demo_today: date
) -> None:
    """The demo's notices are real notices: their items can be re-checked and accepted."""
    from datetime import datetime

    from counter_tui.domain.checklist import MaterialMark, MaterialStatus
    from counter_tui.services.auth import StaffSession
    from counter_tui.services.intake.decisions import recheck_supplement
    from counter_tui.store.models import CaseMaterial

    case = Case.get(Case.state == CaseState.AWAITING_SUPPLEMENT.value)
    owner = case.owner
    session = StaffSession(
        owner.id, owner.code, owner.name, owner.role, owner.department_id, case.window_id
    )
    on_notice = CaseMaterial.select().where((CaseMaterial.case == case) & CaseMaterial.on_notice)
    assert on_notice.count() >= 1
    marks = {row.material_id: MaterialMark(MaterialStatus.PROVIDED) for row in on_notice}
    result = recheck_supplement(session, case.number, marks, at=datetime(2026, 11, 27, 2, 0))
    assert result.accepted
    assert Case.get_by_id(case.id).state == CaseState.ACCEPTED.value
    assert Case.get_by_id(case.id).accepted_on == demo_today


def test_the_demo_has_every_kind_of_decision_document(demo_db: str) -> None:
    # Issue 19: a refusal, a grant and a denial, an extension, a suspension and its
    # resumption, and a 容缺 acceptance, for reprints and the legal office's checks:
    # every kind of a case's documents (a handover sheet belongs to no case).
    kinds = {kind for (kind,) in Document.select(Document.kind).distinct().tuples()}
    assert kinds == set(DocumentKind) - {DocumentKind.HANDOVER_SHEET}
    # Extended only where Art. 42 applies: never 居住证 nor an 环评 (their own laws' limits).
    extended = Item.select(Item.code, Item.extendable).join(Case).join(Extension).tuples()
    assert extended and all(extendable for _code, extendable in extended)
    deferred = CaseMaterial.select(CaseMaterial.case).where(CaseMaterial.status == "deferred")
    accepted = Case.select().where(Case.id.in_(deferred) & Case.accepted_on.is_null(False))
    assert accepted.exists()


def test_the_demo_has_referrals_to_the_first_window(demo_db: str) -> None:
    """公安's 一号窗口 (docs/rules.md §20): one waiting, one taken, one decided, one sent back."""
    rows = Referral.select().where(Referral.department == Department.get(code="GA").id)
    kinds = sorted((r.state, r.outcome, r.taken_by.code if r.taken_by_id else "") for r in rows)
    assert kinds == [
        ("closed", "decided", "gadeputy"),
        ("closed", "sent_back", "gachief"),
        ("taken", "", "gachief"),
        ("waiting", "", ""),
    ]


def test_the_demo_has_supervision_orders(demo_db: str, demo_today: date) -> None:
    """规划's chief ordered progress on two of its clerks' cases (docs/rules.md §22): one
    answered in time, one past its reply-by day without a reply, red on the clerk's home."""
    orders = list(SupervisionOrder.select().order_by(SupervisionOrder.id))
    assert [(o.issued_by.code, o.owner.role, o.state) for o in orders] == [
        ("ghchief", "clerk", "answered"),
        ("ghchief", "clerk", "open"),
    ]
    assert all(o.case.owner_id == o.owner_id for o in orders)
    session = session_of(orders[1].owner)
    noon = datetime(demo_today.year, demo_today.month, demo_today.day, 4)  # 12:00 local
    lights = {line.number: line.light for line in my_orders(session, noon)}
    assert lights[orders[1].number] is Light.RED
    assert [line.number for line in overdue_orders(demo_today)] == [orders[1].number]
    assert order_detail(orders[0].number).in_time is True


def test_the_demo_has_bundle_cases(demo_db: str, demo_today: date) -> None:
    """At the comprehensive window 8: the 开工 bundle under its combined notice, the 三案同审
    accepted with one case decided, both serving the key project, their rows as their
    events say."""
    clerk = Staff.get(Staff.code == "zw01")
    taken = {view.bundle_code: view for view in open_bundle_cases(session_of(clerk), demo_today)}
    assert set(taken) == {"YJS-001", "YJS-002"}
    opening, schemes = taken["YJS-001"], taken["YJS-002"]
    assert {line.state for line in opening.cases} == {CaseState.AWAITING_SUPPLEMENT}
    assert [line.state for line in schemes.cases].count(CaseState.COMPLETED) == 1
    assert {line.state for line in schemes.cases} == {CaseState.ACCEPTED, CaseState.COMPLETED}
    assert schemes.light is not None and not schemes.complete
    linked = Case.select().where(Case.bundle_case.is_null(False) & Case.key_project.is_null())
    assert not linked.exists()
    assert verify_case_rows().found == 0

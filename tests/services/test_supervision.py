"""Supervision orders (督办, docs/rules.md §22): issued by a chief representative on their
department's work or by an administrator on any, answered within working days by whoever
holds the work, closed by whoever issued them; on cases, bundle cases and key projects;
their lights, the overdue ones of a day, hostile text and every refusal."""

from datetime import date, timedelta

import pytest
from case_checks import case_of, event_kinds, taken_case
from hostile import HOSTILE_SETTINGS, as_typed, assert_refused, hostile_text, undone
from hypothesis import example, given

from counter_tui.documents.overdue import overdue_html, overdue_text
from counter_tui.domain.deadlines import Light
from counter_tui.domain.errors import DomainError
from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.numbering import supervision_number
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.handover.handover import confirm_handover, start_handover
from counter_tui.services.intake.draft import start_draft
from counter_tui.services.reports.figures import centre_report, report_scope
from counter_tui.services.reports.overdue import overdue_report
from counter_tui.services.supervision.issuing import close_order, issue_order
from counter_tui.services.supervision.reading import (
    active_orders,
    my_orders,
    order_detail,
    orders_issued_by,
    overdue_orders,
)
from counter_tui.services.supervision.replies import reply
from counter_tui.services.supervision.targets import Target
from counter_tui.services.tracking import progress
from counter_tui.store.events import event_data
from counter_tui.store.models import (
    Bundle,
    BundleCase,
    Case,
    Event,
    KeyProject,
    Staff,
    SupervisionOrder,
    SupervisionReply,
)

pytestmark = pytest.mark.both_engines

FRIDAY = date(2026, 11, 27)  # the demo's day; 3 working days later is Wednesday 2 December
WEDNESDAY = date(2026, 12, 2)


def _issue(sign, on, number: str, by: str = "gachief", days: int = 3, day: date = FRIDAY) -> str:
    return issue_order(
        sign(by), Target.case(number), "群众反映办理缓慢", "三个工作日内办结并回复", days, on(day)
    )


def test_an_order_is_issued_answered_and_closed(demo_db: str, sign, on) -> None:
    number = taken_case("ga01", at=on(FRIDAY, 9))
    before = SupervisionOrder.select().count()
    ident = _issue(sign, on, number)
    assert ident == supervision_number(2026, before + 1)
    order = SupervisionOrder.get(SupervisionOrder.number == ident)
    assert (order.case.number, order.owner.code, order.issued_by.code) == (
        number,
        "ga01",
        "gachief",
    )
    assert (order.state, order.reply_days, order.reply_by) == ("open", 3, WEDNESDAY)
    [line] = [line for line in my_orders(sign("ga01"), on(FRIDAY, 11)) if line.number == ident]
    assert (line.light, line.target_label, line.holder, line.department) == (
        Light.GREEN,
        number,
        "张敏",
        "示范市公安局",
    )

    assert reply(sign("ga01"), ident, " 已联系申请人补充说明 ", at=on(WEDNESDAY, 15)) is True
    assert SupervisionOrder.get_by_id(order.id).state == "answered"
    assert reply(sign("ga01"), ident, "已办结", at=on(WEDNESDAY, 16)) is False
    detail = order_detail(ident, sign("gachief"), WEDNESDAY)
    assert [r.progress for r in detail.replies] == ["已联系申请人补充说明", "已办结"]
    assert detail.in_time is True and detail.line.light is None

    close_order(sign("gachief"), ident, at=on(WEDNESDAY, 17))
    closed = order_detail(ident, today=WEDNESDAY)
    assert (closed.line.state.value, closed.closed_by, closed.close_note) == (
        "closed",
        "赵建国",
        "",
    )
    assert ident not in [line.number for line in my_orders(sign("ga01"), on(WEDNESDAY, 18))]
    assert ident in [line.number for line in orders_issued_by(sign("gachief"), on(WEDNESDAY))]
    kinds = event_kinds(number)
    assert kinds[-4:] == [
        "supervision_issued",
        "supervision_replied",
        "supervision_replied",
        "supervision_closed",
    ]
    timeline = case_detail(sign("ga01"), number, WEDNESDAY).timeline
    issued = next(entry for entry in timeline if entry.kind == "supervision_issued")
    assert issued.data["document"] == ident and issued.data["owner"] == "张敏"
    assert (issued.data["due"], issued.data["days"]) == ("2026-12-02", 3)


def test_the_light_turns_yellow_on_the_reply_by_day_and_red_after(demo_db: str, sign, on) -> None:
    number = taken_case("ga01", at=on(FRIDAY, 9))
    ident = _issue(sign, on, number)

    def light(day: date) -> Light | None:
        lines = my_orders(sign("ga01"), on(day, 12))
        return next(line.light for line in lines if line.number == ident)

    saturday = date(2026, 11, 28)
    assert [light(d) for d in (saturday, date(2026, 12, 1), WEDNESDAY)] == [
        Light.GREEN,
        Light.GREEN,
        Light.YELLOW,
    ]
    assert light(date(2026, 12, 3)) is Light.RED
    assert ident in [line.number for line in overdue_orders(date(2026, 12, 3))]
    assert ident not in [line.number for line in overdue_orders(WEDNESDAY)]
    late = [line for line in active_orders(date(2026, 12, 4)) if line.number == ident]
    assert (late[0].light, late[0].days_late) == (Light.RED, 2)


def test_reply_days_count_working_days_after_the_day_of_issue(demo_db: str, sign, on) -> None:
    """Issued on 30 September, 2 working days reach past the National Day holiday."""
    eve = date(2026, 9, 30)
    number = taken_case("ga01", at=on(eve, 9))
    ident = _issue(sign, on, number, days=2, day=eve)
    expected = load_calendar().add_workdays(eve, 2)
    assert expected > date(2026, 10, 7)
    assert SupervisionOrder.get(SupervisionOrder.number == ident).reply_by == expected


@pytest.mark.parametrize("days", [0, 31, -1, "abc", "", True, 2.5, None, "3天", "٣"])
def test_a_reply_by_period_outside_1_to_30_working_days_is_refused(
    demo_db: str, sign, on, days
) -> None:
    number = taken_case("ga01", at=on(FRIDAY, 9))
    assert_refused(lambda: _issue(sign, on, number, days=days), "supervision.reply_days")


def test_a_period_typed_as_text_is_read(demo_db: str, sign, on) -> None:
    number = taken_case("ga01", at=on(FRIDAY, 9))
    ident = _issue(sign, on, number, days=" 30 ")  # type: ignore[arg-type]
    assert SupervisionOrder.get(SupervisionOrder.number == ident).reply_days == 30


def test_reason_and_expected_are_required(demo_db: str, sign, on) -> None:
    number = taken_case("ga01", at=on(FRIDAY, 9))
    target = Target.case(number)
    assert_refused(
        lambda: issue_order(sign("gachief"), target, " \t", "回复", 3), "supervision.reason"
    )
    assert_refused(
        lambda: issue_order(sign("gachief"), target, "原因", "\x00 ", 3), "supervision.expected"
    )


def test_who_may_issue(demo_db: str, sign, on) -> None:
    number = taken_case("ga01", at=on(FRIDAY, 9))
    for clerk_or_deputy in ("ga02", "gadeputy"):
        assert_refused(lambda code=clerk_or_deputy: _issue(sign, on, number, by=code), "auth.role")
    assert_refused(lambda: _issue(sign, on, number, by="hbchief"), "supervision.department")
    # The administrator supervises any department's work.
    ident = _issue(sign, on, number, by="admin")
    assert SupervisionOrder.get(SupervisionOrder.number == ident).issued_by.code == "admin"
    # A chief who holds the case does not order themselves.
    own = taken_case("gachief", at=on(FRIDAY, 9))
    assert_refused(lambda: _issue(sign, on, own), "supervision.own")
    # A chief demoted since signing in issues no more.
    session = sign("gachief")
    Staff.update(role="clerk").where(Staff.code == "gachief").execute()
    assert_refused(
        lambda: issue_order(session, Target.case(number), "原因", "回复", 3), "auth.role"
    )


def test_no_order_on_finished_work_or_a_draft(demo_db: str, sign, on) -> None:
    done = taken_case("ga01", at=on(FRIDAY, 9))
    progress.withdraw(sign("ga01"), done, "申请人撤回", at=on(FRIDAY, 10))
    assert_refused(lambda: _issue(sign, on, done), "supervision.finished")
    for state in (CaseState.COMPLETED, CaseState.REFUSED, CaseState.DENIED):
        closed = Case.select().where(Case.state == state.value).first()
        chief = Staff.get((Staff.department == closed.department_id) & (Staff.role == "chief"))
        assert_refused(
            lambda c=closed, s=chief: _issue(sign, on, c.number, by=s.code), "supervision.finished"
        )
    draft = start_draft(sign("ga01"), "GA-010", at=on(FRIDAY, 9))
    assert_refused(lambda: _issue(sign, on, draft), "supervision.finished")
    assert_refused(lambda: _issue(sign, on, "GA20991231-9999"), "case.not_found")


def test_the_owner_replies_and_others_are_refused(demo_db: str, sign, on) -> None:
    number = taken_case("ga01", at=on(FRIDAY, 9))
    ident = _issue(sign, on, number)
    for other in ("ga03", "gachief", "hb01"):
        assert_refused(lambda code=other: reply(sign(code), ident, "进展"), "supervision.owner")
    assert_refused(lambda: reply(sign("ga01"), ident, "  "), "supervision.progress")
    assert_refused(
        lambda: reply(sign("ga01"), ident, "进展", "", WEDNESDAY), "supervision.delay_reason"
    )
    assert_refused(
        lambda: reply(
            sign("ga01"), ident, "进展", "等待鉴定", FRIDAY - timedelta(days=1), on(FRIDAY)
        ),
        "supervision.new_date",
    )
    assert_refused(lambda: reply(sign("ga01"), "督办〔1999〕1号", "进展"), "supervision.missing")
    reply(sign("ga01"), ident, "等待鉴定结果", "鉴定机构排期", FRIDAY, on(FRIDAY, 15))
    saved = SupervisionReply.get(SupervisionReply.order == SupervisionOrder.get(number=ident).id)
    assert (saved.delay_reason, saved.new_date, saved.staff.code) == (
        "鉴定机构排期",
        FRIDAY,
        "ga01",
    )


def test_who_closes_and_when(demo_db: str, sign, on) -> None:
    number = taken_case("ga01", at=on(FRIDAY, 9))
    ident = _issue(sign, on, number)
    for other in ("ga01", "gadeputy", "hbchief"):
        assert_refused(
            lambda code=other: close_order(sign(code), ident, "好"), "supervision.issuer"
        )
    # Still open, it closes only with a note saying why.
    assert_refused(lambda: close_order(sign("gachief"), ident, " "), "supervision.close_note")
    close_order(sign("gachief"), ident, "申请人已撤回，督办事项终止", at=on(FRIDAY, 16))
    order = SupervisionOrder.get(SupervisionOrder.number == ident)
    assert (order.state, order.close_note, order.closed_by.code) == (
        "closed",
        "申请人已撤回，督办事项终止",
        "gachief",
    )
    assert_refused(lambda: close_order(sign("gachief"), ident, "再关"), "supervision.closed")
    assert_refused(lambda: reply(sign("ga01"), ident, "进展"), "supervision.closed")
    # An administrator closes an order a chief issued.
    other = _issue(sign, on, taken_case("ga01", at=on(FRIDAY, 9)))
    reply(sign("ga01"), other, "已办结", at=on(FRIDAY, 15))
    close_order(sign("admin"), other, at=on(FRIDAY, 16))
    assert SupervisionOrder.get(SupervisionOrder.number == other).closed_by.code == "admin"


def test_a_number_is_found_as_typed_on_a_keyboard(demo_db: str, sign, on) -> None:
    ident = _issue(sign, on, taken_case("ga01", at=on(FRIDAY, 9)))
    seq = int(ident.split("〕")[1].rstrip("号"))
    for typed in (f"督办[2026]{seq}号", f" 督办 (2026) {seq} ", f"2026-{seq}", f"2026/{seq}"):
        assert order_detail(typed).line.number == ident
    for wrong in ("督办〔2026〕0号", "0999-1", "", "[red]x[/]"):
        with pytest.raises(DomainError) as refused:
            order_detail(wrong)
        assert refused.value.rule == "supervision.missing"


def test_a_handover_moves_the_order_with_the_case(demo_db: str, sign, on) -> None:
    """The order follows its case to the B clerk, who answers it and sees it at home; the
    A clerk it was addressed to still may; nobody else."""
    number = taken_case("ga01", at=on(FRIDAY, 9))
    ident = _issue(sign, on, number)
    confirm_handover(sign("ga02"), start_handover(sign("ga01"), at=on(FRIDAY, 12)))
    assert case_of(number).owner.code == "ga02"
    [line] = [line for line in my_orders(sign("ga02"), on(FRIDAY, 13)) if line.number == ident]
    assert (line.owner, line.holder) == ("张敏", "李强")
    assert ident in [line.number for line in my_orders(sign("ga01"), on(FRIDAY, 13))]
    assert_refused(lambda: reply(sign("ga03"), ident, "进展"), "supervision.owner")
    reply(sign("ga02"), ident, "B角已接手办理", at=on(FRIDAY, 14))
    reply(sign("ga01"), ident, "A角补充说明", at=on(FRIDAY, 15))
    assert [r.staff for r in order_detail(ident).replies] == ["李强", "张敏"]
    assert [
        line.number
        for line in overdue_orders(date(2026, 12, 3), staff_id=Staff.get(code="ga02").id)
    ] == []


def test_who_reads_an_order(demo_db: str, sign, on) -> None:
    ident = _issue(sign, on, taken_case("ga01", at=on(FRIDAY, 9)))
    for reader in ("ga01", "gachief", "admin"):
        assert order_detail(ident, sign(reader)).line.number == ident
    for stranger in ("ga03", "hbchief", "gadeputy"):
        with pytest.raises(DomainError) as refused:
            order_detail(ident, sign(stranger))
        assert refused.value.rule == "supervision.missing"


# ── bundle cases and key projects, made as rows (their services are not this one's) ──


def _bundle_case(number: str, owner: str, cases: list[str], **values) -> BundleCase:
    bundle = Bundle.create(code=f"B-{number}", name="企业开办一件事")
    row = BundleCase.create(number=number, bundle=bundle, owner=Staff.get(code=owner), **values)
    Case.update(bundle_case=row).where(Case.number.in_(cases)).execute()
    return row


def _project(name: str, liaison: str, cases: list[str], **values) -> KeyProject:
    project = KeyProject.create(
        name=name,
        company="示范市宏远建设有限公司",
        level="市重点",
        liaison=Staff.get(code=liaison),
        created_by=Staff.get(code="admin"),
        **values,
    )
    Case.update(key_project=project).where(Case.number.in_(cases)).execute()
    return project


def test_an_order_on_a_bundle_case_goes_to_its_owner(demo_db: str, sign, on) -> None:
    ga = taken_case("ga01", at=on(FRIDAY, 9))
    hb = taken_case("hb01", item="HB-001", at=on(FRIDAY, 9))
    row = _bundle_case("YJS-0001", "ga03", [ga, hb])
    target = Target.bundle_case(" yjs-0001 ")
    ident = issue_order(sign("hbchief"), target, "一件事超时", "说明进度", 5, on(FRIDAY))
    order = SupervisionOrder.get(SupervisionOrder.number == ident)
    assert (order.bundle_case_id, order.case_id, order.owner.code) == (row.id, None, "ga03")
    event = Event.select().where(Event.kind == "supervision_issued").order_by(Event.id.desc()).get()
    assert event.case_id is None
    assert (event_data(event)["order"], event_data(event)["bundle_case"]) == (order.id, row.id)
    assert_refused(
        lambda: issue_order(sign("ghchief"), target, "原因", "回复", 5), "supervision.department"
    )
    reply(sign("ga03"), ident, "两个事项均在审查中", at=on(FRIDAY, 15))
    [line] = [line for line in my_orders(sign("ga03"), on(FRIDAY, 16)) if line.number == ident]
    assert (line.target.value, line.target_label, line.subject) == (
        "bundle_case",
        "YJS-0001",
        "企业开办一件事",
    )
    replied = Event.select().where(Event.kind == "supervision_replied").order_by(Event.id.desc())
    assert replied.get().case_id is None
    delivered = _bundle_case("YJS-0002", "ga03", [], delivered_on=FRIDAY)
    assert_refused(
        lambda: issue_order(sign("admin"), Target.bundle_case(delivered.number), "原因", "回复", 5),
        "supervision.finished",
    )
    assert_refused(
        lambda: issue_order(sign("admin"), Target.bundle_case("YJS-9999"), "原因", "回复", 5),
        "supervision.no_bundle_case",
    )


def test_an_order_on_a_key_project_goes_to_its_liaison(demo_db: str, sign, on) -> None:
    number = taken_case("gh01", item="GH-001", at=on(FRIDAY, 9))
    project = _project("示范市轨道交通一期", "hb02", [number])
    target = Target.key_project(project.id)
    assert_refused(
        lambda: issue_order(sign("gachief"), target, "原因", "回复", 5), "supervision.department"
    )
    ident = issue_order(sign("ghchief"), target, "项目审批进度滞后", "每周报告进展", 5, on(FRIDAY))
    order = SupervisionOrder.get(SupervisionOrder.number == ident)
    assert (order.key_project_id, order.owner.code) == (project.id, "hb02")
    event = Event.select().where(Event.kind == "supervision_issued").order_by(Event.id.desc()).get()
    assert event.case_id is None and event_data(event)["key_project"] == project.id
    assert ident in [line.number for line in my_orders(sign("hb02"), on(FRIDAY, 12))]
    # A project with no case yet: only an administrator supervises it.
    bare = _project("示范市新区管廊", "gh02", [])
    assert_refused(
        lambda: issue_order(sign("ghchief"), Target.key_project(bare.id), "原因", "回复", 5),
        "supervision.department",
    )
    issue_order(sign("admin"), Target.key_project(bare.id), "尽快启动", "报送计划", 5, on(FRIDAY))
    closed = _project("示范市旧城改造", "gh02", [], closed_on=FRIDAY)
    assert_refused(
        lambda: issue_order(sign("admin"), Target.key_project(closed.id), "原因", "回复", 5),
        "supervision.finished",
    )
    assert_refused(
        lambda: issue_order(sign("admin"), Target.key_project(999999), "原因", "回复", 5),
        "supervision.no_key_project",
    )


def test_an_inactive_liaison_gets_no_order(demo_db: str, sign, on) -> None:
    number = taken_case("gh01", item="GH-001", at=on(FRIDAY, 9))
    project = _project("示范市轨道交通二期", "gh03", [number])
    Staff.update(active=False).where(Staff.code == "gh03").execute()
    assert_refused(
        lambda: issue_order(sign("ghchief"), Target.key_project(project.id), "原因", "回复", 5),
        "supervision.owner_inactive",
    )


def test_the_overdue_orders_of_a_past_day_are_those_open_then(demo_db: str, sign, on) -> None:
    number = taken_case("ga01", at=on(FRIDAY, 9))
    ident = _issue(sign, on, number, days=1)  # reply by Monday 30 November
    reply(sign("ga01"), ident, "已办结", at=on(date(2026, 12, 2), 10))
    tuesday = date(2026, 12, 1)
    [line] = [line for line in overdue_orders(tuesday) if line.number == ident]
    assert (line.days_late, line.light, line.department) == (1, Light.RED, "示范市公安局")
    assert ident not in [line.number for line in overdue_orders(date(2026, 12, 3))]
    hb = Staff.get(code="hb01").department_id
    assert ident not in [line.number for line in overdue_orders(tuesday, department_id=hb)]


@given(text=hostile_text)
@example(text=" \t\x00 ")
@example(text="[red]x[/] \x1b[2J\u202e长")
@HOSTILE_SETTINGS
def test_hostile_text_is_kept_as_typed_or_refused(demo_db: str, sign, on, text: str) -> None:
    """The reason, the expectation, a reply's progress and delay and the closing note keep
    any text as typed — in the row, the events and the detail — or, blank where required,
    are refused by their rule with nothing written."""
    number = taken_case("ga01", at=on(FRIDAY, 9))
    target = Target.case(number)
    with undone():
        if not as_typed(text):
            assert_refused(
                lambda: issue_order(sign("gachief"), target, text, "回复", 3), "supervision.reason"
            )
            return
        ident = issue_order(sign("gachief"), target, text, text, 3, on(FRIDAY, 10))
        assert_refused(
            lambda: close_order(sign("gachief"), ident, "\x00"), "supervision.close_note"
        )
        reply(sign("ga01"), ident, text, text, WEDNESDAY, on(FRIDAY, 11))
        close_order(sign("gachief"), ident, text, on(FRIDAY, 12))
        detail = order_detail(ident)
        kept = as_typed(text)
        assert (detail.line.reason, detail.line.expected, detail.close_note) == (kept,) * 3
        assert (detail.replies[0].progress, detail.replies[0].delay_reason) == (kept, kept)
        events = Event.select().where(Event.case == case_of(number).id).order_by(Event.id)
        said = [event_data(e) for e in events if e.kind.startswith("supervision_")]
        assert [said[0]["reason"], said[1]["progress"], said[2]["note"]] == [kept] * 3


# ── the reports ──────────────────────────────────────────────────────────────

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
REPORT_DAY = date(2026, 11, 27)


def _october_orders(sign, on) -> dict[str, str]:
    """Four orders issued in October: answered in time and closed; answered late; never
    answered (late); and one whose reply-by day has not come by the report's day."""
    ga = [taken_case("ga01", at=on(date(2026, 10, 9))) for _ in range(3)]
    hb = taken_case("hb01", item="HB-001", at=on(date(2026, 10, 9)))
    monday, next_monday = date(2026, 10, 12), date(2026, 10, 19)
    orders = {
        "in_time": _issue(sign, on, ga[0], days=3, day=monday),
        "late": _issue(sign, on, ga[1], days=1, day=monday),
        "silent": _issue(sign, on, hb, by="hbchief", days=2, day=next_monday),
        "waiting": _issue(sign, on, ga[2], days=30, day=date(2026, 10, 30)),
    }
    reply(sign("ga01"), orders["in_time"], "已办结", at=on(date(2026, 10, 14)))
    close_order(sign("gachief"), orders["in_time"], at=on(date(2026, 10, 16)))
    reply(sign("ga01"), orders["late"], "已办结", at=on(date(2026, 10, 20)))
    return orders


def test_the_figures_count_orders_issued_in_time_late_and_closed(demo_db: str, sign, on) -> None:
    _october_orders(sign, on)
    report = centre_report(*OCTOBER, by="department", today=REPORT_DAY)
    total = report.total
    assert (
        total.supervision_issued,
        total.supervision_in_time,
        total.supervision_late,
        total.supervision_closed,
    ) == (4, 1, 2, 1)
    assert total.supervision_in_time_rate == pytest.approx(1 / 3)
    by = {row.key: row.figures for row in report.rows}
    assert (by["GA"].supervision_issued, by["GA"].supervision_late) == (3, 1)
    assert (by["HB"].supervision_issued, by["HB"].supervision_late) == (1, 1)
    data = report.as_dict()["supervision_orders"]
    assert (data["issued"], data["in_time"], data["late"], data["closed"]) == (4, 1, 2, 1)
    assert [(d["key"], d["issued"]) for d in data["by_department"]] == [("GA", 3), ("HB", 1)]
    # A clerk's own figures count the orders addressed to them; a chief's, the department's.
    own = centre_report(*OCTOBER, today=REPORT_DAY, scope=report_scope(sign("ga01"))).total
    assert (own.supervision_issued, own.supervision_closed) == (3, 1)
    hb = centre_report(*OCTOBER, today=REPORT_DAY, scope=report_scope(sign("hbchief"))).total
    assert (hb.supervision_issued, hb.supervision_in_time, hb.supervision_late) == (1, 0, 1)
    # By window or item, an order counts under its case's.
    windows = centre_report(*OCTOBER, by="window", today=REPORT_DAY).rows
    assert sum(row.figures.supervision_issued for row in windows) == 4
    # As of a day before the silent order's reply-by day, it is not late yet.
    early = centre_report(*OCTOBER, today=date(2026, 10, 21)).total
    assert (early.supervision_late, early.supervision_in_time) == (1, 1)


def test_the_overdue_report_lists_the_orders_past_their_reply_by_day(
    demo_db: str, sign, on
) -> None:
    orders = _october_orders(sign, on)
    day = date(2026, 10, 22)  # the late one answered on the 20th; the silent one due the 21st
    report = overdue_report(day)
    assert [line.number for line in report.supervision] == [orders["silent"]]
    [line] = report.supervision
    assert (line.days_late, line.holder, line.department) == (1, "孙静", "示范市生态环境局")
    assert report.as_dict()["supervision_orders"][0]["number"] == orders["silent"]
    text = overdue_text(report)
    assert orders["silent"] in text and "群众反映办理缓慢" in text
    assert orders["silent"] in overdue_html(report)
    on_19th = overdue_report(date(2026, 10, 19))
    assert [line.number for line in on_19th.supervision] == [orders["late"]]
    ga = report_scope(sign("gachief"))
    assert overdue_report(date(2026, 10, 19), ga).supervision == on_19th.supervision
    assert overdue_report(day, ga).supervision == ()

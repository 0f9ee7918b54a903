"""Taking applications, part 3: the decisions at the window, each one transaction with its
event and numbered document, and every rule's refusal leaving the database unchanged."""

import json
from datetime import date

import pytest
from case_checks import EXTENDABLE_ITEM, assert_refused, case_of, event_kinds

from counter_tui.documents.notices import notice_text
from counter_tui.domain.checklist import MaterialMark, MaterialStatus
from counter_tui.domain.errors import TransitionError
from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.checklist import is_overdue_for_notice, overdue_receipts
from counter_tui.services.cases.documents import case_documents, load_document
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.intake import case_view, checklist, decisions, refusals
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event, event_data
from counter_tui.store.models import (
    Case,
    CaseMaterial,
    Document,
    Event,
    Material,
    Setting,
    Staff,
    database_proxy,
)

pytestmark = pytest.mark.both_engines


S = MaterialStatus
MONDAY = date(2026, 11, 30)
SUPPLEMENT_DAY = date(2026, 12, 2)  # three working days after Friday 27 November


def _material(number: str, position: int) -> int:
    case = case_of(number)
    return Material.get((Material.item == case.item) & (Material.position == position)).id


# ── submit and accept ────────────────────────────────────────────────────────


def test_submit_receives_the_case_and_issues_a_receipt(
    demo_db: str, received, sign, demo_today
) -> None:
    number = received()
    case = case_of(number)
    assert case.state == "received" and case.received_on == demo_today
    [receipt] = case_documents(sign("ga03"), number)
    assert receipt.kind is DocumentKind.RECEIPT
    assert receipt.number.startswith("公安收〔2026〕") and receipt.number.endswith("号")
    assert receipt.body["clerk"] == "王丽娟" and receipt.body["window"] == 2
    assert receipt.body["applicant"]["id_number"] == "110105********002X"
    assert event_kinds(number)[-1] == "submit"
    assert event_data(Event.select().order_by(Event.id.desc()).get()) == {
        "document": receipt.number,
        "received": case_of(number).received_on.isoformat(),
    }


def test_submit_refuses_while_a_material_is_unchecked(demo_db: str, draft, sign) -> None:
    number = draft()
    assert_refused(lambda: decisions.submit(sign("ga03"), number), number, "checklist.unchecked")


def test_a_required_material_missing_blocks_acceptance(demo_db: str, received, sign) -> None:
    number = received(flaws={2: "missing"})
    error = assert_refused(
        lambda: decisions.accept(sign("ga03"), number), number, "checklist.blocked"
    )
    assert "本人近期免冠彩色相片" in error.params["materials"]


def test_accept_starts_the_clock_today_with_the_expected_completion_date(
    demo_db: str, received, sign, on, demo_today
) -> None:
    number = received(EXTENDABLE_ITEM)
    document = decisions.accept(sign("ga03"), number, at=on(demo_today, 15))
    case = case_of(number)
    assert case.state == "accepted" and case.accepted_on == demo_today
    body = document.body
    assert document.number.startswith("公安受〔2026〕")
    assert body["basis"] == "direct" and body["accepted_on"] == "2026-11-27"
    assert (body["legal_days"], body["promised_days"]) == (20, 5)
    # 5 working days after Friday 27 November: 30 Nov … 4 Dec; 20: 25 Dec.
    assert body["expected_due"] == "2026-12-04"
    assert body["legal_due"] == "2026-12-25" and body["provisional"] is False
    assert event_kinds(number)[-1] == "accept"


def test_the_residence_permit_counts_natural_days_and_prints_them(
    demo_db: str, received, sign, on, demo_today
) -> None:
    """居住证 is made within 15 days of acceptance (居住证暂行条例 Art. 9), days that are not
    working days: a period that ends on a day off ends on the next working day."""
    number = received("GA-010")
    body = decisions.accept(sign("ga03"), number, at=on(demo_today, 15)).body
    # 7 days after Friday 27 November: Friday 4 December; 15 days: Saturday 12 December,
    # so the period ends on Monday 14 December.
    assert (body["expected_due"], body["legal_due"]) == ("2026-12-04", "2026-12-14")
    assert body["limit_unit"] == "natural"
    text = notice_text(case_documents(sign("ga03"), number)[-1])
    assert "15 日" in text and "7 日" in text and "15 个工作日" not in text


def test_a_natural_day_period_runs_through_the_holidays_it_crosses(
    demo_db: str, received, sign, on
) -> None:
    accepted_on = date(2026, 9, 16)  # a Wednesday
    number = received("GA-010", day=accepted_on)
    body = decisions.accept(sign("ga03"), number, at=on(accepted_on)).body
    # 7 days: Wednesday 23 September. 15 days, Mid-Autumn (25 September) and the weekends
    # counted: Thursday 1 October, National Day; 1–7 October are days off, so 8 October.
    assert (body["expected_due"], body["legal_due"]) == ("2026-09-23", "2026-10-08")


def test_an_acceptance_reaching_into_a_year_without_schedule_is_provisional(
    demo_db: str, received, sign, on
) -> None:
    number = received(EXTENDABLE_ITEM, day=date(2026, 12, 28))
    body = decisions.accept(sign("ga03"), number, at=on(date(2026, 12, 28))).body
    # Five working days: 29, 30, 31 December, 4, 5 January; 元旦 (Friday 1 January) counts
    # as a holiday before 2027's schedule.
    assert body["expected_due"] == "2027-01-05" and body["provisional"] is True


def test_a_deferrable_material_may_be_deferred_with_a_commitment_date(
    demo_db: str, draft, sign, on, demo_today
) -> None:
    number = draft("GA-011", clerk="ga05")
    clerk = sign("ga05")
    deferrable = _material(number, 3)
    checklist.mark_material(
        clerk, number, deferrable, "deferred", deferred_until=date(2026, 12, 10)
    )
    for position in (6, 7, 8):
        checklist.mark_material(clerk, number, _material(number, position), "not_applicable")
    checklist.mark_all_remaining_provided(clerk, number)
    decisions.submit(clerk, number, at=on(demo_today))
    document = decisions.accept(clerk, number, at=on(demo_today))
    assert document.body["deferred"] == [{"name": "设计单位资质证明文件", "until": "2026-12-10"}]
    # After the decision, the deferred material (and only it) can be recorded as supplied.
    checklist.mark_material(clerk, number, deferrable, "provided")
    row = CaseMaterial.get(
        (CaseMaterial.case == case_of(number)) & (CaseMaterial.material == deferrable)
    )
    assert row.status == "provided"
    assert_refused(
        lambda: checklist.mark_material(clerk, number, _material(number, 1), "missing"),
        number,
        "checklist.decided",
    )


@pytest.mark.parametrize(("code", "rule"), [("hb01", "intake.department"), ("admin", "auth.role")])
def test_only_the_departments_staff_decide(
    demo_db: str, received, sign, code: str, rule: str
) -> None:
    number = received()
    for call in (decisions.accept, decisions.issue_notice, decisions.complete_on_spot):
        assert_refused(lambda call=call: call(sign(code), number), number, rule)
    assert_refused(
        lambda: checklist.mark_material(sign(code), number, _material(number, 1), "missing"),
        number,
        rule,
    )


def test_the_b_clerk_may_decide_a_case_the_a_clerk_received(demo_db: str, received, sign) -> None:
    number = received(clerk="ga03")
    document = decisions.accept(sign("ga04"), number)
    assert document.body["clerk"] == "刘洋" and document.body["window"] == 2


# ── the one-time notice and the supplement ───────────────────────────────────


def test_the_notice_lists_every_deficiency_with_what_is_required(
    demo_db: str, received, sign, on, demo_today
) -> None:
    number = received(flaws={2: "missing", 3: "复印件未加盖公章"})
    notice = decisions.issue_notice(sign("ga03"), number, at=on(demo_today))
    items = notice.body["items"]
    assert [(i["name"], i["status"], i["reason"]) for i in items] == [
        ("本人近期免冠彩色相片（或数码相片回执）", "missing", ""),
        ("居住登记凭证", "deficient", "复印件未加盖公章"),
    ]
    assert all(i["standard"] and i["form"] and i["copies"] for i in items)
    # 10 working days by default: 30 Nov … 11 Dec.
    assert notice.body["supplement_days"] == 10
    assert notice.body["supplement_due"] == "2026-12-11"
    assert notice.body["phone"] == "0571-86801002"
    assert case_of(number).state == "awaiting_supplement"
    on_notice = CaseMaterial.select().where(
        (CaseMaterial.case == case_of(number)) & CaseMaterial.on_notice
    )
    assert sorted(r.material.position for r in on_notice) == [2, 3]


def test_the_centre_sets_the_time_to_supplement(demo_db: str, received, sign) -> None:
    Setting.upsert(Setting.key, key="supplement_days", value="5")
    number = received(flaws={2: "missing"})
    assert decisions.issue_notice(sign("ga03"), number).body["supplement_days"] == 5
    other = received(flaws={2: "missing"})
    assert_refused(
        lambda: decisions.issue_notice(sign("ga03"), other, days=0), other, "notice.supplement_days"
    )


def test_a_second_notice_is_refused(demo_db: str, received, sign) -> None:
    number = received(flaws={2: "missing"})
    decisions.issue_notice(sign("ga03"), number)
    assert_refused(lambda: decisions.issue_notice(sign("ga03"), number), number, "notice.once")
    decisions.recheck_supplement(
        sign("ga03"), number, {_material(number, 2): MaterialMark(S.PROVIDED)}
    )
    assert_refused(lambda: decisions.issue_notice(sign("ga03"), number), number, "notice.once")


def test_no_notice_without_a_deficiency_nor_while_unchecked(demo_db: str, received, sign) -> None:
    number = received()
    assert_refused(lambda: decisions.issue_notice(sign("ga03"), number), number, "notice.nothing")


def test_after_the_notice_no_new_deficiency_through_any_entry_point(
    demo_db: str, received, sign
) -> None:
    number = received(flaws={2: "missing"})
    clerk = sign("ga03")
    decisions.issue_notice(clerk, number)
    settled, noticed = _material(number, 1), _material(number, 2)
    for status in ("deficient", "missing", "pending", "provided"):
        assert_refused(
            lambda s=status: checklist.mark_material(clerk, number, settled, s, reason="缺少签字"),
            number,
            "notice.settled",
        )
    assert_refused(
        lambda: checklist.mark_material(clerk, number, noticed, "deficient", reason="已过有效期"),
        number,
        "notice.no_new_deficiency",
    )
    assert_refused(
        lambda: decisions.recheck_supplement(
            clerk, number, {settled: MaterialMark(S.DEFICIENT, reason="与原件不一致")}
        ),
        number,
        "notice.settled",
    )
    assert_refused(
        lambda: decisions.recheck_supplement(
            clerk, number, {noticed: MaterialMark(S.PROVIDED), settled: MaterialMark(S.MISSING)}
        ),
        number,
        "notice.settled",
    )
    assert_refused(lambda: decisions.accept(clerk, number), number, "lifecycle.forbidden")


def test_a_partial_supplement_keeps_the_case_waiting(demo_db: str, received, sign) -> None:
    number = received(flaws={2: "missing", 3: "复印件未加盖公章"})
    clerk = sign("ga03")
    decisions.issue_notice(clerk, number)
    result = decisions.recheck_supplement(
        clerk, number, {_material(number, 2): MaterialMark(S.PROVIDED)}
    )
    assert not result.accepted and result.document is None
    assert result.outstanding == ("居住登记凭证",)
    assert case_of(number).state == "awaiting_supplement"
    assert event_kinds(number)[-2:] == ["supplement_marked", "supplement_checked"]


def test_the_supplement_accepts_that_day_and_the_clock_starts_then(
    demo_db: str, received, sign, on, demo_today
) -> None:
    number = received(flaws={2: "missing"})
    clerk = sign("ga04")
    decisions.issue_notice(sign("ga03"), number, at=on(demo_today))
    checklist.mark_all_remaining_provided(clerk, number, at=on(SUPPLEMENT_DAY))
    result = decisions.recheck_supplement(clerk, number, at=on(SUPPLEMENT_DAY))
    case = case_of(number)
    assert result.accepted and case.state == "accepted"
    assert case.received_on == demo_today and case.accepted_on == SUPPLEMENT_DAY
    body = result.document.body
    assert body["basis"] == "supplement" and body["accepted_on"] == "2026-12-02"
    # 居住证's 7 days from Wednesday 2 December: Wednesday 9 December.
    assert body["expected_due"] == "2026-12-09"
    assert event_kinds(number)[-1] == "supplement"


def test_a_noticed_item_put_back_as_noticed_is_not_a_new_deficiency(
    demo_db: str, received, sign
) -> None:
    number = received(flaws={3: "复印件未加盖公章"})
    clerk = sign("ga03")
    decisions.issue_notice(clerk, number)
    noticed = _material(number, 3)
    checklist.mark_material(clerk, number, noticed, "provided")
    lines = checklist.mark_material(clerk, number, noticed, "deficient")
    [line] = [ln for ln in lines if ln.material_id == noticed]
    assert (line.status, line.reason) == (S.DEFICIENT, "复印件未加盖公章")


# ── deemed acceptance (Art. 32(4)) ───────────────────────────────────────────

RECEIVED_BEFORE_HOLIDAY = date(2026, 9, 29)  # Tuesday before National Day
FIFTH_WORKING_DAY = date(2026, 10, 12)  # 30 Sep, 8 Oct, 9 Oct, Sat 10 Oct (worked), 12 Oct


def test_deemed_accepted_after_exactly_five_working_days_across_a_holiday(
    demo_db: str, received
) -> None:
    number = received(day=RECEIVED_BEFORE_HOLIDAY)
    assert decisions.deem_accepted_overdue(FIFTH_WORKING_DAY) == []
    assert case_of(number).state == "received"
    assert number in decisions.deem_accepted_overdue(date(2026, 10, 13))
    case = case_of(number)
    assert case.state == "accepted" and case.accepted_on == RECEIVED_BEFORE_HOLIDAY
    deemed = Event.get((Event.case == case) & (Event.kind == "deem_accepted"))
    assert deemed.staff is None
    assert event_data(deemed)["notice_period_end"] == "2026-10-12"
    assert decisions.deem_accepted_overdue(date(2026, 10, 13)) == []  # idempotent


def test_the_overdue_query_finds_what_the_rule_says_around_a_holiday(
    demo_db: str, received
) -> None:
    # Received each day around National Day; for each later day, the cases the query
    # returns are exactly those the rule (is_overdue_for_notice) calls overdue.
    days = [date(2026, 9, d) for d in range(24, 31)] + [date(2026, 10, d) for d in range(1, 13)]
    mine = {received(day=day) for day in days if load_calendar().is_workday(day)}
    calendar = load_calendar()
    sizes = []
    for today in [date(2026, 10, d) for d in range(1, 31)]:
        found = Case.select().where(overdue_receipts(calendar, today) & Case.number.in_(mine))
        expected = {
            number for number in mine if is_overdue_for_notice(case_of(number), today, calendar)
        }
        assert {case.number for case in found} == expected, today
        sizes.append(len(expected))
    assert sizes[0] == 0 and sizes[-1] == len(mine)  # none overdue at first, all at the end


def test_a_deemed_case_gets_its_acceptance_notice_once(demo_db: str, received, sign, on) -> None:
    number = received(day=RECEIVED_BEFORE_HOLIDAY)
    clerk = sign("ga03")
    assert_refused(
        lambda: decisions.issue_acceptance_notice(clerk, number), number, "acceptance.not_deemed"
    )
    decisions.deem_accepted_overdue(date(2026, 10, 14))
    document = decisions.issue_acceptance_notice(clerk, number, at=on(date(2026, 10, 14)))
    assert document.body["basis"] == "deemed"
    assert document.body["accepted_on"] == "2026-09-29"
    assert_refused(
        lambda: decisions.issue_acceptance_notice(clerk, number), number, "acceptance.issued"
    )


def test_too_late_for_a_notice_or_a_refusal_once_deemed(demo_db: str, received, sign, on) -> None:
    number = received(day=RECEIVED_BEFORE_HOLIDAY, flaws={2: "missing"})
    late = on(date(2026, 10, 13))
    clerk = sign("ga03")
    assert_refused(
        lambda: decisions.issue_notice(clerk, number, at=late), number, "intake.deemed_accepted"
    )
    assert_refused(
        lambda: refusals.refuse(clerk, number, "not_required", details="x", at=late),
        number,
        "intake.deemed_accepted",
    )
    # On the last day of the period a notice is still in time.
    assert decisions.issue_notice(clerk, number, at=on(FIFTH_WORKING_DAY))


def test_accepting_an_overdue_case_accepts_it_as_of_its_receipt(
    demo_db: str, received, sign, on
) -> None:
    number = received(day=RECEIVED_BEFORE_HOLIDAY)
    document = decisions.accept(sign("ga03"), number, at=on(date(2026, 10, 20)))
    assert case_of(number).accepted_on == RECEIVED_BEFORE_HOLIDAY
    assert document.body["basis"] == "deemed"
    assert event_kinds(number)[-2:] == ["deem_accepted", "acceptance_notice"]


# ── on the spot (即办) and 一审一核 ─────────────────────────────────────────────


def test_an_immediate_item_is_completed_on_the_spot(
    demo_db: str, received, sign, on, demo_today
) -> None:
    number = received("GA-004", clerk="ga01")
    state = decisions.complete_on_spot(sign("ga01"), number, at=on(demo_today))
    assert state is CaseState.COMPLETED
    case = case_of(number)
    assert case.state == "completed" and case.completed_on == demo_today
    assert case.accepted_on == demo_today


def test_a_promised_item_is_not_done_on_the_spot(demo_db: str, received, sign) -> None:
    number = received()
    assert_refused(
        lambda: decisions.complete_on_spot(sign("ga03"), number), number, "on_spot.not_immediate"
    )


def test_window_decided_items_wait_for_the_chief_who_did_not_review(
    demo_db: str, received, sign
) -> None:
    number = received("GA-005", clerk="ga03")
    assert decisions.complete_on_spot(sign("ga03"), number) is CaseState.AWAITING_APPROVAL
    assert number in [c.number for c in decisions.pending_approvals(sign("gachief"))]
    assert_refused(lambda: decisions.approve(sign("ga04"), number), number, "intake.chief_only")
    decisions.approve(sign("gachief"), number)
    case = case_of(number)
    assert case.state == "completed" and case.completed_on is not None
    approval = Event.get((Event.case == case) & (Event.kind == "approve"))
    assert approval.staff.code == "gachief"
    assert event_data(approval)["reviewer"] == sign("ga03").staff_id


def test_the_reviewer_cannot_approve_their_own_review(demo_db: str, received, sign) -> None:
    number = received("GA-005", clerk="gachief")
    decisions.complete_on_spot(sign("gachief"), number)
    assert_refused(
        lambda: decisions.approve(sign("gachief"), number), number, "approval.same_person"
    )
    assert_refused(
        lambda: decisions.deny(sign("gachief"), number, "不符合条件"),
        number,
        "approval.same_person",
    )


def test_the_chief_may_deny_with_a_reason(demo_db: str, received, sign) -> None:
    number = received("GH-010", clerk="gh02")
    decisions.complete_on_spot(sign("gh02"), number)
    assert_refused(lambda: decisions.deny(sign("ghchief"), number, " "), number, "approval.reason")
    decisions.deny(sign("ghchief"), number, "名称变更证明与登记信息不符")
    assert case_of(number).state == "denied"


# ── refusals ─────────────────────────────────────────────────────────────────


def test_outside_the_remit_without_the_competent_body_is_refused(
    demo_db: str, received, sign
) -> None:
    number = received()
    assert_refused(
        lambda: refusals.refuse(sign("gachief"), number, "outside_remit", competent_body=" "),
        number,
        "refusal.competent_body",
    )


def test_without_sign_off_a_clerks_refusal_is_issued_at_once(demo_db: str, received, sign) -> None:
    number = received("GH-001", clerk="gh01")
    outcome = refusals.refuse(
        sign("gh01"), number, "outside_remit", competent_body="示范市发展和改革委员会"
    )
    assert outcome.pending is None
    body = outcome.document.body
    assert outcome.document.number.startswith("规划不受〔2026〕")
    assert body["reason_kind"] == "outside_remit"
    assert body["competent_body"] == "示范市发展和改革委员会"
    assert body["clerk"] == "黄磊" and body["signed_by"] is None
    assert case_of(number).state == "refused"


def test_where_the_chief_signs_refusals_a_clerks_refusal_waits(
    demo_db: str, received, sign
) -> None:
    number = received()
    outcome = refusals.refuse(sign("ga03"), number, "not_required", details="居住登记未满半年")
    assert outcome.document is None and outcome.pending.proposed_by == "王丽娟"
    assert case_of(number).state == "received"
    assert (
        not Document.select()
        .where((Document.case == case_of(number)) & (Document.kind == "refusal"))
        .exists()
    )
    # Nothing else is decided meanwhile.
    assert_refused(lambda: decisions.accept(sign("ga03"), number), number, "refusal.pending")
    assert_refused(
        lambda: refusals.refuse(sign("ga04"), number, "not_required", details="x"),
        number,
        "refusal.pending",
    )
    assert [p.case_number for p in refusals.pending_refusals(sign("gachief"))] == [number]
    assert_refused(lambda: refusals.sign_refusal(sign("ga04"), number), number, "intake.chief_only")

    document = refusals.sign_refusal(sign("gachief"), number)
    assert case_of(number).state == "refused"
    assert document.body["clerk"] == "王丽娟" and document.body["signed_by"] == "赵建国"
    assert document.body["details"] == "居住登记未满半年"
    assert refusals.pending_refusals(sign("gachief")) == []
    assert event_kinds(number)[-2:] == ["refusal_proposed", "refuse"]


def test_ineligibility_is_no_ground_to_refuse_at_the_door(demo_db: str, received, sign) -> None:
    """It is a denial after acceptance (Art. 38): the clerk is told so."""
    number = received()
    for kind in ("not_eligible", "other"):
        assert_refused(
            lambda kind=kind: refusals.refuse(sign("gachief"), number, kind, details="未满半年"),
            number,
            "refusal.not_a_ground",
        )


def test_an_old_pending_refusal_for_ineligibility_is_returned_not_signed(
    demo_db: str, received, sign
) -> None:
    """A proposal recorded before issue 19 still waits: the chief is told to return it."""
    number = received()
    data = {"reason_kind": "not_eligible", "competent_body": "", "details": "居住登记未满半年"}
    with write_transaction(database_proxy):
        clerk = Staff.get(Staff.code == "ga03")
        append_event("refusal_proposed", case=case_of(number), staff=clerk, data=data)
    assert refusals.pending_refusal(case_of(number)).reason.details == "居住登记未满半年"
    assert_refused(
        lambda: refusals.sign_refusal(sign("gachief"), number), number, "refusal.not_a_ground"
    )
    refusals.reject_refusal(sign("gachief"), number, "受理后作出不予许可决定")
    assert refusals.pending_refusal(case_of(number)) is None
    decisions.accept(sign("ga03"), number)


def test_the_chief_may_return_a_refusal_and_the_case_goes_on(demo_db: str, received, sign) -> None:
    number = received()
    refusals.refuse(sign("ga03"), number, "not_required", details="材料真实性存疑")
    refusals.reject_refusal(sign("gachief"), number, "请先核实")
    assert case_view.load_case(sign("ga03"), number).pending_refusal is None
    assert decisions.accept(sign("ga03"), number)


def test_only_the_proposer_withdraws_a_refusal(demo_db: str, received, sign) -> None:
    number = received()
    refusals.refuse(sign("ga03"), number, "not_required", details="材料真实性存疑")
    assert_refused(
        lambda: refusals.cancel_refusal(sign("ga04"), number), number, "refusal.not_yours"
    )
    refusals.cancel_refusal(sign("ga03"), number)
    assert_refused(
        lambda: refusals.sign_refusal(sign("gachief"), number), number, "refusal.none_pending"
    )


def test_a_chief_refuses_directly_and_signs(demo_db: str, received, sign) -> None:
    number = received()
    outcome = refusals.refuse(sign("gachief"), number, "not_required")
    assert outcome.document.body["signed_by"] == "赵建国"
    assert case_of(number).state == "refused"


def test_a_case_waiting_for_its_supplement_can_be_refused(demo_db: str, received, sign) -> None:
    number = received("GH-001", clerk="gh01", flaws={1: "missing"})
    decisions.issue_notice(sign("gh01"), number)
    refusals.refuse(sign("gh01"), number, "not_required", details="申请人书面撤回补正")
    assert case_of(number).state == "refused"


def test_a_decided_case_cannot_be_refused(demo_db: str, received, sign) -> None:
    number = received()
    decisions.accept(sign("ga03"), number)
    error = assert_refused(
        lambda: refusals.refuse(sign("gachief"), number, "not_required"),
        number,
        "lifecycle.forbidden",
    )
    assert isinstance(error, TransitionError)


# ── numbering and reprints ───────────────────────────────────────────────────


def test_document_numbers_are_unique_and_count_per_kind_and_year(
    demo_db: str, received, sign, on
) -> None:
    first, second = received(), received()
    receipts = [case_documents(sign("ga03"), n)[0].number for n in (first, second)]
    seq = [int(n.split("〕")[1].rstrip("号")) for n in receipts]
    assert seq[1] == seq[0] + 1
    accepted = decisions.accept(sign("ga03"), first).number
    assert accepted.startswith("公安受〔2026〕")
    next_year = received(day=date(2027, 1, 4))
    assert case_documents(sign("ga03"), next_year)[0].number == "公安收〔2027〕1号"
    numbers = [d.number for d in Document.select()]
    assert len(numbers) == len(set(numbers))


def test_a_document_reprints_from_what_was_stored(demo_db: str, received, sign) -> None:
    number = received()
    document = decisions.accept(sign("ga03"), number)
    # A later change of the applicant's data or the window's phone does not change it.
    Case.update(applicant_name="改名").where(Case.number == number).execute()
    again = load_document(sign("ga04"), document.number)
    assert again.body == document.body and again.body["applicant"]["name"] == "王小明"
    stored = Document.get(Document.number == document.number).body
    assert json.loads(stored) == dict(document.body)
    assert stored == json.dumps(json.loads(stored), sort_keys=True, separators=(",", ":"),
                                ensure_ascii=False)  # fmt: skip
    with pytest.raises(PermissionDenied):
        load_document(sign("hb01"), document.number)
    with pytest.raises(ServiceError):
        load_document(sign("ga03"), "公安受〔1999〕1号")


# ── receiving and deciding at once ───────────────────────────────────────────


def test_receive_and_decide_is_one_transaction(demo_db: str, draft, sign) -> None:
    """A decision refused at the counter leaves the draft a draft: not received, no
    receipt, no event; a decision allowed takes the papers and decides together."""
    clerk = sign("ga03")
    number = draft()
    checklist.mark_material(clerk, number, _material(number, 2), "missing")
    checklist.mark_all_remaining_provided(clerk, number)
    assert_refused(
        lambda: decisions.receive_and_decide(clerk, number, decisions.accept),
        number,
        "checklist.blocked",
    )
    assert case_of(number).state == "draft"

    receipt, notice = decisions.receive_and_decide(clerk, number, decisions.issue_notice)
    assert receipt is not None and receipt.kind is DocumentKind.RECEIPT
    assert notice.kind is DocumentKind.DEFICIENCY_NOTICE
    assert case_of(number).state == "awaiting_supplement"
    again, _ = decisions.receive_and_decide(clerk, number, decisions.recheck_supplement, {})
    assert again is None  # received before: no second receipt


@pytest.mark.parametrize(
    ("until", "accepted"), [(date(2026, 12, 15), True), (date(2026, 12, 16), False)]
)
def test_a_deferred_material_is_promised_by_the_expected_decision(
    demo_db: str, draft, sign, on, until: date, accepted: bool
) -> None:
    """容缺: GA-011 accepted on 27 November is expected by 15 December (12 working days)."""
    number = draft("GA-011", clerk="ga05")
    clerk = sign("ga05")
    for line in case_view.load_case(clerk, number).checklist:
        position = Material.get_by_id(line.material_id).position
        if position == 3:
            checklist.mark_material(
                clerk, number, line.material_id, "deferred", deferred_until=until
            )
        elif position in (6, 7, 8):
            checklist.mark_material(clerk, number, line.material_id, "not_applicable")
    checklist.mark_all_remaining_provided(clerk, number)
    decisions.submit(clerk, number, at=on(date(2026, 11, 27)))
    accept = lambda: decisions.accept(clerk, number, at=on(date(2026, 11, 27), 11))  # noqa: E731
    if accepted:
        assert accept().body["deferred"][0]["until"] == "2026-12-15"
    else:
        error = assert_refused(accept, number, "deferred.after_decision")
        assert error.params["date"] == "2026-12-15"

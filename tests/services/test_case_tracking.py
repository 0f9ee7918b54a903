"""A case after acceptance: review, 一审一核, suspension, extension, completion, denial,
withdrawal and ratings — each rule's refusal leaving the case unchanged, and the due
date moving exactly as the calendar says."""

from collections.abc import Callable
from datetime import date

import pytest
from case_checks import EXTENDABLE_ITEM, assert_refused, case_of, event_kinds
from rating_pad import rate_case

from counter_tui.documents.notices import notice_text
from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.numbering import DocumentKind
from counter_tui.domain.tracking import CaseCommand
from counter_tui.i18n import explain
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.deadlines import case_deadline
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.cases.rating_requests import pending_request_of_case
from counter_tui.services.intake import checklist, decisions
from counter_tui.services.tracking import approvals, extensions, progress, ratings, suspensions
from counter_tui.store.events import event_data
from counter_tui.store.models import (
    Department,
    Event,
    Extension,
    Item,
    Material,
    Rating,
    Staff,
    Suspension,
)

pytestmark = pytest.mark.both_engines


FRIDAY = date(2026, 11, 27)  # the demo's day


@pytest.fixture
def accepted(received, sign, on) -> Callable[..., str]:
    """``accepted(item="GA-010", clerk="ga03", day=FRIDAY)``: a case accepted that day."""

    def make(item: str = "GA-010", clerk: str = "ga03", day: date = FRIDAY) -> str:
        number = received(item, clerk, day)
        decisions.accept(sign(clerk), number, at=on(day, 11))
        return number

    return make


def _due(number: str, today: date) -> date:
    deadline = case_deadline(load_calendar(), case_of(number), today)
    assert deadline is not None
    return deadline.due.date


def _last_event(number: str) -> tuple[str, int | None, dict]:
    event = Event.select().where(Event.case == case_of(number)).order_by(Event.id.desc()).get()
    return event.kind, event.staff_id, event_data(event)


# ── review at the back office ────────────────────────────────────────────────


def test_forward_and_record_review_return_the_case_to_the_window(
    demo_db: str, accepted, sign
) -> None:
    number = accepted()
    progress.forward_review(sign("ga03"), number, "送治安科审查")
    assert case_of(number).state == "in_review"
    progress.record_review(sign("ga03"), number, "favourable", "同意办理")
    assert case_of(number).state == "accepted"
    assert event_kinds(number)[-2:] == ["forward_review", "record_review"]
    _kind, _staff, data = _last_event(number)
    assert data == {"result": "favourable", "note": "同意办理"}


def test_an_unfavourable_review_states_why_and_a_result_must_be_known(
    demo_db: str, accepted, sign
) -> None:
    number = accepted()
    progress.forward_review(sign("ga03"), number)
    clerk = sign("ga03")
    assert_refused(
        lambda: progress.record_review(clerk, number, "unfavourable", "  "),
        number,
        "review.reason",
    )
    assert_refused(lambda: progress.record_review(clerk, number, "maybe"), number, "review.result")


def test_a_case_cannot_be_forwarded_before_acceptance(demo_db: str, received, sign) -> None:
    number = received()
    assert_refused(
        lambda: progress.forward_review(sign("ga03"), number), number, "lifecycle.forbidden"
    )


def test_another_department_cannot_act_on_the_case(demo_db: str, accepted, sign) -> None:
    number = accepted()
    assert_refused(
        lambda: progress.forward_review(sign("hb01"), number), number, "intake.department"
    )
    assert_refused(
        lambda: progress.withdraw(sign("admin"), number, "申请人撤回"), number, "auth.role"
    )


# ── completion and denial ────────────────────────────────────────────────────


def test_complete_records_how_the_result_was_delivered(demo_db: str, accepted, sign, on) -> None:
    number = accepted()
    progress.complete(sign("ga03"), number, "posted", "EMS 1234", at=on(date(2026, 12, 3)))
    case = case_of(number)
    assert case.state == "completed" and case.completed_on == date(2026, 12, 3)
    data = _last_event(number)[2]
    assert data == {
        "delivery": "posted",
        "note": "EMS 1234",
        "document": data["document"],
        # What the row now holds, carried for audit verify's replay.
        "completed_on": "2026-12-03",
        "decided_on": "2026-12-03",
        "delivered_on": None,
    }
    assert case.decided_on == date(2026, 12, 3) and case.delivered_on is None  # in the post
    assert_refused(
        lambda: progress.complete(sign("ga03"), number, "posted"), number, "lifecycle.forbidden"
    )


def test_complete_waits_for_deferred_materials(demo_db: str, draft, sign, on) -> None:
    number = draft("GA-011", clerk="ga05")
    clerk = sign("ga05")
    deferrable = Material.get((Material.item == case_of(number).item) & (Material.position == 3)).id
    checklist.mark_material(
        clerk, number, deferrable, "deferred", deferred_until=date(2026, 12, 10)
    )
    for position in (6, 7, 8):
        material = Material.get(
            (Material.item == case_of(number).item) & (Material.position == position)
        )
        checklist.mark_material(clerk, number, material.id, "not_applicable")
    checklist.mark_all_remaining_provided(clerk, number)
    decisions.submit(clerk, number, at=on(FRIDAY))
    decisions.accept(clerk, number, at=on(FRIDAY))
    error = assert_refused(
        lambda: progress.complete(clerk, number, "handed_over"), number, "complete.deferred"
    )
    assert "设计单位资质证明文件" in error.params["materials"]
    checklist.mark_material(clerk, number, deferrable, "provided")
    progress.complete(clerk, number, "handed_over")
    assert case_of(number).state == "completed"


def test_a_bad_delivery_is_refused(demo_db: str, accepted, sign) -> None:
    number = accepted()
    assert_refused(
        lambda: progress.complete(sign("ga03"), number, "pigeon"), number, "complete.delivery"
    )


def test_the_department_denial_is_recorded_with_its_reason(demo_db: str, accepted, sign) -> None:
    number = accepted()
    assert_refused(
        lambda: progress.record_denial(sign("ga03"), number, ""), number, "denial.reason"
    )
    progress.record_denial(sign("ga03"), number, "经审查不符合条件")
    case = case_of(number)
    assert case.state == "denied" and case.completed_on is not None
    data = _last_event(number)[2]
    day = data["decided_on"]
    assert data == {
        "reason": "经审查不符合条件",
        "document": data["document"],
        "completed_on": day,
        "decided_on": day,
    }
    assert data["document"].startswith("公安结〔")  # 居住证: a result notice, not a licence


# ── 一审一核 ─────────────────────────────────────────────────────────────────


def test_window_decided_items_need_the_chief_and_the_reviewer_cannot_approve(
    demo_db: str, accepted, sign
) -> None:
    number = accepted("HB-006", clerk="hb01")
    clerk = sign("hb01")
    assert_refused(
        lambda: progress.complete(clerk, number, "handed_over"), number, "approval.required"
    )
    assert_refused(
        lambda: progress.record_denial(clerk, number, "不符合"), number, "approval.required"
    )
    progress.request_approval(clerk, number, "材料齐全，建议准予")
    assert case_of(number).state == "awaiting_approval"
    # The clerk who reviewed cannot approve (nor can any clerk); the chief can.
    assert_refused(lambda: decisions.approve(clerk, number), number, "intake.chief_only")
    decisions.approve(sign("hbchief"), number)
    assert case_of(number).state == "completed"


def test_a_chief_who_reviewed_cannot_approve_the_same_case(demo_db: str, accepted, sign) -> None:
    number = accepted("HB-006", clerk="hb01")
    chief = sign("hbchief")
    progress.request_approval(chief, number)
    assert_refused(lambda: decisions.approve(chief, number), number, "approval.same_person")
    assert_refused(lambda: decisions.deny(chief, number, "不符合"), number, "approval.same_person")


def _waiting(code: str, sign) -> list[tuple[str, str]]:
    """What waits for ``code``'s approval: (kind, case number)."""
    return [(w.kind.value, w.case_number) for w in approvals.waiting_approvals(sign(code), FRIDAY)]


def test_what_a_chief_reviewed_waits_for_the_deputy_not_for_them(
    demo_db: str, accepted, sign
) -> None:
    number = accepted("HB-006", clerk="hb01")
    progress.request_approval(sign("hbchief"), number, "材料齐全")
    assert ("decision", number) not in _waiting("hbchief", sign)
    assert ("decision", number) in _waiting("hbdeputy", sign)
    decisions.approve(sign("hbdeputy"), number)
    assert case_of(number).state == "completed"


def test_nothing_is_sent_to_an_approver_who_does_not_exist(demo_db: str, accepted, sign) -> None:
    number = accepted("HB-006", clerk="hb01")
    Staff.update(active=False).where(Staff.code == "hbdeputy").execute()
    # The chief alone: what he asks would wait for himself.
    assert_refused(
        lambda: progress.request_approval(sign("hbchief"), number),
        number,
        "approval.no_other_approver",
    )
    assert_refused(
        lambda: extensions.request_extension(sign("hbchief"), number, 3, "需检测"),
        number,
        "approval.no_other_approver",
    )
    # No approver at all: the clerk's request would wait forever.
    Staff.update(active=False).where(Staff.code == "hbchief").execute()
    assert_refused(
        lambda: progress.request_approval(sign("hb01"), number),
        number,
        "approval.no_other_approver",
    )


def test_back_office_items_are_not_sent_to_the_chief(demo_db: str, accepted, sign) -> None:
    number = accepted()
    assert_refused(
        lambda: progress.request_approval(sign("ga03"), number),
        number,
        "approval.not_window_decided",
    )


# ── suspension (Art. 45) ─────────────────────────────────────────────────────


def test_a_suspension_over_national_day_moves_the_due_date_by_its_working_days(
    demo_db: str, accepted, sign, on
) -> None:
    # Accepted Thursday 24 September 2026, promised in 5 working days: 28, 29, 30 Sep
    # (25th is Mid-Autumn), then 8, 9 Oct after National Day.
    number = accepted(EXTENDABLE_ITEM, day=date(2026, 9, 24))
    assert _due(number, date(2026, 9, 28)) == date(2026, 10, 9)
    document = suspensions.suspend(
        sign("ga03"), number, "inspection", 5, "组织现场核查", at=on(date(2026, 9, 28))
    )
    assert case_of(number).state == "suspended"
    assert document.kind is DocumentKind.SUSPENSION_NOTICE
    assert document.number.startswith("公安特〔2026〕")
    resumption = suspensions.resume(sign("ga03"), number, at=on(date(2026, 10, 9)))
    assert case_of(number).state == "accepted"
    assert resumption.kind is DocumentKind.RESUMPTION_NOTICE
    assert resumption.number.startswith("公安恢〔2026〕")
    # Stopped: 29, 30 Sep, 8, 9 Oct (1–7 Oct are holidays) = 4 working days. The 5th
    # working day is now 9 Oct + 4: Saturday 10 Oct (a working day), 12, 13, 14 Oct.
    assert _due(number, date(2026, 10, 9)) == date(2026, 10, 14)
    [row] = Suspension.select().where(Suspension.case == case_of(number))
    assert (row.started_on, row.ended_on) == (date(2026, 9, 28), date(2026, 10, 9))


def test_an_open_suspension_stops_the_clock_until_today(demo_db: str, accepted, sign, on) -> None:
    number = accepted()
    before = _due(number, FRIDAY)
    suspensions.suspend(sign("ga03"), number, "expert_review", 10, at=on(FRIDAY))
    later = date(2026, 12, 4)  # five working days on
    assert _due(number, later) == load_calendar().add_workdays(before, 5)
    deadline = case_deadline(load_calendar(), case_of(number), later)
    assert deadline is not None and deadline.remaining == load_calendar().workdays_between(
        FRIDAY, before
    )


def test_the_suspension_notice_tells_the_procedure_and_its_expected_end(
    demo_db: str, accepted, sign, on
) -> None:
    number = accepted()
    document = suspensions.suspend(sign("ga03"), number, "hearing", 3, "申请人要求", at=on(FRIDAY))
    assert document.body["expected_end"] == "2026-12-02"
    text = notice_text(document)
    assert "听证（申请人要求）" in text and "2026年12月2日" in text and "第四十五条" in text


@pytest.mark.parametrize(
    ("ground", "days", "step", "rule"),
    [
        ("", 5, "", "suspension.ground"),
        ("组织听证", 5, "", "suspension.ground"),  # a free-text reason is no ground
        ("special_step", 5, "", "suspension.step"),
        ("special_step", 5, "现场勘验", "suspension.step"),  # not this item's
        ("hearing", 0, "", "suspension.days"),
        ("hearing", 400, "", "suspension.days"),
        ("hearing", None, "", "suspension.days"),  # only a special procedure has its days
    ],
)
def test_a_suspension_needs_a_ground_of_article_45_and_a_sane_duration(
    demo_db: str, accepted, sign, ground: str, days: int | None, step: str, rule: str
) -> None:
    number = accepted()
    assert_refused(
        lambda: suspensions.suspend(sign("ga03"), number, ground, days, "", step), number, rule
    )


def test_a_special_procedure_of_the_item_is_a_ground_with_its_days(
    demo_db: str, accepted, sign, on
) -> None:
    number = accepted()
    steps = '[{"name": "现场勘验", "days": 8}, {"name": "", "days": 3}, "x", {"days": 2}]'
    Item.update(special_steps=steps).where(Item.id == case_of(number).item_id).execute()
    detail = case_detail(sign("ga03"), number, FRIDAY)
    assert [(s.name, s.days) for s in detail.special_steps] == [("现场勘验", 8)]
    document = suspensions.suspend(
        sign("ga03"), number, "special_step", None, "", "现场勘验", at=on(FRIDAY)
    )
    assert (document.body["step"], document.body["expected_days"]) == ("现场勘验", 8)
    [row] = Suspension.select().where(Suspension.case == case_of(number))
    assert (row.ground, row.reason, row.expected_days) == ("special_step", "现场勘验", 8)
    assert "现场勘验" in notice_text(document)


def test_resuming_prints_the_legal_limit_as_it_now_stands(demo_db: str, accepted, sign, on) -> None:
    number = accepted()  # 居住证: 15 days, Saturday 12 December, so legally due Monday 14th
    suspensions.suspend(sign("ga03"), number, "testing", 5, "水质检测", at=on(FRIDAY))
    document = suspensions.resume(sign("ga03"), number, at=on(date(2026, 12, 4)))
    # Stopped seven days (28 Nov to 4 Dec), counted as the limit is, in days: 12 + 7 is
    # Saturday 19 December, so the law's limit now ends on Monday 21 December.
    assert document.body["legal_due"] == "2026-12-21"
    assert document.body["ended_on"] == "2026-12-04"
    text = notice_text(document)
    assert "恢复办理通知书" in text and "检测（水质检测）" in text and "2026年12月21日" in text
    assert event_kinds(number)[-1] == "resume"


def test_only_a_suspended_case_resumes(demo_db: str, accepted, sign) -> None:
    number = accepted()
    assert_refused(lambda: suspensions.resume(sign("ga03"), number), number, "lifecycle.forbidden")


# ── extension ────────────────────────────────────────────────────────────────


def _legal_due(number: str, today: date) -> date:
    deadline = case_deadline(load_calendar(), case_of(number), today)
    assert deadline is not None
    return deadline.legal.due.date


def test_an_approved_extension_moves_the_legal_limit_by_exactly_its_days(
    demo_db: str, accepted, sign, on
) -> None:
    number = accepted(EXTENDABLE_ITEM)
    # Promised 5 working days after Friday 27 November: Friday 4 December; the law's 20:
    # Friday 25 December.
    assert (_due(number, FRIDAY), _legal_due(number, FRIDAY)) == (
        date(2026, 12, 4),
        date(2026, 12, 25),
    )
    extensions.request_extension(sign("ga03"), number, 3, "需现场勘验", at=on(date(2026, 12, 1)))
    assert _legal_due(number, date(2026, 12, 1)) == date(2026, 12, 25)  # not before approval
    waiting = extensions.pending_extensions(sign("gachief"), date(2026, 12, 1))
    [pending] = [p for p in waiting if p.case_number == number]
    assert (pending.case_number, pending.days, pending.due) == (number, 3, date(2026, 12, 25))
    document = extensions.approve_extension(sign("gachief"), number, at=on(date(2026, 12, 2)))
    # 28, 29, 30 December; the promise stays 4 December (Art. 42 extends the law's).
    assert _legal_due(number, date(2026, 12, 2)) == date(2026, 12, 30)
    assert _due(number, date(2026, 12, 2)) == date(2026, 12, 4)
    assert document.kind is DocumentKind.EXTENSION_NOTICE
    assert (document.body["old_due"], document.body["new_due"]) == ("2026-12-25", "2026-12-30")
    assert document.body["clerk"] == "王丽娟" and document.body["signed_by"]
    text = notice_text(document)
    assert "需现场勘验" in text and "2026年12月30日" in text and "第四十二条" in text
    assert "2026年12月4日" not in text  # the promise is not the legal limit
    assert event_kinds(number)[-2:] == ["extension_requested", "extension_approved"]
    waiting = extensions.pending_extensions(sign("gachief"), date(2026, 12, 2))
    assert number not in [p.case_number for p in waiting]


def test_an_extension_is_asked_once_within_ten_days_with_a_reason(
    demo_db: str, accepted, sign
) -> None:
    number = accepted(EXTENDABLE_ITEM)
    clerk = sign("ga03")
    for days, reason, rule in ((11, "理由", "extension.days"), (0, "理由", "extension.days"),
                               (3, " ", "extension.reason")):  # fmt: skip
        assert_refused(
            lambda d=days, r=reason: extensions.request_extension(clerk, number, d, r),
            number,
            rule,
        )
    extensions.request_extension(clerk, number, 3, "理由")
    assert_refused(
        lambda: extensions.request_extension(clerk, number, 2, "再延"), number, "extension.once"
    )
    extensions.reject_extension(sign("gachief"), number, "理由不充分")
    assert Extension.get(Extension.case == case_of(number)).approved is False
    assert_refused(
        lambda: extensions.request_extension(clerk, number, 2, "再延"), number, "extension.once"
    )
    assert_refused(
        lambda: extensions.approve_extension(sign("gachief"), number),
        number,
        "extension.none_pending",
    )


def test_an_approver_cannot_approve_the_extension_they_asked_for(
    demo_db: str, accepted, sign
) -> None:
    number = accepted(EXTENDABLE_ITEM)
    extensions.request_extension(sign("gachief"), number, 3, "需现场勘验")
    assert_refused(
        lambda: extensions.approve_extension(sign("gachief"), number),
        number,
        "approval.same_person",
    )
    assert ("extension", number) not in _waiting("gachief", sign)
    assert ("extension", number) in _waiting("gadeputy", sign)
    extensions.approve_extension(sign("gadeputy"), number)
    assert Extension.get(Extension.case == case_of(number)).approved is True


def test_the_extension_notice_names_who_approved_it_and_by_what_right(
    demo_db: str, accepted, sign
) -> None:
    # Art. 42: the organ's head approves; at the centre, the approver under the written
    # delegation named in the department's profile (issue 19).
    department = Department.get(Department.code == "GA")
    assert department.delegation
    number = accepted(EXTENDABLE_ITEM)
    extensions.request_extension(sign("ga03"), number, 3, "需现场勘验")
    approver = Staff.get(Staff.code == "gadeputy")
    text = "".join(notice_text(extensions.approve_extension(sign("gadeputy"), number)).split())
    assert department.delegation in text and department.name in text and approver.name in text
    Department.update(delegation="").where(Department.id == department.id).execute()
    other = accepted(EXTENDABLE_ITEM)
    extensions.request_extension(sign("ga03"), other, 3, "需现场勘验")
    text = "".join(notice_text(extensions.approve_extension(sign("gadeputy"), other)).split())
    assert f"经{department.name}负责人批准（{approver.name}）" in text


def test_only_the_chief_decides_an_extension(demo_db: str, accepted, sign) -> None:
    number = accepted(EXTENDABLE_ITEM)
    extensions.request_extension(sign("ga03"), number, 3, "理由")
    assert_refused(
        lambda: extensions.approve_extension(sign("ga03"), number), number, "intake.chief_only"
    )
    assert_refused(
        lambda: extensions.approve_extension(sign("hbchief"), number),
        number,
        "intake.department",
    )


def test_an_extension_comes_before_the_legal_limit_runs_out(
    demo_db: str, accepted, sign, on
) -> None:
    number = accepted(EXTENDABLE_ITEM)  # promised by 4 December, legally due 25 December
    assert_refused(
        lambda: extensions.request_extension(
            sign("ga03"), number, 3, "迟了", at=on(date(2026, 12, 28))
        ),
        number,
        "extension.overdue",
    )
    # Past the promise but within the law: still possible.
    extensions.request_extension(sign("ga03"), number, 3, "理由", at=on(date(2026, 12, 9)))
    assert_refused(
        lambda: extensions.approve_extension(sign("gachief"), number, at=on(date(2026, 12, 28))),
        number,
        "extension.overdue",
    )


@pytest.mark.parametrize(
    ("item", "clerk", "name"),
    [
        ("GA-010", "ga03", "居住证申领"),  # 居住证暂行条例 Art. 9: 15 days
        ("HB-002", "hb01", "建设项目环境影响报告表审批"),  # 环评法 Art. 22: 30 days
    ],
    ids=["GA-010", "HB-002"],
)
def test_an_item_whose_own_law_sets_the_limit_is_not_extended(
    demo_db: str, accepted, sign, item: str, clerk: str, name: str
) -> None:
    number = accepted(item, clerk=clerk)
    error = assert_refused(
        lambda: extensions.request_extension(sign(clerk), number, 3, "理由"),
        number,
        "extension.item",
    )
    assert explain(error) == (
        f"“{name}”不能延期：其办理期限由本事项所依据的法律、法规规定，"
        "不适用《中华人民共和国行政许可法》第四十二条"
    )
    assert Extension.get_or_none(Extension.case == case_of(number)) is None
    assert CaseCommand.EXTEND not in case_detail(sign(clerk), number, FRIDAY).commands


# ── withdrawal ───────────────────────────────────────────────────────────────


@pytest.mark.parametrize("step", ["received", "accepted", "suspended"])
def test_an_open_case_can_be_withdrawn_with_a_reason(
    demo_db: str, received, accepted, sign, step: str
) -> None:
    number = received() if step == "received" else accepted()
    if step == "suspended":
        suspensions.suspend(sign("ga03"), number, "testing", 5)
    assert_refused(lambda: progress.withdraw(sign("ga03"), number, ""), number, "withdraw.reason")
    progress.withdraw(sign("ga03"), number, "申请人申请撤回")
    assert case_of(number).state == CaseState.WITHDRAWN
    assert _last_event(number)[2] == {"reason": "申请人申请撤回"}


def test_a_draft_is_discarded_not_withdrawn(demo_db: str, draft, sign) -> None:
    number = draft()
    assert_refused(
        lambda: progress.withdraw(sign("ga03"), number, "不办了"), number, "withdraw.draft"
    )


# ── ratings ──────────────────────────────────────────────────────────────────


def test_a_good_rating_given_on_the_pad_is_the_cases_once(demo_db: str, accepted, sign) -> None:
    # The applicant rates on the window's pad (docs/rules.md §11; tests/services/
    # test_rating_pad.py); the clerk's part is to finish the service.
    number = accepted()
    clerk = sign("ga03")
    progress.complete(clerk, number, "handed_over")
    rate_case(number, 2, text="很快")
    assert Rating.get(Rating.case == case_of(number)).level == 2
    assert pending_request_of_case(number) is None
    assert number not in [f.case_number for f in ratings.open_follow_ups(sign("gachief"))]


def test_a_poor_rating_opens_a_follow_up_that_closes_with_a_note(
    demo_db: str, accepted, sign
) -> None:
    number = accepted()
    clerk = sign("ga03")
    progress.complete(clerk, number, "handed_over")
    rate_case(number, 4, "efficiency", "等太久")
    chief = sign("gachief")
    assert number in [f.case_number for f in ratings.open_follow_ups(chief)]
    assert number in [f.case_number for f in ratings.open_follow_ups(clerk)]
    assert number not in [f.case_number for f in ratings.open_follow_ups(sign("ga01"))]
    close = ratings.close_case_follow_up
    assert_refused(lambda: close(chief, number, "explained", ""), number, "follow_up.note")
    close(chief, number, "explained", "已电话回访，致歉并说明原因")
    assert number not in [f.case_number for f in ratings.open_follow_ups(chief)]
    assert_refused(lambda: close(chief, number, "explained", "再次"), number, "follow_up.none")
    assert event_kinds(number)[-2:] == ["follow_up_contacted", "follow_up_closed"]


def test_a_good_rating_has_no_follow_up_to_close(demo_db: str, accepted, sign) -> None:
    number = accepted()
    progress.complete(sign("ga03"), number, "handed_over")
    rate_case(number, 1)
    assert_refused(
        lambda: ratings.close_case_follow_up(sign("gachief"), number, "explained", "无"),
        number,
        "follow_up.none",
    )

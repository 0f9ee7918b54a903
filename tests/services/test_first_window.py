"""The chief's 一号窗口 (docs/rules.md §20): a case or a consultation referred with a note,
taken by the department's chief representative or a deputy, decided through the usual
decisions, answered or sent back; the roles, 一审一核, a handover and the timeline."""

import pytest
from case_checks import assert_refused as assert_case_refused
from case_checks import case_of, event_kinds, taken_case
from hostile import HOSTILE_SETTINGS, as_typed, assert_refused, hostile_text, undone
from hypothesis import example, given

from counter_tui.domain.errors import DomainError
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.consultations.questions import open_consultations, take_consultation
from counter_tui.services.first_window import referrals
from counter_tui.services.handover.handover import confirm_handover, start_handover
from counter_tui.services.intake import decisions
from counter_tui.services.tracking import progress
from counter_tui.store.events import event_data
from counter_tui.store.models import Consultation, Event, Referral, Window

pytestmark = pytest.mark.both_engines


def _refused(call, rule: str) -> None:
    before = (Event.select().count(), Referral.select().count())
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.rule == rule
    assert (Event.select().count(), Referral.select().count()) == before


def test_a_case_travels_to_the_first_window_and_is_decided_there(
    demo_db: str, sign, demo_today
) -> None:
    number = taken_case("ga01")
    ident = referrals.refer_case(sign("ga01"), number, " 申请人情况复杂，请首席定夺 ")
    [line] = [r for r in referrals.waiting_referrals(sign("gachief")) if r.id == ident]
    assert (line.case_number, line.referred_by, line.state.value) == (number, "张敏", "waiting")
    assert line.note == "申请人情况复杂，请首席定夺"
    referrals.take_case(sign("gachief"), number)
    assert Referral.get_by_id(ident).state == "taken"
    assert case_of(number).owner.code == "ga01"  # the clerk stays responsible
    progress.complete(sign("gachief"), number, "handed_over")
    referral = Referral.get_by_id(ident)
    assert (referral.state, referral.outcome, referral.decision) == (
        "closed",
        "decided",
        "complete",
    )
    assert referral.closed_by.code == "gachief"
    assert event_kinds(number)[-4:] == [
        "referral_made",
        "referral_taken",
        "complete",
        "referral_decided",
    ]
    assert [r for r in referrals.waiting_referrals(sign("gachief")) if r.id == ident] == []
    timeline = case_detail(sign("ga01"), number, demo_today).timeline
    assert timeline[-4].data["note"] == "申请人情况复杂，请首席定夺"
    assert timeline[-1].data["decision"] == "complete"


def test_a_case_under_one_review_one_approval_is_approved_at_the_first_window(
    demo_db: str, sign
) -> None:
    number = taken_case("ga01", item="GA-005")  # decided at the window (一审一核)
    progress.request_approval(sign("ga01"), number, "建议准予")
    ident = referrals.refer_case(sign("ga01"), number, "涉及历史遗留问题")
    referrals.take_case(sign("gadeputy"), number)
    decisions.approve(sign("gadeputy"), number)
    referral = Referral.get_by_id(ident)
    assert (referral.outcome, referral.decision, referral.closed_by.code) == (
        "decided",
        "approve",
        "gadeputy",
    )
    event = Event.select().where(Event.kind == "referral_decided").order_by(Event.id.desc()).get()
    assert "delegation" in event_data(event)  # 授权审批: under the department's delegation


def test_sent_back_with_a_note_the_case_stays_with_its_clerk(demo_db: str, sign) -> None:
    number = taken_case("ga01")
    ident = referrals.refer_case(sign("ga01"), number, "请示")
    _refused(
        lambda: referrals.send_back_case(sign("gachief"), number, "先补材料"), "referral.not_taken"
    )
    referrals.take_case(sign("gachief"), number)
    _refused(lambda: referrals.take_case(sign("gadeputy"), number), "referral.taken")
    _refused(lambda: referrals.send_back_case(sign("gachief"), number, "  "), "referral.reply")
    referrals.send_back_case(sign("gachief"), number, "按一般程序办理")
    referral = Referral.get_by_id(ident)
    assert (referral.state, referral.outcome, referral.reply) == (
        "closed",
        "sent_back",
        "按一般程序办理",
    )
    assert event_kinds(number)[-1] == "referral_sent_back"
    # Back with the clerk, it may be referred again.
    referrals.refer_case(sign("ga01"), number, "再次请示")


def test_who_may_refer_and_who_may_take(demo_db: str, sign) -> None:
    number = taken_case("ga01")
    # A clerk or chief of another department cannot refer it, nor take it.
    assert_case_refused(
        lambda: referrals.refer_case(sign("hb01"), number, "请示"), number, "intake.department"
    )
    referrals.refer_case(sign("ga01"), number, "请示")
    assert_case_refused(
        lambda: referrals.take_case(sign("hbchief"), number), number, "intake.department"
    )
    # A clerk does not take at the 一号窗口.
    assert_case_refused(
        lambda: referrals.take_case(sign("ga03"), number), number, "intake.chief_only"
    )
    assert_case_refused(
        lambda: referrals.refer_case(sign("ga01"), number, "又一次"), number, "referral.open"
    )
    with pytest.raises(DomainError) as caught:
        referrals.waiting_referrals(sign("ga01"))
    assert caught.value.rule == "auth.role"


def test_who_refers_does_not_take_it(demo_db: str, sign) -> None:
    """一审一核: a deputy who refers a case hands it to the chief, and may not take it."""
    number = taken_case("ga01")
    referrals.refer_case(sign("gadeputy"), number, "请首席处理")
    assert_case_refused(
        lambda: referrals.take_case(sign("gadeputy"), number), number, "referral.same_person"
    )
    referrals.take_case(sign("gachief"), number)


def test_the_clerk_who_reviewed_cannot_approve_what_they_referred(demo_db: str, sign) -> None:
    number = taken_case("gachief", item="GA-005")
    progress.request_approval(sign("gachief"), number, "建议准予")
    referrals.refer_case(sign("gachief"), number, "请副首席审批")
    referrals.take_case(sign("gadeputy"), number)
    assert_case_refused(
        lambda: decisions.approve(sign("gachief"), number), number, "approval.same_person"
    )


def test_no_first_window_and_closed_cases_are_refused(demo_db: str, sign) -> None:
    number = taken_case("ga01")
    Window.update(first_window=False).where(Window.number == 1).execute()
    assert_case_refused(
        lambda: referrals.refer_case(sign("ga01"), number, "请示"),
        number,
        "referral.no_first_window",
    )
    Window.update(first_window=True).where(Window.number == 1).execute()
    progress.complete(sign("ga01"), number, "handed_over")
    assert_case_refused(
        lambda: referrals.refer_case(sign("ga01"), number, "请示"), number, "referral.case_closed"
    )


def test_a_withdrawn_case_closes_its_referral(demo_db: str, sign) -> None:
    number = taken_case("ga01")
    ident = referrals.refer_case(sign("ga01"), number, "请示")
    progress.withdraw(sign("ga01"), number, "申请人撤回")
    referral = Referral.get_by_id(ident)
    assert (referral.state, referral.decision, referral.closed_by.code) == (
        "closed",
        "withdraw",
        "ga01",
    )


def test_a_handover_moves_a_referred_case_with_its_referral(demo_db: str, sign) -> None:
    number = taken_case("ga01")
    ident = referrals.refer_case(sign("ga01"), number, "请示")
    confirm_handover(sign("ga02"), start_handover(sign("ga01")))
    assert case_of(number).owner.code == "ga02"
    assert Referral.get_by_id(ident).state == "waiting"
    referrals.take_case(sign("gachief"), number)
    referrals.send_back_case(sign("gachief"), number, "交张敏的B角处理")
    assert Referral.get_by_id(ident).outcome == "sent_back"
    assert case_of(number).owner.code == "ga02"


@given(text=hostile_text)
@example(text=" \t\x00 ")
@example(text="[red]x[/] \x1b[2J\u202e长")
@HOSTILE_SETTINGS
def test_hostile_notes_are_kept_as_typed_or_refused_by_their_rule(
    demo_db: str, sign, demo_today, text: str
) -> None:
    """A referral's note, the note it is sent back with and the 一号窗口's answer keep any
    text as typed — in the row, the event and the timeline — or, blank, are refused by
    their rule with nothing written."""
    number = taken_case("ga01")
    asked = take_consultation(sign("ga01"), "问题")
    with undone():
        if not as_typed(text):
            assert_refused(
                lambda: referrals.refer_case(sign("ga01"), number, text), "referral.note"
            )
            assert_refused(
                lambda: referrals.refer_consultation(sign("ga01"), asked, text), "referral.note"
            )
            return
        ident = referrals.refer_case(sign("ga01"), number, text)
        referrals.take_case(sign("gachief"), number)
        referrals.send_back_case(sign("gachief"), number, text)
        referral = Referral.get_by_id(ident)
        assert referral.note == referral.reply == as_typed(text)
        timeline = case_detail(sign("ga01"), number, demo_today).timeline
        assert timeline[-3].data["note"] == timeline[-1].data["note"] == as_typed(text)
        referrals.refer_consultation(sign("ga01"), asked, text)
        referrals.take_consultation(sign("gachief"), asked)
        referrals.answer_consultation(sign("gachief"), asked, text)
        assert Consultation.get_by_id(asked).answer == as_typed(text)


def test_a_consultation_is_referred_answered_or_sent_back(demo_db: str, sign) -> None:
    clerk = sign("ga01")
    asked = take_consultation(clerk, "历史户籍档案如何更正？", item_code="GA-002")
    ident = referrals.refer_consultation(clerk, asked, "涉及档案更正，需首席答复")
    assert open_consultations(clerk) == []
    [line] = [r for r in referrals.waiting_referrals(sign("gachief")) if r.id == ident]
    assert (line.case_number, line.consultation_id, line.subject) == (
        "",
        asked,
        "历史户籍档案如何更正？",
    )
    _refused(
        lambda: referrals.answer_consultation(sign("gachief"), asked, "可"), "referral.not_taken"
    )
    referrals.take_consultation(sign("gachief"), asked)
    _refused(
        lambda: referrals.answer_consultation(sign("gachief"), asked, " "), "consultation.answer"
    )
    referrals.answer_consultation(sign("gachief"), asked, "持原始档案到户籍科更正")
    row = Consultation.get_by_id(asked)
    assert (row.state, row.answer) == ("answered", "持原始档案到户籍科更正")
    assert Referral.get_by_id(ident).outcome == "answered"

    again = take_consultation(clerk, "能否网上办理？")
    referrals.refer_consultation(clerk, again, "请示")
    referrals.take_consultation(sign("gadeputy"), again)
    referrals.send_back_consultation(sign("gadeputy"), again, "请按指南答复")
    assert [line.id for line in open_consultations(clerk)] == [again]
    assert Consultation.get_by_id(again).state == "open"


def test_consultation_referrals_keep_the_roles(demo_db: str, sign) -> None:
    asked = take_consultation(sign("ga01"), "问题")
    _refused(
        lambda: referrals.refer_consultation(sign("ga03"), asked, "请示"), "consultation.owner"
    )
    _refused(lambda: referrals.refer_consultation(sign("ga01"), asked, ""), "referral.note")
    referrals.refer_consultation(sign("ga01"), asked, "请示")
    _refused(lambda: referrals.take_consultation(sign("hbchief"), asked), "referral.department")
    _refused(lambda: referrals.take_consultation(sign("ga03"), asked), "auth.role")
    _refused(lambda: referrals.take_consultation(sign("gachief"), 999999), "referral.none")


def test_a_question_at_the_first_window_is_among_the_chiefs_open_questions(
    demo_db: str, sign
) -> None:
    """The chief's home lists the questions referred to the 一号窗口 while it holds them
    (docs/rules.md §20); a clerk of the department does not see them, and once answered
    there they leave the list."""
    clerk, chief = sign("ga01"), sign("gachief")
    asked = take_consultation(clerk, "外籍配偶落户怎么办？")
    referrals.refer_consultation(clerk, asked, "请首席答复")
    assert asked in [line.id for line in open_consultations(chief)]
    assert asked not in [line.id for line in open_consultations(sign("ga02"))]
    referrals.take_consultation(chief, asked)
    assert asked in [line.id for line in open_consultations(chief)]
    referrals.answer_consultation(chief, asked, "携结婚证到户籍科办理")
    assert asked not in [line.id for line in open_consultations(chief)]

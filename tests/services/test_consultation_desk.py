"""The consultation desk (docs/rules.md §18): the open questions' lights, the handout's
print logged with its consultation, and a question becoming an application; bad and
hostile input is refused with its rule and writes nothing."""

from datetime import datetime, timedelta

import pytest

from counter_tui.documents.handout import handout_html, handout_text
from counter_tui.domain.deadlines import Light
from counter_tui.domain.errors import DomainError
from counter_tui.services.consultations.conversion import carried_over, convert_consultation
from counter_tui.services.consultations.desk import consultation_view, open_questions
from counter_tui.services.consultations.handout import print_handout
from counter_tui.services.consultations.questions import refer_consultation, take_consultation
from counter_tui.services.intake.draft import start_draft
from counter_tui.store.events import event_data
from counter_tui.store.models import Consultation, Event

pytestmark = pytest.mark.both_engines

# Thursday 2026-12-03, 10:00 in Shanghai: due at 10:30 (30 working minutes).
ASKED = datetime(2026, 12, 3, 2, 0)


def _counts() -> tuple[int, int]:
    return Consultation.select().count(), Event.select().count()


def _last_event() -> Event:
    return Event.select().order_by(Event.id.desc()).first()


def test_lights_red_past_the_promise_yellow_in_its_last_third(demo_db: str, sign) -> None:
    clerk = sign("ga01")
    ident = take_consultation(clerk, "户口迁移要多久？", at=ASKED)

    def light(minutes: int) -> Light:
        [question] = open_questions(clerk, now=ASKED + timedelta(minutes=minutes))
        assert question.line.id == ident
        return question.light

    assert [light(0), light(19), light(20), light(30), light(31)] == [
        Light.GREEN,
        Light.GREEN,
        Light.YELLOW,
        Light.YELLOW,
        Light.RED,
    ]


def test_the_handout_prints_the_items_materials_and_is_logged(demo_db: str, sign) -> None:
    clerk = sign("ga01")
    ident = take_consultation(
        clerk,
        "居住证要带什么？",
        item_code="GA-010",
        visitor="王芳<script>",
        answer="见告知单",
        at=ASKED,
    )
    handout = print_handout(clerk, ident, at=ASKED + timedelta(days=6))  # asked again later
    assert (handout.guide.code, handout.visitor, handout.clerk) == (
        "GA-010",
        "王芳<script>",
        "张敏",
    )
    event = _last_event()
    assert (event.kind, event.staff.code) == ("consultation_printed", "ga01")
    assert event_data(event)["consultation"] == ident
    text = handout_text(handout)
    for material in handout.guide.materials:
        assert material.name[:6] in text
    assert "居住证要带什么？" in text and "2026年12月3日" in text
    page = handout_html(handout)
    assert "<script>" not in page and "王芳&lt;script&gt;" in page


def test_no_item_or_someone_elses_question_prints_nothing(demo_db: str, sign) -> None:
    without_item = take_consultation(sign("ga01"), "办事大厅几点关门？", answer="17:00")
    with_item = take_consultation(sign("ga01"), "补领身份证？", item_code="GA-002")
    before = _counts()
    for who, ident, rule in (
        ("ga01", without_item, "consultation.no_item"),
        ("ga03", with_item, "consultation.owner"),
        ("admin", with_item, "auth.role"),
        ("ga01", 10**12, "consultation.missing"),
        ("ga01", -1, "consultation.missing"),
    ):
        with pytest.raises(DomainError) as refused:
            print_handout(sign(who), ident)
        assert refused.value.rule == rule
    assert _counts() == before


def test_an_answered_question_becomes_an_application(demo_db: str, sign) -> None:
    clerk = sign("ga01")
    ident = take_consultation(
        clerk,
        "能办居住证吗？",
        item_code="GA-010",
        visitor="李雷",
        phone="13800000000",
        answer="能",
    )
    carried = carried_over(clerk, ident)
    assert (carried.item_code, carried.visitor, carried.phone) == ("GA-010", "李雷", "13800000000")
    number = start_draft(clerk, carried.item_code)
    convert_consultation(clerk, ident, number)
    row = Consultation.get_by_id(ident)
    assert (row.case.number, row.state) == (number, "answered")
    event = _last_event()
    assert (event.kind, event_data(event)) == (
        "consultation_converted",
        {"consultation": ident, "case": number},
    )
    assert consultation_view(clerk, ident).case_number == number
    with pytest.raises(DomainError) as again:
        carried_over(clerk, ident)
    assert again.value.rule == "consultation.converted"


def test_an_open_question_converted_is_answered_by_it(demo_db: str, sign) -> None:
    clerk = sign("ga01")
    ident = take_consultation(clerk, "要预约吗？", item_code="GA-010", at=ASKED)
    number = start_draft(clerk, "GA-010", at=ASKED)
    convert_consultation(clerk, ident, number, at=ASKED + timedelta(minutes=5))
    row = Consultation.get_by_id(ident)
    assert (row.state, row.closed_at) == ("answered", ASKED + timedelta(minutes=5))
    assert open_questions(clerk, now=ASKED) == []


def test_a_referred_question_or_a_strange_case_does_not_convert(demo_db: str, sign) -> None:
    clerk = sign("ga01")
    referred = take_consultation(clerk, "能补办驾照吗？", item_code="GA-010")
    refer_consultation(clerk, referred, "交警大队")
    ident = take_consultation(clerk, "要预约吗？", item_code="GA-010")
    others = start_draft(sign("ga03"), "GA-010")
    before = _counts()
    for who, consultation, number, rule in (
        ("ga01", referred, others, "consultation.referred"),
        ("ga01", ident, others, "consultation.case"),  # another clerk's case
        ("ga01", ident, "'; DROP TABLE case;--", "consultation.case"),
        ("ga01", ident, "\x00" * 3, "consultation.case"),
        ("ga03", ident, others, "consultation.owner"),
        ("admin", ident, others, "auth.role"),
    ):
        with pytest.raises(DomainError) as refused:
            convert_consultation(sign(who), consultation, number)
        assert refused.value.rule == rule
    assert _counts() == before
    assert Consultation.get_by_id(ident).case is None


def test_a_clerk_sees_only_their_own_or_their_departments(demo_db: str, sign) -> None:
    ident = take_consultation(sign("ga01"), "问题", item_code="GA-010")
    assert consultation_view(sign("ga03"), ident).question == "问题"  # same department
    with pytest.raises(DomainError) as refused:
        consultation_view(sign("hb01"), ident)
    assert refused.value.rule == "consultation.missing"

"""Every decision in writing (docs/rules.md §6): the grant and the denial of a licence
(行政许可法 Art. 38, on the spot Art. 34(2)), the result notice of another item, numbered
and read back from their PDFs; the decision date, result number and delivery (Art. 44)."""

import re
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from case_checks import assert_refused, case_of
from pypdf import PdfReader

from counter_tui.documents import fonts
from counter_tui.documents.notices import notice_pdf
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.cases.documents import IssuedDocument, case_documents
from counter_tui.services.intake import decisions
from counter_tui.services.tracking import progress
from counter_tui.store.events import event_data
from counter_tui.store.models import Event, Item

pytestmark = pytest.mark.both_engines

FRIDAY = date(2026, 11, 27)
CI_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei
REMEDIES = (
    "如不服本决定，可以自收到本决定书之日起六十日内向示范市人民政府申请行政复议，"
    "或者自收到本决定书之日起六个月内向示范市示范新区人民法院提起行政诉讼。"
)


def _pdf(document: IssuedDocument) -> str:
    """The document printed, read back as text without blanks."""
    face = fonts.check_font(CI_FONT)
    pages = PdfReader(BytesIO(notice_pdf(document, face, FRIDAY))).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def _decision(number: str, sign, kind: DocumentKind) -> IssuedDocument:
    [document] = [d for d in case_documents(sign("ga03"), number) if d.kind is kind]
    return document


@pytest.fixture
def accepted(received, sign, on):
    def make(item: str = "GA-001", clerk: str = "ga03") -> str:
        number = received(item, clerk=clerk, day=FRIDAY)
        decisions.accept(sign(clerk), number, at=on(FRIDAY, 10))
        return number

    return make


def test_a_granted_licence_is_a_numbered_decision_with_its_licence_number(
    demo_db: str, accepted, sign, on
) -> None:
    number = accepted()
    progress.complete(
        sign("ga03"), number, "posted", result_number="示公枪运字001号", at=on(FRIDAY, 15)
    )
    case = case_of(number)
    assert (case.decided_on, case.result_number, case.delivered_on) == (
        FRIDAY,
        "示公枪运字001号",
        None,
    )
    grant = _decision(number, sign, DocumentKind.GRANT)
    assert re.fullmatch(r"公安许〔2026〕\d+号", grant.number)
    text = _pdf(grant)
    assert text.startswith(f"示范市公安局准予行政许可决定书{grant.number}")
    assert "本机关已于2026年11月27日受理。经审查，该申请符合法定条件、标准。" in text
    assert (
        "根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予行政许可。" in text
    )
    assert "十个工作日内向您颁发、送达行政许可证件" in text
    assert "许可证件编号示公枪运字001号" in text and "投诉监督电话：0571-12345。" in text
    assert "行政复议" not in text  # the applicant got what they asked for
    [event] = Event.select().where((Event.case == case) & (Event.kind == "complete"))
    assert event_data(event)["document"] == grant.number


def test_a_denial_states_its_reasons_and_the_remedies(demo_db: str, accepted, sign, on) -> None:
    number = accepted()
    progress.record_denial(sign("ga03"), number, "运输路线未经押运方案论证。", at=on(FRIDAY, 15))
    assert case_of(number).decided_on == FRIDAY
    text = _pdf(_decision(number, sign, DocumentKind.DENIAL))
    assert text.startswith("示范市公安局不予行政许可决定书公安不许〔2026〕")
    assert "该申请不符合法定条件、标准，理由如下：运输路线未经押运方案论证。" in text
    assert "第三十八条第二款的规定，本机关决定不予行政许可。" in text
    assert REMEDIES in text and "投诉监督电话：0571-12345" in text


def test_a_decision_on_the_spot_is_in_writing(demo_db: str, received, sign, on) -> None:
    """Art. 34(2): an immediate licence decided at the window gets its decision at once."""
    Item.update(item_type="licensing").where(Item.code == "GA-004").execute()
    number = received("GA-004", day=FRIDAY)
    assert decisions.complete_on_spot(sign("ga03"), number, at=on(FRIDAY, 11)).value == "completed"
    text = _pdf(_decision(number, sign, DocumentKind.GRANT))
    assert "申请材料齐全、符合法定形式，能够当场作出决定。" in text
    assert "第三十四条第二款的规定，本机关当场作出书面决定，准予行政许可。" in text


def test_a_non_licensing_item_gets_a_result_notice_citing_its_own_law(
    demo_db: str, received, sign, on
) -> None:
    """无犯罪记录证明 is a public service: no 行政许可法 on its result."""
    number = received("GA-009", day=FRIDAY)
    decisions.complete_on_spot(sign("ga03"), number, at=on(FRIDAY, 11))
    notice = _decision(number, sign, DocumentKind.RESULT_NOTICE)
    assert notice.number.startswith("公安结〔2026〕")
    text = _pdf(notice)
    assert "办理结果通知书" in text
    assert "根据《中华人民共和国刑事诉讼法》《公安机关办理犯罪记录查询工作规定》的规定" in text
    assert "本机关决定予以办理" in text and "行政许可" not in text


def test_a_non_licensing_denial_gives_reasons_remedies_and_its_own_law(
    demo_db: str, accepted, sign, on
) -> None:
    number = accepted("GA-010")
    progress.record_denial(sign("ga03"), number, "居住登记未满半年", at=on(FRIDAY, 15))
    text = _pdf(_decision(number, sign, DocumentKind.RESULT_NOTICE))
    assert "理由如下：居住登记未满半年。根据《居住证暂行条例》的规定，本机关决定不予办理。" in text
    assert REMEDIES in text and "行政许可" not in text


def test_the_chief_signs_the_decisions_of_one_review_one_approval(
    demo_db: str, received, sign, on
) -> None:
    """一审一核: the approval and the denial issue their decisions, the reviewing clerk
    named as the one who handled it and the chief as the one who signed."""
    clerk = sign("hb01")
    numbers = []
    for _ in range(2):
        number = received("HB-006", clerk="hb01", day=FRIDAY)
        decisions.accept(clerk, number, at=on(FRIDAY, 10))
        progress.request_approval(clerk, number, "材料齐全", at=on(FRIDAY, 11))
        numbers.append(number)
    decisions.approve(sign("hbchief"), numbers[0], at=on(FRIDAY, 15))
    decisions.deny(sign("hbchief"), numbers[1], "排污许可证载明事项未发生变更", at=on(FRIDAY, 15))
    grant = [d for d in case_documents(clerk, numbers[0]) if d.kind is DocumentKind.GRANT]
    denial = [d for d in case_documents(clerk, numbers[1]) if d.kind is DocumentKind.DENIAL]
    assert len(grant) == len(denial) == 1
    for document in (grant[0], denial[0]):
        assert document.body["clerk"] == "孙静" and document.body["signed_by"] == "郑卫东"
        assert _pdf(document).startswith("示范市生态环境局")
    assert "理由如下：排污许可证载明事项未发生变更。" in _pdf(denial[0])


def test_a_delivery_past_ten_working_days_is_flagged(demo_db: str, accepted, sign, on) -> None:
    """Art. 44: decided on Friday 27 November, due by Friday 11 December."""
    late, in_time = accepted(), accepted()
    for number in (late, in_time):
        progress.complete(sign("ga03"), number, "posted", at=on(FRIDAY, 15))
    done = progress.record_delivery(sign("ga03"), in_time, "posted", at=on(date(2026, 12, 11)))
    assert (done.delivered_on, done.due, done.late) == (
        date(2026, 12, 11),
        date(2026, 12, 11),
        False,
    )
    day = date(2026, 12, 14)
    done = progress.record_delivery(sign("ga03"), late, "posted", day, at=on(day, 16))
    assert done.late and case_of(late).delivered_on == day
    assert event_data(
        Event.select().where(Event.case == case_of(late)).order_by(Event.id.desc()).first()
    ) == {
        "delivery": "posted",
        "on": "2026-12-14",
        "late": True,
    }


def test_handing_over_at_the_window_delivers_the_same_day(demo_db: str, accepted, sign, on) -> None:
    number = accepted()
    progress.complete(sign("ga03"), number, "handed_over", at=on(FRIDAY, 15))
    assert case_of(number).delivered_on == FRIDAY


@pytest.mark.parametrize(
    ("state", "day", "rule"),
    [
        ("accepted", None, "delivery.undecided"),
        ("completed", date(2026, 11, 26), "delivery.day"),  # before the decision
        ("completed", date(2026, 12, 30), "delivery.day"),  # after today
        ("completed", "2026-12-01", "delivery.day"),  # not a date
        ("delivered", None, "delivery.recorded"),
    ],
)
def test_a_delivery_that_cannot_be_is_refused_and_changes_nothing(
    demo_db: str, accepted, sign, on, state: str, day, rule: str
) -> None:
    number = accepted()
    if state != "accepted":
        progress.complete(sign("ga03"), number, "posted", at=on(FRIDAY, 15))
    if state == "delivered":
        progress.record_delivery(sign("ga03"), number, "posted", at=on(FRIDAY, 16))
    assert_refused(
        lambda: progress.record_delivery(
            sign("ga03"), number, "posted", day, at=on(date(2026, 12, 1))
        ),
        number,
        rule,
    )

"""A bundle case's documents (docs/rules.md §21): one receipt, one combined one-time
notice and one acceptance notice, each with every item's part, as text in Chinese and
English and as an A4 PDF."""

import dataclasses
import re
from datetime import date
from io import BytesIO
from types import MappingProxyType

import pytest
from bundle_checks import EIA_FORM, SITE_REPORT
from pypdf import PdfReader

from counter_tui import i18n
from counter_tui.documents.notices import notice_pdf, notice_text, suggested_filename
from counter_tui.services.auth import session_of
from counter_tui.services.bundles import intake as bundles
from counter_tui.services.cases.documents import case_documents
from counter_tui.store.models import BundleCase, Case, Staff

pytestmark = [pytest.mark.both_engines, pytest.mark.usefixtures("demo_db")]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _case_numbers(number: str) -> list[str]:
    bundle_case = BundleCase.get(BundleCase.number == number)
    cases = Case.select().where(Case.bundle_case == bundle_case).order_by(Case.id)
    return [case.number for case in cases]


@pytest.fixture
def noticed(taken, desk, on, demo_today):
    """A bundle case received with two items' materials missing, and its notice."""
    number = taken(flaws=(SITE_REPORT, EIA_FORM))
    receipt, notice = bundles.issue_bundle_notice(session_of(desk), number, at=on(demo_today))
    return number, receipt, notice


def test_the_combined_notice_lists_each_items_deficiencies_under_its_case(noticed):
    number, _receipt, notice = noticed
    squashed = _squash(notice_text(notice))
    gh005, hb002, gh001 = _case_numbers(number)

    assert "一次性告知书" in squashed and notice.number in squashed
    assert f"一件事编号：{number}" in squashed
    planning, environment = "示范市自然资源和规划局", "示范市生态环境局"
    assert f"事项1：建设项目用地预审与选址意见书（{planning}，办件编号：{gh005}）" in squashed
    assert f"事项2：建设项目环境影响报告表审批（{environment}，办件编号：{hb002}）" in squashed
    assert SITE_REPORT in squashed and _squash(EIA_FORM) in squashed
    assert f"事项3：建设用地规划许可证（{planning}，办件编号：{gh001}）" in squashed
    assert "材料齐全，待其他事项补正后一并受理" in squashed
    # The terms once, for the whole bundle: one date, one list that is the whole of it.
    assert squashed.count("本告知书所列为需补正的全部内容") == 1
    assert "98号窗口" in squashed
    assert "110105********002X" in squashed and "11010519491231002X" not in squashed


def test_the_one_receipt_lists_every_items_materials(noticed):
    _number, receipt, _notice = noticed
    squashed = _squash(notice_text(receipt))
    assert "材料接收凭证" in squashed
    assert "共3个事项" in squashed
    assert squashed.count("办件编号：") >= 3
    assert "不代表申请已被受理" in squashed


def test_every_case_of_the_bundle_shows_the_one_notice(noticed):
    number, _receipt, notice = noticed
    for case_number in _case_numbers(number):
        case = Case.get(Case.number == case_number)
        owner = session_of(Staff.get_by_id(case.owner_id))
        numbers = [d.number for d in case_documents(owner, case_number)]
        assert numbers.count(notice.number) == 1


def test_the_acceptance_notice_gives_each_items_case_number_and_clocks(taken, desk, on, demo_today):
    number = taken()
    _receipt, notice = bundles.accept_bundle(session_of(desk), number, at=on(demo_today))
    squashed = _squash(notice_text(notice))
    for case_number in _case_numbers(number):
        assert case_number in squashed
    assert "受理通知书" in squashed
    assert "各事项办理结果在98号窗口统一领取" in squashed
    # GH-005: 20 working days by law, 10 promised; HB-002: 30 natural days (环评法), 10.
    assert "20个工作日（2026年12月25日前）" in squashed
    assert "30日（2026年12月28日前）" in squashed


LICENSING_LAW = "《中华人民共和国行政许可法》第二十六条第二款"
GUIDANCE = "国发〔2024〕3号"


def test_each_document_says_why_one_office_takes_every_item(noticed, taken, desk, on, demo_today):
    """The comprehensive window's office takes what several departments decide: every
    bundle document cites the law that lets it, and says each department decides."""
    _number, receipt, notice = noticed
    _receipt, accepted = bundles.accept_bundle(session_of(desk), taken(), at=on(demo_today))
    for document in (receipt, notice, accepted):
        squashed = _squash(notice_text(document))
        assert LICENSING_LAW in squashed and GUIDANCE in squashed, document.kind
        assert "由各部门依法审查并作出决定" in squashed


def test_a_bundle_of_other_items_cites_the_guidance_only(noticed):
    """Items that are not licences are not taken under the licensing law."""
    _number, _receipt, notice = noticed
    cases = [{**part, "item": {**part["item"], "type": "other"}} for part in notice.body["cases"]]
    other = dataclasses.replace(notice, body=MappingProxyType({**notice.body, "cases": cases}))
    squashed = _squash(notice_text(other))
    assert GUIDANCE in squashed and "第二十六条" not in squashed


def test_the_documents_read_in_english_too(noticed):
    number, _receipt, notice = noticed
    i18n.set_language("en")
    text = notice_text(notice)
    assert "bundle case number " + number in " ".join(text.split())
    assert "Materials complete" in text
    assert suggested_filename(notice) == f"{number}_deficiency_notice.pdf"


def test_the_combined_notice_prints_as_a4_pdf(noticed, ci_font):
    number, _receipt, notice = noticed
    data = notice_pdf(notice, ci_font, date(2026, 11, 27))
    text = _squash("".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages))
    assert notice.number in text and number in text
    for case_number in _case_numbers(number):
        assert case_number in text
    assert _squash(SITE_REPORT) in text

"""The documents of a case as printed: text preview, HTML fallback and A4 PDF, each with
the key facts and the legal wording, reprinted from what was stored.

The PDF tests need a Chinese font: `.ci/run` installs fonts-wqy-microhei, and a test that
needs it fails (never skips) when it is missing.
"""

import dataclasses
import re
import stat
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from types import MappingProxyType

import pytest
from case_checks import EXTENDABLE_ITEM, assert_refused
from font_files import box_font
from pypdf import PdfReader
from rich.cells import cell_len

from counter_tui import i18n
from counter_tui.documents import fonts
from counter_tui.documents.errors import FontError
from counter_tui.documents.notice_words import RENDERERS
from counter_tui.documents.notices import (
    notice_content,
    notice_html,
    notice_pdf,
    notice_text,
    print_notice,
    suggested_filename,
)
from counter_tui.documents.pdfkit import (
    FAMILY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    new_pdf,
    tight_placing,
)
from counter_tui.domain.checklist import MaterialMark, MaterialStatus
from counter_tui.domain.numbering import DOCUMENT_TITLES, DocumentKind
from counter_tui.services.cases.documents import IssuedDocument, case_documents
from counter_tui.services.handover.handover import handover_sheet, start_handover
from counter_tui.services.intake import case_view, checklist, decisions, refusals
from counter_tui.services.intake.draft import update_applicant
from counter_tui.services.profile import centre_profile, set_profile
from counter_tui.services.tracking import extensions, progress, suspensions
from counter_tui.store.models import Item, Material

pytestmark = pytest.mark.both_engines


CI_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei
MM = 72 / 25.4
SUPPLEMENT_DAY = date(2026, 12, 2)
REMEDIES = (
    "申请人如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(data: bytes) -> str:
    return _squash("".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages))


@pytest.fixture
def ci_font() -> fonts.FontFace:
    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"
    return fonts.check_font(CI_FONT)


@pytest.fixture
def noticed(received, sign, on, demo_today) -> tuple[str, IssuedDocument]:
    """A case with one missing and one deficient material, and its one-time notice."""
    number = received(flaws={2: "missing", 3: "复印件未加盖公章"})
    return number, decisions.issue_notice(sign("ga03"), number, at=on(demo_today, 11))


def test_the_receipt_lists_what_was_handed_over(demo_db: str, noticed, sign) -> None:
    number, _notice = noticed
    receipt = case_documents(sign("ga03"), number)[0]
    text = notice_text(receipt)
    squashed = _squash(text)
    assert "材料接收凭证" in text and receipt.number in text
    assert "您于2026年11月27日申请办理的“居住证申领”事项" in squashed
    assert "申请人居民身份证" in text and "已收取" in text
    assert "未提交" in text  # the missing photograph
    assert "已收取，不符合要求：复印件未加盖公章" in squashed
    assert "不代表申请已被受理" in squashed
    assert "逾期不告知的，自收到申请材料之日起即为受理" in squashed
    # Not applicable materials are not listed; the clerk, window and department are.
    assert "就读证明" not in text
    assert "承办人：王丽娟" in text and "承办窗口：2号窗口" in text
    assert "示范市公安局（盖章）" in text and "2026年11月27日" in text


def test_the_notice_lists_every_deficiency_deadline_and_phone(demo_db: str, noticed) -> None:
    number, notice = noticed
    text = notice_text(notice)
    squashed = _squash(text)
    assert "一次性告知书" in text and notice.number in text and number in text
    assert (
        "经审查，您于2026年11月27日申请的“居住证申领”事项（办件编号：" + number + "），"
        "申请材料存在以下问题，请补正后再次提交："
    ) in squashed
    assert "本人近期免冠彩色相片（或数码相片回执）" in squashed and "缺少该材料" in text
    assert "居住登记凭证" in text and "不符合要求：复印件未加盖公章" in squashed
    assert "登记地址在本市" in squashed  # the acceptance standard: what is required
    assert "请于2026年12月11日前（10个工作日内）携带本告知书到2号窗口补正上述全部材料" in squashed
    assert "0571-86801002" in text
    assert "本告知书所列为需补正的全部内容" in squashed
    # The full ID number is never printed.
    assert "11010519491231002X" not in text and "110105********002X" in text


def test_the_notice_cites_its_article_and_has_a_receipt_line(
    demo_db: str, received, sign, on, demo_today
) -> None:
    number = received("GA-001", flaws={2: "missing"})
    notice = decisions.issue_notice(sign("ga03"), number, at=on(demo_today, 11))
    squashed = _squash(notice_text(notice))
    assert "根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定" in squashed
    assert "申请人签收：____________签收日期：______年____月____日" in squashed
    assert "送达方式：当面送达" in squashed
    # 枪支管理法 does not deem an application withdrawn: the notice does not say so.
    assert "补正材料齐全、符合法定形式的，本机关自补正之日起予以受理。" in squashed
    assert "视为撤回" not in squashed


def test_deemed_withdrawn_only_under_the_items_own_law(
    demo_db: str, received, sign, on, demo_today
) -> None:
    Item.update(withdrawal_basis="《某某登记条例》第十二条").where(Item.code == "GA-010").execute()
    number = received(flaws={2: "missing"})
    notice = decisions.issue_notice(
        sign("ga03"), number, delivery="post", delivery_detail="EMS 1234", at=on(demo_today, 11)
    )
    squashed = _squash(notice_text(notice))
    assert "根据《某某登记条例》第十二条的规定，逾期未补正的，视为撤回申请。" in squashed
    assert "送达方式：邮寄送达（EMS1234）" in squashed
    assert "行政许可法" not in squashed  # 居住证 is not a licence


def test_a_notice_with_an_unknown_delivery_is_refused(
    demo_db: str, received, sign, on, demo_today
) -> None:
    number = received(flaws={2: "missing"})
    assert_refused(
        lambda: decisions.issue_notice(sign("ga03"), number, delivery="pigeon"),
        number,
        "notice.delivery",
    )


def test_a_deferred_acceptance_never_claims_the_materials_complete(
    demo_db: str, draft, sign, on, ci_font
) -> None:
    """容缺: the main materials are complete, the deferred ones are listed with their
    dates, and the applicant's undertaking follows on a sheet of its own to sign."""
    number = draft("GA-011", clerk="ga05")
    clerk = sign("ga05")
    item = case_view.load_case(clerk, number).checklist
    for line in item:
        position = Material.get_by_id(line.material_id).position
        if position == 3:
            checklist.mark_material(
                clerk, number, line.material_id, "deferred", deferred_until=date(2026, 12, 10)
            )
        elif position in (6, 7, 8):
            checklist.mark_material(clerk, number, line.material_id, "not_applicable")
    checklist.mark_all_remaining_provided(clerk, number)
    decisions.submit(clerk, number, at=on(date(2026, 11, 27)))
    notice = decisions.accept(clerk, number, at=on(date(2026, 11, 27)))
    data = notice_pdf(notice, ci_font, date(2026, 11, 27))
    pages = [_squash(page.extract_text()) for page in PdfReader(BytesIO(data)).pages]
    first, undertaking = pages[0], pages[-1]
    assert "主要申请材料齐全、符合法定形式，对下列材料容缺受理。" in first
    assert "，申请材料齐全" not in "".join(pages)
    assert "设计单位资质证明文件" in first and "2026年12月10日" in first
    assert "根据《中华人民共和国行政许可法》第三十二条的规定" in first
    assert "投诉监督电话：0571-12345。" in first
    assert undertaking.startswith("容缺受理承诺书") or "容缺受理承诺书" in undertaking[:40]
    assert "承诺在下列日期前补交以下容缺材料" in undertaking
    assert "设计单位资质证明文件" in undertaking and "2026年12月10日" in undertaking
    assert "承诺人（签名）：____________" in undertaking
    assert "容缺受理承诺书" in notice_text(notice)


def test_a_non_licensing_acceptance_does_not_cite_the_licensing_law(
    demo_db: str, received, sign
) -> None:
    notice = decisions.accept(sign("ga03"), received("GA-010"))
    squashed = _squash(notice_text(notice))
    assert "申请材料齐全、符合法定形式。本机关决定自" in squashed
    assert "行政许可法" not in squashed and "容缺" not in squashed
    i18n.set_language("en")  # the two sentences apart in English
    assert "in the legal form. It is accepted as of" in " ".join(notice_text(notice).split())


def test_the_acceptance_notice_after_the_supplement(
    demo_db: str, noticed, sign, on, materials
) -> None:
    number, _notice = noticed
    marks = {m: MaterialMark(MaterialStatus.PROVIDED) for m in materials(number)[1:3]}
    result = decisions.recheck_supplement(sign("ga04"), number, marks, at=on(SUPPLEMENT_DAY))
    text = notice_text(result.document)
    squashed = _squash(text)
    assert "受理通知书" in text and result.document.number in text
    assert "已于2026年12月2日按一次性告知书补正全部材料" in squashed
    assert "本机关决定自2026年12月2日起予以受理" in squashed
    assert "受理日期：2026年12月2日" in squashed
    # 居住证 counts days, not working days: 2 December + 15, + 7.
    assert "法定时限：15日（2026年12月17日前）" in squashed
    assert "承诺时限：7日" in squashed
    assert "预计办结日期：2026年12月9日" in squashed
    assert "暂定" not in text
    assert "承办人：刘洋" in text


def test_a_provisional_expected_date_says_so(demo_db: str, received, sign, on) -> None:
    number = received(EXTENDABLE_ITEM, day=date(2026, 12, 28))
    text = notice_text(decisions.accept(sign("ga03"), number, at=on(date(2026, 12, 28))))
    # Five working days, 元旦 estimated a holiday: 29, 30, 31 December, 4, 5 January.
    assert "预计办结日期：2027年1月5日（暂定）" in _squash(text)
    assert "法定节假日安排尚未公布" in _squash(text)


PROFILE_REMEDIES = (
    "如不服本决定，可以自收到本决定书之日起六十日内向示范市人民政府申请行政复议，"
    "或者自收到本决定书之日起六个月内向示范市示范新区人民法院提起行政诉讼。"
)


def test_the_refusal_gives_the_ground_remedies_and_signature(demo_db: str, received, sign) -> None:
    number = received("GA-001")
    refusals.refuse(sign("ga03"), number, "outside_remit", competent_body="示范市市场监督管理局")
    document = refusals.sign_refusal(sign("gachief"), number)
    text = notice_text(document)
    squashed = _squash(text)
    assert text.split("\n")[0].strip() == "示范市公安局"  # the organ heads its decision
    assert "不予受理决定书" in squashed and "公安不受〔2026〕" in squashed
    assert "该申请事项依法不属于本机关职权范围，请向示范市市场监督管理局提出申请。" in squashed
    assert (
        "根据《中华人民共和国行政许可法》第三十二条第一款第（二）项的规定，本机关决定不予受理"
        in squashed
    )
    assert PROFILE_REMEDIES in squashed
    assert "投诉监督电话：0571-12345。" in squashed
    assert "承办人：王丽娟" in squashed and "签发人：赵建国" in squashed


def test_no_licence_needed_cites_item_one(demo_db: str, received, sign) -> None:
    number = received("GA-001")
    outcome = refusals.refuse(sign("gachief"), number, "not_required", details="属于备案事项")
    document = outcome.document
    assert document is not None
    squashed = _squash(notice_text(document))
    assert "该申请事项依法不需要取得行政许可：属于备案事项。" in squashed
    assert "第三十二条第一款第（一）项" in squashed


def test_a_non_licensing_item_cites_its_own_law_never_the_licensing_law(
    demo_db: str, received, sign
) -> None:
    """居住证 is a public service under 居住证暂行条例 (issue 19)."""
    document = refusals.refuse(sign("gachief"), received("GA-010"), "not_required").document
    squashed = _squash(notice_text(document))
    assert "该申请事项依法不需要由本机关办理。" in squashed
    assert "根据《居住证暂行条例》的规定，本机关决定不予受理。" in squashed
    assert "行政许可" not in squashed
    assert PROFILE_REMEDIES in squashed


def test_a_refusal_prints_without_the_profile_bodies(demo_db: str, received, sign) -> None:
    """A centre whose profile lacks them still prints the decision, with the bodies
    described (the administrator's home lists the gap)."""
    set_profile(None, dataclasses.replace(centre_profile(), reconsideration_body="", court=""))
    document = refusals.refuse(sign("gachief"), received("GA-001"), "not_required").document
    squashed = _squash(notice_text(document))
    assert "六十日内向依法履行行政复议职责的行政机关申请行政复议" in squashed
    assert "六个月内向有管辖权的人民法院提起行政诉讼" in squashed


_AT = datetime(2026, 11, 27, 10)
# A refusal's body as issued before issue 19: no item type, remedies or complaint phone.
_OLD_REFUSAL = {
    "kind": "refusal",
    "number": "公安不受〔2026〕1号",
    "date": "2026-11-27",
    "centre": "示范市行政服务中心",
    "department": "示范市公安局",
    "window": 3,
    "phone": "0571-86801003",
    "clerk": "王丽娟",
    "case": "GA20261127-0001",
    "item": {"code": "GA-010", "version": 1, "name": "居住证申领"},
    "applicant": {
        "kind": "person",
        "name": "王小明",
        "id_type": "resident_id",
        "id_number": "110101********1234",
        "agent_name": "",
        "agent_id_type": "",
        "agent_id_number": "",
    },
    "received_on": "2026-11-27",
    "competent_body": "",
    "signed_by": None,
}


def test_a_refusal_stored_before_issue_19_reprints_its_words(demo_db: str) -> None:
    body = {
        **_OLD_REFUSAL,
        "reason_kind": "not_eligible",
        "details": "居住登记未满半年",
    }
    document = IssuedDocument("公安不受〔2026〕1号", DocumentKind.REFUSAL, "GA1", _AT, body)
    squashed = _squash(notice_text(document))
    assert "申请人不符合申请条件：居住登记未满半年。" in squashed
    assert "根据《中华人民共和国行政许可法》第三十二条第一款的规定" in squashed
    assert _squash(REMEDIES) in squashed


def test_the_text_keeps_within_its_width(demo_db: str, noticed, sign) -> None:
    number, notice = noticed
    for document in (*case_documents(sign("ga03"), number), notice):
        for width in (40, 72):
            lines = notice_text(document, width=width).splitlines()
            assert max(cell_len(line) for line in lines) <= width


def test_the_documents_read_in_english_too(demo_db: str, noticed) -> None:
    _number, notice = noticed
    i18n.set_language("en")
    text = notice_text(notice)
    assert "One-time notice" in text and "Missing" in text
    assert "by 2026-12-11 (within 10 working days)" in " ".join(text.split())


def test_text_typed_by_anyone_is_shown_as_data(demo_db: str, draft, sign) -> None:
    number = draft()
    hostile = "[red]王[/]<b>小明</b>\x1b[31m"
    update_applicant(sign("ga03"), number, {"name": hostile})
    case = case_view.load_case(sign("ga03"), number)
    assert case.applicant.name == hostile
    for line in case.checklist:
        status = "not_applicable" if line.necessity == "conditional" else "provided"
        checklist.mark_material(sign("ga03"), number, line.material_id, status)
    receipt = decisions.submit(sign("ga03"), number)
    text = notice_text(receipt)
    assert "[red]王[/]<b>小明</b>\\u001b[31m" in text and "\x1b" not in text
    html = notice_html(receipt)
    assert "&lt;b&gt;小明&lt;/b&gt;" in html and "<b>小明" not in html


def test_the_stored_body_renders_the_same_words_on_every_reprint(demo_db: str, noticed) -> None:
    _number, notice = noticed
    copy = dataclasses.replace(notice, body=MappingProxyType(dict(notice.body)))
    assert notice_content(copy) == notice_content(notice)
    assert suggested_filename(notice) == f"{notice.case_number}_deficiency_notice.pdf"


# ── PDF ──────────────────────────────────────────────────────────────────────


def test_the_notice_pdf_is_a4_with_the_key_facts(demo_db: str, noticed, ci_font) -> None:
    number, notice = noticed
    data = notice_pdf(notice, ci_font, date(2026, 11, 27))
    reader = PdfReader(BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (
        PAGE_WIDTH,
        PAGE_HEIGHT,
    )
    text = _pdf_text(data)
    for fact in (
        "一次性告知书",
        notice.number,
        number,
        "申请材料存在以下问题，请补正后再次提交",
        "本人近期免冠彩色相片",
        "复印件未加盖公章",
        "2026年12月11日",
        "0571-86801002",
        "王丽娟",
        "示范市公安局（盖章）",
        "示范市行政服务中心",
    ):
        assert _squash(fact) in text, fact


def test_the_number_brackets_print_tight(ci_font) -> None:
    """〔2026〕, not 〔 2026 〕: a bracket advances only as far as its ink and a little."""
    pdf = new_pdf(ci_font, "t", "t", "c", date(2026, 11, 27))
    pdf.set_font(FAMILY, size=11)
    placed = dict((c, advance) for c, _shift, advance in tight_placing(pdf, "公安受〔2026〕12号"))
    em = pdf.font_size
    assert placed["〔"] < 0.5 * em and placed["〕"] < 0.5 * em
    assert placed["受"] == pdf.get_string_width("受")


def test_the_number_brackets_print_tight_in_a_cff_font_too(tmp_path: Path) -> None:
    """Noto Serif CJK's outlines are CFF: its brackets are measured by their ink as well."""
    # 〔 and 〕 inked in one half of their square, the other half blank.
    boxes = {".notdef": (100, 900), "open": (700, 950), "close": (50, 300)}
    characters = {"〔": "open", "〕": "close", "受": ".notdef"}
    face = fonts.FontFace(box_font(tmp_path / "cff.otf", boxes, characters, cff=True))
    pdf = new_pdf(face, "t", "t", "c", date(2026, 11, 27))
    pdf.set_font(FAMILY, size=10)
    placed = {c: (shift, advance) for c, shift, advance in tight_placing(pdf, "受〔〕")}
    em, pad = pdf.font_size, pdf.font_size * 0.12
    assert placed["〔"] == pytest.approx((0.7 * em - pad, 0.25 * em + 2 * pad))
    assert placed["〕"] == pytest.approx((0.05 * em - pad, 0.25 * em + 2 * pad))
    assert placed["受"] == (0.0, pdf.get_string_width("受"))


def test_every_kind_prints_as_pdf(demo_db: str, noticed, sign, on, ci_font, materials) -> None:
    number, _notice = noticed
    marks = {m: MaterialMark(MaterialStatus.PROVIDED) for m in materials(number)[1:3]}
    decisions.recheck_supplement(sign("ga03"), number, marks, at=on(SUPPLEMENT_DAY))
    documents = case_documents(sign("ga03"), number)
    assert [d.kind.value for d in documents] == [
        "receipt",
        "deficiency_notice",
        "acceptance_notice",
    ]
    titles = {"receipt": "材料接收凭证", "deficiency_notice": "一次性告知书",
              "acceptance_notice": "受理通知书"}  # fmt: skip
    for document in documents:
        text = _pdf_text(notice_pdf(document, ci_font, SUPPLEMENT_DAY))
        assert titles[document.kind.value] in text and _squash(document.number) in text
    assert "预计办结日期" in text and "2026年12月9日" in text


def test_the_refusal_pdf_carries_the_remedies(demo_db: str, received, sign, ci_font) -> None:
    number = received()
    document = refusals.refuse(sign("gachief"), number, "not_required").document
    text = _pdf_text(notice_pdf(document, ci_font, date(2026, 11, 27)))
    assert PROFILE_REMEDIES in text and "签发人" in text
    assert text.startswith("示范市公安局不予受理决定书公安不受〔2026〕")


def test_a_long_notice_continues_on_more_pages(demo_db: str, noticed, ci_font) -> None:
    _number, notice = noticed
    item = dict(notice.body["items"][0])
    items = [{**item, "name": f"测试材料第{n:02d}号", "standard": "标准" * 60} for n in range(30)]
    long = dataclasses.replace(notice, body=MappingProxyType({**notice.body, "items": items}))
    data = notice_pdf(long, ci_font, date(2026, 11, 27))
    pages = PdfReader(BytesIO(data)).pages
    assert len(pages) >= 3
    text = _pdf_text(data)
    assert all(f"测试材料第{n:02d}号" in text for n in range(30))
    last_footer = i18n._("Page {page} of {pages}").format(page=len(pages), pages=len(pages))
    assert _squash(last_footer) in _squash(pages[-1].extract_text())


def test_the_seal_never_stands_on_a_page_without_text(demo_db: str, noticed, ci_font) -> None:
    """Notices of 1 to 24 listed materials: wherever the page breaks, the page that holds
    the seal holds the facts' last row at least (GB/T 9704-2012; docs/rules.md §6)."""
    _number, notice = noticed
    item = dict(notice.body["items"][0])
    seal = _squash(i18n._("{department} (seal)").format(department=notice.body["department"]))
    breaks = 0
    for count in range(1, 25):
        items = [{**item, "name": f"材料{n}", "standard": "标准" * 12} for n in range(count)]
        body = MappingProxyType({**notice.body, "items": items})
        last_fact = _squash(notice_content(dataclasses.replace(notice, body=body)).facts[-1].label)
        pages = PdfReader(
            BytesIO(notice_pdf(dataclasses.replace(notice, body=body), ci_font, date(2026, 11, 27)))
        ).pages
        breaks += len(pages) > 1
        sealed = [
            _squash(page.extract_text()) for page in pages if seal in _squash(page.extract_text())
        ]
        assert len(sealed) == 1 and last_fact in sealed[0], count
    assert breaks  # the sweep crossed a page break


def test_print_writes_a_private_pdf_or_html_without_a_font(
    demo_db: str, noticed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _number, notice = noticed
    result = print_notice(notice, tmp_path / "n.pdf", font=CI_FONT, printed_on=date(2026, 11, 27))
    assert result.is_pdf and result.path.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600  # it names the applicant
    assert "文书已保存到" in result.message()

    def no_font(font=None):
        raise FontError("font.none", "No Chinese font found. Set {env}.", env="X")

    fallback = print_notice(notice, tmp_path / "m.pdf", find=no_font)
    assert not fallback.is_pdf and fallback.path.suffix == ".html"
    assert "一次性告知书" in fallback.path.read_text(encoding="utf-8")
    assert stat.S_IMODE(fallback.path.stat().st_mode) == 0o600


def test_the_extension_and_suspension_notices_print(
    demo_db: str, received, sign, on, ci_font
) -> None:
    number = received(EXTENDABLE_ITEM)
    decisions.accept(sign("ga03"), number, at=on(SUPPLEMENT_DAY))
    extensions.request_extension(sign("ga03"), number, 3, "需现场核查", at=on(SUPPLEMENT_DAY))
    extension = extensions.approve_extension(sign("gachief"), number, at=on(SUPPLEMENT_DAY))
    text = _pdf_text(notice_pdf(extension, ci_font, SUPPLEMENT_DAY))
    assert "延期通知书" in text and _squash(extension.number) in text
    assert "第四十二条" in text and "需现场核查" in text and "签发人" in text
    suspension = suspensions.suspend(
        sign("ga03"), number, "hearing", 5, "组织听证", at=on(SUPPLEMENT_DAY)
    )
    text = _pdf_text(notice_pdf(suspension, ci_font, SUPPLEMENT_DAY))
    assert "特别程序告知书" in text and "第四十五条" in text and "组织听证" in text


def test_every_kind_renders_as_text_and_prints_as_a_pdf(
    demo_db: str, noticed, received, sign, on, ci_font, materials
) -> None:
    """Each DocumentKind has its renderer (notice_words.RENDERERS): one of each is issued, read
    as text and read back from its PDF."""
    number, _notice = noticed
    clerk = sign("ga03")
    marks = {m: MaterialMark(MaterialStatus.PROVIDED) for m in materials(number)[1:3]}
    decisions.recheck_supplement(clerk, number, marks, at=on(SUPPLEMENT_DAY))
    extended = received(EXTENDABLE_ITEM)
    decisions.accept(clerk, extended, at=on(SUPPLEMENT_DAY))
    extensions.request_extension(clerk, extended, 3, "需现场核查", at=on(SUPPLEMENT_DAY))
    extensions.approve_extension(sign("gachief"), extended, at=on(SUPPLEMENT_DAY))
    suspensions.suspend(clerk, extended, "hearing", 5, "组织听证", at=on(SUPPLEMENT_DAY))
    suspensions.resume(clerk, extended, at=on(SUPPLEMENT_DAY))
    refusal = refusals.refuse(sign("gachief"), received(), "not_required").document
    decided = []
    for item, decide in (
        ("GA-001", lambda n: progress.complete(clerk, n, "handed_over")),
        ("GA-001", lambda n: progress.record_denial(clerk, n, "不符合条件")),
        ("GA-010", lambda n: progress.record_denial(clerk, n, "不符合条件")),
    ):
        case = received(item)
        decisions.accept(clerk, case)
        decide(case)
        decided += case_documents(clerk, case)[-1:]
    giver = sign("ga01")
    sheet = handover_sheet(giver, start_handover(giver))
    issued = [*case_documents(clerk, number), *case_documents(clerk, extended), refusal, *decided]
    documents = {d.kind: d for d in [*issued, sheet]}
    assert set(RENDERERS) == set(DocumentKind) == set(documents)
    for kind, document in documents.items():
        title = i18n._(DOCUMENT_TITLES[kind])
        assert title in notice_text(document), kind
        assert _squash(title) in _pdf_text(notice_pdf(document, ci_font, SUPPLEMENT_DAY)), kind

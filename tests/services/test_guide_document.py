"""The printed item guide (办事指南): text preview, HTML fallback, A4 PDF, font discovery.

The PDF tests need a Chinese font: `.ci/run` installs fonts-wqy-microhei, and a test
that needs it fails (never skips) when it is missing.
"""

import dataclasses
import re
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from font_files import CI_FONT, box_font, fake_fontconfig, link
from pypdf import PageObject, PdfReader
from rich.cells import cell_len

from counter_tui import i18n
from counter_tui.documents import fonts
from counter_tui.documents.errors import FontError
from counter_tui.documents.guide import guide_html, guide_text
from counter_tui.documents.labels import days_label
from counter_tui.documents.pdf import (
    BOTTOM,
    PAGE_HEIGHT,
    guide_pdf,
    print_guide,
)
from counter_tui.documents.wrap import NO_LINE_END, NO_LINE_START
from counter_tui.i18n import _
from counter_tui.services.catalog.guide import Guide, GuideMaterial, load_guide
from counter_tui.services.errors import ServiceError
from counter_tui.store.models import Item

pytestmark = pytest.mark.both_engines


PRINTED_ON = date(2026, 11, 27)
MM = 72 / 25.4  # PDF points per millimetre


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _guide(code: str = "GA-001") -> Guide:
    return load_guide(Item.get((Item.code == code) & Item.current).id)


def _material(n: int, **fields: object) -> GuideMaterial:
    values: dict[str, object] = {
        "position": n,
        "name": f"测试材料第{n:02d}号（营业执照或事业单位法人证书）",
        "necessity": "required",
        "condition": "",
        "form": "copy",
        "copies": 1,
        "source": "申请人自备",
        "standard": "在有效期内；复印件注明“与原件一致”并加盖单位公章，与申请表所填内容一致",
        "notes": "",
    }
    values.update(fields)
    return GuideMaterial(**values)  # type: ignore[arg-type]


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(data)).pages]


@pytest.fixture
def ci_font() -> fonts.FontFace:
    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"
    return fonts.check_font(CI_FONT)


@pytest.fixture
def no_font_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """Font discovery with no COUNTER_TUI_FONT set."""
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)


# ── the guide service ─────────────────────────────────────────────────────────


def test_load_guide_gives_plain_data_in_checklist_order(demo_db: str) -> None:
    guide = _guide("GA-001")
    assert guide.name == "枪支省内运输许可证"
    assert guide.department == "示范市公安局"
    assert (guide.kind, guide.legal_limit_days, guide.promised_limit_days) == ("promised", 20, 5)
    assert [m.position for m in guide.materials] == list(range(1, len(guide.materials) + 1))
    assert guide.materials[0].name == "《枪支运输许可证件申请表》"
    assert guide.centre == "示范市行政服务中心"
    with pytest.raises(dataclasses.FrozenInstanceError):
        guide.name = "x"  # type: ignore[misc]


def test_the_guide_names_the_item_type_and_its_special_procedures(demo_db: str) -> None:
    """居住证 is a public service under its own regulation, not a licence (issue 19)."""
    residence = guide_text(_guide("GA-010"), width=72)
    assert "事项类型：公共服务" in residence
    assert "事项类型：行政许可" in guide_text(_guide("GA-001"), width=72)
    permit = _guide("HB-004")
    assert permit.special_steps == (("现场核查", 15),)
    assert "特殊环节：现场核查（15 个工作日）" in guide_text(permit, width=90)


def test_the_guide_of_a_333_item_states_its_promises_in_working_time(demo_db: str) -> None:
    """The centre's 333 (docs/rules.md §19): 建设工程规划许可证 reviewed within 3 working
    hours, questions answered within 30 minutes; an item without them says nothing."""
    text = _squash(guide_text(_guide("GH-002"), width=90))
    assert "材料审核：收件后3个工作小时内" in text
    assert "咨询答复：工作时间30分钟内" in text
    assert "材料审核" not in guide_text(_guide("GA-001"), width=90)


def test_load_guide_of_a_missing_item_is_a_clear_error(demo_db: str) -> None:
    with pytest.raises(ServiceError) as error:
        load_guide(999_999)
    assert error.value.rule == "guide.not_found"


# ── text ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("width", [40, 72])
def test_text_has_every_material_and_the_limits_within_the_width(demo_db: str, width: int) -> None:
    for item in Item.select().where(Item.current):
        guide = load_guide(item.id)
        text = guide_text(guide, width=width)
        squashed = _squash(text)
        assert _squash(guide.name) in squashed
        for material in guide.materials:
            assert _squash(material.name) in squashed, (item.code, material.name)
            if material.necessity == "conditional":
                assert _squash(material.condition) in squashed
        assert days_label(guide.legal_limit_days, guide.limit_unit) in text
        assert days_label(guide.promised_limit_days, guide.limit_unit) in text
        lines = text.splitlines()
        assert max(cell_len(line) for line in lines) <= width, item.code
        # Chinese line-breaking rules: no line starts with a closing mark or ends with an
        # opening one.
        assert not [ln for ln in lines if ln.strip() and ln.strip()[0] in NO_LINE_START]
        assert not [ln for ln in lines if ln.strip() and ln.rstrip()[-1] in NO_LINE_END]


def test_text_wraps_chinese_by_width_not_by_characters(demo_db: str) -> None:
    guide = dataclasses.replace(_guide(), conditions="申请单位" * 40)
    lines = guide_text(guide, width=40).splitlines()
    body = [ln for ln in lines if ln.startswith("申请单位")]
    assert len(body) >= 8  # 160 double-width characters in 40 cells: 20 to a line
    assert all(cell_len(ln) == 40 for ln in body[:-1])


def test_text_shows_necessity_form_copies_and_deferrable(demo_db: str) -> None:
    guide = dataclasses.replace(
        _guide(),
        materials=(
            _material(1, necessity="deferrable", form="original_and_copy", copies=2),
            _material(2, necessity="conditional", condition="委托代理人办理的", notes="核对后退还"),
        ),
    )
    text = guide_text(guide)
    for label in (_("Deferrable"), _("Conditional"), _("Original and copy"), _("Copy")):
        assert label in text
    assert i18n.ngettext("{n} copy", "{n} copies", 2).format(n=2) in text
    assert "委托代理人办理的" in text and "核对后退还" in text
    note = _(
        "Deferrable: the application can be accepted without this material "
        "if it is supplied within the time agreed at the window."
    )
    assert _squash(note) in _squash(text)


def test_labels_follow_the_interface_language(demo_db: str) -> None:
    i18n.set_language("en")
    english = guide_text(_guide())
    assert "Legal time limit" in english and "Materials (10)" in english
    assert "枪支省内运输许可证" in english  # catalog text is never translated


def test_text_typed_by_anyone_is_data(demo_db: str) -> None:
    guide = dataclasses.replace(
        _guide(),
        name="<script>alert('x')</script>",
        fees="[red]免费[/]",
        materials=(_material(1, notes="\x1b[2J清屏 [bold]粗[/bold] \u202e反向"),),
    )
    text = guide_text(guide)
    assert "[red]免费[/]" in text and "[bold]粗[/bold]" in text
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\u001b[2J清屏" in text and "\\u202e反向" in text


# ── HTML ──────────────────────────────────────────────────────────────────────


def test_html_escapes_everything_typed(demo_db: str) -> None:
    guide = dataclasses.replace(
        _guide(),
        name="<script>alert('x')</script>",
        fees="[red]免费[/] & <b>",
        materials=(_material(1, name='材料"><img src=x onerror=alert(1)>', notes="[red]注意[/]"),),
    )
    page = guide_html(guide)
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "材料&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "[red]免费[/] &amp; &lt;b&gt;" in page and "[red]注意[/]" in page
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_html_has_every_material(demo_db: str) -> None:
    guide = _guide("GA-001")
    page = guide_html(guide)
    assert 'lang="zh-CN"' in page
    for material in guide.materials:
        assert material.name in page
        assert material.standard in page


# ── PDF ───────────────────────────────────────────────────────────────────────


def test_pdf_is_a4_with_the_chinese_title_every_material_and_an_embedded_subset(
    demo_db: str, tmp_path: Path, no_font_config: None
) -> None:
    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"
    guide = _guide("GA-001")
    result = print_guide(guide, tmp_path / "guide.pdf", printed_on=PRINTED_ON)
    assert result.is_pdf and result.path == tmp_path / "guide.pdf"
    assert str(result.path) in result.message()
    data = result.path.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(data))
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (
            595.3,
            841.9,
        )
    text = _squash("".join(_pages(data)))
    assert _squash(guide.name) in text
    for material in guide.materials:
        assert _squash(material.name) in text
        assert _squash(material.standard) in text
    assert _squash(days_label(20)) in text and _squash(days_label(5)) in text
    font = reader.pages[0]["/Resources"]["/Font"]
    described = [f.get_object() for f in font.values()]
    assert all("+" in str(f["/BaseFont"]) for f in described)  # subset
    descriptors = [
        f["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object() for f in described
    ]
    assert any("/FontFile2" in d for d in descriptors)  # embedded TrueType outlines


def test_pdf_footer_has_page_n_of_m_the_date_and_the_centre(demo_db: str, ci_font) -> None:
    guide = _guide("GA-001")
    pages = _pages(guide_pdf(guide, ci_font, PRINTED_ON))
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        expected = _("Page {page} of {pages}").format(page=number, pages=len(pages))
        assert _squash(expected) in _squash(page)
        assert _squash(_("Printed on {date}").format(date="2026-11-27")) in _squash(page)
        assert "示范市行政服务中心" in page


def test_sixty_materials_break_across_pages_with_the_header_repeated(
    demo_db: str, ci_font: fonts.FontFace
) -> None:
    guide = dataclasses.replace(_guide(), materials=tuple(_material(n) for n in range(1, 61)))
    data = guide_pdf(guide, ci_font, PRINTED_ON)
    pages = _pages(data)
    assert len(pages) >= 4
    header = _squash(
        "".join(
            _(h) for h in ("No.", "Material", "Necessity", "Form", "Copies", "Acceptance standard")
        )
    )
    with_rows = [p for p in pages if "测试材料第" in p]
    assert len(with_rows) >= 3
    assert all(header in _squash(p) for p in with_rows)
    everything = _squash("".join(pages))
    for n in range(1, 61):
        assert everything.count(f"测试材料第{n:02d}号") == 1
    order = [int(m) for m in re.findall(r"测试材料第(\d\d)号", everything)]
    assert order == list(range(1, 61))
    _assert_body_stays_above_the_footer(data)


def _placed(page: PageObject) -> list[tuple[str, float, float]]:
    """The page's text pieces with where they start, in points from the bottom left."""
    placed: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_args: object) -> None:
        if text.strip():
            placed.append((text.strip(), tm[4], tm[5]))

    page.extract_text(visitor_text=visit)
    return placed


def _assert_body_stays_above_the_footer(data: bytes) -> None:
    """Nothing but the footer is drawn below the body's bottom edge."""
    bottom = (PAGE_HEIGHT - BOTTOM) * MM
    for page in PdfReader(BytesIO(data)).pages:
        low = [text for text, _x, y in _placed(page) if y < bottom]
        footer = _squash(page.extract_text()[-200:])
        assert low and all(_squash(t) in footer for t in low), low


def test_a_material_taller_than_a_page_is_split_not_lost(demo_db: str, ci_font) -> None:
    long = "".join(f"第{n:03d}条标准，" for n in range(700))
    guide = dataclasses.replace(_guide(), materials=(_material(1, standard=long),))
    data = guide_pdf(guide, ci_font, PRINTED_ON)
    assert len(PdfReader(BytesIO(data)).pages) >= 3
    # The standard column (the rightmost; its lines start where its first line does),
    # read page after page, is the whole text once and in order.
    placed = [_placed(page) for page in PdfReader(BytesIO(data)).pages]
    column_x = next(x for text, x, _y in placed[0] if text.startswith("第000条"))
    bottom = (PAGE_HEIGHT - BOTTOM) * MM
    column = [text for page in placed for text, x, y in page if x >= column_x - 1 and y > bottom]
    read = _squash("".join(column)).replace(_squash(_("Acceptance standard")), "")
    assert read == long
    _assert_body_stays_above_the_footer(data)


# ── font discovery ────────────────────────────────────────────────────────────


def _latin_only_font(path: Path) -> Path:
    """A real TrueType font with no Chinese: what `fc-match ':lang=zh'` may answer."""
    boxes = {".notdef": (0, 500), "A": (0, 500)}
    return box_font(path, boxes, {"A": "A"}, advance=600, family="Latin Only")


def test_env_var_wins_over_fontconfig(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    configured = link(tmp_path, "configured.ttc")
    fake_fontconfig(monkeypatch, match=f"{link(tmp_path, 'fc.ttc')}\t0\n")
    monkeypatch.setenv(fonts.FONT_ENV, str(configured))
    assert fonts.find_font().path == configured


def test_a_font_named_by_the_caller_wins_over_the_env_var(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(fonts.FONT_ENV, str(link(tmp_path, "env.ttc")))
    named = link(tmp_path, "named.ttc")
    assert fonts.find_font(named).path == named


def test_a_missing_env_font_is_a_clear_error_not_a_silent_substitute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "没有这个字体.ttf"
    monkeypatch.setenv(fonts.FONT_ENV, str(missing))
    with pytest.raises(FontError) as error:
        fonts.find_font()  # the CI font is installed, and still not used
    assert error.value.rule == "font.env_missing"
    message = i18n.explain(error.value)
    assert str(missing) in message and fonts.FONT_ENV in message


def test_fontconfig_answer_is_used_before_the_well_known_paths(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_font_config: None
) -> None:
    found = link(tmp_path, "fc-found.ttc")
    fake_fontconfig(monkeypatch, match=f"{found}\t0\n")
    assert fonts.find_font().path == found


def test_a_fontconfig_answer_without_chinese_is_skipped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_font_config: None
) -> None:
    latin = _latin_only_font(tmp_path / "DejaVuSans.ttf")
    listed = link(tmp_path, "listed.ttc")
    fake_fontconfig(monkeypatch, match=f"{latin}\t0\n", listed=f"{listed}\t1\n")
    face = fonts.find_font()
    assert face.path == listed
    assert face.index == 1  # the face fontconfig named
    with pytest.raises(FontError) as error:
        fonts.find_font(latin)
    assert error.value.rule == "font.no_chinese"


def test_missing_fontconfig_is_tolerated(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_font_config: None
) -> None:
    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-match, no fc-list
    assert fonts.fontconfig_candidates() == []
    face = fonts.find_font()
    assert face.path == CI_FONT  # from the common Linux paths
    assert (face.index, face.name) == (0, "WenQuanYi Micro Hei")


def test_windows_fonts_are_found_under_windir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_font_config: None
) -> None:
    fake_fontconfig(monkeypatch)
    windir = tmp_path / "Windows"
    simsun = link(windir / "Fonts", "simsun.ttc")
    assert fonts.find_font(environ={"WINDIR": str(windir)}).path == simsun
    yahei = link(windir / "Fonts", "msyh.ttc")  # preferred when both are there
    assert fonts.find_font(environ={"WINDIR": str(windir)}).path == yahei


def test_an_unreadable_font_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"this is not a font" * 10)
    with pytest.raises(FontError) as error:
        fonts.find_font(bad)
    assert error.value.rule == "font.unreadable"
    assert str(bad) in i18n.explain(error.value)


def test_fontconfig_is_asked_once_per_command_and_path(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[str]] = []
    monkeypatch.setattr(fonts, "_answers", {})
    monkeypatch.setattr(fonts, "_ask", lambda command: asked.append(command) or "answer")
    monkeypatch.setenv("PATH", "/one")
    assert fonts._run(["fc-match", "x"]) == fonts._run(["fc-match", "x"]) == "answer"
    fonts._run(["fc-list", "x"])
    monkeypatch.setenv("PATH", "/two")  # another PATH may hold another fontconfig
    fonts._run(["fc-match", "x"])
    assert asked == [["fc-match", "x"], ["fc-list", "x"], ["fc-match", "x"]]


def test_a_font_file_that_changed_is_read_again(tmp_path: Path) -> None:
    """check_font remembers a file's answer only while the file stays the same."""
    font = tmp_path / "changing.ttf"
    font.write_bytes(b"this is not a font" * 10)
    with pytest.raises(FontError) as first:
        fonts.check_font(font)
    assert first.value.rule == "font.unreadable"
    _latin_only_font(font)
    with pytest.raises(FontError) as second:
        fonts.check_font(font)
    assert second.value.rule == "font.no_chinese"


def test_without_a_font_the_guide_is_written_as_html_and_says_so(
    demo_db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_font_config: None
) -> None:
    fake_fontconfig(monkeypatch)
    monkeypatch.setattr(fonts, "LINUX_FONTS", ())
    monkeypatch.setattr(fonts, "MACOS_FONTS", ())
    monkeypatch.setenv("WINDIR", str(tmp_path / "no-windows"))
    with pytest.raises(FontError) as error:
        fonts.find_font()
    assert error.value.rule == "font.none"

    guide = _guide("GA-001")
    result = print_guide(guide, tmp_path / "out" / "guide.pdf", printed_on=PRINTED_ON)
    assert not result.is_pdf
    assert result.path == tmp_path / "out" / "guide.html"
    assert not (tmp_path / "out" / "guide.pdf").exists()
    message = result.message()
    assert str(result.path) in message and fonts.FONT_ENV in message
    page = result.path.read_text(encoding="utf-8")
    assert guide.name in page
    assert all(m.name in page for m in guide.materials)


def test_a_missing_env_font_falls_back_to_html_naming_the_file(
    demo_db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(fonts.FONT_ENV, str(tmp_path / "gone.ttf"))
    result = print_guide(_guide(), tmp_path / "guide.pdf", printed_on=PRINTED_ON)
    assert result.path.suffix == ".html" and result.path.is_file()
    assert result.problem is not None and result.problem.rule == "font.env_missing"
    assert str(tmp_path / "gone.ttf") in result.message()


def test_printing_does_not_load_fpdf_until_a_pdf_is_made() -> None:
    import subprocess
    import sys

    code = (
        "import sys, counter_tui.documents.guide, counter_tui.documents.pdf;"
        "print(' '.join(m for m in ('fpdf', 'fontTools') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_limit_in_natural_days_is_not_called_working_days(demo_db: str) -> None:
    """居住证's 15 days are its regulation's natural days (docs/rules.md §8)."""
    residence = guide_text(_guide("GA-010"), width=72)
    assert "法定时限：15 日" in residence and "15 个工作日" not in residence
    assert "法定时限：20 个工作日" in guide_text(_guide("GA-001"), width=72)

"""The documents issued on a case print in a serif Chinese face (宋体 and the like) where
one is installed, guides and reports in the sans-serif; a named font wins for both.

`.ci/run` installs fonts-arphic-uming (AR PL UMing, a 明体) beside fonts-wqy-microhei, and
a test that needs it fails (never skips) when it is missing. The tests that take the serif
away point the candidate lists at empty places and fake fontconfig.
"""

import gc
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from font_files import CI_FONT, CI_SERIF, fake_fontconfig, link
from pypdf import PdfReader

from counter_tui.documents import fonts
from counter_tui.documents.errors import FontError
from counter_tui.documents.notices import print_notice
from counter_tui.documents.pdf import print_guide
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.cases.documents import IssuedDocument, issued_documents
from counter_tui.services.catalog.guide import load_guide
from counter_tui.store.models import Case, Item

pytestmark = pytest.mark.both_engines

PRINTED_ON = date(2026, 11, 27)


def _serif_installed() -> None:
    assert CI_SERIF.is_file(), f"{CI_SERIF} is missing: .ci/run installs fonts-arphic-uming"
    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"


def _font_names(path: Path) -> set[str]:
    """The base names of the fonts a PDF embeds, without the subset's prefix."""
    names = set()
    for page in PdfReader(BytesIO(path.read_bytes())).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def _refusal() -> IssuedDocument:
    """The refusal (不予受理决定书) of a demo case."""
    case = Case.select().where(Case.state == CaseState.REFUSED.value).order_by(Case.id).first()
    return next(d for d in issued_documents(case) if d.kind == "refusal")


@pytest.fixture
def no_font_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)


@pytest.fixture
def no_serif_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No serif face on the well-known paths (fontconfig is each test's own)."""
    monkeypatch.setattr(fonts, "LINUX_SERIF_FONTS", (str(tmp_path / "none.ttc"),))
    monkeypatch.setattr(fonts, "MACOS_SERIF_FONTS", ())
    monkeypatch.setenv("WINDIR", str(tmp_path / "no-windows"))


@pytest.mark.parametrize(
    "name",
    [
        "AR PL UMing CN",
        "Noto Serif CJK SC",
        "Source Han Serif SC",
        "SimSun",
        "NSimSun",
        "FangSong",
        "STFangsong",
        "Songti SC",
        "MingLiU",
        "AR PL UMing CN,文鼎PL細上海宋",
        "宋体",
        "仿宋",
    ],
)
def test_a_song_ming_or_serif_name_is_a_serif(name: str) -> None:
    assert fonts.is_serif(name)


@pytest.mark.parametrize(
    "name",
    [
        "WenQuanYi Micro Hei,文泉驛微米黑,文泉驿微米黑",
        "Noto Sans CJK SC",
        "Microsoft Sans Serif",
        "DejaVu Sans",
        "PingFang SC",
        "Microsoft YaHei",
        "SimHei",
        "Droid Sans Fallback",
        "",
    ],
)
def test_a_sans_serif_name_is_not_a_serif(name: str) -> None:
    assert not fonts.is_serif(name)


def test_a_decision_prints_in_the_installed_serif_and_a_guide_in_sans_serif(
    demo_db: str, tmp_path: Path, no_font_named: None, caplog: pytest.LogCaptureFixture
) -> None:
    _serif_installed()
    decision = print_notice(_refusal(), tmp_path / "decision.pdf", printed_on=PRINTED_ON)
    assert decision.is_pdf
    assert _font_names(decision.path) == {"ARPLUMingCNLight"}
    guide = load_guide(Item.get((Item.code == "GA-001") & Item.current).id)
    printed = print_guide(guide, tmp_path / "guide.pdf", printed_on=PRINTED_ON)
    assert printed.is_pdf
    assert _font_names(printed.path) == {"WenQuanYiMicroHei"}
    # UMing's bitmaps are left out of the subset without a word on the clerk's terminal.
    assert not any("NOT subset" in record.getMessage() for record in caplog.records)


def test_without_a_serif_a_decision_prints_in_the_sans_serif(
    demo_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_font_named: None,
    no_serif_installed: None,
) -> None:
    _serif_installed()
    # fontconfig answers "serif" with the sans-serif it has, saying so only by its name.
    fake_fontconfig(monkeypatch, serif=f"{CI_FONT}\t0\tWenQuanYi Micro Hei,文泉驿微米黑\n")
    assert fonts.find_serif_font() == fonts.check_font(CI_FONT)
    decision = print_notice(_refusal(), tmp_path / "decision.pdf", printed_on=PRINTED_ON)
    assert _font_names(decision.path) == {"WenQuanYiMicroHei"}


def test_without_fontconfig_or_a_serif_the_sans_serif_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_font_named: None, no_serif_installed: None
) -> None:
    _serif_installed()
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-match, no fc-list
    assert fonts.fontconfig_serif_candidates() == []
    assert fonts.find_serif_font().path == CI_FONT  # from the common Linux paths


def test_fontconfigs_serif_is_used_and_judged_by_its_face(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_font_named: None, no_serif_installed: None
) -> None:
    _serif_installed()
    serif = link(tmp_path, "fc/serif.ttc", CI_SERIF)
    fake_fontconfig(monkeypatch, serif=f"{serif}\t0\tAR PL UMing CN\n")
    assert fonts.find_serif_font() == fonts.check_font(serif, 0)
    # A family that says serif on a face that is a sans-serif: the face's own name decides.
    posing = link(tmp_path, "fc/posing.ttc")
    fake_fontconfig(monkeypatch, serif=f"{posing}\t0\tNoto Serif CJK SC\n")
    assert fonts.find_serif_font().name == "WenQuanYi Micro Hei"


def test_the_serif_of_the_well_known_paths_is_found_without_fontconfig(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_font_named: None
) -> None:
    _serif_installed()
    fake_fontconfig(monkeypatch)
    windir = tmp_path / "Windows"
    simsun = link(windir, "Fonts/simsun.ttc", CI_SERIF)
    monkeypatch.setattr(fonts, "LINUX_SERIF_FONTS", ())
    monkeypatch.setattr(fonts, "MACOS_SERIF_FONTS", ())
    assert fonts.find_serif_font(environ={"WINDIR": str(windir)}).path == simsun


def test_a_named_font_wins_over_the_serif(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_font_named: None
) -> None:
    _serif_installed()
    assert fonts.find_serif_font(CI_FONT).path == CI_FONT
    monkeypatch.setenv(fonts.FONT_ENV, str(CI_FONT))
    assert fonts.find_serif_font().path == CI_FONT
    monkeypatch.setenv(fonts.FONT_ENV, str(tmp_path / "missing.ttf"))
    with pytest.raises(FontError) as error:
        fonts.find_serif_font()  # never silently replaced by the serif installed
    assert error.value.rule == "font.env_missing"


def test_the_warm_up_finds_the_serif_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first decision printed in a session does not pay for finding its font."""
    from counter_tui.documents import pdfkit

    found: list[str] = []
    monkeypatch.setattr(pdfkit, "find_font", lambda: found.append("sans"))
    monkeypatch.setattr(pdfkit, "find_serif_font", lambda: found.append("serif"))
    monkeypatch.setattr(pdfkit, "find_symbol_font", lambda: None)
    pdfkit.warm_up()
    assert found == ["sans", "serif"]


def test_reading_a_font_leaves_none_of_its_faces_in_memory(tmp_path: Path) -> None:
    """A face and its tables refer to each other: a Chinese font's character maps stayed
    until a full collection, and the next font was read on top of them (issue 17)."""
    from fontTools.ttLib import TTFont

    def faces() -> int:
        return sum(isinstance(thing, TTFont) for thing in gc.get_objects())

    gc.collect()
    before = faces()
    gc.disable()  # only the reading itself may free them
    try:
        face = fonts.check_font(link(tmp_path, "uming.ttc", CI_SERIF))
        assert face.name and faces() == before
    finally:
        gc.enable()

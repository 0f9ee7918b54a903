"""What a clerk typed is what is printed (issue 21 item 27): emoji and symbols come from a
fallback font where one is installed, and a character no font has is marked □, never
silently left out — 李👍🏽明 printed as 李明 is another person's name."""

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter_tui.documents import fonts, pdfkit

CI_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei
CI_SYMBOLS = Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf")  # fonts-symbola
RARE = "\U00020bb7"  # 𠮷 (CJK Extension B): in neither font


def _printed(text: str) -> str:
    """``text`` printed as a paragraph, read back from the PDF without spaces."""
    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"
    face = fonts.check_font(CI_FONT)
    pdf = pdfkit.new_pdf(face, "t", "t", "示范市行政服务中心", date(2026, 12, 3))
    pdfkit.paragraphs(pdf, text)
    data = bytes(pdf.output())
    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages).replace(" ", "")


def test_emoji_print_from_the_symbol_font() -> None:
    assert CI_SYMBOLS.is_file(), f"{CI_SYMBOLS} is missing: .ci/run installs fonts-symbola"
    assert fonts.find_symbol_font() is not None
    printed = _printed("申请人：李\U0001f44d\U0001f3fd明 ✅ ☎")
    assert "李\U0001f44d" in printed and "明" in printed
    assert "✅" in printed and "☎" in printed
    assert pdfkit.NO_GLYPH not in printed


def test_a_character_no_font_has_is_marked_not_dropped() -> None:
    printed = _printed(f"申请人：李{RARE}明")
    assert f"李{pdfkit.NO_GLYPH}明" in printed


def test_without_a_symbol_font_an_emoji_is_marked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfkit, "find_symbol_font", lambda: None)
    printed = _printed("李\U0001f44d明")
    assert f"李{pdfkit.NO_GLYPH}明" in printed


def test_a_font_without_emoji_is_not_taken_for_symbols(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_run", lambda command: "")  # no fontconfig
    monkeypatch.setattr(fonts, "SYMBOL_FONTS", (str(CI_FONT), str(CI_SYMBOLS)))
    assert fonts.find_symbol_font(environ={"WINDIR": "/nowhere"}) == CI_SYMBOLS
    monkeypatch.setattr(fonts, "SYMBOL_FONTS", (str(CI_FONT),))
    assert fonts.find_symbol_font(environ={"WINDIR": "/nowhere"}) is None

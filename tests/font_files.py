"""Fonts for the font tests: those `.ci/run` installs, links to them under other names,
small fonts built on the spot, and a fontconfig that answers what a test says."""

from collections.abc import Mapping
from pathlib import Path

import pytest

from counter_tui.documents import fonts

CI_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei
CI_SERIF = Path("/usr/share/fonts/truetype/arphic/uming.ttc")  # fonts-arphic-uming


def link(tmp_path: Path, name: str, target: Path = CI_FONT) -> Path:
    """Another path to an installed font."""
    assert target.is_file(), f"{target} is missing: .ci/run installs it"
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return path


def fake_fontconfig(
    monkeypatch: pytest.MonkeyPatch, match: str = "", listed: str = "", serif: str = ""
) -> None:
    """fontconfig answering ``serif`` when asked for a serif, ``match`` when asked for any
    other best match and ``listed`` for a list."""

    def run(command: list[str]) -> str:
        if command[0] != "fc-match":
            return listed
        return serif if command[-1].startswith("serif") else match

    monkeypatch.setattr(fonts, "_run", run)


def box_font(
    path: Path,
    boxes: Mapping[str, tuple[int, int]],
    characters: Mapping[str, str],
    *,
    cff: bool = False,
    advance: int = 1000,
    family: str = "Test",
) -> Path:
    """A real font whose glyphs are boxes inked from x = left to right of each
    (left, right) in ``boxes`` (".notdef" first), with TrueType or CFF outlines."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def outline(left: int, right: int) -> object:
        pen = T2CharStringPen(advance, None) if cff else TTGlyphPen(None)
        pen.moveTo((left, -80))
        pen.lineTo((right, -80))
        pen.lineTo((right, 700))
        pen.lineTo((left, 700))
        pen.closePath()
        return pen.getCharString() if cff else pen.glyph()

    glyphs = {name: outline(*box) for name, box in boxes.items()}
    builder = FontBuilder(1000, isTTF=not cff)
    builder.setupGlyphOrder(list(glyphs))
    builder.setupCharacterMap({ord(char): name for char, name in characters.items()})
    if cff:
        builder.setupCFF(family.replace(" ", ""), {"FullName": family}, glyphs, {})
    else:
        builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (advance, 0) for name in glyphs})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path

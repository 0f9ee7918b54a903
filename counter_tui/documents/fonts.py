"""Finding a font with Chinese characters that fpdf2 can embed in a PDF.

Order: the font the caller names (a setting or command-line option), then the
``COUNTER_TUI_FONT`` environment variable — a named font that is missing or unusable
is an error, never silently replaced — then fontconfig (``fc-match``, ``fc-list``;
Linux and BSD, tolerated when absent), then the well-known files of Windows and
macOS, then common Linux paths.

What fpdf2 (2.8) embeds, tried for real: TrueType outlines in .ttf and in .ttc
collections (any face, ``collection_font_number``), and OpenType with CFF outlines
(.otf, and .ttc such as Noto Sans CJK); all are subset. A candidate must also have the
Chinese *and* Latin characters a guide needs: ``fc-match ':lang=zh'`` happily answers
DejaVu Sans, and Droid Sans Fallback has no digits.

A second font, for symbols and emoji that Chinese fonts lack (issue 21 item 27: 李👍🏽明
printed as 李明), is used where one is installed (``find_symbol_font``): fontconfig's
fonts with 👍, then Symbola, Segoe UI Symbol and Apple Symbols. Colour emoji fonts made of
bitmaps (Noto Color Emoji, Apple Color Emoji) cannot be embedded and are passed over.

The documents issued on a case (notices, decisions: ``find_serif_font``) read as documents
in a serif face — 宋体, 仿宋, 明体 — where one is installed: SimSun and FangSong on Windows,
Songti on macOS, fontconfig's serif for Chinese (Noto Serif CJK, AR PL UMing) elsewhere;
then the sans-serif of everything else. Guides and reports keep the sans-serif, which stays
legible in their 9 pt tables. fontconfig answers ``serif`` with a sans-serif font when it
has none, so a face counts as serif by its name (``is_serif``), never by the question asked.
A named font is used for everything.

fontTools (which fpdf2 itself uses) is imported only when a font is checked.
"""

import gc
import os
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from counter_tui.documents.errors import FontError
from counter_tui.domain.errors import N_

FONT_ENV = "COUNTER_TUI_FONT"

# Characters every usable font must have: Chinese, digits and Latin letters.
PROBE = "办事指南申请材料原件复印件第页共（）：，。0123456789ABCZabcz-"

# %WINDIR%\Fonts. Microsoft YaHei first: it stays legible at the table's 9 pt where
# SimSun's hairlines print thin; then SimSun and SimHei, on every Chinese Windows.
WINDOWS_FONTS = ("msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf", "simkai.ttf", "simfang.ttf")
MACOS_FONTS = (
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
)
LINUX_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian/Ubuntu fonts-wqy-microhei
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",  # Fedora
    "/usr/share/fonts/wenquanyi/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",  # Arch
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
)

# The serif faces of documents issued on a case: Windows' 宋体 and 仿宋, macOS' 宋体, then
# Debian/Ubuntu's fonts-noto-cjk and fonts-arphic-uming (elsewhere fontconfig finds them).
WINDOWS_SERIF_FONTS = ("simsun.ttc", "simfang.ttf")
MACOS_SERIF_FONTS = ("/System/Library/Fonts/Supplemental/Songti.ttc",)
LINUX_SERIF_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
# Words of a family or face name that say serif (宋体, 仿宋, 明体, Songti, MingLiU, Mincho),
# in any letter case; a name with "Sans" is sans-serif whatever else it says (Microsoft
# Sans Serif). "Fang" alone is not one: PingFang is a sans-serif.
_SERIF_WORDS = ("serif", "song", "simsun", "ming", "mincho", "宋", "明")

# Outline fonts with emoji and symbols: Debian/Ubuntu fonts-symbola, Windows, macOS.
SYMBOL_FONTS = (
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/TTF/Symbola.ttf",  # Arch
    "/usr/share/fonts/gdouros-symbola/Symbola.ttf",  # Fedora
    "/System/Library/Fonts/Apple Symbols.ttf",
)
WINDOWS_SYMBOL_FONTS = ("seguisym.ttf",)
SYMBOL_PROBE = "\U0001f44d\u2705\u260e"  # 👍 ✅ ☎

# A face of a collection is preferred when its name says Simplified Chinese.
_SIMPLIFIED = ("SC", "GB", "CN", "Hans", "Simplified", "MicroHei", "ZenHei", "YaHei", "SimSun")


@dataclass(frozen=True)
class FontFace:
    """A font file and, for a collection (.ttc), the face to use."""

    path: Path
    index: int = 0
    name: str = ""


# fontconfig's answers, per command and PATH: asking again at each print took two
# processes (about 200 ms); a font installed meanwhile is found after a restart.
_answers: dict[tuple[str, ...], str] = {}


def _run(command: list[str]) -> str:
    """A fontconfig command's output; "" when it is not installed or fails."""
    key = (*command, os.environ.get("PATH", ""))
    if key not in _answers:
        _answers[key] = _ask(command)
    return _answers[key]


def _ask(command: list[str]) -> str:
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


def is_serif(name: str) -> bool:
    """Whether a font's family or face name says it is a serif face (宋体 and the like)."""
    folded = name.casefold()
    return "sans" not in folded and any(word in folded for word in _SERIF_WORDS)


# fontconfig's file, face and families of each font, one a line.
_FORMAT = "--format=%{file}\t%{index}\t%{family}\n"


def _parse_fontconfig(output: str) -> Iterator[tuple[Path, int | None, str]]:
    for line in output.splitlines():
        file, _sep, rest = line.partition("\t")
        index, _sep, family = rest.partition("\t")
        if file.strip():
            number = int(index) if index.strip().isdigit() else None
            yield Path(file.strip()), number, family.strip()


def _fontconfig(pattern: str) -> list[tuple[Path, int | None, str]]:
    """fontconfig's best match for ``pattern``, then every font it says covers Simplified
    Chinese (TrueType outlines before CFF)."""
    best = list(_parse_fontconfig(_run(["fc-match", _FORMAT, pattern])))
    listed = sorted(
        _parse_fontconfig(_run(["fc-list", _FORMAT, ":lang=zh-cn"])),
        key=lambda c: (c[0].suffix.lower() in (".otf", ".otc"), str(c[0]), c[1] or 0),
    )
    return best + listed


def fontconfig_candidates() -> list[tuple[Path, int | None]]:
    """fontconfig's best sans-serif for Simplified Chinese, then every font it says covers
    Simplified Chinese (TrueType outlines before CFF)."""
    return [(path, index) for path, index, _family in _fontconfig("sans-serif:lang=zh-cn")]


def fontconfig_serif_candidates() -> list[tuple[Path, int | None]]:
    """fontconfig's best serif for Simplified Chinese and the serif fonts it says cover
    Simplified Chinese, judged by their family names."""
    found = _fontconfig("serif:lang=zh-cn")
    return [(path, index) for path, index, family in found if is_serif(family)]


def _windows_fonts(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows") / "Fonts"


def _well_known(
    environ: Mapping[str, str], windows: Iterable[str], elsewhere: Iterable[str]
) -> list[tuple[Path, int | None]]:
    paths = [_windows_fonts(environ) / name for name in windows]
    paths += [Path(p) for p in elsewhere]
    return [(path, None) for path in paths]


def _unique(found: Iterable[tuple[Path, int | None]]) -> list[tuple[Path, int | None]]:
    return list(dict.fromkeys(found))


def candidates(environ: Mapping[str, str] | None = None) -> list[tuple[Path, int | None]]:
    """Where to look when no font is named, in order; duplicates removed."""
    environ = os.environ if environ is None else environ
    known = _well_known(environ, WINDOWS_FONTS, MACOS_FONTS + LINUX_FONTS)
    return _unique(fontconfig_candidates() + known)


def serif_candidates(environ: Mapping[str, str] | None = None) -> list[tuple[Path, int | None]]:
    """Where to look for a serif face when no font is named, in order; duplicates removed."""
    environ = os.environ if environ is None else environ
    known = _well_known(environ, WINDOWS_SERIF_FONTS, MACOS_SERIF_FONTS + LINUX_SERIF_FONTS)
    return _unique(fontconfig_serif_candidates() + known)


def _covers(font: object) -> bool:
    cmap = font.getBestCmap() or {}  # type: ignore[attr-defined]
    return all(ord(char) in cmap for char in PROBE)


def _face_name(font: object) -> str:
    return font["name"].getDebugName(4) or font["name"].getDebugName(1) or ""  # type: ignore[index]


# What check_font found for a file as it was (path, face, mtime, size): reading a Chinese
# font's character map takes seconds, and every print looks for the font again.
_checked: dict[tuple[str, int | None, int, int], FontFace | FontError] = {}


def check_font(path: Path, index: int | None = None) -> FontFace:
    """The face of ``path`` to print with, or FontError saying why there is none.

    A collection's face is ``index`` when given and usable, else the first usable face
    whose name says Simplified Chinese, else the first usable face. A file is read once
    while it stays the same (same modification time and size)."""
    if not path.is_file():
        raise FontError("font.missing", N_("The font file {path} does not exist."), path=str(path))
    stat = path.stat()
    key = (str(path), index, stat.st_mtime_ns, stat.st_size)
    if key not in _checked:
        try:
            _checked[key] = _read_font(path, index)
        except FontError as error:
            _checked[key] = error
    found = _checked[key]
    if isinstance(found, FontError):
        raise FontError(found.rule, found.template, **found.params)
    return found


def _usable_faces(path: Path) -> list[tuple[int, str]]:
    """(number, name) of each face of ``path`` that has Chinese and Latin characters."""
    from fontTools.ttLib import TTCollection, TTFont

    with path.open("rb") as handle:
        is_collection = handle.read(4) == b"ttcf"
    if is_collection:
        collection = TTCollection(str(path), lazy=True)
        faces = list(enumerate(collection.fonts))
    else:
        collection = None
        faces = [(0, TTFont(str(path), lazy=True))]
    try:
        return [(n, _face_name(font)) for n, font in faces if _covers(font)]
    finally:
        for _n, font in faces:
            font.close()
        if collection is not None:
            collection.close()


def _read_font(path: Path, index: int | None) -> FontFace:
    try:
        usable = _usable_faces(path)
    except Exception as error:  # fontTools raises many kinds of error on a bad file
        raise FontError(
            "font.unreadable",
            N_("The font file {path} cannot be read as a TrueType or OpenType font."),
            path=str(path),
        ) from error
    finally:
        # A face and its tables refer to each other, so a Chinese font's character maps
        # (about 20 MB) waited for a full collection, and the next font was read on top
        # of them: freed now (issue 17).
        gc.collect()
    if not usable:
        raise FontError(
            "font.no_chinese",
            N_(
                "The font {path} lacks Chinese or Latin characters; choose a Chinese font "
                "such as Microsoft YaHei, SimSun or WenQuanYi Micro Hei."
            ),
            path=str(path),
        )
    chosen = next((face for face in usable if face[0] == index), None)
    if chosen is None:
        simplified = [
            face
            for face in usable
            if any(word in face[1] for word in _SIMPLIFIED) and "Mono" not in face[1]
        ]
        chosen = (simplified or usable)[0]
    return FontFace(path=path, index=chosen[0], name=chosen[1])


def _named(font: str | Path | None, environ: Mapping[str, str]) -> FontFace | None:
    """The font the caller names, else the one ``COUNTER_TUI_FONT`` names, else None."""
    if font is not None and str(font).strip():
        return check_font(Path(str(font).strip()).expanduser())
    configured = environ.get(FONT_ENV, "").strip()
    if not configured:
        return None
    path = Path(configured).expanduser()
    if not path.is_file():
        raise FontError(
            "font.env_missing",
            N_("The font file {path} set in {env} does not exist."),
            path=str(path),
            env=FONT_ENV,
        )
    return check_font(path)


def _first_usable(
    found: Iterable[tuple[Path, int | None]],
    accept: Callable[[FontFace], bool] = lambda face: True,
) -> FontFace | None:
    for path, index in found:
        if not path.is_file():
            continue
        try:
            face = check_font(path, index)
        except FontError:
            continue
        if accept(face):
            return face
    return None


def find_font(font: str | Path | None = None, environ: Mapping[str, str] | None = None) -> FontFace:
    """The font to print with: ``font`` if given, else ``COUNTER_TUI_FONT``, else the first
    usable font found on the system. Raises FontError when there is none."""
    environ = os.environ if environ is None else environ
    face = _named(font, environ) or _first_usable(candidates(environ))
    if face is None:
        raise FontError(
            "font.none",
            N_("No Chinese font found. Set {env} to a TrueType font file (.ttf or .ttc)."),
            env=FONT_ENV,
        )
    return face


def find_serif_font(
    font: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> FontFace:
    """The font of the documents issued on a case: ``font`` or ``COUNTER_TUI_FONT`` when
    named, else the first usable serif face installed, else what ``find_font`` finds."""
    environ = os.environ if environ is None else environ
    named = _named(font, environ)
    if named is not None:
        return named
    serif = _first_usable(serif_candidates(environ), lambda face: is_serif(face.name))
    return serif or find_font(None, environ)


def _symbol_candidates(environ: Mapping[str, str]) -> list[Path]:
    fmt = "--format=%{file}\n"
    found = [path for path, *_rest in _parse_fontconfig(_run(["fc-list", fmt, ":charset=1f44d"]))]
    found += [_windows_fonts(environ) / name for name in WINDOWS_SYMBOL_FONTS]
    found += [Path(path) for path in SYMBOL_FONTS]
    return list(dict.fromkeys(found))


# What _read_symbol_font found for a file as it was (path, mtime, size).
_symbols_checked: dict[tuple[str, int, int], bool] = {}


def _is_symbol_font(path: Path) -> bool:
    """An outline font (TrueType or CFF) with the symbols of SYMBOL_PROBE."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _symbols_checked:
        try:
            from fontTools.ttLib import TTFont

            with TTFont(str(path), lazy=True) as font:
                cmap = font.getBestCmap() or {}
                outlines = "glyf" in font or "CFF " in font
                _symbols_checked[key] = outlines and all(ord(c) in cmap for c in SYMBOL_PROBE)
        except Exception:  # a font fontTools cannot read is simply not used for symbols
            _symbols_checked[key] = False
    return _symbols_checked[key]


def find_symbol_font(environ: Mapping[str, str] | None = None) -> Path | None:
    """An installed font for the symbols and emoji the Chinese font lacks, or None: the
    documents print without it (what no font has is marked, see pdfkit.py)."""
    environ = os.environ if environ is None else environ
    return next(
        (path for path in _symbol_candidates(environ) if path.is_file() and _is_symbol_font(path)),
        None,
    )

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

fontTools (which fpdf2 itself uses) is imported only when a font is checked.
"""

import os
import subprocess
from collections.abc import Iterator, Mapping
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


def _parse_fontconfig(output: str) -> Iterator[tuple[Path, int | None]]:
    for line in output.splitlines():
        file, _sep, index = line.partition("\t")
        if file.strip():
            yield Path(file.strip()), int(index) if index.strip().isdigit() else None


def fontconfig_candidates() -> list[tuple[Path, int | None]]:
    """fontconfig's best sans-serif for Simplified Chinese, then every font it says covers
    Simplified Chinese (TrueType outlines before CFF)."""
    fmt = "--format=%{file}\t%{index}\n"
    best = list(_parse_fontconfig(_run(["fc-match", fmt, "sans-serif:lang=zh-cn"])))
    listed = sorted(
        _parse_fontconfig(_run(["fc-list", fmt, ":lang=zh-cn"])),
        key=lambda c: (c[0].suffix.lower() in (".otf", ".otc"), str(c[0]), c[1] or 0),
    )
    return best + listed


def _well_known(environ: Mapping[str, str]) -> list[tuple[Path, int | None]]:
    windows = Path(environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows") / "Fonts"
    paths = [windows / name for name in WINDOWS_FONTS]
    paths += [Path(p) for p in MACOS_FONTS + LINUX_FONTS]
    return [(path, None) for path in paths]


def candidates(environ: Mapping[str, str] | None = None) -> list[tuple[Path, int | None]]:
    """Where to look when no font is named, in order; duplicates removed."""
    environ = os.environ if environ is None else environ
    seen: set[tuple[Path, int | None]] = set()
    out = []
    for candidate in fontconfig_candidates() + _well_known(environ):
        if candidate not in seen:
            seen.add(candidate)
            out.append(candidate)
    return out


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


def _read_font(path: Path, index: int | None) -> FontFace:
    try:
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
            usable = [(n, _face_name(font)) for n, font in faces if _covers(font)]
        finally:
            for _n, font in faces:
                font.close()
            if collection is not None:
                collection.close()
    except Exception as error:  # fontTools raises many kinds of error on a bad file
        raise FontError(
            "font.unreadable",
            N_("The font file {path} cannot be read as a TrueType or OpenType font."),
            path=str(path),
        ) from error
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


def find_font(font: str | Path | None = None, environ: Mapping[str, str] | None = None) -> FontFace:
    """The font to print with: ``font`` if given, else ``COUNTER_TUI_FONT``, else the first
    usable font found on the system. Raises FontError when there is none."""
    environ = os.environ if environ is None else environ
    if font is not None and str(font).strip():
        return check_font(Path(str(font).strip()).expanduser())
    configured = environ.get(FONT_ENV, "").strip()
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise FontError(
                "font.env_missing",
                N_("The font file {path} set in {env} does not exist."),
                path=str(path),
                env=FONT_ENV,
            )
        return check_font(path)
    for path, index in candidates(environ):
        if not path.is_file():
            continue
        try:
            return check_font(path, index)
        except FontError:
            continue
    raise FontError(
        "font.none",
        N_("No Chinese font found. Set {env} to a TrueType font file (.ttf or .ttc)."),
        env=FONT_ENV,
    )


def _symbol_candidates(environ: Mapping[str, str]) -> list[Path]:
    fmt = "--format=%{file}\n"
    found = [path for path, _index in _parse_fontconfig(_run(["fc-list", fmt, ":charset=1f44d"]))]
    windows = Path(environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows") / "Fonts"
    found += [windows / name for name in WINDOWS_SYMBOL_FONTS]
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

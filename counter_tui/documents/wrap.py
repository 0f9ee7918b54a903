"""Line breaking for Chinese and Latin text, measured in terminal cells or in millimetres.

Chinese may break between any two characters, except that closing punctuation
never starts a line and opening punctuation never ends one (行首行尾禁则); Latin
words and numbers (0571-86801003, GA-001) stay whole unless they are wider than
the line. A numbered paragraph ("1. …", "（2）…", "三、…") hangs its continuation
lines under its text. The same rules serve the text preview (width in cells,
``rich.cells.cell_len``) and the PDF (width in mm, the font's string width).
"""

import re
from collections.abc import Callable
from typing import NamedTuple

Measure = Callable[[str], float]

# May not begin a line (行首禁则) / may not end one (行尾禁则).
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…％·,.;:?!)]}%")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")

_LATIN = r"[0-9A-Za-z\u00c0-\u024f]"
_ATOM = re.compile(rf"{_LATIN}+(?:[-_./@:'+#&]{_LATIN}+)*| +|.", re.DOTALL)
_MARKER = re.compile(
    r"(?:\d{1,3}[.、．)）]|[（(]\d{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|[①-⑳•·*-])\s*"
)
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff]"
)


class Line(NamedTuple):
    indent: float  # in the measure's unit: cells or mm
    text: str


def clean(text: str) -> str:
    """Text typed by anyone, made safe to show: line ends unified, tabs made spaces, and
    control and bidi-override characters shown as visible escapes (they are data)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _units(text: str) -> list[str]:
    """Pieces that a line may break between; spaces are their own pieces."""
    units: list[str] = []
    glue_next = False
    for atom in _ATOM.findall(text):
        if atom.isspace():
            units.append(" ")
            glue_next = False
            continue
        if units and not units[-1].isspace() and (glue_next or atom[0] in NO_LINE_START):
            units[-1] += atom
        else:
            units.append(atom)
        glue_next = atom[-1] in NO_LINE_END
    return units


def wrap_paragraph(
    text: str, width: float, measure: Measure, hang: bool = True, lead: str = ""
) -> list[Line]:
    """One paragraph (no newlines) broken into lines no wider than ``width``.

    ``lead`` (a label such as “Source: ”) starts the first line and its continuation
    lines hang under the text after it, unless it takes more than half the width."""
    text = text.strip()
    if not text:
        return [Line(0, lead.rstrip())]
    indent: float = measure(lead) if lead else 0
    if indent > width / 2:
        indent = 0
    if hang and (marker := _MARKER.match(text)) and marker.end() < len(text):
        marker_width = measure(marker.group())
        if marker_width <= width / 3:
            indent += marker_width
    lines: list[str] = []
    current = ""

    def limit() -> float:
        return width - indent if lines else width

    def flush() -> None:
        nonlocal current
        if current.strip():
            lines.append(current.rstrip())
        current = ""

    for unit in [lead, *_units(text)] if lead else _units(text):
        if unit == " ":
            if current:
                current += " "
            continue
        if measure(current + unit) <= limit():
            current += unit
            continue
        flush()
        if measure(unit) <= limit():
            current = unit
            continue
        for char in unit:  # wider than a line: break it anywhere
            if current and measure(current + char) > limit():
                flush()
            current += char
    flush()
    return [Line(0 if n == 0 else indent, line) for n, line in enumerate(lines)]


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of cleaned ``text``; a run of blank lines becomes one."""
    out: list[str] = []
    for paragraph in clean(text).strip("\n").split("\n"):
        if not paragraph.strip() and (not out or not out[-1].strip()):
            continue
        out.append(paragraph)
    return out


def wrap(text: str, width: float, measure: Measure, hang: bool = True) -> list[Line]:
    """Every paragraph of ``text`` wrapped; runs of blank lines become one."""
    return [
        line
        for paragraph in _paragraphs(text)
        for line in wrap_paragraph(paragraph, width, measure, hang)
    ]


def wrap_fact(prefix: str, value: str, width: float, measure: Measure) -> list[Line]:
    """``prefix`` (“Label: ”) and ``value``, the value's lines hanging under its first
    character (or under the prefix when the prefix is wider than half the line)."""
    first, *rest = _paragraphs(value) or [""]
    lines = wrap_paragraph(first, width, measure, lead=prefix)
    hang = measure(prefix) if measure(prefix) <= width / 2 else 0
    for paragraph in rest:
        lines += [
            Line(hang + line.indent, line.text)
            for line in wrap_paragraph(paragraph, width - hang, measure)
        ]
    return lines

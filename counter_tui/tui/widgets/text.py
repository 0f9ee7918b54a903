"""Text typed by anyone is data, never markup (docs/architecture.md §3.5).

Every value that comes from the database or from a keyboard goes through
``plain`` before it reaches a widget: the result is a ``rich.text.Text``, so
``[red]`` and ``[/]`` are shown as typed, and control characters (escape
sequences, bidi overrides) are replaced by visible stand-ins instead of being
sent to the terminal.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from counter_tui.documents import wrap as breaking

# Bidirectional embeddings, overrides and isolates can reorder what a reader sees.
_BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␀ for NUL ...
    if code == 0x7F:
        return "\N{SYMBOL FOR DELETE}"
    category = unicodedata.category(char)
    if category in ("Zl", "Zp"):
        return " "  # a line or paragraph separator would break the one-line layout
    if code in _BIDI_CONTROLS or category in ("Cc", "Cs"):
        return REPLACEMENT  # a surrogate (undecodable input) cannot be written to a terminal
    return char


def clean(value: object) -> str:
    """``value`` as a one-line string with every control character made visible."""
    text = "" if value is None else str(value)
    if text.isprintable():
        return text
    return "".join(_visible(char) for char in text)


def strip_controls(value: str) -> str:
    """``value`` without control characters: for fields, where a stand-in would be
    mistaken for typed text."""
    if value.isprintable():
        return value
    return "".join(char for char in value if _visible(char) == char)


def plain(value: object, style: str | Style = "") -> Text:
    """A Text that shows ``value`` literally: no markup, no control characters."""
    return Text(clean(value), style=style, no_wrap=True, end="")


def fit(value: object, width: int, style: str | Style = "") -> Text:
    """``plain(value)`` cut to ``width`` terminal cells with an ellipsis; double-width
    (Chinese) characters count as two cells and are never split."""
    text = plain(value, style)
    if width <= 0:
        return Text("", end="")
    if text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    return text


def width_of(value: str) -> int:
    """Terminal cells ``value`` occupies."""
    return cell_len(value)


def join(parts: list[Text | str], separator: str = " · ", width: int | None = None) -> Text:
    """Plain parts (already Text or translated labels) joined on one line; given a
    ``width``, a part that would run past it starts a new line instead (a line breaks
    between parts, never inside one: English labels are longer than Chinese)."""
    texts = [part if isinstance(part, Text) else Text(part, end="") for part in parts if part]
    lines: list[list[Text]] = [[]]
    used = 0
    for text in texts:
        wanted = used + cell_len(separator) + text.cell_len if lines[-1] else text.cell_len
        if width is not None and lines[-1] and wanted > width:
            lines.append([])
            wanted = text.cell_len
        lines[-1].append(text)
        used = wanted
    return Text("\n", end="").join(Text(separator, end="").join(line) for line in lines)


class Wrapped:
    """Text wrapped at the width it is given by the rules for Chinese line breaking
    (documents/wrap.py: no line starts with closing punctuation or ends with opening;
    Latin words and numbers stay whole), where Rich would break after any character
    (issue 21 item 24). A ``Text`` keeps its styles. For a cell of a Rich table, or a
    Static."""

    def __init__(self, text: str | Text, style: str | Style = "") -> None:
        # A str's line ends are kept: they are paragraphs.
        self.text = text if isinstance(text, Text) else Text(breaking.clean(text), style=style)

    def lines(self, width: int) -> list[Text]:
        whole = self.text.plain
        out: list[Text] = []
        at = 0
        for line in breaking.wrap(whole, max(1, width), cell_len):
            start = whole.find(line.text, at)  # each line is a piece of the text, in order
            piece = self.text[start : start + len(line.text)] if start >= 0 else Text(line.text)
            at = max(at, start + len(line.text))
            out.append(Text(" " * int(line.indent), end="") + piece)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n", end="").join(self.lines(options.max_width))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(2, options.max_width), cell_len(self.text.plain))

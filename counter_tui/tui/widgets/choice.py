"""A one-line choice among a few values: ←/→ (or Space) change it, Enter goes on.

Faster at a counter than a drop-down: the clerk sees the value, one key changes it,
and Enter moves to the next field like in an input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from counter_tui.tui.keys import CHOICE_DONE, CHOICE_NEXT, CHOICE_PREVIOUS
from counter_tui.tui.widgets.text import plain


class Choice(Widget, can_focus=True):
    """``options``: (value, translated label) pairs; the value is one of them."""

    DEFAULT_CSS = """
    Choice { height: 1; width: 1fr; padding: 0 1; }
    Choice:focus { background: $boost; text-style: bold; }
    """
    BINDINGS: ClassVar = [CHOICE_PREVIOUS.binding(), CHOICE_NEXT.binding(), CHOICE_DONE.binding()]
    ENTER_MOVES_ON = True  # in a form, the app moves the focus on Enter (see FormField)

    class Changed(Message):
        def __init__(self, choice: Choice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(
        self, options: Sequence[tuple[str, str]], value: str = "", *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self._value = value if any(v == value for v, _label in options) else options[0][0]

    @property
    def value(self) -> str:
        return self._value

    def set(self, value: str, options: Sequence[tuple[str, str]] | None = None) -> None:
        """Change the value (and the options) without posting Changed."""
        if options is not None:
            self.options = list(options)
        values = [v for v, _label in self.options]
        self._value = value if value in values else values[0]
        self.refresh()

    @property
    def label(self) -> str:
        return next(label for v, label in self.options if v == self._value)

    def render(self) -> Text:
        return Text("‹ ", end="") + plain(self.label) + Text(" ›", end="")

    def action_step(self, delta: int) -> None:
        values = [v for v, _label in self.options]
        self._value = values[(values.index(self._value) + delta) % len(values)]
        self.refresh()
        self.post_message(self.Changed(self, self._value))

    def action_done(self) -> None:
        self.screen.focus_next()

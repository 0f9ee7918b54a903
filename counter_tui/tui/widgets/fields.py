"""Input fields that hold only printable text."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from counter_tui.i18n import _
from counter_tui.tui.widgets.text import strip_controls

# Typed or pasted text with a control character (C0, DEL, C1) is refused as a whole.
PRINTABLE = r"[^\x00-\x1f\x7f-\x9f]*"
MAX_CREDENTIAL = 64
# A case search (find a case, the queue's field): asked a moment after the last key.
SEARCH_AFTER = 0.25  # seconds
MAX_QUERY = 60


class TextField(Input):
    """An Input whose value never holds control characters, however it is set: typed and
    pasted text is filtered by ``restrict``, and any value set from code is cleaned too,
    so nothing can reach the terminal as an escape sequence."""

    # Input sets its virtual size to its text's width at every change (Input._watch_value,
    # Textual 8.2; we found no upstream issue), and Widget's virtual_size lays out the whole
    # screen when it changes: every letter typed reflowed every widget (issue 17). A field's
    # virtual size is its own scrolling's business: repaint only (docs/architecture.md §4.5).
    virtual_size = Reactive(Size(0, 0), repaint=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("restrict", PRINTABLE)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._refusal = ""  # why the change being made would be refused
        self._pasted = False  # that change is more than one typed character
        self._told = ""  # the refusal last said, until the value changes

    def validate_value(self, value: str) -> str:
        return strip_controls(value)

    def watch_value(self, value: str) -> None:
        self._told = ""

    def replace(self, text: str, start: int, end: int) -> None:
        # Input refuses a change that is too long or has a control character as a whole
        # (typed, pasted) and only rings the bell: ``restricted`` says why.
        value = self.value
        start, end = sorted((max(0, start), min(len(value), end)))
        if self.max_length and len(value) - (end - start) + len(text) > self.max_length:
            # A paste is refused whole; a key typed into a full field adds nothing, and
            # what was typed before it stays (issue 21 item 10).
            self._refusal = (
                _("Too long: this field takes at most {count} characters. Nothing was entered.")
                if len(text) > 1
                else _("This field is full: it takes at most {count} characters.")
            ).format(count=self.max_length)
        elif strip_controls(text) != text:
            self._refusal = _(
                "Control characters (such as escape sequences) cannot be entered. "
                "Nothing was entered."
            )
        else:
            self._refusal = ""
        self._pasted = len(text) > 1
        super().replace(text, start, end)

    def restricted(self) -> None:
        super().restricted()
        # Every refused paste is explained; keys typed at the limit once, not at each key.
        if self._refusal and (self._pasted or self._refusal != self._told):
            self._told = self._refusal
            self.notify(self._refusal, severity="warning", markup=False)


def credential_field(id: str, *, password: bool = False) -> TextField:
    """A staff code or PIN field."""
    return TextField(id=id, password=password, max_length=MAX_CREDENTIAL, select_on_focus=False)


class FormField(TextField):
    """A field of a form: Enter hands the focus on (the app calls the screen's
    ``field_done(widget)`` before any later key is delivered)."""

    ENTER_MOVES_ON = True

"""Input fields that hold only printable text."""

from __future__ import annotations

from textual.widgets import Input

from counter_tui.tui.widgets.text import strip_controls

# Typed or pasted text with a control character (C0, DEL, C1) is refused as a whole.
PRINTABLE = r"[^\x00-\x1f\x7f-\x9f]*"
MAX_CREDENTIAL = 64


class TextField(Input):
    """An Input whose value never holds control characters, however it is set: typed and
    pasted text is filtered by ``restrict``, and any value set from code is cleaned too,
    so nothing can reach the terminal as an escape sequence."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("restrict", PRINTABLE)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def validate_value(self, value: str) -> str:
        return strip_controls(value)


def credential_field(id: str, *, password: bool = False) -> TextField:
    """A staff code or PIN field."""
    return TextField(id=id, password=password, max_length=MAX_CREDENTIAL, select_on_focus=False)


class FormField(TextField):
    """A field of a form: Enter hands the focus on (the app calls the screen's
    ``field_done(widget)`` before any later key is delivered)."""

    ENTER_MOVES_ON = True

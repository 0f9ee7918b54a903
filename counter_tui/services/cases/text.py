"""What a person typed (a reason, a note, a choice), checked as the store will keep it."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from counter_tui.services.errors import ServiceError
from counter_tui.store.models import storable_text

EnumT = TypeVar("EnumT", bound=Enum)


def typed_text(text: str) -> str:
    """What a person typed for a reason or a note, as it is kept: as typed, only the
    blanks around it trimmed, after the store's rule for text (no U+0000, no surrogate),
    so that what is checked is what is stored."""
    return storable_text(str(text)).strip()


def required_text(text: str, rule: str, message: str) -> str:
    """A reason or a note that must be given, as ``typed_text`` keeps it;
    ServiceError(``rule``, ``message``) when nothing is left."""
    text = typed_text(text)
    if not text:
        raise ServiceError(rule, message)
    return text


def one_of(kind: type[EnumT], value: object, rule: str, message: str) -> EnumT:
    """``value`` as a member of ``kind``; else ServiceError(``rule``, ``message``), whose
    ``{value}`` names what was given."""
    try:
        return kind(value)
    except ValueError:
        raise ServiceError(rule, message, value=str(value)) from None

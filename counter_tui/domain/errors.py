"""Errors raised by the rules.

The domain layer cannot translate (it imports nothing of the project), so an
error carries an English message template marked with ``N_`` for extraction and
its parameters; the interface translates it with ``counter_tui.i18n.explain``.
"""

from typing import Any


def N_(message: str) -> str:
    """Mark a message for translation without translating it here."""
    return message


class Label(str):
    """A parameter of an error message that is itself a message to translate
    (a state or action label), unlike names and numbers, which are shown as given."""


class Items(tuple[str, ...]):
    """A parameter of an error message that is a list of names: joined with the
    interface language's list comma when the message is shown (、 in Chinese)."""

    def __str__(self) -> str:
        return "、".join(self)


class Message:
    """A parameter of an error message that is a message with parameters of its own
    (where in a file a mistake is, the problem found there): translated in turn."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return self.template.format(**self.params)  # untranslated, as str(error) is


class DomainError(Exception):
    """A rule was broken. ``rule`` is a stable code tests and scripts can match."""

    def __init__(self, rule: str, template: str, **params: Any) -> None:
        self.rule = rule
        self.template = template
        self.params = params
        super().__init__(template.format(**params))


class IdentifierError(DomainError):
    """An ID card number, credit code or phone number is not valid."""


class TransitionError(DomainError):
    """A case cannot move from its state by the requested action."""


class CalendarError(DomainError):
    """A work-calendar schedule is inconsistent."""


class ChecklistError(DomainError):
    """A material cannot be marked so, or the checklist does not allow the decision."""


class ApplicantError(DomainError):
    """What was entered about the applicant or their agent is incomplete or invalid."""

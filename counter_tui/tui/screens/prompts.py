"""Small questions asked over the checklist and the decision step: in which form a
material was provided, what is wrong with it, until when it is deferred, why the
application is refused. Enter answers, Esc cancels; nothing is recorded until then."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from counter_tui.domain.checklist import (
    DEFICIENCY_REASONS,
    FORM_LABELS,
    NOTICE_DELIVERY_LABELS,
    REFUSAL_GROUNDS,
    REFUSAL_LABELS,
    ChecklistLine,
    MaterialForm,
)
from counter_tui.domain.legal import SUSPENSION_GROUND_LABELS, SuspensionGround
from counter_tui.domain.suspension import SpecialStep
from counter_tui.i18n import _
from counter_tui.tui.keys import (
    CANCEL_PROMPT,
    CONFIRM_PROMPT,
    FIELD_KEYS,
    NEXT_FORM,
    PREVIOUS_FORM,
    REASON_DOWN,
    REASON_UP,
)
from counter_tui.tui.ticket_text import MOVES, RECALL_SKIPPED, ticket_words
from counter_tui.tui.widgets.choice import Choice
from counter_tui.tui.widgets.fields import TextField, credential_field
from counter_tui.tui.widgets.text import plain

if TYPE_CHECKING:
    from counter_tui.services.tickets.reading import CalledTicket

Answer = TypeVar("Answer")
MAX_REASON = 500
MAX_NUMBER = 60  # a licence or result number

# Art. 45's closed list, in its order; the item's special procedures follow in the
# suspension's choice, as "step:<n>".
ARTICLE_45 = {
    ground: label
    for ground, label in SUSPENSION_GROUND_LABELS.items()
    if ground is not SuspensionGround.SPECIAL_STEP
}
STEP_PREFIX = "step:"

# What a clerk may say was handed over (electronic materials come by other channels).
HANDED_FORMS = (MaterialForm.ORIGINAL, MaterialForm.COPY, MaterialForm.ORIGINAL_AND_COPY)


class Prompt(ModalScreen[Answer], Generic[Answer]):
    """A box in the middle of the screen: a title, the fields, an error line, a hint."""

    DEFAULT_CSS = """
    Prompt { align: center middle; }
    Prompt > Vertical {
        width: 70; height: auto; max-height: 20;
        border: round $accent; background: $surface; padding: 0 1;
    }
    Prompt .prompt-title { text-style: bold; }
    Prompt .prompt-hint { color: $text-muted; }
    Prompt Horizontal { height: 1; }
    Prompt Horizontal Label { width: 14; }
    Prompt Input { height: 1; border: none; padding: 0 1; width: 1fr; }
    Prompt Input:focus { background: $boost; border: none; }
    Prompt OptionList { height: auto; max-height: 9; border: none; padding: 0; }
    """
    BINDINGS: ClassVar = [CANCEL_PROMPT.binding(), *(key.binding() for key in FIELD_KEYS)]

    title_text = ""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self._given: dict[str, str] = {}  # each field's text as the box opened
        self._warned = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text), classes="prompt-title")
            yield from self.fields()
            yield Static("", id="prompt-error", classes="error", markup=False)
            yield Static(_("Enter: confirm · Esc: cancel"), classes="prompt-hint", markup=False)

    def fields(self) -> ComposeResult:
        yield from ()

    def show_error(self, message: str) -> None:
        self.query_one("#prompt-error", Static).update(plain(message))

    def on_mount(self) -> None:
        self._given = self._typed()

    def _typed(self) -> dict[str, str]:
        return {field.id or "": field.value for field in self.query(TextField)}

    def action_cancel(self) -> None:
        """Esc: nothing is recorded. Text typed into the box is not thrown away on one
        key: the first Esc says so, the second leaves (issue 21 item 18)."""
        if self._typed() != self._given and not self._warned:
            self._warned = True
            self.show_error(_("What you typed will be lost: Esc again to leave without it."))
            return
        self.dismiss(None)


def row(label: str, widget: Input | Choice) -> Horizontal:
    return Horizontal(Label(plain(label)), widget)


class ConfirmPrompt(Prompt[bool | None]):
    """A yes-or-no question about a step that cannot be undone: Enter says yes."""

    BINDINGS: ClassVar = [CONFIRM_PROMPT.binding()]

    def __init__(self, title: str, question: str) -> None:
        super().__init__(title)
        self.question = question

    def fields(self) -> ComposeResult:
        yield Static(plain(self.question))

    def action_confirm(self) -> None:
        self.dismiss(True)


class ListPrompt(Prompt[str | None]):
    """One of a list (↑/↓, Enter): ``options`` are (value, words) pairs; answers the
    value. The key projects a case can be linked to (docs/rules.md §23)."""

    AUTO_FOCUS = "#choices"

    def __init__(self, title: str, options: Sequence[tuple[str, Text]]) -> None:
        super().__init__(title)
        self.options = list(options)

    def fields(self) -> ComposeResult:
        yield OptionList(*(Option(words, id=value) for value, words in self.options), id="choices")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


class ProvidedPrompt(Prompt[tuple[str, int] | None]):
    """The form handed over and how many copies; the material's own by default, so Enter
    alone confirms. ↑/↓ change the form while the copies field keeps the focus."""

    AUTO_FOCUS = "#copies"
    BINDINGS: ClassVar = [PREVIOUS_FORM.binding(), NEXT_FORM.binding()]

    def __init__(self, line: ChecklistLine) -> None:
        super().__init__(_("Provided: {material}").format(material=line.name))
        self.line = line

    def fields(self) -> ComposeResult:
        forms = [f for f in HANDED_FORMS]
        if self.line.form not in forms:
            forms.append(self.line.form)
        options = [(f.value, _(FORM_LABELS[f])) for f in forms]
        yield row(_("Form"), Choice(options, self.line.form.value, id="form"))
        yield row(
            _("Copies"),
            TextField(str(self.line.copies), id="copies", max_length=3, restrict=r"[0-9]*"),
        )
        yield Static(_("↑/↓: form · digits: copies"), classes="prompt-hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = self.query_one("#copies", Input).value.strip()
        if not text.isdigit():
            self.show_error(_("The number of copies must be 0 or more"))
            return
        self.dismiss((self.query_one("#form", Choice).value, int(text)))

    def action_form(self, delta: int) -> None:
        self.query_one("#form", Choice).action_step(delta)


class ReasonPrompt(Prompt[str | None]):
    """A common reason (↑/↓ in the list) or one typed in the field."""

    BINDINGS: ClassVar = [REASON_UP.binding(), REASON_DOWN.binding()]

    def __init__(self, line: ChecklistLine) -> None:
        super().__init__(_("Deficient: {material}").format(material=line.name))

    def fields(self) -> ComposeResult:
        yield TextField(
            placeholder=_("Type the reason, or pick a common one with ↑/↓"),
            max_length=MAX_REASON,
            id="reason",
        )
        options = OptionList(*(Option(_(reason)) for reason in DEFICIENCY_REASONS), id="reasons")
        options.can_focus = False
        yield options

    def on_mount(self) -> None:
        self.query_one("#reasons", OptionList).highlighted = 0
        self.query_one("#reason", Input).focus()

    def action_move(self, delta: int) -> None:
        options = self.query_one("#reasons", OptionList)
        current = options.highlighted or 0
        options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        if typed:
            self.dismiss(typed)
            return
        options = self.query_one("#reasons", OptionList)
        index = options.highlighted or 0
        self.dismiss(_(DEFICIENCY_REASONS[index]))


class DatePrompt(Prompt[date | None]):
    """The applicant's commitment date for a deferred (容缺) material."""

    def __init__(self, line: ChecklistLine, suggested: date) -> None:
        super().__init__(_("Deferred (容缺): {material}").format(material=line.name))
        self.suggested = suggested

    def fields(self) -> ComposeResult:
        yield row(
            _("Commitment date"),
            TextField(self.suggested.isoformat(), id="until", max_length=10, restrict=r"[0-9-]*"),
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if (day := _typed_date(self, event.value)) is not None:
            self.dismiss(day)


def _typed_date(prompt: Prompt[Any], text: str) -> date | None:
    """The ISO date typed; None, with the error shown, otherwise."""
    typed = text.strip()
    try:
        return date.fromisoformat(typed)
    except ValueError:
        how = _("Write the date as YYYY-MM-DD, e.g. 2026-12-04")
        if typed:  # a day that does not exist (2026-02-30) looks right at a glance
            how = _("{typed} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-04")
        prompt.show_error(how.format(typed=typed))
        return None


class RefusalPrompt(Prompt[tuple[str, str, str] | None]):
    """The ground (Art. 32(1) 项 (一) or (二)), the competent organ (outside the remit)
    and the facts."""

    def __init__(self) -> None:
        super().__init__(_("Refuse to accept (不予受理)"))

    def fields(self) -> ComposeResult:
        options = [(kind.value, _(REFUSAL_LABELS[kind])) for kind in REFUSAL_GROUNDS]
        yield row(_("Refusal ground"), Choice(options, id="kind"))
        yield row(_("Competent body"), TextField(id="body", max_length=MAX_REASON))
        yield row(_("Details"), TextField(id="details", max_length=MAX_REASON))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "body":
            self.query_one("#details", Input).focus()
            return
        self.dismiss(
            (
                self.query_one("#kind", Choice).value,
                self.query_one("#body", Input).value,
                self.query_one("#details", Input).value,
            )
        )


class NotePrompt(Prompt[str | None]):
    """One line of text: a reason or a note. ``required`` keeps the box open while the
    line is empty (the service would refuse it anyway); ``hint`` says under the field
    what to write there."""

    def __init__(
        self, title: str, label: str, *, required: bool = True, value: str = "", hint: str = ""
    ) -> None:
        super().__init__(title)
        self.label = label
        self.required = required
        self.value = value
        self.hint = hint

    def fields(self) -> ComposeResult:
        yield row(self.label, TextField(self.value, id="note", max_length=MAX_REASON))
        if self.hint:
            yield Static(plain(self.hint), classes="prompt-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self.required and not text:
            self.show_error(_("{label} cannot be left empty").format(label=self.label))
            return
        self.dismiss(text)


class ReplyPrompt(Prompt[tuple[str, str, date | None] | None]):
    """A reply to a supervision order (docs/rules.md §22): the progress made (required),
    the reason for any delay and the new date promised (both may stay empty)."""

    def __init__(self, title: str) -> None:
        super().__init__(title)

    def fields(self) -> ComposeResult:
        yield row(_("Progress"), TextField(id="progress", max_length=MAX_REASON))
        yield row(_("Delay reason"), TextField(id="delay", max_length=MAX_REASON))
        yield row(_("New date"), TextField(id="new-date", max_length=10, restrict=r"[0-9-]*"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != "new-date":
            self.focus_next()
            return
        progress = self.query_one("#progress", Input).value.strip()
        if not progress:
            self.show_error(_("{label} cannot be left empty").format(label=_("Progress")))
            self.query_one("#progress", Input).focus()
            return
        new_date = None
        if event.value.strip():
            new_date = _typed_date(self, event.value)
            if new_date is None:
                return
        self.dismiss((progress, self.query_one("#delay", Input).value.strip(), new_date))


class OrderPrompt(Prompt[tuple[str, str, int] | None]):
    """A supervision order to issue (docs/rules.md §22): why, what is expected, and in
    how many working days the reply is due."""

    def __init__(self, title: str, days: int, most: int) -> None:
        super().__init__(title)
        self.days, self.most = days, most

    def fields(self) -> ComposeResult:
        yield row(_("Reason"), TextField(id="reason", max_length=MAX_REASON))
        yield row(_("Expected"), TextField(id="expected", max_length=MAX_REASON))
        yield row(
            _("Reply days"),
            TextField(str(self.days), id="days", max_length=2, restrict=r"[0-9]*"),
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != "days":
            self.focus_next()
            return
        typed = {
            name: self.query_one(f"#{name}", Input).value.strip() for name in ("reason", "expected")
        }
        for name, label in (("reason", _("Reason")), ("expected", _("Expected"))):
            if not typed[name]:
                self.show_error(_("{label} cannot be left empty").format(label=label))
                self.query_one(f"#{name}", Input).focus()
                return
        days = _typed_days(self, _("Reply days"), self.most)
        if days is not None:
            self.dismiss((typed["reason"], typed["expected"], days))


def _typed_days(prompt: Prompt[Any], label: str, most: int) -> int | None:
    """The whole number of days in the prompt's ``#days`` field, 1 to ``most``; None, with
    the error shown and the field focused, otherwise."""
    text = prompt.query_one("#days", Input).value.strip()
    if text.isdigit() and 1 <= int(text) <= most:
        return int(text)
    prompt.show_error(_("{label}: a whole number from 1 to {most}").format(label=label, most=most))
    prompt.query_one("#days", Input).focus()
    return None


class DaysPrompt(Prompt[tuple[int, str] | None]):
    """A number of working days and the reason: a suspension's expected duration, an
    extension."""

    def __init__(self, title: str, days_label: str, days: int, most: int) -> None:
        super().__init__(title)
        self.days_label, self.days, self.most = days_label, days, most

    def fields(self) -> ComposeResult:
        yield row(
            self.days_label,
            TextField(str(self.days), id="days", max_length=3, restrict=r"[0-9]*"),
        )
        yield row(_("Reason"), TextField(id="reason", max_length=MAX_REASON))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "days":
            self.query_one("#reason", Input).focus()
            return
        days = _typed_days(self, self.days_label, self.most)
        if days is None:
            return
        reason = event.value.strip()
        if not reason:
            self.show_error(_("{label} cannot be left empty").format(label=_("Reason")))
            return
        self.dismiss((days, reason))


class SuspendPrompt(Prompt[tuple[str, int, str, str] | None]):
    """A suspension's ground (Art. 45's procedures, then the item's special procedures:
    ←/→), its expected working days (a special procedure's own days when it is chosen)
    and the details. Answers (ground, days, details, special procedure's name)."""

    def __init__(self, title: str, steps: Sequence[SpecialStep], days: int, most: int) -> None:
        super().__init__(title)
        self.steps, self.days, self.most = tuple(steps), days, most
        self.options = [(ground.value, _(label)) for ground, label in ARTICLE_45.items()]
        self.options += [
            (
                f"{STEP_PREFIX}{number}",
                _("{name} (special procedure, {days} days)").format(name=step.name, days=step.days),
            )
            for number, step in enumerate(self.steps)
        ]

    def fields(self) -> ComposeResult:
        yield row(_("Suspension ground"), Choice(self.options, id="ground"))
        yield row(
            _("Expected days"),
            TextField(str(self.days), id="days", max_length=3, restrict=r"[0-9]*"),
        )
        yield row(_("Details"), TextField(id="details", max_length=MAX_REASON))
        yield Static(_("←/→: change · Enter: next"), classes="prompt-hint", markup=False)

    def _step(self, value: str) -> SpecialStep | None:
        if not value.startswith(STEP_PREFIX):
            return None
        return self.steps[int(value.removeprefix(STEP_PREFIX))]

    def on_choice_changed(self, event: Choice.Changed) -> None:
        event.stop()
        if (step := self._step(event.value)) is not None:
            self.query_one("#days", Input).value = str(step.days)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "days":
            self.query_one("#details", Input).focus()
            return
        days = _typed_days(self, _("Expected days"), self.most)
        if days is None:
            return
        value = self.query_one("#ground", Choice).value
        step = self._step(value)
        if step is None:
            self.dismiss((value, days, event.value.strip(), ""))
        else:
            self.dismiss(
                (SuspensionGround.SPECIAL_STEP.value, days, event.value.strip(), step.name)
            )


class ChoicePrompt(Prompt[tuple[str, str] | None]):
    """One of a few values (←/→) and a note: a review's result, how the result was
    delivered, a rating. ``note_required`` lists the values that need the note; with
    ``unchosen`` the choice starts on that word, and Enter waits for a real value."""

    def __init__(
        self,
        title: str,
        label: str,
        options: list[tuple[str, str]],
        note_label: str,
        note_required: frozenset[str] = frozenset(),
        unchosen: str | None = None,
    ) -> None:
        super().__init__(title)
        self.label, self.note_label, self.note_required = label, note_label, note_required
        self.options = options if unchosen is None else [("", unchosen), *options]

    def fields(self) -> ComposeResult:
        yield row(self.label, Choice(self.options, id="choice"))
        yield row(self.note_label, TextField(id="note", max_length=MAX_REASON))
        yield Static(_("←/→: change · Enter: next"), classes="prompt-hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = self.query_one("#choice", Choice).value
        note = event.value.strip()
        if not value:
            self.show_error(_("Choose the {label} first (←/→)").format(label=self.label))
            return
        if value in self.note_required and not note:
            self.show_error(_("{label} cannot be left empty").format(label=self.note_label))
            return
        self.dismiss((value, note))


def notice_prompt(title: str) -> ChoicePrompt:
    """How a one-time notice reaches the applicant (printed on it), and a tracking
    number or address."""
    options = [(str(way.value), _(label)) for way, label in NOTICE_DELIVERY_LABELS.items()]
    return ChoicePrompt(title, _("Delivery"), options, _("Tracking number or address"))


class CompletePrompt(Prompt[tuple[str, str, str] | None]):
    """How the result reaches the applicant (←/→), its licence or result number, printed
    on the decision (may stay empty where the item issues none), and a note. Answers
    (delivery, note, number)."""

    def __init__(self, title: str, options: list[tuple[str, str]]) -> None:
        super().__init__(title)
        self.options = options

    def fields(self) -> ComposeResult:
        yield row(_("Delivery"), Choice(self.options, id="choice"))
        yield row(_("Result number"), TextField(id="result", max_length=MAX_NUMBER))
        yield row(_("Note"), TextField(id="note", max_length=MAX_REASON))
        yield Static(_("←/→: change · Enter: next"), classes="prompt-hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "result":
            self.query_one("#note", Input).focus()
            return
        number = self.query_one("#result", Input).value.strip()
        self.dismiss((self.query_one("#choice", Choice).value, event.value.strip(), number))


class DeliveryPrompt(Prompt[tuple[str, date] | None]):
    """How the decision reached the applicant (←/→) and on which day, today by default."""

    def __init__(self, title: str, options: list[tuple[str, str]], today: date) -> None:
        super().__init__(title)
        self.options, self.today = options, today

    def fields(self) -> ComposeResult:
        yield row(_("Delivery"), Choice(self.options, id="choice"))
        yield row(
            _("Delivered on"),
            TextField(self.today.isoformat(), id="on", max_length=10, restrict=r"[0-9-]*"),
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if (day := _typed_date(self, event.value)) is not None:
            self.dismiss((self.query_one("#choice", Choice).value, day))


class FieldsPrompt(Prompt[tuple[str, ...] | None]):
    """A few short lines of text, filled in beforehand (``fields``: label and value each);
    Enter moves to the next and confirms on the last."""

    def __init__(self, title: str, fields: list[tuple[str, str]], max_length: int = 40) -> None:
        super().__init__(title)
        self.fields_given = fields
        self.max_length = max_length

    def fields(self) -> ComposeResult:
        for number, (label, value) in enumerate(self.fields_given):
            yield row(label, TextField(value, id=f"field-{number}", max_length=self.max_length))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        position = inputs.index(event.input)
        if position + 1 < len(inputs):
            inputs[position + 1].focus()
            return
        self.dismiss(tuple(field.value.strip() for field in inputs))


class AccountPrompt(Prompt[tuple[str, ...] | None]):
    """A one-time PIN typed twice, masked; for a new account (``roles``: its value and
    label pairs), its code, name, role and department first. Answers the values in that
    order, the PIN last; the service judges them."""

    def __init__(self, title: str, roles: list[tuple[str, str]] | None = None) -> None:
        super().__init__(title)
        self.roles = roles

    def fields(self) -> ComposeResult:
        if self.roles is not None:
            yield row(_("Staff code"), credential_field("code"))
            yield row(_("Name"), TextField(id="name", max_length=40))
            yield row(_("Role"), Choice(self.roles, id="role"))
            yield row(_("Department"), TextField(id="department", max_length=40))
        yield row(_("One-time PIN"), credential_field("pin", password=True))
        yield row(_("Again"), credential_field("pin-again", password=True))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != "pin-again":
            self.focus_next()
            return
        first, again = self.query_one("#pin", Input), self.query_one("#pin-again", Input)
        if not first.value or again.value != first.value:
            self.show_error(_("Enter the PIN") if not first.value else _("The two PINs differ"))
            first.value = again.value = ""
            first.focus()
            return
        values = [field.value.strip() for field in self.query(TextField)]
        if self.roles is not None:
            values.insert(2, self.query_one("#role", Choice).value)
        self.dismiss((*values[:-2], first.value))


# The hall's tickets at the clerk's window (docs/rules.md §24): the ticket's menu, the
# day's tickets passed over, the other window's number.
MAX_WINDOW_NUMBER = 999


class _ListPrompt(Prompt[str | None]):
    """A short list: ↑/↓ and Enter choose, Esc closes."""

    def __init__(self, title: str, options: list[tuple[str, str]]) -> None:
        super().__init__(title)
        self.options = options

    def fields(self) -> ComposeResult:
        yield OptionList(*(Option(plain(text), id=value) for value, text in self.options))

    def on_mount(self) -> None:
        super().on_mount()
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


class TicketMenu(_ListPrompt):
    """What else may be done with the window's ticket."""

    def __init__(self, current: CalledTicket | None) -> None:
        title = _("Ticket {ticket}").format(ticket=ticket_words(current)) if current else ""
        moves = [(value, _(text)) for value, text in MOVES]
        if current is None:  # only a passed-over ticket may be called now
            moves = [move for move in moves if move[0] == RECALL_SKIPPED]
        super().__init__(title or _("No ticket is called to your window"), moves)


class PassedOverPrompt(_ListPrompt):
    """The day's tickets passed over that this window may call back."""

    def __init__(self, tickets: list[CalledTicket]) -> None:
        options = [
            (
                str(ticket.id),
                _("{ticket} · passed over at window {window}, called {time}").format(
                    ticket=ticket_words(ticket),
                    window=ticket.window,
                    time=ticket.called_at.strftime("%H:%M"),
                ),
            )
            for ticket in tickets
        ]
        super().__init__(_("Call a ticket passed over back"), options)


class WindowPrompt(Prompt[int | None]):
    """The number of the window the visitor is sent to."""

    def __init__(self, current: CalledTicket) -> None:
        super().__init__(_("Send {ticket} to another window").format(ticket=ticket_words(current)))

    def fields(self) -> ComposeResult:
        yield row(_("Window"), TextField(id="window-number", max_length=3, restrict=r"[0-9]*"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#window-number", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_WINDOW_NUMBER:
            self.show_error(_("Type the window's number"))
            return
        self.dismiss(int(text))

"""差评回访 (Ctrl+V, docs/rules.md §11): the open follow-ups of poor ratings, the oldest
first — a clerk's own (the cases they hold, the questions they answered), the whole
department's for a chief. R records the contact with the applicant, O closes with the
result (整改 or explained) and a note, S is the rated clerk's appeal (申诉), D the chief's
decision on it; Enter opens the case (or the question). The line under the table says
the highlighted one in full. The services judge who may do what; a refusal is said and
nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_
from counter_tui.domain.ratings import (
    APPEAL_OUTCOME_LABELS,
    RATING_LABELS,
    REASON_LABELS,
    AppealOutcome,
    FollowUpResult,
)
from counter_tui.i18n import _
from counter_tui.services.cases.follow_ups import FollowUp
from counter_tui.services.tracking.ratings import (
    appeal_rating,
    close_follow_up,
    decide_appeal,
    open_follow_ups,
    record_contact,
)
from counter_tui.tui.case_actions import follow_up_prompt
from counter_tui.tui.case_text import follow_up_words
from counter_tui.tui.keys import (
    FOLLOW_UP_APPEAL,
    FOLLOW_UP_CLOSE,
    FOLLOW_UP_CONTACT,
    FOLLOW_UP_DECIDE,
    FOLLOW_UP_OPEN,
)
from counter_tui.tui.labels import LIGHT_STYLES
from counter_tui.tui.screens.base import REFUSED
from counter_tui.tui.screens.prompts import ChoicePrompt, NotePrompt, Prompt
from counter_tui.tui.screens.rows import RowsScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.tables import row_table
from counter_tui.tui.widgets.text import Wrapped, plain

FIXED = ("due", "number", "level", "state")
CAPPED = {"level": 12, "reason": 10, "state": 10, "applicant": 9}
MIN_ITEM = 6


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """The item takes what the due day, number, level, reason, state and applicant
    leave (the last four cut: the line under the table says them whole)."""
    widths = {key: min(natural[key], CAPPED.get(key, natural[key])) for key in FIXED}
    widths["reason"] = min(natural["reason"], CAPPED["reason"])
    widths["applicant"] = min(natural["applicant"], CAPPED["applicant"])
    widths["item"] = max(MIN_ITEM, available - sum(widths.values()))
    return widths


def subject(line: FollowUp) -> str:
    """The case or bundle case number, or 咨询 for a question's rating."""
    return line.case_number or line.bundle_case or _("Question")


def detail_text(line: FollowUp) -> str:
    """The highlighted follow-up whole: who was rated and when, the applicant's words,
    the contact, the appeal and its outcome; one paragraph each."""
    reason = _(REASON_LABELS[line.reason]) if line.reason else "—"
    rated = _("{clerk} rated {level} on {when} ({reason}): {words}").format(
        clerk=line.clerk,
        level=_(RATING_LABELS[line.level]),
        when=f"{line.rated_at:%Y-%m-%d %H:%M}",
        reason=reason,
        words=line.text or _("no words given"),
    )
    contact = (
        _("Contact: {contact}").format(contact=line.contact)
        if line.contact
        else _("Contact: not yet recorded")
    )
    lines = [rated, contact]
    if line.appeal:
        if line.appeal_outcome is None:
            outcome = _("waiting for the chief")
        else:
            outcome = _("{outcome}: {note}").format(
                outcome=_(APPEAL_OUTCOME_LABELS[line.appeal_outcome]), note=line.appeal_note
            )
        lines.append(
            _("Appeal: {grounds} — {outcome}").format(grounds=line.appeal, outcome=outcome)
        )
    return "\n".join(lines)


def _outcome_prompt(title: str) -> ChoicePrompt:
    """The chief's decision on an appeal: upheld or rejected, always with a note."""
    options = [(outcome.value, _(label)) for outcome, label in APPEAL_OUTCOME_LABELS.items()]
    return ChoicePrompt(
        title,
        _("Appeal"),
        options,
        _("Note"),
        note_required=frozenset(outcome.value for outcome in AppealOutcome),
        unchosen=_("choose one"),
    )


class FollowUpsScreen(RowsScreen[FollowUp]):
    HINT = N_("差评 to follow up, the oldest first; the due day is red once past.")
    SUB_TITLE = N_("Follow-ups")
    BINDINGS: ClassVar = [
        FOLLOW_UP_CONTACT.binding(),
        FOLLOW_UP_CLOSE.binding(),
        FOLLOW_UP_APPEAL.binding(),
        FOLLOW_UP_DECIDE.binding(),
        FOLLOW_UP_OPEN.binding(),
    ]
    DEFAULT_CSS = """
    FollowUpsScreen #follow-up-detail {
        /* Three lines of the highlighted one, the same for every row: the list above
           does not jump as the cursor moves. */
        height: 4;
        padding: 0 1;
        border-top: solid $primary;
    }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(plain(_(self.HINT)), classes="case-hint")
        yield row_table("case-list")
        yield Static("", id="follow-up-detail", markup=False)
        yield KeyBar()

    def on_screen_resume(self) -> None:
        self.reload()  # back from a case: another may have closed one meanwhile

    def reload(self) -> None:
        found = self.call(open_follow_ups)
        self.lines = [] if found is REFUSED else found
        today = self.counter_app.today()
        headers = {
            "due": _("Due"),
            "number": _("Case no."),
            "item": _("Item"),
            "applicant": _("Applicant"),
            "level": _("Rating"),
            "reason": _("Reason"),
            "state": _("State"),
        }
        rows = [
            {
                "due": line.due_on.strftime("%m-%d") if line.due_on else "—",
                "number": subject(line),
                "item": line.item_name or "—",
                "applicant": line.applicant or "—",
                "level": _(RATING_LABELS[line.level]),
                "reason": _(REASON_LABELS[line.reason]) if line.reason else "—",
                "state": follow_up_words(line),
            }
            for line in self.lines
        ]
        styles = [
            {"due": LIGHT_STYLES["red"]} if line.overdue(today) else {} for line in self.lines
        ]
        keys = [str(line.request_id) for line in self.lines]
        self.fill(headers, rows, keys, column_widths, styles)
        self._show_detail()

    def _show_detail(self) -> None:
        line = self.highlighted
        detail = self.query_one("#follow-up-detail", Static)
        if line is None:
            detail.update(plain(_("No poor rating waits for a follow-up.")))
        else:
            detail.update(Wrapped(detail_text(line)))

    def highlight_moved(self) -> None:
        super().highlight_moved()
        self._show_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        line = self.highlighted
        session = self.counter_app.session
        if action in (FOLLOW_UP_CONTACT.action, FOLLOW_UP_CLOSE.action, FOLLOW_UP_OPEN.action):
            return line is not None
        if action == FOLLOW_UP_APPEAL.action:  # only the clerk rated, once
            return (
                line is not None
                and session is not None
                and line.clerk_id == session.staff_id
                and not line.appeal
            )
        if action == FOLLOW_UP_DECIDE.action:  # a chief, on another's appeal waiting
            return (
                line is not None
                and session is not None
                and session.role in APPROVER_ROLES
                and line.appeal_pending
                and line.clerk_id != session.staff_id
            )
        return super().check_action(action, parameters)

    # --- the keys ----------------------------------------------------------------------

    def _ask(
        self,
        prompt: Prompt[Any],
        service: Callable[..., object],
        arguments: Callable[[Any], tuple[Any, ...]],
        done: str,
    ) -> None:
        """``prompt`` over the list; its answer to ``service`` for the highlighted one;
        ``done`` said and the list read again, or the service's refusal said."""
        line = self.highlighted
        if line is None:
            return

        def answered(answer: Any) -> None:
            if answer is None:
                return
            at = self.counter_app.now()
            if self.call(service, line.request_id, *arguments(answer), at=at) is REFUSED:
                return
            self.notify(_(done).format(what=subject(line)), markup=False)
            self.reload()

        self.app.push_screen(prompt, answered)

    def action_contact(self) -> None:
        if (line := self.highlighted) is None:
            return
        prompt = NotePrompt(
            _("The contact with the applicant: {what}").format(what=subject(line)),
            _("Contact"),
            value=line.contact,
            hint=_("How and when the applicant was reached, what they said"),
        )
        self._ask(prompt, record_contact, lambda note: (note,), N_("{what}: contact recorded."))

    def action_close_follow_up(self) -> None:
        if (line := self.highlighted) is None:
            return
        prompt = follow_up_prompt(_("Close the follow-up: {case}").format(case=subject(line)))
        self._ask(
            prompt,
            close_follow_up,
            lambda answer: (FollowUpResult(answer[0]), answer[1]),
            N_("{what}: the follow-up is closed."),
        )

    def action_appeal(self) -> None:
        if (line := self.highlighted) is None:
            return
        prompt = NotePrompt(
            _("Appeal (申诉) to the chief: {what}").format(what=subject(line)), _("Grounds")
        )
        self._ask(
            prompt,
            appeal_rating,
            lambda grounds: (grounds,),
            N_("{what}: appeal sent to the chief."),
        )

    def action_decide(self) -> None:
        if (line := self.highlighted) is None:
            return
        prompt = _outcome_prompt(_("Decide the appeal: {what}").format(what=subject(line)))
        self._ask(
            prompt,
            decide_appeal,
            lambda answer: (answer[0] == AppealOutcome.UPHELD.value, answer[1]),
            N_("{what}: the appeal is decided."),
        )

    def action_open_row(self) -> None:
        line = self.highlighted
        if line is None:
            return
        if line.case_number:
            self.counter_app.open_detail(line.case_number)
        elif line.bundle_case:
            self.counter_app.open_bundle_detail(line.bundle_case)
        elif line.consultation_id is not None:
            self.counter_app.open_question(line.consultation_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_row()

"""The actions on a case from its detail (DESIGN §2.4, §2.7, §2.8): each asks what it
needs in a small box, calls its service, says what happened and shows the document it
issued to print (a suspension's notice; an extension's comes with the chief's approval).
The detail offers only what ``CaseDetail.commands`` allows; the services check again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from counter_tui.domain.errors import DomainError
from counter_tui.domain.ratings import RATING_LABELS, RatingLevel, is_poor
from counter_tui.domain.tracking import CaseCommand
from counter_tui.i18n import _, explain
from counter_tui.services.cases.documents import IssuedDocument
from counter_tui.services.tracking import extensions, progress, ratings, suspensions
from counter_tui.services.tracking.progress import (
    DELIVERY_LABELS,
    REVIEW_RESULT_LABELS,
    ReviewResult,
)
from counter_tui.tui.screens.prompts import ChoicePrompt, DaysPrompt, NotePrompt

if TYPE_CHECKING:
    from counter_tui.tui.screens.case_detail import CaseDetailScreen

SUSPENSION_DAYS = 10  # offered; the clerk types what the procedure needs
EXTENSION_DAYS = 5


def _options(labels: Any) -> list[tuple[str, str]]:
    return [(str(value.value), _(label)) for value, label in labels.items()]


class CaseActions:
    """Mixed into CaseDetailScreen: ``action_case(command)`` for every CaseCommand."""

    def run_service(
        self: CaseDetailScreen, done: str, service: Callable[..., Any], *args: Any
    ) -> bool:
        """``service(session, number, *args, at=now)``; the clerk reads what happened, or
        why nothing did. A document it issues is shown to print."""
        app = self.counter_app
        try:
            result = service(app.session, self.number, *args, at=app.now())
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False, timeout=10)
            return False
        self.notify(done, markup=False)
        self.reload()
        if isinstance(result, IssuedDocument):
            app.show_documents(self.number, [result], back=True)
        return True

    def ask(self: CaseDetailScreen, prompt: Any, then: Callable[[Any], object]) -> None:
        """Push ``prompt``; on an answer (not Esc), ``then(answer)``."""

        def answered(answer: Any) -> None:
            if answer is not None:
                then(answer)

        self.app.push_screen(prompt, answered)

    def action_case(self: CaseDetailScreen, command: str) -> None:
        handler = getattr(self, f"_{CaseCommand(command).value}")
        handler()

    def _forward(self: CaseDetailScreen) -> None:
        self.ask(
            NotePrompt(
                _("Forward for review: {case}").format(case=self.number),
                _("Note"),
                required=False,
            ),
            lambda note: self.run_service(
                _("Forwarded for review."), progress.forward_review, note
            ),
        )

    def _record_review(self: CaseDetailScreen) -> None:
        self.ask(
            ChoicePrompt(
                _("Review result: {case}").format(case=self.number),
                _("Review result"),
                _options(REVIEW_RESULT_LABELS),
                _("Opinion"),
                note_required=frozenset({ReviewResult.UNFAVOURABLE.value}),
            ),
            lambda answer: self.run_service(
                _("Review result recorded."), progress.record_review, *answer
            ),
        )

    def _request_approval(self: CaseDetailScreen) -> None:
        self.ask(
            NotePrompt(
                _("To the chief representative (一审一核): {case}").format(case=self.number),
                _("Your opinion"),
                required=False,
            ),
            lambda opinion: self.run_service(
                _("Sent to the chief representative for approval."),
                progress.request_approval,
                opinion,
            ),
        )

    def _complete(self: CaseDetailScreen) -> None:
        self.ask(
            ChoicePrompt(
                _("Complete: {case}").format(case=self.number),
                _("Delivery"),
                _options(DELIVERY_LABELS),
                _("Note"),
            ),
            lambda answer: self.run_service(_("Completed."), progress.complete, *answer),
        )

    def _deny(self: CaseDetailScreen) -> None:
        self.ask(
            NotePrompt(
                _("Deny the licence (不予许可): {case}").format(case=self.number), _("Reason")
            ),
            lambda reason: self.run_service(
                _("The denial is recorded."), progress.record_denial, reason
            ),
        )

    def _suspend(self: CaseDetailScreen) -> None:
        self.ask(
            DaysPrompt(
                _("Suspend (Art. 45): {case}").format(case=self.number),
                _("Expected days"),
                SUSPENSION_DAYS,
                suspensions.EXPECTED_DAYS_RANGE.stop - 1,
            ),
            lambda answer: self.run_service(
                _("Suspended: the clock stands still."),
                suspensions.suspend,
                answer[1],
                answer[0],
            ),
        )

    def _resume(self: CaseDetailScreen) -> None:
        self.ask(
            NotePrompt(_("Resume: {case}").format(case=self.number), _("Note"), required=False),
            lambda note: self.run_service(
                _("Resumed: the clock runs again."), suspensions.resume, note
            ),
        )

    def _extend(self: CaseDetailScreen) -> None:
        self.ask(
            DaysPrompt(
                _("Ask for an extension: {case}").format(case=self.number),
                _("Working days"),
                EXTENSION_DAYS,
                extensions.MAX_EXTENSION_DAYS,
            ),
            lambda answer: self.run_service(
                _("Extension requested: it waits for the chief representative."),
                extensions.request_extension,
                *answer,
            ),
        )

    def _withdraw(self: CaseDetailScreen) -> None:
        self.ask(
            NotePrompt(_("The applicant withdraws: {case}").format(case=self.number), _("Reason")),
            lambda reason: self.run_service(_("Withdrawn."), progress.withdraw, reason),
        )

    def _rate(self: CaseDetailScreen) -> None:
        def rate(answer: tuple[str, str]) -> None:
            level = RatingLevel(int(answer[0]))
            said = _("Rating recorded.")
            if is_poor(level):
                said = _("Rating recorded: a 差评 opens a follow-up (O closes it).")
            self.run_service(said, ratings.rate, level, answer[1])

        self.ask(
            ChoicePrompt(
                _("Rating: {case}").format(case=self.number),
                _("Rating"),
                _options(RATING_LABELS),
                _("Comment"),
            ),
            rate,
        )

    def _follow_up(self: CaseDetailScreen) -> None:
        self.ask(
            NotePrompt(
                _("Close the follow-up: {case}").format(case=self.number), _("What was done")
            ),
            lambda note: self.run_service(
                _("The follow-up is closed."), ratings.close_follow_up, note
            ),
        )

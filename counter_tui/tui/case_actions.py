"""The actions on a case from its detail (docs/rules.md §8, §10, §11), in one table: for
each command, its key, the small box that asks what it needs, the service it calls and
what the clerk reads when it is done. The detail offers only what
``CaseDetail.commands`` allows; the services check again. A document an action issues
(a suspension's notice) is shown to print.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from counter_tui.domain.errors import N_
from counter_tui.domain.ratings import FOLLOW_UP_RESULT_LABELS, FollowUpResult
from counter_tui.domain.tracking import CaseCommand
from counter_tui.i18n import _
from counter_tui.services.cases.detail import CaseDetail
from counter_tui.services.cases.written_decisions import DeliveryDue
from counter_tui.services.first_window import referrals
from counter_tui.services.tracking import extensions, progress, ratings, suspensions
from counter_tui.services.tracking.progress import (
    DELIVERY_LABELS,
    REVIEW_RESULT_LABELS,
    Delivery,
    ReviewResult,
)
from counter_tui.tui import keys
from counter_tui.tui.keys import KeyAction
from counter_tui.tui.screens.prompts import (
    ChoicePrompt,
    CompletePrompt,
    DaysPrompt,
    DeliveryPrompt,
    NotePrompt,
    Prompt,
    SuspendPrompt,
)

SUSPENSION_DAYS = 10  # offered; the clerk types what the procedure needs
EXTENSION_DAYS = 5


@dataclass(frozen=True)
class CaseAction:
    command: CaseCommand
    key: KeyAction  # its action is ``case('<command>')``
    prompt: Callable[[CaseDetail, date], Prompt[Any]]  # the case, today → the box that asks
    service: Callable[..., object]  # service(session, number, *arguments, at=now)
    # A msgid, or the words for these arguments and what the service returned.
    done: str | Callable[[tuple[Any, ...], object], str]
    arguments: Callable[[Any], tuple[Any, ...]] = lambda answer: (answer,)

    def said(self, arguments: tuple[Any, ...], result: object = None) -> str:
        return _(self.done) if isinstance(self.done, str) else self.done(arguments, result)


def _options(labels: Mapping[Any, str]) -> list[tuple[str, str]]:
    return [(str(value.value), _(label)) for value, label in labels.items()]


def _delivery_options(case: CaseDetail) -> list[tuple[str, str]]:
    """How a decision may reach the applicant: a bundle's case only with the bundle
    (docs/rules.md §21), any other case at the window or by post."""
    bundled = case.bundle_case is not None
    return [
        (way.value, _(label))
        for way, label in DELIVERY_LABELS.items()
        if (way is Delivery.WITH_BUNDLE) == bundled
    ]


def _as_given(answer: tuple[Any, ...]) -> tuple[Any, ...]:
    return answer


# What the clerk closes a 差评's follow-up with (an appeal upheld is the chief's).
CLOSING_RESULTS = {
    result: FOLLOW_UP_RESULT_LABELS[result]
    for result in (FollowUpResult.RECTIFIED, FollowUpResult.EXPLAINED)
}


def follow_up_prompt(title: str) -> ChoicePrompt:
    """How a 差评's follow-up is closed: its result (整改 or explained) and a note that
    says how the applicant was reached and what was done (here and on the follow-ups'
    screen)."""
    return ChoicePrompt(
        title,
        _("Follow-up result"),
        _options(CLOSING_RESULTS),
        _("How the applicant was reached, what was done"),
        note_required=frozenset(result.value for result in CLOSING_RESULTS),
        unchosen=_("choose one"),
    )


def _delivered(_arguments: tuple[Any, ...], due: object) -> str:
    if isinstance(due, DeliveryDue) and due.late:
        return _(
            "Delivery recorded — later than Art. 44 allows: the decision was due to reach "
            "the applicant by {due}."
        ).format(due=due.due.isoformat())
    return _("Delivery recorded.")


def _note(
    title: str, label: str, *, required: bool = True
) -> Callable[[CaseDetail, date], Prompt[Any]]:
    return lambda case, _today: NotePrompt(
        _(title).format(case=case.number), _(label), required=required
    )


ACTIONS: tuple[CaseAction, ...] = (
    CaseAction(
        CaseCommand.FORWARD,
        keys.CASE_FORWARD,
        _note(N_("Forward for review: {case}"), N_("Note"), required=False),
        progress.forward_review,
        N_("Forwarded for review."),
    ),
    CaseAction(
        CaseCommand.RECORD_REVIEW,
        keys.CASE_REVIEW,
        lambda case, _today: ChoicePrompt(
            _("Review result: {case}").format(case=case.number),
            _("Review result"),
            _options(REVIEW_RESULT_LABELS),
            _("Opinion"),
            note_required=frozenset({ReviewResult.UNFAVOURABLE.value}),
        ),
        progress.record_review,
        N_("Review result recorded."),
        _as_given,
    ),
    CaseAction(
        CaseCommand.REQUEST_APPROVAL,
        keys.CASE_APPROVAL,
        _note(
            N_("To the chief representative (一审一核): {case}"),
            N_("Your opinion"),
            required=False,
        ),
        progress.request_approval,
        N_("Sent to the chief representative for approval."),
    ),
    CaseAction(
        CaseCommand.COMPLETE,
        keys.CASE_COMPLETE,
        lambda case, _today: CompletePrompt(
            _("Complete: {case}").format(case=case.number), _delivery_options(case)
        ),
        progress.complete,
        N_("Completed."),
        _as_given,
    ),
    CaseAction(
        CaseCommand.DENY,
        keys.CASE_DENY,
        _note(N_("Deny the licence (不予许可): {case}"), N_("Reason")),
        progress.record_denial,
        N_("The denial is recorded."),
    ),
    CaseAction(
        CaseCommand.SUSPEND,
        keys.CASE_SUSPEND,
        lambda case, _today: SuspendPrompt(
            _("Suspend (Art. 45): {case}").format(case=case.number),
            case.special_steps,
            SUSPENSION_DAYS,
            suspensions.EXPECTED_DAYS_RANGE.stop - 1,
        ),
        suspensions.suspend,
        N_("Suspended: the clock stands still."),
        _as_given,  # ground, days, details, the special procedure's name
    ),
    CaseAction(
        CaseCommand.RESUME,
        keys.CASE_RESUME,
        _note(N_("Resume: {case}"), N_("Note"), required=False),
        suspensions.resume,
        N_("Resumed: the clock runs again."),
    ),
    CaseAction(
        CaseCommand.EXTEND,
        keys.CASE_EXTEND,
        lambda case, _today: DaysPrompt(
            _("Ask for an extension: {case}").format(case=case.number),
            _("Working days"),
            EXTENSION_DAYS,
            extensions.MAX_EXTENSION_DAYS,
        ),
        extensions.request_extension,
        N_("Extension requested: it waits for the chief representative."),
        _as_given,
    ),
    CaseAction(
        CaseCommand.WITHDRAW,
        keys.CASE_WITHDRAW,
        _note(N_("The applicant withdraws: {case}"), N_("Reason")),
        progress.withdraw,
        N_("Withdrawn."),
    ),
    CaseAction(
        CaseCommand.FOLLOW_UP,
        keys.CASE_FOLLOW_UP,
        lambda case, _today: follow_up_prompt(
            _("Close the follow-up: {case}").format(case=case.number)
        ),
        ratings.close_case_follow_up,
        N_("The follow-up is closed."),
        lambda answer: (FollowUpResult(answer[0]), answer[1]),
    ),
    CaseAction(
        CaseCommand.DELIVER,
        keys.CASE_DELIVER,
        lambda case, today: DeliveryPrompt(
            _("Delivered (送达): {case}").format(case=case.number),
            _delivery_options(case),
            today,
        ),
        progress.record_delivery,
        _delivered,
        _as_given,
    ),
    CaseAction(
        CaseCommand.REFER,
        keys.CASE_REFER,
        _note(N_("To the 一号窗口: {case}"), N_("What is difficult")),
        referrals.refer_case,
        N_("Referred: the case waits at the 一号窗口."),
    ),
)
BY_COMMAND: Mapping[CaseCommand, CaseAction] = {action.command: action for action in ACTIONS}

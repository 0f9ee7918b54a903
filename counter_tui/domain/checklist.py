"""The material checklist (材料核验) of a case and the rules of the one-time notice.

- What a clerk may record for one material, and what blocks acceptance: a required
  material missing or deficient blocks; a deferrable one (容缺) may be deferred to the
  applicant's commitment date; a conditional one may be not applicable; an optional one
  never blocks.
- The one-time notice (一次告知, docs/rules.md §4): it lists every missing or deficient
  material; once it is issued the requirements are frozen. ``check_change`` is the one
  gate every change of a checklist goes through, so no path can add a deficiency.
- Deemed acceptance (Art. 32(4)): no notice and no decision within 5 working days of
  receipt means accepted as of the receipt date.
- The reasons a clerk may give for refusing to accept (Art. 32(1)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from counter_tui.domain.calendar import Due, WorkCalendar
from counter_tui.domain.errors import N_, ChecklistError, Items, Label
from counter_tui.domain.lifecycle import CaseState


class Necessity(StrEnum):
    REQUIRED = "required"  # 必要
    DEFERRABLE = "deferrable"  # 容缺: may follow after acceptance
    OPTIONAL = "optional"  # 非必要
    CONDITIONAL = "conditional"  # 视情形提交: required when its condition applies


class MaterialForm(StrEnum):
    ORIGINAL = "original"
    COPY = "copy"
    ORIGINAL_AND_COPY = "original_and_copy"
    ELECTRONIC = "electronic"


class MaterialStatus(StrEnum):
    PENDING = "pending"  # not checked yet
    PROVIDED = "provided"
    MISSING = "missing"
    DEFICIENT = "deficient"  # handed over, not in legal form
    DEFERRED = "deferred"  # 容缺: the applicant commits to a date
    NOT_APPLICABLE = "not_applicable"  # a conditional material whose condition does not apply


NECESSITY_LABELS: Mapping[str, str] = MappingProxyType(
    {
        Necessity.REQUIRED: N_("Required"),
        Necessity.DEFERRABLE: N_("Deferrable"),
        Necessity.OPTIONAL: N_("Optional"),
        Necessity.CONDITIONAL: N_("Conditional"),
    }
)
FORM_LABELS: Mapping[str, str] = MappingProxyType(
    {
        MaterialForm.ORIGINAL: N_("Original"),
        MaterialForm.COPY: N_("Copy"),
        MaterialForm.ORIGINAL_AND_COPY: N_("Original and copy"),
        MaterialForm.ELECTRONIC: N_("Electronic"),
    }
)
STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        MaterialStatus.PENDING: N_("not checked"),
        MaterialStatus.PROVIDED: N_("provided"),
        MaterialStatus.MISSING: N_("missing"),
        MaterialStatus.DEFICIENT: N_("deficient"),
        MaterialStatus.DEFERRED: N_("deferred"),
        MaterialStatus.NOT_APPLICABLE: N_("not applicable"),
    }
)

# The reasons clerks give most often, offered before a typed one. The interface shows
# them translated and stores the text it showed: a reason is printed as recorded.
DEFICIENCY_REASONS: tuple[str, ...] = (
    N_("The copy is not stamped with the official seal"),  # 复印件未加盖公章
    N_("Signature missing"),  # 缺少签字
    N_("Expired"),  # 已过有效期
    N_("Does not match the original"),  # 与原件不一致
    N_("Not filled in completely"),  # 信息填写不完整
    N_("Not signed by the applicant in person"),  # 非本人签字
    N_("Information inconsistent with the application form"),  # 与申请表信息不一致
    N_("Illegible or incomplete pages"),  # 字迹不清或缺页
)

DEFICIENCIES = frozenset({MaterialStatus.MISSING, MaterialStatus.DEFICIENT})
_COVERS: Mapping[MaterialForm, frozenset[MaterialForm]] = MappingProxyType(
    {
        # What a handed-over form satisfies: original and copy together satisfy either.
        MaterialForm.ORIGINAL: frozenset({MaterialForm.ORIGINAL}),
        MaterialForm.COPY: frozenset({MaterialForm.COPY}),
        MaterialForm.ORIGINAL_AND_COPY: frozenset(
            {MaterialForm.ORIGINAL, MaterialForm.COPY, MaterialForm.ORIGINAL_AND_COPY}
        ),
        MaterialForm.ELECTRONIC: frozenset({MaterialForm.ELECTRONIC}),
    }
)


@dataclass(frozen=True)
class MaterialMark:
    """What a clerk records for one material: the status and its particulars."""

    status: MaterialStatus
    form: str = ""  # provided: the form handed over (defaults to the required form)
    copies: int | None = None  # provided: how many (defaults to the required number)
    reason: str = ""  # deficient: what is wrong
    deferred_until: date | None = None  # deferred: the applicant's commitment date


@dataclass(frozen=True)
class ChecklistLine:
    """One material of a case: what the item requires and what was recorded."""

    material_id: int
    position: int
    name: str
    necessity: Necessity
    condition: str
    form: MaterialForm  # the form required
    copies: int  # the copies required
    standard: str  # the acceptance standard (受理标准)
    status: MaterialStatus = MaterialStatus.PENDING
    form_provided: str = ""
    copies_provided: int = 0
    reason: str = ""
    deferred_until: date | None = None
    on_notice: bool = False

    @property
    def mark(self) -> MaterialMark:
        return MaterialMark(
            status=self.status,
            form=self.form_provided,
            copies=self.copies_provided,
            reason=self.reason,
            deferred_until=self.deferred_until,
        )

    def with_mark(self, mark: MaterialMark) -> ChecklistLine:
        return replace(
            self,
            status=mark.status,
            form_provided=mark.form,
            copies_provided=mark.copies or 0,
            reason=mark.reason,
            deferred_until=mark.deferred_until,
        )


def _error(rule: str, template: str, line: ChecklistLine, **params: object) -> ChecklistError:
    return ChecklistError(rule, template, material=line.name, **params)


# ── one material ─────────────────────────────────────────────────────────────


def is_satisfied(line: ChecklistLine) -> bool:
    """The material does not stand in the way of acceptance."""
    if line.necessity is Necessity.OPTIONAL:
        return True
    return line.status in (
        MaterialStatus.PROVIDED,
        MaterialStatus.DEFERRED,
        MaterialStatus.NOT_APPLICABLE,
    )


def _provided(line: ChecklistLine, mark: MaterialMark) -> MaterialMark:
    form_text = mark.form or line.form.value
    try:
        form = MaterialForm(form_text)
    except ValueError:
        raise _error(
            "checklist.form_unknown", N_("{form} is not a form of material"), line, form=form_text
        ) from None
    copies = line.copies if mark.copies is None else mark.copies
    if isinstance(copies, bool) or not isinstance(copies, int) or copies < 0:
        raise _error(
            "checklist.copies", N_("The number of copies must be 0 or more"), line, copies=copies
        )
    if line.form not in _COVERS[form]:
        raise _error(
            "checklist.form_short",
            N_(
                "{material} is needed as {required}; {given} does not meet that: "
                "mark it deficient and say what is wrong"
            ),
            line,
            required=Label(FORM_LABELS[line.form]),
            given=Label(FORM_LABELS[form]),
        )
    if copies < line.copies:
        raise _error(
            "checklist.copies_short",
            N_(
                "{material} is needed in {required} copies, {given} were handed over: "
                "mark it deficient and say what is wrong"
            ),
            line,
            required=line.copies,
            given=copies,
        )
    return MaterialMark(MaterialStatus.PROVIDED, form=form.value, copies=copies)


def check_mark(line: ChecklistLine, mark: MaterialMark, today: date) -> MaterialMark:
    """Whether ``mark`` may be recorded for the material of ``line``; the mark to store,
    with the particulars that do not belong to its status cleared."""
    status = MaterialStatus(mark.status)
    if status is MaterialStatus.PROVIDED:
        return _provided(line, mark)
    if status is MaterialStatus.DEFICIENT:
        reason = mark.reason.strip()
        if not reason:
            raise _error(
                "checklist.reason_missing",
                N_("Say what is wrong with {material}: a deficiency needs a reason"),
                line,
            )
        return MaterialMark(status, reason=reason)
    if status is MaterialStatus.DEFERRED:
        if line.necessity is not Necessity.DEFERRABLE:
            raise _error(
                "checklist.not_deferrable",
                N_("{material} is not a deferrable (容缺) material: it cannot be deferred"),
                line,
            )
        if mark.deferred_until is None:
            raise _error(
                "checklist.deferred_until_missing",
                N_("Deferring {material} needs the date the applicant commits to"),
                line,
            )
        if mark.deferred_until <= today:
            raise _error(
                "checklist.deferred_until_past",
                N_("The commitment date for {material} must be after today, not {day}"),
                line,
                day=mark.deferred_until.isoformat(),
            )
        return MaterialMark(status, deferred_until=mark.deferred_until)
    if status is MaterialStatus.NOT_APPLICABLE and line.necessity is not Necessity.CONDITIONAL:
        raise _error(
            "checklist.not_conditional",
            N_("{material} is not a conditional material: it always applies"),
            line,
        )
    return MaterialMark(status)


# ── the phases of a case and the freeze ──────────────────────────────────────


class Phase(StrEnum):
    OPEN = "open"  # draft or received, no notice: anything may be recorded
    NOTICE = "notice"  # one-time notice issued: requirements frozen
    DECIDED = "decided"  # accepted: only a deferred material may be supplied
    CLOSED = "closed"  # completed, refused, denied, withdrawn: nothing changes


_PHASES: Mapping[CaseState, Phase] = MappingProxyType(
    {
        CaseState.DRAFT: Phase.OPEN,
        CaseState.RECEIVED: Phase.OPEN,
        CaseState.AWAITING_SUPPLEMENT: Phase.NOTICE,
        CaseState.ACCEPTED: Phase.DECIDED,
        CaseState.IN_REVIEW: Phase.DECIDED,
        CaseState.AWAITING_APPROVAL: Phase.DECIDED,
        CaseState.SUSPENDED: Phase.DECIDED,
        CaseState.COMPLETED: Phase.CLOSED,
        CaseState.REFUSED: Phase.CLOSED,
        CaseState.DENIED: Phase.CLOSED,
        CaseState.WITHDRAWN: Phase.CLOSED,
    }
)


def phase_of(state: CaseState | str, notice_issued: bool) -> Phase:
    """Where a case stands for its checklist; a case with a notice is never open again."""
    phase = _PHASES[CaseState(state)]
    if phase is Phase.OPEN and notice_issued:
        return Phase.NOTICE
    return phase


def check_change(
    line: ChecklistLine,
    mark: MaterialMark,
    phase: Phase,
    today: date,
    noticed: MaterialMark | None = None,
) -> MaterialMark:
    """The mark to store when a clerk records ``mark`` for ``line`` in ``phase``, or
    ChecklistError. Every service that changes a checklist calls this.

    After the one-time notice (``Phase.NOTICE``) a material not on the notice is settled
    and cannot change; one on it may be recorded as satisfied, or put back exactly as the
    notice lists it (``noticed``, a correction), but never given a new deficiency. After
    the decision only a deferred material may be recorded as supplied."""
    status = MaterialStatus(mark.status)
    if phase is Phase.OPEN:
        return check_mark(line, mark, today)
    if phase is Phase.CLOSED:
        raise _error(
            "checklist.closed", N_("The case is closed: the checklist cannot change"), line
        )
    if phase is Phase.DECIDED:
        if line.status is MaterialStatus.DEFERRED and status is MaterialStatus.PROVIDED:
            return check_mark(line, mark, today)
        raise _error(
            "checklist.decided",
            N_(
                "The case has been decided: only a deferred material can still be "
                "recorded as supplied, and {material} is not one"
            ),
            line,
        )
    if not line.on_notice:
        raise _error(
            "notice.settled",
            N_(
                "{material} is not on the one-time notice: it is settled and cannot be "
                "checked again"
            ),
            line,
        )
    if status in DEFICIENCIES or status is MaterialStatus.PENDING:
        if (
            noticed is not None
            and noticed.status is status
            and mark.reason.strip() in ("", noticed.reason)
        ):
            return noticed
        raise _error(
            "notice.no_new_deficiency",
            N_(
                "After the one-time notice no new deficiency can be added: {material} "
                "can only be recorded as supplied, or as the notice lists it"
            ),
            line,
        )
    return check_mark(line, mark, today)


def remaining(lines: Iterable[ChecklistLine], phase: Phase) -> list[ChecklistLine]:
    """The lines “mark all remaining as provided” applies to: before a notice the ones not
    checked; after it the notice's items not yet satisfied; after the decision the deferred
    ones."""
    if phase is Phase.OPEN:
        return [ln for ln in lines if ln.status is MaterialStatus.PENDING]
    if phase is Phase.NOTICE:
        return [ln for ln in lines if ln.on_notice and ln.status in DEFICIENCIES]
    if phase is Phase.DECIDED:
        return [ln for ln in lines if ln.status is MaterialStatus.DEFERRED]
    return []


# ── what the checklist allows ────────────────────────────────────────────────


def _names(lines: Iterable[ChecklistLine]) -> str:
    return "、".join(line.name for line in lines)


def unchecked(lines: Iterable[ChecklistLine]) -> list[ChecklistLine]:
    """Materials that matter and are not checked yet (an optional one may stay unticked)."""
    return [
        ln
        for ln in lines
        if ln.status is MaterialStatus.PENDING and ln.necessity is not Necessity.OPTIONAL
    ]


def deficiencies(lines: Iterable[ChecklistLine]) -> list[ChecklistLine]:
    """Materials that block acceptance because they are missing or deficient."""
    return [
        ln for ln in lines if ln.status in DEFICIENCIES and ln.necessity is not Necessity.OPTIONAL
    ]


def check_all_checked(lines: Iterable[ChecklistLine]) -> None:
    """Every material that matters has been looked at (before a receipt or a decision)."""
    if pending := unchecked(lines):
        raise ChecklistError(
            "checklist.unchecked",
            N_("Check every material first; not checked yet: {materials}"),
            materials=_names(pending),
            count=len(pending),
        )


def check_acceptable(lines: Iterable[ChecklistLine]) -> None:
    """Nothing stands in the way of acceptance, or ChecklistError naming what does."""
    lines = list(lines)
    check_all_checked(lines)
    if blocking := deficiencies(lines):
        raise ChecklistError(
            "checklist.blocked",
            N_(
                "Cannot accept: missing or deficient: {materials}. Issue the one-time "
                "notice instead."
            ),
            materials=_names(blocking),
            count=len(blocking),
        )


def notice_items(lines: Iterable[ChecklistLine]) -> list[ChecklistLine]:
    """What the one-time notice must list: every missing or deficient material. Refused
    while a material is unchecked (the notice would not be complete) or when nothing is
    missing (accept instead)."""
    lines = list(lines)
    check_all_checked(lines)
    items = deficiencies(lines)
    if not items:
        raise ChecklistError(
            "notice.nothing",
            N_("Nothing is missing or deficient: there is nothing to notify; accept instead"),
        )
    return items


def check_notice_not_issued(issued: bool) -> None:
    """Exactly one one-time notice per case."""
    if issued:
        raise ChecklistError(
            "notice.once",
            N_(
                "A one-time notice has already been issued for this case: it is issued "
                "once and lists everything"
            ),
        )


def notice_fulfilled(lines: Iterable[ChecklistLine]) -> bool:
    """Every item of the notice is now satisfied (rule 5: the case is accepted that day)."""
    return all(is_satisfied(ln) for ln in lines if ln.on_notice)


# ── time rules ───────────────────────────────────────────────────────────────

NOTICE_PERIOD_DAYS = 5  # Art. 32(4): the notice on the spot or within 5 working days
# The time an applicant gets to supplement. The law sets none; centres print 5 to 15
# working days, most often 10 (two weeks). A centre may set its own (1 to 60).
DEFAULT_SUPPLEMENT_DAYS = 10
SUPPLEMENT_DAYS_RANGE = range(1, 61)


def notice_period_end(calendar: WorkCalendar, received_on: date) -> date:
    """The last day a one-time notice (or a decision) may be given: the 5th working day
    after receipt."""
    return calendar.add_workdays(received_on, NOTICE_PERIOD_DAYS)


def is_deemed_accepted(calendar: WorkCalendar, received_on: date, today: date) -> bool:
    """Art. 32(4): received and neither notified nor decided by the end of the period
    means accepted as of the receipt date."""
    return today > notice_period_end(calendar, received_on)


def check_supplement_days(days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or days not in SUPPLEMENT_DAYS_RANGE:
        raise ChecklistError(
            "notice.supplement_days",
            N_("The time to supplement is 1 to 60 working days, not {days}"),
            days=days,
        )
    return days


def supplement_deadline(calendar: WorkCalendar, issued_on: date, days: int) -> Due:
    """The date by which the notice's items are to be supplied."""
    return calendar.due(issued_on, check_supplement_days(days))


def check_deferred_by(lines: Iterable[ChecklistLine], expected: date) -> None:
    """容缺: a deferred material is promised no later than the expected decision date (the
    result waits for it)."""
    late = [
        line.name
        for line in lines
        if line.status is MaterialStatus.DEFERRED
        and line.deferred_until is not None
        and line.deferred_until > expected
    ]
    if late:
        raise ChecklistError(
            "deferred.after_decision",
            N_(
                "Deferred materials must be promised by the expected decision date "
                "({date}): {materials}. Record an earlier date."
            ),
            date=expected.isoformat(),
            materials=Items(late),
        )


class NoticeDelivery(StrEnum):
    """How the one-time notice reached the applicant (送达方式), printed on it."""

    IN_PERSON = "in_person"  # 当面送达
    POST = "post"  # 邮寄送达
    ELECTRONIC = "electronic"  # 电子送达


NOTICE_DELIVERY_LABELS: Mapping[str, str] = MappingProxyType(
    {
        NoticeDelivery.IN_PERSON: N_("Handed to the applicant in person"),
        NoticeDelivery.POST: N_("By post"),
        NoticeDelivery.ELECTRONIC: N_("Electronically"),
    }
)


# ── refusing to accept (不予受理, Art. 32(1)) ─────────────────────────────────


class RefusalKind(StrEnum):
    NOT_REQUIRED = "not_required"  # Art. 32(1)(一): 依法不需要取得行政许可
    OUTSIDE_REMIT = "outside_remit"  # Art. 32(1)(二): 不属于本机关职权范围, name the organ
    # Kept to read refusals recorded before issue 19: neither is a ground for refusing to
    # accept. An applicant who is not eligible is accepted and denied (Art. 38).
    NOT_ELIGIBLE = "not_eligible"
    OTHER = "other"


# Art. 32(1)'s grounds for refusing to accept, in the order of its items.
REFUSAL_GROUNDS = (RefusalKind.NOT_REQUIRED, RefusalKind.OUTSIDE_REMIT)

REFUSAL_LABELS: Mapping[str, str] = MappingProxyType(
    {
        RefusalKind.NOT_REQUIRED: N_("Art. 32(1)(一): no licence is needed by law"),
        RefusalKind.OUTSIDE_REMIT: N_(
            "Art. 32(1)(二): not within this organ's powers (name the competent organ)"
        ),
        RefusalKind.NOT_ELIGIBLE: N_("The applicant is not eligible"),
        RefusalKind.OTHER: N_("Other reason"),
    }
)


@dataclass(frozen=True)
class RefusalReason:
    kind: RefusalKind
    competent_body: str = ""  # outside the remit: where to apply instead
    details: str = ""  # the facts, printed after the ground


def check_refusal_ground(kind: RefusalKind) -> None:
    """Only Art. 32(1)'s two grounds refuse an application at the door."""
    if kind not in REFUSAL_GROUNDS:
        raise ChecklistError(
            "refusal.not_a_ground",
            N_(
                "Not being eligible is not a ground for refusing to accept (Art. 32(1) "
                "allows only: no licence needed, or not within this organ's powers). "
                "Accept the application and decide not to grant it, with the reasons "
                "(Art. 38)."
            ),
        )


def refusal_reason(
    kind: RefusalKind | str, competent_body: str = "", details: str = ""
) -> RefusalReason:
    """A ground a written refusal can carry (Art. 32(1) 项 (一) or (二)); outside the
    remit names the competent organ."""
    try:
        kind = RefusalKind(kind)
    except ValueError:
        raise ChecklistError(
            "refusal.kind", N_("{kind} is not a reason for refusing"), kind=str(kind)
        ) from None
    check_refusal_ground(kind)
    body, details = competent_body.strip(), details.strip()
    if kind is RefusalKind.OUTSIDE_REMIT and not body:
        raise ChecklistError(
            "refusal.competent_body",
            N_("Outside the remit: name the competent body the applicant should apply to"),
        )
    if kind is not RefusalKind.OUTSIDE_REMIT:
        body = ""
    return RefusalReason(kind=kind, competent_body=body, details=details)

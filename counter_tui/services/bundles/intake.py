"""Taking a bundle of items as one application at a comprehensive window (一件事一次办,
一窗受理, docs/rules.md §21): one applicant, one merged checklist where a shared material
is checked once, one receipt, one combined one-time notice that freezes every case of
the bundle, one acceptance notice. Each step runs the single-case services on every case
of the bundle in one transaction (``bundle_change``); their documents become one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from counter_tui.domain.applicant import FieldProblem
from counter_tui.domain.checklist import (
    ChecklistLine,
    MaterialMark,
    NoticeDelivery,
    check_all_checked,
    check_notice_not_issued,
    deficiencies,
    is_satisfied,
)
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.domain.numbering import DocumentKind, bundle_case_counter, bundle_case_number
from counter_tui.domain.ratings import ServiceKind
from counter_tui.services.auth import StaffSession
from counter_tui.services.bundles.change import (
    BundleChange,
    ask_for_the_step,
    bundle_change,
    cases_of,
    comprehensive_desk,
    get_bundle_case,
)
from counter_tui.services.cases.change import CaseChange, check_allowed, moment, move, step
from counter_tui.services.cases.checklist import check_not_deemed, checklist_lines
from counter_tui.services.cases.documents import IssuedDocument, notice_document
from counter_tui.services.cases.numbers import take_next
from counter_tui.services.errors import ServiceError
from counter_tui.services.intake.checklist import apply_marks, provide_remaining
from counter_tui.services.intake.decisions import (
    accept,
    issue_notice,
    notice_terms,
    recheck_supplement,
    submit,
)
from counter_tui.services.intake.draft import (
    create_draft,
    current_item,
    store_typed_applicant,
    typed_fields,
)
from counter_tui.services.intake.refusals import check_no_pending_refusal
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Bundle,
    BundleCase,
    BundleItem,
    Department,
    Staff,
    Window,
    database_proxy,
)


@dataclass(frozen=True)
class BundleLine:
    """A line of a bundle's merged checklist: a material of one case, or a shared
    material (``shared``) that one copy serves for every case listed in ``parts``."""

    key: str  # what a mark names: "shared:<name>" or "<material id>"
    name: str
    shared: bool
    parts: tuple[tuple[str, ChecklistLine], ...]  # (case number, its line)

    @property
    def line(self) -> ChecklistLine:
        """The first case's line: a shared line's parts are marked alike."""
        return self.parts[0][1]


@dataclass(frozen=True)
class BundleRecheck:
    """The re-check of a bundle's supplement: every case accepted together, or still
    waiting for ``outstanding`` (case number, material) of the combined notice."""

    accepted: bool
    outstanding: tuple[tuple[str, str], ...]
    document: IssuedDocument | None  # the one 受理通知书 when accepted


def department_desk(department: Department) -> tuple[Staff, Window]:
    """Who holds a bundle item's case in its department's queue: the clerk on duty at its
    lowest-numbered ordinary window (neither the 一号窗口 nor a comprehensive one), else
    that window's A clerk, else its B clerk."""
    windows = (
        Window.select()
        .where((Window.department == department.id) & ~Window.first_window & ~Window.comprehensive)
        .order_by(Window.number)
    )
    for window in windows:
        for staff_id in (window.on_duty_id, window.clerk_a_id, window.clerk_b_id):
            staff = Staff.get_or_none((Staff.id == staff_id) & Staff.active) if staff_id else None
            if staff is not None:
                return staff, window
    raise ServiceError(
        "bundle.no_clerk",
        N_(
            "No clerk at a window of {department} can hold its case: the administrator "
            "must staff one of its windows first"
        ),
        department=department.name,
    )


def start_bundle_case(
    session: StaffSession, bundle_code: str, *, at: datetime | None = None
) -> str:
    """A new bundle case at the clerk's comprehensive window: a draft case for every item
    of the bundle (its current version), each in its department's queue. Returns the
    bundle case's number."""
    with write_transaction(database_proxy):
        staff, window = comprehensive_desk(session)
        when = moment(at)
        bundle = Bundle.get_or_none(Bundle.code == str(bundle_code).strip())
        if bundle is None:
            raise ServiceError(
                "bundle.unknown", N_("No bundle with the code {code}"), code=bundle_code
            )
        members = list(
            BundleItem.select()
            .where(BundleItem.bundle == bundle.id)
            .order_by(BundleItem.stage, BundleItem.position)
        )
        counter = bundle_case_counter(when.today)
        bundle_case = BundleCase.create(
            number=bundle_case_number(when.today, take_next(counter.scope, counter.period)),
            bundle=bundle,
            window=window,
            owner=staff,
            created_at=when.at,
        )
        for member in members:
            item = current_item(member.item_code)
            owner, desk = department_desk(item.department)
            create_draft(item, owner, desk, staff, when, bundle_case=bundle_case)
        append_event(
            "bundle_started",
            staff=staff,
            data={"bundle_case": bundle_case.id, "bundle": bundle.code, "window": window.id},
            at=when.at,
        )
        return bundle_case.number


def update_bundle_applicant(
    session: StaffSession, number: str, values: Mapping[str, str], *, at: datetime | None = None
) -> tuple[FieldProblem, ...]:
    """The applicant, once for every case of the bundle (一表申请): as ``update_applicant``
    for one case. Returns what is still wrong (FieldProblems)."""
    values = typed_fields(values)
    problems: tuple[FieldProblem, ...] = ()
    with bundle_change(session, number, at) as change:
        for case_change in change.cases:
            problems = store_typed_applicant(case_change, values)
    return problems


def _shared_names(bundle: Bundle) -> frozenset[str]:
    return frozenset(json.loads(bundle.shared_materials or "[]"))


def _merged(bundle: Bundle, lines: list[tuple[str, ChecklistLine]]) -> list[BundleLine]:
    """The merged checklist of ``lines`` (case number, line), in the cases' order: a
    shared material where its first case has it, once."""
    shared = _shared_names(bundle)
    by_name: dict[str, list[tuple[str, ChecklistLine]]] = {}
    for number, line in lines:
        if line.name in shared:
            by_name.setdefault(line.name, []).append((number, line))
    merged: list[BundleLine] = []
    for number, line in lines:
        parts = by_name.get(line.name)
        if parts is None or len(parts) == 1:
            merged.append(BundleLine(str(line.material_id), line.name, False, ((number, line),)))
        elif parts[0] == (number, line):
            merged.append(BundleLine(f"shared:{line.name}", line.name, True, tuple(parts)))
    return merged


def _lines(change: BundleChange) -> list[tuple[str, ChecklistLine]]:
    return [(c.case.number, line) for c in change.cases for line in checklist_lines(c.case)]


def bundle_checklist(session: StaffSession, number: str) -> list[BundleLine]:
    """The bundle case's merged checklist, as the comprehensive window ticks it."""
    comprehensive_desk(session)
    bundle_case = get_bundle_case(number)
    lines = [
        (case.number, line) for case in cases_of(bundle_case) for line in checklist_lines(case)
    ]
    return _merged(bundle_case.bundle, lines)


def mark_bundle(
    session: StaffSession,
    number: str,
    marks: Mapping[str, MaterialMark],
    *,
    at: datetime | None = None,
) -> list[BundleLine]:
    """Record ``marks`` (line key → mark) on the merged checklist: a shared line's mark on
    every case that asks for the material, each through the notice rules of its case.
    Returns the merged checklist after the change."""
    with bundle_change(session, number, at) as change:
        _apply(change, marks, "materials_marked")
        return _merged(change.bundle_case.bundle, _lines(change))


def mark_bundle_remaining_provided(
    session: StaffSession, number: str, *, at: datetime | None = None
) -> list[BundleLine]:
    """Every line not yet checked is provided as its item requires (one key)."""
    with bundle_change(session, number, at) as change:
        for case_change in change.cases:
            provide_remaining(case_change)
        return _merged(change.bundle_case.bundle, _lines(change))


def _apply(change: BundleChange, marks: Mapping[str, MaterialMark], event: str) -> None:
    """Split the merged checklist's marks by case and apply each case's."""
    lines = {line.key: line for line in _merged(change.bundle_case.bundle, _lines(change))}
    if unknown := sorted(set(marks) - set(lines)):
        raise ServiceError(
            "bundle.line_unknown",
            N_("{line} is not a line of this bundle's checklist"),
            line=unknown[0],
        )
    per_case: dict[str, dict[int, MaterialMark]] = {}
    for key, mark in marks.items():
        for case_number, line in lines[key].parts:
            per_case.setdefault(case_number, {})[line.material_id] = mark
    for case_change in change.cases:
        if case_marks := per_case.get(case_change.case.number):
            apply_marks(case_change, case_marks, event=event)


def _receive(change: BundleChange) -> IssuedDocument | None:
    """The papers of a bundle still in draft are taken first, in the same step: one
    材料接收凭证 for all its items. None when they were taken before."""
    drafts = [c for c in change.cases if c.case.state == CaseState.DRAFT.value]
    if not drafts:
        return None
    for case_change in drafts:
        submit.within(case_change)
    receipt = change.papers.store(DocumentKind.RECEIPT, drafts[0].case, {})
    _bundle_event(change, "bundle_received", receipt)
    return receipt


def _bundle_event(change: BundleChange, kind: str, document: IssuedDocument) -> None:
    append_event(
        kind,
        staff=change.staff,
        data={"bundle_case": change.bundle_case.id, "document": document.number},
        at=change.when.at,
    )


def accept_bundle(
    session: StaffSession, number: str, *, at: datetime | None = None
) -> tuple[IssuedDocument | None, IssuedDocument]:
    """Accept every case of the bundle at once (一窗受理), their papers taken first if they
    were not: one 受理通知书 listing each item's case number and both clocks. Refused,
    changing nothing, when any case cannot be accepted. Returns (receipt or None, notice)."""
    with bundle_change(session, number, at) as change:
        receipt = _receive(change)
        for case_change in change.cases:
            accept.within(case_change)
        notice = change.papers.store(DocumentKind.ACCEPTANCE_NOTICE, change.cases[0].case, {})
        _bundle_event(change, "bundle_accepted", notice)
        ask_for_the_step(change, ServiceKind.ACCEPTED)
        return receipt, notice


def issue_bundle_notice(
    session: StaffSession,
    number: str,
    *,
    days: int | None = None,
    delivery: NoticeDelivery | str = NoticeDelivery.IN_PERSON,
    delivery_detail: str = "",
    at: datetime | None = None,
) -> tuple[IssuedDocument | None, IssuedDocument]:
    """One combined one-time notice (一次性告知书) listing every missing or deficient
    material of every item; the bundle being one application, every case of it waits for
    the supplement from then on and is frozen (an item whose materials are complete is
    listed as such, with nothing to supply). Returns (receipt or None, notice)."""
    with bundle_change(session, number, at) as change:
        receipt = _receive(change)
        checked = [(c, checklist_lines(c.case)) for c in change.cases]
        if not any(deficiencies(lines) for _c, lines in checked):
            raise ServiceError(
                "notice.nothing",
                N_("Nothing is missing or deficient: there is nothing to notify; accept instead"),
            )
        for case_change, lines in checked:
            if deficiencies(lines):
                issue_notice.within(
                    case_change, days=days, delivery=delivery, delivery_detail=delivery_detail
                )
            else:
                terms = notice_terms(case_change, days, delivery, delivery_detail)
                _wait_with_the_bundle(case_change, lines, terms)
        notice = change.papers.store(DocumentKind.DEFICIENCY_NOTICE, change.cases[0].case, {})
        _bundle_event(change, "bundle_notice", notice)
        ask_for_the_step(change, ServiceKind.NOTICE)
        return receipt, notice


def _wait_with_the_bundle(
    change: CaseChange, lines: list[ChecklistLine], terms: Mapping[str, object]
) -> None:
    """A case of the bundle with nothing to supply goes under the combined notice too:
    listed there as complete, waiting for the others' supplement, frozen like them."""
    case = change.case
    check_notice_not_issued(notice_document(case) is not None)
    check_allowed(case, Action.ISSUE_NOTICE)
    check_not_deemed(change)
    check_no_pending_refusal(case)
    check_all_checked(lines)
    document = change.papers.add(DocumentKind.DEFICIENCY_NOTICE, case, {"items": [], **terms})
    move(case, Action.ISSUE_NOTICE, change.when.at)
    case.save()
    append_event(
        Action.ISSUE_NOTICE.value,
        case=case,
        staff=change.staff,
        data={"document": document.number, "materials": []},
        at=change.when.at,
    )


def recheck_bundle_supplement(
    session: StaffSession,
    number: str,
    marks: Mapping[str, MaterialMark] | None = None,
    *,
    at: datetime | None = None,
) -> BundleRecheck:
    """The applicant is back with the supplement: ``marks`` on the combined notice's lines
    (only those can change). When every case's notice is satisfied, every case is
    accepted that day with one 受理通知书; otherwise none is, and the outstanding
    materials are returned."""
    with bundle_change(session, number, at) as change:
        for case_change in change.cases:
            check_allowed(case_change.case, Action.SUPPLEMENT)
            check_no_pending_refusal(case_change.case)
        _apply(change, dict(marks or {}), "supplement_marked")
        checked = [(c, checklist_lines(c.case)) for c in change.cases]
        outstanding = tuple(
            (c.case.number, line.name)
            for c, lines in checked
            for line in lines
            if line.on_notice and not is_satisfied(line)
        )
        if outstanding:
            for case_change, _lines_of_case in checked:
                own = sum(1 for case, _name in outstanding if case == case_change.case.number)
                append_event(
                    "supplement_checked",
                    case=case_change.case,
                    staff=change.staff,
                    data={"outstanding": own},
                    at=change.when.at,
                )
            return BundleRecheck(accepted=False, outstanding=outstanding, document=None)
        for case_change, _lines_of_case in checked:
            recheck_supplement.within(case_change)
        notice = change.papers.store(DocumentKind.ACCEPTANCE_NOTICE, change.cases[0].case, {})
        _bundle_event(change, "bundle_accepted", notice)
        ask_for_the_step(change, ServiceKind.ACCEPTED)
        return BundleRecheck(accepted=True, outstanding=(), document=notice)


def discard_bundle(session: StaffSession, number: str, *, at: datetime | None = None) -> None:
    """Give up a bundle still in draft (the applicant left): every case withdrawn."""
    with bundle_change(session, number, at) as change:
        for case_change in change.cases:
            if case_change.case.state != CaseState.DRAFT.value:
                raise ServiceError("intake.not_draft", N_("Only a draft can be discarded"))
            step(case_change, Action.WITHDRAW, {"draft": True})

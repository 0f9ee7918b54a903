"""The case detail: who may read it, its header, the timeline's labels for every kind of
event the code writes, a suspension, an approved extension and a rating."""

import ast
from datetime import date
from pathlib import Path

import pytest

import counter_tui
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.services.cases.detail import EVENT_LABELS, case_detail
from counter_tui.services.errors import PermissionDenied
from counter_tui.services.intake import decisions
from counter_tui.store.database import write_transaction
from counter_tui.store.models import (
    Case,
    Extension,
    Rating,
    RatingRequest,
    Staff,
    Suspension,
    database_proxy,
)

pytestmark = pytest.mark.both_engines


PACKAGE = Path(counter_tui.__file__).parent


def test_staff_of_the_department_and_administrators_read_it(demo_db, received, sign, demo_today):
    number = received(clerk="ga03")
    for reader in ("ga03", "ga01", "gachief", "admin"):
        assert case_detail(sign(reader), number, demo_today).number == number
    for outsider in ("hb01", "hbchief"):
        with pytest.raises(PermissionDenied):
            case_detail(sign(outsider), number, demo_today)


def test_header_checklist_documents_and_timeline(demo_db, received, sign, demo_today):
    number = received(clerk="ga03", flaws={})
    detail = case_detail(sign("ga04"), number, demo_today)
    clerk = Staff.get(Staff.code == "ga03")
    assert detail.state is CaseState.RECEIVED
    assert (detail.item_code, detail.item_version) == ("GA-010", 1)
    assert detail.applicant_name == "王小明"
    assert detail.applicant_id == "110105********002X"  # masked
    assert detail.owner == clerk.name and detail.window_number == 2
    assert detail.received_on == demo_today and detail.accepted_on is None
    assert detail.deadline is None  # the clock starts at acceptance
    assert detail.checklist and all(line.status.value != "pending" for line in detail.checklist)
    [receipt] = detail.documents
    assert receipt.kind.value == "receipt"
    kinds = [entry.kind for entry in detail.timeline]
    assert kinds[0] == "draft_started" and kinds[-1] == "submit"
    assert "applicant_updated" in kinds
    assert all(entry.staff == clerk.name for entry in detail.timeline)
    submitted = detail.timeline[-1]
    assert submitted.data["document"] == receipt.number
    assert submitted.at.date() == demo_today and submitted.at.utcoffset() is not None
    marked = next(entry for entry in detail.timeline if entry.kind == "materials_marked")
    names = {line.name for line in detail.checklist}
    assert {mention.name for mention in marked.data["materials"]} <= names


def test_the_timeline_names_the_chief_and_the_clerk_of_a_refusal(demo_db, sign, demo_today):
    refused = Case.get(Case.state == CaseState.REFUSED.value)
    detail = case_detail(sign("admin"), refused.number, demo_today)
    entry = next(entry for entry in detail.timeline if entry.kind == "refuse")
    for key in ("proposed_by", "signed_by"):
        if entry.data.get(key) is not None:
            assert entry.data[key] in {s.name for s in Staff.select()}


def _constants(tree: ast.AST) -> dict[str, str]:
    """Module-level ``NAME = "text"`` (and ``A, B = "a", "b"``) of one file."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            target = node.targets[0]
            names = target.elts if isinstance(target, ast.Tuple) else [target]
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            for name, value in zip(names, values, strict=False):
                if isinstance(name, ast.Name) and isinstance(value, ast.Constant):
                    found[name.id] = value.value
    return found


def _kinds_of(node: ast.AST, constants: dict[str, str], kinds: set[str], names: set[str]) -> None:
    """The kinds ``node`` can be: a string, ``Action.X.value``, a module constant, either
    side of ``a if c else b``; a plain name (a parameter) goes to ``names``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        kinds.add(node.value)
    elif isinstance(node, ast.IfExp):
        _kinds_of(node.body, constants, kinds, names)
        _kinds_of(node.orelse, constants, kinds, names)
    elif (
        isinstance(node, ast.Attribute)
        and node.attr == "value"
        and isinstance(node.value, ast.Attribute)
        and getattr(node.value.value, "id", None) == "Action"
    ):
        kinds.add(Action[node.value.attr].value)
    elif isinstance(node, ast.Name) and node.id in constants:
        kinds.add(constants[node.id])
    elif isinstance(node, ast.Name):
        names.add(node.id)


def _case_event_kinds() -> set[str]:
    """Every kind a call ``append_event(kind, case=...)`` in the package can write: string
    constants, ``Action.X.value``, module constants, and a helper's parameter passed on
    as the kind (its default, and what callers anywhere pass for it by keyword)."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in PACKAGE.rglob("*.py")]
    kinds: set[str] = set()
    parameters: set[str] = set()
    for tree in trees:
        constants = _constants(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "append_event"
                and any(keyword.arg == "case" for keyword in node.keywords)
            ):
                _kinds_of(node.args[0], constants, kinds, parameters)
    parameters -= {"action", "kind"}  # the demo's loop over actions; auth's staff events
    for tree in trees:
        constants = _constants(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.args.defaults:
                with_defaults = node.args.args[-len(node.args.defaults) :]
                for argument, default in zip(with_defaults, node.args.defaults, strict=True):
                    if argument.arg in parameters:
                        _kinds_of(default, constants, kinds, set())
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg in parameters:
                        _kinds_of(keyword.value, constants, kinds, set())
    return kinds


def test_every_kind_of_case_event_has_a_label() -> None:
    kinds = _case_event_kinds()
    # The scan finds what the intake writes, through each way it is spelled.
    assert {"draft_started", "material_marked", "materials_marked", "supplement_marked"} <= kinds
    assert {"refusal_proposed", "acceptance_notice", "submit", "rated"} <= kinds
    assert sorted(kinds - set(EVENT_LABELS)) == []
    # Every lifecycle action is an event kind (the demo writes them by the action's name,
    # ``action.value``, which the scan leaves to this line).
    assert sorted({action.value for action in Action} - set(EVENT_LABELS)) == []


def test_every_kind_in_the_demo_history_has_a_label(demo_db, sign, demo_today) -> None:
    seen = set()
    for case in Case.select():
        seen |= {
            entry.kind for entry in case_detail(sign("admin"), case.number, demo_today).timeline
        }
    assert len(seen) > 10
    assert sorted(seen - set(EVENT_LABELS)) == []


def test_a_suspension_an_approved_extension_and_a_rating_are_shown(
    demo_db, received, sign, on, demo_today
) -> None:
    number = received(clerk="ga03", day=date(2026, 11, 2))
    decisions.accept(sign("ga03"), number, at=on(date(2026, 11, 2)))
    before = case_detail(sign("ga03"), number, demo_today)
    assert before.suspensions == () and before.extension is None and before.rating is None
    with write_transaction(database_proxy):
        case = Case.get(Case.number == number)
        clerk, chief = Staff.get(Staff.code == "ga03"), Staff.get(Staff.code == "gachief")
        Suspension.create(
            case=case,
            reason="组织专家评审",
            started_on=date(2026, 11, 16),
            expected_days=10,
            staff=clerk,
        )
        Extension.create(
            case=case,
            days=7,
            reason="情况复杂，需现场核查",
            requested_by=clerk,
            approved_by=chief,
            approved=True,
            decided_at=on(date(2026, 11, 13), 15),
        )
        rated = on(demo_today, 16)
        request = RatingRequest.create(
            window=case.window_id, staff=clerk, case=case, kind="delivered", requested_at=rated,
            state="rated", level=2, text="[red]好[/]", rated_at=rated,
        )  # fmt: skip
        Rating.create(case=case, request=request, level=2, rated_at=rated)
    detail = case_detail(sign("ga03"), number, demo_today)
    [suspension] = detail.suspensions
    assert suspension.reason == "组织专家评审" and suspension.ended_on is None
    assert detail.suspended == suspension and suspension.staff == clerk.name
    extension = detail.extension
    assert (extension.days, extension.approved, extension.approved_by) == (7, True, chief.name)
    assert extension.decided_at.hour == 15  # local time
    assert detail.rating.level == 2 and detail.rating.comment == "[red]好[/]"
    # The open suspension stops the clock up to today, the extension adds its 7 days.
    suspended = detail.deadline.due.date
    assert suspended > before.deadline.due.date


def test_a_closed_case_shows_its_light_as_of_closing(demo_db, sign, demo_today) -> None:
    completed = (
        Case.select()
        .where((Case.state == CaseState.COMPLETED.value) & Case.accepted_on.is_null(False))
        .order_by(Case.completed_on)
        .first()
    )
    detail = case_detail(sign("admin"), completed.number, demo_today)
    assert detail.deadline is not None
    calendar_days = detail.deadline.remaining
    from counter_tui.services.calendar import load_calendar

    expected = load_calendar().workdays_between(completed.completed_on, detail.deadline.due.date)
    assert calendar_days == expected


def test_an_organisations_credit_code_is_shown_whole_a_persons_id_masked(
    demo_db, sign, demo_today
) -> None:
    """A unified social credit code is public by law: the detail and the documents show
    it whole; a resident ID stays masked (issue 21 item 13)."""
    from counter_tui.services.cases.documents import applicant_facts

    admin = sign("admin")
    company = Case.get(Case.applicant_id_type == "uscc")
    person = Case.get(Case.applicant_id_type == "resident_id")
    assert (
        case_detail(admin, company.number, demo_today).applicant_id == company.applicant_id_number
    )
    assert applicant_facts(company)["id_number"] == company.applicant_id_number
    for shown in (
        case_detail(admin, person.number, demo_today).applicant_id,
        applicant_facts(person)["id_number"],
    ):
        assert "*" in shown and shown != person.applicant_id_number

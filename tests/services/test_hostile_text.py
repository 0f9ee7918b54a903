"""Hostile text through every intake service that takes text (issue 4, docs/architecture.md §3.5).

Markup, escape sequences, control characters and 10,000 characters: a value the rules
refuse raises a DomainError naming its rule and changes nothing in the database; a
value they take is stored exactly as given and read back byte for byte; the documents
show it as data."""

import pytest
from hostile import assert_refused

from counter_tui.documents.notices import notice_text
from counter_tui.domain.applicant import APPLICANT_FIELDS
from counter_tui.domain.checklist import MaterialMark, MaterialStatus
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.cases import finding
from counter_tui.services.cases.documents import case_documents
from counter_tui.services.intake import case_view, checklist, decisions, refusals
from counter_tui.services.intake.draft import (
    discard_draft,
    start_draft,
    update_applicant,
)
from counter_tui.store.events import event_data
from counter_tui.store.models import Case, CaseMaterial, Document, Event

pytestmark = pytest.mark.both_engines


MARKUP = "[red]王[/] [/] [bold]小明[/bold] [link=file:///etc/passwd]x[/link] <b>&amp;</b>"
ESCAPES = "\x1b[31m\x1b[2J\x1b]0;title\x07\x1bP\x1b\\"
# U+0000 is dropped by the store on both engines (PostgreSQL cannot keep it in text):
# test_a_nul_is_dropped_on_both_engines.
CONTROLS = "\x01\x08\t\n\r\x7f\x85\x9b\u2028\u202e\u200b\ufeff"
HOSTILE = MARKUP + ESCAPES + CONTROLS + "长" * 10_000 + MARKUP + "尾"  # no outer whitespace
BLANK = " \t\u3000 "  # only whitespace (the ideographic space too)


def assert_shown_as_data(document) -> None:
    """The document's text has the markup as typed and no control character."""
    text = notice_text(document, width=72)
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in text)
    assert "".join(MARKUP.split()) in "".join(text.split())  # wrapped lines joined


def case_of(number: str) -> Case:
    return Case.get(Case.number == number)


def last_event(number: str) -> Event:
    return Event.select().where(Event.case == case_of(number)).order_by(Event.id.desc()).get()


def test_a_nul_is_dropped_on_both_engines(demo_db: str, draft, sign) -> None:
    number = draft()
    update_applicant(sign("ga03"), number, {"name": "王\x00小明", "address": "\x00"})
    view = case_view.load_case(sign("ga03"), number)
    assert (view.applicant.name, view.applicant.address) == ("王小明", "")
    assert case_view.load_case(sign("ga03"), number + "\x00").applicant.name == "王小明"


# ── the applicant ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize("field", APPLICANT_FIELDS)
def test_every_applicant_field_keeps_hostile_text_whole(
    demo_db: str, draft, sign, field: str
) -> None:
    number = draft()
    problems = update_applicant(sign("ga03"), number, {field: HOSTILE})
    view = case_view.load_case(sign("ga03"), number)
    assert getattr(view.applicant, field) == HOSTILE
    # A name or an address may be anything; an ID, a phone, a kind may not (and an agent
    # named needs their ID): those are reported, and block receiving the case.
    assert bool(problems) == (field not in ("name", "address"))
    # The audit log names the field, never the value.
    assert event_data(last_event(number)) == {"fields": [field]}
    # The draft cannot be received with it where the rules say so: refused, unchanged.
    if problems:
        assert_refused(lambda: decisions.submit(sign("ga03"), number), problems[0].error.rule)


def test_a_hostile_field_name_is_refused(demo_db: str, draft, sign) -> None:
    number = draft()
    assert_refused(
        lambda: update_applicant(sign("ga03"), number, {HOSTILE: "x"}), "applicant.field"
    )


def test_hostile_names_reach_the_receipt_as_data(demo_db: str, draft, sign) -> None:
    number = draft(applicant=None)
    update_applicant(sign("ga03"), number, {"name": HOSTILE, "address": HOSTILE})
    checklist.mark_all_remaining_provided(sign("ga03"), number)
    receipt = decisions.submit(sign("ga03"), number)
    assert case_of(number).applicant_name == HOSTILE
    stored = case_documents(sign("ga03"), number)[0]
    assert stored.body["applicant"]["name"] == HOSTILE
    assert_shown_as_data(receipt)


# ── the checklist ─────────────────────────────────────────────────────────────


def test_a_hostile_deficiency_reason_is_stored_whole(demo_db: str, draft, sign, materials) -> None:
    number = draft()
    first = materials(number)[0]
    checklist.mark_material(sign("ga03"), number, first, "deficient", reason=HOSTILE)
    row = CaseMaterial.get(
        (CaseMaterial.case == case_of(number)) & (CaseMaterial.material == first)
    )
    assert (row.status, row.reason) == ("deficient", HOSTILE)
    [marked] = event_data(last_event(number))["materials"]
    assert marked["reason"] == HOSTILE


@pytest.mark.parametrize(
    ("particulars", "rule"),
    [
        ({"status": HOSTILE}, "checklist.status"),
        ({"status": "provided", "form": HOSTILE}, "checklist.form_unknown"),
        ({"status": "deficient", "reason": BLANK}, "checklist.reason_missing"),
    ],
)
def test_hostile_checklist_text_the_rules_refuse_changes_nothing(
    demo_db: str, draft, sign, materials, particulars: dict, rule: str
) -> None:
    number = draft()
    first = materials(number)[0]
    particulars = dict(particulars)  # shared by the engines' variants of this test
    status = particulars.pop("status")
    assert_refused(
        lambda: checklist.mark_material(sign("ga03"), number, first, status, **particulars), rule
    )


def test_a_hostile_reason_cannot_add_a_deficiency_after_the_notice(
    demo_db: str, received, sign, materials
) -> None:
    number = received(flaws={1: "missing"})
    decisions.issue_notice(sign("ga03"), number)
    second = materials(number)[1]  # settled: not on the notice
    first = materials(number)[0]  # on the notice as missing
    hostile = MaterialMark(MaterialStatus.DEFICIENT, reason=HOSTILE)
    for material, rule in ((second, "notice.settled"), (first, "notice.no_new_deficiency")):
        assert_refused(
            lambda m=material: decisions.recheck_supplement(sign("ga03"), number, {m: hostile}),
            rule,
        )
        assert_refused(
            lambda m=material: checklist.mark_material(
                sign("ga03"), number, m, "deficient", reason=HOSTILE
            ),
            rule,
        )


# ── refusing, denying ────────────────────────────────────────────────────────


def test_a_hostile_refusal_is_kept_whole_in_the_decision(demo_db: str, received, sign) -> None:
    """规划 refuses without the chief's sign-off: the decision is issued at once."""
    number = received("GH-001", clerk="gh01")
    outcome = refusals.refuse(
        sign("gh01"), number, "outside_remit", competent_body=HOSTILE, details=HOSTILE
    )
    document = outcome.document
    assert document is not None and case_of(number).state == CaseState.REFUSED.value
    stored = Document.get(Document.number == document.number)
    reread = [d for d in case_documents(sign("gh01"), number) if d.number == stored.number]
    assert reread[0].body["competent_body"] == HOSTILE
    assert reread[0].body["details"] == HOSTILE
    assert event_data(last_event(number))["details"] == HOSTILE
    assert_shown_as_data(document)


def test_a_hostile_refusal_proposal_and_its_return(demo_db: str, received, sign) -> None:
    """公安's refusals wait for the chief: the proposal keeps the text, so does the note."""
    number = received()
    outcome = refusals.refuse(sign("ga03"), number, "not_required", details=HOSTILE)
    assert outcome.pending is not None and outcome.pending.reason.details == HOSTILE
    assert refusals.pending_refusal(case_of(number)).reason.details == HOSTILE
    refusals.reject_refusal(sign("gachief"), number, HOSTILE)
    assert event_data(last_event(number))["note"] == HOSTILE
    assert refusals.pending_refusal(case_of(number)) is None


@pytest.mark.parametrize(
    ("kind", "body", "details", "rule"),
    [
        (HOSTILE, "", "", "refusal.kind"),
        ("outside_remit", BLANK, HOSTILE, "refusal.competent_body"),
        ("not_eligible", HOSTILE, HOSTILE, "refusal.not_a_ground"),
        ("other", BLANK, HOSTILE, "refusal.not_a_ground"),
    ],
)
def test_a_refusal_the_rules_refuse_changes_nothing(
    demo_db: str, received, sign, kind: str, body: str, details: str, rule: str
) -> None:
    number = received()
    assert_refused(
        lambda: refusals.refuse(sign("ga03"), number, kind, competent_body=body, details=details),
        rule,
    )


def test_a_hostile_denial_reason_is_kept_whole(demo_db: str, received, sign) -> None:
    number = received("GA-005")  # 即办 under 一审一核
    assert decisions.complete_on_spot(sign("ga03"), number) is CaseState.AWAITING_APPROVAL
    assert_refused(lambda: decisions.deny(sign("gachief"), number, BLANK), "approval.reason")
    decisions.deny(sign("gachief"), number, HOSTILE)
    assert case_of(number).state == CaseState.DENIED.value
    assert event_data(last_event(number))["reason"] == HOSTILE


# ── case numbers, item codes and searches ────────────────────────────────────


CASE_NUMBER_CALLS = {
    "load_case": lambda s, n: case_view.load_case(s, n),
    "update_applicant": lambda s, n: update_applicant(s, n, {"name": "王"}),
    "discard_draft": lambda s, n: discard_draft(s, n),
    "mark_all_remaining_provided": lambda s, n: checklist.mark_all_remaining_provided(s, n),
    "mark_material": lambda s, n: checklist.mark_material(s, n, 1, "missing"),
    "submit": lambda s, n: decisions.submit(s, n),
    "accept": lambda s, n: decisions.accept(s, n),
    "complete_on_spot": lambda s, n: decisions.complete_on_spot(s, n),
    "issue_notice": lambda s, n: decisions.issue_notice(s, n),
    "recheck_supplement": lambda s, n: decisions.recheck_supplement(s, n),
    "refuse": lambda s, n: refusals.refuse(s, n, "not_required", details="x"),
}


@pytest.mark.parametrize("call", CASE_NUMBER_CALLS.values(), ids=CASE_NUMBER_CALLS.keys())
@pytest.mark.parametrize("number", [HOSTILE, MARKUP, ESCAPES, "%", "GA%"])
def test_a_hostile_case_number_finds_no_case(demo_db: str, sign, call, number: str) -> None:
    assert_refused(lambda: call(sign("ga03"), number), "case.not_found")


def test_a_hostile_item_code_starts_no_draft(demo_db: str, sign) -> None:
    for code in (HOSTILE, MARKUP + ESCAPES, "GA-%", "%"):
        assert_refused(lambda c=code: start_draft(sign("ga03"), c), "intake.item_unknown")


def test_a_hostile_search_finds_only_what_it_says(demo_db: str, draft, sign) -> None:
    number = draft(applicant=None)
    update_applicant(sign("ga03"), number, {"name": HOSTILE})
    for query in (HOSTILE, MARKUP, ESCAPES, CONTROLS, "\x00", "%", "_", "王%"):
        found = {case.number for case in finding.find_cases(sign("ga03"), query)}
        assert found <= {number}, repr(query)  # never every case of the department
    assert [case.number for case in finding.find_cases(sign("ga03"), MARKUP)] == [number]

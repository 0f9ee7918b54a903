"""A bundle of items taken as one application at a comprehensive window (一件事一次办,
docs/rules.md §21): one applicant, a merged checklist, one receipt, one combined notice
that freezes every case, the supplement, one acceptance notice, the departments'
decisions and one delivery."""

import pytest
from bundle_checks import AUTHORISATION, BUNDLE, EIA_FORM, ID_PROOF, SITE_REPORT

from counter_tui.domain.checklist import MaterialMark, MaterialStatus
from counter_tui.domain.deadlines import Light
from counter_tui.domain.errors import DomainError
from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.tracking import CaseCommand
from counter_tui.services.auth import session_of
from counter_tui.services.bundles import intake as bundles
from counter_tui.services.bundles.progress import bundle_case_view, deliver_bundle
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.cases.documents import case_documents
from counter_tui.services.centre.audit import verify_case_rows
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.intake import checklist, decisions
from counter_tui.services.reports.figures import centre_report
from counter_tui.services.tracking import progress
from counter_tui.store.models import (
    BundleCase,
    Case,
    CaseMaterial,
    Document,
    Event,
    Material,
    Staff,
)
from counter_tui.tui.case_text import case_head

pytestmark = [pytest.mark.both_engines, pytest.mark.usefixtures("demo_db")]


def _cases(number: str) -> list[Case]:
    bundle_case = BundleCase.get(BundleCase.number == number)
    return list(Case.select().where(Case.bundle_case == bundle_case).order_by(Case.id))


def test_a_bundle_case_holds_a_draft_per_item_in_each_departments_queue(desk, on, demo_today):
    number = bundles.start_bundle_case(session_of(desk), BUNDLE, at=on(demo_today))

    cases = _cases(number)
    assert number.startswith("YJS")
    assert [c.item.code for c in cases] == ["GH-005", "HB-002", "GH-001"]
    assert {c.state for c in cases} == {CaseState.DRAFT.value}
    # Each case is held at its own department's window, not at the comprehensive one.
    assert [c.department.code for c in cases] == ["GH", "HB", "GH"]
    assert [c.window.number for c in cases] == [7, 5, 7]  # 6 and 4: their 一号窗口
    assert [c.owner.code for c in cases] == ["gh02", "hb03", "gh02"]


def test_only_a_comprehensive_window_takes_a_bundle(desk, sign, on, demo_today):
    before = Case.select().count()
    with pytest.raises(PermissionDenied) as refused:
        bundles.start_bundle_case(sign("gh01"), BUNDLE, at=on(demo_today))
    assert refused.value.rule == "bundle.not_comprehensive"
    assert Case.select().count() == before


def test_an_unknown_bundle_is_refused_and_nothing_is_made(desk, on, demo_today):
    before = Case.select().count()
    with pytest.raises(ServiceError) as refused:
        bundles.start_bundle_case(session_of(desk), "[red]NOPE", at=on(demo_today))
    assert refused.value.rule == "bundle.unknown"
    assert Case.select().count() == before


def test_a_shared_material_is_one_line_that_marks_every_case_asking_for_it(desk, on, demo_today):
    session = session_of(desk)
    number = bundles.start_bundle_case(session, BUNDLE, at=on(demo_today))

    lines = bundles.bundle_checklist(session, number)
    shared = [line for line in lines if line.shared]
    assert sorted(line.name for line in shared) == sorted([ID_PROOF, AUTHORISATION])
    # The ID proof is asked by GH-005 and GH-001, the authorisation by all three items.
    by_name = {line.name: line for line in shared}
    assert len(by_name[ID_PROOF].parts) == 2
    assert len(by_name[AUTHORISATION].parts) == 3
    assert sum(1 for line in lines if line.name == AUTHORISATION) == 1

    bundles.mark_bundle(
        session, number, {f"shared:{ID_PROOF}": MaterialMark(MaterialStatus.PROVIDED)}
    )
    statuses = [
        row.status
        for case in _cases(number)
        for row in CaseMaterial.select()
        .join_from(CaseMaterial, Material)
        .where((CaseMaterial.case == case) & (Material.name == ID_PROOF))
    ]
    assert statuses == ["provided", "provided"]


def test_a_case_of_a_bundle_cannot_be_taken_alone(taken, sign, on, demo_today):
    number = taken()
    case = _cases(number)[0]
    with pytest.raises(ServiceError) as refused:
        decisions.submit(sign("gh01"), case.number, at=on(demo_today))
    assert refused.value.rule == "bundle.taken_whole"
    assert Case.get_by_id(case.id).state == CaseState.DRAFT.value


def test_accepting_a_complete_bundle_gives_one_receipt_and_one_acceptance_notice(
    taken, desk, on, demo_today
):
    number = taken()
    receipt, notice = bundles.accept_bundle(session_of(desk), number, at=on(demo_today))

    assert receipt is not None
    cases = _cases(number)
    assert {c.state for c in cases} == {CaseState.ACCEPTED.value}
    assert {c.accepted_on for c in cases} == {demo_today}
    assert [part["case"] for part in receipt.body["cases"]] == [c.number for c in cases]
    acceptance = notice.body["cases"]
    assert [part["case"] for part in acceptance] == [c.number for c in cases]
    # Both clocks of every item: its legal and promised limits and their dates.
    assert all(part["legal_due"] and part["expected_due"] for part in acceptance)
    assert {part["legal_days"] for part in acceptance} == {20, 30}
    # One document of each kind for the whole bundle, numbered by the comprehensive window.
    bundle_case = BundleCase.get(BundleCase.number == number)
    documents = Document.select().where(Document.bundle_case == bundle_case)
    assert sorted(d.kind for d in documents) == ["acceptance_notice", "receipt"]
    assert notice.number.startswith("综测受")
    assert not Document.select().where(Document.case.in_([c.id for c in cases])).exists()


def test_a_combined_notice_lists_every_items_deficiency_and_freezes_them_all(
    taken, desk, on, demo_today
):
    session = session_of(desk)
    number = taken(flaws=(SITE_REPORT, EIA_FORM))
    _receipt, notice = bundles.issue_bundle_notice(session, number, at=on(demo_today))

    parts = {part["case"]: part for part in notice.body["cases"]}
    cases = _cases(number)
    assert [m["name"] for m in parts[cases[0].number]["items"]] == [SITE_REPORT]
    assert [m["name"] for m in parts[cases[1].number]["items"]] == [EIA_FORM]
    assert parts[cases[2].number]["items"] == []  # GH-001: complete, waits with the others
    assert {c.state for c in cases} == {CaseState.AWAITING_SUPPLEMENT.value}

    # Frozen: no case of the bundle can get a new deficiency, the complete one neither.
    lines = bundles.bundle_checklist(session, number)
    shared = next(line for line in lines if line.name == AUTHORISATION)
    with pytest.raises(DomainError) as refused:
        bundles.mark_bundle(session, number, {shared.key: MaterialMark(MaterialStatus.MISSING)})
    assert refused.value.rule == "notice.settled"
    # And once: a second notice is refused.
    with pytest.raises(DomainError) as again:
        bundles.issue_bundle_notice(session, number, at=on(demo_today))
    assert again.value.rule == "notice.once"
    # Each case's own documents show the one combined notice.
    owner = sign_of(cases[1])
    kinds = [d.kind.value for d in case_documents(owner, cases[1].number)]
    assert kinds.count("deficiency_notice") == 1


def sign_of(case: Case):
    return session_of(Staff.get_by_id(case.owner_id))


def test_a_partial_supplement_accepts_nothing_the_full_one_accepts_every_case(
    taken, desk, on, demo_today
):
    session = session_of(desk)
    number = taken(flaws=(SITE_REPORT, EIA_FORM))
    bundles.issue_bundle_notice(session, number, at=on(demo_today))
    lines = {line.name: line for line in bundles.bundle_checklist(session, number)}
    provided = MaterialMark(MaterialStatus.PROVIDED)

    half = bundles.recheck_bundle_supplement(
        session, number, {lines[SITE_REPORT].key: provided}, at=on(demo_today, 15)
    )
    assert not half.accepted
    assert [name for _case, name in half.outstanding] == [EIA_FORM]
    assert {c.state for c in _cases(number)} == {CaseState.AWAITING_SUPPLEMENT.value}

    full = bundles.recheck_bundle_supplement(
        session, number, {lines[EIA_FORM].key: provided}, at=on(demo_today, 16)
    )
    assert full.accepted and full.document is not None
    assert {c.state for c in _cases(number)} == {CaseState.ACCEPTED.value}
    assert len(full.document.body["cases"]) == 3
    assert {part["basis"] for part in full.document.body["cases"]} == {"supplement"}


def test_the_bundle_is_decided_by_each_department_and_delivered_once(taken, desk, on, demo_today):
    session = session_of(desk)
    number = taken()
    bundles.accept_bundle(session, number, at=on(demo_today))
    view = bundle_case_view(session, number, demo_today)
    assert view.light is Light.GREEN and not view.complete

    cases = _cases(number)
    with pytest.raises(ServiceError) as early:
        deliver_bundle(session, number, at=on(demo_today, 11))
    assert early.value.rule == "bundle.not_complete"

    for case in cases:  # each department decides its own case at its own window
        progress.complete(sign_of(case), case.number, "with_bundle", at=on(demo_today, 14))
    view = bundle_case_view(session, number, demo_today)
    assert view.complete and view.light is None

    delivered = deliver_bundle(session, number, at=on(demo_today, 15))
    assert delivered.delivered_on == demo_today
    assert {c.delivered_on for c in _cases(number)} == {demo_today}
    assert Event.select().where(Event.kind == "bundle_delivered").count() == 1
    with pytest.raises(ServiceError) as twice:
        deliver_bundle(session, number, at=on(demo_today, 16))
    assert twice.value.rule == "bundle.delivered"


def test_a_later_stage_is_granted_only_after_the_earlier_ones(taken, desk, on, demo_today):
    """GH-001 is stage 2 of the bundle: granted only once GH-005 and HB-002 are; denying
    it needs no wait (docs/rules.md §21)."""
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(demo_today))
    first, second, later = _cases(number)
    assert later.item.code == "GH-001"
    progress.complete(sign_of(first), first.number, "with_bundle", at=on(demo_today, 14))
    before = Event.select().count(), Document.select().count()
    with pytest.raises(ServiceError) as early:
        progress.complete(sign_of(later), later.number, "with_bundle", at=on(demo_today, 15))
    assert early.value.rule == "bundle.stage_order"
    assert early.value.params["cases"] == (second.number,)
    assert Case.get_by_id(later.id).state == CaseState.ACCEPTED.value
    assert (Event.select().count(), Document.select().count()) == before
    progress.complete(sign_of(second), second.number, "with_bundle", at=on(demo_today, 15))
    progress.complete(sign_of(later), later.number, "with_bundle", at=on(demo_today, 16))
    assert Case.get_by_id(later.id).state == CaseState.COMPLETED.value


def test_a_later_stage_may_be_denied_before_the_earlier_ones(taken, desk, on, demo_today):
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(demo_today))
    later = _cases(number)[2]
    progress.record_denial(sign_of(later), later.number, "用地性质不符", at=on(demo_today, 14))
    assert Case.get_by_id(later.id).state == CaseState.DENIED.value


def test_a_draft_bundle_is_discarded_whole(taken, desk, on, demo_today):
    number = taken()
    bundles.discard_bundle(session_of(desk), number, at=on(demo_today))
    assert {c.state for c in _cases(number)} == {CaseState.WITHDRAWN.value}


def test_a_mark_on_a_line_the_bundle_lacks_is_refused(taken, desk):
    number = taken()
    with pytest.raises(ServiceError) as refused:
        bundles.mark_bundle(
            session_of(desk), number, {"shared:[red]x": MaterialMark(MaterialStatus.PROVIDED)}
        )
    assert refused.value.rule == "bundle.line_unknown"


def test_a_clerk_of_another_department_cannot_mark_a_bundle_alone(taken, sign, on, demo_today):
    number = taken()
    case = _cases(number)[1]
    with pytest.raises(ServiceError) as refused:
        checklist.mark_all_remaining_provided(sign("hb01"), case.number, at=on(demo_today))
    assert refused.value.rule == "bundle.taken_whole"


def test_a_bundles_cases_replay_from_their_events(taken, desk, on, demo_today):
    """audit verify: the cases' owners (the departments' clerks, not the comprehensive
    window's, who started them) and their bundle case are what their events say."""
    session = session_of(desk)
    number = taken(flaws=(SITE_REPORT,))
    bundles.issue_bundle_notice(session, number, at=on(demo_today))
    lines = {line.name: line for line in bundles.bundle_checklist(session, number)}
    provided = MaterialMark(MaterialStatus.PROVIDED)
    bundles.recheck_bundle_supplement(session, number, {lines[SITE_REPORT].key: provided})

    check = verify_case_rows()
    assert check.found == 0, check.disagreements
    assert check.cases >= len(_cases(number))


def test_a_bundles_case_shows_its_bundle_and_is_not_delivered_alone(taken, desk, on, demo_today):
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(demo_today))
    case = _cases(number)[0]
    detail = case_detail(sign_of(case), case.number, demo_today)
    assert detail.bundle_case == number
    with pytest.raises(ServiceError) as alone:
        progress.complete(sign_of(case), case.number, "handed_over", at=on(demo_today, 14))
    assert alone.value.rule == "delivery.with_bundle"
    progress.complete(sign_of(case), case.number, "with_bundle", at=on(demo_today, 14))
    done = case_detail(sign_of(case), case.number, demo_today)
    assert done.state is CaseState.COMPLETED
    assert done.decision is not None and done.decision.delivered_on is None
    assert CaseCommand.DELIVER not in done.commands


def test_the_figures_count_every_case_under_a_combined_notice(taken, desk, on, demo_today):
    before = centre_report(demo_today, demo_today, today=demo_today).total.notices
    number = taken(flaws=(SITE_REPORT,))
    bundles.issue_bundle_notice(session_of(desk), number, at=on(demo_today))
    after = centre_report(demo_today, demo_today, today=demo_today).total.notices
    assert after - before == len(_cases(number)) == 3


def test_a_bundles_case_detail_names_its_bundle_first_on_its_line(taken, desk, on, demo_today):
    """At 80 columns a long line is cut at its end: the bundle case's number leads its
    line of the detail's head, so that it is never the part cut off."""
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(demo_today))
    case = _cases(number)[1]
    head = case_head(case_detail(sign_of(case), case.number, demo_today), 80).plain
    assert any(line.startswith(f"一件事编号：{number}") for line in head.splitlines())

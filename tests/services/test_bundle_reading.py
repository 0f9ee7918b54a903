"""What the comprehensive window reads of bundles (docs/rules.md §21): the catalog's
bundles for its picker, a bundle case's applicant form and documents, and the bundle
cases it follows."""

import json

import pytest
from bundle_checks import BUNDLE, ID_PROOF
from case_checks import PERSON

from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.auth import session_of
from counter_tui.services.bundles import intake as bundles
from counter_tui.services.bundles.change import at_comprehensive_window
from counter_tui.services.bundles.progress import open_bundle_cases
from counter_tui.services.bundles.reading import (
    bundle_applicant_form,
    bundle_documents,
)
from counter_tui.services.cases.access import ACCESS_EVENT
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.catalog.bundles import bundles as catalog_bundles
from counter_tui.services.errors import PermissionDenied
from counter_tui.store.models import BundleCase, Case, Event

pytestmark = [pytest.mark.both_engines, pytest.mark.usefixtures("demo_db")]


def test_the_picker_lists_each_bundle_with_its_items_and_departments(desk, sign):
    assert at_comprehensive_window(session_of(desk))
    assert not at_comprehensive_window(sign("gh01"))
    (choice,) = [c for c in catalog_bundles() if c.code == BUNDLE]
    assert choice.name == "建设项目开工一件事"
    assert [(i.code, i.stage) for i in choice.items] == [
        ("GH-005", 1),
        ("HB-002", 1),
        ("GH-001", 2),
    ]
    assert {i.department for i in choice.items} == {"示范市自然资源和规划局", "示范市生态环境局"}


def test_the_comprehensive_window_reads_its_bundles_form_and_documents(
    taken, desk, sign, on, demo_today
):
    session = session_of(desk)
    number = taken(flaws=(ID_PROOF,))
    form = bundle_applicant_form(session, number, today=demo_today, at=on(demo_today))
    assert form.applicant.name == PERSON["name"]
    # Showing the ID number whole is recorded, for every case of the bundle.
    shown = Event.select().where(Event.kind == ACCESS_EVENT).order_by(Event.id.desc()).first()
    assert shown is not None and len(json.loads(shown.data)["cases"]) == 3
    with pytest.raises(PermissionDenied):
        bundle_applicant_form(sign("gh01"), number)

    bundles.issue_bundle_notice(session, number, at=on(demo_today))
    kinds = [d.kind for d in bundle_documents(session, number)]
    assert kinds == [DocumentKind.RECEIPT, DocumentKind.DEFICIENCY_NOTICE]


def test_a_bundle_given_up_in_draft_is_no_longer_followed(desk, on, demo_today):
    session = session_of(desk)
    kept = bundles.start_bundle_case(session, BUNDLE, at=on(demo_today))
    dropped = bundles.start_bundle_case(session, BUNDLE, at=on(demo_today))
    bundles.discard_bundle(session, dropped, at=on(demo_today))
    assert [v.number for v in open_bundle_cases(session, demo_today)] == [kept]


def test_the_office_that_took_a_bundle_reads_its_cases_and_no_other(sign, demo_today):
    """zw01's office took the demo's bundle cases: its clerks read each of their cases'
    detail whatever the department; 环保's clerk reads only 环保's; and the office reads no
    case it did not take in a bundle."""
    bundle = BundleCase.select().order_by(BundleCase.id).first()
    cases = list(Case.select().where(Case.bundle_case == bundle.id))
    for code in ("zw01", "zw02"):
        for case in cases:
            assert case_detail(sign(code), case.number, demo_today).number == case.number
    for case in cases:
        if case.department.code == "HB":
            assert case_detail(sign("hb01"), case.number, demo_today).number == case.number
        else:
            with pytest.raises(PermissionDenied) as refused:
                case_detail(sign("hb01"), case.number, demo_today)
            assert refused.value.rule == "document.department"
    alone = Case.select().where(Case.bundle_case.is_null() & (Case.state != "draft")).first()
    with pytest.raises(PermissionDenied):
        case_detail(sign("zw01"), alone.number, demo_today)

"""Finding a case (F8) and the lists of cases: the same cases, in the same order, as the
query they had before issue 17 read them (every column, the rows sorted whole)."""

from collections.abc import Callable

import pytest

from counter_tui.domain.identifiers import mask_id
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases import finding
from counter_tui.services.intake import decisions
from counter_tui.store.models import Case, Item, Staff

pytestmark = pytest.mark.both_engines

QUERIES = ("GA", "ga2026", "HB", "王", "王小明", "1101", "11010519491231002x", "张", "%", "_", "Z")


def _as_before(where: object, limit: int) -> list[finding.CaseSummary]:
    owner = Staff.alias()
    query = (
        Case.select(Case, Item, owner)
        .join(Item)
        .switch(Case)
        .join(owner, on=(Case.owner == owner.id))
        .where(where)
        .order_by(Case.updated_at.desc(), Case.id.desc())
        .limit(limit)
    )
    return [
        finding.CaseSummary(
            number=case.number,
            state=CaseState(case.state),
            item_code=case.item.code,
            item_name=case.item.name,
            applicant=case.applicant_name,
            applicant_id=mask_id(case.applicant_id_number),
            received_on=case.received_on,
            owner=case.owner.name,
            updated_at=case.updated_at,
        )
        for case in query
    ]


@pytest.mark.parametrize("code", ["ga01", "hb01", "admin"])
def test_find_cases_lists_what_the_query_before_it_did(
    demo_db: str, sign: Callable[[str], StaffSession], code: str
) -> None:
    session = sign(code)
    for query in QUERIES:
        for limit in (3, 20, 1000):
            where = finding.case_matches(query) & (Case.state != CaseState.WITHDRAWN.value)
            if session.role != "admin":
                where &= Case.department == session.department_id
            expected = _as_before(where, limit)
            assert finding.find_cases(session, query, limit) == expected, (query, limit)
    assert any(finding.find_cases(session, query, 1000) for query in QUERIES)  # not all empty


def test_drafts_and_approvals_list_what_the_query_before_them_did(
    demo_db: str, sign: Callable[[str], StaffSession]
) -> None:
    clerk, chief = sign("ga01"), sign("gachief")
    drafts = (Case.owner == clerk.staff_id) & (Case.state == CaseState.DRAFT.value)
    assert finding.list_drafts(clerk) == _as_before(drafts, 50)
    waiting = (Case.department == chief.department_id) & (
        Case.state == CaseState.AWAITING_APPROVAL.value
    )
    assert decisions.pending_approvals(chief) == _as_before(waiting, 200)


def test_a_case_is_found_by_any_part_of_its_number_the_last_digits_of_the_id_or_the_phone(
    demo_db: str, sign: Callable[[str], StaffSession]
) -> None:
    """What an applicant back at the counter says (issue 21 item 15): "0005", "1203-0005",
    the last 4 digits of their ID, their mobile number."""
    clerk = sign("ga01")
    case = (
        Case.select()
        .where(
            (Case.department == clerk.department_id)
            & (Case.state != CaseState.WITHDRAWN.value)
            & (Case.applicant_phone != "")
            & (Case.applicant_id_number != "")
        )
        .order_by(Case.id)
        .first()
    )
    assert case is not None
    for said in (
        case.number[-4:],
        case.number[-9:],  # "1203-0005"
        case.applicant_id_number[-4:],
        case.applicant_phone,
        case.applicant_phone[-4:],
    ):
        found = [summary.number for summary in finding.find_cases(clerk, said, limit=1000)]
        assert case.number in found, said


def test_mine_first_puts_the_clerks_cases_in_front_each_part_in_its_order(
    demo_db: str, sign: Callable[[str], StaffSession]
) -> None:
    clerk = sign("ga01")
    cases = list(Case.select(Case.number, Case.owner).order_by(Case.id.desc()))
    numbers = [case.number for case in cases]
    mine = [case.number for case in cases if case.owner_id == clerk.staff_id]
    others = [case.number for case in cases if case.owner_id != clerk.staff_id]
    assert mine and others, "the demo gives ga01 cases and others"
    assert numbers != mine + others  # the test would pass on the list as it came
    assert finding.mine_first(clerk, numbers) == mine + others
    assert finding.mine_first(clerk, []) == []

"""What the case detail offers after intake: the lifecycle table narrowed by the rules."""

import pytest

from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.tracking import CaseCommand, possible_commands

C, S = CaseCommand, CaseState


def commands(state: CaseState, **facts) -> set[CaseCommand]:
    facts = {"window_decides": False, "extension_asked": False} | facts
    return set(possible_commands(state, **facts))


def test_an_accepted_back_office_case() -> None:
    assert commands(S.ACCEPTED) == {
        C.FORWARD, C.COMPLETE, C.DENY, C.SUSPEND, C.EXTEND, C.WITHDRAW, C.REFER
    }  # fmt: skip


def test_under_one_review_one_approval_the_chief_decides() -> None:
    offered = commands(S.ACCEPTED, window_decides=True)
    assert C.REQUEST_APPROVAL in offered
    assert not offered & {C.COMPLETE, C.DENY}


def test_one_extension_per_case() -> None:
    assert C.EXTEND in commands(S.SUSPENDED)
    assert C.EXTEND not in commands(S.ACCEPTED, extension_asked=True)
    assert C.EXTEND not in commands(S.AWAITING_APPROVAL)


def test_no_extension_where_the_item_s_own_law_sets_the_limit() -> None:
    assert C.EXTEND not in commands(S.ACCEPTED, extendable=False)
    assert C.SUSPEND in commands(S.ACCEPTED, extendable=False)


def test_suspended_and_in_review() -> None:
    assert commands(S.SUSPENDED) == {C.RESUME, C.EXTEND, C.WITHDRAW, C.REFER}
    assert commands(S.IN_REVIEW) == {
        C.RECORD_REVIEW, C.SUSPEND, C.EXTEND, C.WITHDRAW, C.REFER
    }  # fmt: skip


def test_drafts_are_discarded_and_intake_states_offer_no_tracking() -> None:
    assert commands(S.DRAFT) == set()
    assert commands(S.RECEIVED) == {C.WITHDRAW, C.REFER}


@pytest.mark.parametrize("state", [S.COMPLETED, S.REFUSED, S.DENIED, S.WITHDRAWN])
def test_a_finished_case_is_never_rated_by_the_clerk_but_its_poor_rating_followed_up(
    state,
) -> None:
    # The applicant rates on the pad (docs/rules.md §11): the detail offers no rating.
    assert commands(state) == set()
    assert commands(state, follow_up_open=True) == {C.FOLLOW_UP}


@pytest.mark.parametrize("state", list(S))
def test_a_decision_s_delivery_is_recorded_once(state) -> None:
    """Art. 44: a grant or a denial posted is delivered later; nothing else is."""
    offered = C.DELIVER in commands(state, delivered=False)
    assert offered == (state in {S.COMPLETED, S.DENIED})
    assert C.DELIVER not in commands(state, delivered=True)


@pytest.mark.parametrize("state", list(S))
def test_an_open_case_goes_to_the_first_window_once_at_a_time(state) -> None:
    """转一号窗口: from its receipt until its decision, while no referral of it is open."""
    open_ = state not in {S.DRAFT, S.COMPLETED, S.REFUSED, S.DENIED, S.WITHDRAWN}
    assert (C.REFER in commands(state)) == open_
    assert C.REFER not in commands(state, referred=True)

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.errors import TransitionError
from counter_tui.domain.lifecycle import (
    ACTION_COMMANDS,
    OPEN_STATES,
    STATE_LABELS,
    TRANSITIONS,
    Action,
    CaseState,
    allowed_actions,
    next_state,
)

S, A = CaseState, Action
ALL_PAIRS = list(itertools.product(CaseState, Action))
FORBIDDEN = [pair for pair in ALL_PAIRS if pair not in TRANSITIONS]


@pytest.mark.parametrize(("pair", "target"), list(TRANSITIONS.items()))
def test_every_transition_in_the_table_is_accepted(
    pair: tuple[CaseState, Action], target: CaseState
) -> None:
    assert next_state(*pair) is target


@pytest.mark.parametrize("pair", FORBIDDEN)
def test_every_pair_not_in_the_table_raises(pair: tuple[CaseState, Action]) -> None:
    state, action = pair
    with pytest.raises(TransitionError) as caught:
        next_state(state, action)
    assert caught.value.rule == "lifecycle.forbidden"
    assert caught.value.params == {"state": STATE_LABELS[state], "action": ACTION_COMMANDS[action]}


def test_table_and_forbidden_pairs_cover_everything() -> None:
    assert len(TRANSITIONS) + len(FORBIDDEN) == len(CaseState) * len(Action)
    assert len(TRANSITIONS) == 26


@pytest.mark.parametrize(
    ("path", "end"),
    [
        ([A.SUBMIT, A.ACCEPT, A.FORWARD_REVIEW, A.RECORD_REVIEW, A.COMPLETE], S.COMPLETED),
        ([A.SUBMIT, A.COMPLETE_ON_SPOT], S.COMPLETED),
        ([A.SUBMIT, A.REQUEST_APPROVAL, A.APPROVE], S.COMPLETED),
        ([A.SUBMIT, A.ISSUE_NOTICE, A.SUPPLEMENT, A.REQUEST_APPROVAL, A.DENY], S.DENIED),
        ([A.SUBMIT, A.DEEM_ACCEPTED, A.SUSPEND, A.RESUME, A.COMPLETE], S.COMPLETED),
        ([A.SUBMIT, A.ACCEPT, A.FORWARD_REVIEW, A.SUSPEND, A.WITHDRAW], S.WITHDRAWN),
        ([A.SUBMIT, A.ISSUE_NOTICE, A.REFUSE], S.REFUSED),
        ([A.SUBMIT, A.ACCEPT, A.DENY], S.DENIED),
    ],
)
def test_counter_paths(path: list[Action], end: CaseState) -> None:
    state = S.DRAFT
    for action in path:
        state = next_state(state, action)
    assert state is end


@pytest.mark.parametrize(
    ("state", "action"),
    [
        # A one-time notice was issued: the case cannot be deemed accepted any more,
        # and no second notice can be issued (rule 2).
        (S.AWAITING_SUPPLEMENT, A.DEEM_ACCEPTED),
        (S.AWAITING_SUPPLEMENT, A.ISSUE_NOTICE),
        (S.ACCEPTED, A.ISSUE_NOTICE),
        (S.ACCEPTED, A.REFUSE),  # once accepted, only a decision can say no
        (S.SUSPENDED, A.COMPLETE),
        (S.COMPLETED, A.WITHDRAW),
        (S.AWAITING_APPROVAL, A.COMPLETE),  # the chief approves; the clerk cannot bypass
    ],
)
def test_notable_forbidden_moves(state: CaseState, action: Action) -> None:
    with pytest.raises(TransitionError):
        next_state(state, action)


def test_message_reads_as_a_sentence() -> None:
    with pytest.raises(TransitionError) as caught:
        next_state(S.COMPLETED, A.ACCEPT)
    assert str(caught.value) == "Accept is not possible for a case that is completed"


def test_plain_strings_are_accepted_as_codes() -> None:
    assert next_state("received", "accept") is S.ACCEPTED  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        next_state("received", "teleport")  # type: ignore[arg-type]


def test_open_states() -> None:
    assert frozenset(CaseState) - OPEN_STATES == {S.COMPLETED, S.REFUSED, S.DENIED, S.WITHDRAWN}


def test_closed_states_allow_nothing_and_open_states_allow_withdrawal() -> None:
    for state in CaseState:
        actions = allowed_actions(state)
        if state in OPEN_STATES:
            assert Action.WITHDRAW in actions
        else:
            assert actions == []


def test_allowed_actions_matches_the_table() -> None:
    assert allowed_actions(S.RECEIVED) == [
        A.ISSUE_NOTICE, A.ACCEPT, A.DEEM_ACCEPTED, A.REFUSE, A.COMPLETE_ON_SPOT,
        A.REQUEST_APPROVAL, A.WITHDRAW,
    ]  # fmt: skip
    for state in CaseState:
        assert set(allowed_actions(state)) == {a for (s, a) in TRANSITIONS if s is state}


def test_every_state_but_draft_is_reachable_and_every_open_state_can_end() -> None:
    reachable = {S.DRAFT}
    frontier = [S.DRAFT]
    while frontier:
        state = frontier.pop()
        for action in allowed_actions(state):
            target = next_state(state, action)
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(CaseState)
    assert all(target in OPEN_STATES or not allowed_actions(target) for target in CaseState)


def test_labels_cover_every_member() -> None:
    assert set(STATE_LABELS) == set(CaseState)
    assert set(ACTION_COMMANDS) == set(Action)
    assert STATE_LABELS[S.AWAITING_SUPPLEMENT] == "awaiting supplement"
    assert all(label and label == label.strip() for label in STATE_LABELS.values())


def test_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        TRANSITIONS[S.COMPLETED, A.ACCEPT] = S.ACCEPTED  # type: ignore[index]


@settings(max_examples=300, database=None, deadline=None)
@given(st.lists(st.sampled_from(list(Action)), max_size=30))
def test_random_action_sequences_follow_the_table(actions: list[Action]) -> None:
    state = S.DRAFT
    for action in actions:
        if (state, action) in TRANSITIONS:
            state = next_state(state, action)
            assert action in allowed_actions(next(s for s, a in TRANSITIONS if a is action))
        else:
            with pytest.raises(TransitionError):
                next_state(state, action)
    assert state in CaseState

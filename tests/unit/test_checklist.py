"""The checklist, one-time notice, deemed-acceptance and refusal rules (docs/rules.md §4, §6)."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.calendar import WorkCalendar, YearSchedule
from counter_tui.domain.checklist import (
    DEFICIENCIES,
    DEFICIENCY_REASONS,
    REFUSAL_GROUNDS,
    ChecklistLine,
    MaterialForm,
    MaterialMark,
    MaterialStatus,
    Necessity,
    Phase,
    RefusalKind,
    check_acceptable,
    check_change,
    check_mark,
    check_notice_not_issued,
    check_supplement_days,
    deficiencies,
    is_deemed_accepted,
    is_satisfied,
    notice_fulfilled,
    notice_items,
    notice_period_end,
    phase_of,
    refusal_reason,
    remaining,
    supplement_deadline,
)
from counter_tui.domain.errors import ChecklistError
from counter_tui.domain.lifecycle import CaseState

S, N, F = MaterialStatus, Necessity, MaterialForm
TODAY = date(2026, 11, 27)  # a Friday

# National Day 2025: 1-8 Oct off, Sunday 28 Sep and Saturday 11 Oct worked.
CALENDAR = WorkCalendar(
    [
        YearSchedule(
            year=2025,
            holidays=frozenset(date(2025, 10, d) for d in range(1, 9)),
            workdays=frozenset({date(2025, 9, 28), date(2025, 10, 11)}),
        )
    ]
)


def line(
    necessity: Necessity = N.REQUIRED,
    status: MaterialStatus = S.PENDING,
    material_id: int = 1,
    form: MaterialForm = F.ORIGINAL_AND_COPY,
    copies: int = 1,
    **fields: object,
) -> ChecklistLine:
    return ChecklistLine(
        material_id=material_id,
        position=material_id,
        name=f"材料{material_id}",
        necessity=necessity,
        condition="有委托的" if necessity is N.CONDITIONAL else "",
        form=form,
        copies=copies,
        standard="在有效期内",
        status=status,
        **fields,  # type: ignore[arg-type]
    )


def rule(call, *args, **kwargs) -> str:
    with pytest.raises(ChecklistError) as caught:
        call(*args, **kwargs)
    return caught.value.rule


# ── marking one material ─────────────────────────────────────────────────────


def test_provided_defaults_to_the_required_form_and_copies() -> None:
    stored = check_mark(line(copies=2), MaterialMark(S.PROVIDED), TODAY)
    assert stored == MaterialMark(S.PROVIDED, form="original_and_copy", copies=2)


def test_original_and_copy_satisfy_either_but_one_does_not_satisfy_both() -> None:
    assert check_mark(line(form=F.COPY), MaterialMark(S.PROVIDED, "original_and_copy"), TODAY)
    short = MaterialMark(S.PROVIDED, form="copy")
    assert rule(check_mark, line(form=F.ORIGINAL_AND_COPY), short, TODAY) == (
        "checklist.form_short"
    )
    assert rule(check_mark, line(form=F.ORIGINAL), short, TODAY) == "checklist.form_short"


def test_fewer_copies_than_required_is_not_provided() -> None:
    mark = MaterialMark(S.PROVIDED, copies=1)
    assert rule(check_mark, line(copies=3), mark, TODAY) == "checklist.copies_short"
    assert rule(check_mark, line(), MaterialMark(S.PROVIDED, copies=-1), TODAY) == (
        "checklist.copies"
    )
    assert rule(check_mark, line(), MaterialMark(S.PROVIDED, form="fax"), TODAY) == (
        "checklist.form_unknown"
    )


def test_a_deficiency_needs_a_reason_and_keeps_only_the_reason() -> None:
    assert rule(check_mark, line(), MaterialMark(S.DEFICIENT, reason="  "), TODAY) == (
        "checklist.reason_missing"
    )
    stored = check_mark(line(), MaterialMark(S.DEFICIENT, form="copy", reason=" 缺少签字 "), TODAY)
    assert stored == MaterialMark(S.DEFICIENT, reason="缺少签字")


def test_only_a_deferrable_material_is_deferred_and_only_to_a_later_date() -> None:
    later = TODAY + timedelta(days=5)
    assert rule(
        check_mark, line(N.REQUIRED), MaterialMark(S.DEFERRED, deferred_until=later), TODAY
    ) == ("checklist.not_deferrable")
    assert rule(check_mark, line(N.DEFERRABLE), MaterialMark(S.DEFERRED), TODAY) == (
        "checklist.deferred_until_missing"
    )
    today = MaterialMark(S.DEFERRED, deferred_until=TODAY)
    assert rule(check_mark, line(N.DEFERRABLE), today, TODAY) == "checklist.deferred_until_past"
    stored = check_mark(line(N.DEFERRABLE), MaterialMark(S.DEFERRED, deferred_until=later), TODAY)
    assert stored.deferred_until == later


def test_only_a_conditional_material_is_not_applicable() -> None:
    mark = MaterialMark(S.NOT_APPLICABLE)
    for necessity in (N.REQUIRED, N.DEFERRABLE, N.OPTIONAL):
        assert rule(check_mark, line(necessity), mark, TODAY) == "checklist.not_conditional"
    assert check_mark(line(N.CONDITIONAL), mark, TODAY) == mark


# ── what blocks acceptance ───────────────────────────────────────────────────


@pytest.mark.parametrize("necessity", [N.REQUIRED, N.DEFERRABLE, N.CONDITIONAL])
@pytest.mark.parametrize("status", [S.MISSING, S.DEFICIENT])
def test_a_missing_or_deficient_material_that_matters_blocks(
    necessity: Necessity, status: MaterialStatus
) -> None:
    lines = [line(N.REQUIRED, S.PROVIDED, 1), line(necessity, status, 2, reason="x")]
    assert rule(check_acceptable, lines) == "checklist.blocked"
    assert [ln.material_id for ln in notice_items(lines)] == [2]


def test_an_optional_material_never_blocks() -> None:
    for status in S:
        lines = [line(N.REQUIRED, S.PROVIDED, 1), line(N.OPTIONAL, status, 2)]
        check_acceptable(lines)
        assert deficiencies(lines) == []


def test_deferred_and_not_applicable_do_not_block() -> None:
    lines = [
        line(N.REQUIRED, S.PROVIDED, 1),
        line(N.DEFERRABLE, S.DEFERRED, 2, deferred_until=TODAY + timedelta(days=3)),
        line(N.CONDITIONAL, S.NOT_APPLICABLE, 3),
    ]
    check_acceptable(lines)
    assert all(is_satisfied(ln) for ln in lines)


def test_an_unchecked_material_blocks_acceptance_and_the_notice() -> None:
    lines = [line(N.REQUIRED, S.MISSING, 1), line(N.CONDITIONAL, S.PENDING, 2)]
    assert rule(check_acceptable, lines) == "checklist.unchecked"
    # The notice must list everything: not while something is unchecked.
    assert rule(notice_items, lines) == "checklist.unchecked"


def test_a_notice_with_nothing_to_list_is_refused() -> None:
    assert rule(notice_items, [line(N.REQUIRED, S.PROVIDED)]) == "notice.nothing"


def test_the_notice_lists_every_deficiency() -> None:
    lines = [
        line(N.REQUIRED, S.MISSING, 1),
        line(N.REQUIRED, S.PROVIDED, 2),
        line(N.CONDITIONAL, S.DEFICIENT, 3, reason="缺少签字"),
        line(N.OPTIONAL, S.MISSING, 4),
        line(N.DEFERRABLE, S.MISSING, 5),
    ]
    assert [ln.material_id for ln in notice_items(lines)] == [1, 3, 5]


def test_exactly_one_notice() -> None:
    check_notice_not_issued(False)
    assert rule(check_notice_not_issued, True) == "notice.once"


# ── the freeze after the notice ──────────────────────────────────────────────

NOTICED = MaterialMark(S.DEFICIENT, reason="复印件未加盖公章")


def test_after_the_notice_a_material_not_on_it_is_settled() -> None:
    settled = line(N.REQUIRED, S.PROVIDED, on_notice=False)
    for mark in (MaterialMark(S.PROVIDED), MaterialMark(S.MISSING)):
        assert rule(check_change, settled, mark, Phase.NOTICE, TODAY) == "notice.settled"


def test_after_the_notice_its_items_can_be_supplied() -> None:
    item = line(N.REQUIRED, S.DEFICIENT, on_notice=True, reason=NOTICED.reason)
    stored = check_change(item, MaterialMark(S.PROVIDED), Phase.NOTICE, TODAY, NOTICED)
    assert stored.status is S.PROVIDED


def test_after_the_notice_no_new_deficiency_even_on_a_notice_item() -> None:
    item = line(N.REQUIRED, S.DEFICIENT, on_notice=True, reason=NOTICED.reason)
    new_reason = MaterialMark(S.DEFICIENT, reason="已过有效期")
    assert rule(check_change, item, new_reason, Phase.NOTICE, TODAY, NOTICED) == (
        "notice.no_new_deficiency"
    )
    assert rule(check_change, item, MaterialMark(S.MISSING), Phase.NOTICE, TODAY, NOTICED) == (
        "notice.no_new_deficiency"
    )
    assert rule(check_change, item, MaterialMark(S.PENDING), Phase.NOTICE, TODAY, NOTICED) == (
        "notice.no_new_deficiency"
    )


def test_a_notice_item_can_be_put_back_exactly_as_the_notice_lists_it() -> None:
    supplied = line(N.REQUIRED, S.PROVIDED, on_notice=True, form_provided="original_and_copy")
    back = check_change(supplied, MaterialMark(S.DEFICIENT), Phase.NOTICE, TODAY, NOTICED)
    assert back == NOTICED


def test_after_the_decision_only_a_deferred_material_is_supplied() -> None:
    deferred = line(N.DEFERRABLE, S.DEFERRED, deferred_until=TODAY + timedelta(days=2))
    assert check_change(deferred, MaterialMark(S.PROVIDED), Phase.DECIDED, TODAY).status is (
        S.PROVIDED
    )
    assert rule(check_change, deferred, MaterialMark(S.MISSING), Phase.DECIDED, TODAY) == (
        "checklist.decided"
    )
    provided = line(N.REQUIRED, S.PROVIDED)
    assert rule(
        check_change, provided, MaterialMark(S.DEFICIENT, reason="x"), Phase.DECIDED, TODAY
    ) == ("checklist.decided")
    assert rule(check_change, deferred, MaterialMark(S.PROVIDED), Phase.CLOSED, TODAY) == (
        "checklist.closed"
    )


def test_phases_follow_the_case_state_and_a_notice_never_reopens() -> None:
    assert phase_of(CaseState.RECEIVED, False) is Phase.OPEN
    assert phase_of(CaseState.RECEIVED, True) is Phase.NOTICE
    assert phase_of(CaseState.AWAITING_SUPPLEMENT, True) is Phase.NOTICE
    assert phase_of(CaseState.ACCEPTED, True) is Phase.DECIDED
    assert phase_of(CaseState.REFUSED, False) is Phase.CLOSED


def test_remaining_depends_on_the_phase() -> None:
    lines = [
        line(N.REQUIRED, S.PENDING, 1),
        line(N.REQUIRED, S.MISSING, 2, on_notice=True),
        line(N.REQUIRED, S.PROVIDED, 3, on_notice=True),
        line(N.DEFERRABLE, S.DEFERRED, 4, deferred_until=TODAY + timedelta(days=1)),
    ]
    assert [ln.material_id for ln in remaining(lines, Phase.OPEN)] == [1]
    assert [ln.material_id for ln in remaining(lines, Phase.NOTICE)] == [2]
    assert [ln.material_id for ln in remaining(lines, Phase.DECIDED)] == [4]
    assert remaining(lines, Phase.CLOSED) == []


def test_the_notice_is_fulfilled_when_all_its_items_are_satisfied() -> None:
    lines = [line(N.REQUIRED, S.PROVIDED, 1), line(N.REQUIRED, S.MISSING, 2, on_notice=True)]
    assert not notice_fulfilled(lines)
    lines[1] = replace(lines[1], status=S.PROVIDED)
    assert notice_fulfilled(lines)


statuses = st.sampled_from(list(S))
necessities = st.sampled_from(list(N))
marks = st.builds(
    MaterialMark,
    status=statuses,
    form=st.sampled_from(["", *list(F)]),
    copies=st.one_of(st.none(), st.integers(-1, 3)),
    reason=st.sampled_from(["", "缺少签字", NOTICED.reason]),
    deferred_until=st.one_of(st.none(), st.dates(TODAY - timedelta(days=3), TODAY + timedelta(9))),
)


@settings(max_examples=400, deadline=None)
@given(
    necessity=necessities,
    status=statuses,
    on_notice=st.booleans(),
    noticed_status=st.sampled_from([S.MISSING, S.DEFICIENT]),
    sequence=st.lists(marks, min_size=1, max_size=8),
)
def test_no_sequence_of_changes_adds_a_deficiency_after_the_notice(
    necessity: Necessity,
    status: MaterialStatus,
    on_notice: bool,
    noticed_status: MaterialStatus,
    sequence: list[MaterialMark],
) -> None:
    """Whatever a clerk tries after the notice, a material ends up either satisfied or
    exactly as the notice lists it; one not on the notice never changes."""
    noticed = MaterialMark(
        noticed_status, reason=NOTICED.reason if noticed_status is S.DEFICIENT else ""
    )
    start = noticed.status if on_notice else status
    current = line(
        necessity, start, on_notice=on_notice, reason=noticed.reason if on_notice else ""
    )
    for mark in sequence:
        try:
            stored = check_change(
                current, mark, Phase.NOTICE, TODAY, noticed if on_notice else None
            )
        except ChecklistError:
            continue
        assert on_notice, "a material not on the notice changed"
        if stored.status in DEFICIENCIES or stored.status is S.PENDING:
            assert stored == noticed
        current = current.with_mark(stored)
    if not on_notice:
        assert current.status is status


@settings(max_examples=200, deadline=None)
@given(line_status=statuses, necessity=necessities, mark=marks)
def test_after_the_decision_nothing_becomes_deficient(
    line_status: MaterialStatus, necessity: Necessity, mark: MaterialMark
) -> None:
    try:
        stored = check_change(line(necessity, line_status), mark, Phase.DECIDED, TODAY)
    except ChecklistError:
        return
    assert line_status is S.DEFERRED and stored.status is S.PROVIDED


# ── time rules ───────────────────────────────────────────────────────────────


def test_the_notice_period_is_five_working_days_across_a_holiday() -> None:
    received = date(2025, 9, 29)  # Monday before National Day
    # 30 Sep, then 9 Oct (Thu), 10 Oct, 11 Oct (worked Saturday), 13 Oct: the 5th.
    assert notice_period_end(CALENDAR, received) == date(2025, 10, 13)
    assert not is_deemed_accepted(CALENDAR, received, date(2025, 10, 13))
    assert is_deemed_accepted(CALENDAR, received, date(2025, 10, 14))


@settings(max_examples=200, deadline=None)
@given(received=st.dates(date(2025, 1, 1), date(2025, 12, 31)), later=st.integers(0, 40))
def test_deemed_exactly_after_the_fifth_working_day(received: date, later: int) -> None:
    today = received + timedelta(days=later)
    assert is_deemed_accepted(CALENDAR, received, today) == (
        CALENDAR.workdays_between(received, today) > 5
        or (CALENDAR.workdays_between(received, today) == 5 and not CALENDAR.is_workday(today))
    )


def test_supplement_deadline_counts_working_days_and_is_bounded() -> None:
    due = supplement_deadline(CALENDAR, date(2025, 9, 30), 5)
    # 9, 10, 11 (worked Saturday), 13, 14 Oct.
    assert due.date == date(2025, 10, 14) and not due.provisional
    assert supplement_deadline(CALENDAR, date(2026, 3, 2), 10).provisional  # no 2026 schedule
    for days in (0, 61, True, "5"):
        assert rule(check_supplement_days, days) == "notice.supplement_days"


# ── refusals ─────────────────────────────────────────────────────────────────


def test_outside_the_remit_names_the_competent_body() -> None:
    assert rule(refusal_reason, RefusalKind.OUTSIDE_REMIT, " ") == "refusal.competent_body"
    reason = refusal_reason("outside_remit", " 示范市市场监督管理局 ", "ignored?")
    assert reason.competent_body == "示范市市场监督管理局"


def test_only_article_32_1_grounds_refuse_at_the_door() -> None:
    """Ineligibility is a denial after acceptance (Art. 38), not a refusal to accept."""
    assert rule(refusal_reason, RefusalKind.NOT_ELIGIBLE, details="x") == "refusal.not_a_ground"
    assert rule(refusal_reason, RefusalKind.OTHER, details="x") == "refusal.not_a_ground"
    assert REFUSAL_GROUNDS == (RefusalKind.NOT_REQUIRED, RefusalKind.OUTSIDE_REMIT)
    assert rule(refusal_reason, "because") == "refusal.kind"
    assert refusal_reason(RefusalKind.NOT_REQUIRED).kind is RefusalKind.NOT_REQUIRED
    assert refusal_reason("not_required", competent_body="x").competent_body == ""


def test_common_reasons_are_distinct_messages() -> None:
    assert len(set(DEFICIENCY_REASONS)) == len(DEFICIENCY_REASONS) >= 6

"""Taking applications, part 2: the checklist services, and the one-time rule held against
every sequence of service calls after a notice."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_tui.domain.checklist import DEFICIENCY_REASONS, MaterialMark, MaterialStatus
from counter_tui.domain.errors import DomainError
from counter_tui.services.intake import checklist, decisions, refusals
from counter_tui.store.events import event_data
from counter_tui.store.models import Case, CaseMaterial, Event, Material

pytestmark = pytest.mark.both_engines


S = MaterialStatus


def _rows(number: str) -> dict[int, CaseMaterial]:
    case = Case.get(Case.number == number)
    return {r.material.position: r for r in CaseMaterial.select().where(CaseMaterial.case == case)}


def _id(number: str, position: int) -> int:
    return _rows(number)[position].material_id


def test_marks_are_recorded_with_an_event_naming_the_clerk(demo_db: str, draft, sign) -> None:
    number = draft()
    lines = checklist.mark_material(
        sign("ga03"), number, _id(number, 3), "deficient", reason="复印件未加盖公章"
    )
    assert [ln.status for ln in lines][:3] == [S.PENDING, S.PENDING, S.DEFICIENT]
    row = _rows(number)[3]
    assert (row.status, row.reason) == ("deficient", "复印件未加盖公章")
    event = Event.select().order_by(Event.id.desc()).get()
    assert event.kind == "material_marked" and event.staff.code == "ga03"
    assert event_data(event) == {
        "materials": [{"material": row.material_id, "reason": "复印件未加盖公章",
                       "status": "deficient"}]
    }  # fmt: skip


def test_provided_records_the_form_and_copies_handed_over(demo_db: str, draft, sign) -> None:
    number = draft()
    checklist.mark_material(sign("ga03"), number, _id(number, 1), "provided")
    row = _rows(number)[1]
    assert (row.form_provided, row.copies_provided) == ("original_and_copy", 1)


@pytest.mark.parametrize(
    ("position", "status", "extra", "rule"),
    [
        (1, "provided", {"form": "copy"}, "checklist.form_short"),
        (1, "deficient", {}, "checklist.reason_missing"),
        (1, "not_applicable", {}, "checklist.not_conditional"),
        (1, "deferred", {"deferred_until": date(2026, 12, 1)}, "checklist.not_deferrable"),
        (1, "lost", {}, "checklist.status"),
    ],
)
def test_a_mark_the_rules_forbid_changes_nothing(
    demo_db: str, draft, sign, position: int, status: str, extra: dict, rule: str
) -> None:
    number = draft()
    material = _id(number, position)
    events = Event.select().count()
    with pytest.raises(DomainError) as caught:
        checklist.mark_material(sign("ga03"), number, material, status, **extra)
    assert caught.value.rule == rule
    assert _rows(number)[position].status == "pending"
    assert Event.select().count() == events


def test_a_material_of_another_item_is_refused(demo_db: str, draft, sign) -> None:
    number = draft()
    stranger = Material.select().where(Material.item != Case.get(Case.number == number).item)
    with pytest.raises(DomainError) as caught:
        checklist.mark_material(sign("ga03"), number, stranger.first().id, "provided")
    assert caught.value.rule == "checklist.material_unknown"


def test_all_remaining_provided_leaves_what_was_marked(demo_db: str, draft, sign) -> None:
    number = draft()
    clerk = sign("ga03")
    checklist.mark_material(clerk, number, _id(number, 2), "missing")
    checklist.mark_material(clerk, number, _id(number, 4), "not_applicable")
    checklist.mark_all_remaining_provided(clerk, number)
    statuses = {position: row.status for position, row in _rows(number).items()}
    assert statuses == {1: "provided", 2: "missing", 3: "provided", 4: "not_applicable",
                        5: "provided", 6: "provided", 7: "provided"}  # fmt: skip


def test_after_the_notice_all_remaining_means_the_notice_items(
    demo_db: str, received, sign
) -> None:
    number = received(flaws={2: "missing", 3: "缺少签字"})
    decisions.issue_notice(sign("ga03"), number)
    checklist.mark_all_remaining_provided(sign("ga03"), number)
    statuses = {position: row.status for position, row in _rows(number).items()}
    assert statuses[2] == statuses[3] == "provided"
    assert statuses[4] == "not_applicable"  # settled, untouched


def test_common_reasons_are_offered() -> None:
    assert "Signature missing" in DEFICIENCY_REASONS


# ── the one-time rule against any sequence of calls ──────────────────────────

POSITIONS = st.integers(1, 7)
REASONS = st.sampled_from(["", "缺少签字", "复印件未加盖公章", "已过有效期"])
MARKS = st.builds(
    MaterialMark,
    status=st.sampled_from(list(S)),
    form=st.sampled_from(["", "original", "copy", "original_and_copy"]),
    reason=REASONS,
    deferred_until=st.sampled_from([None, date(2026, 12, 15)]),
)
CALLS = st.one_of(
    st.tuples(st.just("mark"), POSITIONS, MARKS),
    st.tuples(st.just("all_remaining"), st.none(), st.none()),
    st.tuples(st.just("recheck"), st.lists(st.tuples(POSITIONS, MARKS), max_size=3), st.none()),
    st.tuples(st.just("notice"), st.none(), st.none()),
    st.tuples(st.just("accept"), st.none(), st.none()),
    st.tuples(st.just("refuse"), st.none(), st.none()),
)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(calls=st.lists(CALLS, min_size=1, max_size=10))
def test_no_sequence_of_service_calls_adds_a_deficiency_after_the_notice(
    demo_db: str, received, sign, on, calls: list
) -> None:
    number = received(flaws={2: "missing", 3: "复印件未加盖公章"})
    clerk = sign("ga03")
    decisions.issue_notice(clerk, number)
    at_notice = {p: (r.status, r.reason) for p, r in _rows(number).items()}
    for name, first, second in calls:
        try:
            if name == "mark":
                mark = second
                checklist.mark_material(
                    clerk, number, _id(number, first), mark.status, form=mark.form,
                    reason=mark.reason, deferred_until=mark.deferred_until,
                )  # fmt: skip
            elif name == "all_remaining":
                checklist.mark_all_remaining_provided(clerk, number)
            elif name == "recheck":
                marks = {_id(number, position): mark for position, mark in first}
                decisions.recheck_supplement(clerk, number, marks)
            elif name == "notice":
                decisions.issue_notice(clerk, number)
            elif name == "accept":
                decisions.accept(clerk, number)
            else:
                refusals.refuse(sign("gachief"), number, "not_required", details="x")
        except DomainError:
            pass
        for position, row in _rows(number).items():
            if position not in (2, 3):
                assert (row.status, row.reason) == at_notice[position], "a settled item changed"
            elif row.status in ("missing", "deficient", "pending"):
                assert (row.status, row.reason) == at_notice[position], "a new deficiency"

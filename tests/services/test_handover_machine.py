"""After any sequence of handovers, confirmations, declines, cancellations, new intakes,
closed cases and absences among a few clerks: no open case is without an active owner,
every open case is owned by whom the last confirmed handover that listed it names, and
a model that knows only the rules agrees with the database on every owner."""

import shutil
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from peewee import Expression

from counter_tui.domain.errors import DomainError
from counter_tui.domain.lifecycle import OPEN_STATES
from counter_tui.services.auth import StaffSession, session_of
from counter_tui.services.cases.follow_ups import follow_up_open
from counter_tui.services.centre.opening import open_database
from counter_tui.services.handover.handover import (
    cancel_handover,
    confirm_handover,
    decline_handover,
    start_handover,
)
from counter_tui.services.handover.staffing import set_absence
from counter_tui.services.intake import draft
from counter_tui.services.tracking import progress
from counter_tui.store.models import (
    Case,
    Handover,
    HandoverLine,
    RatingFollowUp,
    RatingRequest,
    Staff,
    database_proxy,
)

CLERKS = ("ga01", "ga02", "ga03")
OPEN = [state.value for state in OPEN_STATES]


def _session(code: str) -> StaffSession:
    return session_of(Staff.get(Staff.code == code))


def _open_work() -> Expression:
    """The department's cases a handover moves: open, or decided with a 差评 whose
    follow-up is open (docs/rules.md §11)."""
    followed = RatingRequest.select(RatingRequest.case).join(RatingFollowUp)
    open_work = Case.state.in_(OPEN) | Case.id.in_(followed.where(follow_up_open()))
    return open_work & Case.number.startswith("GA")


class HandoverMachine(RuleBasedStateMachine):
    template: Path
    folder: Path
    runs = 0

    @initialize()
    def fresh_centre(self) -> None:
        HandoverMachine.runs += 1
        path = self.folder / f"machine-{HandoverMachine.runs}.db"
        shutil.copyfile(self.template, path)
        if database_proxy.obj is not None and not database_proxy.is_closed():
            database_proxy.close()
        open_database(str(path))
        # The model: who owns each case of open work, who is absent, which handovers wait.
        self.owners = {case.number: case.owner.code for case in Case.select().where(_open_work())}
        self.absent: set[str] = set()
        self.pending: dict[int, tuple[str, str]] = {}  # id → (giver, receiver)

    def _open_of(self, code: str) -> list[str]:
        return sorted(number for number, owner in self.owners.items() if owner == code)

    # ── rules ─────────────────────────────────────────────────────────────────

    @rule(clerk=st.sampled_from(CLERKS))
    def take_in(self, clerk: str) -> None:
        number = draft.start_draft(_session(clerk), "GA-010")
        self.owners[number] = clerk

    @rule(clerk=st.sampled_from(CLERKS), pick=st.integers(0, 1000))
    def close_a_case(self, clerk: str, pick: int) -> None:
        """Any clerk of the department may act on any of its cases."""
        numbers = sorted(self.owners)
        if not numbers:
            return
        number = numbers[pick % len(numbers)]
        session = _session(clerk)
        try:
            if Case.get(Case.number == number).state == "draft":
                draft.discard_draft(session, number)
            else:
                progress.withdraw(session, number, "申请人撤回")
        except DomainError:
            return  # e.g. a refusal waiting for the chief: the case stays open
        del self.owners[number]

    @rule(giver=st.sampled_from(CLERKS), receiver=st.sampled_from(CLERKS), note=st.text(max_size=8))
    def start(self, giver: str, receiver: str, note: str) -> None:
        mine = self._open_of(giver)
        notes = {mine[0]: note} if mine else {}
        expected_ok = (
            giver != receiver
            and receiver not in self.absent
            and all(g != giver for g, _ in self.pending.values())
        )
        try:
            handover_id = start_handover(_session(giver), receiver, notes, note)
        except DomainError as error:
            assert not expected_ok, error
            return
        assert expected_ok
        self.pending[handover_id] = (giver, receiver)
        listed = {line.case.number for line in HandoverLine.select().where(
            HandoverLine.handover == handover_id)}  # fmt: skip
        assert listed >= set(mine)

    @rule(pick=st.integers(0, 1000), by_receiver=st.booleans())
    def confirm(self, pick: int, by_receiver: bool) -> None:
        if not self.pending:
            return
        handover_id = sorted(self.pending)[pick % len(self.pending)]
        giver, receiver = self.pending[handover_id]
        who = receiver if by_receiver else giver
        try:
            result = confirm_handover(_session(who), handover_id)
        except DomainError:
            assert not by_receiver
            return
        assert by_receiver
        del self.pending[handover_id]
        moved = set(self._open_of(giver))
        assert set(result.moved) | set(result.added) == moved
        for number in moved:
            self.owners[number] = receiver

    @rule(pick=st.integers(0, 1000), reason=st.sampled_from(["", "今天不行"]))
    def decline(self, pick: int, reason: str) -> None:
        if not self.pending:
            return
        handover_id = sorted(self.pending)[pick % len(self.pending)]
        _giver, receiver = self.pending[handover_id]
        try:
            decline_handover(_session(receiver), handover_id, reason)
        except DomainError:
            assert not reason
            return
        assert reason
        del self.pending[handover_id]

    @rule(pick=st.integers(0, 1000))
    def cancel(self, pick: int) -> None:
        if not self.pending:
            return
        handover_id = sorted(self.pending)[pick % len(self.pending)]
        giver, _receiver = self.pending.pop(handover_id)
        cancel_handover(_session(giver), handover_id)

    @rule(clerk=st.sampled_from(CLERKS), absence=st.sampled_from(["leave", "out", None]))
    def mark_absence(self, clerk: str, absence: str | None) -> None:
        set_absence(_session(clerk), clerk, absence)
        if absence is None:
            self.absent.discard(clerk)
        else:
            self.absent.add(clerk)

    # ── invariants ────────────────────────────────────────────────────────────

    @invariant()
    def every_open_case_has_an_active_owner_as_the_model_says(self) -> None:
        if not hasattr(self, "owners"):
            return
        rows = (
            Case.select(Case.number, Staff.code, Staff.active)
            .join(Staff, on=(Case.owner == Staff.id))
            .where(_open_work())
            .tuples()
        )
        actual = {}
        for number, code, active in rows:
            assert active, number
            actual[number] = code
        assert actual == self.owners

    @invariant()
    def the_last_confirmed_handover_names_the_owner(self) -> None:
        if not hasattr(self, "owners"):
            return
        last: dict[str, str] = {}
        rows = (
            HandoverLine.select(HandoverLine, Handover, Case)
            .join(Handover)
            .switch(HandoverLine)
            .join(Case)
            .where(Handover.state == "confirmed")
            .order_by(Handover.decided_at, Handover.id)
        )
        for line in rows:
            last[line.case.number] = line.handover.to_staff.code
        for number, owner in self.owners.items():
            if number in last:
                assert last[number] == owner, number

    @invariant()
    def one_pending_handover_per_giver(self) -> None:
        if not hasattr(self, "owners"):
            return
        givers = [h.from_staff_id for h in Handover.select().where(Handover.state == "pending")]
        assert len(givers) == len(set(givers)) == len(self.pending)


def test_handovers_never_lose_a_case(demo_template: Path, tmp_path: Path) -> None:
    HandoverMachine.template = demo_template
    HandoverMachine.folder = tmp_path
    try:
        run_state_machine_as_test(
            HandoverMachine,
            settings=settings(
                max_examples=25,
                stateful_step_count=25,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
    finally:
        if database_proxy.obj is not None and not database_proxy.is_closed():
            database_proxy.close()

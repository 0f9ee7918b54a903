"""Deemed withdrawal (视为撤回, docs/rules.md §12): only under the item's own law, and then
carried out the day after the one-time notice's supplement date."""

from datetime import date, timedelta

import pytest
from case_checks import case_of, event_kinds

from counter_tui.services.intake import decisions
from counter_tui.services.intake.withdrawals import withdraw_unsupplemented
from counter_tui.store.events import event_data
from counter_tui.store.models import Event, Item

pytestmark = pytest.mark.both_engines

BASIS = "《某某登记条例》第十二条"


def test_a_case_is_withdrawn_after_its_date_only_under_its_items_law(
    demo_db: str, received, sign, on, demo_today
) -> None:
    Item.update(withdrawal_basis=BASIS).where(Item.code == "GA-010").execute()
    under_law = received(flaws={2: "missing"})
    elsewhere = received("GA-001", flaws={2: "missing"})
    notices = [
        decisions.issue_notice(sign("ga03"), number, at=on(demo_today, 11))
        for number in (under_law, elsewhere)
    ]
    due = date.fromisoformat(notices[0].body["supplement_due"])
    assert withdraw_unsupplemented(today=due) == []  # the last day to supplement
    assert withdraw_unsupplemented(today=due + timedelta(days=1)) == [under_law]
    assert case_of(under_law).state == "withdrawn"
    assert case_of(elsewhere).state == "awaiting_supplement"
    last = Event.select().where(Event.case == case_of(under_law)).order_by(Event.id.desc()).first()
    assert last.staff_id is None and event_kinds(under_law)[-1] == "withdraw"
    assert event_data(last) == {"deemed": True, "supplement_due": due.isoformat(), "basis": BASIS}
    assert withdraw_unsupplemented(today=due + timedelta(days=2)) == []  # done once

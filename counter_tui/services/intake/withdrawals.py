"""An application not corrected in time is deemed withdrawn (视为撤回, docs/rules.md §12) —
only where the item's own law says so (``Item.withdrawal_basis``), and then the program
does it: the day after the one-time notice's supplement date has passed. Elsewhere the
case stays awaiting its supplement."""

from __future__ import annotations

from datetime import date, datetime

from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.services.cases.change import Moment, locked, moment, move, record_move
from counter_tui.services.cases.documents import notice_body
from counter_tui.store.database import write_transaction
from counter_tui.store.models import Case, Item, database_proxy


def _supplement_due(case: Case) -> date | None:
    """The supplement date the case's one-time notice gave."""
    notice = notice_body(case)
    return None if notice is None else date.fromisoformat(str(notice["supplement_due"]))


def withdraw_unsupplemented(today: date | None = None, *, at: datetime | None = None) -> list[str]:
    """Every case awaiting its supplement past the notice's date, whose item's law deems
    it withdrawn, is withdrawn with an event naming that law (no staff member: the law
    does it). Idempotent. Returns the numbers of the cases it withdrew."""
    when = moment(at)
    if today is not None:
        when = Moment(at=when.at, today=today)
    waiting = (Case.state == CaseState.AWAITING_SUPPLEMENT.value) & (Item.withdrawal_basis != "")
    # At most sign-ins there is none: one look, and no writers' lock taken.
    if not Case.select(Case.id).join(Item).where(waiting).exists():
        return []
    withdrawn: list[str] = []
    with write_transaction(database_proxy):
        for case in locked(Case.select().join(Item).where(waiting).order_by(Case.id), Case):
            due = _supplement_due(case)
            if due is None or due >= when.today:
                continue
            move(case, Action.WITHDRAW, when.at)
            data = {"deemed": True, "supplement_due": due, "basis": case.item.withdrawal_basis}
            record_move(case, Action.WITHDRAW, None, when.at, data)
            withdrawn.append(case.number)
    return withdrawn

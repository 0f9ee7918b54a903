"""Many workstations at once (docs/architecture.md §2.2, §6.4; issue 9): 16 workers, each with its
own
connection, take intakes from draft to acceptance while racing to confirm one handover.
No case or document number is given twice, every count adds up, the event chain stays
whole, and no engine error (serialization failure, deadlock, "database is locked")
reaches a clerk. Runs on SQLite always and on PostgreSQL when a server is given."""

import threading

import pytest

from counter_tui.domain.errors import DomainError
from counter_tui.domain.lifecycle import Action
from counter_tui.services.handover.handover import (
    confirm_handover,
    gather_open_work,
    start_handover,
)
from counter_tui.services.intake import checklist, decisions, draft
from counter_tui.store.events import first_broken_event
from counter_tui.store.models import Case, Document, Event, Staff, database_proxy

pytestmark = pytest.mark.both_engines


WORKERS = 16
INTAKES = 4  # per worker


@pytest.mark.serial
def test_sixteen_workers_take_intakes_and_race_for_a_handover(
    demo_db: str, sign, on, demo_today, person
) -> None:
    when = on(demo_today)
    handed = gather_open_work(sign("ga01")).numbers
    handover_id = start_handover(sign("ga01"), at=when)
    receiver = sign("ga02")
    cases_before, documents_before = Case.select().count(), Document.select().count()
    barrier = threading.Barrier(WORKERS)
    taken: list[str] = []
    confirmed: list[object] = []
    refused: list[DomainError] = []
    escaped: list[BaseException] = []

    def work(index: int) -> None:
        database_proxy.connect(reuse_if_open=True)  # this thread's own connection
        try:
            clerk = sign("ga03")
            barrier.wait(timeout=60)
            for round_ in range(INTAKES):
                if round_ == 1:
                    try:
                        confirmed.append(confirm_handover(receiver, handover_id, at=when))
                    except DomainError as error:
                        refused.append(error)
                number = draft.start_draft(clerk, "GA-010", at=when)
                draft.update_applicant(clerk, number, person, at=when)
                checklist.mark_all_remaining_provided(clerk, number, at=when)
                decisions.submit(clerk, number, at=when)
                decisions.accept(clerk, number, at=when)
                taken.append(number)
        except BaseException as error:  # anything else is what a clerk would have seen
            escaped.append(error)
        finally:
            database_proxy.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    database_proxy.connect(reuse_if_open=True)

    assert not escaped, escaped[:3]
    assert len(taken) == len(set(taken)) == WORKERS * INTAKES
    assert Case.select().count() == cases_before + WORKERS * INTAKES
    numbers = [d.number for d in Document.select(Document.number)]
    assert len(numbers) == len(set(numbers))
    assert Document.select().count() > documents_before
    assert len(confirmed) == 1 and len(refused) == WORKERS - 1, (confirmed, refused[:2])
    assert {error.rule for error in refused} == {"handover.decided"}
    ga02 = Staff.get(Staff.code == "ga02")
    assert all(Case.get(Case.number == n).owner_id == ga02.id for n in handed)
    ours = Case.select(Case.id).where(Case.number.in_(taken))
    accepted = Event.select().where(Event.case.in_(ours) & (Event.kind == Action.ACCEPT.value))
    assert accepted.count() == WORKERS * INTAKES
    assert first_broken_event() is None

"""The append-only, hash-chained event log."""

import peewee
import pytest

from counter_tui.store.database import is_sqlite, write_transaction
from counter_tui.store.events import append_event, event_data, first_broken_event
from counter_tui.store.models import Event, database_proxy

pytestmark = pytest.mark.both_engines


def _append(n: int) -> list[Event]:
    with write_transaction(database_proxy.obj):
        return [append_event("note", data={"n": i, "text": "备注"}) for i in range(n)]


def test_events_chain_each_to_the_previous(empty_db: str) -> None:
    events = _append(3)
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert event_data(events[2]) == {"n": 2, "text": "备注"}
    assert first_broken_event() is None


def test_database_refuses_to_change_or_delete_an_event(empty_db: str) -> None:
    event = _append(1)[0]
    with pytest.raises(peewee.IntegrityError):
        Event.update(kind="forged").where(Event.id == event.id).execute()
    with pytest.raises(peewee.IntegrityError):
        Event.delete().where(Event.id == event.id).execute()
    assert Event.get_by_id(event.id).kind == "note"


def test_tampering_behind_the_programs_back_is_found(empty_db: str) -> None:
    events = _append(4)
    db = database_proxy.obj
    db.execute_sql('DROP TRIGGER "event_no_update"' + ("" if is_sqlite(db) else ' ON "event"'))
    Event.update(data='{"n":99}').where(Event.id == events[2].id).execute()
    assert first_broken_event() == events[2].id


def test_a_fork_of_the_chain_is_refused(empty_db: str) -> None:
    events = _append(2)
    with pytest.raises(peewee.IntegrityError):
        Event.create(kind="fork", prev_hash=events[0].hash, hash="f" * 64)

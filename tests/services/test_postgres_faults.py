"""PostgreSQL under a workstation (issue 20): the server ends the program's connection
(pg_terminate_backend, as a restart or a network cut does), made for real; a workstation
whose own clock is wrong."""

import os
from datetime import datetime, timedelta

import psycopg
import pytest
from peewee import InterfaceError, OperationalError

from counter_tui.services.cases import change
from counter_tui.services.cases.change import moment
from counter_tui.store import events, models
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import database_proxy
from counter_tui.store.settings import set_setting, setting

ADMIN = os.environ.get("COUNTER_TUI_TEST_POSTGRES", "")
# Without a server there is nothing to end; CI always has one (tests/conftest.py).
pytestmark = pytest.mark.skipif(not ADMIN, reason="needs COUNTER_TUI_TEST_POSTGRES")


@pytest.fixture
def db_engine() -> str:
    return "postgresql"


def _end_our_connection() -> None:
    pid = database_proxy.obj.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_between_transactions_the_next_one_connects_again(empty_db: str) -> None:
    _end_our_connection()
    with write_transaction(database_proxy):
        set_setting("after", "restart")
    assert setting("after") == "restart"


def test_inside_a_transaction_it_fails_whole_and_the_next_works(empty_db: str) -> None:
    with pytest.raises((OperationalError, InterfaceError)), write_transaction(database_proxy):
        set_setting("first", "1")
        _end_our_connection()
        set_setting("second", "2")
    with write_transaction(database_proxy):
        set_setting("next", "ok")
    assert (setting("first"), setting("second"), setting("next")) == (None, None, "ok")


def test_a_workstations_wrong_clock_does_not_stamp_the_events(
    empty_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This workstation's clock is years off; the server's is the one every event and every
    # case step takes, so their times follow the commits' order.
    for module in (models, events, change):  # wherever the program reads its own clock
        monkeypatch.setattr(module, "utc_now", lambda: datetime(2001, 1, 1), raising=False)
    with write_transaction(database_proxy):
        event = append_event("clock_check")
        step = moment()
    server = database_proxy.obj.execute_sql("SELECT clock_timestamp() AT TIME ZONE 'UTC'")
    now = server.fetchone()[0]
    assert timedelta(0) <= now - event.at < timedelta(minutes=1)
    assert timedelta(0) <= now - step.at < timedelta(minutes=1)

"""Crash safety (docs/architecture.md §2.2): a process taking intakes in a loop is killed with
SIGKILL at
random moments, again and again, on one SQLite database. Afterwards the file is whole,
the event chain intact, and every case is whole: its checklist, its events and its
documents agree with its state."""

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_tui.services.centre.opening import open_database
from counter_tui.store.database import write_transaction
from counter_tui.store.events import first_broken_event
from counter_tui.store.models import Case, CaseMaterial, Document, Event, Material, database_proxy

KILLS = 8
MARK = "崩溃测试"  # the worker's applicants, told apart from the demo's

WORKER = Path(__file__).with_name("intake_worker.py")

# What each state of an intake must have left, all or nothing.
EXPECTED = {
    "draft": ({"draft_started"}, set()),
    "received": ({"draft_started", "submit"}, {"receipt"}),
    "accepted": ({"draft_started", "submit", "accept"}, {"receipt", "acceptance_notice"}),
}


@pytest.mark.serial
def test_killed_writers_leave_every_case_whole(demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    shutil.copyfile(demo_template, path)
    rng = random.Random(20261128)
    finished: list[str] = []
    for _kill in range(KILLS):
        worker = subprocess.Popen(
            [sys.executable, str(WORKER), str(path), "ga03", MARK],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Its first intake done (however long a busy machine takes to start it), then some
        # more in flight.
        first = worker.stdout.readline() if worker.stdout else ""
        time.sleep(rng.uniform(0.0, 1.5))
        worker.send_signal(signal.SIGKILL)
        out, err = worker.communicate()
        assert worker.returncode == -signal.SIGKILL, err
        assert first, err
        finished += [first.strip(), *out.split()]

    open_database(str(path))
    try:
        connection = database_proxy.connection()
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert first_broken_event() is None
        cases = list(Case.select().where(Case.applicant_name == MARK))
        assert len(cases) >= len(finished) > 0, "the worker should get some intakes done"
        numbers = {case.number for case in cases}
        assert set(finished) <= numbers
        for case in cases:
            events, documents = EXPECTED[case.state]
            kinds = {e.kind for e in Event.select().where(Event.case == case)}
            assert events <= kinds, (case.number, case.state, kinds)
            stored = {d.kind for d in Document.select().where(Document.case == case)}
            assert stored == documents, (case.number, case.state, stored)
            rows = CaseMaterial.select().where(CaseMaterial.case == case).count()
            assert rows == Material.select().where(Material.item == case.item).count()
        # And the database still takes work.
        with write_transaction(database_proxy):
            assert Case.select().count() >= len(cases)
    finally:
        database_proxy.close()

"""Four processes take intakes in one SQLite database at once (docs/architecture.md §2.2): no
"database
is locked" reaches a clerk, no case or document number repeats, and the counts add up."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from counter_tui.services.centre.opening import open_database
from counter_tui.store.events import first_broken_event
from counter_tui.store.models import Case, Document, database_proxy

WORKERS = 4
INTAKES = 12
MARK = "并发测试"

WORKER = Path(__file__).with_name("intake_worker.py")


@pytest.mark.serial
def test_four_writers_at_once(demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    shutil.copyfile(demo_template, path)
    clerks = ["ga01", "ga02", "ga03", "ga04"][:WORKERS]
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(path), code, MARK, str(INTAKES)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for code in clerks
    ]
    numbers: list[str] = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err  # no "database is locked", no other error
        numbers += out.split()
    assert len(numbers) == len(set(numbers)) == WORKERS * INTAKES

    open_database(str(path))
    try:
        cases = Case.select().where(Case.applicant_name == MARK)
        assert {case.number for case in cases} == set(numbers)
        assert {case.state for case in cases} == {"accepted"}
        documents = Document.select().join(Case).where(Case.applicant_name == MARK)
        kinds = [document.kind for document in documents]
        assert kinds.count("receipt") == kinds.count("acceptance_notice") == len(numbers)
        assert len({document.number for document in documents}) == len(kinds)
        assert first_broken_event() is None
    finally:
        database_proxy.close()

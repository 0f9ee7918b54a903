"""The benchmarks' centre (bench/centre.py) is written with hand SQL beside the models: a
migration that changes a table the SQL writes stops every benchmark at its build, which
nothing else would notice. Built small here, it must open under today's schema, hold the
ratings as the program keeps them, agree with the events bench/audit.py writes, and
with bench/report.py's hand-written SQL."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_tui.services.reports.figures import centre_report
from counter_tui.store.models import Rating, RatingFollowUp, RatingRequest, database_proxy

BENCH = Path(__file__).resolve().parent.parent / "bench"
CASES = 3000


@pytest.fixture
def bench_modules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(BENCH))
    yield
    for name in ("centre", "audit", "figures", "report"):
        sys.modules.pop(name, None)
    database_proxy.close()


@pytest.mark.usefixtures("bench_modules")
def test_the_bench_centre_builds_and_agrees_with_its_events(tmp_path: Path) -> None:
    import audit
    import centre
    import report

    path = tmp_path / "centre.db"
    centre.build(path, CASES)

    rated = RatingRequest.select().where(RatingRequest.state == "rated")
    assert rated.count() > 0
    # Every final rating is its pad request's, and every 差评 has its follow-up.
    assert Rating.select().count() == rated.count()
    poor = rated.where(RatingRequest.level >= 4).count()
    assert poor > 0
    assert RatingFollowUp.select().count() == poor

    # The report bench's hand-written SQL reads the same tables as the report.
    sql = report.hand_written(path)
    month = centre_report(*report.MONTH, by="department", today=centre.TODAY).total
    assert sql["ratings"] > 0
    assert (month.received, month.ratings) == (sql["received"], sql["ratings"])

    assert audit.write_events(path) > CASES
    check = audit.verify_case_rows()
    assert (check.cases, check.found, check.not_derivable) == (CASES, 0, ())

"""A staff member's figures count what they did (issue 21 item 14): the cases they
received and the cases they decided, whoever holds them after an A/B handover."""

import pytest
from case_checks import case_of

from counter_tui.services.handover.handover import confirm_handover, start_handover
from counter_tui.services.intake import decisions
from counter_tui.services.reports.figures import Figures, centre_report, report_scope
from counter_tui.services.tracking import progress
from counter_tui.store.migrations import available, dialect
from counter_tui.store.models import Case, database_proxy

pytestmark = pytest.mark.both_engines


def own_figures(session, day) -> Figures:
    return centre_report(day, day, today=day, scope=report_scope(session)).total


def test_handover_after_receiving_leaves_the_figures_with_who_did_the_work(
    demo_db: str, sign, received, on, demo_today
) -> None:
    ga01, ga02 = sign("ga01"), sign("ga02")
    number = received("GA-010", "ga01")
    before = {s.code: own_figures(s, demo_today) for s in (ga01, ga02)}
    handover_id = start_handover(ga01, "ga02", at=on(demo_today, 11))
    confirm_handover(ga02, handover_id, at=on(demo_today, 11))
    case = case_of(number)
    assert (case.owner.code, case.received_by.code) == ("ga02", "ga01")
    decisions.accept(ga02, number, at=on(demo_today, 12))
    progress.complete(ga02, number, "handed_over", at=on(demo_today, 13))
    assert case_of(number).decided_by.code == "ga02"

    after = {s.code: own_figures(s, demo_today) for s in (ga01, ga02)}
    # The receiver keeps the received case; the one who decided it has the completion.
    assert after["ga01"].received == before["ga01"].received
    assert after["ga02"].received == before["ga02"].received
    assert after["ga01"].completed == before["ga01"].completed
    assert after["ga02"].completed == before["ga02"].completed + 1
    # The same cut in the department's report grouped by staff.
    report = centre_report(
        demo_today, demo_today, by="staff", today=demo_today, scope=report_scope(sign("gachief"))
    )
    rows = {row.key: row.figures for row in report.rows}
    assert rows["ga01"].received == after["ga01"].received
    assert rows["ga02"].completed == after["ga02"].completed


def test_migration_0010_fills_the_columns_from_the_events(demo_db: str) -> None:
    # The demo's history was written through the services, which set both columns;
    # emptied, the migration's own statements must put back exactly the same.
    rows = Case.select(Case.id, Case.received_by, Case.decided_by).order_by(Case.id).tuples()
    expected = list(rows)
    assert any(row[1] for row in expected) and any(row[2] for row in expected)
    engine = dialect(database_proxy.obj)
    (migration,) = [m for m in available(engine) if m.version == 10]
    statements = [s.strip() for s in migration.path.read_text().split(";")]
    updates = [s for s in statements if s.startswith("UPDATE")]
    assert len(updates) == 2
    with database_proxy.atomic():
        Case.update(received_by=None, decided_by=None).execute()
        for update in updates:
            database_proxy.execute_sql(update)
    assert list(rows.clone()) == expected

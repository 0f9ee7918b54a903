"""The 333's review promise in working hours (docs/rules.md §19): the clock starts at the
receipt and stops at the window's first decision; the detail, the queue, the overdue
report and the figures read it, and `audit verify` holds its moments to the events.

The demo centre opens 08:30-12:00 and 13:30-17:00; 2026-11-27 is a Friday, 11-30 the
Monday after. 建设工程规划许可证 (GH-002) promises a review within 3 working hours."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from case_checks import case_of

from counter_tui.documents.overdue import overdue_text
from counter_tui.domain.deadlines import Light
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.cases.queue import queue
from counter_tui.services.centre.audit import verify_case_rows
from counter_tui.services.consultations.questions import take_consultation
from counter_tui.services.intake import decisions
from counter_tui.services.reports.figures import centre_report
from counter_tui.services.reports.overdue import overdue_report
from counter_tui.services.tracking import progress
from counter_tui.store.database import write_transaction
from counter_tui.store.migrations import available, dialect
from counter_tui.store.models import Case, Consultation, Item, database_proxy

pytestmark = pytest.mark.both_engines

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY, MONDAY = date(2026, 11, 27), date(2026, 11, 30)


def stored(day: date, clock: str) -> datetime:
    """The naive UTC timestamp of a local wall-clock time."""
    local = datetime.combine(day, time.fromisoformat(clock), tzinfo=SHANGHAI)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def local(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock))


@pytest.fixture
def receive(checked, sign):
    """``receive(day, "16:30")``: a GH-002 case of gh01's, received then."""

    def make(day: date, clock: str, item: str = "GH-002", flaws=None) -> str:
        number = checked(item, "gh01", day, flaws)
        decisions.submit(sign("gh01"), number, at=stored(day, clock))
        return number

    return make


def test_received_at_16_30_the_review_is_due_at_11_00_the_next_working_day(
    demo_db: str, receive, sign
) -> None:
    """Half an hour on Friday (16:30-17:00), 2½ on Monday (08:30-11:00)."""
    number = receive(FRIDAY, "16:30")
    assert case_of(number).received_at == stored(FRIDAY, "16:30")
    clerk = sign("gh01")
    review = case_detail(clerk, number, FRIDAY, now=stored(FRIDAY, "18:00")).review
    assert review is not None and review.running
    assert (review.due, review.minutes_left, review.light) == (
        local(MONDAY, "11:00"),
        150,
        Light.GREEN,
    )
    decisions.accept(clerk, number, at=stored(MONDAY, "10:40"))
    assert case_of(number).reviewed_at == stored(MONDAY, "10:40")
    review = case_detail(clerk, number, MONDAY, now=stored(MONDAY, "16:00")).review
    assert review is not None and not review.running and not review.late
    assert review.minutes_left == 20


def test_received_at_11_00_it_is_due_at_15_30_and_a_late_notice_is_late(
    demo_db: str, receive, sign
) -> None:
    number = receive(FRIDAY, "11:00", flaws={1: "missing"})
    clerk = sign("gh01")
    review = case_detail(clerk, number, FRIDAY, now=stored(FRIDAY, "15:10")).review
    assert review is not None
    assert (review.due, review.minutes_left, review.light) == (
        local(FRIDAY, "15:30"),
        20,
        Light.YELLOW,
    )
    decisions.issue_notice(clerk, number, at=stored(FRIDAY, "16:10"))  # the review's end
    review = case_detail(clerk, number, FRIDAY, now=stored(FRIDAY, "16:50")).review
    assert review is not None and review.late and review.minutes_left == -40
    assert case_of(number).reviewed_at == stored(FRIDAY, "16:10")


def test_an_item_without_a_promise_has_no_review_clock(demo_db: str, sign, received) -> None:
    number = received("GA-010", "ga03")
    assert case_of(number).received_at is not None
    assert case_detail(sign("ga03"), number, FRIDAY).review is None


def test_the_queue_shows_the_hours_and_puts_a_review_past_due_with_the_red(
    demo_db: str, receive, sign
) -> None:
    late = receive(FRIDAY, "08:40")  # due 11:40
    running = receive(FRIDAY, "15:00")  # due Monday 09:30
    lines = queue(sign("gh01"), FRIDAY, now=stored(FRIDAY, "16:00"))
    by_number = {line.number: line for line in lines}
    assert by_number[late].light == "red" and by_number[late].review.minutes_left == -(20 + 150)
    assert by_number[running].light == "green" and by_number[running].deadline is None
    assert by_number[running].review.short_due == "11-30"
    assert lines.index(by_number[late]) < lines.index(by_number[running])
    red = queue(sign("gh01"), FRIDAY, light="red", now=stored(FRIDAY, "16:00"))
    assert late in [line.number for line in red]


def test_the_overdue_report_and_the_figures_count_the_misses(demo_db: str, receive, sign) -> None:
    clerk = sign("gh01")
    before = centre_report(FRIDAY, FRIDAY, today=FRIDAY).total
    still_open = receive(FRIDAY, "08:40")  # due 11:40, not reviewed
    reviewed_late = receive(FRIDAY, "08:45")  # due 11:45
    decisions.accept(clerk, reviewed_late, at=stored(FRIDAY, "14:00"))
    kept = receive(FRIDAY, "09:00")  # due 12:00
    decisions.accept(clerk, kept, at=stored(FRIDAY, "11:59"))
    report = overdue_report(FRIDAY)
    misses = {miss.number: miss for miss in report.reviews}
    assert still_open in misses and misses[still_open].reviewed_at is None
    assert misses[reviewed_late].reviewed_at == local(FRIDAY, "14:00")
    assert misses[reviewed_late].minutes == 15 + 30  # 11:45-12:00, 13:30-14:00
    assert kept not in misses
    assert report.as_dict()["reviews"][0]["due"].startswith("2026-11-27T")
    text = overdue_text(report, width=76)
    assert "示范市自然资源和规划局：材料审核" in text
    assert "审核超时 20 分，尚未审核" not in text  # read at the day's end: 11:40 → 17:00
    assert "审核超时 3 小时 50 分，尚未审核" in text  # 11:40-12:00, 13:30-17:00
    assert "审核超时 45 分（14:00 审核）" in text
    after = centre_report(FRIDAY, FRIDAY, today=FRIDAY).total
    assert after.review_promised - before.review_promised == 2
    assert after.review_kept - before.review_kept == 1
    assert after.as_dict()["review_within_promise"] == round(
        after.review_kept / after.review_promised, 4
    )


def test_audit_verify_holds_the_review_moments_to_the_events(demo_db: str, receive, sign) -> None:
    number = receive(FRIDAY, "09:00")
    decisions.accept(sign("gh01"), number, at=stored(FRIDAY, "10:00"))
    assert verify_case_rows().found == 0
    with write_transaction(database_proxy.obj):
        Case.update(reviewed_at=stored(FRIDAY, "09:30")).where(Case.number == number).execute()
    named = [(d.case_number, d.column) for d in verify_case_rows().disagreements]
    assert named == [(number, "reviewed_at")]


def test_migration_0013_fills_the_moments_from_the_events(demo_db: str, receive, sign) -> None:
    # Written through the services, which set both; emptied, the migration's statements
    # must put back exactly the same: a notice, a plain receipt, a deemed acceptance.
    noticed = receive(FRIDAY, "09:00", flaws={1: "missing"})
    decisions.issue_notice(sign("gh01"), noticed, at=stored(FRIDAY, "10:00"))
    receive(FRIDAY, "10:00")
    deemed = receive(FRIDAY - timedelta(days=14), "10:00")
    decisions.deem_accepted_overdue(FRIDAY, at=stored(FRIDAY, "08:00"))
    assert case_of(deemed).state == "accepted" and case_of(deemed).reviewed_at is None
    rows = Case.select(Case.id, Case.received_at, Case.reviewed_at).order_by(Case.id).tuples()
    expected = list(rows)
    assert any(row[1] for row in expected) and any(row[2] for row in expected)
    engine = dialect(database_proxy.obj)
    (migration,) = [m for m in available(engine) if m.version == 13]
    statements = [s.strip() for s in migration.path.read_text().split(";")]
    updates = [s[s.index("UPDATE") :] for s in statements if "UPDATE" in s]
    assert len(updates) == 2
    with database_proxy.atomic():
        Case.update(received_at=None, reviewed_at=None).execute()
        for update in updates:
            database_proxy.execute_sql(update)
    assert list(rows.clone()) == expected


def test_a_question_about_a_333_item_is_due_within_its_own_minutes(demo_db: str, sign) -> None:
    """The item's promise overrides the centre's (30): 10 minutes from 16:50 is 17:00."""
    with write_transaction(database_proxy.obj):
        Item.update(answer_minutes=10).where(Item.code == "GH-002").execute()
    asked = stored(date(2026, 12, 3), "16:50")
    ident = take_consultation(sign("gh01"), "规划许可要多久？", item_code="GH-002", at=asked)
    assert Consultation.get_by_id(ident).due_at == stored(date(2026, 12, 3), "17:00")


def test_a_case_withdrawn_before_its_review_shows_no_clock(demo_db: str, receive, sign) -> None:
    number = receive(FRIDAY, "09:00")
    progress.withdraw(sign("gh01"), number, "申请人申请撤回", at=stored(MONDAY, "10:00"))
    assert case_detail(sign("gh01"), number, MONDAY, now=stored(MONDAY, "16:00")).review is None

"""A/B handover (AB角工作制): gathering a clerk's open work, handing it over with notes,
taking it over in one transaction, declining, cancelling, handing back; windows' A and B
clerks; absences; the handover sheet. Every refusal leaves the database as it was."""

import threading
from collections.abc import Callable
from datetime import date
from io import BytesIO

import pytest
from bundle_checks import delivered_and_rated_poorly
from case_checks import case_of, event_kinds
from pypdf import PdfReader
from rating_pad import bind_pad, rate_case

from counter_tui.documents.notices import notice_pdf, notice_text
from counter_tui.domain.errors import DomainError
from counter_tui.domain.lifecycle import OPEN_STATES
from counter_tui.services.cases.follow_ups import open_follow_ups
from counter_tui.services.centre.windows import set_window
from counter_tui.services.errors import PermissionDenied
from counter_tui.services.handover.handover import (
    HandoverState,
    cancel_handover,
    confirm_handover,
    decline_handover,
    gather_open_work,
    handover_candidates,
    handover_sheet,
    handover_view,
    my_pending_handover,
    pending_handovers_for,
    start_handover,
)
from counter_tui.services.handover.open_work import WorkKind
from counter_tui.services.handover.staffing import (
    list_windows,
    set_absence,
)
from counter_tui.services.intake import decisions, draft
from counter_tui.services.tracking import progress, ratings
from counter_tui.store.events import event_data
from counter_tui.store.models import (
    BundleCase,
    Case,
    Document,
    Event,
    Handover,
    HandoverLine,
    RatingFollowUp,
    Staff,
    Window,
    database_proxy,
)

pytestmark = pytest.mark.both_engines


OPEN = [state.value for state in OPEN_STATES]


def owned(code: str) -> set[str]:
    """The open cases a staff member owns."""
    staff = Staff.get(Staff.code == code)
    query = Case.select(Case.number).where((Case.owner == staff) & Case.state.in_(OPEN))
    return {case.number for case in query}


def world() -> tuple:
    """Everything a refused handover request must leave as it was."""
    return (
        tuple(tuple(row.values()) for row in Handover.select().order_by(Handover.id).dicts()),
        tuple(tuple(r.values()) for r in HandoverLine.select().order_by(HandoverLine.id).dicts()),
        tuple(Case.select(Case.number, Case.owner).order_by(Case.id).tuples()),
        tuple(Window.select(Window.id, Window.clerk_a, Window.clerk_b, Window.on_duty).tuples()),
        tuple(Staff.select(Staff.code, Staff.absence).order_by(Staff.id).tuples()),
        Event.select().count(),
        Document.select().count(),
    )


def refused(call: Callable[[], object], rule: str) -> DomainError:
    """``call`` raises a DomainError for ``rule`` and changes nothing at all."""
    before = world()
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.rule == rule
    assert world() == before
    return caught.value


def close(session, number: str, at=None) -> None:
    """The applicant withdraws (a draft is discarded)."""
    if case_of(number).state == "draft":
        draft.discard_draft(session, number, at=at)
    else:
        progress.withdraw(session, number, "申请人撤回", at=at)


@pytest.fixture
def poor_rated(received, sign, on, demo_today) -> Callable[[str], str]:
    """``poor_rated(clerk)``: a case of the clerk's, accepted, completed and rated 不满意."""

    def make(clerk: str) -> str:
        bind_pad(Window.get_by_id(sign(clerk).window_id).number)
        number = received("GA-010", clerk)
        decisions.accept(sign(clerk), number, at=on(demo_today, 11))
        progress.complete(sign(clerk), number, "handed_over", at=on(demo_today, 12))
        # At the clerk's window, rated 不满意 on its pad (docs/rules.md §11).
        rate_case(number, 4, "efficiency", "等太久")
        return number

    return make


# ── gathering ─────────────────────────────────────────────────────────────────


def test_open_work_is_grouped_by_kind(
    demo_db: str, sign, on, demo_today, draft, received, poor_rated
) -> None:
    # One of each kind, whatever the demo history gave ga01.
    clerk, when = sign("ga01"), on(demo_today, 11)
    draft("GA-010", "ga01")
    received("GA-010", "ga01")
    decisions.issue_notice(clerk, received("GA-010", "ga01", flaws={2: "missing"}), at=when)
    decisions.accept(clerk, received("GA-010", "ga01"), at=when)
    decisions.complete_on_spot(clerk, received("GA-005", "ga01"), at=when)
    follow_up = poor_rated("ga01")
    work = gather_open_work(sign("ga01"), demo_today)
    kinds = {kind: [line.case_number for line in lines] for kind, lines in work.groups()}
    assert list(kinds) == [
        WorkKind.DRAFT,
        WorkKind.RECEIVED,
        WorkKind.SUPPLEMENT,
        WorkKind.RUNNING,
        WorkKind.WITH_CHIEF,
        WorkKind.FOLLOW_UP,
    ]
    assert kinds[WorkKind.FOLLOW_UP] == [follow_up]
    assert set(work.numbers) == owned("ga01") | {follow_up}
    by_number = {line.case_number: line for line in work.lines}
    supplement = by_number[kinds[WorkKind.SUPPLEMENT][0]]
    assert supplement.due is not None and supplement.light is None
    running = [by_number[n] for n in kinds[WorkKind.RUNNING]]
    assert all(line.light in ("green", "yellow", "red") and line.due for line in running)
    # The most urgent first: the reds before the greens.
    ranks = [{"red": 0, "yellow": 1, "green": 2}[line.light] for line in running]
    assert ranks == sorted(ranks)
    received_line = by_number[kinds[WorkKind.RECEIVED][0]]
    assert received_line.due == date(2026, 12, 4)  # the 5th working day after receipt
    assert "*" in received_line.applicant_id  # masked
    chief_line = by_number[kinds[WorkKind.WITH_CHIEF][0]]
    assert chief_line.waiting is not None


def test_an_administrator_has_no_open_work(demo_db: str, sign) -> None:
    with pytest.raises(DomainError) as caught:
        gather_open_work(sign("admin"))
    assert caught.value.rule == "auth.role"


def test_the_default_receiver_is_the_windows_other_clerk(demo_db: str, sign) -> None:
    choices = handover_candidates(sign("ga01"))
    assert choices[0].code == "ga02" and choices[0].default
    assert {c.code for c in choices} == {"ga02", "ga03", "ga04", "ga05", "gachief", "gadeputy"}
    assert handover_candidates(sign("ga02"))[0].code == "ga01"


# ── starting ──────────────────────────────────────────────────────────────────


def test_a_handover_lists_every_open_case_with_its_note(demo_db: str, sign) -> None:
    a = sign("ga01")
    work = gather_open_work(a)
    first = work.numbers[0]
    handover_id = start_handover(a, notes={first.lower(): " 已电话联系 "}, general_note="下午请假")
    handover = Handover.get_by_id(handover_id)
    assert handover.state == "pending" and handover.to_staff.code == "ga02"
    assert handover.note == "下午请假" and handover.window.number == 1
    notes = {line.case.number: line.note for line in handover.lines}
    assert set(notes) == set(work.numbers)
    assert notes[first] == "已电话联系" and {notes[n] for n in work.numbers[1:]} == {""}
    started = Event.select().where(Event.kind == "handover_started").get()
    assert event_data(started)["handover"] == handover_id and started.staff.code == "ga01"
    # Nothing moves yet.
    assert owned("ga01") == set(work.numbers)
    assert my_pending_handover(a).id == handover_id
    assert [h.id for h in pending_handovers_for(sign("ga02"))] == [handover_id]
    assert pending_handovers_for(sign("ga03")) == []


def test_handover_rules(demo_db: str, sign) -> None:
    a = sign("ga01")
    refused(lambda: start_handover(a, "ga01"), "handover.self")
    refused(lambda: start_handover(a, "nobody"), "handover.unknown_staff")
    refused(lambda: start_handover(a, "hb01"), "handover.receiver")
    refused(lambda: start_handover(a, "admin"), "handover.receiver")
    refused(lambda: start_handover(a, notes={"GA19990101-0001": "x"}), "handover.note_case")
    refused(lambda: start_handover(sign("admin"), "ga02"), "auth.role")
    # A chief works at no window: there is no default receiver.
    refused(lambda: start_handover(sign("gachief")), "handover.no_default")
    set_absence(sign("ga02"), "ga02", "leave")
    refused(lambda: start_handover(a), "handover.receiver_absent")
    start_handover(a, "ga03")
    refused(lambda: start_handover(a, "ga04"), "handover.pending")


def set_window_clerks(session, number: int, a: str, b: str) -> None:
    """The administrator's Enter on the windows screen: the A and B clerk of a window."""
    set_window(session, number, clerk_a=a, clerk_b=b)


def test_a_handover_with_nothing_open_still_passes_the_duty(demo_db: str, sign) -> None:
    set_window_clerks(sign("admin"), 4, "hb01", "hb02")
    for number in owned("hb02"):
        close(sign("hb02"), number)
    b = sign("hb02")
    assert gather_open_work(b).lines == ()
    handover_id = start_handover(b)
    result = confirm_handover(sign("hb01"), handover_id)
    assert result.moved == () and result.added == ()
    assert Window.get(Window.number == 4).on_duty.code == "hb01"


# ── confirming ────────────────────────────────────────────────────────────────


def test_confirming_moves_every_case_with_an_event_in_its_timeline(demo_db: str, sign) -> None:
    a, b = sign("ga01"), sign("ga02")
    numbers = gather_open_work(a).numbers
    note_case = numbers[0]
    handover_id = start_handover(a, notes={note_case: "材料原件在柜内"})
    result = confirm_handover(b, handover_id)
    assert set(result.moved) == set(numbers) and result.added == () and result.skipped == ()
    assert owned("ga01") == set() and set(numbers) <= owned("ga02")
    for number in numbers:
        assert event_kinds(number)[-1] == "handover_confirmed"
        event = Event.select().where(Event.case == case_of(number)).order_by(Event.id.desc()).get()
        data = event_data(event)
        assert (data["from"], data["to"], event.staff.code) == ("ga01", "ga02", "ga02")
        assert data["note"] == ("材料原件在柜内" if number == note_case else "")
    handover = Handover.get_by_id(handover_id)
    assert handover.state == "confirmed" and handover.decided_at is not None
    assert Window.get(Window.number == 1).on_duty.code == "ga02"
    assert result.sheet.number == "公安交〔2026〕1号"
    assert handover_sheet(a, handover_id).number == result.sheet.number
    # Exactly once.
    refused(lambda: confirm_handover(b, handover_id), "handover.decided")
    refused(lambda: decline_handover(b, handover_id, "晚了"), "handover.decided")
    refused(lambda: cancel_handover(a, handover_id), "handover.decided")


def test_only_the_receiver_confirms_or_declines(demo_db: str, sign) -> None:
    handover_id = start_handover(sign("ga01"))
    for code in ("ga01", "ga03", "gachief"):
        refused(lambda c=code: confirm_handover(sign(c), handover_id), "handover.receiver_only")
        refused(
            lambda c=code: decline_handover(sign(c), handover_id, "不接"),
            "handover.receiver_only",
        )
    refused(lambda: confirm_handover(sign("ga02"), 9999), "handover.not_found")


def test_work_taken_in_after_preparing_is_added_and_closed_work_is_skipped(
    demo_db: str, sign, draft, on, demo_today
) -> None:
    a = sign("ga01")
    listed = gather_open_work(a).numbers
    handover_id = start_handover(a, notes={listed[0]: "注意"})
    late = draft("GA-010", "ga01")
    closed = listed[-1]
    close(a, closed, at=on(demo_today, 15))
    result = confirm_handover(sign("ga02"), handover_id)
    assert result.added == (late,)
    assert [(s.case_number, s.reason) for s in result.skipped] == [(closed, "closed")]
    assert set(result.moved) == set(listed) - {closed}
    assert case_of(late).owner.code == "ga02" and case_of(closed).owner.code == "ga01"
    assert event_data(Event.select().where(Event.case == case_of(late)).order_by(
        Event.id.desc()).get())["added"] is True  # fmt: skip
    lines = {line.case.number for line in Handover.get_by_id(handover_id).lines}
    assert late in lines
    text = notice_text(result.sheet)
    assert late in text and "确认接收时补入" in text
    assert closed in text and "已办结或撤回" in text


def test_a_poor_rating_follow_up_is_handed_over(demo_db: str, sign, poor_rated) -> None:
    number = poor_rated("ga01")
    handover_id = start_handover(sign("ga01"))
    confirm_handover(sign("ga02"), handover_id)
    assert case_of(number).owner.code == "ga02"
    assert number in [f.case_number for f in ratings.open_follow_ups(sign("ga02"))]


# ── declining, cancelling, handing back ──────────────────────────────────────


def test_declining_moves_nothing_and_needs_a_reason(demo_db: str, sign) -> None:
    a, b = sign("ga01"), sign("ga02")
    before = owned("ga01")
    handover_id = start_handover(a)
    refused(lambda: decline_handover(b, handover_id, "  "), "handover.decline_reason")
    decline_handover(b, handover_id, "今天我也请假 [b]")
    handover = Handover.get_by_id(handover_id)
    assert handover.state == "declined" and handover.decline_reason == "今天我也请假 [b]"
    assert owned("ga01") == before
    assert Window.get(Window.number == 1).on_duty.code == "ga01"
    refused(lambda: confirm_handover(b, handover_id), "handover.decided")
    assert pending_handovers_for(b) == [] and my_pending_handover(a) is None
    # A declined handover no longer blocks a new one.
    start_handover(a, "ga03")


def test_the_giver_cancels_while_it_waits(demo_db: str, sign) -> None:
    a = sign("ga01")
    handover_id = start_handover(a)
    refused(lambda: cancel_handover(sign("ga02"), handover_id), "handover.giver_only")
    cancel_handover(a, handover_id)
    assert Handover.get_by_id(handover_id).state == "cancelled"
    refused(lambda: confirm_handover(sign("ga02"), handover_id), "handover.decided")


def test_handing_back_works_the_same_way(demo_db: str, sign) -> None:
    a, b = sign("ga01"), sign("ga02")
    mine = owned("ga01")
    theirs = owned("ga02")
    confirm_handover(b, start_handover(a))
    assert owned("ga02") == mine | theirs
    # B hands everything back to A (the default receiver for the window's B clerk).
    back = start_handover(b, notes={next(iter(mine)): "已补材料"})
    assert Handover.get_by_id(back).to_staff.code == "ga01"
    result = confirm_handover(a, back)
    assert owned("ga01") == mine | theirs and owned("ga02") == set()
    assert set(result.moved) == mine | theirs
    assert Window.get(Window.number == 1).on_duty.code == "ga01"
    assert handover_sheet(a, back).number == "公安交〔2026〕2号"


def test_reading_a_handover(demo_db: str, sign) -> None:
    handover_id = start_handover(sign("ga01"), general_note="交接")
    view = handover_view(sign("gachief"), handover_id)
    assert view.state is HandoverState.PENDING and view.from_name == "张敏"
    assert all(line.work is not None for line in view.lines)
    refused(lambda: handover_view(sign("ga03"), handover_id), "handover.reader")
    refused(lambda: handover_view(sign("hbchief"), handover_id), "handover.reader")
    draft_sheet = handover_sheet(sign("ga01"), handover_id)
    assert draft_sheet.number == "" and "编号" in notice_text(draft_sheet)


# ── windows and absences ─────────────────────────────────────────────────────


def test_an_administrator_sets_the_a_and_b_clerks(demo_db: str, sign) -> None:
    admin = sign("admin")
    refused(lambda: set_window_clerks(sign("ga01"), 1, "ga02", "ga01"), "auth.role")
    refused(lambda: set_window_clerks(sign("gachief"), 1, "ga02", "ga01"), "auth.role")
    refused(lambda: set_window_clerks(admin, 99, "ga02", "ga01"), "window.not_found")
    refused(lambda: set_window_clerks(admin, 1, "ga02", "ga02"), "window.same")
    refused(lambda: set_window_clerks(admin, 1, "ga02", "hb01"), "window.clerk")
    refused(lambda: set_window_clerks(admin, 1, "ga02", "nobody"), "handover.unknown_staff")
    # ga03 is already A at window 2; ga01 is B at window 3.
    refused(lambda: set_window_clerks(admin, 1, "ga03", "ga02"), "window.elsewhere")
    refused(lambda: set_window_clerks(admin, 1, "ga02", "ga01"), "window.elsewhere")
    set_window_clerks(admin, 2, "ga04", "ga03")
    window = Window.get(Window.number == 2)
    # On duty stays when still one of the two.
    assert (window.clerk_a.code, window.clerk_b.code, window.on_duty.code) == (
        "ga04",
        "ga03",
        "ga03",
    )
    event = Event.select().where(Event.kind == "window_set").get()
    assert event.staff.code == "admin"
    assert event_data(event)["changed"] == {
        "clerk_a": ["ga03", "ga04"],
        "clerk_b": ["ga04", "ga03"],
    }
    # The command line's way: the A clerk goes on duty when the one on duty left.
    set_window(None, 3, clerk_a="ga02", clerk_b="ga01")
    row = next(w for w in list_windows() if w.number == 3)
    assert (row.clerk_a, row.clerk_b, row.on_duty) == ("ga02", "ga01", "ga02")
    event = Event.select().order_by(Event.id.desc()).get()
    assert (event.kind, event.staff) == ("window_set", None)
    assert event_data(event)["changed"]["clerk_a"] == ["ga05", "ga02"]


def test_absence_is_marked_by_the_clerk_their_chief_or_an_admin(demo_db: str, sign) -> None:
    refused(lambda: set_absence(sign("ga03"), "ga01", "leave"), "absence.who")
    refused(lambda: set_absence(sign("hbchief"), "ga01", "leave"), "absence.who")
    refused(lambda: set_absence(sign("ga01"), "ga01", "holiday"), "absence.kind")
    set_absence(sign("ga01"), "ga01", "leave")
    assert Staff.get(Staff.code == "ga01").absence == "leave"
    # The duty at window 1 passes to its B clerk; the cases stay ga01's.
    assert Window.get(Window.number == 1).on_duty.code == "ga02"
    assert owned("ga01")
    set_absence(sign("gachief"), "ga01", "out")
    set_absence(sign("admin"), "ga01", None)
    assert Staff.get(Staff.code == "ga01").absence is None
    kinds = [event_data(e)["absence"] for e in Event.select().where(Event.kind == "absence_set")]
    assert kinds == ["leave", "out", None]
    # Marking what is already so records nothing.
    count = Event.select().count()
    set_absence(sign("ga01"), "ga01", None)
    assert Event.select().count() == count


def test_an_absent_clerks_cases_can_be_handled_by_the_other(
    demo_db: str, sign, on, demo_today, received
) -> None:
    number = received("GA-010", "ga04")
    set_absence(sign("ga04"), "ga04", "out")
    decisions.accept(sign("ga03"), number, at=on(demo_today, 11))
    assert case_of(number).state == "accepted" and case_of(number).owner.code == "ga04"


# ── two confirmations at once ────────────────────────────────────────────────


def test_two_confirmations_at_once_one_wins(demo_db: str, sign) -> None:
    numbers = gather_open_work(sign("ga01")).numbers
    handover_id = start_handover(sign("ga01"))
    receiver = sign("ga02")
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def confirm() -> None:
        # peewee gives every thread its own connection to the same SQLite file.
        database_proxy.connect(reuse_if_open=True)
        try:
            barrier.wait()
            outcomes.append(confirm_handover(receiver, handover_id))
        except DomainError as error:
            outcomes.append(error)
        finally:
            database_proxy.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    errors = [o for o in outcomes if isinstance(o, DomainError)]
    results = [o for o in outcomes if not isinstance(o, DomainError)]
    assert len(results) == 1 and len(errors) == 1, outcomes
    assert errors[0].rule == "handover.decided"
    assert owned("ga01") == set() and set(numbers) <= owned("ga02")
    for number in numbers:
        assert event_kinds(number).count("handover_confirmed") == 1
    assert Document.select().where(Document.kind == "handover_sheet").count() == 1


# ── the sheet ─────────────────────────────────────────────────────────────────


def _squash(text: str) -> str:
    return "".join(text.split())


def test_the_handover_sheet_prints_as_pdf(demo_db: str, sign, ci_font, demo_today) -> None:
    a = sign("ga01")
    numbers = gather_open_work(a).numbers
    handover_id = start_handover(a, notes={numbers[0]: "申请人明日来补正"}, general_note="年假三天")
    sheet = confirm_handover(sign("ga02"), handover_id).sheet
    reader = PdfReader(BytesIO(notice_pdf(sheet, ci_font, demo_today)))
    text = _squash("".join(page.extract_text() for page in reader.pages))
    for fact in (
        "交接单",
        sheet.number,
        "张敏",
        "李强",
        "申请人明日来补正",
        "年假三天",
        "示范市公安局",
        *numbers,
    ):
        assert _squash(fact) in text, fact
    case = case_of(numbers[0])
    assert case.applicant_id_number not in text and case.applicant_id_number[:6] in text


def test_a_clerk_takes_their_window_back_and_only_their_own(demo_db, sign) -> None:
    """Issue 21 item 20: the duty returns to the clerk who is back; an administrator, who
    sits at no window, is refused."""
    from counter_tui.services.handover.staffing import set_absence, take_back_duty
    from counter_tui.store.models import Window

    ga01 = sign("ga01")
    set_absence(ga01, "ga01", "leave")
    window = Window.get_by_id(ga01.window_id)
    assert window.on_duty.code == "ga02"
    take_back_duty(ga01)
    assert Window.get_by_id(window.id).on_duty.code == "ga01"
    assert Staff.get(Staff.code == "ga01").absence is None
    with pytest.raises(PermissionDenied):
        take_back_duty(sign("admin"))


def followed(code: str) -> set[str]:
    """The bundle cases a staff member follows (results not handed over)."""
    staff = Staff.get(Staff.code == code)
    query = BundleCase.select(BundleCase.number).where(
        (BundleCase.owner == staff) & BundleCase.delivered_on.is_null()
    )
    return {row.number for row in query}


def test_the_bundle_cases_a_clerk_follows_go_with_the_handover(demo_db: str, sign) -> None:
    """At the comprehensive window the bundle cases (docs/rules.md §21) are open work too:
    listed, moved whole at confirmation, named on the sheet; the cases inside them stay
    with their departments' clerks."""
    giver, receiver = sign("zw01"), sign("zw02")
    bundles = followed("zw01")
    assert len(bundles) == 2 and followed("zw02") == set()
    inside = {c.number: c.owner_id for c in Case.select().where(Case.bundle_case.is_null(False))}
    work = gather_open_work(giver)
    assert {view.number for view in work.bundles} == bundles
    handover_id = start_handover(giver, general_note="两件一件事待统一出件")
    pending = handover_view(receiver, handover_id)
    assert {view.number for view in pending.bundles} == bundles
    draft = handover_sheet(giver, handover_id)
    assert {line["bundle_case"] for line in draft.body["bundles"]} == bundles
    result = confirm_handover(receiver, handover_id)
    assert set(result.bundles) == bundles
    assert followed("zw01") == set() and followed("zw02") == bundles
    assert {c.number: c.owner_id for c in Case.select().where(Case.bundle_case.is_null(False))} == (
        inside
    )
    assert {line["bundle_case"] for line in result.sheet.body["bundles"]} == bundles
    last = Event.select().where(Event.kind == "handover_confirmed").order_by(Event.id.desc()).get()
    assert set(event_data(last)["bundles"]) == bundles
    text = _squash(notice_text(result.sheet))
    for number in bundles:
        assert number in text
    assert _squash("统一出件") in text
    # The receiver's home follows them now, and the giver hands nothing of them over again.
    assert gather_open_work(giver).bundles == ()
    assert {view.number for view in gather_open_work(receiver).bundles} == bundles


def test_a_delivered_bundle_case_with_a_poor_rating_open_is_handed_over(
    demo_db: str, sign, on, demo_today, ci_font
) -> None:
    """A bundle case whose results are handed over but whose delivery's 差评 is still
    followed up is open work, as a decided case with one is (docs/rules.md §13, §21.1):
    listed, marked, moved whole, named on the sheet; the receiver follows it up."""
    number, request_id = delivered_and_rated_poorly(on(demo_today, 9))
    giver, receiver = sign("zw01"), sign("zw02")
    assert number not in followed("zw01")  # handed over: followed no more to a delivery
    (line,) = [view for view in gather_open_work(giver).bundles if view.number == number]
    assert line.follow_up == 4 and line.delivered_on == demo_today
    others = {view.number for view in gather_open_work(giver).bundles} - {number}
    assert [
        view.follow_up for view in gather_open_work(giver).bundles if view.number in others
    ] == [None] * len(others)

    handover_id = start_handover(giver, general_note="一件事差评待回访")
    assert number in {view.number for view in handover_view(receiver, handover_id).bundles}
    draft_lines = handover_sheet(giver, handover_id).body["bundles"]
    marked = {line["bundle_case"]: line["follow_up"] for line in draft_lines}
    assert marked[number] == 4 and {marked[n] for n in others} <= {None}
    result = confirm_handover(receiver, handover_id)
    assert number in result.bundles
    assert BundleCase.get(BundleCase.number == number).owner.code == "zw02"
    assert request_id in [f.request_id for f in open_follow_ups(receiver)]
    text = _squash(notice_text(result.sheet))
    assert number in text and _squash("不满意，回访未结") in text
    reader = PdfReader(BytesIO(notice_pdf(result.sheet, ci_font, demo_today)))
    printed = _squash("".join(page.extract_text() for page in reader.pages))
    assert number in printed and _squash("不满意，回访未结") in printed

    # Followed up and closed, it is nobody's open work any more.
    ratings.record_contact(receiver, request_id, "电话回访")
    ratings.close_follow_up(receiver, request_id, "explained", "已说明")
    assert RatingFollowUp.get(RatingFollowUp.request == request_id).closed_at is not None
    assert number not in {view.number for view in gather_open_work(receiver).bundles}

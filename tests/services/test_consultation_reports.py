"""Consultations in the reports (docs/rules.md §18): the figures of the known centre's
hand-written questions by every grouping and scope, on time to the minute, and the
overdue report's section with masked visitors and minutes late in working time."""

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from report_rows import NOVEMBER, TODAY, Known, known_centre

from counter_tui.documents.overdue import overdue_text
from counter_tui.services.auth import session_of
from counter_tui.services.profile import centre_profile, set_profile
from counter_tui.services.reports.consultations import consultation_counts
from counter_tui.services.reports.figures import (
    CENTRE,
    Figures,
    centre_report,
    percent,
    report_scope,
)
from counter_tui.services.reports.overdue import overdue_report
from counter_tui.store.models import Case, Consultation

pytestmark = pytest.mark.both_engines

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAY = "08:30-12:00,13:30-17:00"


def at(day: str, hour: int, minute: int = 0) -> datetime:
    """A stored (naive UTC) moment at that local time in Shanghai."""
    local = datetime.combine(date.fromisoformat(day), time(hour, minute), SHANGHAI)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def questions() -> Known:
    """The known centre (tests/report_rows.py) open 08:30-12:00 and 13:30-17:00 on
    weekdays, and its questions; ``due`` is 30 working minutes after ``asked`` and every
    time is local:

    ===  =====  ====  ==========================  ===========================  ==========
    q    clerk  item  asked, due                  closed                       counted
    ===  =====  ====  ==========================  ===========================  ==========
    q1   c1     P     11-02 10:00, at once        answered at once             on time
    q2   c1     Q     11-03 10:00, 10:30          answered 10:30 (the minute)  on time
    q3   c1     P     11-04 10:00, 10:30          answered 10:31               late
    q4   c2     P     11-05 10:00, 10:30          referred 10:20               on time
    q5   c2     —     11-06 10:00, 10:30          referred 11:00               late
    q6   c2     Q     11-27 16:50, 11-30 08:50    open                         neither
    q7   c1     P     11-26 15:00, 15:30          open                         late
    q8   c3     PB    11-09 10:00, at once        answered; became CASE-n      on time
    q9   c3     PB    11-01 00:30, at once        answered                     on time
    q10  c1     P     12-01 00:30, at once        answered                     (December)
    q11  c2     P     11-26 16:50, 11-27 08:50    answered 11-27 09:20         late
    ===  =====  ====  ==========================  ===========================  ==========
    """
    known = known_centre()
    hours = (WEEKDAY,) * 5 + ("", "")
    profile = dataclasses.replace(centre_profile(), name="示范中心", opening_hours=hours)
    set_profile(None, profile)

    def ask(clerk: str, item: str | None, asked: datetime, due: datetime | None, **more):
        staff = known.staff[clerk]
        window = {"c1": 1, "c2": 2, "c3": 3}[clerk]
        state = more.pop("state", "answered")
        Consultation.create(
            department=staff.department_id,
            window=known.windows[window],
            item=known.items[item] if item else None,
            owner=staff,
            channel="walk_in",
            visitor="张小明",
            phone="13812345678",
            question="问题",
            state=state,
            asked_at=asked,
            due_at=due,
            closed_at=more.pop("closed", None if state == "open" else asked),
            **more,
        )

    ask("c1", "P", at("2026-11-02", 10), None)
    ask("c1", "Q", at("2026-11-03", 10), at("2026-11-03", 10, 30), closed=at("2026-11-03", 10, 30))
    ask("c1", "P", at("2026-11-04", 10), at("2026-11-04", 10, 30), closed=at("2026-11-04", 10, 31))
    ask(
        "c2", "P", at("2026-11-05", 10), at("2026-11-05", 10, 30),
        state="referred", closed=at("2026-11-05", 10, 20),
    )  # fmt: skip
    ask(
        "c2", None, at("2026-11-06", 10), at("2026-11-06", 10, 30),
        state="referred", closed=at("2026-11-06", 11),
    )  # fmt: skip
    ask("c2", "Q", at("2026-11-27", 16, 50), at("2026-11-30", 8, 50), state="open")
    ask("c1", "P", at("2026-11-26", 15), at("2026-11-26", 15, 30), state="open")
    ask("c3", "PB", at("2026-11-09", 10), None, case=Case.get(Case.number == "CASE-n"))
    ask("c3", "PB", at("2026-11-01", 0, 30), None)
    ask("c1", "P", at("2026-12-01", 0, 30), None)
    ask(
        "c2", "P", at("2026-11-26", 16, 50), at("2026-11-27", 8, 50),
        closed=at("2026-11-27", 9, 20),
    )  # fmt: skip
    return known


def counts(n: int, on_time: int, late: int, referred: int = 0, converted: int = 0) -> Figures:
    return Figures(
        consultations=n,
        consultations_on_time=on_time,
        consultations_late=late,
        consultations_referred=referred,
        consultations_converted=converted,
    )


C1 = counts(4, 2, 2)
C2 = counts(4, 1, 2, referred=2)
C3 = counts(2, 2, 0, converted=1)
TOTAL = counts(10, 5, 4, referred=2, converted=1)


def _november(by=None, scope=CENTRE):
    return centre_report(*NOVEMBER, by=by, today=TODAY, scope=scope)


def _consulted(figures: Figures) -> Figures:
    """Only the consultations' counts of ``figures`` (the known centre has cases too)."""
    names = ("consultations", "consultations_on_time", "consultations_late")
    names += ("consultations_referred", "consultations_converted")
    return Figures(**{name: getattr(figures, name) for name in names})


def test_the_figures_in_total(empty_db: str) -> None:
    questions()
    total = _november().total
    assert _consulted(total) == TOTAL
    assert total.consultation_on_time_rate == pytest.approx(5 / 9)
    assert percent(total.consultation_on_time_rate) == "55.6%"


def test_the_figures_by_every_grouping(empty_db: str) -> None:
    questions()
    by_staff = _november("staff")
    assert [(r.key, _consulted(r.figures)) for r in by_staff.rows] == [
        ("c1", C1),
        ("c2", C2),
        ("c3", C3),
    ]
    by_department = _november("department")
    assert [(r.key, _consulted(r.figures)) for r in by_department.rows] == [
        ("TA", C1 + C2),
        ("TB", C3),
    ]
    by_window = _november("window")
    assert [(r.key, _consulted(r.figures)) for r in by_window.rows] == [
        ("1", C1),
        ("2", C2),
        ("3", C3),
    ]
    by_item = _november("item")
    consulted = {r.key: _consulted(r.figures) for r in by_item.rows}
    assert consulted["P"] == counts(5, 2, 3, referred=1)
    assert consulted["Q"] == counts(2, 1, 0)
    assert consulted["PB"] == counts(2, 2, 0, converted=1)
    # The question about no item is the last group, named "—".
    assert (by_item.rows[-1].key, by_item.rows[-1].label) == ("", "—")
    assert _consulted(by_item.rows[-1].figures) == counts(1, 0, 1, referred=1)


def test_the_json_keys_carry_every_breakdown(empty_db: str) -> None:
    questions()
    data = _november().as_dict()
    consultations = data["consultations"]
    assert (consultations["count"], consultations["referred"], consultations["converted"]) == (
        10,
        2,
        1,
    )
    assert [(g["key"], g["label"], g["consultations"]) for g in consultations["by_staff"]] == [
        ("c1", "张一", 4),
        ("c2", "李二", 4),
        ("c3", "王三", 2),
    ]
    assert [g["key"] for g in consultations["by_department"]] == ["TA", "TB"]
    assert [g["key"] for g in consultations["by_window"]] == ["1", "2", "3"]
    assert [g["key"] for g in consultations["by_item"]] == ["P", "PB", "Q", ""]
    assert consultations["by_department"][1]["consultation_on_time_rate"] == 1.0
    assert data["consultations_answered_on_time"] == {"count": 5, "late": 4, "share": 0.5556}
    assert data["total"]["consultations"] == 10


def test_on_time_to_the_minute_and_open_until_its_due_time(empty_db: str) -> None:
    questions()
    start, end = at("2026-11-26", 15), at("2026-11-26", 16)  # q7 alone
    due = at("2026-11-26", 15, 30)

    def late(now: datetime) -> int:
        [(_key, figures)] = consultation_counts(None, start, end, now)
        return figures["consultations_late"]

    assert late(due) == 0  # open at its due time: not late yet
    assert late(due + timedelta(seconds=1)) == 1


def test_scope_by_role(empty_db: str) -> None:
    known = questions()
    clerk = report_scope(session_of(known.staff["c1"]))
    assert _consulted(_november(scope=clerk).total) == C1
    chief = report_scope(session_of(known.staff["chief"]))
    assert _consulted(_november(scope=chief).total) == C1 + C2
    admin = session_of(known.staff["admin"])
    tb = report_scope(admin, department_id=known.departments["TB"].id)
    assert _consulted(_november(scope=tb).total) == C3
    assert [g["key"] for g in _november(scope=tb).as_dict()["consultations"]["by_staff"]] == ["c3"]


def test_an_empty_period_reads_a_dash_not_zero_percent(empty_db: str) -> None:
    questions()
    report = centre_report(date(2026, 10, 1), date(2026, 10, 30), today=TODAY)
    assert _consulted(report.total) == Figures()
    assert report.total.consultation_on_time_rate is None
    assert percent(report.total.consultation_on_time_rate) == "—"
    data = report.as_dict()
    assert data["consultations"]["count"] == 0
    assert data["consultations"]["by_staff"] == []
    assert data["consultations_answered_on_time"] == {"count": 0, "late": 0, "share": None}


def test_the_overdue_report_lists_late_questions_masked(empty_db: str) -> None:
    known = questions()
    report = overdue_report(TODAY)
    q7, q11 = report.consultations
    # q7: open since 15:30 on the 26th; the report holds it to the end of the 27th:
    # 15:30-17:00 (90) and the whole 27th (210 + 210).
    assert (q7.owner, q7.window, q7.item, q7.state, q7.minutes_late) == (
        "张一",
        1,
        "事项P",
        "open",
        510,
    )
    assert (q7.visitor, q7.phone) == ("张**", "138****5678")
    assert q7.due_at.replace(tzinfo=None) == datetime(2026, 11, 26, 15, 30)
    # q11: answered at 09:20 on the report's day, 30 minutes after its due time. q3 and q5,
    # late on other days, are not the day's news.
    assert (q11.owner, q11.state, q11.minutes_late) == ("李二", "answered", 30)
    assert report.as_dict()["consultations"][1]["closed_at"] == "2026-11-27T09:20"
    assert "13812345678" not in str(report.as_dict())
    c2 = report_scope(session_of(known.staff["c2"]))
    assert [line.owner for line in overdue_report(TODAY, c2).consultations] == ["李二"]
    admin = session_of(known.staff["admin"])
    tb = report_scope(admin, department_id=known.departments["TB"].id)
    assert overdue_report(TODAY, tb).consultations == ()
    assert overdue_report(date(2026, 11, 20)).consultations == ()  # before q7 was asked


def test_the_overdue_report_text_has_the_section(empty_db: str) -> None:
    questions()
    text = overdue_text(overdue_report(TODAY))
    head, section = text.split("超过答复时限的咨询", 1)
    assert "2 条咨询超过答复时限。" in head  # the summary says so before any section
    assert "甲局（2 条）" in section
    assert "超时 510 个工作分钟，尚未答复" in section
    assert "超时 30 个工作分钟，已于 09:20 答复" in section
    assert "张** · 138****5678 · 张一" in section
    assert "13812345678" not in text


def test_no_section_without_late_questions(empty_db: str) -> None:
    known_centre()
    assert "咨询" not in overdue_text(overdue_report(TODAY))


def test_hostile_visitors_print_masked_and_harmless(empty_db: str, ci_font) -> None:
    """A name or phone as typed at the window (markup, escapes, bidi, very long) reaches
    the text, HTML and PDF of the overdue report starred, and nothing breaks."""
    from hostile import BIDI, ESCAPES, MARKUP

    from counter_tui.documents.overdue import overdue_html, overdue_pdf

    questions()
    typed = "".join((BIDI[4], *ESCAPES[:3], *MARKUP[:4])) + "长" * 3000
    Consultation.update(visitor=typed, phone=ESCAPES[0] + "13812345678" + BIDI[4]).execute()
    report = overdue_report(TODAY)
    assert all("*" * 10 in line.phone for line in report.consultations)
    text = overdue_text(report)
    assert "\x1b" not in text and "\u202e" not in text and "13812345678" not in text
    assert "[red]" not in overdue_html(report)
    assert overdue_pdf(report, ci_font, TODAY).startswith(b"%PDF")

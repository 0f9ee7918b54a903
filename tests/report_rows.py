"""Hand-built report data: departments, staff, windows, items and cases written straight
into the tables with bulk inserts, so that every figure of a report is known.

``known_centre()`` is the small centre the report tests count by hand (see the table in
its docstring); ``bulk_cases`` writes tens of thousands of cases in a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from counter_tui.store.database import is_sqlite, write_transaction
from counter_tui.store.models import (
    Case,
    Department,
    Document,
    Extension,
    Item,
    Rating,
    RatingFollowUp,
    RatingRequest,
    Staff,
    Suspension,
    Window,
    database_proxy,
)

TODAY = date(2026, 11, 27)  # a Friday
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
D = date.fromisoformat


def _staff(code: str, name: str, role: str, department: Department | None) -> Staff:
    return Staff.create(
        code=code, name=name, role=role, department=department, pin_hash="x", pin_salt="00"
    )


def department(code: str, name: str) -> Department:
    return Department.create(code=code, name=name, short_name=code)


def item(
    code: str,
    dept: Department,
    *,
    kind: str = "promised",
    legal: int = 20,
    promised: int = 10,
    window_decides: bool = False,
) -> Item:
    return Item.create(
        code=code,
        version=1,
        name=f"事项{code}",
        department=dept,
        kind=kind,
        window_decides=window_decides,
        legal_limit_days=legal,
        promised_limit_days=promised,
    )


# Every NOT NULL column of "case", with what a test leaves out.
CASE_DEFAULTS: dict[str, Any] = {
    "number": None,
    "item_id": None,
    "state": None,
    "department_id": None,
    "window_id": None,
    "owner_id": None,
    "applicant_kind": "person",
    "applicant_name": "申请人",
    "applicant_id_type": "resident_id",
    "applicant_id_number": "",
    "applicant_phone": "",
    "applicant_address": "",
    "agent_name": "",
    "agent_id_type": "",
    "agent_id_number": "",
    "received_on": None,
    "accepted_on": None,
    "completed_on": None,
    "created_at": "2026-01-01 00:00:00",
    "updated_at": "2026-01-01 00:00:00",
    "received_by_id": None,
    "decided_by_id": None,
}


def insert_cases(rows: Iterable[Mapping[str, Any]]) -> None:
    """Bulk insert of case rows (``number``, ``item``, ``state``, ``department``,
    ``owner``, ``window`` and the ``*_on`` dates) with one executemany: tens of
    thousands a second, where a model-by-model insert would take a minute."""
    columns = list(CASE_DEFAULTS)
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    sql = f'INSERT INTO "case" ({names}) VALUES ({marks})'

    def values(row: Mapping[str, Any]) -> tuple[Any, ...]:
        given = {
            k if k.endswith("_on") or k in CASE_DEFAULTS else f"{k}_id": v for k, v in row.items()
        }
        out = []
        for column in columns:
            value = given.get(column, CASE_DEFAULTS[column])
            out.append(value.isoformat() if isinstance(value, date) else value)
        return tuple(out)

    if not is_sqlite(database_proxy):
        sql = sql.replace("?", "%s")
    with write_transaction(database_proxy):
        database_proxy.cursor().executemany(sql, [values(row) for row in rows])


@dataclass
class Known:
    """The ids of the small centre, by the names the tests use."""

    departments: dict[str, Department] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    windows: dict[int, Window] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)


def _at(local_day: str, hour: int = 10) -> datetime:
    """A stored UTC timestamp at ``hour`` o'clock Shanghai time (UTC+8) that day."""
    day = D(local_day)
    return datetime(day.year, day.month, day.day, hour) - _EIGHT_HOURS


_EIGHT_HOURS = datetime(2000, 1, 1, 8) - datetime(2000, 1, 1)


def known_centre() -> Known:
    """Two departments; department TA has two clerks (c1 at window 1, c2 at window 2),
    department TB one (c3 at window 3). Items: P promised (legal 20, promised 10), Q
    promised (legal 5, promised 3), I immediate (legal 5, no promised limit), W
    immediate decided at the window (一审一核, legal 5), and PB in TB (legal 20,
    promised 10). November 2026 has no holidays; today is Friday 27 November.

    ====  ====  ==========================================  =====================
    case  item  history                                     counted (November)
    ====  ====  ==========================================  =====================
    a     P     recv/acc Mon 11-02, completed 11-06         4 days, on time
    b     P     recv 11-02, notice, acc 11-04, done 11-25   15 days, due 11-18: late
    c     I     recv = acc = completed 11-03                on the spot, 0 days
    d     P     recv 11-05, refused                         refused
    e     P     recv/acc Tue 10-20, still accepted          due 11-03: red
    f     Q     recv/acc Tue 11-24, in review               due 11-27: yellow
    m     P     recv 11-26, not decided                     open, no clock
    g     P     acc 11-02, suspended 11-05..11-12 (5 wd),   13 − 5 = 8 days, due 11-23:
                completed 11-19                             on time
    h     P     acc 11-02, extension 5 approved, done 11-20 14 days, due 11-16: late
                (the extension moves the legal limit only,  (legal due 12-07: kept)
                Art. 42)
    i     P     acc 11-02, extension 5 refused, done 11-20  14 days, due 11-16: late
    j     W     recv = acc = denied 11-10                   denied, on the spot
    k     P     recv 11-06, withdrawn                       received only
    x     P     a draft                                     nothing
    n     PB    (TB) acc 11-09, completed 11-13             4 days, on time
    ====  ====  ==========================================  =====================

    Ratings: a 1 (11-06), c 4 (11-03, follow-up open), j 5 (follow-up closed), b 3 at
    00:30 on 11-01 local (16:30 UTC on 10-31: in November), d 2 at 00:30 on 12-01 local
    (outside), n 2 (11-13).
    """
    k = Known()
    ta = k.departments["TA"] = department("TA", "甲局")
    tb = k.departments["TB"] = department("TB", "乙局")
    k.staff["c1"] = _staff("c1", "张一", "clerk", ta)
    k.staff["c2"] = _staff("c2", "李二", "clerk", ta)
    k.staff["c3"] = _staff("c3", "王三", "clerk", tb)
    k.staff["chief"] = _staff("tachief", "赵首", "chief", ta)
    k.staff["admin"] = _staff("tadmin", "钱管", "admin", None)
    for number, clerk, dept in ((1, "c1", ta), (2, "c2", ta), (3, "c3", tb)):
        k.windows[number] = Window.create(
            number=number, department=dept, clerk_a=k.staff[clerk], on_duty=k.staff[clerk]
        )
    k.items["P"] = item("P", ta)
    k.items["Q"] = item("Q", ta, legal=5, promised=3)
    k.items["I"] = item("I", ta, kind="immediate", legal=5, promised=0)
    k.items["W"] = item("W", ta, kind="immediate", legal=5, promised=0, window_decides=True)
    k.items["PB"] = item("PB", tb)

    def case(name: str, item_code: str, state: str, clerk: str, window: int, **dates: str):
        return {
            "number": f"CASE-{name}",
            "item": k.items[item_code].id,
            "state": state,
            "department": k.items[item_code].department_id,
            "window": k.windows[window].id,
            "owner": k.staff[clerk].id,
            # The owner received what was received and decided what was decided here.
            "received_by": k.staff[clerk].id if "received" in dates else None,
            "decided_by": k.staff[clerk].id if "completed" in dates else None,
            "applicant_id_number": "110105194912310021",
            **{f"{key}_on": D(value) for key, value in dates.items()},
        }

    c1 = ("c1", 1)
    c2 = ("c2", 2)
    rows = [
        case("a", "P", "completed", *c1, received="2026-11-02", accepted="2026-11-02",
             completed="2026-11-06"),
        case("b", "P", "completed", *c1, received="2026-11-02", accepted="2026-11-04",
             completed="2026-11-25"),
        case("c", "I", "completed", *c1, received="2026-11-03", accepted="2026-11-03",
             completed="2026-11-03"),
        case("d", "P", "refused", *c1, received="2026-11-05"),
        case("e", "P", "accepted", *c1, received="2026-10-20", accepted="2026-10-20"),
        case("f", "Q", "in_review", *c1, received="2026-11-24", accepted="2026-11-24"),
        case("m", "P", "received", *c1, received="2026-11-26"),
        case("g", "P", "completed", *c2, received="2026-11-02", accepted="2026-11-02",
             completed="2026-11-19"),
        case("h", "P", "completed", *c2, received="2026-11-02", accepted="2026-11-02",
             completed="2026-11-20"),
        case("i", "P", "completed", *c2, received="2026-11-02", accepted="2026-11-02",
             completed="2026-11-20"),
        case("j", "W", "denied", *c2, received="2026-11-10", accepted="2026-11-10",
             completed="2026-11-10"),
        case("k", "P", "withdrawn", *c2, received="2026-11-06"),
        case("x", "P", "draft", *c2),
        case("n", "PB", "completed", "c3", 3, received="2026-11-09", accepted="2026-11-09",
             completed="2026-11-13"),
    ]  # fmt: skip
    insert_cases(rows)
    for case_row in Case.select():
        k.cases[case_row.number.removeprefix("CASE-")] = case_row
    with write_transaction(database_proxy):
        Document.create(
            number="TA-notice-1",
            kind="deficiency_notice",
            case=k.cases["b"],
            staff=k.staff["c1"],
            body="{}",
        )
        Suspension.create(
            case=k.cases["g"],
            reason="专家评审",
            started_on=D("2026-11-05"),
            expected_days=5,
            ended_on=D("2026-11-12"),
            staff=k.staff["c2"],
        )
        for name, approved in (("h", True), ("i", False)):
            Extension.create(
                case=k.cases[name],
                days=5,
                reason="现场勘验",
                requested_by=k.staff["c2"],
                approved_by=k.staff["chief"],
                approved=approved,
            )
        ratings = [
            ("a", 1, _at("2026-11-06", 17), None),
            ("c", 4, _at("2026-11-03", 17), None),
            ("j", 5, _at("2026-11-10", 17), _at("2026-11-11")),
            ("b", 3, datetime(2026, 10, 31, 16, 30), None),
            ("d", 2, datetime(2026, 11, 30, 16, 30), None),
            ("n", 2, _at("2026-11-13", 17), None),
        ]
        # Each rated on its window's pad as the case was handed over (docs/rules.md §11).
        for name, level, at, closed in ratings:
            case = k.cases[name]
            request = RatingRequest.create(
                window=case.window_id,
                staff=case.owner_id,
                case=case,
                kind="delivered",
                requested_at=at,
                state="rated",
                level=level,
                reason="efficiency" if level >= 4 else "",
                rated_at=at,
            )
            Rating.create(case=case, request=request, level=level, rated_at=at)
            if level >= 4:
                RatingFollowUp.create(
                    request=request,
                    due_on=at.date() + timedelta(days=7),
                    contact="电话" if closed else "",
                    contacted_at=closed,
                    result="rectified" if closed else "",
                    closed_at=closed,
                    note="已回访" if closed else "",
                )
    return k

"""The demo centre: the seed's departments, staff and catalog, and a plausible case history.

The history is written as the real services would leave it: every step moves
the case through the lifecycle table and appends its event, documents are
numbered from the same counters, dates fall on working days.
"""

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.errors import N_
from counter_tui.domain.identifiers import resident_id_check_char, uscc_check_char
from counter_tui.domain.lifecycle import Action, CaseState, next_state
from counter_tui.domain.numbering import DocumentKind
from counter_tui.resources import seed_dir
from counter_tui.services.calendar import load_calendar
from counter_tui.services.catalog import import_items
from counter_tui.services.centre import load_centre
from counter_tui.services.clock import centre_timezone, local_today
from counter_tui.services.database import open_database
from counter_tui.services.errors import ServiceError
from counter_tui.services.numbers import next_case_number, next_document_number
from counter_tui.store.database import redact, sqlite_path, write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Case,
    CaseMaterial,
    Department,
    Document,
    Item,
    Material,
    Rating,
    Setting,
    Staff,
    Suspension,
    Window,
    database_proxy,
)

_S, _A = CaseState, Action

# How a case reaches each state; the first match for the item's kind is used.
PATHS: dict[CaseState, Sequence[Action]] = {
    _S.DRAFT: (),
    _S.RECEIVED: (_A.SUBMIT,),
    _S.AWAITING_SUPPLEMENT: (_A.SUBMIT, _A.ISSUE_NOTICE),
    _S.ACCEPTED: (_A.SUBMIT, _A.ACCEPT),
    _S.IN_REVIEW: (_A.SUBMIT, _A.ACCEPT, _A.FORWARD_REVIEW),
    _S.AWAITING_APPROVAL: (_A.SUBMIT, _A.ACCEPT, _A.REQUEST_APPROVAL),
    _S.SUSPENDED: (_A.SUBMIT, _A.ACCEPT, _A.SUSPEND),
    _S.COMPLETED: (_A.SUBMIT, _A.ACCEPT, _A.FORWARD_REVIEW, _A.RECORD_REVIEW, _A.COMPLETE),
    _S.REFUSED: (_A.SUBMIT, _A.REFUSE),
    _S.DENIED: (_A.SUBMIT, _A.ACCEPT, _A.REQUEST_APPROVAL, _A.DENY),
    _S.WITHDRAWN: (_A.SUBMIT, _A.WITHDRAW),
}
ON_SPOT: Sequence[Action] = (_A.SUBMIT, _A.COMPLETE_ON_SPOT)

DOCUMENTS = {
    _A.SUBMIT: DocumentKind.RECEIPT,
    _A.ISSUE_NOTICE: DocumentKind.DEFICIENCY_NOTICE,
    _A.ACCEPT: DocumentKind.ACCEPTANCE_NOTICE,
    _A.REFUSE: DocumentKind.REFUSAL,
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海燕晨浩宇欣怡子涵梓轩"
COMPANIES = (
    "示范市宏远建设有限公司",
    "示范市青山环保科技有限公司",
    "示范市恒达置业有限公司",
    "示范市安盛保安服务有限公司",
    "示范市清源水务有限公司",
    "示范市锦程物流有限公司",
)
DEFICIENCY_REASONS = ("复印件未加盖公章", "缺少签字", "已过有效期", "与原件核对不一致")


@dataclass(frozen=True)
class DemoAccount:
    code: str
    pin: str
    name: str
    role: str
    department: str


def demo_accounts() -> list[DemoAccount]:
    """The demo staff and their PINs, as recorded in a demo database (empty elsewhere)."""
    row = Setting.get_or_none(Setting.key == "demo_accounts")
    return [DemoAccount(**entry) for entry in json.loads(row.value)] if row else []


def _read_yaml(name: str) -> dict:
    import yaml  # seed time only

    with (seed_dir() / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _remove_sqlite_files(url: str) -> None:
    path = sqlite_path(url)
    if path is None or path == ":memory:":
        return
    for suffix in ("", "-wal", "-shm"):
        Path(path + suffix).expanduser().unlink(missing_ok=True)


def _holds_data() -> bool:
    return Department.select().exists() or Staff.select().exists() or Item.select().exists()


def build_demo(url: str, cases: int = 60, today: date | None = None, seed: int = 2026) -> None:
    """(Re)create the demo centre at ``url`` with ``cases`` cases of history.

    Rebuilding deletes the database file, so a database that holds a real
    centre is refused: `--database URL demo` pointed at it must not wipe it.
    """
    open_database(url)
    if _holds_data():
        if not demo_accounts():
            raise ServiceError(
                "demo.not_demo",
                N_("{url} holds data and is not the demo centre: the demo is not built over it"),
                url=redact(url),
            )
        if sqlite_path(url) is None:
            raise ServiceError(
                "demo.rebuild",
                N_("{url}: drop and recreate this database to rebuild the demo in it"),
                url=redact(url),
            )
        database_proxy.close()
        _remove_sqlite_files(url)
        open_database(url)
    centre = _read_yaml("centre.yaml")
    load_centre(centre)
    import_items(_read_yaml("catalog.yaml")["items"], "catalog.yaml")
    departments = {d["code"]: d["short_name"] for d in centre["departments"]}
    accounts = [
        {
            "code": s["code"],
            "pin": str(s["pin"]),
            "name": s["name"],
            "role": s["role"],
            "department": departments.get(s.get("department"), ""),
        }
        for s in centre["staff"]
    ]
    with write_transaction(database_proxy):
        Setting.replace(
            key="demo_accounts", value=json.dumps(accounts, ensure_ascii=False)
        ).execute()
    _History(random.Random(seed), today or local_today()).write(cases)


def ensure_demo(url: str) -> None:
    """Open the demo centre, building it on first use."""
    open_database(url)
    if not demo_accounts():
        build_demo(url)


class _History:
    """Writes ``n`` cases spread over every state, received over the last weeks."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.calendar: WorkCalendar = load_calendar()
        self.zone: ZoneInfo = centre_timezone()
        self.items = list(Item.select().where(Item.current))
        self.windows = list(Window.select())

    def write(self, n: int) -> None:
        states = list(PATHS)
        with write_transaction(database_proxy):
            for i in range(n):
                target = states[i % len(states)] if i < 3 * len(states) else self._common_state()
                self._case(target)
            # The guide search ranks frequently used items first, as it would after real use.
            for item in self.items:
                item.use_count = Case.select().where(Case.item == item).count()
                item.save()

    def _common_state(self) -> CaseState:
        # Most history is finished work; open work is what a window sees today.
        return self.rng.choices(list(PATHS), weights=(1, 1, 2, 4, 2, 1, 1, 12, 1, 1, 1), k=1)[0]

    def _workday_before(self, working_days: int) -> date:
        day = self.today
        while working_days > 0 or not self.calendar.is_workday(day):
            day -= timedelta(days=1)
            if self.calendar.is_workday(day):
                working_days -= 1
        return day

    def _at(self, day: date) -> datetime:
        local = datetime.combine(day, time(9 + self.rng.randrange(8), self.rng.randrange(60)))
        return local.replace(tzinfo=self.zone).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    def _pick_item(self, target: CaseState) -> Item:
        needs_window_decision = target in (_S.AWAITING_APPROVAL, _S.DENIED)
        pool = [i for i in self.items if i.window_decides or not needs_window_decision]
        return self.rng.choice(pool)

    def _person(self) -> tuple[str, str, str]:
        name = self.rng.choice(SURNAMES) + "".join(
            self.rng.choices(GIVEN, k=self.rng.randint(1, 2))
        )
        birth = date(1960, 1, 1) + timedelta(days=self.rng.randrange(40 * 365))
        first17 = f"330106{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
        return name, "resident_id", first17 + resident_id_check_char(first17)

    def _organisation(self) -> tuple[str, str, str]:
        organisation = "".join(self.rng.choices("0123456789ABCDEFGHJKLMNPQRTUWXY", k=9))
        first17 = f"91330106{organisation}"
        return self.rng.choice(COMPANIES), "uscc", first17 + uscc_check_char(first17)

    def _case(self, target: CaseState) -> None:
        item = self._pick_item(target)
        window = self.rng.choice([w for w in self.windows if w.department_id == item.department_id])
        clerk: Staff = self.rng.choice([window.clerk_a, window.clerk_b])
        actions = ON_SPOT if target == _S.COMPLETED and item.kind == "immediate" else PATHS[target]
        # Undecided work is from the last few days (after 5 working days it would be
        # deemed accepted); the rest may be older.
        age = (
            self.rng.randint(0, 3) if target in (_S.DRAFT, _S.RECEIVED) else self.rng.randint(2, 30)
        )
        day = self._workday_before(age)
        kind = self.rng.choice(("person", "person", "organisation"))
        name, id_type, id_number = self._person() if kind == "person" else self._organisation()
        case = Case.create(
            number=next_case_number(item.department, day),
            item=item,
            state=_S.DRAFT.value,
            department=item.department_id,
            window=window,
            owner=clerk,
            applicant_kind=kind,
            applicant_name=name,
            applicant_id_type=id_type,
            applicant_id_number=id_number,
            applicant_phone=f"1{self.rng.choice('3578')}{self.rng.randrange(10**9):09d}",
            applicant_address="示范市"
            + self.rng.choice(("西湖区", "上城区", "拱墅区"))
            + "某路1号",
            created_at=self._at(day),
        )
        self._checklist(case, item, target, day)
        state = _S.DRAFT
        for action in actions:
            state = next_state(state, action)
            day = self._step_day(case, action, day)
            self._record(case, clerk, action, day)
        case.state = state.value
        case.updated_at = self._at(day)
        case.save()

    def _step_day(self, case: Case, action: Action, day: date) -> date:
        """Move the clock as the step would, and keep the case's dates consistent."""
        if action == _A.SUBMIT:
            case.received_on = day
        elif action in (_A.ACCEPT, _A.COMPLETE_ON_SPOT):
            case.accepted_on = day
        elif action in (_A.COMPLETE, _A.DENY):
            limit = case.item.promised_limit_days or case.item.legal_limit_days
            later = self.calendar.add_workdays(day, self.rng.randint(1, max(1, limit)))
            day = min(later, self.today)
        if action in (_A.COMPLETE, _A.COMPLETE_ON_SPOT):
            case.completed_on = day
        return day

    def _record(self, case: Case, clerk: Staff, action: Action, day: date) -> None:
        at = self._at(day)
        data: dict[str, object] = {}
        if action == _A.SUSPEND:
            Suspension.create(
                case=case, reason="组织专家评审", started_on=day, expected_days=10, staff=clerk
            )
            data = {"reason": "组织专家评审", "expected_days": 10}
        if action == _A.REFUSE:
            data = {"reason": "申请事项依法不属于本机关职权范围"}
        kind = DOCUMENTS.get(action)
        if kind is not None:
            number = next_document_number(case.department, kind, day)
            Document.create(
                number=number,
                kind=kind.value,
                case=case,
                staff=clerk,
                issued_at=at,
                body=json.dumps({"case": case.number, **data}, ensure_ascii=False),
            )
            data["document"] = number
        append_event(action.value, case=case, staff=clerk, data=data, at=at)
        if action in (_A.COMPLETE, _A.COMPLETE_ON_SPOT) and self.rng.random() < 0.6:
            level = self.rng.choices((1, 2, 3, 4, 5), weights=(60, 25, 8, 5, 2), k=1)[0]
            Rating.create(case=case, level=level, rated_at=at)
            append_event("rated", case=case, data={"level": level}, at=at)

    def _checklist(self, case: Case, item: Item, target: CaseState, received: date) -> None:
        materials = list(item.materials.order_by(Material.position))
        notice = target == _S.AWAITING_SUPPLEMENT
        required = [m for m in materials if m.necessity == "required"]
        flawed = set(self.rng.sample(required, k=min(2, len(required)))) if notice else set()
        rows = []
        for material in materials:
            row = {
                "case": case.id,
                "material": material.id,
                "status": "provided",
                "form_provided": material.form,
                "copies_provided": material.copies,
            }
            if target == _S.DRAFT:
                row.update(status="pending", form_provided="", copies_provided=0)
            elif material in flawed:
                if self.rng.random() < 0.5:
                    row.update(status="missing", on_notice=True, copies_provided=0)
                else:
                    row.update(
                        status="deficient",
                        on_notice=True,
                        reason=self.rng.choice(DEFICIENCY_REASONS),
                    )
            elif material.necessity == "conditional":
                row.update(status="not_applicable", form_provided="", copies_provided=0)
            elif material.necessity == "deferrable" and self.rng.random() < 0.3:
                row.update(
                    status="deferred",
                    form_provided="",
                    copies_provided=0,
                    deferred_until=self.calendar.add_workdays(received, 5),
                )
            rows.append(row)
        if rows:
            CaseMaterial.insert_many(rows).execute()

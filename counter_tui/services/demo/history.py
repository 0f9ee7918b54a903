"""The demo centre's case history, written through the same services a clerk uses.

Intake, the checklist, the one-time notice, acceptance, 即办 and 一审一核,
refusal and its sign-off, review, suspension, extension, completion,
withdrawal, ratings and referrals to the 一号窗口 all go through the services, so
documents, events and the notice's frozen requirements are what real work leaves. So do
the consultations (咨询登记) of the last weeks and of today, of every kind.
"""

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.checklist import DEFICIENCY_REASONS, MaterialStatus, RefusalKind
from counter_tui.domain.deadlines import case_clocks_on
from counter_tui.domain.identifiers import resident_id_check_char, uscc_check_char
from counter_tui.domain.legal import ItemType, SuspensionGround
from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.ratings import PoorReason
from counter_tui.services.auth import StaffSession, session_of
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.checklist import checklist_lines, open_deferred
from counter_tui.services.cases.deadlines import item_limits
from counter_tui.services.cases.rating_requests import pending_request_of_case
from counter_tui.services.clock import centre_timezone, to_local, to_stored
from counter_tui.services.consultations.questions import (
    Channel,
    answer_consultation,
    refer_consultation,
    take_consultation,
)
from counter_tui.services.first_window import referrals
from counter_tui.services.intake.checklist import mark_all_remaining_provided, mark_material
from counter_tui.services.intake.decisions import (
    accept,
    approve,
    complete_on_spot,
    deny,
    issue_notice,
)
from counter_tui.services.intake.decisions import submit as submit_case
from counter_tui.services.intake.draft import start_draft, update_applicant
from counter_tui.services.intake.refusals import refuse, sign_refusal
from counter_tui.services.tracking import extensions, progress, ratings, suspensions
from counter_tui.store.models import (
    Case,
    Consultation,
    Department,
    Event,
    Item,
    Material,
    Staff,
    Window,
    utc_now,
)

_S = CaseState
REASONS = tuple(PoorReason)  # a 差评's reason, picked by the case (no random draw)

# How much of each final state the history holds after every state has appeared
# three times: mostly finished work, as in a real hall.
WEIGHTS: dict[CaseState, int] = {
    _S.DRAFT: 1,
    _S.RECEIVED: 1,
    _S.AWAITING_SUPPLEMENT: 2,
    _S.ACCEPTED: 4,
    _S.IN_REVIEW: 2,
    _S.AWAITING_APPROVAL: 1,
    _S.SUSPENDED: 1,
    _S.COMPLETED: 12,
    _S.REFUSED: 1,
    _S.DENIED: 1,
    _S.WITHDRAWN: 1,
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
DISTRICTS = ("西湖区", "上城区", "拱墅区")
# Consultations: what is asked about an item, and what the counter answers.
QUESTIONS = (
    "办理{item}需要带哪些材料？",
    "{item}多久能办好？",
    "{item}可以委托别人代办吗？",
    "{item}收费吗？在哪个窗口办？",
)
ANSWERS = (
    "已告知所需材料清单，请带齐原件和复印件到窗口办理",
    "承诺时限内办结，可凭回执电话查询进度",
    "可以委托，需提供授权委托书及双方身份证",
    "不收费，到对应部门窗口取号办理",
)
# Of the past weeks' consultations: answered at once, in time, late, referred.
OUTCOMES = ("at_once", "in_time", "late", "referred")
OUTCOME_WEIGHTS = (55, 20, 10, 15)
CONSULTATION_DAYS = 10  # working days of consultations before today


# The hours a case's steps are asked for (9 to 18 o'clock), and the hall's opening: on
# the day the demo is built, they are fitted between the opening and that moment.
FIRST_HOUR, LAST_HOUR, OPENING = time(9), time(19), time(8, 30)


class DemoHistory:
    """Writes ``n`` cases spread over every state, received over the last weeks, ending
    at ``now`` (naive UTC; default: the moment it is written): nothing is stamped later
    (issue 20 item 5)."""

    def __init__(self, rng: random.Random, today: date, now: datetime | None = None) -> None:
        self.rng = rng
        self.today = today
        self.now = now or utc_now()
        self.shown: set[str] = set()  # the documents the history has made once at least
        self.poor_given = False  # the pad's first 差评 keeps its follow-up open
        self.calendar: WorkCalendar = load_calendar()
        self.zone: ZoneInfo = centre_timezone()
        self._last = datetime.min  # the latest moment of the case being written
        self.items = list(Item.select().where(Item.current).order_by(Item.code))
        # The departments' own windows: a comprehensive window's office holds no items
        # (its bundles are not this history's).
        self.windows = list(Window.select().where(~Window.comprehensive).order_by(Window.number))
        self.chiefs = {s.department_id: s for s in Staff.select().where(Staff.role == "chief")}
        self.decisions: dict[CaseState, Callable[..., None]] = {
            _S.RECEIVED: lambda *_: None,
            _S.AWAITING_SUPPLEMENT: self._notice,
            _S.AWAITING_APPROVAL: self._on_spot,
            _S.DENIED: self._on_spot,
            _S.REFUSED: self._refuse,
            _S.WITHDRAWN: self._withdraw,
        }

    def write(self, n: int) -> None:
        states = list(WEIGHTS)
        for i in range(n):
            target = states[i % len(states)] if i < 3 * len(states) else self._common_state()
            self._case(target)
        self._referrals()
        self._consultations()

    def _common_state(self) -> CaseState:
        return self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()), k=1)[0]

    # ── when ─────────────────────────────────────────────────────────────────

    def _workday_before(self, working_days: int) -> date:
        day = self.today
        while working_days > 0 or not self.calendar.is_workday(day):
            day -= timedelta(days=1)
            if self.calendar.is_workday(day):
                working_days -= 1
        return day

    def _at(self, day: date, hour: int) -> datetime:
        """A moment in that hour of the day, after the case's previous step (a case's
        timeline reads in order), and before ``now``."""
        local = self._fitted(datetime.combine(day, time(hour, self.rng.randrange(60))))
        at = to_stored(local, self.zone)
        if at <= self._last:
            at = self._last + timedelta(minutes=self.rng.randint(1, 5))
        if at >= self.now:  # the last steps of today: between the previous one and now
            at = self._last + (self.now - self._last) / 2
        self._last = at
        return at

    def today_at(self, hour: int, minute: int = 0) -> datetime:
        """The moment (stored UTC) of today at that local time, fitted before ``now`` as
        today's steps are (the hall's tickets, services/demo/tickets.py)."""
        local = self._fitted(datetime.combine(self.today, time(hour, minute)))
        return to_stored(local, self.zone)

    def _fitted(self, local: datetime) -> datetime:
        """Today's working hours fitted between the opening and ``now`` (midnight and now
        before the hall opens); other days as they are."""
        now = to_local(self.now, self.zone).replace(tzinfo=None)
        first, last = (datetime.combine(local.date(), hour) for hour in (FIRST_HOUR, LAST_HOUR))
        if local.date() != now.date() or now >= last:
            return local
        start = datetime.combine(local.date(), OPENING if now.time() > OPENING else time(0))
        return start + (local - first) / (last - first) * (now - start)

    # ── who and what ─────────────────────────────────────────────────────────

    def _pick_item(self, target: CaseState) -> Item:
        if target in (_S.AWAITING_APPROVAL, _S.DENIED):
            # 即办 of an item the window decides waits for the chief (一审一核).
            pool = [i for i in self.items if i.kind == "immediate" and i.window_decides]
        else:
            pool = self.items
        if target == _S.DENIED and "denial" not in self.shown:
            # Once in the history: a 不予行政许可决定书, which only a licensing item gets.
            pool = [i for i in pool if i.item_type == ItemType.LICENSING.value]
            self.shown.add("denial")
        return self.rng.choice(pool)

    def _applicant(self) -> dict[str, str]:
        person = self._person()
        values = {
            "phone": f"1{self.rng.choice('3578')}{self.rng.randrange(10**9):09d}",
            "address": f"示范市{self.rng.choice(DISTRICTS)}某路{self.rng.randint(1, 200)}号",
        }
        if self.rng.random() < 0.7:
            return {"kind": "person", **person, **values}
        organisation = "".join(self.rng.choices("0123456789ABCDEFGHJKLMNPQRTUWXY", k=9))
        first17 = f"91330106{organisation}"
        return {
            "kind": "organisation",
            "name": self.rng.choice(COMPANIES),
            "id_type": "uscc",
            "id_number": first17 + uscc_check_char(first17),
            "agent_name": person["name"],
            "agent_id_type": person["id_type"],
            "agent_id_number": person["id_number"],
            **values,
        }

    def _person(self) -> dict[str, str]:
        name = self.rng.choice(SURNAMES) + "".join(
            self.rng.choices(GIVEN, k=self.rng.randint(1, 2))
        )
        birth = date(1960, 1, 1) + timedelta(days=self.rng.randrange(40 * 365))
        first17 = f"330106{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
        return {
            "name": name,
            "id_type": "resident_id",
            "id_number": first17 + resident_id_check_char(first17),
        }

    # ── one case ─────────────────────────────────────────────────────────────

    def _case(self, target: CaseState) -> None:
        self._last = datetime.min
        item = self._pick_item(target)
        window = self.rng.choice([w for w in self.windows if w.department_id == item.department_id])
        clerk = session_of(self.rng.choice([window.clerk_a, window.clerk_b]))
        chief = session_of(self.chiefs[item.department_id])
        # Undecided work is from the last few days (after 5 working days it would be
        # deemed accepted); the rest may be older.
        undecided = target in (_S.DRAFT, _S.RECEIVED)
        day = self._workday_before(self.rng.randint(0, 3) if undecided else self.rng.randint(2, 30))
        number = start_draft(clerk, item.code, at=self._at(day, 9))
        update_applicant(clerk, number, self._applicant(), at=self._at(day, 9))
        if target == _S.DRAFT:
            return
        self._checklist(clerk, number, item, target, day)
        submit_case(clerk, number, at=self._at(day, 10))
        decide = self.decisions.get(target, self._accept_then_continue)
        decide(clerk, chief, number, target, day)

    def _checklist(
        self, clerk: StaffSession, number: str, item: Item, target: CaseState, day: date
    ) -> None:
        materials = list(item.materials.order_by(Material.position))
        at = self._at(day, 9)
        if target == _S.AWAITING_SUPPLEMENT:
            required = [m for m in materials if m.necessity == "required"]
            for material in self.rng.sample(required, k=min(2, len(required))):
                if self.rng.random() < 0.5:
                    mark_material(clerk, number, material.id, MaterialStatus.MISSING, at=at)
                else:
                    reason = self.rng.choice(DEFICIENCY_REASONS)
                    mark_material(
                        clerk, number, material.id, MaterialStatus.DEFICIENT, reason=reason, at=at
                    )
        for material in materials:
            if material.necessity == "conditional" and self.rng.random() < 0.6:
                mark_material(clerk, number, material.id, MaterialStatus.NOT_APPLICABLE, at=at)
            elif (
                material.necessity == "deferrable"
                and item.kind == "promised"
                and target in (_S.ACCEPTED, _S.IN_REVIEW, _S.SUSPENDED)
                and self.rng.random() < 0.5
            ):
                # By the expected decision at the latest (docs/rules.md §12), as the
                # acceptance reckons it: some items count natural days, not working ones.
                limit = item.promised_limit_days or item.legal_limit_days
                expected = case_clocks_on(
                    self.calendar, day, accepted_on=day, limits=item_limits(item)
                ).due.date
                promise = min(self.calendar.add_workdays(day, max(1, min(5, limit))), expected)
                mark_material(
                    clerk,
                    number,
                    material.id,
                    MaterialStatus.DEFERRED,
                    deferred_until=promise,
                    at=at,
                )
        mark_all_remaining_provided(clerk, number, at=at)

    def _notice(self, clerk: StaffSession, chief: StaffSession, number: str, *_: object) -> None:
        issue_notice(clerk, number, at=self._at(self._decision_day(number), 11))

    def _on_spot(
        self, clerk: StaffSession, chief: StaffSession, number: str, target: CaseState, day: date
    ) -> None:
        complete_on_spot(clerk, number, at=self._at(day, 11))
        if target == _S.DENIED:
            deny(chief, number, "经审核，申请人不符合办理条件", at=self._at(day, 15))

    def _refuse(self, clerk: StaffSession, chief: StaffSession, number: str, *_: object) -> None:
        day = self._decision_day(number)
        outcome = refuse(
            clerk,
            number,
            RefusalKind.OUTSIDE_REMIT,
            competent_body="申请人住所地的区（县）人民政府有关主管部门",
            details="该事项由区（县）级主管部门实施",
            at=self._at(day, 11),
        )
        if outcome.document is None:  # the department's chief signs refusals
            sign_refusal(chief, number, at=self._at(day, 16))

    def _decision_day(self, number: str) -> date:
        """The day of a notice or refusal: within the 5 working days after receipt."""
        received = Case.get(Case.number == number).received_on
        return min(self.calendar.add_workdays(received, self.rng.randint(0, 2)), self.today)

    def _accept_then_continue(
        self, clerk: StaffSession, chief: StaffSession, number: str, target: CaseState, day: date
    ) -> None:
        item = Case.get(Case.number == number).item
        if target == _S.COMPLETED and item.kind == "immediate":
            complete_on_spot(clerk, number, at=self._at(day, 11))
            if item.window_decides:  # 一审一核: the chief approves the clerk's review
                approve(chief, number, at=self._at(day, 16))
            self._rate(clerk, number, day)
            return
        accept(clerk, number, at=self._at(day, 11))
        first_extension = "extension" not in self.shown
        if (
            target == _S.ACCEPTED
            and item.extendable
            and (first_extension or self.rng.random() < 0.3)
        ):
            self._extend(clerk, chief, number, day, approve=first_extension)
        elif target == _S.IN_REVIEW:
            progress.forward_review(clerk, number, "送业务科室审查", at=self._at(day, 13))
        elif target == _S.SUSPENDED:
            suspensions.suspend(
                clerk,
                number,
                SuspensionGround.EXPERT_REVIEW,
                10,
                "组织专家评审",
                at=self._at(day, 14),
            )
        elif target == _S.COMPLETED:
            self._complete(clerk, chief, number, day)

    def _later(self, day: date, most: int) -> date:
        """A working day up to ``most`` working days after ``day``, never after today."""
        return min(self.calendar.add_workdays(day, self.rng.randint(1, max(1, most))), self.today)

    def _extend(
        self, clerk: StaffSession, chief: StaffSession, number: str, day: date, approve: bool
    ) -> None:
        """An extension request; the chief has decided half of them (the first always)."""
        asked = self._later(day, 2)
        extensions.request_extension(clerk, number, 5, "需组织现场勘验", at=self._at(asked, 15))
        if approve or (self.rng.random() < 0.5 and asked < self.today):
            extensions.approve_extension(chief, number, at=self._at(asked, 17))
        self.shown.add("extension")

    def _complete(self, clerk: StaffSession, chief: StaffSession, number: str, day: date) -> None:
        case = Case.get(Case.number == number)
        item = case.item
        done = self._later(day, item.promised_limit_days or item.legal_limit_days)
        if item.window_decides:  # 一审一核: the clerk reviews, the chief approves
            progress.request_approval(clerk, number, "材料齐全，符合条件", at=self._at(day, 13))
            approve(chief, number, at=self._at(done, 16))
            collected = self.calendar.add_workdays(done, 1)  # at the window, a day later
            if collected <= self.today:
                handed = progress.Delivery.HANDED_OVER
                progress.record_delivery(
                    clerk, number, handed, collected, at=self._at(collected, 9)
                )
        else:
            if "resumption" not in self.shown and done > day:
                # Once in the history: a special procedure, and the case resumed after it.
                suspensions.suspend(
                    clerk, number, SuspensionGround.TESTING, 3, "现场检测", at=self._at(day, 12)
                )
                suspensions.resume(clerk, number, "检测完成", at=self._at(done, 9))
                self.shown.add("resumption")
            progress.forward_review(clerk, number, "送业务科室审查", at=self._at(day, 13))
            progress.record_review(clerk, number, "favourable", "同意办理", at=self._at(done, 15))
            delivery = self.rng.choice((progress.Delivery.HANDED_OVER, progress.Delivery.POSTED))
            licensing = item.item_type == ItemType.LICENSING.value
            licence = f"{item.code}-{number[2:]}" if licensing else ""
            progress.complete(clerk, number, delivery, "", licence, at=self._at(done, 16))
            arrived = self.calendar.add_workdays(done, 2)  # the post takes two days
            if delivery is progress.Delivery.POSTED and arrived <= self.today:
                progress.record_delivery(clerk, number, delivery, arrived, at=self._at(arrived, 10))
        self._rate(clerk, number, done)

    def _withdraw(self, clerk: StaffSession, chief: StaffSession, number: str, *_: object) -> None:
        day = self._decision_day(number)
        progress.withdraw(clerk, number, "申请人申请撤回", at=self._at(day, 14))

    def _rate(self, clerk: StaffSession, number: str, day: date) -> None:
        """The applicant at the window's pad (docs/rules.md §11): most rate the service
        that ended the case, a minute after it was asked; the rest let it time out. The
        first 差评 keeps its follow-up open; about half of the others are closed. (The
        random draws are the same whether a pad asked or not: the rest of the history
        does not move.)"""
        if self.rng.random() >= 0.6:
            return
        level = self.rng.choices((1, 2, 3, 4, 5), weights=(60, 25, 8, 5, 2), k=1)[0]
        # The moments the history drew when a clerk typed the rating (17:00) and closed a
        # follow-up (18:00): drawn still, so that the rest of the history does not move.
        self._at(day, 17)
        closing = level >= 4 and self.rng.random() < 0.5
        later = self._at(day, 18) if closing else None
        request = pending_request_of_case(number)
        if request is None:
            return
        if not self.poor_given:
            level, closing = 4, False
        reason = REASONS[(level + len(number) + request.id) % len(REASONS)] if level >= 4 else None
        when = request.requested_at + timedelta(minutes=1)
        ratings.rate_on_pad(request.pad, request.id, level, reason, "", at=when)
        if level >= 4:
            self.poor_given = True
        if closing and later is not None:
            ratings.record_contact(clerk, request.id, "电话回访申请人", at=later)
            ratings.close_follow_up(clerk, request.id, "explained", "说明情况并致歉", at=later)

    # ── consultations (咨询登记, docs/rules.md §18) ───────────────────────────

    def _consultations(self) -> None:
        """One to three questions a working day over the last weeks, every outcome once
        first; a few that became the history's applications; and ga03's of yesterday and
        today: one still open past its answer time and one answered late today (the
        overdue report's red), one just asked (the home screen's green)."""
        taken = 0
        for back in range(CONSULTATION_DAYS, 1, -1):
            day = self._workday_before(back)
            for _n in range(self.rng.randint(1, 3)):
                outcome = (
                    OUTCOMES[taken]
                    if taken < len(OUTCOMES)
                    else self.rng.choices(OUTCOMES, weights=OUTCOME_WEIGHTS, k=1)[0]
                )
                taken += 1
                hour = time(self.rng.choice((9, 10, 14, 15)), self.rng.randrange(60))
                self._consultation(datetime.combine(day, hour), outcome)
        self._converted()
        ga03 = Staff.get(Staff.code == "ga03")
        yesterday = datetime.combine(self._workday_before(1), time(15, 10))
        self._consultation(yesterday, "open", ga03)
        self._consultation(yesterday + timedelta(hours=1, minutes=30), "late", ga03)
        # Just asked (by 16:50 at the latest): within its 30 working minutes.
        asked = min(self.now, to_stored(datetime.combine(self.today, time(16, 50)), self.zone))
        asked -= timedelta(minutes=self.rng.randint(2, 15))
        self._consultation(to_local(asked, self.zone).replace(tzinfo=None), "open", ga03)

    def _consultation(self, local: datetime, outcome: str, owner: Staff | None = None) -> None:
        """One question, taken at ``local`` (the centre's time) by ``owner`` (else a clerk
        of a window) and closed as ``outcome`` says: at once, in time, late (by 9 o'clock
        the next working day, if that is past), referred, or left open."""
        window = self.rng.choice(self.windows)
        owner = owner or self.rng.choice([window.clerk_a, window.clerk_b])
        clerk = session_of(owner)
        item = self.rng.choice([i for i in self.items if i.department_id == owner.department_id])
        phone = self.rng.random() < 0.4
        number = f"1{self.rng.choice('3578')}{self.rng.randrange(10**9):09d}"
        values = {
            "item_code": item.code,
            "channel": Channel.PHONE if phone else Channel.WALK_IN,
            "visitor": self._person()["name"],
            "phone": number if phone else "",
            "at": to_stored(local, self.zone),
        }
        question = self.rng.choice(QUESTIONS).format(item=item.name)
        answer = self.rng.choice(ANSWERS)
        if outcome == "at_once":
            take_consultation(clerk, question, answer=answer, **values)
            return
        ident = take_consultation(clerk, question, **values)
        asked, due = values["at"], Consultation.get_by_id(ident).due_at
        if outcome == "in_time":  # within 30 clock minutes: within 30 working ones
            at = asked + timedelta(minutes=self.rng.randint(5, 25))
            answer_consultation(clerk, ident, answer, at=at)
        elif outcome == "referred":
            at = asked + timedelta(minutes=self.rng.randint(3, 20))
            refer_consultation(clerk, ident, "转市场监管局窗口，由其答复", at=at)
        elif outcome == "late" and due is not None:
            next_day = datetime.combine(self.calendar.add_workdays(local.date(), 1), time(9))
            at = max(due + timedelta(minutes=20), to_stored(next_day, self.zone))
            if at < self.now:
                answer_consultation(clerk, ident, answer, at=at)

    def _converted(self) -> None:
        """Some applications began as a question to the clerk who then received them, at
        8 o'clock that day: the consultation names its case (set through the model: the
        intake that carries a consultation over is the consultation desk's)."""
        received = (
            Case.select()
            .where(Case.received_on.is_null(False) & Case.received_by.is_null(False))
            .order_by(Case.id)
        )
        for case in self.rng.sample(list(received), k=min(3, received.count())):
            asked = to_stored(datetime.combine(case.received_on, time(8)), self.zone)
            ident = take_consultation(
                session_of(case.received_by),
                self.rng.choice(QUESTIONS).format(item=case.item.name),
                item_code=case.item.code,
                visitor=case.agent_name or case.applicant_name,
                answer=self.rng.choice(ANSWERS),
                at=min(asked, self.now),
            )
            Consultation.update(case=case.id).where(Consultation.id == ident).execute()

    # ── the 333's review promise in hours (issue 22, docs/rules.md §19) ──────

    # (item, working days before today, receipt, review's end: (working days after, time)
    # or None while received). Today's: one received just now, in time; yesterday's, past
    # its 3 hours. Earlier: reviews kept, and late ones (the next day, after lunch).
    HOUR_PROMISE_CASES = (
        ("GH-002", 0, None, None),
        ("HB-002", 1, time(9, 10), None),
        ("GH-001", 2, time(9, 5), (0, time(10, 40))),
        ("GH-005", 3, time(14, 20), (1, time(10, 15))),
        ("HB-002", 4, time(9, 30), (0, time(11, 50))),
        ("GH-002", 5, time(10, 0), (0, time(15, 20))),
    )

    def write_hour_promises(self) -> None:
        """Cases of the 333 items whose review clock the queue, the detail and the
        reports show: running in time and past due today, kept and late before."""
        codes = {code for code, *_rest in self.HOUR_PROMISE_CASES}
        items = {i.code: i for i in self.items if i.code in codes and i.review_hours}
        for code, back, received, reviewed in self.HOUR_PROMISE_CASES:
            if code in items:
                self._hour_promise_case(items[code], back, received, reviewed)

    def _just_now(self) -> datetime:
        """Today's moment a review promise has hours left at: 40 minutes before ``now``
        when the demo is built today, else 09:30."""
        now = to_local(self.now, self.zone).replace(tzinfo=None)
        if now.date() == self.today:
            return max(now - timedelta(minutes=40), datetime.combine(self.today, time(0, 5)))
        return datetime.combine(self.today, time(9, 30))

    def _hour_promise_case(
        self, item: Item, back: int, received: time | None, reviewed: tuple[int, time] | None
    ) -> None:
        day = self._workday_before(back)
        local = self._just_now() if received is None else datetime.combine(day, received)
        at = to_stored(local, self.zone)
        window = next(w for w in self.windows if w.department_id == item.department_id)
        clerk = session_of(window.clerk_a)
        number = start_draft(clerk, item.code, at=at - timedelta(minutes=6))
        update_applicant(clerk, number, self._applicant(), at=at - timedelta(minutes=5))
        checked = at - timedelta(minutes=2)  # the papers checked just before the receipt
        for material in item.materials.where(Material.necessity == "conditional"):
            mark_material(clerk, number, material.id, MaterialStatus.NOT_APPLICABLE, at=checked)
        mark_all_remaining_provided(clerk, number, at=checked)
        submit_case(clerk, number, at=at)
        if reviewed is not None:
            after, clock = reviewed
            end = datetime.combine(self.calendar.add_workdays(day, after), clock)
            accept(clerk, number, at=to_stored(end, self.zone))

    # ── the 一号窗口 (docs/rules.md §20) ─────────────────────────────────────

    def _referrals(self) -> None:
        """Today, four open cases of 公安 referred to its 一号窗口 by their clerks: one
        waits; one awaiting approval the chief has taken; one the deputy took and
        completed; one the chief sent back. The first such case of each state is taken,
        so that no draw of the history changes."""
        chief, deputy = (
            session_of(Staff.get((Staff.code == code) & Staff.active))
            for code in ("gachief", "gadeputy")
        )
        notes = {
            _S.RECEIVED: "申请人户籍信息与系统记录不一致，请首席代表定夺",
            _S.AWAITING_APPROVAL: "涉及历史遗留问题，请首席代表审批把关",
            _S.ACCEPTED: "申请人持境外证明材料，是否需公证认证请首席把关",
            _S.IN_REVIEW: "业务科室审查意见迟迟未回，请首席协调",
        }
        referable = (
            Case.select()
            .join(Department)
            .where((Department.code == "GA") & Case.state.in_([state.value for state in notes]))
            .order_by(Case.number)
        )
        first: dict[CaseState, Case] = {}
        for case in referable:
            if not open_deferred(checklist_lines(case)):  # completed at once when taken
                first.setdefault(CaseState(case.state), case)
        for state, note in notes.items():
            case = first.get(state)
            if case is None:
                continue
            number = case.number
            self._last = (
                Event.select(Event.at).where(Event.case == case).order_by(Event.id.desc()).scalar()
            )
            referrals.refer_case(session_of(case.owner), number, note, at=self._at(self.today, 9))
            if state == _S.RECEIVED:
                continue  # waits to be taken
            taker = deputy if state == _S.ACCEPTED else chief
            referrals.take_case(taker, number, at=self._at(self.today, 10))
            if state == _S.ACCEPTED:
                handed, note = progress.Delivery.HANDED_OVER, "经副首席代表审定"
                progress.complete(deputy, number, handed, note, at=self._at(self.today, 11))
            elif state == _S.IN_REVIEW:
                back = "已与业务科室协调，按一般程序继续办理"
                referrals.send_back_case(chief, number, back, at=self._at(self.today, 11))

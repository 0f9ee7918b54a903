"""peewee models for the vocabulary of docs/vocabulary.md

The schema itself is created by the numbered migrations in ``db/migrations``;
``tests/services/test_schema.py`` checks that these models and the migrated
schema agree column for column.
"""

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import peewee
from peewee import (
    SQL,
    BooleanField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    EnclosedNodeList,
    Field,
    ForeignKeyField,
    IntegerField,
    Model,
    ModelIndex,
    NodeList,
)

from counter_tui.domain.audit import canonical_json

database_proxy = DatabaseProxy()


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable_text(value: str) -> str:
    """The text as the store keeps it, on both engines, in a column or inside JSON.

    U+0000 is dropped: PostgreSQL cannot store it in text (SQLite can), so a value reads
    back the same from either, and a lookup with one finds what it would without it.
    A surrogate (half of a UTF-16 pair: Python's way of carrying undecodable bytes, e.g.
    from the command line's arguments) becomes U+FFFD: UTF-8 cannot encode it, so
    neither engine nor the event hash could take it. Nothing a clerk types or pastes
    means anything by either."""
    if _UNSTORABLE.search(value) is None:  # nearly always: no copy made
        return value
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)


def storable(value: Any) -> Any:
    """``value`` with ``storable_text`` applied to every string in it (JSON-like data:
    dicts, lists and tuples), keys too."""
    kind = type(value)  # the plain types first: a document's body is hundreds of values
    if kind is str:
        return storable_text(value)
    if kind is dict:
        return {storable(key): storable(item) for key, item in value.items()}
    if kind is int or kind is bool or value is None:
        return value
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    if isinstance(value, Mapping):
        return {storable(key): storable(item) for key, item in value.items()}
    return value


def storable_json(value: Mapping[str, Any]) -> str:
    """``canonical_json(storable(value))``, the JSON of ``value`` as the store keeps it.
    ``value`` is walked only when its JSON shows text the store would change (JSON writes
    U+0000 as ``\\u0000``, a surrogate as it is): a document's body is hundreds of values,
    and nearly always clean."""
    text = canonical_json(value)
    if "\\u0000" in text or _UNSTORABLE.search(text):
        return canonical_json(storable(value))
    return text


class CharField(peewee.CharField):
    def db_value(self, value: Any) -> Any:
        return super().db_value(storable(value))


class AddedForeignKeyField(ForeignKeyField):
    """A reference a migration added to an existing table (``ALTER TABLE … ADD COLUMN …
    REFERENCES``): SQLite keeps it inside the column's definition, not among the table's
    constraints at the end, and the model says so too (the schema test compares the
    CREATE statements)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deferred = True  # no FOREIGN KEY clause at the end of CREATE TABLE

    def ddl(self, ctx: Any) -> NodeList:
        reference = (SQL("REFERENCES"), self.rel_model, EnclosedNodeList((self.rel_field,)))
        return NodeList((super().ddl(ctx), *reference))


class TextField(peewee.TextField):
    def db_value(self, value: Any) -> Any:
        return super().db_value(storable(value))


def utc_now() -> datetime:
    """Timestamps are stored in UTC (naive) and shown in the centre's time zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def shared_now() -> datetime:
    """Now, naive UTC, as the events and a case's steps are stamped: on PostgreSQL the
    database server's clock, which every workstation shares, so that the times follow the
    order of the commits whatever a workstation's own clock says (issue 20: clock skew);
    on SQLite this machine's, the only one."""
    db = database_proxy.obj
    if db is None or isinstance(db, peewee.SqliteDatabase):
        return utc_now()
    return db.execute_sql("SELECT clock_timestamp() AT TIME ZONE 'UTC'").fetchone()[0]


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False
        # save() writes the changed columns only: a smaller UPDATE, and two steps that
        # change different columns of a row do not write each other's back.
        only_save_dirty = True

    @classmethod
    def upsert(cls, target: Field, **values: Any) -> None:
        """Insert the row, or update it where one with the same ``target`` (a unique
        column) exists: SQLite's INSERT OR REPLACE (Model.replace) has no PostgreSQL form;
        ON CONFLICT … DO UPDATE has both."""
        others = [getattr(cls, name) for name in values if name != target.name]
        cls.insert(**values).on_conflict(conflict_target=[target], preserve=others).execute()


class SchemaVersion(BaseModel):
    version = IntegerField(primary_key=True)
    applied_at = DateTimeField(default=utc_now)


class Setting(BaseModel):
    """Centre-wide settings: centre name, time zone, thresholds."""

    key = CharField(primary_key=True)
    value = TextField()


class Department(BaseModel):
    code = CharField(unique=True)  # ASCII, used in case numbers
    name = CharField()
    short_name = CharField(unique=True)  # used in document numbers
    chief_signs_refusals = BooleanField(default=False)
    # Its own reconsideration body (vertically managed organs: 海关, 税务…); empty: the
    # centre's (docs/rules.md §17).
    reconsideration_body = TextField(default="", constraints=[SQL("DEFAULT ''")])
    # The written delegation (授权文件 name and number) under which its chief
    # representative signs in the organ's name.
    delegation = TextField(default="", constraints=[SQL("DEFAULT ''")])


class Staff(BaseModel):
    code = CharField(unique=True)
    name = CharField()
    role = CharField()  # clerk | chief | admin
    department = ForeignKeyField(Department, null=True, backref="staff")
    pin_hash = CharField()
    pin_salt = CharField()
    failed_attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    absence = CharField(null=True)  # 请假 / 外出 while B covers
    active = BooleanField(default=True)
    # Given a one-time PIN by the administrator: chooses their own at the next sign-in.
    must_change_pin = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])


class Window(BaseModel):
    number = IntegerField(unique=True)
    department = ForeignKeyField(Department, backref="windows")
    phone = CharField(default="")
    clerk_a = ForeignKeyField(Staff, null=True, backref="a_windows")
    clerk_b = ForeignKeyField(Staff, null=True, backref="b_windows")
    on_duty = ForeignKeyField(Staff, null=True, backref="duty_windows")
    # The department's 一号窗口: the chief's desk for difficult cases.
    first_window = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    # Migration 0015: a 综合窗口, whose clerks take bundles of items across departments.
    comprehensive = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])


class Item(BaseModel):
    """One version of an item's guide; a change makes a new row with version + 1."""

    code = CharField(index=True)
    version = IntegerField()
    current = BooleanField(default=True, index=True)
    name = CharField()
    department = ForeignKeyField(Department, backref="items")
    kind = CharField()  # promised (承诺件) | immediate (即办件)
    window_decides = BooleanField(default=False)  # 一审一核 at the window
    legal_limit_days = IntegerField()
    promised_limit_days = IntegerField()
    fees = TextField(default="")
    conditions = TextField(default="")
    procedure = TextField(default="")
    legal_basis = TextField(default="")
    place = TextField(default="")
    hours = TextField(default="")
    phone = CharField(default="")
    keywords = TextField(default="")  # space separated
    pinyin = TextField(default="")  # full pinyin, computed at import
    pinyin_initials = CharField(default="")  # computed at import
    use_count = IntegerField(default=0)
    created_at = DateTimeField(default=utc_now)
    # Migration 0008 (docs/rules.md §6, §8): the item's type (domain/legal.py::ItemType),
    # the unit of its limits (LimitUnit), whether Art. 42's extension applies, the law
    # under which an application not corrected in time is deemed withdrawn ('' = none),
    # and the special procedures of its guide (特殊环节), JSON [{"name", "days"}].
    item_type = TextField(default="licensing", constraints=[SQL("DEFAULT 'licensing'")])
    limit_unit = TextField(default="working", constraints=[SQL("DEFAULT 'working'")])
    extendable = BooleanField(default=True, constraints=[SQL("DEFAULT TRUE")])
    withdrawal_basis = TextField(default="", constraints=[SQL("DEFAULT ''")])
    special_steps = TextField(default="[]", constraints=[SQL("DEFAULT '[]'")])
    # Migration 0013 (docs/rules.md §19): the centre's own promises in working hours, the
    # "333": the materials reviewed within ``review_hours`` of receipt, a question answered
    # within ``answer_minutes`` (else the centre's setting). NULL: no such promise.
    review_hours = IntegerField(null=True)
    answer_minutes = IntegerField(null=True)

    class Meta:
        indexes = ((("code", "version"), True),)


class Material(BaseModel):
    item = ForeignKeyField(Item, backref="materials", on_delete="CASCADE")
    position = IntegerField()
    name = TextField()
    necessity = CharField()  # required | deferrable | optional | conditional
    condition = TextField(default="")
    form = CharField()  # original | copy | original_and_copy | electronic
    copies = IntegerField(default=1)
    source = TextField(default="")
    standard = TextField(default="")
    notes = TextField(default="")

    class Meta:
        indexes = ((("item", "position"), True),)


class Bundle(BaseModel):
    """A "one thing" of the catalog (一件事, docs/rules.md §21): several items, across
    departments, taken as one application (BundleCase); each item becomes its own case."""

    code = CharField(unique=True)
    name = CharField()
    description = TextField(default="")
    # The materials one copy of serves every item of the bundle that asks for one of that
    # name (营业执照): JSON list of material names.
    shared_materials = TextField(default="[]")
    created_at = DateTimeField(default=utc_now)


class BundleItem(BaseModel):
    """An item of a bundle, by code (a bundle case takes the item's current version), in
    a ``stage``: the items of one stage run side by side, a later stage's after them."""

    bundle = ForeignKeyField(Bundle, backref="items", on_delete="CASCADE")
    position = IntegerField()
    item_code = CharField()
    stage = IntegerField(default=1)

    class Meta:
        indexes = ((("bundle", "position"), True), (("bundle", "item_code"), True))


class KeyProject(BaseModel):
    """A key project (重点项目, the green channel 绿色通道): the company behind it, its
    level, the staff member paired with it (结对挂钩) and the leader in charge."""

    name = CharField(unique=True)
    company = TextField()
    uscc = CharField(default="")  # 统一社会信用代码 of the company
    level = CharField()  # 市重点, 省重点, ... as the centre names its levels
    liaison = ForeignKeyField(Staff, backref="+", index=False)
    leader = TextField(default="")  # a leader of the city, not necessarily staff
    created_by = ForeignKeyField(Staff, backref="+", index=False)
    created_at = DateTimeField(default=utc_now)
    closed_on = DateField(null=True)


class BundleCase(BaseModel):
    """One application for a bundle's items, taken at a 综合窗口: one applicant, one
    receipt, one combined notice, one acceptance notice, one delivery (统一出件); each
    item its own ``Case`` (``Case.bundle_case``) in its department's queue."""

    number = CharField(unique=True)
    bundle = ForeignKeyField(Bundle, backref="cases", index=False)
    window = ForeignKeyField(Window, null=True, backref="+", index=False)
    owner = ForeignKeyField(Staff, backref="+", index=False)  # who took it
    key_project = ForeignKeyField(KeyProject, null=True, backref="bundle_cases", index=False)
    created_at = DateTimeField(default=utc_now)
    delivered_on = DateField(null=True)  # 统一出件: every result handed over
    delivered_by = ForeignKeyField(Staff, null=True, backref="+", index=False)

    class Meta:
        indexes = ((("owner", "delivered_on"), False), (("key_project",), False))


class Case(BaseModel):
    number = CharField(unique=True)
    item = ForeignKeyField(Item, backref="cases")  # the version it was taken under
    state = CharField(index=True)
    # Indexed with the state (Meta): a queue reads one scope's open cases.
    department = ForeignKeyField(Department, backref="cases", index=False)
    window = ForeignKeyField(Window, null=True, backref="cases", index=False)
    owner = ForeignKeyField(Staff, backref="owned_cases", index=False)
    applicant_kind = CharField(default="person")  # person | organisation
    # What the clerk typed is kept whole while a draft is being written, however long:
    # TEXT, not VARCHAR(255), so PostgreSQL stores what SQLite stores.
    applicant_name = TextField(default="")
    applicant_id_type = CharField(default="")
    applicant_id_number = TextField(default="")
    applicant_phone = TextField(default="")
    applicant_address = TextField(default="")
    agent_name = TextField(default="")
    agent_id_type = CharField(default="")
    agent_id_number = TextField(default="")
    received_on = DateField(null=True, index=True)  # 收件 date, local; reports by period
    accepted_on = DateField(null=True)  # clock start, local
    completed_on = DateField(null=True, index=True)
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)
    # Migration 0008: the decision's date, its licence or result number, and the day it
    # was delivered (送达, Art. 44: within 10 working days of the decision).
    decided_on = DateField(null=True)
    result_number = TextField(default="", constraints=[SQL("DEFAULT ''")])
    delivered_on = DateField(null=True)
    # Migration 0010: who received the case (收件) and who decided it (办结). The owner
    # moves with an A/B handover; these stay, and a clerk's figures count by them. Set
    # with the event that names the same staff member; NULL where none is named.
    received_by = AddedForeignKeyField(Staff, null=True, backref="received_cases", index=False)
    decided_by = AddedForeignKeyField(Staff, null=True, backref="decided_cases", index=False)
    # Migration 0013: the review clock (naive UTC, as events): the moment of the receipt,
    # and of the window's first decision on the received case (domain/review_promise.py).
    received_at = DateTimeField(null=True)
    reviewed_at = DateTimeField(null=True)
    # Migration 0015: the bundle case it is one item of, and the key project it serves.
    bundle_case = AddedForeignKeyField(BundleCase, null=True, backref="cases", index=False)
    key_project = AddedForeignKeyField(KeyProject, null=True, backref="cases", index=False)

    class Meta:
        indexes = (
            (("window", "state"), False),
            (("owner", "state"), False),
            (("department", "state"), False),
            # The owner's cases by period (0005).
            (("owner", "received_on"), False),
            (("owner", "completed_on"), False),
            # A clerk's own figures: the cases they received, or decided, in a period (0010).
            (("received_by", "received_on"), False),
            (("decided_by", "completed_on"), False),
            # The reviews ended in a period: of the items that promise one, a clerk's (0021).
            (("item", "reviewed_at"), False),
            (("received_by", "reviewed_at"), False),
        )


def only_set(field: ForeignKeyField) -> ModelIndex:
    """The index of a reference most rows leave NULL (migration 0018): of the rows that
    name one. SQLite's statistics count the NULLs as one key shared by nearly every row,
    after which its planner read the whole table rather than trust the index (a bundle
    case's cases: 440 ms at a million cases, 4 ms so)."""
    model = field.model
    return model.index(field, name=f"{model._meta.table_name}_{field.column_name}").where(
        field.is_null(False)
    )


Case.add_index(only_set(Case.bundle_case))
Case.add_index(only_set(Case.key_project))

# Finding a case (F8) reads a department's cases, the latest changed first, until 20 match:
# in this order, and with every column it filters on, so a search that matches few reads
# the index, not the rows (migrations 0004 and 0007; on PostgreSQL the order only).
Case.add_index(
    Case.index(
        Case.department,
        Case.updated_at,
        Case.id,
        Case.state,
        Case.number,
        Case.applicant_id_number,
        Case.agent_id_number,
        Case.applicant_name,
        Case.agent_name,
        Case.applicant_phone,  # migration 0007
        name="case_department_id_updated_at",
    )
)


class CaseMaterial(BaseModel):
    case = ForeignKeyField(Case, backref="materials", on_delete="CASCADE")
    material = ForeignKeyField(Material)
    status = CharField(
        default="pending"
    )  # pending|provided|missing|deficient|deferred|not_applicable
    form_provided = CharField(default="")
    copies_provided = IntegerField(default=0)
    reason = TextField(default="")
    deferred_until = DateField(null=True)
    on_notice = BooleanField(default=False)  # listed on the one-time notice

    class Meta:
        indexes = ((("case", "material"), True),)


class Document(BaseModel):
    number = CharField(unique=True)
    kind = CharField()
    case = ForeignKeyField(Case, null=True, backref="documents")
    staff = ForeignKeyField(Staff)
    issued_at = DateTimeField(default=utc_now)
    body = TextField()  # canonical JSON of what was printed
    # Migration 0015: a bundle case's own documents (its one receipt, combined notice and
    # acceptance notice) name it, with ``case`` NULL.
    bundle_case = AddedForeignKeyField(BundleCase, null=True, backref="documents", index=False)


Document.add_index(only_set(Document.bundle_case))


class Event(BaseModel):
    """Append-only, hash-chained history; the database refuses updates and deletes."""

    case = ForeignKeyField(Case, null=True, backref="events", index=True)
    staff = ForeignKeyField(Staff, null=True)
    kind = CharField()
    at = DateTimeField(default=utc_now)
    data = TextField(default="{}")  # canonical JSON
    prev_hash = CharField(unique=True)  # a fork of the chain fails here
    hash = CharField(unique=True)


class Suspension(BaseModel):
    case = ForeignKeyField(Case, backref="suspensions")
    reason = TextField()
    started_on = DateField()
    expected_days = IntegerField()
    ended_on = DateField(null=True)
    staff = ForeignKeyField(Staff)
    # Migration 0008: the ground, domain/legal.py::SuspensionGround ('' before it).
    ground = TextField(default="", constraints=[SQL("DEFAULT ''")])


class Extension(BaseModel):
    case = ForeignKeyField(Case, backref="extensions", unique=True)  # once per case
    days = IntegerField()
    reason = TextField()
    requested_by = ForeignKeyField(Staff, backref="requested_extensions")
    requested_at = DateTimeField(default=utc_now)
    approved_by = ForeignKeyField(Staff, null=True, backref="approved_extensions")
    decided_at = DateTimeField(null=True)
    approved = BooleanField(null=True)


class Handover(BaseModel):
    from_staff = ForeignKeyField(Staff, backref="handovers_given")
    to_staff = ForeignKeyField(Staff, backref="handovers_taken")
    window = ForeignKeyField(Window, null=True)
    state = CharField(default="pending")  # pending | confirmed | declined | cancelled
    note = TextField(default="")
    decline_reason = TextField(default="")
    created_at = DateTimeField(default=utc_now)
    decided_at = DateTimeField(null=True)


class HandoverLine(BaseModel):
    handover = ForeignKeyField(Handover, backref="lines", on_delete="CASCADE")
    case = ForeignKeyField(Case)
    note = TextField(default="")

    class Meta:
        indexes = ((("handover", "case"), True),)


class CalendarYear(BaseModel):
    """A year with an official schedule; deadlines in other years are provisional."""

    year = IntegerField(primary_key=True)
    source = CharField()  # official (shipped) | imported
    imported_at = DateTimeField(default=utc_now)


class CalendarDay(BaseModel):
    day = DateField(primary_key=True)
    kind = CharField()  # holiday | workday (adjusted working weekend)
    name = CharField(default="")


class NumberCounter(BaseModel):
    scope = CharField()
    period = CharField()
    last = IntegerField(default=0)

    class Meta:
        indexes = ((("scope", "period"), True),)


class ChainAnchor(BaseModel):
    """The event chain's head as it stood at a moment (migration 0009, issue 20 item 2):
    events cut off the end of the chain leave no broken link, but an anchor names an event
    that is gone. Recorded at each day's first sign-in and with every report; the printed
    overdue report carries the latest too, out of reach of the database."""

    at = DateTimeField(default=utc_now)
    reason = CharField()  # first_sign_in | report | overdue_report
    # The last event then; not a foreign key, so that deleting it cannot take this along.
    last_event_id = IntegerField()
    hash = CharField()


class Consultation(BaseModel):
    """A question asked at a window or on the phone (咨询登记, docs/rules.md §18): the
    clerk who takes it owns it until it is answered or referred (首问负责)."""

    department = ForeignKeyField(Department, index=False)
    window = ForeignKeyField(Window, null=True, index=False)
    item = ForeignKeyField(Item, null=True, index=False)  # the item asked about, if any
    owner = ForeignKeyField(Staff, index=False)
    channel = CharField()  # walk_in | phone
    visitor = TextField(default="")  # name as given; a question needs no identity
    phone = TextField(default="")  # to call back
    question = TextField()
    answer = TextField(default="")
    state = CharField()  # open | answered | referred
    asked_at = DateTimeField()
    due_at = DateTimeField(null=True)  # the promised answer, while open
    closed_at = DateTimeField(null=True)
    # Migration 0012: the application the question became, if it did.
    case = AddedForeignKeyField(Case, null=True, backref="consultations", index=False)

    class Meta:
        indexes = (
            # A clerk's open questions (home), a department's by period (reports).
            (("owner", "state"), False),
            (("department", "asked_at"), False),
        )


class Referral(BaseModel):
    """A case or a consultation referred to its department's 一号窗口 (转一号窗口,
    docs/rules.md §20): waiting until the chief representative or a deputy takes it, then
    taken until it is closed as decided, answered or sent back. Exactly one of ``case``
    and ``consultation`` is set."""

    department = ForeignKeyField(Department, backref="+", index=False)
    case = ForeignKeyField(Case, null=True, backref="+", index=False)
    consultation = ForeignKeyField(Consultation, null=True, backref="+", index=False)
    referred_by = ForeignKeyField(Staff, backref="+", index=False)
    note = TextField()
    referred_at = DateTimeField()
    state = CharField()  # waiting | taken | closed
    taken_by = ForeignKeyField(Staff, null=True, backref="+", index=False)
    taken_at = DateTimeField(null=True)
    outcome = CharField(default="")  # decided | answered | sent_back, once closed
    decision = CharField(default="")  # the deciding event's kind (approve, complete, ...)
    reply = TextField(default="")  # the answer, or the note sent back with it
    closed_by = ForeignKeyField(Staff, null=True, backref="+", index=False)
    closed_at = DateTimeField(null=True)

    class Meta:
        constraints = (SQL('CHECK (("case_id" IS NULL) <> ("consultation_id" IS NULL))'),)
        indexes = (
            # A department's waiting and taken referrals (the chief's queue, the home).
            (("department", "state"), False),
            (("case",), False),
            (("consultation",), False),
        )


_EXACTLY_ONE_TARGET = (
    'CHECK ((CASE WHEN "case_id" IS NULL THEN 0 ELSE 1 END)'
    ' + (CASE WHEN "bundle_case_id" IS NULL THEN 0 ELSE 1 END)'
    ' + (CASE WHEN "key_project_id" IS NULL THEN 0 ELSE 1 END) = 1)'
)


class SupervisionOrder(BaseModel):
    """A supervision order (督办, docs/rules.md §22): a chief or an administrator orders
    progress on a case, a bundle case or a key project, with a reply-by date in working
    days; its ``owner`` replies (SupervisionReply); the one who issued it closes it.
    Exactly one target is set."""

    number = CharField(unique=True)
    case = ForeignKeyField(Case, null=True, backref="+", index=False)
    bundle_case = ForeignKeyField(BundleCase, null=True, backref="+", index=False)
    key_project = ForeignKeyField(KeyProject, null=True, backref="+", index=False)
    issued_by = ForeignKeyField(Staff, backref="+", index=False)
    owner = ForeignKeyField(Staff, backref="+", index=False)
    reason = TextField()
    expected = TextField()
    issued_at = DateTimeField()
    reply_days = IntegerField()
    reply_by = DateField()
    state = CharField()  # open | answered | closed
    closed_by = ForeignKeyField(Staff, null=True, backref="+", index=False)
    closed_at = DateTimeField(null=True)
    close_note = TextField(default="")

    class Meta:
        constraints = (SQL(_EXACTLY_ONE_TARGET),)
        indexes = (
            (("owner", "state"), False),  # the owner's open orders (home)
            (("state", "reply_by"), False),  # the overdue ones (daily report)
            (("case",), False),
            (("bundle_case",), False),
            (("key_project",), False),
        )


class SupervisionReply(BaseModel):
    """The owner's reply to a supervision order: the progress, the reason for any delay
    and the new date promised."""

    order = ForeignKeyField(SupervisionOrder, backref="replies")
    staff = ForeignKeyField(Staff, backref="+", index=False)
    at = DateTimeField()
    progress = TextField()
    delay_reason = TextField(default="")
    new_date = DateField(null=True)


class TicketQueue(BaseModel):
    """A queue of the hall's tickets (取号队列, docs/rules.md §24): its prefix letter
    (A, B, …), its name on the kiosk, the department it serves and, optionally, the one
    common item it is for; the windows that call it are ``QueueWindow`` rows."""

    prefix = CharField(unique=True)
    name = CharField()
    department = ForeignKeyField(Department, backref="+", index=False)
    item_code = CharField(default="")  # a common item (常办事项) of the department, or ''
    active = BooleanField(default=True)


class QueueWindow(BaseModel):
    """A window that calls a queue: a window may serve several queues, a queue several
    windows."""

    queue = ForeignKeyField(TicketQueue, backref="windows", on_delete="CASCADE", index=False)
    window = ForeignKeyField(Window, backref="+", index=False)

    class Meta:
        indexes = ((("queue", "window"), True), (("window",), False))


class Ticket(BaseModel):
    """A visitor's place in a queue (取号), numbered per queue and local day (``A012``:
    ``number`` 12 of queue A on ``day``), moved by domain/tickets.py's table."""

    queue = ForeignKeyField(TicketQueue, backref="tickets", index=False)
    day = DateField()  # the centre's local day it was taken
    number = IntegerField()
    priority = CharField()  # domain/tickets.py::Priority
    state = CharField()  # domain/tickets.py::TicketState
    taken_at = DateTimeField()
    # The window it was called to, or sent to (transferred); who called it, when, and how
    # many times it was called again.
    window = ForeignKeyField(Window, null=True, backref="+", index=False)
    called_by = ForeignKeyField(Staff, null=True, backref="+", index=False)
    called_at = DateTimeField(null=True)
    recalls = IntegerField(default=0)
    finished_at = DateTimeField(null=True)  # served, or expired
    # What the visitor came for, once the clerk links it.
    case = ForeignKeyField(Case, null=True, backref="+", index=False)
    consultation = ForeignKeyField(Consultation, null=True, backref="+", index=False)

    class Meta:
        indexes = (
            (("queue", "day", "number"), True),  # A012 once a day; the counter's last guard
            (("day", "state"), False),  # the day's waiting and called tickets
            (("window", "state"), False),  # a window's called ticket
        )


class Device(BaseModel):
    """A terminal of the hall bound by the administrator (docs/rules.md §24): a rating pad
    at a window, a ticket kiosk or a calling display (those two: the hall, no window)."""

    code = CharField(unique=True)
    name = CharField(default="")
    kind = CharField()  # pad | kiosk | display
    window = ForeignKeyField(Window, null=True, backref="+", index=False)
    active = BooleanField(default=True)
    # Migration 0019: a kiosk's receipt roll in mm (58 or 80); None: not set (58).
    paper = IntegerField(null=True)


class RatingRequest(BaseModel):
    """A service the clerk finished, offered to the applicant on the window's pad (一次一评,
    docs/rules.md §11): pending until rated there or timed out (lazily, after a setting's
    minutes). Migration 0017 turned each rating a clerk had typed into one (kind
    ``entered``, no device). A step of a bundle case at the comprehensive window (its
    acceptance, combined notice, delivery) is one service: its request names the bundle
    case, not a case (migration 0020)."""

    window = ForeignKeyField(Window, null=True, backref="+")
    staff = ForeignKeyField(Staff, backref="+")
    # Indexed with the day asked and with the day rated (migration 0022), below.
    case = ForeignKeyField(Case, null=True, backref="rating_requests", index=False)
    consultation = ForeignKeyField(Consultation, null=True, backref="+", index=False)
    kind = CharField()  # consultation | notice | accepted | decided | delivered | entered
    requested_at = DateTimeField(default=utc_now)
    state = CharField(default="pending")  # pending | rated | timed_out
    level = IntegerField(null=True)  # 1 非常满意 … 5 非常不满意
    reason = CharField(default="")  # a 差评's: attitude | efficiency | materials | …
    text = TextField(default="")
    rated_at = DateTimeField(null=True)
    device = ForeignKeyField(Device, null=True, backref="+")
    bundle_case = AddedForeignKeyField(
        BundleCase, null=True, backref="rating_requests", index=False
    )

    class Meta:
        indexes = (
            (("window", "state"), False),
            (("rated_at",), False),
            (("requested_at",), False),  # the services asked in a period (0018)
            # A case's requests, and those of a clerk's cases in a period (0022).
            (("case", "requested_at"), False),
            (("case", "rated_at"), False),
        )


RatingRequest.add_index(only_set(RatingRequest.consultation))
RatingRequest.add_index(only_set(RatingRequest.bundle_case))


class Rating(BaseModel):
    """A case's final rating (一事一评): its delivery's request once rated on the pad, or
    what a clerk typed before migration 0017. The ``rated`` event on the case carries the
    same level and time (docs/architecture.md §2.6)."""

    case = ForeignKeyField(Case, unique=True, backref="rating")
    request = ForeignKeyField(RatingRequest, unique=True, backref="+")
    level = IntegerField()
    rated_at = DateTimeField(default=utc_now)


class RatingFollowUp(BaseModel):
    """A 差评's follow-up (回访): due in working days, the contact with the applicant, the
    result; the clerk's appeal (申诉) and the chief's outcome."""

    request = ForeignKeyField(RatingRequest, unique=True, backref="follow_up")
    due_on = DateField(null=True)  # None: opened before migration 0017, without a deadline
    contact = TextField(default="")
    contacted_at = DateTimeField(null=True)
    result = CharField(default="")  # rectified | explained | appeal_upheld; "" before 0017
    note = TextField(default="")
    closed_by = ForeignKeyField(Staff, null=True, backref="+")
    closed_at = DateTimeField(null=True)
    appeal = TextField(default="")
    appealed_at = DateTimeField(null=True)
    appeal_outcome = CharField(default="")  # upheld | rejected
    appeal_note = TextField(default="")
    appeal_decided_by = ForeignKeyField(Staff, null=True, backref="+")
    appeal_decided_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("closed_at", "due_on"), False),)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    Setting,
    Department,
    Staff,
    Window,
    Item,
    Material,
    Case,
    CaseMaterial,
    Document,
    Event,
    Suspension,
    Extension,
    Handover,
    HandoverLine,
    CalendarYear,
    CalendarDay,
    NumberCounter,
    ChainAnchor,
    Consultation,
    Referral,
    Bundle,
    BundleItem,
    KeyProject,
    BundleCase,
    SupervisionOrder,
    SupervisionReply,
    TicketQueue,
    QueueWindow,
    Ticket,
    Device,
    RatingRequest,
    Rating,
    RatingFollowUp,
)

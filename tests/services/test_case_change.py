"""One change of one case (services.cases.change.case_change), on both engines: what it
reads once it carries on its change object, what it writes is what the database holds,
and the store's rules hold for every value written."""

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from counter_tui.domain.checklist import MaterialMark, MaterialStatus
from counter_tui.domain.errors import DomainError
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases.change import case_change, desk
from counter_tui.services.cases.checklist import checklist_rows, store_marks
from counter_tui.services.cases.text import required_text, typed_text
from counter_tui.services.errors import ServiceError
from counter_tui.services.intake import draft
from counter_tui.store.database import is_sqlite, write_transaction
from counter_tui.store.events import append_event, first_broken_event
from counter_tui.store.models import Case, CaseMaterial, Staff, Window, database_proxy
from counter_tui.store.settings import set_setting, setting

pytestmark = pytest.mark.both_engines


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The SQL of every statement sent to the database, as sent, from here on."""
    db = database_proxy.obj
    sent: list[str] = []
    execute_sql = db.execute_sql

    def record(sql: str, params: object = None) -> object:
        sent.append(sql)
        return execute_sql(sql, params)

    monkeypatch.setattr(db, "execute_sql", record)
    yield sent


@pytest.fixture
def drafted(demo_db: str, sign) -> tuple[StaffSession, str]:
    """A clerk's session and a new draft of theirs."""
    clerk = sign("ga03")
    return clerk, draft.start_draft(clerk, "GA-010")


def test_the_change_holds_its_case_with_department_and_item_read_once(
    drafted: tuple[StaffSession, str], statements: list[str]
) -> None:
    clerk, number = drafted
    start = len(statements)
    with case_change(clerk, number) as change:
        reads = [sql for sql in statements[start:] if 'FROM "case"' in sql]
        assert len(reads) == 1  # the case, its department and item: one query
        if not is_sqlite(database_proxy):  # row locks where the engine has them
            assert "FOR UPDATE" in reads[0]
        before = len(statements)
        assert (change.case.number, change.case.item.code) == (number, "GA-010")
        assert change.case.department.id == change.staff.department_id
        assert change.staff.id == clerk.staff_id
        assert len(statements) == before  # nothing read again


def test_window_and_calendar_are_read_on_first_use_once(
    drafted: tuple[StaffSession, str], statements: list[str]
) -> None:
    clerk, number = drafted
    with case_change(clerk, number) as change:
        before = len(statements)
        window, calendar = change.window, change.calendar
        read = len(statements)
        assert read > before
        assert change.window is window and change.calendar is calendar
        assert len(statements) == read
        staff = Staff.get_by_id(clerk.staff_id)
        assert window is not None and window.id == desk(staff, staff.department, clerk).id


def test_a_new_change_reads_what_the_last_one_wrote(drafted: tuple[StaffSession, str]) -> None:
    """Nothing is kept beyond its change: a window's phone changed between two changes
    is the phone the second one sees."""
    clerk, number = drafted
    with case_change(clerk, number) as change:
        window = change.window
        assert window is not None
        Window.update(phone="0571-1234").where(Window.id == window.id).execute()
    with case_change(clerk, number) as change:
        assert change.window is not None and change.window.phone == "0571-1234"


def test_the_moment_is_taken_in_the_centres_time_zone(drafted: tuple[StaffSession, str]) -> None:
    clerk, number = drafted
    with write_transaction(database_proxy):
        set_setting("timezone", "America/New_York")
        set_setting("centre_name", "测试中心")
    at = datetime(2026, 1, 5, 3, 0)  # UTC: still the 4th in New York, the 5th in Shanghai
    with case_change(clerk, number, at) as change:
        assert (change.when.at, change.when.today) == (at, date(2026, 1, 4))
        assert change.centre_name == "测试中心"


def test_a_save_writes_only_the_columns_it_changed(demo_db: str) -> None:
    """Two rows read before either is saved, each changing its own columns: both changes
    survive (only_save_dirty), and a save with nothing changed writes nothing."""
    case = Case.select().order_by(Case.id).first()
    other = Case.get_by_id(case.id)
    case.applicant_phone, case.agent_name = "13800000000", "代理人"
    other.applicant_address = "另一处写的地址"
    with write_transaction(database_proxy):
        other.save()
        case.save()
        assert case.save() is False  # nothing changed since
    stored = Case.get_by_id(case.id)
    assert (stored.applicant_phone, stored.agent_name, stored.applicant_address) == (
        "13800000000",
        "代理人",
        "另一处写的地址",
    )


def test_marks_are_written_in_one_statement_by_their_columns_rules(
    drafted: tuple[StaffSession, str], statements: list[str]
) -> None:
    clerk, number = drafted
    with case_change(clerk, number) as change:
        (first, _), (second, _), (third, untouched) = checklist_rows(change.case)[:3]
        marks = [
            (first, MaterialMark(MaterialStatus.DEFERRED, deferred_until=date(2026, 12, 1))),
            (second, MaterialMark(MaterialStatus.DEFICIENT, reason="盖章\x00不清\ud800")),
        ]
        before = len(statements)
        store_marks(marks)
        assert len(statements) == before + 1
        lines = dict(checklist_rows(change.case))  # read again: what was written
    assert (lines[first].status, lines[first].deferred_until) == (
        MaterialStatus.DEFERRED,
        date(2026, 12, 1),
    )
    assert (lines[second].status, lines[second].reason) == (
        MaterialStatus.DEFICIENT,
        "盖章不清\ufffd",
    )
    assert lines[third] == untouched


def test_a_draft_gets_its_checklist_rows_in_one_insert_with_the_defaults(
    demo_db: str, sign, statements: list[str]
) -> None:
    number = draft.start_draft(sign("ga03"), "GA-010")
    inserts = [sql for sql in statements if sql.startswith('INSERT INTO "case_material"')]
    assert len(inserts) == 1
    rows = CaseMaterial.select().join(Case).where(Case.number == number)
    assert rows.count() > 1
    assert {(row.status, row.copies_provided, row.on_notice) for row in rows} == {
        ("pending", 0, False)
    }


def test_typed_text_is_kept_by_the_stores_rule() -> None:
    assert typed_text("  a\x00b\ud800 \n") == "ab\ufffd"
    assert required_text(" 理由 ", "rule", "message") == "理由"
    with pytest.raises(ServiceError) as refused:
        required_text(" \x00 ", "note.required", "message")
    assert refused.value.rule == "note.required"


def test_a_setting_is_replaced_where_it_exists(empty_db: str) -> None:
    with write_transaction(database_proxy):
        set_setting("probe", "first")
        set_setting("probe", "second")
    assert setting("probe") == "second"


def test_a_failed_step_inside_a_transaction_leaves_the_event_chain_whole(empty_db: str) -> None:
    """A nested write transaction that fails is rolled back to its savepoint: the next
    event links to what is really stored, not to the event rolled back."""
    with write_transaction(database_proxy):
        append_event("note", data={"n": 1})
        with pytest.raises(RuntimeError), write_transaction(database_proxy):
            append_event("note", data={"n": 2})
            raise RuntimeError("step failed")
        append_event("note", data={"n": 3})
    assert first_broken_event() is None


@pytest.mark.parametrize(
    ("change", "rule"),
    [({"active": False}, "auth.inactive"), ({"locked_until": datetime(2099, 1, 1)}, "auth.locked")],
)
def test_a_session_whose_account_was_disabled_or_locked_writes_nothing(
    drafted: tuple[StaffSession, str], change: dict, rule: str
) -> None:
    # Issue 20 item 4: the session was opened before the account was changed.
    clerk, number = drafted
    Staff.update(**change).where(Staff.id == clerk.staff_id).execute()
    before = Case.get(Case.number == number).updated_at
    with pytest.raises(DomainError) as caught:
        draft.update_applicant(clerk, number, {"name": "王小明"})
    assert caught.value.rule == rule
    assert Case.get(Case.number == number).updated_at == before

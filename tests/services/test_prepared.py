"""Prepared statements and the write transaction's memo, on both engines: what they keep
is what the database holds, and a value bound to a slot is stored by its column's rule."""

import pytest
from peewee import SQL

from counter_tui.services.cases.change import desk, get_case, window_changed
from counter_tui.services.intake import draft
from counter_tui.store.database import forget, remembered, write_transaction
from counter_tui.store.events import append_event, first_broken_event
from counter_tui.store.models import (
    Case,
    CaseMaterial,
    Department,
    Item,
    Material,
    Setting,
    Staff,
    Window,
    database_proxy,
)
from counter_tui.store.prepared import Prepared, insert_row, save_changes, slot
from counter_tui.store.settings import set_setting, setting

pytestmark = pytest.mark.both_engines


_SETTING = Prepared(lambda: Setting.select(Setting.value).where(Setting.key == slot()))
_SET = Prepared(
    lambda: Setting.insert({Setting.key: slot(Setting.key), Setting.value: slot(Setting.value)})
)
_CASE = Prepared(
    lambda: (
        Case.select(Case, Department, Item)
        .join(Department)
        .switch(Case)
        .join(Item)
        .where(Case.number == slot())
    )
)


def test_a_value_in_a_slot_is_stored_by_its_columns_rule(empty_db: str) -> None:
    """The store drops U+0000 and makes a lone surrogate U+FFFD: so does a slot, in an
    INSERT's values and in a comparison (which then finds what was stored)."""
    with write_transaction(database_proxy):
        _SET.run("k\x00ey", "a\x00b\ud800")
    assert Setting.get(Setting.key == "key").value == "ab\ufffd"
    assert _SETTING.one("k\x00ey") == ("ab\ufffd",)
    assert _SETTING.one("other") is None


def test_values_go_to_their_slots_in_the_order_written(demo_db: str) -> None:
    """peewee writes an UPDATE's columns in the model's order (status before reason): the
    values still go where their slots were written."""
    row = CaseMaterial.select().order_by(CaseMaterial.id).first()
    update = Prepared(
        lambda: CaseMaterial.update(
            {
                CaseMaterial.reason: slot(CaseMaterial.reason),
                CaseMaterial.status: slot(CaseMaterial.status),
            }
        ).where(CaseMaterial.id == slot())
    )
    with write_transaction(database_proxy):
        update.run("字迹不清", "deficient", row.id)
    stored = CaseMaterial.get_by_id(row.id)
    assert (stored.reason, stored.status) == ("字迹不清", "deficient")


def test_save_changes_writes_the_changed_columns_only(demo_db: str) -> None:
    case = Case.select().order_by(Case.id).first()
    other = Case.get_by_id(case.id)
    case.applicant_phone, case.agent_name = "13800000000", "代理人"
    other.applicant_address = "另一处写的地址"
    with write_transaction(database_proxy):
        save_changes(other)
        save_changes(case)
        save_changes(case)  # nothing changed since: nothing written
    stored = Case.get_by_id(case.id)
    assert (stored.applicant_phone, stored.agent_name, stored.applicant_address) == (
        "13800000000",
        "代理人",
        "另一处写的地址",
    )
    assert case.dirty_fields == []


def test_a_value_not_in_a_slot_is_refused(empty_db: str) -> None:
    wrong = Prepared(lambda: Setting.select().where(Setting.key == "fixed"))
    with pytest.raises(ValueError, match="slot"):
        wrong.run()
    with pytest.raises(ValueError, match="1 values expected, 2 given"):
        _SETTING.run("a", "b")


def test_models_come_with_the_models_they_join(demo_db: str) -> None:
    stored = Case.select().order_by(Case.id).first()
    case = _CASE.first(stored.number)
    assert (case.id, case.number, case.received_on) == (
        stored.id,
        stored.number,
        stored.received_on,
    )
    assert case.department.name == Department.get_by_id(stored.department_id).name
    assert (case.item.code, case.item.version) == (stored.item.code, stored.item.version)
    assert _CASE.first("NO-SUCH-CASE") is None


def test_the_sql_is_built_again_for_another_database(empty_db: str, tmp_path) -> None:
    from counter_tui.services.centre.opening import open_database

    with write_transaction(database_proxy):
        set_setting("probe", "first")
    assert _SETTING.one("probe") == ("first",)
    open_database(f"sqlite:///{tmp_path / 'other.db'}")
    assert _SETTING.one("probe") is None
    with write_transaction(database_proxy):
        _SET.run("probe", "second")
    assert _SETTING.one("probe") == ("second",)


def test_a_write_transaction_reads_once_what_it_remembers(empty_db: str) -> None:
    loads: list[str] = []

    def load() -> str:
        loads.append("read")
        return "value"

    assert remembered("key", load) == remembered("key", load) == "value"
    assert len(loads) == 2  # outside a write transaction: read every time
    with write_transaction(database_proxy):
        assert remembered("key", load) == remembered("key", load) == "value"
        assert len(loads) == 3
        forget("key")
        remembered("key", load)
        assert len(loads) == 4
    with write_transaction(database_proxy):
        remembered("key", load)
    assert len(loads) == 5  # a new transaction reads again


def test_a_setting_changed_in_the_transaction_is_read_as_changed(empty_db: str) -> None:
    with write_transaction(database_proxy):
        before = setting("centre_name")
        set_setting("centre_name", "改名后的中心")
        assert setting("centre_name") == "改名后的中心" != before


def test_a_failed_step_inside_a_transaction_leaves_the_event_chain_whole(empty_db: str) -> None:
    """A nested write transaction that fails is rolled back to its savepoint, and with it
    the chain's head it remembered: the next event links to what is really stored."""
    with write_transaction(database_proxy):
        append_event("note", data={"n": 1})
        with pytest.raises(RuntimeError), write_transaction(database_proxy):
            append_event("note", data={"n": 2})
            raise RuntimeError("step failed")
        append_event("note", data={"n": 3})
    assert first_broken_event() is None


def test_a_step_reads_the_case_its_transaction_changed(demo_db: str, sign) -> None:
    """The steps of one transaction share the locked case row: what one step saved, the
    next step sees, and the database holds."""
    clerk = sign("ga03")
    number = draft.start_draft(clerk, "GA-010")
    with write_transaction(database_proxy):
        case = get_case(number, lock=True)
        case.applicant_name = "王五"
        case.save()
        assert get_case(number, lock=True) is case
        assert Case.select(Case.applicant_name).where(Case.number == number).scalar() == "王五"
    assert get_case(number).applicant_name == "王五"
    assert get_case(number) is not get_case(number)  # unlocked reads are fresh


def test_slots_work_where_a_literal_would(empty_db: str) -> None:
    """A constant in a prepared statement is written as SQL, not bound: LIMIT 1 here."""
    first = Prepared(lambda: Setting.select(Setting.key).order_by(Setting.key).limit(SQL("1")))
    with write_transaction(database_proxy):
        for key in ("b", "a", "c"):
            set_setting(key, key)
    assert first.one() == ("a",)


def test_desk_reads_the_window_again_once_the_transaction_changed_it(demo_db: str, sign) -> None:
    """A handover moves a window's duty inside the transaction that then issues the sheet:
    what ``desk`` kept of the window is dropped with ``window_changed``."""
    clerk = sign("ga01")
    staff = Staff.get_by_id(clerk.staff_id)
    other = Staff.get(Staff.code == "ga02")
    with write_transaction(database_proxy):
        before = desk(staff, staff.department, clerk)
        assert before is not None and before.id == clerk.window_id
        Window.update(on_duty=other).where(Window.id == before.id).execute()
        assert desk(staff, staff.department, clerk).on_duty_id == before.on_duty_id  # kept
        window_changed(before.id)
        assert desk(staff, staff.department, clerk).on_duty_id == other.id


def test_insert_row_stores_a_new_row_with_its_defaults(demo_db: str) -> None:
    """The prepared INSERT of a new instance: the given values (a foreign key by its
    row), the model's defaults, each by its column's rule; the id is set."""
    stored = Case.select().order_by(Case.id).first()
    with write_transaction(database_proxy):
        other_item = Material.get(Material.item != stored.item_id)  # not on its checklist
        material = CaseMaterial(case=stored, material=other_item)
        material.reason = "盖章\x00不清"
        insert_row(material)
    again = CaseMaterial.get_by_id(material.id)
    assert (again.case_id, again.material_id) == (stored.id, material.material_id)
    assert (again.status, again.copies_provided, again.on_notice) == ("pending", 0, False)
    assert again.reason == "盖章不清"
    assert material.dirty_fields == []

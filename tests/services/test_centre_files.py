"""Centre files: the whole centre as YAML, JSON and XLSX, imported whole or not at all,
with the first mistake named by file, entry or sheet and row, and field."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import given

from counter_tui.domain.errors import DomainError
from counter_tui.domain.lifecycle import CaseState
from counter_tui.i18n import explain, set_language
from counter_tui.resources import seed_dir
from counter_tui.services.auth import change_pin, sign_in
from counter_tui.services.catalog.checks import CatalogError
from counter_tui.services.catalog.files import export_catalog, import_catalog
from counter_tui.services.centre.files import (
    CentreFileError,
    centre_document,
    centre_of,
    export_centre,
)
from counter_tui.services.centre.importing import NO_PIN, import_centre, import_centre_file
from counter_tui.services.centre.setup import init_centre
from counter_tui.services.centre.staff import reset_pin
from counter_tui.services.errors import AuthError
from counter_tui.services.handover.open_work import work_cases
from counter_tui.services.intake import checklist, decisions, draft
from counter_tui.services.profile import centre_profile
from counter_tui.store.models import Case, Department, Event, Staff, Window
from tests.hostile import HOSTILE_SETTINGS, everything, hostile_text, undone

pytestmark = pytest.mark.both_engines

EXAMPLE = Path(__file__).parents[2] / "docs" / "centre.example.yaml"
PERSON = {"kind": "person", "name": "赵晓敏", "id_type": "resident_id",
          "id_number": "11010519491231002X", "phone": "13912345678"}  # fmt: skip


def _demo_file() -> dict[str, Any]:
    return yaml.safe_load((seed_dir() / "centre.yaml").read_text(encoding="utf-8"))


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("format", ["yaml", "json", "xlsx"])
def test_export_import_export_gives_the_same_bytes(
    demo_db: str, tmp_path: Path, format: str
) -> None:
    first, second = tmp_path / f"first.{format}", tmp_path / f"second.{format}"
    export_centre(first)
    events = Event.select().count()
    result = import_centre(first)
    assert (result.departments.changed, result.windows.changed, result.staff.changed) == (0, 0, 0)
    assert not result.profile_changed
    assert Event.select().count() == events + 1  # one event, even for no change
    export_centre(second)
    assert first.read_bytes() == second.read_bytes()


def test_the_workbook_is_a_template_with_a_note_on_every_header(
    demo_db: str, tmp_path: Path
) -> None:
    path = tmp_path / "centre.xlsx"
    export_centre(path, translate=lambda note: f"«{note}»")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        *("profile", "departments", "windows", "staff"),
        *("queues", "devices"),
    ]
    assert [c.value for c in workbook["queues"][3]][:5] == ["B", "规划许可", "GH", None, "7"]
    assert [c.value for c in workbook["devices"][2]][2:4] == ["display", None]
    for sheet in workbook:
        assert all(cell.comment.text.startswith("«") for cell in sheet[1]), sheet.title
    assert workbook["staff"].max_row == 22  # a header and 21 accounts, no PINs
    assert [c.value for c in workbook["windows"][1]][-2:] == ["first_window", "comprehensive"]
    assert [c.value for c in workbook["windows"][9]][-2:] == [False, True]  # window 8
    assert [c.value for c in workbook["staff"][1]] == [
        "code",
        "name",
        "role",
        "department",
        "active",
    ]


def test_export_holds_every_kind_and_no_pin(demo_db: str) -> None:
    document = centre_document()
    assert set(document) == {
        *("schema", "profile", "departments", "windows", "staff"),
        *("queues", "devices"),
    }
    assert [(q["prefix"], q["department"], q["windows"]) for q in document["queues"]] == [
        ("A", "GA", [2, 3]),
        ("B", "GH", [7]),
        ("C", "ZW", [8]),
    ]
    assert {d["code"]: d["window"] for d in document["devices"]}["pad-02"] == 2
    assert document["profile"]["court"] == "示范市示范新区人民法院"
    assert document["profile"]["opening_hours"]["mon"] == "08:30-12:00,13:30-17:00"
    assert document["profile"]["opening_hours"]["sun"] == ""
    assert {w["number"] for w in document["windows"] if w["first_window"]} == {1, 4, 6}
    assert {w["number"] for w in document["windows"] if w["comprehensive"]} == {8}
    assert all(
        set(s) == {"code", "name", "role", "department", "active"} for s in document["staff"]
    )
    assert "1101" not in json.dumps(document)


def test_the_demo_is_built_from_its_centre_file(demo_db: str) -> None:
    """The demo went through the import: its profile, 一号窗口, deputies and their PINs;
    the centre's own office (ZW), which holds no items, has neither deputy nor delegation."""
    profile = centre_profile()
    assert (profile.reconsideration_body, profile.complaint_phone) == (
        "示范市人民政府",
        "0571-12345",
    )
    for department in Department.select():
        deputies = Staff.select().where((Staff.department == department) & (Staff.role == "deputy"))
        office = department.code == "ZW"
        assert (bool(department.delegation), deputies.count()) == (
            (False, 0) if office else (True, 1)
        )
        assert department.items.exists() != office
    assert Window.get(Window.number == 8).comprehensive
    assert sign_in("zw01", "4401").window_id == Window.get(Window.number == 8).id
    assert sign_in("gadeputy", "1190").role == "deputy"
    assert sign_in("ga01", "1101").code == "ga01"
    assert Event.select().where(Event.kind == "centre_imported").count() == 1


def test_an_import_into_a_new_centre_creates_everything_without_usable_pins(
    empty_db: str,
) -> None:
    init_centre("示范市行政服务中心", "root", "管理员", "135790")
    result = import_centre(EXAMPLE)
    assert (result.departments.new, result.windows.new, result.staff.new) == (4, 8, 20)
    assert "ga01" in result.without_pin and "root" not in result.without_pin
    clerk = Staff.get(Staff.code == "ga01")
    assert clerk.must_change_pin and clerk.pin_hash == NO_PIN
    with pytest.raises(AuthError):
        sign_in("ga01", "")
    window = Window.get(Window.number == 3)
    assert (window.clerk_a.code, window.clerk_b.code, window.on_duty.code) == (
        "ga05",
        "ga01",
        "ga05",
    )
    assert centre_profile().court == "示范市示范新区人民法院"


def test_the_example_is_the_demo_without_pins_and_administrator() -> None:
    demo = _demo_file()
    example = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    demo["staff"] = [
        {k: v for k, v in s.items() if k != "pin"} for s in demo["staff"] if s["role"] != "admin"
    ]
    assert example == demo


def test_an_import_updates_by_code_adds_and_never_deletes(demo_db: str, tmp_path: Path) -> None:
    document = {
        "schema": 1,
        "departments": [
            {"code": "GA", "name": "示范市公安局", "short_name": "公安", "delegation": "新授权"},
            {
                "code": "SW",
                "name": "国家税务总局示范市税务局",
                "short_name": "税务",
                "reconsideration_body": "国家税务总局浙江省税务局",
            },
        ],
        "staff": [
            {"code": "sw01", "name": "税务一", "role": "clerk", "department": "SW"},
            {
                "code": "sw02",
                "name": "税务二",
                "role": "clerk",
                "department": "SW",
                "pin": "246810",
            },
            {"code": "ga02", "name": "李强强", "role": "clerk", "department": "GA"},
        ],
        "windows": [
            {
                "number": 9,
                "department": "SW",
                "clerk_a": "sw01",
                "clerk_b": "sw02",
                "first_window": True,
            }
        ],
    }
    departments, staff = Department.select().count(), Staff.select().count()
    result = import_centre(_write(tmp_path / "more.yaml", document))
    assert (result.departments.new, result.departments.changed) == (1, 1)
    assert (result.staff.new, result.staff.changed, result.windows.new) == (2, 1, 1)
    assert Department.select().count() == departments + 1
    assert Staff.select().count() == staff + 2  # the demo's others stay
    assert Department.get(Department.code == "GA").delegation == "新授权"
    assert Staff.get(Staff.code == "ga02").name == "李强强"
    assert result.without_pin == ("sw01",)
    assert sign_in("sw02", "246810").code == "sw02"
    assert not Staff.get(Staff.code == "sw02").must_change_pin
    assert sign_in("ga02", "1102").code == "ga02"  # a PIN is never changed by an import


def test_two_departments_swap_short_names(demo_db: str, tmp_path: Path) -> None:
    document = {
        "schema": 1,
        "departments": [
            {"code": "GA", "name": "示范市公安局", "short_name": "环保"},
            {"code": "HB", "name": "示范市生态环境局", "short_name": "公安"},
        ],
    }
    import_centre(_write(tmp_path / "swap.yaml", document))
    assert Department.get(Department.code == "GA").short_name == "环保"
    assert Department.get(Department.code == "HB").short_name == "公安"


def _demo_with(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = _demo_file()
    change(document)
    return document


def _set(section: str, n: int, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        if section == "profile":
            document["profile"][field] = value
        else:
            document[section][n][field] = value

    return change


# (what, change, where in the message, the field named)
YAML_MISTAKES = [
    ("department code", _set("departments", 1, "code", "环保"), "departments no. 2", "code"),
    (
        "short name with a bracket",
        _set("departments", 0, "short_name", "公〔安"),
        "departments no. 1",
        "short_name",
    ),
    (
        "short name twice",
        _set("departments", 2, "short_name", "公安"),
        "departments no. 3",
        "short_name",
    ),
    (
        "flag as text",
        _set("departments", 0, "chief_signs_refusals", "yes"),
        "departments no. 1",
        "chief_signs_refusals",
    ),
    ("unknown field", _set("departments", 0, "chief", "gachief"), "departments no. 1", "chief"),
    ("window number", _set("windows", 2, "number", 0), "windows no. 3", "number"),
    ("window twice", _set("windows", 2, "number", 1), "windows no. 3", "number"),
    ("window's department", _set("windows", 0, "department", "XX"), "windows no. 1", "department"),
    ("clerk unknown", _set("windows", 0, "clerk_b", "nobody"), "windows no. 1", "clerk_b"),
    (
        "clerk of another department",
        _set("windows", 0, "clerk_b", "hb02"),
        "windows no. 1",
        "clerk_b",
    ),
    ("A at two windows", _set("windows", 1, "clerk_a", "ga01"), "windows no.", "clerk_a"),
    ("A and B the same", _set("windows", 0, "clerk_b", "ga01"), "windows no. 1", "clerk_b"),
    (
        "two first windows",
        _set("windows", 1, "first_window", True),
        "windows no. 2",
        "first_window",
    ),
    (
        "a first window comprehensive",
        _set("windows", 0, "comprehensive", True),
        "windows no. 1",
        "comprehensive",
    ),
    (
        "comprehensive as text",
        _set("windows", 7, "comprehensive", "是"),
        "windows no. 8",
        "comprehensive",
    ),
    ("bad phone", _set("windows", 0, "phone", "call me"), "windows no. 1", "phone"),
    ("role", _set("staff", 0, "role", "boss"), "staff no. 1", "role"),
    ("clerk without department", _set("staff", 0, "department", None), "staff no. 1", "department"),
    ("staff code twice", _set("staff", 1, "code", "ga01"), "staff no. 2", "code"),
    ("PIN as a number", _set("staff", 0, "pin", 1101), "staff no. 1", "pin"),
    ("PIN too short", _set("staff", 0, "pin", "12"), "staff no. 1", "pin"),
    ("name empty", _set("staff", 0, "name", "  "), "staff no. 1", "name"),
    (
        "hours",
        _set("profile", 0, "opening_hours", {"mon": "12:00-08:30"}),
        "profile",
        "opening_hours.mon",
    ),
    (
        "weekday",
        _set("profile", 0, "opening_hours", {"monday": "08:30-12:00"}),
        "profile",
        "opening_hours",
    ),
    ("time zone", _set("profile", 0, "timezone", "Mars/Olympus"), "profile", "timezone"),
    ("court as a list", _set("profile", 0, "court", ["a"]), "profile", "court"),
    # The hall's queues and devices (docs/rules.md §24).
    ("queue prefix", _set("queues", 0, "prefix", "AA"), "queues no. 1", "prefix"),
    ("queue twice", _set("queues", 1, "prefix", "a"), "queues no. 2", "prefix"),
    ("queue's department", _set("queues", 0, "department", "XX"), "queues no. 1", "department"),
    ("queue's window", _set("queues", 0, "windows", [2, 99]), "queues no. 1", "windows"),
    ("queue's windows", _set("queues", 0, "windows", {"a": 1}), "queues no. 1", "windows"),
    ("queue's item", _set("queues", 0, "item", "HB-001"), "queues no. 1", "item"),
    ("device kind", _set("devices", 0, "kind", "tablet"), "devices no. 1", "kind"),
    ("pad in the hall", _set("devices", 0, "window", None), "devices no. 1", "window"),
    ("kiosk at a window", _set("devices", 3, "window", 2), "devices no. 4", "window"),
    ("device's window", _set("devices", 0, "window", 99), "devices no. 1", "window"),
    ("device twice", _set("devices", 1, "code", "pad-02"), "devices no. 2", "code"),
]


@pytest.mark.parametrize(
    ("change", "where", "field"),
    [m[1:] for m in YAML_MISTAKES],
    ids=[m[0] for m in YAML_MISTAKES],
)
def test_a_bad_file_names_entry_line_and_field_and_imports_nothing(
    empty_db: str, tmp_path: Path, change: Callable[[dict[str, Any]], None], where: str, field: str
) -> None:
    path = _write(tmp_path / "centre.yaml", _demo_with(change))
    before = everything()
    with pytest.raises(CentreFileError) as error:
        import_centre(path)
    message = str(error.value)
    assert message.startswith(f"centre.yaml, {where}"), message
    assert f"field {field}:" in message, message
    if where != "profile":
        assert "(line " in message
    assert everything() == before


def test_a_file_level_mistake_is_named(empty_db: str, tmp_path: Path) -> None:
    for document, words in (
        ({"departments": []}, "schema"),
        ({"schema": 2}, "schema 2"),
        ({"schema": 1, "rooms": []}, "rooms"),
        ({"schema": 1, "staff": {"code": "x"}}, "staff"),
        (["schema", 1], "mapping"),
    ):
        path = tmp_path / "centre.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(DomainError) as error:
            import_centre(path)
        assert words in str(error.value)


def test_the_message_is_in_the_interface_language(empty_db: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "centre.yaml", _demo_with(_set("staff", 0, "role", "boss")))
    with pytest.raises(CentreFileError) as error:
        import_centre(path)
    set_language("zh_CN")
    chinese = explain(error.value)
    assert "centre.yaml" in chinese and "role" in chinese and "boss" in chinese
    assert "field" not in chinese and "未知" in chinese, chinese
    set_language("en")
    assert "Unknown role: boss" in explain(error.value)


# (cell, value, the message's beginning)
XLSX_MISTAKES = [
    ("windows!E3", "hb02", "centre.xlsx, sheet windows, row 3, field clerk_b:"),
    ("windows!A4", "三", "centre.xlsx, sheet windows, row 4, field number:"),
    ("windows!G2", "maybe", "centre.xlsx, sheet windows, row 2, field comprehensive:"),
    ("windows!F9", "TRUE", "centre.xlsx, sheet windows, row 9, field comprehensive:"),
    ("departments!E2", "maybe", "centre.xlsx, sheet departments, row 2, field chief_signs"),
    ("staff!F1", "password", "centre.xlsx, sheet staff, row 1: unknown column password"),
    ("staff!F5", "1101", "centre.xlsx, sheet staff, row 5: a value in column F"),
    ("profile!A3", "第二个中心", "centre.xlsx: sheet profile has one row of values, not 2"),
]


@pytest.mark.parametrize(("cell", "value", "start"), XLSX_MISTAKES)
def test_an_xlsx_mistake_names_sheet_row_and_field(
    demo_db: str, tmp_path: Path, cell: str, value: str, start: str
) -> None:
    path = tmp_path / "centre.xlsx"
    export_centre(path)
    workbook = openpyxl.load_workbook(path)
    sheet, coordinate = cell.split("!")
    workbook[sheet][coordinate] = value
    workbook.save(path)
    before = everything()
    with pytest.raises(DomainError) as error:
        import_centre(path)
    assert str(error.value).startswith(start), str(error.value)
    set_language("zh_CN")
    if "row" in start:
        assert f"工作表 {sheet}" in explain(error.value) and "行" in explain(error.value)
    assert "sheet" not in explain(error.value), explain(error.value)
    assert everything() == before


def test_an_xlsx_blank_profile_cell_is_an_empty_value(demo_db: str, tmp_path: Path) -> None:
    path = tmp_path / "centre.xlsx"
    export_centre(path)
    workbook = openpyxl.load_workbook(path)
    workbook["profile"]["I2"] = None  # saturday: closed
    workbook["departments"]["E3"] = "是"  # GH's chief signs refusals now
    workbook.save(path)
    import_centre(path)
    assert centre_profile().hours_of("sat") == ""
    assert Department.get(Department.code == "GH").chief_signs_refusals


def test_a_clerk_with_open_work_is_not_closed_by_a_file(demo_db: str, tmp_path: Path) -> None:
    owner = next(s for s in Staff.select().order_by(Staff.code) if work_cases(s)[0])
    document = _demo_file()
    next(s for s in document["staff"] if s["code"] == owner.code)["active"] = False
    before = everything()
    with pytest.raises(CentreFileError) as error:
        import_centre(_write(tmp_path / "close.yaml", document))
    assert "field active" in str(error.value) and "open work" in str(error.value)
    assert everything() == before


def test_the_last_administrator_is_not_closed_by_a_file(demo_db: str, tmp_path: Path) -> None:
    document = {
        "schema": 1,
        "staff": [{"code": "admin", "name": "徐文斌", "role": "admin", "active": False}],
    }
    with pytest.raises(CentreFileError) as error:
        import_centre(_write(tmp_path / "close.yaml", document))
    assert error.value.rule == "centre_file.no_admin"
    assert Staff.get(Staff.code == "admin").active


def test_the_demo_catalog_imports_into_a_centre_set_up_from_files(
    empty_db: str, tmp_path: Path
) -> None:
    """Issue 18: a bare init centre names every missing department and how to add them;
    after the centre file, the demo catalog's own export imports."""
    init_centre("示范市行政服务中心", "root", "管理员", "135790")
    with pytest.raises(CatalogError) as error:
        import_catalog(seed_dir() / "catalog.yaml")
    assert "GA, GH, HB" in str(error.value) and "centre import" in str(error.value)
    assert "department add" in str(error.value)
    import_centre(EXAMPLE)
    import_catalog(seed_dir() / "catalog.yaml")
    exported = tmp_path / "catalog.yaml"
    export_catalog(exported)
    counts = import_catalog(exported)
    assert counts["unchanged"] == 36 and counts["new"] == counts["changed"] == 0


@HOSTILE_SETTINGS
@given(text=hostile_text)
def test_hostile_text_in_a_file_is_imported_checked_or_refused(empty_db: str, text: str) -> None:
    document = {
        "schema": 1,
        "profile": {"name": "中心", "address": text},
        "departments": [{"code": "GA", "name": text, "short_name": "公安", "delegation": text}],
        "staff": [{"code": "ga01", "name": text, "role": "clerk", "department": "GA"}],
        "windows": [{"number": 1, "department": "GA", "phone": "0571-1", "clerk_a": "ga01"}],
    }  # fmt: skip
    with undone():
        before = everything()
        try:
            import_centre_file(centre_of("hostile.yaml", document))
        except CentreFileError as error:
            assert explain(error)
            assert everything() == before
        else:
            staff = Staff.get(Staff.code == "ga01")
            assert staff.name.isprintable() and staff.name == " ".join(text.split())


def test_a_clerk_of_a_centre_set_up_from_files_takes_an_intake(empty_db: str) -> None:
    """init, the example centre file and the demo catalog are a centre that works: ga01
    (given a one-time PIN by the administrator, then choosing their own)
    accepts an application for an imported item at window 1."""
    init_centre("示范市行政服务中心", "root", "管理员", "135790")
    import_centre(EXAMPLE)
    import_catalog(seed_dir() / "catalog.yaml")
    reset_pin(None, "ga01", "802461")  # the administrator's one-time PIN
    clerk = change_pin(sign_in("ga01", "802461"), "802461", "739204")  # ga01's own
    assert Window.get_by_id(clerk.window_id).number == 1
    number = draft.start_draft(clerk, "GA-001")
    draft.update_applicant(clerk, number, PERSON)
    checklist.mark_all_remaining_provided(clerk, number)
    decisions.receive_and_decide(clerk, number, decisions.accept)
    assert Case.get(Case.number == number).state == CaseState.ACCEPTED


def test_the_hall_s_queues_and_devices_are_imported_and_kept_when_left_out(
    demo_db: str, tmp_path: Path
) -> None:
    # docs/rules.md §24: a queue by its letter, a device by its code; update, never delete.
    document = _demo_file()
    document["queues"][1]["windows"] = [6, 7]
    document["queues"].append(
        {"prefix": "D", "name": "环保", "department": "HB", "item": "HB-001", "windows": "4，5"}
    )
    document["devices"] = [{"code": "kiosk-1", "name": "门口取号机", "kind": "kiosk"}]
    result = import_centre(_write(tmp_path / "centre.yaml", document))
    assert (result.queues.new, result.queues.changed, result.queues.unchanged) == (1, 1, 2)
    assert (result.devices.new, result.devices.changed) == (0, 1)
    queues = {q["prefix"]: q for q in centre_document()["queues"]}
    assert (queues["B"]["windows"], queues["D"]["windows"], queues["D"]["item"]) == (
        [6, 7],
        [4, 5],
        "HB-001",
    )
    devices = {d["code"]: d for d in centre_document()["devices"]}
    assert devices["kiosk-1"]["name"] == "门口取号机" and "pad-02" in devices

    del document["queues"], document["devices"]
    result = import_centre(_write(tmp_path / "again.yaml", document))
    assert (result.queues.new, result.devices.new) == (0, 0)
    assert {q["prefix"] for q in centre_document()["queues"]} == {"A", "B", "C", "D"}


def test_a_workbook_without_the_hall_s_sheets_imports(demo_db: str, tmp_path: Path) -> None:
    path = tmp_path / "centre.xlsx"
    export_centre(path)
    workbook = openpyxl.load_workbook(path)
    del workbook["queues"], workbook["devices"]
    workbook.save(path)
    result = import_centre(path)
    assert (result.queues, result.devices) == (type(result.queues)(), type(result.devices)())
    assert len(centre_document()["queues"]) == 3


def test_a_kiosk_s_paper_is_read_checked_and_written(demo_db: str, tmp_path: Path) -> None:
    devices = {d["code"]: d for d in centre_document()["devices"]}
    assert (devices["kiosk-1"]["paper"], devices["pad-02"]["paper"]) == (58, None)
    document = _demo_file()
    document["devices"] = [{"code": "kiosk-1", "kind": "kiosk", "paper": 80}]
    import_centre(_write(tmp_path / "centre.yaml", document))
    assert {d["code"]: d for d in centre_document()["devices"]}["kiosk-1"]["paper"] == 80
    path = tmp_path / "centre.xlsx"
    export_centre(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["devices"]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "kiosk-1")
    row[header.index("paper")].value = 58
    workbook.save(path)
    import_centre(path)
    assert {d["code"]: d for d in centre_document()["devices"]}["kiosk-1"]["paper"] == 58
    for bad in ({"code": "kiosk-1", "kind": "kiosk", "paper": 70},
                {"code": "display-1", "kind": "display", "paper": 80}):  # fmt: skip
        document["devices"] = [bad]
        with pytest.raises(DomainError):
            import_centre(_write(tmp_path / "bad.yaml", document))
    assert {d["code"]: d for d in centre_document()["devices"]}["kiosk-1"]["paper"] == 58

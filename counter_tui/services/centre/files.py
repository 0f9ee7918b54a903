"""Centre files: the whole centre — its profile, departments, windows and staff — as
YAML, JSON or XLSX (docs/architecture.md §5.1, docs/rules.md §17): reading a file into
its entries, each with its place for messages, and writing the centre out.

YAML and JSON hold ``{schema: 1, profile: {...}, departments: [...], windows: [...],
staff: [...], queues: [...], devices: [...]}`` (``db/seed/centre.yaml`` is one); an XLSX
workbook holds a sheet per kind (services/centre/xlsx.py). Staff never carry a PIN out.
Export writes what is stored in a fixed order, so export → import
(services/centre/importing.py) → export gives the same bytes.

yaml and openpyxl are imported inside the functions: never on the start-up path.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from counter_tui.domain.centre import WEEKDAYS
from counter_tui.domain.errors import N_, DomainError, Message
from counter_tui.services.catalog.checks import file_error
from counter_tui.services.catalog.files import (
    check_schema,
    document_text,
    export_format,
    format_of,
    read_document,
    write_whole,
    yaml_list,
)
from counter_tui.services.catalog.xlsx import Translate
from counter_tui.services.centre.entries import (
    DEPARTMENT_FIELDS,
    SECTIONS,
    CentreFile,
    Entry,
)
from counter_tui.services.centre.queues import list_windows_of
from counter_tui.services.errors import ServiceError
from counter_tui.services.profile import PROFILE_FIELDS, centre_profile
from counter_tui.store.models import Department, Device, Staff, TicketQueue, Window

SCHEMA = 1


class CentreFileError(ServiceError):
    """A centre file cannot be imported; the message names where and why."""


def entry_error(where: Message, field: str, problem: Message | DomainError) -> CentreFileError:
    return CentreFileError(
        "centre_file.invalid",
        N_("{where}, field {field}: {problem}"),
        where=where,
        field=field,
        problem=problem,
    )


# ── reading ────────────────────────────────────────────────────────────────


def read_centre_file(path: str | Path) -> CentreFile:
    path = Path(path)
    if format_of(path) == "xlsx":
        from counter_tui.services.centre.xlsx import read_centre_xlsx

        return read_centre_xlsx(path)
    return centre_of(path.name, *read_document(path))


def centre_of(name: str, data: Any, node: Any = None) -> CentreFile:
    """The entries of a centre document (parsed YAML or JSON) named ``name``; ``node``, its
    YAML node tree, gives each entry's line."""
    if not isinstance(data, Mapping):
        raise file_error(
            N_("{file}: the file must hold a mapping with schema: 1 and {sections}"),
            file=name,
            sections=", ".join(SECTIONS),
        )
    for key in data:
        if key not in ("schema", *SECTIONS):
            raise file_error(N_("{file}: unknown section {section}"), file=name, section=str(key))
    check_schema(name, data, SCHEMA)
    centre = CentreFile(name)
    profile = data.get("profile")
    if profile is not None:
        where = Message(N_("{file}, {section}"), file=name, section="profile")
        if not isinstance(profile, Mapping):
            raise entry_error(where, "profile", Message(N_("it must be a mapping of fields")))
        hours = profile.get("opening_hours")
        values = {k: v for k, v in profile.items() if k != "opening_hours"}
        if hours is not None:
            if not isinstance(hours, Mapping) or not all(day in WEEKDAYS for day in hours):
                raise entry_error(
                    where,
                    "opening_hours",
                    Message(N_("it must map weekdays ({days}) to hours"), days=", ".join(WEEKDAYS)),
                )
            values.update({f"opening_hours.{day}": hours[day] for day in hours})
        centre.profile = Entry(where, values)
    for section in SECTIONS[1:]:
        entries = data.get(section)
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise file_error(N_("{file}: {section} must be a list"), file=name, section=section)
        lines = [n.start_mark.line + 1 for n in yaml_list(node, section)] if node else []
        for number, values in enumerate(entries, 1):
            if number <= len(lines):
                where = Message(
                    N_("{file}, {section} no. {number} (line {line})"),
                    file=name,
                    section=section,
                    number=number,
                    line=lines[number - 1],
                )
            else:
                where = Message(
                    N_("{file}, {section} no. {number}"), file=name, section=section, number=number
                )
            if not isinstance(values, Mapping):
                raise entry_error(where, section, Message(N_("it must be a mapping of fields")))
            getattr(centre, section).append(Entry(where, values))
    return centre


# ── writing ────────────────────────────────────────────────────────────────


def centre_document() -> dict[str, Any]:
    """The whole centre in the fields and order of the file format (no PINs)."""
    profile = centre_profile()
    departments = {d.id: d for d in Department.select().order_by(Department.code)}
    staff = {s.id: s for s in Staff.select().order_by(Staff.code)}
    windows = dict(Window.select(Window.id, Window.number).tuples())

    def code(staff_id: int | None) -> str | None:
        return staff[staff_id].code if staff_id is not None else None

    return {
        "schema": SCHEMA,
        "profile": {
            name: dict(zip(WEEKDAYS, profile.opening_hours, strict=True))
            if name == "opening_hours"
            else getattr(profile, name)
            for name in PROFILE_FIELDS
        },
        "departments": [
            {name: getattr(d, name) for name in DEPARTMENT_FIELDS} for d in departments.values()
        ],
        "windows": [
            {
                "number": w.number,
                "department": departments[w.department_id].code,
                "phone": w.phone,
                "clerk_a": code(w.clerk_a_id),
                "clerk_b": code(w.clerk_b_id),
                "first_window": w.first_window,
                "comprehensive": w.comprehensive,
            }
            for w in Window.select().order_by(Window.number)
        ],
        "staff": [
            {
                "code": s.code,
                "name": s.name,
                "role": s.role,
                "department": departments[s.department_id].code if s.department_id else None,
                "active": s.active,
            }
            for s in staff.values()
        ],
        "queues": _queues(departments),
        "devices": [
            {
                "code": d.code,
                "name": d.name,
                "kind": d.kind,
                "window": windows[d.window_id] if d.window_id else None,
                "active": d.active,
                "paper": d.paper,
            }
            for d in Device.select().order_by(Device.code)
        ],
    }


def _queues(departments: Mapping[int, Department]) -> list[dict[str, Any]]:
    return [
        {
            "prefix": q.prefix,
            "name": q.name,
            "department": departments[q.department_id].code,
            "item": q.item_code,
            "windows": list_windows_of(q),
            "active": q.active,
        }
        for q in TicketQueue.select().order_by(TicketQueue.prefix)
    ]


def _identity(message: str) -> str:
    return message


def centre_text(format: str, translate: Translate = _identity) -> str:
    """The centre as YAML or JSON text."""
    header = translate(N_("counter-tui centre file, schema 1; fields as in db/seed/centre.yaml"))
    return document_text(format, centre_document(), header)


def export_centre(
    path: str | Path, format: str | None = None, translate: Translate = _identity
) -> None:
    """Write the centre to ``path`` (whole or not at all); the format follows the extension."""
    path = Path(path)
    kind = export_format(path, format)
    if kind == "xlsx":
        from counter_tui.services.centre.xlsx import write_centre_xlsx

        document = centre_document()
        write_whole(path, lambda temporary: write_centre_xlsx(temporary, document, translate))
    else:
        text = centre_text(kind, translate)
        write_whole(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))

"""The hall's devices, bound by the administrator (docs/rules.md §24): a rating pad to a
window, a ticket kiosk or a calling display to the hall. Binding a code again moves or
changes that device; one is disabled, never deleted."""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain.centre import check_name, check_window_number
from counter_tui.domain.errors import N_, Label
from counter_tui.domain.tickets import (
    DEVICE_LABELS,
    DeviceKind,
    check_device,
    check_device_code,
    check_device_kind,
    check_paper,
)
from counter_tui.services.auth import StaffSession, acting_admin
from counter_tui.services.cases.change import locked
from counter_tui.services.centre.changes import apply_changes
from counter_tui.services.errors import ServiceError
from counter_tui.services.handover.staffing import window_by_number
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Device, Window, database_proxy

DEVICE_NAME = Label(N_("Device name"))


@dataclass(frozen=True)
class DeviceView:
    code: str
    name: str
    kind: DeviceKind
    window: int | None  # the window's number; None: the hall
    active: bool
    paper: int | None = None  # a kiosk's receipt roll in mm; None: not set (DEFAULT_PAPER)


def _view(device: Device) -> DeviceView:
    window = Window.get_by_id(device.window_id).number if device.window_id else None
    kind = DeviceKind(device.kind)
    return DeviceView(device.code, device.name, kind, window, device.active, device.paper)


def list_devices() -> list[DeviceView]:
    return [_view(device) for device in Device.select().order_by(Device.code)]


def device_by_code(code: str) -> DeviceView:
    """A device as a terminal starting in its mode reads it; ServiceError when the code is
    not bound, or the device is disabled."""
    device = Device.get_or_none(Device.code == check_device_code(code))
    if device is None or not device.active:
        raise ServiceError("device.unknown", N_("No active device has the code {code}"), code=code)
    return _view(device)


def device_of_kind(code: str, kind: DeviceKind | str) -> DeviceView:
    """The active device ``code`` as a terminal starting as a ``kind`` reads it: a kiosk
    started with a display's code, or a pad's, is refused like an unknown one."""
    wanted = check_device_kind(kind)
    device = device_by_code(code)
    if device.kind is not wanted:
        raise ServiceError(
            "device.other_kind",
            N_("The device {code} is bound as a {kind}, not as a {wanted}"),
            code=device.code,
            kind=Label(DEVICE_LABELS[device.kind]),
            wanted=Label(DEVICE_LABELS[wanted]),
        )
    return device


def bind_device(
    session: StaffSession | None,
    code: str,
    kind: DeviceKind | str,
    *,
    window: int | str | None = None,
    name: str = "",
    active: bool = True,
    paper: int | str | None = None,
) -> DeviceView:
    """Bind the device ``code`` (new, or bound before: moved or changed) as ``kind`` to
    ``window`` (a pad) or to the hall (None: a kiosk or a display); a kiosk with the
    width of its receipt roll (``paper``, mm; None: not set). Bound so already: nothing
    changes, no event."""
    code = check_device_code(code)
    number = None if window in (None, "") else check_window_number(window)
    device_kind = check_device(kind, number)
    width = check_paper(device_kind, paper)
    name = check_name(name, DEVICE_NAME, required=False)
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        target = window_by_number(number) if number is not None else None
        device = locked(Device.select().where(Device.code == code)).first()
        values = {
            "name": name,
            "kind": device_kind.value,
            "window_id": target.id if target else None,
            "active": active,
            "paper": width,
        }
        if device is None:
            device = Device.create(code=code, **values)
            changed = {key: [None, value] for key, value in values.items()}
        else:
            changed = apply_changes(device, values)
            device.save()
        if changed:
            data = {"device": code, "kind": device_kind.value, "window": number, "active": active}
            append_event("device_bound", staff=admin, data={**data, "name": name, "paper": width})
    return _view(device)

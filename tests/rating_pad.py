"""The applicant at the window's pad, for the tests (docs/rules.md §11): a pad bound to a
window, and a case's pending service rated the way the pad rates it."""

from datetime import timedelta

from counter_tui.domain.ratings import PoorReason
from counter_tui.services.cases.rating_requests import pending_request_of_case
from counter_tui.services.tracking.ratings import rate_on_pad
from counter_tui.store.models import Device, Window


def bind_pad(window: int) -> str:
    """A pad at window ``window`` (as the administrator binds one); its code."""
    code = f"pad-t{window:02d}"
    target = Window.get(Window.number == window)
    Device.get_or_create(code=code, defaults={"kind": "pad", "window": target, "name": ""})
    return code


def rate_case(
    number: str, level: int, reason: PoorReason | str | None = None, text: str = ""
) -> int:
    """The case's newest pending service, rated a minute after it was asked; its id."""
    request = pending_request_of_case(number)
    assert request is not None, number
    at = request.requested_at + timedelta(minutes=1)
    rate_on_pad(request.pad, request.id, level, reason, text, at=at)
    return request.id

"""The centre's local date: working-day arithmetic works on local dates (DESIGN §5)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from counter_tui.config import DEFAULT_TIMEZONE
from counter_tui.store.settings import setting


def centre_timezone() -> ZoneInfo:
    return ZoneInfo(setting("timezone") or DEFAULT_TIMEZONE)


def local_today() -> date:
    return datetime.now(centre_timezone()).date()


def to_local(utc_naive: datetime) -> datetime:
    """A stored (naive UTC) timestamp in the centre's time zone."""
    return utc_naive.replace(tzinfo=ZoneInfo("UTC")).astimezone(centre_timezone())

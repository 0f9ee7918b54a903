"""The centre's local date: working-day arithmetic works on local dates (docs/architecture.md
§2.5)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from counter_tui.config import DEFAULT_TIMEZONE
from counter_tui.store.models import shared_now
from counter_tui.store.settings import setting

TIMEZONE_SETTING = "timezone"


def zone_named(name: str | None) -> ZoneInfo:
    """The time zone stored under ``TIMEZONE_SETTING`` (``name``; the default when unset)."""
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def centre_timezone() -> ZoneInfo:
    return zone_named(setting(TIMEZONE_SETTING))


def local_today() -> date:
    return datetime.now(centre_timezone()).date()


def to_local(utc_naive: datetime, zone: ZoneInfo | None = None) -> datetime:
    """A stored (naive UTC) timestamp in ``zone``, by default the centre's time zone."""
    return utc_naive.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone or centre_timezone())


def to_stored(local: datetime, zone: ZoneInfo | None = None) -> datetime:
    """A local wall-clock time in ``zone`` (by default the centre's) as it is stored: naive
    UTC. The inverse of ``to_local``."""
    aware = local.replace(tzinfo=zone or centre_timezone())
    return aware.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def day_start(day: date, zone: ZoneInfo | None = None) -> datetime:
    """The stored (naive UTC) moment the local ``day`` begins in ``zone``, by default the
    centre's."""
    return to_stored(datetime.combine(day, time(0)), zone)


def report_moment(today: date, now: datetime | None = None) -> datetime:
    """The moment (stored UTC) a report on ``today`` reads open work as of: ``now`` (the
    shared clock by default), or the end of ``today`` when that day is past."""
    return min(now or shared_now(), day_start(today + timedelta(days=1)))

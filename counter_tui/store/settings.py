"""The centre's settings (its name, time zone, thresholds)."""

from collections.abc import Iterable

from counter_tui.store.models import Setting


def setting(key: str) -> str | None:
    """The stored value of ``key``; None when it was never set."""
    return settings([key]).get(key)


def settings(keys: Iterable[str]) -> dict[str, str]:
    """The stored values of ``keys``, in one query; a key never set is left out."""
    return dict(
        Setting.select(Setting.key, Setting.value).where(Setting.key.in_(list(keys))).tuples()
    )


def set_setting(key: str, value: str) -> None:
    Setting.upsert(Setting.key, key=key, value=value)

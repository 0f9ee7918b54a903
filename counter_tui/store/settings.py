"""The centre's settings (its name, time zone, thresholds), each read once per write
transaction however often its steps ask."""

from counter_tui.store.database import forget, remembered
from counter_tui.store.models import Setting
from counter_tui.store.prepared import Prepared, slot

_VALUE = Prepared(lambda: Setting.select(Setting.value).where(Setting.key == slot()))


def setting(key: str) -> str | None:
    """The stored value of ``key``; None when it was never set."""

    def stored() -> str | None:
        row = _VALUE.one(key)
        return row[0] if row else None

    return remembered(("setting", key), stored)


def set_setting(key: str, value: str) -> None:
    Setting.upsert(key=key, value=value)
    forget(("setting", key))

"""What the administration services share: setting a row's fields and telling the event
what changed, a department or staff member named by its code."""

from collections.abc import Mapping
from typing import Any

from peewee import Model


def shown(value: Any) -> Any:
    """A value as the event records it: a department or staff member by its code."""
    return value.code if isinstance(value, Model) else value


def given(**values: Any) -> dict[str, Any]:
    """The values a change was given: None is "leave as it is"."""
    return {name: value for name, value in values.items() if value is not None}


def apply_changes(row: Model, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set ``values`` on ``row`` (unsaved); returns what changed, as
    ``{field: [before, after]}``."""
    changed = {}
    for name, value in values.items():
        before = getattr(row, name)
        if before == value:
            continue
        setattr(row, name, value)
        changed[name] = [shown(before), shown(value)]
    return changed

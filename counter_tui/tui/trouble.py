"""The database out of reach (docs/architecture.md §2.1), in words: what the clerk's app
and the hall's devices catch, and what the clerk reads. Light: the devices start on it."""

from __future__ import annotations

from peewee import InterfaceError, OperationalError

from counter_tui.i18n import _

# What a read or a write raises when the server went away (restarted, a network cut) or
# the disk is full: nothing was written, and the store reconnects on the next statement.
DATABASE_AWAY = (OperationalError, InterfaceError)


def database_trouble(error: Exception) -> str:
    """What the clerk reads when the database cannot take a change just now."""
    reason = str(error).strip().splitlines()[0] if str(error).strip() else "—"
    if "is full" in reason or "No space left" in reason:  # SQLite's words; PostgreSQL's
        return _(
            "The disk that holds the database is full ({reason}): nothing was saved. What "
            "is on the screen is kept; ask for space to be freed, then try again."
        ).format(reason=reason)
    return _(
        "The database cannot be reached just now: {reason}. Nothing on the screen is lost; "
        "try again in a moment."
    ).format(reason=reason)

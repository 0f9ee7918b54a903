"""Statements of the counter's hot path whose SQL peewee builds once.

peewee builds a query's SQL anew each time it runs it, and that costs about 0.2 ms a
statement: more than SQLite takes to run most of them. An intake is some forty statements.
A ``Prepared`` statement is written with peewee as usual, with ``slot()`` where a value
goes; its SQL is built on first use (per database: the engines differ in placeholders and
locking) and afterwards only the values are bound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from peewee import SQL, Database, Query

from counter_tui.store.models import database_proxy


def slot() -> SQL:
    """Where a value goes in a prepared statement (the engine's placeholder)."""
    return SQL(database_proxy.param)


class Prepared:
    """One statement: ``build()`` returns the peewee query, with ``slot()`` for each value
    (in the order ``run`` and ``models`` then take them) and no value of its own."""

    def __init__(self, build: Callable[[], Query]) -> None:
        self._build = build
        self._built: tuple[Database, Query, str] | None = None

    def _query(self) -> tuple[Query, str]:
        db = database_proxy.obj
        if self._built is None or self._built[0] is not db:
            query = self._build()
            sql, params = query.sql()
            if params:
                raise ValueError(f"a prepared statement binds every value by slot(): {sql}")
            self._built = (db, query, sql)
        return self._built[1], self._built[2]

    def run(self, *values: Any) -> Any:
        """Run with ``values``; the driver's cursor."""
        return database_proxy.execute_sql(self._query()[1], values)

    def run_many(self, rows: Iterable[Sequence[Any]]) -> None:
        """Run once for each row of values (one call into the driver)."""
        database_proxy.cursor().executemany(self._query()[1], list(rows))

    def insert(self, *values: Any) -> int:
        """Run an INSERT; the new row's id (PostgreSQL returns it, SQLite keeps it)."""
        cursor = self.run(*values)
        return cursor.fetchone()[0] if database_proxy.returning_clause else cursor.lastrowid

    def one(self, *values: Any) -> Sequence[Any] | None:
        """The first row as a tuple; None when there is none."""
        return self.run(*values).fetchone()

    def models(self, *values: Any) -> list[Any]:
        """The rows as the query would give them: model instances, with the models it
        joins filled in (case.department, …), columns converted as peewee does."""
        query, sql = self._query()
        cursor = database_proxy.execute_sql(sql, values)
        # The query's own reader of its rows: peewee's, not public, stable since 3.0.
        return list(query._get_cursor_wrapper(cursor))

    def first(self, *values: Any) -> Any | None:
        found = self.models(*values)
        return found[0] if found else None

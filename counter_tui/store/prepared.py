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

from peewee import Context, Database, Field, Node, Query

from counter_tui.store.models import database_proxy


class _Bound:
    """A value's place in a prepared statement's SQL, with how its column stores it."""

    def __init__(self, convert: Callable[[Any], Any] | None) -> None:
        self.convert = convert


class _Slot(Node):
    def __init__(self, column: Field | None) -> None:
        super().__init__()
        self.column = column

    def __sql__(self, ctx: Context) -> Context:
        # A comparison with a column gives its conversion (Case.number == slot());
        # an INSERT's or UPDATE's values name theirs (slot(Case.number)).
        convert = self.column.db_value if self.column is not None else ctx.state.converter
        return ctx.value(_Bound(convert), converter=False)


def slot(column: Field | None = None) -> Node:
    """Where a value goes in a prepared statement: compared with a column, or set into
    ``column``. The value is stored as peewee would store it (the store's text rule,
    dates, …)."""
    return _Slot(column)


class Prepared:
    """One statement: ``build()`` returns the peewee query, with ``slot()`` for each value
    (in the order ``run`` and ``models`` then take them) and no value of its own."""

    def __init__(self, build: Callable[[], Query]) -> None:
        self._build = build
        self._built: tuple[Database, Query, str, tuple[Any, ...]] | None = None

    def _query(self) -> tuple[Query, str]:
        db = database_proxy.obj
        if self._built is None or self._built[0] is not db:
            query = self._build()
            sql, params = query.sql()
            if not all(isinstance(param, _Bound) for param in params):
                raise ValueError(f"a prepared statement binds every value by slot(): {sql}")
            self._built = (db, query, sql, tuple(param.convert for param in params))
        return self._built[1], self._built[2]

    def _values(self, values: Sequence[Any]) -> tuple[Any, ...]:
        assert self._built is not None
        converts = self._built[3]
        if len(values) != len(converts):
            raise ValueError(f"{len(converts)} values expected, {len(values)} given")
        return tuple(
            convert(value) if convert is not None else value
            for convert, value in zip(converts, values, strict=True)
        )

    def run(self, *values: Any) -> Any:
        """Run with ``values``; the driver's cursor."""
        sql = self._query()[1]
        return database_proxy.execute_sql(sql, self._values(values))

    def run_many(self, rows: Iterable[Sequence[Any]]) -> None:
        """Run once for each row of values (one call into the driver)."""
        sql = self._query()[1]
        database_proxy.cursor().executemany(sql, [self._values(row) for row in rows])

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
        cursor = database_proxy.execute_sql(sql, self._values(values))
        # The query's own reader of its rows: peewee's, not public, stable since 3.0.
        return list(query._get_cursor_wrapper(cursor))

    def first(self, *values: Any) -> Any | None:
        found = self.models(*values)
        return found[0] if found else None

"""Statements of the counter's hot path whose SQL peewee builds once.

peewee builds a query's SQL anew each time it runs it, and that costs about 0.2 ms a
statement: more than SQLite takes to run most of them. An intake is some forty statements.
A ``Prepared`` statement is written with peewee as usual, with ``slot()`` where a value
goes; its SQL is built on first use (per database: the engines differ in placeholders and
locking) and afterwards only the values are bound.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from peewee import Context, Database, Field, ForeignKeyField, Model, Node, Query

from counter_tui.store.models import database_proxy


class _Bound:
    """A value's place in a prepared statement's SQL: which value it takes (the slots are
    numbered as written) and how its column stores it."""

    def __init__(self, index: int, convert: Callable[[Any], Any] | None) -> None:
        self.index = index
        self.convert = convert


class _Slot(Node):
    def __init__(self, column: Field | None) -> None:
        super().__init__()
        self.column = column
        self.index = next(_numbering)

    def __sql__(self, ctx: Context) -> Context:
        # A comparison with a column gives its conversion (Case.number == slot());
        # an INSERT's or UPDATE's values name theirs (slot(Case.number)).
        convert = self.column.db_value if self.column is not None else ctx.state.converter
        return ctx.value(_Bound(self.index, convert), converter=False)


# Numbers the slots of the statement being built, from 0 (Prepared._query starts it).
_numbering = itertools.count()


_building = threading.Lock()  # one statement built at a time: the numbering is shared


def _numbered(build: Callable[[], Query]) -> tuple[Query, int]:
    """The query ``build`` returns, its slots numbered from 0; and how many it has."""
    global _numbering
    with _building:
        _numbering = itertools.count()
        query = build()
        return query, next(_numbering)


def slot(column: Field | None = None) -> Node:
    """Where a value goes in a prepared statement: compared with a column, or set into
    ``column``. The value is stored as peewee would store it (the store's text rule,
    dates, …)."""
    return _Slot(column)


class Prepared:
    """One statement: ``build()`` returns the peewee query, with ``slot()`` for each value
    and no value of its own. ``run`` and the others take the values in the order the
    slots were written in ``build``, whatever order peewee puts them in the SQL (it sorts
    an UPDATE's columns, for one)."""

    def __init__(self, build: Callable[[], Query]) -> None:
        self._build = build
        self._built: tuple[Database, Query, str, tuple[_Bound, ...], int] | None = None
        self._reader: dict[str, Any] | None = None  # see models()

    def _query(self) -> tuple[Query, str]:
        db = database_proxy.obj
        if self._built is None or self._built[0] is not db:
            query, slots = _numbered(self._build)
            sql, params = query.sql()
            if not all(isinstance(param, _Bound) for param in params) or sorted(
                param.index for param in params
            ) != list(range(slots)):
                raise ValueError(f"a prepared statement binds every value by slot(): {sql}")
            self._built = (db, query, sql, tuple(params), slots)
            self._reader = None
        return self._built[1], self._built[2]

    def _values(self, values: Sequence[Any]) -> tuple[Any, ...]:
        """``values`` in the SQL's order, each stored by its column's rule."""
        assert self._built is not None
        bound, slots = self._built[3], self._built[4]
        if len(values) != slots:
            raise ValueError(f"{slots} values expected, {len(values)} given")
        return tuple(
            b.convert(values[b.index]) if b.convert is not None else values[b.index] for b in bound
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
        # The query's own reader of its rows (peewee's, not public, stable since 3.0).
        # On its first row it works out which column goes to which model field, which
        # costs as much as reading a case: the same SQL has the same columns, so what it
        # worked out the first time is given to the next readers.
        reader = query._get_cursor_wrapper(cursor)
        if self._reader is not None:
            vars(reader).update(self._reader)
            reader.initialized = True
        before = set(vars(reader))
        rows = list(reader.iterator())
        if self._reader is None and reader.initialized:
            self._reader = {k: v for k, v in vars(reader).items() if k not in before}
        return rows

    def first(self, *values: Any) -> Any | None:
        found = self.models(*values)
        return found[0] if found else None


# The UPDATE of each set of changed columns (by name: a peewee column's == builds SQL)
# of each model, prepared on first use.
_UPDATES: dict[tuple[type[Model], tuple[str, ...]], Prepared] = {}


def save_changes(row: Model) -> None:
    """Write the columns of ``row`` (read from the database) that were changed since it was
    read or saved: peewee's ``save()`` with ``only_save_dirty``, its UPDATE prepared."""
    model = type(row)
    columns = tuple(sorted(row.dirty_fields, key=lambda column: column.name))
    if not columns:
        return
    key = (model, tuple(column.name for column in columns))
    statement = _UPDATES.get(key)
    if statement is None:
        statement = _UPDATES[key] = Prepared(
            lambda: model.update({column: slot(column) for column in columns}).where(
                model._meta.primary_key == slot()
            )
        )
    statement.run(*(_value(row, column) for column in columns), row.get_id())
    row._dirty.clear()  # as save() does: the row now matches the database


# The INSERT of each model's new rows (every column but the id), prepared on first use.
_INSERTS: dict[type[Model], tuple[tuple[Field, ...], Prepared]] = {}


def _insert(model: type[Model]) -> tuple[tuple[Field, ...], Prepared]:
    if model not in _INSERTS:
        columns = tuple(c for c in model._meta.sorted_fields if c is not model._meta.primary_key)
        _INSERTS[model] = (
            columns,
            Prepared(lambda: model.insert({column: slot(column) for column in columns})),
        )
    return _INSERTS[model]


def insert_row(row: Model) -> None:
    """Insert ``row``, a new instance (its defaults filled in), with its model's prepared
    INSERT; its id is set: peewee's ``save()`` of a new row, prepared."""
    columns, statement = _insert(type(row))
    row.id = statement.insert(*(_value(row, column) for column in columns))
    row._dirty.clear()  # as save() does: the row now matches the database


def insert_rows(model: type[Model], rows: Iterable[Model]) -> None:
    """Insert new instances of ``model`` in one call into the driver (their ids are not
    read back)."""
    columns, statement = _insert(model)
    statement.run_many([_value(row, column) for column in columns] for row in rows)


def _value(row: Model, column: Field) -> Any:
    # A foreign key's id, not the row it points to (which reading would load).
    return getattr(
        row, column.object_id_name if isinstance(column, ForeignKeyField) else column.name
    )

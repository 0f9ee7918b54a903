"""connect(url): the one place that knows which database engine is in use."""

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from peewee import Database, DatabaseProxy, OperationalError, SqliteDatabase

from counter_tui.domain.errors import N_
from counter_tui.store.errors import StoreError
from counter_tui.store.models import database_proxy

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,  # ms; a second writer waits instead of failing at once
    "synchronous": "normal",
}


def sqlite_path(url: str) -> str | None:
    """The file of an SQLite URL (or bare path); None for other engines."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    if url.startswith("sqlite://"):
        return url.removeprefix("sqlite://") or ":memory:"
    if "://" not in url:
        return url
    return None


def _create_private_file(path: Path) -> None:
    """The database holds ID numbers: only its owner may read it (mode 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    path.chmod(0o600)


def connect(url: str) -> Database:
    """Open the database at ``url`` and bind the models to it."""
    path = sqlite_path(url)
    if path is not None:
        if path != ":memory:":
            try:
                _create_private_file(Path(path).expanduser())
            except OSError as error:
                raise StoreError(
                    "store.open",
                    N_("Cannot open the database file {path}: {reason}"),
                    path=path,
                    reason=error.strerror or str(error),
                ) from error
            path = str(Path(path).expanduser())
        db: Database = SqliteDatabase(path, pragmas=SQLITE_PRAGMAS)
    else:
        _require_driver(url)
        from playhouse.db_url import connect as connect_url  # loads every engine's module

        try:
            db = _reconnecting(url) if _is_postgres(url) else connect_url(url)
        except (ImportError, RuntimeError) as error:
            raise StoreError(
                "store.driver",
                N_("No driver for {url}: install counter-tui[postgres] ({reason})"),
                url=redact(url),
                reason=str(error),
            ) from error
        except ValueError as error:
            raise StoreError(
                "store.url",
                N_("Not a database URL: {url}"),
                url=redact(url),
            ) from error
    database_proxy.initialize(db)
    try:
        db.connect(reuse_if_open=True)
    except Exception as error:  # the driver's own error types differ per engine
        raise StoreError(
            "store.open",
            N_("Cannot open the database {path}: {reason}"),
            path=redact(url),
            reason=str(error).strip(),
        ) from error
    return db


def _require_driver(url: str) -> None:
    """peewee only notices a missing driver on connecting, and then names psycopg2."""
    if _is_postgres(url) and importlib.util.find_spec("psycopg") is None:
        raise StoreError(
            "store.driver",
            N_("No driver for {url}: install counter-tui[postgres] ({reason})"),
            url=redact(url),
            reason="psycopg",
        )


def _is_postgres(url: str) -> bool:
    return url.split("://", 1)[0] in ("postgres", "postgresql", "postgres+pool", "postgresql+pool")


# psycopg 3's words when the server went away: restarted, shut down, a network cut.
GONE_AWAY = (
    "terminating connection",
    "server closed the connection",
    "the connection is closed",
    "connection is lost",
    "consuming input failed",
)


def _reconnecting(url: str) -> Database:
    """PostgreSQL through psycopg 3 (the ``postgres`` extra), whatever else is installed,
    connecting again when the server went away since the last statement (issue 20: the
    server restarted under a clerk's intake) — never inside a transaction, whose work
    would be lost silently: that one fails, and the next begins on a new connection. A
    pooled URL (``+pool``) takes the pool's own checks instead."""
    from peewee import InterfaceError, OperationalError, PostgresqlDatabase
    from playhouse.db_url import connect as connect_url
    from playhouse.db_url import parse
    from playhouse.shortcuts import ReconnectMixin

    if "+pool" in url.split("://", 1)[0]:
        return connect_url(url, prefer_psycopg3=True)

    class ReconnectingPostgres(ReconnectMixin, PostgresqlDatabase):  # type: ignore[misc]
        reconnect_errors = tuple(
            (error, words) for error in (OperationalError, InterfaceError) for words in GONE_AWAY
        )

    params = parse(url)
    return ReconnectingPostgres(params.pop("database"), prefer_psycopg3=True, **params)


def redact(url: str) -> str:
    """A URL fit for messages: the password is never printed."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def is_sqlite(db: Database | DatabaseProxy) -> bool:
    """Whether ``db`` is SQLite; a proxy (the models' ``database_proxy``) is looked through."""
    if isinstance(db, DatabaseProxy):
        db = db.obj
    return isinstance(db, SqliteDatabase)


def change_mark(db: Database | DatabaseProxy) -> tuple[int, int] | None:
    """A mark that moves whenever what this thread's connection reads may have changed:
    on SQLite, the count of other connections' commits (``PRAGMA data_version``, other
    processes' and threads' alike) with this connection's own row changes
    (``total_changes``, rolled back ones too, so it errs towards "changed"). None on
    PostgreSQL, which keeps no such count: a reader there must read again."""
    if not is_sqlite(db):
        return None
    version = db.execute_sql("PRAGMA data_version").fetchone()[0]
    return version, db.connection().total_changes


# The key of the PostgreSQL advisory lock that serialises writers (any constant will do,
# as long as every writer uses the same one): "counter-tui" read as a number.
WRITER_LOCK = 0x636F756E746572


def take_writer_lock(db: Database | DatabaseProxy) -> None:
    """On PostgreSQL, wait for the writers' lock until this transaction ends; a no-op on SQLite.

    Every change appends to the one event chain (store.events), so writers queue on its
    head anyway; taking that place in the queue first, before any row lock, means two
    writers never hold locks in opposite orders (no deadlock) and a read that decides a
    write sees every earlier writer's commit (no lost update). Re-entrant: a transaction
    may take it again.
    """
    if not is_sqlite(db) and db.in_transaction():
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))


def too_new(found: int, supported: int) -> StoreError:
    """A database of a newer schema than this program's: it would write what the newer
    program could not read, or lose what it records."""
    return StoreError(
        "store.too_new",
        N_(
            "This database has schema version {found}, newer than this program "
            "understands ({supported}). Upgrade counter-tui to open it."
        ),
        found=found,
        supported=supported,
    )


def _check_schema(db: Database) -> None:
    """Inside a write: the schema is still the one this program was opened on (set on the
    database by ``migrations.migrate``). Another workstation may have upgraded the shared
    database since; this program then writes nothing more (issue 20)."""
    supported = getattr(db, "program_schema", None)
    if supported is None:
        return
    found = db.execute_sql('SELECT MAX("version") FROM "schema_version"').fetchone()[0] or 0
    if found > supported:
        raise too_new(found, supported)


@contextmanager
def write_transaction(db: Database | DatabaseProxy) -> Iterator[None]:
    """A transaction that reads and then writes.

    On SQLite it takes the write lock at BEGIN (BEGIN IMMEDIATE): a deferred
    transaction that upgrades to a writer later fails with "database is locked"
    when another writer got there first, busy_timeout notwithstanding.
    On PostgreSQL it takes the writers' advisory lock (take_writer_lock) first; callers
    still lock the rows they read with SELECT … FOR UPDATE (services.cases.change.locked).
    """
    engine = db.obj if isinstance(db, DatabaseProxy) else db
    if is_sqlite(db):
        try:
            with db.atomic("IMMEDIATE"):
                _check_schema(engine)
                yield
        except OperationalError as error:
            # SQLite rolls back by itself on some errors (a full disk: SQLITE_FULL); the
            # ROLLBACK after it fails, and would hide why. Say the first.
            first: BaseException = error
            while "no transaction is active" in str(first) and first.__context__ is not None:
                first = first.__context__
            if first is not error:
                raise first from None
            raise
        return
    with db.atomic():
        take_writer_lock(db)
        _check_schema(engine)
        yield

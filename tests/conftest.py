"""Shared fixtures: fresh and demo databases, built once per session and copied per test."""

import itertools
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings

from counter_tui import i18n
from counter_tui.services.centre.opening import open_database
from counter_tui.store.models import database_proxy

# The demo history and every snapshot are built against this day, so they never drift.
DEMO_TODAY = date(2026, 11, 27)

# No timed assertions (docs/architecture.md §6): hypothesis's per-example deadline fails at random
# when
# the tests share the cores with each other (pytest-xdist) or with another run.
settings.register_profile("counter-tui", deadline=None)
settings.load_profile("counter-tui")


def _close() -> None:
    if database_proxy.obj is not None and not database_proxy.is_closed():
        database_proxy.close()


def _copy_of(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    target.chmod(0o600)
    return str(target)


# An admin URL of a PostgreSQL server (one that may create databases). When it is set, the
# tests marked both_engines (those of services and store) run on both engines; .ci/run
# always sets it.
POSTGRES_ADMIN = os.environ.get("COUNTER_TUI_TEST_POSTGRES", "")
_numbers = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    """On CI the PostgreSQL twins must run: without the server .ci/run starts, stop loudly."""
    if os.environ.get("CI") and not POSTGRES_ADMIN:
        raise pytest.UsageError("CI is set but COUNTER_TUI_TEST_POSTGRES is not: no PostgreSQL")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked both_engines that use a database get a PostgreSQL twin, but only
    when a server is given: without one the twins do not exist (never a silent skip)."""
    if not POSTGRES_ADMIN or "db_engine" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("both_engines"):
        metafunc.parametrize("db_engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def db_engine(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


def _admin_execute(*statements: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def _postgres_url(name: str) -> str:
    """The admin URL with its database replaced by ``name``."""
    base, _, query = POSTGRES_ADMIN.partition("?")
    base = base.rsplit("/", 1)[0] if base.count("/") > 2 else base
    return f"{base}/{name}" + (f"?{query}" if query else "")


class PostgresTemplates:
    """Template databases built once per session; each test gets a copy (CREATE DATABASE …
    TEMPLATE …), dropped after it."""

    def __init__(self) -> None:
        self.prefix = f"ctui_{os.getpid()}"
        self.built: dict[str, str] = {}

    def template(self, kind: str, build: Callable[[str], object]) -> str:
        if kind not in self.built:
            name = f"{self.prefix}_{kind}"
            _admin_execute(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
            build(_postgres_url(name))
            _close()
            self.built[kind] = name
        return self.built[kind]

    def copy(self, template: str) -> tuple[str, str]:
        name = f"{self.prefix}_t{next(_numbers)}"
        _admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name, _postgres_url(name)

    def drop(self, *names: str) -> None:
        for name in names:
            _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_templates() -> Iterator[PostgresTemplates]:
    templates = PostgresTemplates()
    yield templates
    _close()
    templates.drop(*templates.built.values())


def _build_demo(url: str) -> None:
    from counter_tui.services.demo.seed import build_demo

    build_demo(url, cases=60, today=DEMO_TODAY)


@pytest.fixture
def demo_today() -> date:
    return DEMO_TODAY


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_database(str(path))
    _close()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from counter_tui.services.demo.seed import build_demo

    path = tmp_path_factory.mktemp("template") / "demo.db"
    build_demo(str(path), cases=60, today=DEMO_TODAY)
    _close()
    return path


@pytest.fixture
def demo_file(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of the demo centre's SQLite file for the command line, with the centre's
    clock on the day it was built for."""
    from counter_tui.services import clock

    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    monkeypatch.setattr(clock, "local_today", lambda: DEMO_TODAY)
    return str(path)


def _postgres_copy(request: pytest.FixtureRequest, kind: str) -> Iterator[str]:
    templates: PostgresTemplates = request.getfixturevalue("postgres_templates")
    builder = open_database if kind == "empty" else _build_demo
    name, url = templates.copy(templates.template(kind, builder))
    open_database(url)
    yield url
    _close()
    templates.drop(name)


@pytest.fixture
def empty_db(request: pytest.FixtureRequest, db_engine: str, tmp_path: Path) -> Iterator[str]:
    """A migrated database with the official calendar and nothing else."""
    if db_engine == "postgresql":
        yield from _postgres_copy(request, "empty")
        return
    url = _copy_of(request.getfixturevalue("empty_template"), tmp_path / "counter.db")
    open_database(url)
    yield url
    _close()


# When the tests on the demo run, whatever the real date: late on the Friday a week after
# DEMO_TODAY (a Friday), the moment of the last run before the real date passed it. A case
# the tests receive on DEMO_TODAY counts as accepted five working days later (deemed
# acceptance, Art. 32(4)) when a service is asked without a moment; their replies and
# steps dated up to that week must lie before it. The clock moves on from there.
DEMO_WEEK_START = datetime(2026, 12, 4, 14)  # stored UTC: 22:00 in Shanghai
_STARTED = time.monotonic()


def _clock_readers() -> list[str]:
    """Every module of the program whose source names the shared clock (a new one is
    found too): demo_clock replaces the name each one holds."""
    package = Path(__file__).resolve().parent.parent / "counter_tui"
    return [
        ".".join(path.relative_to(package.parent).with_suffix("").parts)
        for path in sorted(package.rglob("*.py"))
        if "shared_now" in path.read_text(encoding="utf-8")
    ]


CLOCK_READERS = _clock_readers()


def demo_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shared clock (``shared_now``) from DEMO_WEEK_START on, on either engine: the
    demo tests never depend on the day they are run."""
    import importlib

    from counter_tui.store import models

    real = models.shared_now

    def in_the_demo_week() -> datetime:
        return DEMO_WEEK_START + timedelta(seconds=time.monotonic() - _STARTED)

    # Imported first, so that none binds the replacement and keeps it after the test.
    readers = [importlib.import_module(name) for name in CLOCK_READERS]
    for module in readers:
        if getattr(module, "shared_now", None) is real:
            monkeypatch.setattr(module, "shared_now", in_the_demo_week)


@pytest.fixture
def demo_db(request: pytest.FixtureRequest, db_engine: str, tmp_path: Path) -> Iterator[str]:
    """The demo centre with 60 cases, history as of DEMO_TODAY, the shared clock a week
    after it (demo_clock)."""
    demo_clock(request.getfixturevalue("monkeypatch"))
    if db_engine == "postgresql":
        yield from _postgres_copy(request, "demo")
        return
    url = _copy_of(request.getfixturevalue("demo_template"), tmp_path / "demo.db")
    open_database(url)
    yield url
    _close()


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the command line in-process; returns its exit code, stdout and stderr."""
    from counter_tui.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        _close()
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(autouse=True)
def chinese_interface() -> Iterator[None]:
    """Every test starts in the default language, whatever the previous one switched to."""
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
    yield
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture(autouse=True)
def alone_when_serial(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Tests marked serial (crash and concurrency: processes, threads and timing) run alone
    while the others run in parallel (pytest-xdist): every test holds a lock shared by the
    run's workers, shared for most, exclusive for a serial one. A serial test first takes
    a turnstile that stops new tests from starting, so the others drain and it is not
    starved. Outside xdist the tests run one at a time anyway."""
    if not hasattr(request.config, "workerinput"):
        yield
        return
    import fcntl

    serial = request.node.get_closest_marker("serial") is not None
    # The workers' temporary folders are siblings in the run's own folder.
    folder = tmp_path_factory.getbasetemp().parent
    with ExitStack() as locks:
        turnstile = locks.enter_context((folder / "serial.turnstile").open("a"))
        running = locks.enter_context((folder / "serial.running").open("a"))
        fcntl.flock(turnstile, fcntl.LOCK_EX)
        if not serial:
            fcntl.flock(turnstile, fcntl.LOCK_UN)
        fcntl.flock(running, fcntl.LOCK_EX if serial else fcntl.LOCK_SH)
        if serial:
            fcntl.flock(turnstile, fcntl.LOCK_UN)
        yield

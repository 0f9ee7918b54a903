"""Shared fixtures: fresh and demo databases, built once per session and copied per test."""

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from counter_tui import i18n
from counter_tui.services.database import open_database
from counter_tui.store.models import database_proxy

# The demo history and every snapshot are built against this day, so they never drift.
DEMO_TODAY = date(2026, 11, 27)


def _close() -> None:
    if database_proxy.obj is not None and not database_proxy.is_closed():
        database_proxy.close()


def _copy_of(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    target.chmod(0o600)
    return str(target)


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
    from counter_tui.services.demo import build_demo

    path = tmp_path_factory.mktemp("template") / "demo.db"
    build_demo(str(path), cases=60, today=DEMO_TODAY)
    _close()
    return path


@pytest.fixture
def empty_db(empty_template: Path, tmp_path: Path) -> Iterator[str]:
    """A migrated database with the official calendar and nothing else."""
    url = _copy_of(empty_template, tmp_path / "counter.db")
    open_database(url)
    yield url
    _close()


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[str]:
    """The demo centre with 60 cases, history as of DEMO_TODAY."""
    url = _copy_of(demo_template, tmp_path / "demo.db")
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

"""Where the program keeps its database and which language it speaks."""

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "counter-tui"
DATABASE_ENV = "COUNTER_TUI_DATABASE"
LANGUAGE_ENV = "COUNTER_TUI_LANG"
DEFAULT_TIMEZONE = "Asia/Shanghai"


def data_home() -> Path:
    return Path(user_data_dir(APP_NAME))


def default_database_url() -> str:
    """The embedded default: SQLite in the user's data folder."""
    return f"sqlite:///{data_home() / 'counter.db'}"


def demo_database_url() -> str:
    """The demo centre lives apart from real data."""
    return f"sqlite:///{data_home() / 'demo.db'}"


def database_url(cli_value: str | None, demo: bool = False) -> str:
    if cli_value:
        return cli_value
    if demo:
        return demo_database_url()
    return os.environ.get(DATABASE_ENV) or default_database_url()

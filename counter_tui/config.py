"""Where the program keeps its database and the user's keys, and which language it speaks."""

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir, user_documents_dir

APP_NAME = "counter-tui"
DATABASE_ENV = "COUNTER_TUI_DATABASE"
LANGUAGE_ENV = "COUNTER_TUI_LANG"
DEFAULT_TIMEZONE = "Asia/Shanghai"


def data_home() -> Path:
    return Path(user_data_dir(APP_NAME))


def documents_home() -> Path:
    """Where printed files go, in folders by kind: the user's documents folder (~/Documents,
    or the desktop's localised one such as ~/文档), under counter-tui."""
    return Path(user_documents_dir()) / APP_NAME


def keymap_file() -> Path:
    """The user's own keys (tui/keymap.py reads it)."""
    return Path(user_config_dir(APP_NAME)) / "keymap.toml"


def default_database_url() -> str:
    """The embedded default: SQLite in the user's data folder."""
    return f"sqlite:///{data_home() / 'counter.db'}"


def demo_database_url() -> str:
    """The demo centre lives apart from real data."""
    return f"sqlite:///{data_home() / 'demo.db'}"


def database_url(cli_value: str | None, demo: bool = False) -> str:
    chosen = cli_value or (None if demo else os.environ.get(DATABASE_ENV))
    if chosen:
        return chosen
    private_folder(data_home())
    return demo_database_url() if demo else default_database_url()


def private_folder(folder: Path) -> None:
    """The program's own data folder holds ID numbers: only its owner may enter it
    (0700), even when something else created it first with a wider mode."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)

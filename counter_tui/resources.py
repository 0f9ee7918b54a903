"""Find the shipped ``db/`` folder: inside the wheel (``counter_tui/_db``) or in a checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    installed = _PACKAGE / "_db"
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / "db"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"counter-tui data folder not found next to {_PACKAGE}")


def migrations_dir() -> Path:
    return data_dir() / "migrations"


def seed_dir() -> Path:
    return data_dir() / "seed"

"""What the wheel must carry: the db/ folder (migrations, seed) and the compiled catalogs."""

from counter_tui import i18n, resources
from counter_tui.store.migrations import available


def test_migrations_ship_for_both_engines() -> None:
    sqlite = [m.version for m in available("sqlite")]
    postgresql = [m.version for m in available("postgresql")]
    assert sqlite and sqlite == postgresql == list(range(1, len(sqlite) + 1))


def test_seed_files_ship() -> None:
    seed = resources.seed_dir()
    assert (seed / "centre.yaml").is_file()
    assert (seed / "catalog.yaml").is_file()


def test_data_folder_is_the_packaged_one_when_installed() -> None:
    """In a checkout ``db/`` sits next to the package; in a wheel it is ``counter_tui/_db``."""
    installed = "site-packages" in str(resources.__file__)
    assert resources.data_dir().name == ("_db" if installed else "db")


def test_compiled_catalogs_ship_for_every_language() -> None:
    for language in i18n.LANGUAGES:
        assert (i18n.LOCALE_DIR / language / "LC_MESSAGES" / "counter_tui.mo").is_file()

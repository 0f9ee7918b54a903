"""docs/architecture.md §1: arrows go one way. tui and cli → services → domain and store; domain
imports
nothing of the project outside itself."""

import ast
from pathlib import Path

import counter_tui

PACKAGE = Path(counter_tui.__file__).parent

# What each layer may import of the project (besides itself).
ALLOWED = {
    "domain": set(),
    "store": {"domain", "resources", "config"},
    "services": {"domain", "store", "resources", "config"},
    "documents": {"domain", "services", "i18n", "resources", "config"},
    "tui": {"services", "domain", "documents", "i18n", "config"},
    # Issue 16: the command line, like the TUI, reaches the store only through services.
    "cli": {"services", "domain", "documents", "i18n", "config", "tui"},
}
# Modules of the library the pure domain may not touch either.
FORBIDDEN_IN_DOMAIN = {"peewee", "playhouse", "textual", "rich", "holidays", "pypinyin", "yaml"}


def _imports(path: Path) -> set[str]:
    """Every import in the file, those inside functions too (the CLI imports in its commands)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer_files(layer: str) -> list[Path]:
    module = PACKAGE / f"{layer}.py"
    return [module] if module.is_file() else sorted((PACKAGE / layer).rglob("*.py"))


def test_every_layer_has_code() -> None:
    for layer in ("domain", "store", "services", "tui", "cli"):
        assert _layer_files(layer), layer


def test_layers_import_only_what_they_may() -> None:
    wrong = []
    for layer, allowed in ALLOWED.items():
        for path in _layer_files(layer):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "counter_tui" and len(parts) > 1:
                    target = parts[1]
                    if target != layer and target not in allowed:
                        wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
                if layer == "domain" and parts[0] in FORBIDDEN_IN_DOMAIN:
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert wrong == []


# Inside services/: the capabilities, each a subpackage, import only those below them;
# the modules at the top of services/ (errors, auth, clock, calendar, profile) import none.
SERVICE_PACKAGES = {
    "cases": set(),
    "catalog": set(),
    # administering staff checks their open work (cases, intake, tracking, handover); the
    # centre file checks windows by the AB rules and reads and writes files as the catalog does
    "centre": {"cases", "catalog", "intake", "tracking", "handover"},
    "intake": {"cases"},
    "reports": {"cases", "supervision"},  # the overdue report lists the overdue orders
    "tracking": {"cases", "intake"},
    # a comprehensive window's clerk hands over the bundle cases they follow too
    "handover": {"cases", "intake", "tracking", "bundles"},
    "consultations": {"cases", "catalog"},  # the printed material list is the guide's
    # the 一号窗口 answers referred consultations by the consultations' own rules
    "first_window": {"cases", "consultations"},
    # a bundle case's steps are its cases' intake and delivery, run together
    "bundles": {"cases", "intake", "tracking"},
    # key projects: the cases' clocks, the centre's change helpers, the reports' file writer
    "projects": {"cases", "centre", "reports"},
    "supervision": {"cases"},
    # the hall's tickets: the moment and the row locks of a change, a case to link
    "tickets": {"cases"},
    "demo": {
        *("cases", "catalog", "centre", "intake", "tracking", "handover", "reports"),
        *("consultations", "first_window", "projects", "supervision", "bundles", "tickets"),
    },
}


def test_every_service_is_in_a_capability_or_shared() -> None:
    top = {path.stem for path in (PACKAGE / "services").glob("*.py")}
    packages = {path.name for path in (PACKAGE / "services").iterdir() if path.is_dir()}
    assert top == {"__init__", "errors", "auth", "clock", "calendar", "profile", "working_hours"}
    assert packages - {"__pycache__"} == set(SERVICE_PACKAGES)


def test_service_capabilities_import_only_those_below_them() -> None:
    wrong = []
    for path in _layer_files("services"):
        parts = path.relative_to(PACKAGE / "services").parts
        own = parts[0] if len(parts) > 1 else None
        allowed = SERVICE_PACKAGES.get(own, set()) if own else set()
        for name in _imports(path):
            target = name.split(".")
            if target[:2] != ["counter_tui", "services"] or len(target) < 3:
                continue
            if target[2] in SERVICE_PACKAGES and target[2] != own and target[2] not in allowed:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert wrong == []


def test_nothing_outside_store_names_sqlite() -> None:
    """PostgreSQL must be a configuration change: SQLite details stay in store/."""
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "store" not in path.relative_to(PACKAGE).parts
        and path.name not in ("config.py",)
        and (
            "SqliteDatabase" in path.read_text(encoding="utf-8")
            or "PRAGMA" in path.read_text(encoding="utf-8")
        )
    ]
    assert offenders == []


# Not needed before someone has signed in (issue 10: cold start within 1.3× a bare
# Textual app): seeding and import libraries, PDF and XLSX, the other engines' modules,
# the screens and services of a signed-in session, the calendar's code (only a new
# database loads the official calendar), and the widgets the sign-in screen does without
# (its own header and footer lines) or shows only in the demo (the accounts' table).
NOT_AT_START_UP = (
    "holidays",
    "pypinyin",
    "yaml",
    "fpdf",
    "fontTools",
    "openpyxl",
    "cryptography",  # a backup encrypted or restored
    "tomllib",  # a keymap file is read only where there is one
    "counter_tui.tui.keymap",
    "playhouse.db_url",
    "counter_tui.services.intake.decisions",
    "counter_tui.tui.screens.home",
    "counter_tui.tui.screens.guide",
    "counter_tui.tui.screens.lookup",
    "counter_tui.services.calendar",
    "counter_tui.domain.calendar",
    "textual.widgets._header",
    "textual.widgets._footer",
    "textual.widgets._data_table",
)


def test_start_up_path_does_not_import_heavy_seed_libraries() -> None:
    """What the sign-in screen does not need is imported when first used."""
    import subprocess
    import sys

    code = (
        "import sys, counter_tui.cli, counter_tui.services.centre.opening, counter_tui.tui.app;"
        f"print(' '.join(m for m in {NOT_AT_START_UP!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# Inside tui/ (docs/architecture.md §1): only the app opens screens. A screen never imports another
# screen, at the top of its module or inside a function, and never imports the app (it
# sees the app through tui/counter.py's protocol); what screens share lives in
# screens/base.py, screens/prompts.py, screens/rows.py (the administrator's lists) and
# widgets/; a screen's tables of actions live beside the app (tui/case_actions.py).
SHARED_SCREEN_MODULES = {"base", "prompts", "rows", "document_view"}


def _tui_imports(path: Path) -> set[str]:
    return {name for name in _imports(path) if name.startswith("counter_tui.tui.")}


def test_a_screen_never_imports_another_screen_nor_the_app() -> None:
    wrong = []
    for path in sorted((PACKAGE / "tui" / "screens").glob("*.py")):
        own = path.stem
        allowed = SHARED_SCREEN_MODULES | {own}
        for name in _tui_imports(path):
            parts = name.split(".")
            if name == "counter_tui.tui.app":
                wrong.append(f"screens/{path.name} imports the app")
            elif parts[2] == "screens" and len(parts) > 3 and parts[3] not in allowed:
                wrong.append(f"screens/{path.name} imports {name}")
    assert wrong == []


def _imports_of_screens_or_app(folder: str) -> list[str]:
    """Where a module of ``tui/folder`` imports a screen or the app."""
    return [
        f"{folder}/{path.name} imports {name}"
        for path in sorted((PACKAGE / "tui" / folder).glob("*.py"))
        for name in _tui_imports(path)
        if name == "counter_tui.tui.app" or name.startswith("counter_tui.tui.screens")
    ]


def test_widgets_import_no_screen_nor_the_app() -> None:
    assert _imports_of_screens_or_app("widgets") == []


def test_the_hall_devices_stand_beside_the_clerks_app() -> None:
    """The kiosk, the display and the rating pad (tui/hall/, docs/architecture.md §1.5)
    import neither the
    clerk's app nor its screens, and start without what they do not show: the PDF library
    comes with the first receipt."""
    import subprocess
    import sys

    assert _imports_of_screens_or_app("hall") == []
    # A ticket's services count working days (the calendar's modules); nothing else.
    calendar = {"counter_tui.services.calendar", "counter_tui.domain.calendar"}
    heavy = (
        *(name for name in NOT_AT_START_UP if name not in calendar),
        "counter_tui.tui.app",
        "counter_tui.documents.ticket_receipt",
    )
    code = (
        "import sys, counter_tui.cli, counter_tui.services.centre.opening,"
        " counter_tui.tui.hall.kiosk, counter_tui.tui.hall.display, counter_tui.tui.hall.pad;"
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_relative_import_cannot_hide_an_arrow() -> None:
    relative = [
        str(path.relative_to(PACKAGE))
        for path in _layer_files("tui")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level > 0
    ]
    assert relative == []

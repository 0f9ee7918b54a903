"""Binding ids, the user's keymap file and the help screen built from the bindings."""

import re
from pathlib import Path

import pytest

from counter_tui.i18n import _, set_language
from counter_tui.services.cases.queue import MINE
from counter_tui.tui import keys
from counter_tui.tui.app import CounterApp
from counter_tui.tui.keymap import (
    clashes,
    declared_bindings,
    normal_key,
    read_keymap,
    screen_bindings,
    tui_classes,
)
from counter_tui.tui.screens.help import HelpScreen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.lock import LockScreen
from counter_tui.tui.screens.queue import QueueScreen

ID = re.compile(r"[a-z_]+(\.[a-z_]+)+")


def test_every_binding_has_one_stable_id() -> None:
    definitions: dict[str, set[tuple[object, ...]]] = {}
    for cls in tui_classes(CounterApp):
        for binding in declared_bindings(cls):
            assert binding.id and ID.fullmatch(binding.id), (cls.__qualname__, binding)
            words = (binding.action, binding.description, binding.tooltip, binding.priority)
            definitions.setdefault(binding.id, set()).add(words)
    # One id, one action: a binding several screens share moves on all of them at once.
    assert {i: d for i, d in definitions.items() if len(d) > 1} == {}
    assert {keys.LOCK.id, keys.CASE_EXTEND.id, keys.CANCEL_PROMPT.id} <= set(definitions)


def test_no_screen_gives_one_key_to_two_bindings() -> None:
    assert clashes({}, screen_bindings(tui_classes(CounterApp))) == []


def test_keys_are_read_as_textual_names_them() -> None:
    assert normal_key("Ctrl+K") == "ctrl+k"
    assert normal_key(" F9 ") == "f9"
    assert normal_key("?") == "question_mark"
    assert normal_key("x") == "x"
    assert normal_key("escape") == "escape"
    assert normal_key("shift+pagedown") == "shift+pagedown"
    for not_a_key in ("", "esc", "ctrl+lock", "ctrl+ctrl+x", "cmd+x", "ctrl+", ",", " "):
        assert normal_key(not_a_key) is None, not_a_key


def _keymap_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_keymap_file_takes_ids_quoted_dotted_or_as_tables(tmp_path: Path) -> None:
    path = _keymap_file(
        tmp_path,
        '"app.lock" = "Ctrl+K"\napp.quit = ["ctrl+x", "f10"]\n[case]\nextend = "?"\n',
    )
    assert read_keymap(path) == (
        {"app.lock": "ctrl+k", "app.quit": "ctrl+x,f10", "case.extend": "question_mark"},
        [],
    )
    assert read_keymap(tmp_path / "none.toml") == ({}, [])


async def _started(app, pilot) -> None:
    """After the keymap check (a thread) has settled."""
    await app.workers.wait_for_complete()
    await pilot.pause(0.2)


def _notes(app, monkeypatch) -> list[str]:
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **options: notes.append(message))
    return notes


async def test_a_keymap_file_moves_a_binding(make_app, clerk, helpers, tmp_path) -> None:
    app = make_app(keymap_file=_keymap_file(tmp_path, 'app.lock = "ctrl+k"\n'))
    async with app.run_test(size=helpers.size) as pilot:
        await _started(app, pilot)
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+k")
        assert isinstance(app.screen, LockScreen)


async def test_help_lists_the_keys_of_the_screen_in_front(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        everywhere = {row.id: row.keys for row in app.screen.everywhere}
        assert everywhere[keys.LOCK.id] == ["ctrl+l"]
        assert everywhere[keys.HELP.id] == ["f1", "question_mark"]
        assert keys.APPROVALS.id not in everywhere  # a chief's key, and this is a clerk
        assert keys.QUEUE_SCOPE.id not in {row.id for row in app.screen.here}
        await pilot.press("escape", "f5")
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("f1")
        here = {row.id: row for row in app.screen.here}
        assert here[keys.QUEUE_SCOPE.id].keys == ["s"]
        assert here[keys.QUEUE_SCOPE.id].label == _(keys.QUEUE_SCOPE.label)
        assert here[keys.QUEUE_SCOPE.id].help == _(keys.QUEUE_SCOPE.help)
        text = helpers.screen_text(app)
        assert _("Keys on this screen") in text and _("Queue") in text
        assert keys.QUEUE_LIGHT.id in text and _(keys.QUEUE_LIGHT.help) in text


async def test_help_shows_the_key_of_the_keymap(make_app, clerk, helpers, tmp_path) -> None:
    path = _keymap_file(tmp_path, '"queue.scope" = "z"\n"app.lock" = "ctrl+k"\n')
    app = make_app(keymap_file=path)
    async with app.run_test(size=helpers.size) as pilot:
        await _started(app, pilot)
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.press("f1")
        here = {row.id: row.keys for row in app.screen.here}
        everywhere = {row.id: row.keys for row in app.screen.everywhere}
        assert here[keys.QUEUE_SCOPE.id] == ["z"]
        assert everywhere[keys.LOCK.id] == ["ctrl+k"]
        await pilot.press("escape", "z")  # the queue's scope moves on with the new key
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.scope != MINE


# The messages, as their English msgids.
NOT_TOML = "The keymap file {path} is not valid TOML ({error}); the default keys apply."
UNKNOWN_ID = "No binding has the id {id}; the help screen shows each key's id."
NOT_A_KEY = (
    '{id} = {value} is not a key (write keys as "ctrl+k", "f9" or'
    ' "x"); {id} keeps its default keys.'
)
SHARED_KEY = "{ids} would share {key} on one screen; {moved} keeps its default keys."
UNREADABLE = "The keymap file {path} cannot be read ({error}); the default keys apply."
BAD_FILES = {
    "not TOML": ("app.lock = ctrl+k\n", NOT_TOML),
    "unknown id": ('"app.nothing" = "ctrl+k"\n', UNKNOWN_ID),
    "not a key": ('"app.lock" = "ctrl+lock"\n', NOT_A_KEY),
    "not a string": ('"app.lock" = 5\n', NOT_A_KEY),
    "a key taken": ('"app.lock" = "f1"\n', SHARED_KEY),
    "one key twice": ('"queue.scope" = "x"\n"queue.light" = "x"\n', SHARED_KEY),
}


def _start_of(message: str) -> str:
    """The translated message up to its first placeholder."""
    return _(message).split("{")[0] or _(message).split("}")[-1].split("{")[0]


@pytest.mark.parametrize("kind", list(BAD_FILES))
async def test_a_bad_keymap_file_is_said_and_the_defaults_stay(
    kind, make_app, clerk, helpers, tmp_path, monkeypatch
) -> None:
    text, message = BAD_FILES[kind]
    app = make_app(keymap_file=_keymap_file(tmp_path, text))
    notes = _notes(app, monkeypatch)
    async with app.run_test(size=helpers.size) as pilot:
        await _started(app, pilot)
        assert len(notes) == 1 and _start_of(message) in notes[0], notes
        assert app.keymap == {}
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, LockScreen)


async def test_an_unreadable_keymap_file_is_said(make_app, helpers, tmp_path, monkeypatch) -> None:
    path = tmp_path / "keymap.toml"
    path.mkdir()  # read as a file, a folder fails as an unreadable file does
    app = make_app(keymap_file=path)
    notes = _notes(app, monkeypatch)
    async with app.run_test(size=helpers.size) as pilot:
        await _started(app, pilot)
        assert notes and _start_of(UNREADABLE) in notes[0]
        assert str(path) in notes[0]


async def test_only_the_bad_entries_fall_back(make_app, helpers, tmp_path, monkeypatch) -> None:
    path = _keymap_file(tmp_path, '"app.lock" = "f1"\n"app.quit" = "ctrl+b"\n"app.x" = "y"\n')
    app = make_app(keymap_file=path)
    notes = _notes(app, monkeypatch)
    async with app.run_test(size=helpers.size) as pilot:
        await _started(app, pilot)
        assert app.keymap == {keys.QUIT.id: "ctrl+b"}
        assert len(notes) == 1 and len(notes[0].splitlines()) == 2


@pytest.mark.parametrize("language", ["zh_CN", "en"])
async def test_the_message_is_in_the_interface_language(
    language, make_app, helpers, tmp_path, monkeypatch
) -> None:
    set_language(language)
    app = make_app(keymap_file=_keymap_file(tmp_path, '"app.nothing" = "ctrl+k"\n'))
    notes = _notes(app, monkeypatch)
    async with app.run_test(size=helpers.size) as pilot:
        await _started(app, pilot)
        chinese = re.search(r"[\u4e00-\u9fff]", notes[0]) is not None
        assert chinese == (language == "zh_CN"), notes[0]


async def test_the_footer_shows_the_default_key_again(make_app, helpers, tmp_path) -> None:
    app = make_app(keymap_file=_keymap_file(tmp_path, '"app.quit" = "f1"\n'))
    async with app.run_test(size=helpers.size) as pilot:
        await _started(app, pilot)
        # The footer redraws on an idle turn after the check: wait for it on a busy machine.
        for _turn in range(50):
            footer = helpers.key_bar(app)
            if "^Q" in footer:
                break
            await pilot.pause(0.1)
        assert f"^Q {_(keys.QUIT.label)}" in footer, footer


async def test_a_check_that_ends_while_the_app_mounts_still_reaches_the_key_bar(
    make_app, helpers, tmp_path, monkeypatch
) -> None:
    # The thread's check can end before the app counts itself mounted (seen in CI), when
    # App.refresh_bindings does nothing: settle as then, after the key bar drew F1.
    settle = CounterApp._settle_keymap
    monkeypatch.setattr(CounterApp, "_settle_keymap", lambda *args: None)
    app = make_app(keymap_file=_keymap_file(tmp_path, '"app.quit" = "f1"\n'))
    async with app.run_test(size=helpers.size) as pilot:
        await _started(app, pilot)
        assert "F1 " + _(keys.QUIT.label) in helpers.key_bar(app)
        monkeypatch.setattr(app, "_is_mounted", False)
        settle(app, {}, [])
        await pilot.pause(0.2)
        assert f"^Q {_(keys.QUIT.label)}" in helpers.key_bar(app)


def test_the_readme_lists_every_id() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("All the ids:")[1].split("\n## ")[0]
    listed = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", table))
    ids = {binding.id for cls in tui_classes(CounterApp) for binding in declared_bindings(cls)}
    assert listed == ids

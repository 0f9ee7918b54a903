"""The user's keymap file: any binding moved to other keys by its id (docs/architecture.md §4.1).

``keymap.toml`` in the user config folder (``~/.config/counter-tui/`` on Linux) maps
binding ids to keys, applied through Textual's keymap (``App.set_keymap``)::

    "app.lock" = "ctrl+k"
    "case.extend" = ["e", "f12"]

A file that cannot be read or is not TOML, an id no binding has, a value that is not a
key, or two bindings given one key on one screen: each is said in the interface language
when the program starts, and what was bad keeps its default keys. Nothing of it stops
the program.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys
from textual.screen import Screen

from counter_tui.i18n import _
from counter_tui.tui.keys import key_name

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
# Key names without a modifier: escape, f1…f24, up, pageup, space, …, and the names of
# the punctuation keys as Textual spells them (question_mark, slash, …).
_NAMED_KEYS = {key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<")}
_NAMED_KEYS |= {
    binding.key
    for binding in Binding.make_bindings([(c, "") for c in string.punctuation if c != ","])
}


def normal_key(text: str) -> str | None:
    """The key as Textual names it (``Ctrl+K`` → ``ctrl+k``, ``?`` → ``question_mark``),
    or None when ``text`` is not a key."""
    text = text.strip()
    if len(text) == 1:
        if not text.isprintable() or text.isspace() or text == ",":
            return None
        return next(iter(Binding.make_bindings([(text, "")]))).key
    *modifiers, base = text.split("+")
    modifiers = [modifier.lower() for modifier in modifiers]
    if not set(modifiers) <= MODIFIERS or len(set(modifiers)) != len(modifiers):
        return None
    if len(base) > 1 or modifiers:
        base = base.lower()
    if not (len(base) == 1 and base.isalnum()) and base not in _NAMED_KEYS:
        return None
    return "+".join([*modifiers, base])


def _entries(table: Mapping[str, object], prefix: str = "") -> Iterator[tuple[str, object]]:
    """(id, value) pairs; ``app.lock = …`` unquoted is a table in TOML, so tables nest."""
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _entries(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


def read_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """The file's entries whose values are keys (id → Textual's comma-separated keys), and
    what was wrong with the rest. No file is no keymap."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError as error:
        message = _("The keymap file {path} cannot be read ({error}); the default keys apply.")
        return {}, [message.format(path=path, error=error.strerror or error)]
    import tomllib  # only for a file there: most counters start without one

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        message = _("The keymap file {path} is not valid TOML ({error}); the default keys apply.")
        return {}, [message.format(path=path, error=error)]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in _entries(data):
        texts = value if isinstance(value, list) else [value]
        keys = [normal_key(text) if isinstance(text, str) else None for text in texts]
        if keys and all(keys):
            keymap[binding_id] = ",".join(dict.fromkeys(key for key in keys if key))
        else:
            problems.append(
                _(
                    '{id} = {value} is not a key (write keys as "ctrl+k", "f9" or "x"); '
                    "{id} keeps its default keys."
                ).format(id=binding_id, value=value)
            )
    return keymap, problems


def tui_classes(app: type[App[None]]) -> list[type[DOMNode]]:
    """The app and every screen and widget class of the program (imports them all)."""
    import importlib
    import pkgutil

    import counter_tui.tui.screens
    import counter_tui.tui.widgets

    classes: list[type[DOMNode]] = [app]
    for package in (counter_tui.tui.screens, counter_tui.tui.widgets):
        for found in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(found.name)
            classes += [
                value
                for value in vars(module).values()
                if isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == module.__name__
            ]
    return classes


def declared_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings ``cls`` declares itself, one per key."""
    return list(Binding.make_bindings(vars(cls).get("BINDINGS", [])))


def screen_bindings(classes: Sequence[type[DOMNode]]) -> dict[str, list[Binding]]:
    """Each screen class's bindings: its own, its base classes' and the app's (the app
    class among ``classes``)."""
    app = [binding for cls in classes if issubclass(cls, App) for binding in declared_bindings(cls)]
    return {cls.__qualname__: [*_merged(cls), *app] for cls in classes if issubclass(cls, Screen)}


def _merged(cls: type[DOMNode]) -> list[Binding]:
    """Its own and its base classes' bindings, as Textual merges them: a class declared
    with ``inherit_bindings=False`` starts afresh."""
    merged: list[Binding] = []
    for base in reversed(cls.__mro__):
        if issubclass(base, DOMNode) and not base._inherit_bindings:
            merged.clear()
        merged += declared_bindings(base)
    return merged


def clashes(
    keymap: Mapping[str, str], screens: Mapping[str, Sequence[Binding]]
) -> list[tuple[str, list[str]]]:
    """(key, ids) wherever one screen would give one key to several bindings."""
    found: list[tuple[str, list[str]]] = []
    for bindings in screens.values():
        holders: dict[str, set[str]] = {}
        for binding in bindings:
            if binding.id is None:  # Textual's own (Tab, Ctrl+C): not ours to move
                continue
            keys = keymap[binding.id].split(",") if binding.id in keymap else [binding.key]
            for key in keys:
                holders.setdefault(key, set()).add(binding.id)
        found += [
            (key, sorted(ids))
            for key, ids in holders.items()
            if len(ids) > 1 and (key, sorted(ids)) not in found
        ]
    return found


def checked(keymap: Mapping[str, str], app: type[App[None]]) -> tuple[dict[str, str], list[str]]:
    """``keymap`` without ids no binding has and without the entries that would give one
    key to two bindings on one of ``app``'s screens, and what was dropped and why."""
    classes = tui_classes(app)
    known = {binding.id for cls in classes for binding in declared_bindings(cls) if binding.id}
    good = {binding_id: keys for binding_id, keys in keymap.items() if binding_id in known}
    problems = [
        _("No binding has the id {id}; the help screen shows each key's id.").format(id=binding_id)
        for binding_id in keymap
        if binding_id not in known
    ]
    screens = screen_bindings(classes)
    # Dropping an entry gives its binding back its default keys, which may clash anew.
    while clash := next(
        ((key, ids) for key, ids in clashes(good, screens) if set(ids) & set(good)), None
    ):
        key, ids = clash
        moved = [binding_id for binding_id in ids if binding_id in good]
        for binding_id in moved:
            del good[binding_id]
        problems.append(
            _("{ids} would share {key} on one screen; {moved} keeps its default keys.").format(
                ids=", ".join(ids), key=key_name(key), moved=", ".join(moved)
            )
        )
    return good, problems

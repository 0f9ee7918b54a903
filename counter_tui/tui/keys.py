"""The key map: every global action, its keys and its words, in one table (DESIGN §7).

Each action has a primary key (an F-key where the design names one) and at least
one Ctrl or letter alternative, because some terminals take F-keys for themselves
(F1, F10, F11). Bindings carry the id ``counter.<action>`` so that a keymap
(``CounterApp(keymap={"counter.lock": "ctrl+k"})``) can move any of them.

Later screens add their actions here, bind them with ``binding(...)`` and list
them in ``SCREEN_KEYS`` for the help screen; ``RESERVED`` keeps the keys of
features still to come so nothing else takes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from counter_tui.domain.errors import N_
from counter_tui.i18n import _

BINDING_ID_PREFIX = "counter."


@dataclass(frozen=True)
class KeyAction:
    """One action a person can trigger by key."""

    action: str  # the action method's name, without ``action_``
    keys: tuple[str, ...]  # primary first, then the alternatives
    label: str  # short footer word (English msgid)
    help: str  # one line for the help screen and the command palette (English msgid)
    show: bool = True
    # Priority bindings are checked before the focused widget, so no widget can swallow
    # them; printable keys still reach an Input because Textual drops bindings whose key
    # the focused widget consumes.
    priority: bool = True

    @property
    def id(self) -> str:
        return BINDING_ID_PREFIX + self.action

    def binding(self) -> Binding:
        """The Textual binding, with the English msgids (translated per instance)."""
        return Binding(
            ",".join(self.keys),
            self.action,
            self.label,
            show=self.show,
            priority=self.priority,
            tooltip=self.help,
            id=self.id,
        )


HELP = KeyAction("help", ("f1", "question_mark"), N_("Help"), N_("Show the keys and what they do"))
LOCK = KeyAction(
    "lock", ("ctrl+l",), N_("Lock"), N_("Lock the workstation at once; your PIN unlocks it")
)
SIGN_OUT = KeyAction(
    "sign_out", ("ctrl+o",), N_("Sign out"), N_("Sign out and return to the sign-in screen")
)
QUIT = KeyAction("quit", ("ctrl+q",), N_("Quit"), N_("Close the program"))
GUIDES = KeyAction(
    "guides",
    ("f3", "ctrl+g"),
    N_("Guides"),
    N_("Look up an item's service guide: materials, conditions, time limits, fees"),
)
COMMANDS = KeyAction(
    "command_palette",
    ("ctrl+p",),
    N_("Commands"),
    N_("Search every command by name"),
    show=False,  # the footer shows the palette key at its right-hand end anyway
)
BACK = KeyAction(
    "back", ("escape",), N_("Back"), N_("Close this screen and go back"), priority=False
)

# Global actions, in the order the footer and the help screen show them.
GLOBAL: tuple[KeyAction, ...] = (HELP, GUIDES, LOCK, SIGN_OUT, QUIT, COMMANDS)

# Keys of one screen. The item search's Enter is bound on its field, not on the screen:
# a key bound there goes through the field's own queue, after the characters typed
# before it, so a fast "qzsn Enter" chooses from the results for "qzsn".
CHOOSE_ITEM = KeyAction(
    "choose",
    ("enter",),
    N_("Open"),
    N_("Open the guide of the highlighted item"),
    priority=False,
)
# The guide view has no field: a plain letter is safe there. Ctrl+D: 打印 (dǎyìn).
PRINT_GUIDE = KeyAction(
    "print_guide",
    ("p", "ctrl+d"),
    N_("Print"),
    N_("Print the guide for the applicant (a PDF file)"),
    priority=False,
)

# Per screen, for the help screen: its title (English msgid) and its own keys.
SCREEN_KEYS: tuple[tuple[str, tuple[KeyAction, ...]], ...] = (
    (N_("Item guide search"), (CHOOSE_ITEM,)),
    (N_("Item guide"), (PRINT_GUIDE,)),
)

# Keys of features still to come (DESIGN §7); bound by the issue that builds them.
RESERVED: dict[str, tuple[str, ...]] = {
    "intake": ("f2", "ctrl+n"),
    "handover": ("f4", "ctrl+t"),
    "queue": ("f5", "ctrl+f"),
    "reports": ("f6", "ctrl+r"),
}

# Keys the help screen explains but that belong to Textual's widgets.
NAVIGATION: tuple[tuple[tuple[str, ...], str], ...] = (
    (("enter",), N_("Confirm, or move to the next field")),
    (("tab", "shift+tab"), N_("Move between fields")),
    (("up", "down"), N_("Move in a list")),
)

_KEY_NAMES = {
    "question_mark": "?",
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}


def key_name(key: str) -> str:
    """``ctrl+l`` → ``Ctrl+L``, ``f1`` → ``F1``, ``question_mark`` → ``?``."""
    parts = key.split("+")
    *modifiers, last = parts
    shown = _KEY_NAMES.get(last, last.upper() if len(last) <= 3 else last.capitalize())
    return "+".join([*(m.capitalize() for m in modifiers), shown])


def key_display(key: str) -> str:
    """The footer's short form: ``^L`` for Ctrl+L, ``F1``, ``?``, ``Esc``."""
    name = key_name(key)
    return "^" + name.removeprefix("Ctrl+") if name.startswith("Ctrl+") else name


def keys_text(keys: Iterable[str]) -> str:
    return " / ".join(key_name(key) for key in keys)


def all_keys() -> list[str]:
    """Every key the program binds or reserves (for the no-clash test)."""
    screen_actions = [action for _title, actions in SCREEN_KEYS for action in actions]
    keys = [key for action in (*GLOBAL, BACK, *screen_actions) for key in action.keys]
    keys += [key for reserved in RESERVED.values() for key in reserved]
    return keys


def translate_bindings(node: DOMNode, words: Mapping[str, tuple[str, str]] | None = None) -> None:
    """Translate the footer words and tooltips of ``node``'s bindings.

    ``BINDINGS`` are built when a class is defined, before the interface language is
    known, so they hold English msgids; each app and screen instance swaps in the
    translated words when it is created. ``words`` gives some actions other words
    (action → (label, help) msgids): the same widget says "Open" in one screen and
    "Choose" in another.
    """
    words = words or {}

    def translated(binding: Binding) -> Binding:
        label, tooltip = words.get(binding.action, (binding.description, binding.tooltip))
        return replace(
            binding, description=_(label) if label else "", tooltip=_(tooltip) if tooltip else ""
        )

    keys = {
        key: [translated(binding) for binding in bindings]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)

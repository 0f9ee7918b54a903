"""The title line at the top of every screen and the key line at its foot.

Textual's Header and Footer cost most of a screen change (issue 17): the Footer
rebuilds one widget per key every time the screen's bindings change (three times for a
new screen, twice per Esc), and the widgets they leave behind stay registered as
watchers on the app (the Header's title and sub_title) or on the footer (each key's
``compact``) until the watched value changes, which never happens, so every closed
screen stayed alive (Textualize/textual#6666). Each bar here is one widget built once
per screen: it draws a line of text and draws it again only when that text changes.
The program is used by keyboard alone: clicking a key in the key line does nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from counter_tui.tui.keys import key_display
from counter_tui.tui.widgets.text import plain

if TYPE_CHECKING:
    from textual.screen import Screen

# The command palette's action: its key stands at the line's right-hand end.
PALETTE_ACTION = "command_palette"

# (key as shown, its word, whether it works now)
ShownKey = tuple[str, str, bool]


class TitleBar(Static):
    """The centre's name and the screen's name (its ``sub_title``), centred."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        content-align: center middle;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[str, str] | None = None

    def on_mount(self) -> None:
        # Watched on the screen, never on the app: the watcher goes with the screen.
        self.watch(self.screen, "sub_title", self.show_title)

    def show_title(self) -> None:
        """Draw the line again if the app's title or the screen's name changed; the
        screen calls this each time it is shown."""
        title = (self.app.title, self.screen.sub_title or "")
        if title == self._shown:
            return
        self._shown = title
        line = plain(title[0])
        if title[1]:
            line.append(" — ", "dim")
            line.append_text(plain(title[1], "dim"))
        self.update(line)


class KeyBar(Widget):
    """The keys that work on the screen now, in the order and words of its bindings,
    as Textual's Footer showed them; the palette key at the right-hand end. ``leading``
    keys (key, translated word) come first: keys a field handles itself, such as the
    sign-in's Enter. What does not fit is cut at the right."""

    COMPONENT_CLASSES: ClassVar = {"key-bar--key", "key-bar--description", "key-bar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 100%;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *leading: tuple[str, str]) -> None:
        super().__init__()
        self.leading = leading
        self._keys: tuple[tuple[ShownKey, ...], ShownKey | None] = ((), None)

    def on_mount(self) -> None:
        # The screen's signal, published whenever its bindings may have changed (focus,
        # a check_action's answer, the keymap, the screen shown again); it goes with
        # the screen.
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen) -> None:
        keys = shown_keys(screen)
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        word_style = self.get_component_rich_style("key-bar--description")

        def part(key: str, word: str, enabled: bool = True, gap: str = " ") -> Text:
            text = Text.assemble((f"{gap}{key}{gap}", key_style))
            if word:
                text.append(f"{word} " if gap else f" {word}", word_style)
            if not enabled:
                text.stylize("dim")
            return text

        keys, palette = self._keys
        line = Text(no_wrap=True, overflow="crop", end="")
        for key, word in self.leading:
            line.append_text(part(key_display(key), word))
        for key in keys:
            line.append_text(part(*key))
        if palette is None:
            return line
        # As the Footer drew it: a thin rule, then the key in its compact form.
        right = Text("▏", self.get_component_rich_style("key-bar--separator"))
        right.append_text(part(*palette, gap=""))
        right.append(" ")
        line.truncate(max(0, self.size.width - right.cell_len), overflow="crop", pad=True)
        line.append_text(right)
        return line


def shown_keys(screen: Screen) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
    """What the key line shows on ``screen``: each shown action's first active key, in
    the order of the active bindings (as Textual's Footer), and the palette's key."""
    app = screen.app
    keys: dict[str, ShownKey] = {}
    palette: ShownKey | None = None
    for _node, binding, enabled, _tooltip in screen.active_bindings.values():
        shown = (app.get_key_display(binding), binding.description, enabled)
        if binding.action == PALETTE_ACTION:
            palette = palette or shown
        elif binding.show and binding.action not in keys:
            keys[binding.action] = shown
    return tuple(keys.values()), palette

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
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from counter_tui.i18n import _
from counter_tui.tui.keys import HELP, key_display
from counter_tui.tui.widgets.text import plain

if TYPE_CHECKING:
    from textual.screen import Screen

# The command palette's action: its key stands at the line's right-hand end.
PALETTE_ACTION = "command_palette"
MAX_LINES = 2  # of keys at the foot of a screen; more are behind the help key

# (key as shown, its word, whether it works now)
ShownKey = tuple[str, str, bool]
# The keys in order, the palette's key, the help key
ShownKeys = tuple[tuple[ShownKey, ...], ShownKey | None, ShownKey | None]


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
    sign-in's Enter. A key is shown whole or not at all (issue 21 item 1): what does not
    fit on one line goes on a second; what does not fit on two is behind the help key,
    which the last line then shows with the word "more keys"."""

    COMPONENT_CLASSES: ClassVar = {"key-bar--key", "key-bar--description", "key-bar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 100%;
        height: auto;
        max-height: 2;
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
        self._keys: ShownKeys = ((), None, None)
        self._layout: tuple[tuple[object, ...], list[Text]] | None = None

    def on_mount(self) -> None:
        # The screen's signal, published whenever its bindings may have changed (focus,
        # a check_action's answer, the keymap, the screen shown again); it goes with
        # the screen.
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen) -> None:
        if not screen.is_active:
            # Covered: its keys change with the screen in front (under the lookup, F3 is
            # off), and laid out for nobody (one line fewer, home's table a line taller)
            # then back as it is shown again, they made its table another height and
            # the table drew every cell anew (issue 17: Esc back to home, 30 to 60 ms).
            # The signal comes again when the screen is shown.
            return
        keys = shown_keys(screen)
        if keys != self._keys:
            self._keys = keys
            self.refresh(layout=True)  # two lines may become one, or one two

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._laid_out(width))

    def render(self) -> Text:
        return Text("\n", no_wrap=True, end="").join(self._laid_out(self.size.width))

    def _laid_out(self, width: int) -> list[Text]:
        """``_lines`` once per keys, width and colours: the layout asks for the height,
        then the drawing for the lines, of the same keys at the same width."""
        laid_for = (self._keys, width, self.get_component_rich_style("key-bar--key"))
        if self._layout is None or self._layout[0] != laid_for:
            self._layout = (laid_for, self._lines(width))
        return self._layout[1]

    def _part(self, key: str, word: str, enabled: bool = True, gap: str = " ") -> Text:
        text = Text.assemble((f"{gap}{key}{gap}", self.get_component_rich_style("key-bar--key")))
        if word:
            style = self.get_component_rich_style("key-bar--description")
            text.append(f"{word} " if gap else f" {word}", style)
        if not enabled:
            text.stylize("dim")
        return text

    def _lines(self, width: int) -> list[Text]:
        """The keys laid out whole on at most ``MAX_LINES`` lines of ``width`` cells."""
        keys, palette, help_key = self._keys
        leading = [self._part(key_display(key), word) for key, word in self.leading]
        parts = leading + [self._part(*key) for key in keys]
        right = Text("")
        if palette is not None:
            # As the Footer drew it: a thin rule, then the key in its compact form.
            right = Text("▏", self.get_component_rich_style("key-bar--separator"))
            right.append_text(self._part(*palette, gap=""))
            right.append(" ")
        lines = _fill(parts, width, right.cell_len)
        if len(lines) > MAX_LINES and help_key is not None:
            # Too many: the help key ends the last line and says that the keys which do
            # not fit are behind it (the help lists them all).
            more = self._part(help_key[0], _("Help: more keys"), help_key[2])
            parts = leading + [self._part(*key) for key in keys if key is not help_key]
            lines = _fill(parts, width, right.cell_len + more.cell_len)
            lines[MAX_LINES - 1].append(more)
        shown = []
        for line_parts in lines[:MAX_LINES]:
            line = Text(no_wrap=True, overflow="crop", end="")
            for part in line_parts:
                line.append_text(part)
            shown.append(line)
        if shown[-1].cell_len + right.cell_len <= width:
            # Not given a line of its own where there is no room: the help lists it.
            shown[-1].truncate(width - right.cell_len, overflow="crop", pad=True)
            shown[-1].append_text(right)
        return shown


def _fill(parts: list[Text], width: int, last_reserve: int) -> list[list[Text]]:
    """``parts`` laid out whole, in order, on lines of ``width`` cells, as many lines as
    they take; ``last_reserve`` cells are kept free on line ``MAX_LINES`` for what ends
    it."""
    lines: list[list[Text]] = [[]]
    used = 0
    for part in parts:
        reserve = last_reserve if len(lines) == MAX_LINES else 0
        if used and used + part.cell_len > width - reserve:
            lines.append([])
            used = 0
        lines[-1].append(part)
        used += part.cell_len
    return lines


def shown_keys(screen: Screen) -> ShownKeys:
    """What the key line shows on ``screen``: each shown action's first active key, in
    the order of the active bindings (as Textual's Footer), the palette's key, and the
    help key among them (it stands for the keys that do not fit)."""
    app = screen.app
    keys: dict[str, ShownKey] = {}
    palette: ShownKey | None = None
    for _node, binding, enabled, _tooltip in screen.active_bindings.values():
        shown = (app.get_key_display(binding), binding.description, enabled)
        if binding.action == PALETTE_ACTION:
            palette = palette or shown
        elif binding.show and binding.action not in keys:
            keys[binding.action] = shown
    return tuple(keys.values()), palette, keys.get(HELP.action)

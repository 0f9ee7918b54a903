"""What every screen of the program shares: translated key words and Esc to go back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.screen import Screen

from counter_tui.tui.keys import BACK, translate_bindings

if TYPE_CHECKING:
    from counter_tui.tui.app import CounterApp


class CounterScreen(Screen[None]):
    """A full screen (nothing of the screen below shows through).

    A screen pushed on top of another sets ``CLOSES_ON_BACK``; Esc then closes it and
    the footer shows the key. Screens at the bottom of the stack (sign-in, home, lock)
    leave it off, so Esc is neither shown nor able to uncover anything.
    """

    BINDINGS: ClassVar = [BACK.binding()]
    CLOSES_ON_BACK: ClassVar[bool] = False

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        translate_bindings(self)

    @property
    def counter_app(self) -> CounterApp:
        """The app, with its session, clock and catalog index."""
        return cast("CounterApp", self.app)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == BACK.action:
            return self.CLOSES_ON_BACK
        return True

    def action_back(self) -> None:
        if self.CLOSES_ON_BACK and self.is_current:
            self.dismiss()

"""A case's documents as text, one at a time (Tab: the next), and the preview of those a
decision would issue (``IssuePreview``: Enter issues, Esc goes back with nothing written;
issue 21 item 22). The screen that shows them once issued is ``decision.DocumentScreen``."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from counter_tui.documents.notices import notice_text
from counter_tui.domain.errors import N_
from counter_tui.i18n import _
from counter_tui.services.cases.documents import IssuedDocument
from counter_tui.tui.keys import ISSUE, NEXT_DOCUMENT
from counter_tui.tui.screens.base import CounterScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.text import plain

CHROME_COLUMNS = 3  # the text's padding and scrollbar


class DocumentView(CounterScreen):
    """``documents`` of the case ``number``, the first shown; Tab shows the next."""

    CSS_PATH = "decision.tcss"
    AUTO_FOCUS = "#document-body"
    BINDINGS: ClassVar = [NEXT_DOCUMENT.binding()]
    NONE_ISSUED = ""  # what the body says when there is no document (msgid)

    def __init__(self, number: str, documents: list[IssuedDocument], index: int = 0) -> None:
        super().__init__()
        self.number = number
        self.documents = documents
        self.index = index if 0 <= index < len(documents) else 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="document-caption", classes="case-caption")
        yield from self.compose_hint()
        with VerticalScroll(id="document-body"):
            yield Static("", id="document-text")
        yield KeyBar()

    def compose_hint(self) -> ComposeResult:
        """A line between the caption and the text, where a screen has one."""
        yield from ()

    def on_mount(self) -> None:
        self._show()

    def on_resize(self) -> None:
        self._show()

    @property
    def document(self) -> IssuedDocument | None:
        return self.documents[self.index] if self.documents else None

    @property
    def text(self) -> str:
        return str(self.query_one("#document-text", Static).content)

    def _show(self) -> None:
        document = self.document
        caption = self.query_one("#document-caption", Static)
        body = self.query_one("#document-text", Static)
        if document is None:
            caption.update(plain(self.number, "bold"))
            body.update(plain(_(self.NONE_ISSUED)))
            return
        count = len(self.documents)
        title = document.number or self.number  # a handover sheet, a preview: no number
        if count > 1:
            title = _("{number} · document {index} of {count}").format(
                number=title, index=self.index + 1, count=count
            )
        caption.update(plain(title, "bold"))
        width = max(24, self.size.width - CHROME_COLUMNS)
        lines = notice_text(document, width).splitlines()
        body.update(Text("\n").join(plain(line) for line in lines))
        self.query_one("#document-body", VerticalScroll).scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == NEXT_DOCUMENT.action:
            return len(self.documents) > 1
        return super().check_action(action, parameters)

    def action_next_document(self) -> None:
        if self.documents:
            self.index = (self.index + 1) % len(self.documents)
            self._show()


class IssuePreview(DocumentView):
    """What a decision would issue, not yet numbered, with ``note`` on what else it
    does: Enter takes the decision (the screen is dismissed with True), Esc goes back to
    the step (None): nothing written."""

    CLOSES_ON_BACK: ClassVar[bool] = True
    BINDINGS: ClassVar = [ISSUE.binding()]
    NONE_ISSUED = N_("No document is issued now: Enter takes the decision.")

    def __init__(self, number: str, documents: list[IssuedDocument], note: str = "") -> None:
        super().__init__(number, documents)
        self.note = note

    def compose_hint(self) -> ComposeResult:
        hint = plain(_("Not issued yet. Enter issues it; Esc goes back and writes nothing."))
        if self.note:
            hint = Text("\n").join((hint, plain(self.note, "bold")))
        yield Static(hint, id="preview-hint")

    def on_mount(self) -> None:
        self.sub_title = _("Before issuing")
        super().on_mount()

    def action_issue(self) -> None:
        self.dismiss(True)

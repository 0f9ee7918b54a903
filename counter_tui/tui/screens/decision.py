"""Taking an application, step 4: the decision, and the document it issues.

The step says what stands in the way (the applicant, an unchecked or missing material)
before the clerk presses a key. Accept, complete on the spot, one-time notice and refuse
first take the papers (``submit``: the 材料接收凭证) when the case is still a draft;
each is checked here first with the same domain rules the services apply, so a refused
decision leaves the draft as it was. Before anything is written the documents the
decision would issue are shown (``IssuePreview``): Enter takes it, Esc comes back here
with nothing written. The documents issued are then shown as text, P prints them, Tab
shows the case's other document, Enter goes home.

A case waiting for its supplement (补正) has one decision here: accept it now that the
notice's items are supplied (``recheck_supplement``), or refuse it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from counter_tui.documents.labels import listing
from counter_tui.documents.notices import print_notice, suggested_filename
from counter_tui.domain.checklist import (
    check_acceptable,
    check_all_checked,
    notice_items,
    refusal_reason,
)
from counter_tui.domain.errors import N_, DomainError
from counter_tui.domain.lifecycle import CaseState
from counter_tui.i18n import _, explain
from counter_tui.services.cases.access import record_printing
from counter_tui.services.cases.documents import IssuedDocument
from counter_tui.services.cases.preview import preview
from counter_tui.services.intake.case_view import CaseView
from counter_tui.services.intake.decisions import (
    accept,
    complete_on_spot,
    issue_notice,
    receive_and_decide,
    recheck_supplement,
)
from counter_tui.services.intake.refusals import RefusalOutcome, refuse
from counter_tui.tui.keys import (
    ACCEPT,
    GO_HOME,
    NOTICE,
    ON_THE_SPOT,
    PRINT_DOCUMENT,
    REFUSE,
)
from counter_tui.tui.labels import kind_word, state_label
from counter_tui.tui.printing import NOTICE_SECONDS, print_in_worker
from counter_tui.tui.review_text import review_line
from counter_tui.tui.screens.base import REFUSED, CaseScreen, Result, case_caption
from counter_tui.tui.screens.document_view import DocumentView
from counter_tui.tui.screens.prompts import RefusalPrompt, notice_prompt
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.text import plain

WAITS_FOR_SIGNATURE = N_("The refusal waits for the chief representative's signature.")


class DecisionStep(CaseScreen):
    CSS_PATH = "decision.tcss"
    AUTO_FOCUS = "#decision-body"
    BINDINGS: ClassVar = [
        ACCEPT.binding(),
        ON_THE_SPOT.binding(),
        NOTICE.binding(),
        REFUSE.binding(),
    ]

    def __init__(self, number: str) -> None:
        super().__init__(number)
        self.view: CaseView | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        self.view = self.load()
        if self.view is not None:
            yield case_caption(self.view)
        with VerticalScroll(id="decision-body"):
            yield Static("", id="decision-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Intake · step 4 of 4: the decision")
        self._describe()

    @property
    def supplement(self) -> bool:
        return self.view is not None and self.view.state is CaseState.AWAITING_SUPPLEMENT

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.supplement and action in (ON_THE_SPOT.action, NOTICE.action):
            return False
        return super().check_action(action, parameters)

    def _describe(self) -> None:
        view = self.view
        if view is None:
            return
        lines: list[Text] = [
            plain(
                _("Item: {item} ({kind})").format(
                    item=view.item_name, kind=kind_word(view.item_kind)
                )
            ),
            plain(_("State: {state}").format(state=state_label(view.state))),
            plain(_("Applicant: {name}").format(name=view.applicant.name or "—")),
        ]
        if view.review is not None:  # the 333's hours: this decision ends the review
            lines.append(review_line(view.review))
        lines.append(Text(""))
        if view.problems:
            lines.append(plain(explain(view.problems[0].error), "bold red"))
        blocking = self._why_not_accept()
        if blocking:
            lines.append(plain(blocking, "bold red"))
        elif not view.problems:
            lines.append(plain(_("Nothing stands in the way of acceptance."), "green"))
        lines.append(Text(""))
        if self.supplement:
            lines.append(
                plain(
                    _(
                        "Supplement (补正): A accepts the case today once the notice's "
                        "items are supplied."
                    )
                )
            )
        if view.window_decides and view.item_kind == "immediate":
            lines.append(
                plain(
                    _(
                        "一审一核: completing on the spot sends the case to the chief "
                        "representative."
                    )
                )
            )
        self.query_one("#decision-text", Static).update(Text("\n").join(lines))

    def _why_not_accept(self) -> str:
        assert self.view is not None
        try:
            if self.supplement:
                return ""
            check_acceptable(self.view.checklist)
        except DomainError as error:
            return explain(error)
        return ""

    # --- deciding ----------------------------------------------------------------------------

    def _precheck(self, check: Callable[[], object]) -> bool:
        """Run a domain rule before anything is written; say why not when it fails."""
        try:
            check()
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False, timeout=10)
            return False
        return True

    def _decided(self, *documents: IssuedDocument | bool | None, message: str = "") -> None:
        issued = [d for d in documents if isinstance(d, IssuedDocument)]
        if message:
            self.notify(message, markup=False, timeout=NOTICE_SECONDS)
        self.counter_app.show_documents(self.number, issued)

    def action_accept(self) -> None:
        if self.view is None:
            return
        if self.supplement:
            at = self.counter_app.now()
            rehearsed = self.call(preview, recheck_supplement, self.number, at=at)
            if rehearsed is REFUSED:
                return
            if rehearsed.result.accepted:
                self.counter_app.preview_issue(self.number, rehearsed.documents, self._recheck)
            else:  # said, and the visit recorded, at once: nothing is issued
                self._recheck()
            return
        self._decide(lambda: check_acceptable(self.view.checklist), self._decided, accept)

    def _recheck(self) -> None:
        result = self.call(recheck_supplement, self.number, at=self.counter_app.now())
        if result is REFUSED:
            return
        if not result.accepted:
            names = listing(result.outstanding)
            self.notify(
                _("Still missing: {materials}").format(materials=names),
                severity="warning",
                markup=False,
                timeout=10,
            )
            return
        self._decided(result.document)

    def _decide(
        self,
        check: Callable[[], object],
        done: Callable[[Result, IssuedDocument | None], None],
        service: Callable[..., Result],
        *args: object,
        **kwargs: object,
    ) -> None:
        """Check ``check`` (a domain rule, so the clerk hears why before anything is
        tried), show what taking the papers of a draft and deciding would issue, and on
        Enter do it in one transaction; ``done`` gets the decision's result and the
        receipt (None when received before)."""
        if self.view is None or not self._precheck(check):
            return
        if self.view.state is CaseState.DRAFT and self.view.problems:
            self.notify(explain(self.view.problems[0].error), severity="error", markup=False)
            return
        at = self.counter_app.now()
        rehearsed = self.call(
            preview, receive_and_decide, self.number, service, *args, at=at, **kwargs
        )
        if rehearsed is REFUSED:
            return
        _receipt, outcome = rehearsed.result
        waits = isinstance(outcome, RefusalOutcome) and outcome.pending is not None

        def issue() -> None:
            at = self.counter_app.now()
            decided = self.call(receive_and_decide, self.number, service, *args, at=at, **kwargs)
            if decided is not REFUSED:
                receipt, result = decided
                done(result, receipt)

        note = _(WAITS_FOR_SIGNATURE) if waits else ""
        self.counter_app.preview_issue(self.number, rehearsed.documents, issue, note)

    def action_on_the_spot(self) -> None:
        self._decide(
            lambda: check_acceptable(self.view.checklist), self._on_the_spot, complete_on_spot
        )

    def _on_the_spot(self, state: CaseState, receipt: IssuedDocument | None) -> None:
        if state is CaseState.AWAITING_APPROVAL:
            message = _("Sent to the chief representative for approval (一审一核).")
        else:
            message = _("Completed on the spot (即办).")
        self._decided(receipt, message=message)

    def action_notice(self) -> None:
        """Asks how the notice reaches the applicant (printed on it), then issues it."""
        if self.view is None or not self._precheck(lambda: notice_items(self.view.checklist)):
            return
        prompt = notice_prompt(_("One-time notice: {case}").format(case=self.number))
        self.app.push_screen(prompt, self._notice)

    def _notice(self, answer: tuple[str, str] | None) -> None:
        if answer is None or self.view is None:
            return
        delivery, detail = answer
        self._decide(
            lambda: notice_items(self.view.checklist),
            self._decided,
            issue_notice,
            delivery=delivery,
            delivery_detail=detail,
        )

    def action_refuse(self) -> None:
        if self.view is not None:
            self.app.push_screen(RefusalPrompt(), self._refuse)

    def _refuse(self, answer: tuple[str, str, str] | None) -> None:
        if answer is None or self.view is None:
            return
        kind, body, details = answer

        def check() -> None:
            refusal_reason(kind, body, details)
            if self.view.state is CaseState.DRAFT:
                check_all_checked(self.view.checklist)

        self._decide(check, self._refused, refuse, kind, competent_body=body, details=details)

    def _refused(self, outcome: RefusalOutcome, receipt: IssuedDocument | None) -> None:
        message = ""
        if outcome.pending is not None:
            message = _(WAITS_FOR_SIGNATURE)
        self._decided(outcome.document, receipt, message=message)

    def _reload(self) -> None:
        self.view = self.load()
        self._describe()


class DocumentScreen(DocumentView):
    """The documents a decision issued, as text; P prints, Tab the next, Enter home."""

    CLOSES_ON_BACK: ClassVar[bool] = True
    BINDINGS: ClassVar = [PRINT_DOCUMENT.binding(), GO_HOME.binding()]
    NONE_ISSUED = N_("No document was issued.")

    def __init__(
        self,
        number: str,
        documents: list[IssuedDocument],
        *,
        index: int = 0,
        reprint: bool = False,
        back: bool = False,
    ) -> None:
        """``reprint``: a document printed before, shown to print again. ``back``: Esc
        goes back to the screen below (the case detail) instead of home."""
        super().__init__(number, documents, index)
        self.reprint = reprint
        self.back = back or reprint

    def on_mount(self) -> None:
        self.sub_title = _("Reprint") if self.reprint else _("Document")
        super().on_mount()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == PRINT_DOCUMENT.action:
            return self.document is not None
        return super().check_action(action, parameters)

    def action_print_document(self) -> None:
        document = self.document
        if document is None:
            return
        app = self.counter_app
        path = app.document_dir / suggested_filename(document)
        today = app.today()
        # Recorded before the file is written: no record, no print (docs/architecture.md §3.7).
        if self.call(record_printing, document) is REFUSED:
            return
        print_in_worker(
            self.app,
            path,
            lambda: print_notice(document, path, printed_on=today),
            busy=_("This document is already being printed."),
            started=_("Printing the document…"),
            failed=_("The document could not be printed: {reason}"),
        )

    def action_home(self) -> None:
        self.counter_app.go_home()

    def action_back(self) -> None:
        if self.back:
            self.dismiss()
            return
        # The case has been decided: there is no step to go back to.
        self.counter_app.go_home()

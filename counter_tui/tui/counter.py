"""The app as its screens and widgets see it (``CounterApp`` in app.py is the one that
is): the session, the clock, the keys, and the one place where a screen is chosen and
opened. Screens name this, never app.py, so that only the app opens screens (docs/architecture.md
§1).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from counter_tui.services.auth import StaffSession
    from counter_tui.services.cases.documents import IssuedDocument
    from counter_tui.services.catalog.guide_search import GuideIndex
    from counter_tui.services.consultations.conversion import CarriedOver
    from counter_tui.tui.keys import KeyAction


Result = TypeVar("Result")


class Refused(Enum):
    """What ``call`` returns when the service refused (a service may return None)."""

    REFUSED = "refused"


REFUSED = Refused.REFUSED


class Counter(Protocol):
    session: StaffSession | None
    demo: bool
    print_dir: Path
    idle_lock_seconds: int
    guide_index: GuideIndex | None

    @property
    def document_dir(self) -> Path: ...

    def today(self) -> date: ...

    def call(
        self, service: Callable[..., Result], *args: object, **kwargs: object
    ) -> Result | Refused: ...

    def now(self) -> datetime | None: ...

    def keys_for(self, action: KeyAction) -> tuple[str, ...]: ...

    def refresh_guide_index(self) -> object: ...

    def refresh_home(self) -> None: ...

    def go_home(self) -> None: ...

    def screen_closed(self) -> None: ...

    def signed_in(self, session: StaffSession, one_time_pin: str = "") -> None: ...

    def unlocked(self) -> None: ...

    # --- opening screens ----------------------------------------------------------------

    def open_case(self, number: str) -> None: ...

    def open_detail(self, number: str) -> None: ...

    def open_checklist(self, number: str) -> None: ...

    def open_decision(self, number: str) -> None: ...

    def show_documents(
        self,
        caption: str,
        documents: Sequence[IssuedDocument],
        *,
        index: int = 0,
        reprint: bool = False,
        back: bool = False,
        replace: bool = False,
    ) -> None: ...

    def preview_issue(
        self,
        caption: str,
        documents: Sequence[IssuedDocument],
        issue: Callable[[], None],
        note: str = "",
    ) -> None: ...

    def start_intake(
        self, item_code: str, *, replace: bool = False, carried: CarriedOver | None = None
    ) -> None: ...

    def start_bundle(self, bundle_code: str) -> None: ...

    def open_bundle_intake(self, number: str) -> None: ...

    def open_bundle_checklist(self, number: str) -> None: ...

    def open_bundle_detail(self, number: str) -> None: ...

    def open_project_board(self, name: str) -> None: ...

    def open_question(self, consultation_id: int, *, replace: bool = False) -> None: ...

    def intake_from_question(self, consultation_id: int) -> None: ...

    def print_handout(self, consultation_id: int) -> None: ...

    def open_guide(self, item_id: int) -> None: ...

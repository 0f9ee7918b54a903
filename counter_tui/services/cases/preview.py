"""What a decision would issue, shown before it is taken (issue 21 item 22): the service
itself runs, inside a transaction that is always rolled back. Every check it makes is
made, so a decision the rules refuse is refused at the preview, and the documents are the
very ones Enter will issue; nothing is kept: no event, no document, no number taken."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from peewee import fn

from counter_tui.services.auth import StaffSession
from counter_tui.services.cases.documents import IssuedDocument, as_issued
from counter_tui.store.database import write_transaction
from counter_tui.store.models import Document, database_proxy

R = TypeVar("R")


@dataclass(frozen=True)
class Preview(Generic[R]):
    """What the service returned and the documents it issued, the last issued first
    (the decision before the receipt taken with it), without their numbers: the number
    is given when the decision is taken, and another workstation may take this one
    before."""

    result: R
    documents: tuple[IssuedDocument, ...]


class _RolledBack(Exception):
    def __init__(self, preview: Preview[Any]) -> None:
        super().__init__("preview")
        self.preview = preview


def unnumbered(document: IssuedDocument) -> IssuedDocument:
    body = MappingProxyType({**document.body, "number": ""})
    return IssuedDocument("", document.kind, document.case_number, document.issued_at, body)


def preview(
    session: StaffSession, service: Callable[..., R], *args: Any, **kwargs: Any
) -> Preview[R]:
    """``service(session, *args, **kwargs)`` rehearsed: its result and documents, with
    nothing written. A refusal (``DomainError``) is raised as the service raises it."""
    try:
        with write_transaction(database_proxy):
            last = Document.select(fn.MAX(Document.id)).scalar() or 0
            result = service(session, *args, **kwargs)
            issued = Document.select().where(Document.id > last).order_by(Document.id.desc())
            documents = tuple(unnumbered(as_issued(document)) for document in issued)
            raise _RolledBack(Preview(result, documents))
    except _RolledBack as rolled_back:
        return rolled_back.preview

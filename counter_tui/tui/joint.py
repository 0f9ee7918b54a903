"""Joint work (issue 23), one way for every screen that offers it: link an application —
a case, or a bundle case whole — to an open key project or take it off its project
(Z on a detail, F11 on the intake's applicant form; docs/rules.md §23), and issue a
supervision order on a case, a bundle case or a key project (B; 督办, docs/rules.md
§22). The services decide who may; a refusal is read as every ``call``'s, and nothing
changes. Beside the screens, as ``case_actions.py`` is: the screens share it, and a
screen imports no other screen (docs/architecture.md §1.5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from counter_tui.domain.supervision import MAX_REPLY_DAYS
from counter_tui.i18n import _
from counter_tui.services.projects.links import (
    link_bundle_case,
    link_case,
    linkable_projects,
    linked_project,
    unlink_bundle_case,
    unlink_case,
)
from counter_tui.services.supervision.issuing import issue_order
from counter_tui.services.supervision.targets import Target
from counter_tui.tui.counter import REFUSED
from counter_tui.tui.screens.prompts import ConfirmPrompt, ListPrompt, OrderPrompt
from counter_tui.tui.widgets.text import join, plain

if TYPE_CHECKING:
    from counter_tui.tui.screens.base import CounterScreen

# The reply days a supervision order's box suggests: a few working days.
REPLY_DAYS = 3


def supervise(screen: CounterScreen, target: Target, title: str, done: Callable[[], None]) -> None:
    """B: the order's box (the reason, what is expected, the reply days), then the order
    on ``target`` to whoever holds it; ``done`` once it is issued."""

    def answered(answer: tuple[str, str, int] | None) -> None:
        if answer is None:
            return
        number = screen.call(issue_order, target, *answer, at=screen.counter_app.now())
        if number is not REFUSED:
            said = _("Supervision order {number} issued.").format(number=number)
            screen.notify(said, markup=False)
            done()

    screen.app.push_screen(OrderPrompt(title, REPLY_DAYS, MAX_REPLY_DAYS), answered)


def choose_key_project(
    screen: CounterScreen, number: str, done: Callable[[], None], *, bundle: bool = False
) -> None:
    """The key project of the case numbered ``number`` (with ``bundle``, the bundle case
    and every case of it): not linked, a list of the open projects to link it to; linked,
    whether to take it off (asked first). ``done`` once it changed."""
    linked = screen.call(linked_project, number, bundle=bundle)
    if linked is REFUSED:
        return
    title = _("Key project (重点项目): {number}").format(number=number)
    now = screen.counter_app.now()
    if linked is not None:
        question = _("Take {number} off key project {name}?").format(
            number=number, name=linked.name
        )

        def confirmed(yes: bool | None) -> None:
            unlink = unlink_bundle_case if bundle else unlink_case
            if yes and screen.call(unlink, number, at=now) is not REFUSED:
                said = _("{number} is taken off key project {name}.")
                screen.notify(said.format(number=number, name=linked.name), markup=False)
                done()

        screen.app.push_screen(ConfirmPrompt(title, question), confirmed)
        return
    projects = screen.call(linkable_projects)
    if projects is REFUSED:
        return
    if not projects:
        screen.notify(_("No key project is open."), severity="warning", markup=False)
        return
    names = {str(project.id): project.name for project in projects}
    options = [
        (str(p.id), join([plain(p.name, "bold"), plain(p.level), plain(p.company)]))
        for p in projects
    ]

    def chosen(value: str | None) -> None:
        link = link_bundle_case if bundle else link_case
        if value is not None and screen.call(link, number, int(value), at=now) is not REFUSED:
            said = _("{number} is linked to key project {name}.")
            screen.notify(said.format(number=number, name=names[value]), markup=False)
            done()

    screen.app.push_screen(ListPrompt(title, options), chosen)

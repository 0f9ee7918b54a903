"""The review clock in words (docs/rules.md §19): the case detail's line, the queue's
columns and ``counter-tui case show`` say the materials review's hours the same way."""

from __future__ import annotations

from rich.text import Text

from counter_tui.documents.labels import duration_label
from counter_tui.domain.review_promise import ReviewClock
from counter_tui.i18n import _
from counter_tui.tui.labels import LIGHT_STYLES, light_label
from counter_tui.tui.widgets.text import join, plain


def review_words(clock: ReviewClock) -> str:
    """``审核剩 1 小时 20 分`` while it runs, ``审核超时 40 分`` past due; once ended,
    kept or by how much late."""
    if clock.running:
        if clock.late:
            return _("Review {time} overdue").format(time=duration_label(clock.minutes_left))
        return _("Review: {time} left").format(time=duration_label(clock.minutes_left))
    if clock.late:
        return _("Reviewed {time} late").format(time=duration_label(clock.minutes_left))
    return _("Reviewed within the promise")


def review_line(clock: ReviewClock, width: int | None = None) -> Text:
    """The detail's line for a running review: the light, the words, the due moment."""
    light = clock.light.value
    due = _("Review due {moment}").format(moment=clock.due.strftime("%m-%d %H:%M"))
    return join(
        [
            plain(light_label(light), LIGHT_STYLES[light]),
            plain(review_words(clock), LIGHT_STYLES[light] if clock.late else ""),
            plain(due),
        ],
        width=width,
    )


def short_review_text(clock: ReviewClock) -> str:
    """The queue's column of days left, for a review in hours: ``1:20``, ``-0:40``."""
    hours, rest = divmod(abs(clock.minutes_left), 60)
    sign = "-" if clock.minutes_left < 0 or clock.late else ""
    return f"{sign}{hours}:{rest:02d}"

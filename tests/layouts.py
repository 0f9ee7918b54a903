"""Counting a widget's refreshes that lay out the screen (issue 17: a letter typed, a
list shown, must repaint only)."""

from typing import Any

from textual.widget import Widget


def count_layouts(widget: Widget) -> list[bool]:
    """From now on, ``layout`` of every refresh of ``widget``, in order."""
    layouts: list[bool] = []
    refresh = widget.refresh

    def counted(*args: Any, layout: bool = False, **kwargs: Any) -> Any:
        layouts.append(layout)
        return refresh(*args, layout=layout, **kwargs)

    widget.refresh = counted  # type: ignore[method-assign]
    return layouts

"""Thread workers that leave nothing alive behind them (issue 17).

Textual runs a thread worker in the event loop's default executor and sets its
``active_worker`` context variable in the executor thread's own context, where nothing
resets it (``Worker._run_threaded``, Textual 8.2; no upstream issue found). The idle
thread then keeps the last worker it ran, and with it the node that started it and,
through the worker's task, the screen that was active when it started: every screen
that had last started a worker stayed in memory after it was closed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from textual.worker import active_worker

P = ParamSpec("P")
R = TypeVar("R")


def forgets_its_worker(work: Callable[P, R]) -> Callable[P, R]:
    """``work``, the body of a thread worker, forgetting the worker when it ends."""

    @wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return work(*args, **kwargs)
        finally:
            active_worker.set(None)  # type: ignore[arg-type]  # no worker runs here now

    return run

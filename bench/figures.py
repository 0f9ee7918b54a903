"""One measured figure beside its baseline and budget, as `bench/run.py` prints it.

Each benchmark module offers ``figures(quick: bool) -> list[Figure]``; `run.py`
collects them into one table. A figure's ``within`` is decided by the module that
measured it, because budgets differ in kind (a ratio, a p95, a median, a peak).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str  # what was measured, e.g. "catalog search p95"
    measured: str  # the figure as printed, e.g. "3.1 ms"
    baseline: str  # what it was run beside, e.g. "LIKE p95 41.0 ms"
    budget: str  # the budget, e.g. "p95 ≤ 10 ms"
    within: bool


def table(figures: list[Figure]) -> str:
    """The figures as a fixed-width table, one line each, with a verdict column."""
    rows = [("figure", "measured", "baseline", "budget", "")]
    rows += [
        (f.name, f.measured, f.baseline, f.budget, "ok" if f.within else "OVER") for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[4]
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(line.rstrip() for line in lines)

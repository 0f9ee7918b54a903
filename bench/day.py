"""A day without growth: the clerk's round 200 times in one session of the real TUI, in a
centre of a million cases and 5,200 items (issue 17).

    .venv/bin/python bench/day.py [--rounds 200]

In a child process (bench/clerk.py), clerk A of a window of about 221 open cases signs
in and goes round: home → F2 → the guide search typed → Enter on an item (a draft) → Esc
home → F5 → Enter on a case → Esc → F8 → F6 → F3 → Enter on a guide → Esc home, as often
as it takes. From the second round F2 shows the draft of the round before first: it is
discarded (Del) and F2 goes on to the items, so every round starts where the first did.

After round 10, every ten rounds and after the last, the child collects the garbage
(``gc.collect``) and counts what is kept: gc-tracked objects (``len(gc.get_objects())``)
and resident memory (``/proc/self/statm``). It times every generation-2 collection
(``gc.callbacks``, from start to stop), its own and Python's. Budgets: objects and
memory grow ≤ 5 % from round 10 to the end; no generation-2 collection of rounds 11 on
takes more than 20 ms. The baseline is the session itself after round 10.

With ``--pause`` seconds (1.0 by default; 0: keys back to back all day) the clerk reads:
waits 3.5 s (``clerk.FIRST_WAIT``) for the first applicant after sign-in, where the app
imports the day's screens and prepares the print, then sets them aside with the session
(``CounterApp._warm_up_session``), and in each round reads the queue, the case, the
figures and the guide for that long, far shorter than at a real counter. The collections
in those pauses (the app's, ``CounterApp._free_closed_screens``: 0.6 s without a key once
a screen has closed) are timed apart: no key waits for them. The budget holds the others:
Python's own, which land on a key, and the bench's counting.
"""

import argparse
import sys

import centre
import clerk
from figures import Figure

ROUNDS = 200
QUICK_ROUNDS = 50  # about 10 minutes on the code of issue 17's start; see bench/README.md
GROWTH_BUDGET = 0.05
PAUSE_BUDGET_MS = 20.0
SETTLED = 10  # rounds after which the session counts as warm
PAUSE = 1.0  # seconds the clerk reads each of four screens of a round


def measure(rounds: int, pause: float = PAUSE) -> dict[str, list]:
    arguments = clerk.params(str(centre.counter_copy())) | {"reading": pause}
    print(clerk.describe(arguments), flush=True)
    return clerk.child("day", arguments, rounds, progress=True)


def _after(pauses: list[list[float]], rounds: int) -> list[float]:
    return [ms for number, ms in pauses if number > rounds]


def trajectory(found: dict[str, list]) -> list[str]:
    """Every ten rounds: what is kept, the seconds so far, the longest generation-2
    collection of those rounds (Python's own; the bench's count and the app's in the
    pauses are beside it)."""
    lines = [
        f"{'round':>5} {'objects':>9} {'RSS MB':>7} {'seconds':>8} {'gen-2 max':>9} "
        f"{'(n)':>4} {'count gc':>9} {'in pauses':>9} {'(n)':>4}"
    ]
    previous = 0
    counted = {number: ms for number, ms in found["counted"]}
    for number, objects, resident, seconds in found["trajectory"]:
        pauses = [ms for n, ms in found["automatic"] if previous < n <= number]
        longest = f"{max(pauses):7.0f}ms" if pauses else ""
        idle = [ms for n, ms in found["at_idle"] if previous < n <= number]
        at_pause = f"{max(idle):7.0f}ms" if idle else ""
        lines.append(
            f"{number:>5} {objects:>9,} {resident:>7.1f} {seconds:>8.0f} {longest:>9} "
            f"{len(pauses):>4} {counted.get(number, 0):7.0f}ms {at_pause:>9} {len(idle):>4}"
        )
        previous = number
    return lines


def figures_of(found: dict[str, list], rounds: int) -> list[Figure]:
    (_n, objects_at, resident_at, _s) = found["trajectory"][0]
    (last, objects, resident, _s) = found["trajectory"][-1]
    pauses = _after(found["automatic"], SETTLED) + _after(found["counted"], SETTLED)
    longest = max(pauses, default=0.0)
    at_settled = dict((n, ms) for n, ms in found["counted"]).get(SETTLED, 0.0)
    idle = _after(found["at_idle"], SETTLED)
    at_pause = f"; in the pauses {max(idle):.0f} ms ({len(idle)})" if idle else ""
    span = f"rounds {SETTLED}→{last}"
    object_growth = objects / objects_at - 1
    resident_growth = resident / resident_at - 1
    return [
        Figure(
            f"day: gc-tracked objects, {span}",
            f"{object_growth:+.1%} ({objects:,})",
            f"after round {SETTLED}: {objects_at:,}",
            f"≤ +{GROWTH_BUDGET:.0%}",
            object_growth <= GROWTH_BUDGET and last == rounds,
        ),
        Figure(
            f"day: resident memory, {span}",
            f"{resident_growth:+.1%} ({resident:.0f} MB)",
            f"after round {SETTLED}: {resident_at:.0f} MB",
            f"≤ +{GROWTH_BUDGET:.0%}",
            resident_growth <= GROWTH_BUDGET and last == rounds,
        ),
        Figure(
            f"day: longest gen-2 collection, rounds {SETTLED + 1}-{last}",
            f"{longest:.0f} ms ({len(pauses)} collections)",
            f"at round {SETTLED}: {at_settled:.0f} ms{at_pause}",
            f"≤ {PAUSE_BUDGET_MS:g} ms",
            longest <= PAUSE_BUDGET_MS and last == rounds,
        ),
    ]


def figures(quick: bool) -> list[Figure]:
    rounds = QUICK_ROUNDS if quick else ROUNDS
    found = measure(rounds)
    for line in trajectory(found):
        print(line)
    return figures_of(found, rounds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"more than {SETTLED}")
    parser.add_argument("--pause", type=float, default=PAUSE, help="seconds reading a screen")
    args = parser.parse_args(argv)
    if args.rounds <= SETTLED:
        parser.error(f"--rounds must be more than {SETTLED}")
    found = measure(args.rounds, args.pause)
    for line in trajectory(found):
        print(line)
    result = figures_of(found, args.rounds)
    for figure in result:
        print(f"{figure.name}: {figure.measured}, {figure.baseline} ({figure.budget})")
    return 0 if all(figure.within for figure in result) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Every performance figure of issues 10 and 17 beside its baseline and budget.

    .venv/bin/python bench/run.py [--quick] [--only NAME ...]

Each benchmark is a module beside this one with ``figures(quick) -> list[Figure]``;
they run in the order of BENCHMARKS and the table at the end holds them all. The
exit code is 1 when any figure is over its budget. A module can also be run on its
own for its detailed output (``bench/search.py --help``).
"""

import argparse
import importlib
import sys
import time

# bench/ is on sys.path: it is the folder of the script being run.
from figures import Figure, table

# Module names; not "queue": bench/ is first on sys.path, where a queue.py would hide the
# standard library's queue module (asyncio and Textual use it).
BENCHMARKS = [
    "startup",
    "search",
    "intake",
    "notice",
    "window_queue",
    "report",
    "audit",
    "memory",
    "keys",
    "day",
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats and rounds (bench/README.md: how long)"
    )
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, help="run these only")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    found: list[Figure] = []
    for name in args.only or BENCHMARKS:
        module = importlib.import_module(name)
        print(f"== {name}", flush=True)
        found += module.figures(args.quick)
    print()
    print(table(found))
    print(f"\n{len(found)} figures in {time.perf_counter() - started:.0f} s")
    return 0 if all(f.within for f in found) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Run a benchmark by name: ``.venv/bin/python bench/run.py report --quick``.

Each benchmark is a script beside this one with a ``main()`` that reads ``sys.argv``;
the arguments after its name are its own (``bench/run.py search --items 1000``).
"""

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).parent
BENCHMARKS = sorted(p.stem for p in HERE.glob("*.py") if p.stem != "run")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHMARKS:
        print(f"usage: bench/run.py {{{','.join(BENCHMARKS)}}} [options]", file=sys.stderr)
        return 2
    spec = importlib.util.spec_from_file_location(argv[0], HERE / f"{argv[0]}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.argv = [str(HERE / f"{argv[0]}.py"), *argv[1:]]
    return module.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Cold start to the sign-in screen, beside a bare Textual app showing one Static.

    .venv/bin/python bench/startup.py [--repeat 7]

Each start is a fresh ``python`` subprocess, timed from launch to exit, the two kinds
interleaved; the ratio is the median of each pair's ratio (a program start over the bare
start beside it), so that a machine whose speed drifts from one second to the next moves
both sides of a pair alike (issue 10: ratio ≤ 1.3).

- The program: ``counter_tui.cli.main(["--database", URL])``, the console script's
  path (parse the command line, open and migrate the database, check it is set up,
  build the app, push the sign-in screen), on an initialised SQLite database without
  demo data in a temporary folder (HOME and the XDG folders point there too).
- The baseline: an ``App`` whose only widget is a ``Static``.

Both run headless at 80×24 and exit at the same signal: when their first screen has
been mounted and has had its first refresh (a ``call_after_refresh(app.exit)`` from
that screen's ``on_mount``; for the program, the sign-in screen's, wrapped here, so
the product holds no benchmark hook). Both children run through this same file (the
``--child`` option; ``-P`` keeps bench/ off their path), so they pay the same
interpreter start and the same script.
"""

import sys
from types import ModuleType  # loaded with the interpreter: nothing more to import


def _child_app(database: str) -> int:
    """The program as ``counter-tui --database URL`` runs it, exiting once sign-in shows:
    the command line's module first, the app's when ``main`` imports it (patched then,
    from outside: the product holds no benchmark hook)."""
    import importlib.util

    from counter_tui.cli import main

    class PatchTheApp:
        """Finds nothing; when the app's module is loaded, wraps what the bench needs."""

        def find_spec(self, name: str, path: object, target: object = None) -> object:
            if name != "counter_tui.tui.app":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            load = spec.loader.exec_module

            def exec_module(module: object) -> None:
                load(module)
                _patch(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, PatchTheApp())
    return main(["--database", database])


def _patch(app_module: ModuleType) -> None:
    """Sign-in exits after its first refresh; the app runs headless at 80×24."""
    screen = app_module.SignInScreen
    mounted = screen.on_mount

    def on_mount(self: object) -> None:
        mounted(self)
        self.call_after_refresh(self.app.exit)

    screen.on_mount = on_mount
    run = app_module.CounterApp.run
    app_module.CounterApp.run = lambda self: run(self, headless=True, size=(80, 24))


def _child_bare() -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("ready")

        def on_mount(self) -> None:
            self.call_after_refresh(self.exit)

    Bare().run(headless=True, size=(80, 24))
    return 0


# Database drivers that peewee imports when they are installed, and that a default
# install (SQLite) does not have: the test extra brings psycopg, which costs ~100 ms.
OPTIONAL_DRIVERS = ("psycopg", "psycopg2", "pymysql", "MySQLdb")

if len(sys.argv) > 2 and sys.argv[1] == "--child":  # a timed start: nothing more imported
    kind = sys.argv[2]
    if not kind.endswith("+drivers"):
        sys.modules.update(dict.fromkeys(OPTIONAL_DRIVERS))  # None: "not installed"
    sys.exit(_child_bare() if kind == "bare" else _child_app(sys.argv[3]))

import argparse  # noqa: E402  (the timed children stop above)
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from figures import Figure  # noqa: E402

BUDGET = 1.3


def _environment(home: Path) -> dict[str, str]:
    """HOME and the XDG folders in ``home``; bytecode cached there too (a deployed install
    has its .pyc files; PYTHONDONTWRITEBYTECODE would recompile every module each start)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("COUNTER_TUI_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(
        PYTHONPYCACHEPREFIX=str(home / "pycache"),
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DOCUMENTS_DIR=str(home / "Documents"),
        COUNTER_TUI_LANG="zh_CN",
    )
    return env


def _initialise(database: str, env: dict[str, str]) -> None:
    """A set-up centre with no demo data: what a real counter starts on."""
    subprocess.run(
        [sys.executable, "-m", "counter_tui", "--database", database, "init",
         "--centre-name", "示范市行政服务中心", "--admin-code", "admin",
         "--admin-name", "管理员", "--pin-stdin"],
        input="0000\n", env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _start(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one start; the CPU time shows whether a slow wall time was
    the program's own work or waiting for a busy machine."""
    cpu, start = _cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-P", __file__, "--child", *args], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"start {args[0]} failed ({done.returncode}):\n{done.stderr}")
    return seconds, _cpu() - cpu


def measure(
    repeat: int, kinds: tuple[str, ...] = ("app", "bare")
) -> dict[str, list[tuple[float, float]]]:
    """Wall and CPU seconds per start of each kind, interleaved, after a warm-up
    of each (so the .pyc files exist and the page cache holds both: a 'cold' start here is
    a new process, as at a counter where the program ran before)."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = _environment(home)
        database = f"sqlite:///{home / 'counter.db'}"
        _initialise(database, env)
        runs: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
        for kind in kinds:
            _start([kind, database], env)
        for _ in range(repeat):
            for kind in kinds:
                runs[kind].append(_start([kind, database], env))
    return runs


def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _c in runs), statistics.median(c for _w, c in runs)


def paired(runs: dict[str, list[tuple[float, float]]], kind: str, part: int) -> float:
    """The median over the pairs of ``kind``'s start over the bare start beside it
    (``part`` 0: wall, 1: CPU)."""
    return statistics.median(
        one[part] / bare[part] for one, bare in zip(runs[kind], runs["bare"], strict=True)
    )


def figures(quick: bool) -> list[Figure]:
    runs = measure(9 if quick else 15)
    (app, app_cpu), (bare, bare_cpu) = medians(runs["app"]), medians(runs["bare"])
    ratio, cpu_ratio = paired(runs, "app", 0), paired(runs, "app", 1)
    return [
        Figure(
            "cold start to sign-in (wall; CPU)",
            f"{app * 1000:.0f} ms ×{ratio:.2f}; {app_cpu * 1000:.0f} ms ×{cpu_ratio:.2f}",
            f"bare app {bare * 1000:.0f} ms; {bare_cpu * 1000:.0f} ms",
            f"ratio ≤ {BUDGET}",
            ratio <= BUDGET,
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11, help="starts of each kind")
    args = parser.parse_args()
    names = {
        "app": "sign-in screen",
        "app+drivers": "… with psycopg",
        "bare": "bare app",
    }
    runs = measure(args.repeat, tuple(names))
    bare, bare_cpu = medians(runs["bare"])
    print(f"{'':<15} {'wall median':>11} {'min':>6} {'ratio':>6}  {'CPU median':>10} {'ratio':>6}")
    for kind, name in names.items():
        wall, cpu = medians(runs[kind])
        print(
            f"{name:<15} {wall * 1000:8.0f} ms {min(w for w, _c in runs[kind]) * 1000:6.0f} "
            f"{wall / bare:6.2f}  {cpu * 1000:7.0f} ms {cpu / bare_cpu:6.2f}"
        )
    ratio = paired(runs, "app", 0)
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"ratio {ratio:.2f}: {verdict} the {BUDGET} budget")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())

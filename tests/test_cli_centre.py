"""`counter-tui centre import|export`: the whole centre as a file, from the command line."""

from collections.abc import Callable
from pathlib import Path

import pytest

from counter_tui.resources import seed_dir

Run = Callable[..., tuple[int, str, str]]
EXAMPLE = Path(__file__).parents[1] / "docs" / "centre.example.yaml"


def _init(run_cli: Run, database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("135790\n"))
    code, _, err = run_cli(
        "--database", database, "init", "--centre-name", "示范市行政服务中心",
        "--admin-code", "root", "--admin-name", "管理员", "--pin-stdin",
    )  # fmt: skip
    assert code == 0, err


def test_a_centre_set_up_from_files_takes_the_demo_catalog(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = f"sqlite:///{tmp_path / 'centre.db'}"
    _init(run_cli, database, monkeypatch)
    catalog = str(seed_dir() / "catalog.yaml")
    code, _, err = run_cli("--database", database, "catalog", "import", catalog)
    assert code == 1 and "GA, GH, HB" in err and "centre import" in err, err
    code, out, err = run_cli("--database", database, "centre", "import", str(EXAMPLE))
    assert code == 0, err
    assert "部门：新增 4" in out and "未删除任何内容" in out
    assert "staff reset-pin" in out and "ga01" in out and "root" not in out.split("：")[-1]
    code, out, err = run_cli("--database", database, "catalog", "import", catalog)
    assert code == 0, err
    exported = tmp_path / "catalog.xlsx"
    assert run_cli("--database", database, "catalog", "export", "-o", str(exported))[0] == 0
    code, out, err = run_cli("--database", database, "catalog", "import", str(exported))
    assert code == 0 and "未变 36 项" in out, out + err


@pytest.mark.parametrize("format", ["yaml", "json", "xlsx"])
def test_export_import_export_from_the_command_line(
    run_cli: Run, demo_db: str, tmp_path: Path, format: str
) -> None:
    first, second = tmp_path / f"a.{format}", tmp_path / f"b.{format}"
    assert run_cli("--database", demo_db, "centre", "export", "-o", str(first))[0] == 0
    code, out, err = run_cli("--database", demo_db, "centre", "import", str(first))
    assert code == 0 and "中心概况：未变" in out, err
    assert "reset-pin" not in out  # every demo account has its PIN
    assert run_cli("--database", demo_db, "centre", "export", "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_export_to_standard_output_and_refusals(run_cli: Run, demo_db: str, tmp_path: Path) -> None:
    code, out, _ = run_cli("--database", demo_db, "centre", "export")
    assert code == 0 and out.startswith("# counter-tui 中心文件") and "gadeputy" in out
    assert "pin" not in out
    code, _, err = run_cli("--database", demo_db, "centre", "export", "--format", "xlsx")
    assert code == 1 and "-o" in err
    code, _, err = run_cli(
        "--database", demo_db, "centre", "export", "--format", "json", "-o", "x.yaml"
    )
    assert code == 1 and "x.yaml" in err
    code, _, err = run_cli("--database", demo_db, "centre", "import", str(tmp_path / "no.yaml"))
    assert code == 1 and "no.yaml" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: 1\nstaff:\n  - {code: x, name: 某, role: boss}\n", encoding="utf-8")
    code, _, err = run_cli("--database", demo_db, "centre", "import", str(bad))
    assert code == 1 and "bad.yaml，staff 第 1 项（第 3 行），字段 role" in err, err

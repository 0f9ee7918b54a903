"""`counter-tui catalog import|export|search`: the issue's done-when commands and the mistakes."""

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import yaml

from counter_tui import config
from counter_tui.cli import main


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return str(path)


def _count(db: str, sql: str) -> int:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


# ── search ──────────────────────────────────────────────────────────────────


def test_search_initials_lists_the_firearms_permit_first(
    run_cli: Callable[..., tuple[int, str, str]], demo: str
) -> None:
    code, out, _ = run_cli("--database", demo, "catalog", "search", "qzsn", "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["name"] == "枪支省内运输许可证"
    assert hits[0]["code"] == "GA-001" and hits[0]["department_short"] == "公安"


def test_search_hukou_lists_the_hukou_items(
    run_cli: Callable[..., tuple[int, str, str]], demo: str
) -> None:
    code, out, _ = run_cli("--database", demo, "catalog", "search", "户口", "--json")
    assert code == 0
    names = [hit["name"] for hit in json.loads(out)]
    with_hukou = {"户口迁移（市内迁移）", "户口迁移（跨省迁入）", "出生登记（户口）"}
    assert set(names[:3]) == with_hukou
    assert set(names) == with_hukou | {"户籍证明出具"}  # keyword 户口证明


def test_demo_flag_builds_the_demo_on_a_fresh_machine(
    run_cli: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "data_home", lambda: tmp_path / "data")
    code, out, _ = run_cli("--demo", "catalog", "search", "qzsn", "--json")
    assert code == 0
    assert json.loads(out)[0]["name"] == "枪支省内运输许可证"
    assert (tmp_path / "data" / "demo.db").exists()
    code, out, _ = run_cli("--demo", "catalog", "search", "户口", "--limit", "2", "--json")
    hits = json.loads(out)
    assert len(hits) == 2
    assert all("户口" in hit["name"] for hit in hits)


def test_demo_flag_never_builds_over_a_real_database(
    run_cli: Callable[..., tuple[int, str, str]], empty_template: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real.db"
    shutil.copyfile(empty_template, real)
    connection = sqlite3.connect(real)
    connection.execute(
        "INSERT INTO department (code, name, short_name, chief_signs_refusals) "
        "VALUES ('GA', '示范市公安局', '公安', 0)"
    )
    connection.commit()
    connection.close()
    code, _, err = run_cli("--lang", "en", "--demo", "--database", str(real), "catalog", "search")
    assert code == 1
    assert "not the demo centre" in err and "Traceback" not in err
    assert _count(str(real), "SELECT COUNT(*) FROM department") == 1
    assert _count(str(real), "SELECT COUNT(*) FROM staff") == 0


def test_plain_search_prints_one_line_per_item(
    run_cli: Callable[..., tuple[int, str, str]], demo: str
) -> None:
    code, out, _ = run_cli("--database", demo, "catalog", "search", "规划", "延期")
    assert code == 0
    assert out.splitlines() == ["GH-009  建设工程规划许可证延期  规划"]
    code, out, err = run_cli("--database", demo, "catalog", "search", "量子")
    assert (code, out) == (0, "") and err.strip()


def test_search_without_words_lists_the_most_used(
    run_cli: Callable[..., tuple[int, str, str]], demo: str
) -> None:
    code, out, _ = run_cli("--database", demo, "catalog", "search", "--json", "--limit", "5")
    assert code == 0
    assert len(json.loads(out)) == 5


# ── import and export ───────────────────────────────────────────────────────


def test_export_yaml_to_standard_output_and_import_it_back(
    run_cli: Callable[..., tuple[int, str, str]], demo: str, tmp_path: Path
) -> None:
    code, out, _ = run_cli("--database", demo, "catalog", "export")
    assert code == 0
    data = yaml.safe_load(out)
    assert data["schema"] == 1 and len(data["items"]) == 36 and len(data["bundles"]) == 2
    data["items"][0]["fees"] = "按规定收取工本费"
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, _ = run_cli("--lang", "en", "--database", demo, "catalog", "import", str(path))
    assert code == 0
    assert "0 new, 1 changed, 35 unchanged" in out
    assert "Bundles: 0 new, 0 changed, 2 unchanged" in out
    code, out, _ = run_cli("--database", demo, "catalog", "import", str(path), "--json")
    assert json.loads(out) == {
        "file": str(path),
        "new": 0,
        "changed": 0,
        "unchanged": 36,
        "bundles_new": 0,
        "bundles_changed": 0,
        "bundles_unchanged": 2,
    }


def test_export_json_and_xlsx_files(
    run_cli: Callable[..., tuple[int, str, str]], demo: str, tmp_path: Path
) -> None:
    code, out, _ = run_cli("--database", demo, "catalog", "export", "--format", "json")
    assert code == 0 and len(json.loads(out)["items"]) == 36
    xlsx = tmp_path / "catalog.xlsx"
    code, out, _ = run_cli("--lang", "en", "--database", demo, "catalog", "export", "-o", str(xlsx))
    assert code == 0 and "36" in out
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    assert workbook.sheetnames[:4] == ["items", "materials", "bundles", "bundle_items"]
    workbook.close()
    code, out, _ = run_cli("--lang", "en", "--database", demo, "catalog", "import", str(xlsx))
    assert code == 0 and "36 unchanged" in out and "2 unchanged" in out


# ── bundles ─────────────────────────────────────────────────────────────────


def test_bundles_lists_each_bundle_with_its_items_by_stage(
    run_cli: Callable[..., tuple[int, str, str]], demo: str
) -> None:
    code, out, _ = run_cli("--lang", "en", "--database", demo, "catalog", "bundles")
    assert code == 0
    lines = out.splitlines()
    assert lines[:4] == [
        "YJS-001  建设项目开工一件事",
        "  stage 1  GH-001  建设用地规划许可证  规划",
        "  stage 1  HB-002  建设项目环境影响报告表审批  环保",
        "  stage 2  GH-002  建设工程规划许可证  规划",
    ]
    assert lines[4].startswith("YJS-002  三案同审") and len(lines) == 8
    code, out, _ = run_cli("--database", demo, "catalog", "bundles", "--json")
    data = json.loads(out)
    assert [b["code"] for b in data] == ["YJS-001", "YJS-002"]
    first = data[0]["items"][1]
    assert (first["code"], first["stage"], first["department_short"]) == ("HB-002", 1, "环保")
    assert first["limits"] == {"promised_days": 10, "legal_days": 30, "unit": "natural"}


def test_show_bundle_prints_the_merged_checklist(
    run_cli: Callable[..., tuple[int, str, str]], demo: str
) -> None:
    code, out, _ = run_cli("--lang", "en", "--database", demo, "catalog", "show-bundle", "YJS-001")
    assert code == 0
    assert out.startswith("YJS-001  建设项目开工一件事\n")
    assert "  stage 1  HB-002  建设项目环境影响报告表审批  环保  Promised item" in out
    assert "Legal time limit: 30 days  Promised time limit: 10 days" in out
    licence = "建设单位身份证明（营业执照、事业单位法人证书等）"
    assert f"  2. {licence}  [one copy for GH-001, GH-002]" in out
    assert out.count("授权委托书及经办人居民身份证") == 1
    code, out, _ = run_cli("--database", demo, "catalog", "show-bundle", "YJS-002", "--json")
    data = json.loads(out)
    assert [i["code"] for i in data["items"]] == ["GH-012", "GH-003", "GH-011"]
    shared = [line for line in data["checklist"] if line["shared"]]
    assert [len(line["uses"]) for line in shared] == [2, 3, 2, 2, 3]


def test_show_bundle_of_an_unknown_code_is_an_error_without_a_traceback(
    run_cli: Callable[..., tuple[int, str, str]], demo: str
) -> None:
    code, out, err = run_cli("--lang", "en", "--database", demo, "catalog", "show-bundle", "X-1")
    assert (code, out) == (1, "")
    assert "No bundle X-1" in err and "Traceback" not in err


def test_bundles_of_a_catalog_without_any(
    run_cli: Callable[..., tuple[int, str, str]], empty_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "empty.db"
    shutil.copyfile(empty_template, path)
    code, out, err = run_cli("--lang", "en", "--database", str(path), "catalog", "bundles")
    assert (code, out) == (0, "") and "no bundles" in err
    code, out, _ = run_cli("--database", str(path), "catalog", "bundles", "--json")
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("export", "--format", "xlsx"), "-o"),
        (("export", "--format", "json", "-o", "catalog.yaml"), "catalog.yaml"),
        (("import", "nowhere.yaml"), "nowhere.yaml"),
        (("import", "catalog.csv"), ".csv"),
    ],
)
def test_mistakes_give_a_message_without_a_traceback(
    run_cli: Callable[..., tuple[int, str, str]],
    demo: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: tuple[str, ...],
    expected: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("--database", demo, "catalog", *argv)
    assert (code, out) == (1, "")
    assert expected in err and "Traceback" not in err
    assert not (tmp_path / "catalog.yaml").exists()


def test_a_bad_xlsx_names_its_place_and_changes_nothing(
    run_cli: Callable[..., tuple[int, str, str]], demo: str, tmp_path: Path
) -> None:
    path = tmp_path / "catalog.xlsx"
    run_cli("--database", demo, "catalog", "export", "-o", str(path))
    workbook = openpyxl.load_workbook(path)
    workbook["items"]["B2"] = "改了名字"
    workbook["materials"]["F7"] = "photocopy"
    workbook.save(path)
    before = _count(demo, "SELECT COUNT(*) FROM item")
    code, _, err = run_cli("--lang", "en", "--database", demo, "catalog", "import", str(path))
    assert code == 1
    assert "catalog.xlsx / materials / row 7: field form must be one of" in err
    assert _count(demo, "SELECT COUNT(*) FROM item") == before


@pytest.mark.parametrize(
    "argv",
    [
        ("catalog",),
        ("catalog", "export", "--format", "csv"),
        ("catalog", "search", "x", "--limit", "-1"),
        ("catalog", "import"),
    ],
)
def test_usage_mistakes_exit_2(
    capsys: pytest.CaptureFixture[str], demo: str, argv: tuple[str, ...]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--database", demo, *argv])
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err

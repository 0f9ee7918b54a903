"""`counter-tui case show` and `case print`: one case as the detail shows it, in JSON
agreeing with the database read by independent SQL, and every document of it as a PDF
that reads back; mistakes with a message and the CLI's exit codes."""

import json
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

CI_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei
DEMO_TODAY = date(2026, 11, 27)  # the day the demo template is built for (conftest.py)
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def demo(demo_file: str) -> str:
    return demo_file


def _case_with_most_documents(db: str) -> tuple[str, str, list[str]]:
    """(number, state, document numbers in the order issued), by SQL of its own."""
    with sqlite3.connect(db) as connection:
        number, state, case_id = connection.execute(
            'SELECT c.number, c.state, c.id FROM "case" c JOIN document d ON d.case_id = c.id '
            "GROUP BY c.id ORDER BY COUNT(*) DESC, c.id LIMIT 1"
        ).fetchone()
        documents = [
            row[0]
            for row in connection.execute(
                "SELECT number FROM document WHERE case_id = ? ORDER BY id", (case_id,)
            )
        ]
    return number, state, documents


def test_show_json_is_the_case_in_the_database(run_cli: Run, demo: str) -> None:
    number, state, documents = _case_with_most_documents(demo)
    code, out, err = run_cli("--database", demo, "case", "show", number.lower(), "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["number"], shown["state"]) == (number, state)
    assert [document["number"] for document in shown["documents"]] == documents
    assert len(documents) >= 3
    assert shown["timeline"] and all("at" in entry for entry in shown["timeline"])
    clocks = shown["deadline"] or {}
    for clock in ("promised", "legal"):
        due = (clocks.get(clock) or {}).get("due", {}).get("date")
        assert shown[f"{clock}_due"] == due


def test_show_json_gives_both_due_dates_of_an_accepted_case(run_cli: Run, demo: str) -> None:
    with sqlite3.connect(demo) as connection:
        [number] = connection.execute(
            'SELECT c.number FROM "case" c JOIN item i ON i.id = c.item_id '
            "WHERE c.state = 'accepted' AND i.promised_limit_days > 0 "
            "AND i.promised_limit_days < i.legal_limit_days ORDER BY c.id LIMIT 1"
        ).fetchone()
    code, out, err = run_cli("--database", demo, "case", "show", number, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["promised_due"] < shown["legal_due"]  # the promise comes first


@pytest.mark.parametrize(("language", "section"), [("zh_CN", "办件日志"), ("en", "Timeline")])
def test_show_prints_the_detail_in_the_interface_language(
    run_cli: Run, demo: str, language: str, section: str
) -> None:
    number, _state, documents = _case_with_most_documents(demo)
    code, out, err = run_cli("--database", demo, "--lang", language, "case", "show", number)
    assert code == 0, err
    assert out.splitlines()[0].startswith(number)
    assert section in out
    assert all(document in out for document in documents)


def test_print_writes_every_document_as_a_pdf(
    run_cli: Run, demo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"
    monkeypatch.setenv("COUNTER_TUI_FONT", str(CI_FONT))
    number, _state, documents = _case_with_most_documents(demo)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = run_cli("--database", demo, "case", "print", number, "-o", str(out_dir))
    assert code == 0, err
    written = sorted(out_dir.glob("*.pdf"))
    assert len(written) == len(documents)
    for path, document in zip(written, documents, strict=True):
        text = "".join(page.extract_text() for page in PdfReader(path).pages)
        assert document in text.replace(" ", ""), path.name
    assert out.count(str(out_dir)) == len(documents)


@pytest.mark.parametrize("command", ["show", "print"])
def test_an_unknown_case_is_said_and_exits_1(run_cli: Run, demo: str, command: str) -> None:
    code, out, err = run_cli("--database", demo, "--lang", "en", "case", command, "XX-NOPE")
    assert (code, out) == (1, "")
    assert "No case numbered XX-NOPE" in err


def test_print_to_a_missing_folder_writes_nothing(run_cli: Run, demo: str, tmp_path: Path) -> None:
    number, _state, _documents = _case_with_most_documents(demo)
    missing = tmp_path / "nowhere"
    code, _out, err = run_cli("--database", demo, "case", "print", number, "-o", str(missing))
    assert code == 1 and str(missing) in err
    assert not missing.exists()

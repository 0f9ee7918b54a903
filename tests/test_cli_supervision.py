"""`counter-tui supervision list` and `supervision show`: the demo's orders in JSON agreeing
with the database read by SQL of its own, the overdue first; one order with its replies,
found as typed on a keyboard; typed text printed as data; mistakes with a message."""

import json
import sqlite3
from collections.abc import Callable

import pytest

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def demo(demo_file: str) -> str:
    return demo_file


def _orders(db: str) -> dict[str, tuple[str, str, str]]:
    """number → (state, reply-by day, its case's number), by SQL of its own."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            'SELECT o.number, o.state, o.reply_by, c.number FROM supervision_order o JOIN "case" c'
            " ON c.id = o.case_id"
        )
        return {number: (state, reply_by, case) for number, state, reply_by, case in rows}


def _holder(db: str, number: str) -> str:
    """The name of whoever holds the case of order ``number`` now, by SQL of its own."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            'SELECT s.name FROM supervision_order o JOIN "case" c ON c.id = o.case_id'
            " JOIN staff s ON s.id = c.owner_id WHERE o.number = ?",
            (number,),
        ).fetchone()[0]


def _repliers(db: str, number: str) -> list[str]:
    """Who replied to order ``number``, in order, by SQL of its own."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT s.name FROM supervision_reply r JOIN supervision_order o ON o.id = r.order_id"
            " JOIN staff s ON s.id = r.staff_id WHERE o.number = ? ORDER BY r.id",
            (number,),
        )
        return [name for (name,) in rows]


def test_list_json_is_the_orders_in_hand_overdue_first(run_cli: Run, demo: str) -> None:
    stored = _orders(demo)
    code, out, err = run_cli("--database", demo, "supervision", "list", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert {line["number"] for line in shown} == set(stored)
    for line in shown:
        assert (line["state"], line["reply_by"], line["target_label"]) == stored[line["number"]]
    assert [line["light"] for line in shown] == ["red", None]
    assert shown[0]["days_late"] == 1
    assert shown[0]["holder"] == _holder(demo, shown[0]["number"])


def test_list_as_text(run_cli: Run, demo: str) -> None:
    code, out, _err = run_cli("--lang", "en", "--database", demo, "supervision", "list")
    assert code == 0
    lines = out.splitlines()
    assert "1 working day past the reply-by date" in lines[0]
    said = "".join(out.split())  # as wrapped at 76 columns, between two Chinese characters too
    overdue = next(n for n, (state, *_rest) in _orders(demo).items() if state == "open")
    assert f"toanswer:{_holder(demo, overdue)}·issuedby马丽华" in said
    assert any("answered" in line for line in lines)


def test_show_an_order_with_its_reply(run_cli: Run, demo: str) -> None:
    answered = next(n for n, (state, *_rest) in _orders(demo).items() if state == "answered")
    seq = answered.split("〕")[1].rstrip("号")
    code, out, err = run_cli("--database", demo, "supervision", "show", f"2026-{seq}", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["number"], shown["state"], shown["in_time"]) == (answered, "answered", True)
    assert [reply["staff"] for reply in shown["replies"]] == _repliers(demo, answered)
    assert shown["replies"][0]["progress"].startswith("已完成技术审查")
    code, out, _err = run_cli("--lang", "en", "--database", demo, "supervision", "show", answered)
    assert code == 0
    assert out.startswith(f"{answered} answered\n")
    assert "Answered in time: yes" in out and "已完成技术审查" in out


def test_typed_text_is_printed_as_data(run_cli: Run, demo: str) -> None:
    hostile = "[red]x[/] \x1b[2J\u202e催办"
    with sqlite3.connect(demo) as connection:
        connection.execute("UPDATE supervision_order SET reason = ?", (hostile,))
    number = next(iter(_orders(demo)))
    code, out, _err = run_cli("--database", demo, "supervision", "show", number)
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out
    assert "[red]x[/] \\u001b[2J\\u202e催办" in out


def test_an_unknown_order_is_an_error(run_cli: Run, demo: str) -> None:
    code, out, err = run_cli("--lang", "en", "--database", demo, "supervision", "show", "2026-99")
    assert (code, out) == (1, "")
    assert "There is no supervision order 督办〔2026〕99号" in err
    with pytest.raises(SystemExit) as usage:
        run_cli("--database", demo, "supervision")  # no command
    assert usage.value.code == 2

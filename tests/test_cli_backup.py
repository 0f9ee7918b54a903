"""`counter-tui backup FILE` and `restore FILE`: a consistent private copy while someone
else is writing; a restore that checks the copy first and never silently overwrites
newer work."""

import hashlib
import io
import json
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_tui.services.auth import sign_in
from counter_tui.services.centre.opening import open_database
from counter_tui.store.backups import snapshot_of
from counter_tui.store.encryption import MAGIC

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def centre(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "centre.db"
    shutil.copyfile(demo_template, path)
    return path


def count(path: Path, table: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    finally:
        connection.close()


def test_a_backup_is_a_private_consistent_copy_taken_while_another_writes(
    run_cli: Run, centre: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter_tui.services.centre import backups

    events = count(centre, "event")
    # Another workstation is in the middle of a write transaction while the copy is taken
    # (it begins once the backup's access event, itself a write, is recorded).
    writer = sqlite3.connect(centre, isolation_level=None)
    record_access = backups.record_access

    def then_another_writes(*args: object, **kwargs: object) -> None:
        record_access(*args, **kwargs)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO \"setting\" (key, value) VALUES ('half', 'written')")

    monkeypatch.setattr(backups, "record_access", then_another_writes)
    target = tmp_path / "copy.db"
    code, out, err = run_cli("--lang", "en", "--database", str(centre), "backup", str(target))
    writer.execute("ROLLBACK")
    writer.close()
    assert code == 0, err
    assert str(target) in out
    assert target.stat().st_mode & 0o777 == 0o600
    snapshot = snapshot_of(target)
    assert snapshot.events == events + 1  # with its own access event, recorded before the copy
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT COUNT(*) FROM setting WHERE key = 'half'").fetchone()[0] == 0
    connection.close()
    # A backup never overwrites a file.
    code, _out, err = run_cli("--lang", "en", "--database", str(centre), "backup", str(target))
    assert code == 1 and "exists" in err


def test_restore_refuses_newer_work_unless_forced_and_keeps_it_aside(
    run_cli: Run, centre: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "monday.db"
    assert run_cli("--database", str(centre), "backup", str(backup))[0] == 0
    # Work after the backup: a clerk signs in and out (events are appended).
    later = sqlite3.connect(centre)
    last = later.execute('SELECT MAX("at") FROM "event"').fetchone()[0]
    later.close()
    open_database(f"sqlite:///{centre}")
    sign_in("ga01", "1101")
    assert snapshot_of(centre).last_event_at > last
    before = count(centre, "event")

    code, _out, err = run_cli("--lang", "en", "--database", str(centre), "restore", str(backup))
    assert code == 1 and "events lost: 1;" in err and "--force" in err
    assert count(centre, "event") == before
    code, out, err = run_cli(
        "--lang", "en", "--database", str(centre), "restore", str(backup), "--force"
    )
    assert code == 0, err
    assert count(centre, "event") == snapshot_of(backup).events < before
    [kept] = list(tmp_path.glob("centre.db.before-restore-*.bak"))
    assert count(kept, "event") == before and str(kept) in out


def test_restore_judges_by_the_chain_not_by_the_clock(
    run_cli: Run, centre: Path, tmp_path: Path
) -> None:
    # The backup's last event stamped after the work done since (the demo stamps its
    # history ahead of the clock; a workstation's clock may be fast): the work is still
    # what the backup lacks.
    backup = tmp_path / "monday.db"
    assert run_cli("--database", str(centre), "backup", str(backup))[0] == 0
    open_database(f"sqlite:///{centre}")
    sign_in("ga01", "1101")
    sign_in("ga03", "1103")
    forged = sqlite3.connect(backup)
    forged.execute('DROP TRIGGER "event_no_update"')  # the forgery only: a copy to restore
    last = snapshot_of(backup).events
    forged.execute('UPDATE "event" SET "at" = \'2099-01-01\' WHERE "id" = ?', (last,))
    forged.commit()
    forged.close()
    assert snapshot_of(centre).last_event_at < snapshot_of(backup).last_event_at
    before = count(centre, "event")
    code, _out, err = run_cli("--lang", "en", "--database", str(centre), "restore", str(backup))
    assert code == 1 and "events lost: 2;" in err
    assert count(centre, "event") == before
    # A backup that has everything the database has (restoring the same day) needs no force.
    same = tmp_path / "now.db"
    assert run_cli("--database", str(centre), "backup", str(same))[0] == 0
    code, _out, err = run_cli("--database", str(centre), "restore", str(same))
    assert code == 0, err


def test_restore_checks_the_backup_first(run_cli: Run, centre: Path, tmp_path: Path) -> None:
    events = count(centre, "event")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    code, _out, err = run_cli("--lang", "en", "--database", str(centre), "restore", str(junk))
    assert code == 1 and "junk.db" in err
    newer = tmp_path / "newer.db"
    shutil.copyfile(centre, newer)
    connection = sqlite3.connect(newer)
    connection.execute('INSERT INTO "schema_version" ("version", "applied_at") VALUES (99, 0)')
    connection.commit()
    connection.close()
    code, _out, err = run_cli("--lang", "en", "--database", str(centre), "restore", str(newer))
    assert code == 1 and "99" in err
    assert count(centre, "event") == events
    code, _out, err = run_cli(
        "--lang", "en", "--database", str(centre), "restore", str(tmp_path / "none.db")
    )
    assert code == 1 and "none.db" in err


def test_restore_into_a_new_place(run_cli: Run, centre: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "elsewhere" / "restored.db"
    fresh.parent.mkdir()
    code, _out, err = run_cli("--database", str(fresh), "restore", str(centre))
    assert code == 0, err
    assert count(fresh, "case") == count(centre, "case")
    assert fresh.stat().st_mode & 0o777 == 0o600
    code, out, _ = run_cli("--lang", "en", "--database", str(fresh), "audit", "verify")
    assert code == 0 and "intact" in out


# ── personal data: the backup's manifest and encryption (docs/architecture.md §2.8, §3.7) ──

PASSPHRASE = "correct horse battery staple"


def typed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """``text`` on standard input, as a pipe gives it (no terminal)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def backed_up(run_cli: Run, centre: Path) -> list[dict]:
    code, out, err = run_cli("--database", str(centre), "audit", "access", "--json")
    assert code == 0, err
    return [line for line in json.loads(out) if line["act"] == "backed_up"]


def test_a_plain_backup_says_it_holds_personal_data(
    run_cli: Run, centre: Path, tmp_path: Path
) -> None:
    target = tmp_path / "plain.db"
    code, out, err = run_cli("--lang", "en", "--database", str(centre), "backup", str(target))
    assert code == 0, err and "unencrypted" in out
    manifest = json.loads((tmp_path / "plain.db.manifest.json").read_text(encoding="utf-8"))
    assert manifest["personal_data"] is True and manifest["encrypted"] is False
    assert (tmp_path / "plain.db.manifest.json").stat().st_mode & 0o777 == 0o600
    [event] = backed_up(run_cli, centre)
    assert event["file"] == "sqlite" and event["count"] == count(centre, "case")


def test_an_encrypted_backup_restores_with_its_passphrase_by_the_chain_rule(
    run_cli: Run, centre: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "monday.ctb"
    typed(monkeypatch, PASSPHRASE + "\n")
    code, _out, err = run_cli("--database", str(centre), "backup", "--encrypt", str(target))
    assert code == 0, err
    data = target.read_bytes()
    assert data.startswith(MAGIC) and b"SQLite format 3" not in data
    assert target.stat().st_mode & 0o777 == 0o600
    manifest = json.loads(data[len(MAGIC) :].split(b"\n", 1)[0])
    assert manifest["personal_data"] is True and manifest["encrypted"] is True
    assert "本文件含个人信息" in manifest["notice"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    [event] = backed_up(run_cli, centre)
    assert event["file"] == "encrypted"
    # Nothing done since: restored without --force, the backup holding its access event.
    events = count(centre, "event")
    typed(monkeypatch, PASSPHRASE + "\n")
    code, _out, err = run_cli("--database", str(centre), "restore", str(target))
    assert code == 0, err
    assert count(centre, "event") == events
    # Work since the backup: refused without --force, as for a plain backup.
    open_database(f"sqlite:///{centre}")
    sign_in("ga01", "1101")
    before = count(centre, "event")
    typed(monkeypatch, PASSPHRASE + "\n")
    code, _out, err = run_cli("--lang", "en", "--database", str(centre), "restore", str(target))
    assert code == 1 and "events lost: 1;" in err
    assert count(centre, "event") == before
    typed(monkeypatch, PASSPHRASE + "\n")
    code, _out, err = run_cli("--database", str(centre), "restore", str(target), "--force")
    assert code == 0, err
    assert count(centre, "event") == events
    leftovers = [p.name for p in centre.parent.iterdir() if p.name.startswith(".counter-tui-")]
    assert leftovers == []


def test_a_wrong_passphrase_or_a_damaged_file_restores_nothing(
    run_cli: Run, centre: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "monday.ctb"
    typed(monkeypatch, PASSPHRASE + "\n")
    assert run_cli("--database", str(centre), "backup", "--encrypt", str(target))[0] == 0
    data = target.read_bytes()
    head_end = data.index(b"\n", len(MAGIC)) + 1
    header = data[:head_end].replace(b'"p": 1', b'"p": 2')
    damaged = {
        "truncated.ctb": data[: len(data) // 2],
        "cut-in-manifest.ctb": data[: len(MAGIC) + 20],
        "flipped.ctb": data[:-100] + bytes([data[-100] ^ 1]) + data[-99:],
        "changed-manifest.ctb": header + data[head_end:],
        "greedy.ctb": data[:head_end].replace(b'"n": 131072', b'"n": 1099511627776')
        + data[head_end:],
    }
    for name, content in damaged.items():
        (tmp_path / name).write_bytes(content)
    before, events = digest(centre), count(centre, "event")
    attempts = [("monday.ctb", "not the passphrase"), *((name, PASSPHRASE) for name in damaged)]
    for name, passphrase in attempts:
        typed(monkeypatch, passphrase + "\n")
        code, _out, err = run_cli(
            "--lang", "en", "--database", str(centre), "restore", str(tmp_path / name), "--force"
        )
        assert code == 1 and name in err, (name, err)
        assert "passphrase is wrong" in err or "damaged" in err, err
        assert digest(centre) == before and count(centre, "event") == events
    assert not list(tmp_path.glob("centre.db.before-restore-*"))
    # No passphrase given at all.
    typed(monkeypatch, "")
    code, _out, err = run_cli("--lang", "en", "--database", str(centre), "restore", str(target))
    assert code == 1 and "passphrase" in err and digest(centre) == before


def test_a_short_passphrase_writes_no_backup_and_no_event(
    run_cli: Run, centre: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = count(centre, "event")
    for given in ("short\n", "\n", ""):
        typed(monkeypatch, given)
        code, _out, err = run_cli(
            "--lang", "en", "--database", str(centre), "backup", "--encrypt", str(tmp_path / "x")
        )
        assert code == 1 and "passphrase" in err
    assert not (tmp_path / "x").exists() and count(centre, "event") == events

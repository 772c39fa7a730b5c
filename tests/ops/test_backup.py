"""Backups end to end through the CLI: dump + manifest, verify (restore test), restore, roles, prune."""

from __future__ import annotations

import datetime as dt
import json
import stat

import psycopg2
import pytest

from pulsestage.cli import main
from pulsestage.ops import backup, pgtools


@pytest.fixture(autouse=True)
def test_profile(monkeypatch, tmp_path):
    monkeypatch.setenv("PULSESTAGE_PROFILE", "test")
    monkeypatch.setenv("PULSESTAGE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv(pgtools.PG_BIN_ENV, raising=False)


def _rows(dsn: str, sql: str):
    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute(sql)
        result = cur.fetchall() if cur.description else None
    conn.close()
    return result


def test_backup_then_verify_reports_matching_counts(database, tmp_path, capsys):
    folder = tmp_path / "backups"
    assert main(["backup", "--database-url", database, "--dir", str(folder)]) == 0
    [made] = backup.list_backups(folder)
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    manifest = json.loads(made.manifest.read_text())
    assert manifest["tables"]["question"] == _rows(database, "SELECT count(*) FROM question")[0][0] > 0
    assert "tenant" not in made.path.name.replace("pulsestage", "")

    assert main(["backup", "verify", "--database-url", database, "--dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "[OK  ] question: expected" in out and out.strip().endswith("every table matches")
    assert "FAIL" not in out
    left = _rows(database, "SELECT datname FROM pg_database WHERE datname LIKE 'pulsestage_verify_%'")
    assert left == []


def test_verify_fails_when_the_dump_does_not_match(database, tmp_path, capsys):
    folder = tmp_path / "b"
    main(["backup", "--database-url", database, "--dir", str(folder)])
    made = backup.newest(folder)
    doc = json.loads(made.manifest.read_text())
    doc["tables"]["question"] += 1
    made.manifest.write_text(json.dumps(doc))
    assert main(["backup", "verify", "--database-url", database, "--dir", str(folder)]) == 1
    assert "[FAIL] question" in capsys.readouterr().out


def test_restore_refuses_a_non_empty_database_unless_forced(database, empty_database, tmp_path, capsys):
    folder = tmp_path / "b"
    main(["backup", "--database-url", database, "--dir", str(folder)])
    dump = str(backup.newest(folder).path)
    questions = _rows(database, "SELECT count(*) FROM question")[0][0]

    assert main(["restore", dump, "--database-url", database]) == 2
    assert "not empty" in capsys.readouterr().err

    _rows(database, "DELETE FROM question_tag; DELETE FROM upvote; DELETE FROM question")
    assert main(["restore", dump, "--database-url", database, "--force"]) == 0
    assert _rows(database, "SELECT count(*) FROM question")[0][0] == questions

    assert main(["restore", dump, "--database-url", empty_database]) == 0
    assert _rows(empty_database, "SELECT count(*) FROM question")[0][0] == questions


def test_roles_backup(database, tmp_path, capsys):
    folder = tmp_path / "b"
    assert main(["backup", "--roles", "--database-url", database, "--dir", str(folder)]) == 0
    [roles] = backup.list_backups(folder, "roles")
    assert "CREATE ROLE pulsestage_app" in roles.path.read_text()


def test_prune_keeps_the_retention_window_and_the_newest(tmp_path):
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for days in (1, 10, 20, 30):
        stamp = (now - dt.timedelta(days=days)).strftime(backup.STAMP)
        (tmp_path / f"pulsestage-data-{stamp}.dump").write_bytes(b"x")
        (tmp_path / f"pulsestage-data-{stamp}.json").write_text("{}")
    old_roles = (now - dt.timedelta(days=40)).strftime(backup.STAMP)
    (tmp_path / f"pulsestage-roles-{old_roles}.sql").write_text("")
    (tmp_path / "notes.txt").write_text("not a backup")
    removed = backup.prune(tmp_path, 14, now)
    assert len(removed) == 2
    left = sorted(p.name for p in tmp_path.iterdir())
    assert len([n for n in left if n.endswith(".dump")]) == 2 and len([n for n in left if n.endswith(".json")]) == 2
    assert f"pulsestage-roles-{old_roles}.sql" in left and "notes.txt" in left  # the only roles backup stays


def test_a_too_old_pg_dump_gives_a_clear_error(database, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(pgtools.PG_BIN_ENV, "/usr/lib/postgresql/15/bin")
    monkeypatch.setattr(pgtools, "server_major", lambda dsn: 18)  # as if the server were PostgreSQL 18
    assert main(["backup", "--database-url", database, "--dir", str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err
    assert "no pg_dump for PostgreSQL 18" in err and "postgresql-client-18" in err and "(15)" in err
    assert not list((tmp_path / "b").glob("*")) if (tmp_path / "b").exists() else True


def test_tools_match_the_server_version():
    assert pgtools.choose("pg_dump", 15).major == 15
    assert pgtools.choose("pg_dump", 18).major == 18

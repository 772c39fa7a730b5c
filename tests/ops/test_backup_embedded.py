"""Backups of the embedded PostgreSQL (the wheel's version) with the wheel's own client tools."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from pulsestage.cli import main
from pulsestage.ops import backup, pgtools


@pytest.fixture
def data_dir(monkeypatch):
    folder = Path(tempfile.mkdtemp(prefix="pulsestage-backup-embedded-"))
    folder.chmod(0o755)  # the embedded server runs as an unprivileged user when tests run as root
    monkeypatch.setenv("PULSESTAGE_PROFILE", "test")
    monkeypatch.setenv("PULSESTAGE_DATA_DIR", str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv(pgtools.PG_BIN_ENV, raising=False)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_embedded_backup_and_verify(data_dir, capsys):
    assert main(["migrate"]) == 0
    assert main(["backup"]) == 0
    made = backup.newest(data_dir / "backups")
    assert made is not None and "schema_migrations" in made.manifest.read_text()
    from pulsestage.db.embedded_proc import PG_BIN

    assert f'"pgDumpMajor": {pgtools.tool_major(PG_BIN / "pg_dump")}' in made.manifest.read_text()
    assert main(["backup", "verify"]) == 0
    assert "every table matches" in capsys.readouterr().out


@pytest.mark.skipif(not Path("/usr/lib/postgresql/15/bin/pg_dump").exists(), reason="needs Debian's pg_dump 15")
def test_an_older_system_pg_dump_is_refused_with_a_clear_line(data_dir, monkeypatch, capsys):
    monkeypatch.setenv(pgtools.PG_BIN_ENV, "/usr/lib/postgresql/15/bin")
    assert main(["backup"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pulsestage: no pg_dump for PostgreSQL 18") and "postgresql-client-18" in err

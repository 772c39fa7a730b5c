"""`pulsestage backup verify`: the restore test. Restore a dump into a scratch database on the same
server, compare row counts per table with the dump's manifest, report, and drop the scratch copy.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
from psycopg2 import sql

from pulsestage.ops import backup, pgtools, restore


@dataclass(slots=True)
class VerifyReport:
    """What the restore test found."""

    file: Path
    source: str  # "manifest" or "live database"
    rows: list[tuple[str, int | None, int | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every table restored with the expected number of rows."""
        return bool(self.rows) and all(expected == got for _, expected, got in self.rows)

    def lines(self) -> list[str]:
        """One line per table, then a verdict."""
        out = [f"verify {self.file.name} (expected counts from the {self.source})"]
        for table, expected, got in self.rows:
            mark = "OK  " if expected == got else "FAIL"
            out.append(f"[{mark}] {table}: expected {_n(expected)}, restored {_n(got)}")
        out.append("backup verified: every table matches" if self.ok else "backup verification FAILED")
        return out


def _n(value: int | None) -> str:
    return "missing" if value is None else str(value)


def _counts(dsn: str) -> dict[str, int]:
    conn = psycopg2.connect(dsn, connect_timeout=10)
    try:
        with conn.cursor() as cur:
            backup.check_can_read_everything(cur)
            return backup.count_rows(cur)
    finally:
        conn.close()


def _admin(dsn: str, statement: sql.Composable) -> None:
    conn = psycopg2.connect(dsn, connect_timeout=10)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(statement)
    finally:
        conn.close()


def verify(dsn: str, folder: Path, file: Path | None = None) -> VerifyReport:
    """Restore `file` (default: the newest data dump in `folder`) into a scratch database and compare."""
    if file is None:
        found = backup.newest(folder, "data")
        if found is None:
            raise restore.RestoreRefused(f"no data backup in {folder}; run pulsestage backup first")
        file = found.path
    manifest = file.with_suffix(".json")
    if manifest.is_file():
        expected, source = json.loads(manifest.read_text())["tables"], "manifest"
    else:
        expected, source = _counts(dsn), "live database"
    scratch = f"pulsestage_verify_{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}_{os.getpid()}"
    _admin(dsn, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    try:
        scratch_dsn = pgtools.with_database(dsn, scratch)
        restore.restore(file, scratch_dsn)
        got = _counts(scratch_dsn)
    finally:
        _admin(dsn, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
    report = VerifyReport(file, source)
    for table in sorted(set(expected) | set(got)):
        report.rows.append((table, expected.get(table), got.get(table)))
    return report

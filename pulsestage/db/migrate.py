"""Numbered .sql migrations, applied under an advisory lock and recorded with checksums."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg2

from pulsestage import paths

# Any constant works; it only has to be the same for every PulseStage process.
MIGRATION_LOCK_KEY = 0x5075_6C73
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_NO_TX_MARK = "-- pulsestage: no-transaction"

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamp(3) NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
)
"""


class MigrationError(Exception):
    """A migration could not be applied, or an applied one was edited."""


@dataclass(frozen=True, slots=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        """SHA-256 of the file's text."""
        return hashlib.sha256(self.sql.encode()).hexdigest()

    @property
    def transactional(self) -> bool:
        """False when the file declares it cannot run inside a transaction."""
        head = self.sql.splitlines()[:5]
        return not any(line.strip() == _NO_TX_MARK for line in head)


def discover(folder: Path | None = None) -> list[Migration]:
    """Read the migration files in version order."""
    folder = folder or paths.migrations_dir()
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path}: migration file names must look like 0001_name.sql")
        found.append(Migration(int(match.group(1)), path.stem, path.read_text()))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"{folder}: two migration files share a version number")
    return found


def _applied(cur) -> dict[int, tuple[str, str]]:
    cur.execute("SELECT version, name, checksum FROM schema_migrations")
    return {v: (n, c) for v, n, c in cur.fetchall()}


def _check_recorded(known: list[Migration], applied: dict[int, tuple[str, str]]) -> None:
    by_version = {m.version: m for m in known}
    for version, (name, checksum) in sorted(applied.items()):
        migration = by_version.get(version)
        if migration is None:
            raise MigrationError(
                f"migration {name} is applied but its file is missing; "
                "run the PulseStage version that created this database"
            )
        if migration.checksum != checksum:
            raise MigrationError(
                f"migration {migration.name}.sql was edited after it was applied "
                "(checksum differs); restore the original file and add a new migration instead"
            )


def apply(dsn: str, folder: Path | None = None) -> list[str]:
    """Apply every pending migration; return the names applied. Safe to run concurrently."""
    known = discover(folder)
    done: list[str] = []
    conn = psycopg2.connect(dsn)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
            try:
                cur.execute(CREATE_TABLE)
                applied = _applied(cur)
                _check_recorded(known, applied)
                for migration in known:
                    if migration.version not in applied:
                        _apply_one(conn, migration)
                        done.append(migration.name)
            finally:
                cur.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
    finally:
        conn.close()
    return done


def _apply_one(conn, migration: Migration) -> None:
    record = "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)"
    args = (migration.version, migration.name, migration.checksum)
    try:
        if migration.transactional:
            conn.autocommit = False
            with conn.cursor() as cur:
                cur.execute(migration.sql)
                cur.execute(record, args)
            conn.commit()
        else:
            with conn.cursor() as cur:
                cur.execute(migration.sql)
                cur.execute(record, args)
    except psycopg2.Error as exc:
        conn.rollback()
        raise MigrationError(f"migration {migration.name}.sql failed: {exc.pgerror or exc}".strip()) from exc
    finally:
        conn.autocommit = True


def pending(dsn: str, folder: Path | None = None) -> list[str]:
    """Names of migrations not yet applied (raises MigrationError on an edited one)."""
    known = discover(folder)
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
            applied = _applied(cur) if cur.fetchone()[0] else {}
        _check_recorded(known, applied)
        return [m.name for m in known if m.version not in applied]
    finally:
        conn.close()

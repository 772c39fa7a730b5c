"""`pulsestage restore FILE`: load a data dump into the configured database, all or nothing.

A database that already has tables is refused unless `force` is given, in which case the dump's
objects replace the existing ones (`--clean --if-exists`). The restore runs in a single
transaction, so a failure leaves the target as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg2

from pulsestage.ops import pgtools

COUNT_TABLES = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
# The dump grants to this role; it is cluster-wide, so a fresh server needs it before the restore.
ENSURE_APP_ROLE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pulsestage_app') THEN
        CREATE ROLE pulsestage_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$
"""


class RestoreRefused(Exception):
    """The target is not empty and --force was not given (or the file is not a data dump)."""


def table_count(dsn: str) -> int:
    """How many tables the target's public schema has."""
    with psycopg2.connect(dsn, connect_timeout=10) as conn, conn.cursor() as cur:
        cur.execute(COUNT_TABLES)
        count = cur.fetchone()[0]
    conn.close()
    return count


def _ensure_app_role(dsn: str) -> None:
    conn = psycopg2.connect(dsn, connect_timeout=10)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(ENSURE_APP_ROLE)
    except psycopg2.Error as exc:
        raise pgtools.ToolError(
            f"role pulsestage_app is missing and cannot be created ({exc.pgerror or exc}); "
            "load the roles backup first (psql -f pulsestage-roles-....sql) as a superuser"
        ) from exc
    finally:
        conn.close()


def dumped_by(file: Path) -> int:
    """The pg_dump major that wrote `file`, from its manifest (0 when unknown)."""
    manifest = file.with_suffix(".json")
    try:
        return int(json.loads(manifest.read_text()).get("pgDumpMajor", 0))
    except (OSError, ValueError):
        return 0


def restore(file: Path, dsn: str, force: bool = False) -> None:
    """Restore a custom-format data dump into `dsn` (refuses a non-empty target without force)."""
    if not file.is_file():
        raise RestoreRefused(f"{file}: no such file")
    if file.suffix != ".dump":
        raise RestoreRefused(f"{file} is not a data dump (.dump); a roles file is loaded with psql -f as a superuser")
    tables = table_count(dsn)
    if tables and not force:
        raise RestoreRefused(
            f"the target database is not empty ({tables} tables); restore into an empty database or pass --force "
            "to replace its contents"
        )
    major = max(pgtools.server_major(dsn), dumped_by(file))
    tool = pgtools.choose("pg_restore", major)
    _ensure_app_role(dsn)
    connstr, env = pgtools.conn_args(dsn)
    args = ["--no-owner", "--exit-on-error", "--single-transaction", f"--dbname={connstr}"]
    if tables:
        args += ["--clean", "--if-exists"]
    try:
        pgtools.run(tool, [*args, str(file)], env)
    except pgtools.ToolError as exc:
        if "unsupported version" in str(exc):
            raise pgtools.ToolError(
                f"{file.name} was written by a newer pg_dump than pg_restore {tool.major} can read; "
                f"use pg_restore of that version or newer (set {pgtools.PG_BIN_ENV})"
            ) from exc
        raise

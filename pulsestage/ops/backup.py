"""`pg_dump` backups: data (custom format, with a row-count manifest), roles, and retention pruning.

File names carry the UTC time and nothing about tenants: `pulsestage-data-20260101T023000Z.dump`
(+ `.json` manifest) and `pulsestage-roles-20260104T023000Z.sql`. The row counts in the manifest
are taken in the very snapshot pg_dump writes (`pg_export_snapshot` + `--snapshot`), so
`backup verify` can compare a restore against exactly what was dumped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from psycopg2 import sql
from psycopg2.extensions import parse_dsn

from pulsestage.ops import pgtools

NAME = re.compile(r"^pulsestage-(data|roles)-(\d{8}T\d{6}Z)(?:-(\d+))?\.(dump|sql)$")
STAMP = "%Y%m%dT%H%M%SZ"
KINDS = {"data": "dump", "roles": "sql"}

SELECT_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
CAN_BYPASS_RLS = "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"


@dataclass(frozen=True, slots=True)
class BackupFile:
    """A backup file found in the backup folder."""

    path: Path
    kind: str
    taken: dt.datetime

    @property
    def manifest(self) -> Path:
        """The row-count manifest beside a data dump."""
        return self.path.with_suffix(".json")


def list_backups(folder: Path, kind: str | None = None) -> list[BackupFile]:
    """Backups in `folder`, oldest first (files with other names are ignored)."""
    found = []
    for path in folder.glob("pulsestage-*") if folder.is_dir() else []:
        match = NAME.match(path.name)
        if match and (kind is None or match.group(1) == kind):
            taken = dt.datetime.strptime(match.group(2), STAMP).replace(tzinfo=dt.UTC)
            found.append(BackupFile(path, match.group(1), taken))
    return sorted(found, key=lambda b: (b.taken, b.path.name))


def newest(folder: Path, kind: str = "data") -> BackupFile | None:
    """The most recent backup of `kind`, or None."""
    backups = list_backups(folder, kind)
    return backups[-1] if backups else None


def count_rows(cur) -> dict[str, int]:
    """Row count of every table in the public schema (identifiers quoted, never spliced)."""
    cur.execute(SELECT_TABLES)
    counts = {}
    for (table,) in cur.fetchall():
        cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cur.fetchone()[0]
    return counts


def check_can_read_everything(cur) -> None:
    """pg_dump must see every tenant's rows: the role needs SUPERUSER or BYPASSRLS."""
    cur.execute(CAN_BYPASS_RLS)
    row = cur.fetchone()
    if not row or not row[0]:
        cur.execute("SELECT current_user")
        user = cur.fetchone()[0]
        raise pgtools.ToolError(
            f"role {user} cannot bypass row-level security, so pg_dump would fail on tenant tables; "
            f"run ALTER ROLE {user} BYPASSRLS as a superuser, or back up with a role that has it (--database-url)"
        )


def _target(folder: Path, kind: str, now: dt.datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    base = f"pulsestage-{kind}-{now.astimezone(dt.UTC).strftime(STAMP)}"
    path, n = folder / f"{base}.{KINDS[kind]}", 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}.{KINDS[kind]}"
    return path


def _publish(partial: Path, final: Path) -> None:
    os.chmod(partial, 0o600)  # a dump holds every tenant's data
    partial.replace(final)


def backup_data(dsn: str, folder: Path, now: dt.datetime | None = None) -> BackupFile:
    """Dump the database in custom format, with a manifest of per-table row counts."""
    now = now or dt.datetime.now(dt.UTC)
    major = pgtools.server_major(dsn)
    tool = pgtools.choose("pg_dump", major)
    final = _target(folder, "data", now)
    partial = final.with_name(final.name + ".partial")
    conn = psycopg2.connect(dsn, connect_timeout=10)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cur:
            check_can_read_everything(cur)
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            counts = count_rows(cur)
            connstr, env = pgtools.conn_args(dsn)
            # the exporting transaction stays open until pg_dump has attached to its snapshot
            pgtools.run(tool, ["--format=custom", f"--snapshot={snapshot}", f"--file={partial}",
                               f"--dbname={connstr}"], env)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        conn.close()
    manifest = {"file": final.name, "takenAt": now.isoformat(), "serverMajor": major, "pgDumpMajor": tool.major,
                "tables": counts}
    final.with_suffix(".json").write_text(json.dumps(manifest, indent=2) + "\n")
    os.chmod(final.with_suffix(".json"), 0o600)
    _publish(partial, final)
    return BackupFile(final, "data", now)


def backup_roles(dsn: str, folder: Path, now: dt.datetime | None = None) -> tuple[BackupFile, bool]:
    """pg_dumpall --roles-only; returns (file, with_passwords). Managed servers that hide password
    hashes get a dump without them (the flag tells)."""
    now = now or dt.datetime.now(dt.UTC)
    tool = pgtools.choose("pg_dumpall", pgtools.server_major(dsn))
    final = _target(folder, "roles", now)
    partial = final.with_name(final.name + ".partial")
    connstr, env = pgtools.conn_args(dsn)
    dbname = parse_dsn(dsn).get("dbname", "postgres")
    args = ["--roles-only", f"--file={partial}", f"--dbname={connstr}", f"--database={dbname}"]
    try:
        try:
            pgtools.run(tool, args, env)
            with_passwords = True
        except pgtools.ToolError as exc:
            if "pg_authid" not in str(exc):
                raise
            pgtools.run(tool, [*args, "--no-role-passwords"], env)
            with_passwords = False
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _publish(partial, final)
    return BackupFile(final, "roles", now), with_passwords


def prune(folder: Path, retention_days: int, now: dt.datetime | None = None) -> list[Path]:
    """Delete backups older than the retention; the newest of each kind is always kept."""
    now = now or dt.datetime.now(dt.UTC)
    cutoff = now - dt.timedelta(days=retention_days)
    removed = []
    for kind in KINDS:
        backups = list_backups(folder, kind)
        for backup in backups[:-1]:
            if backup.taken < cutoff:
                backup.path.unlink(missing_ok=True)
                if kind == "data":
                    backup.manifest.unlink(missing_ok=True)
                removed.append(backup.path)
    return removed

"""`pulsestage backup [--roles] | backup verify [FILE] | backup list` and `pulsestage restore FILE`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2

from pulsestage.cli.common import config_from, fail, guarded
from pulsestage.ops import backup, pgtools, restore, verify

EPILOG = (
    "The database role must be able to read every tenant's rows (SUPERUSER or BYPASSRLS). "
    f"Client tools are chosen to match the server version; {pgtools.PG_BIN_ENV} forces a folder."
)


def add_parser(sub) -> None:
    """Register `backup` (with its `verify` and `list` actions) and `restore`."""
    parser = sub.add_parser("backup", help="back up the database (pg_dump), verify or list backups",
                            description="Back up the database with pg_dump, then prune old backups.", epilog=EPILOG)
    _common(parser)
    parser.add_argument("--roles", action="store_true", help="back up the cluster's roles (pg_dumpall --roles-only)")
    parser.add_argument("--no-prune", action="store_true", help="keep backups older than backup.retention_days")
    parser.set_defaults(func=run_backup)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    check = actions.add_parser("verify", help="restore the newest (or given) dump into a scratch database and "
                                              "compare row counts")
    _common(check)
    check.add_argument("file", nargs="?", type=Path, help="dump to verify (default: the newest data dump)")
    check.set_defaults(func=run_verify)
    listing = actions.add_parser("list", help="list backups, oldest first")
    _common(listing)
    listing.set_defaults(func=run_list)

    back = sub.add_parser("restore", help="restore a data dump into the database",
                          description="Restore a pulsestage-data-*.dump; refuses a non-empty database without --force.",
                          epilog=EPILOG)
    back.add_argument("file", type=Path, help="the .dump file")
    back.add_argument("--force", action="store_true", help="replace the contents of a non-empty database")
    back.add_argument("--database-url", help="restore into this database instead of the configured one")
    back.set_defaults(func=run_restore)


def _common(parser) -> None:
    parser.add_argument("--dir", type=Path, help="backup folder (default: backup.dir, or <data_dir>/backups)")
    parser.add_argument("--database-url", help="connect with this URL instead of the configured one")


@contextmanager
def owner_dsn(args) -> Iterator[str]:
    """--database-url, DATABASE_URL, or the embedded server's superuser (running or started here)."""
    if getattr(args, "database_url", None):
        yield args.database_url
        return
    config = config_from(args)
    if config.database.url:
        yield config.database.url
        return
    from pulsestage.db.embedded import DATABASE, SUPERUSER, EmbeddedPostgres

    embedded = EmbeddedPostgres(Path(config.data_dir))
    dsn = embedded.dsn(SUPERUSER, DATABASE)
    try:
        psycopg2.connect(dsn, connect_timeout=3).close()  # a running `pulsestage serve` owns it: just connect
        yield dsn
        return
    except psycopg2.OperationalError:
        pass
    embedded.start_sync()
    try:
        yield dsn
    finally:
        embedded.stop_sync()


def _folder(args) -> Path:
    return args.dir or Path(config_from(args).backup_dir)


def _errors(run):
    @guarded
    def wrapper(args) -> int:
        try:
            return run(args)
        except (pgtools.ToolError, restore.RestoreRefused) as exc:
            return fail(str(exc))
        except psycopg2.OperationalError as exc:
            return fail(f"cannot connect to the database: {str(exc).strip().splitlines()[0]}")

    wrapper.__doc__ = run.__doc__
    return wrapper


@_errors
def run_backup(args) -> int:
    """Write a data (or roles) backup, then prune by retention."""
    config = config_from(args)
    folder = _folder(args)
    with owner_dsn(args) as dsn:
        if args.roles:
            made, with_passwords = backup.backup_roles(dsn, folder)
            note = "" if with_passwords else " (without password hashes: the server does not expose them)"
            print(f"roles backup written: {made.path}{note}")
        else:
            made = backup.backup_data(dsn, folder)
            size = made.path.stat().st_size
            print(f"data backup written: {made.path} ({size} bytes; row counts in {made.manifest.name})")
    if not args.no_prune:
        for path in backup.prune(folder, config.backup.retention_days):
            print(f"pruned (older than {config.backup.retention_days} days): {path.name}")
    return 0


@_errors
def run_verify(args) -> int:
    """Restore test: exit 0 only when every table's row count matches."""
    with owner_dsn(args) as dsn:
        report = verify.verify(dsn, _folder(args), args.file)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


@_errors
def run_list(args) -> int:
    """List backups, oldest first."""
    found = backup.list_backups(_folder(args))
    for item in found:
        print(f"{item.taken:%Y-%m-%d %H:%M:%S}Z  {item.kind:<5}  {item.path.stat().st_size:>12}  {item.path}")
    if not found:
        print(f"no backups in {_folder(args)}", file=sys.stderr)
    return 0


@_errors
def run_restore(args) -> int:
    """Restore a data dump (all or nothing)."""
    with owner_dsn(args) as dsn:
        restore.restore(args.file, dsn, force=args.force)
    print(f"restored {args.file.name}")
    return 0

"""`pulsestage migrate`: apply pending schema migrations and report them."""

from __future__ import annotations

from pulsestage.cli.common import database_dsn, fail, guarded
from pulsestage.db import migrate


def add_parser(sub) -> None:
    """Register the sub-command."""
    parser = sub.add_parser("migrate", help="apply pending database migrations")
    parser.add_argument("--status", action="store_true", help="only list pending migrations")
    parser.set_defaults(func=run)


@guarded
def run(args) -> int:
    """Apply (or list) migrations."""
    try:
        with database_dsn(args) as dsn:
            if args.status:
                pending = migrate.pending(dsn)
                print("\n".join(pending) if pending else "schema is current")
                return 0
            applied = migrate.apply(dsn)
    except migrate.MigrationError as exc:
        return fail(str(exc))
    print("\n".join(f"applied {name}" for name in applied) if applied else "schema is current")
    return 0

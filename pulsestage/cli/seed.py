"""`pulsestage seed`: load the documented demo data (what `make db-seed` runs)."""

from __future__ import annotations

import argparse

import psycopg2

from pulsestage.cli.common import database_dsn, fail, guarded
from pulsestage.seed import seed
from pulsestage.seed.data import TENANTS, tenants_for

EXIT_FAILED = 1


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `seed` on the main command group."""
    slugs = ", ".join(t.slug for t in TENANTS)
    parser = subparsers.add_parser(
        "seed", help="load the demo data (tenants default and acme)",
        description="Load the demo data: tenant 'default' (2 teams, 50 users, 36 questions, "
                    "12 weeks of pulse history) and the small tenant 'acme'. Without --reset only "
                    "what is missing is created, so running it twice changes nothing.")
    parser.add_argument("--reset", action="store_true",
                        help="wipe first: every tenant and the audit log, or with --tenant only that "
                             "tenant's data (its audit log is kept)")
    parser.add_argument("--tenant", metavar="SLUG", default=None,
                        help=f"seed only this demo tenant ({slugs})")
    parser.set_defaults(func=run)
    return parser


@guarded
def run(args: argparse.Namespace) -> int:
    """Seed, print the row counts per tenant and table, and return the exit code."""
    try:
        tenants_for(args.tenant)
    except ValueError as exc:
        return fail(str(exc))
    try:
        with database_dsn(args) as dsn:
            report = seed(dsn, reset=args.reset, tenant_slug=args.tenant)
    except psycopg2.Error as exc:
        message = (exc.pgerror or str(exc)).strip().splitlines()[0]
        return fail(f"seed failed, nothing was changed: {message}", EXIT_FAILED)
    for line in report.as_lines():
        print(line)
    return 0

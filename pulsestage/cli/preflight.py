"""`pulsestage preflight [--url URL]`: check a running installation; one line per check."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pulsestage.cli.common import config_from, guarded


def add_parser(sub) -> None:
    """Register the sub-command."""
    parser = sub.add_parser(
        "preflight", help="check a running installation end to end",
        description="Check config, database, Redis, probes, SPA, sign-in, seed data (dev), core endpoints, "
                    "SSE and mail. Prints [OK]/[FAIL]/[SKIP] per check; exit code 0 only if no critical "
                    "check failed.")
    parser.add_argument("--url", help="server to check (default http://127.0.0.1:<server.port>)")
    parser.set_defaults(func=run)


def local_dsn(config) -> str | None:
    """DATABASE_URL, or the embedded server's socket (when a dev server is running it)."""
    if config.database.url:
        return config.database.url
    if not config.database.embedded:
        return None
    from pulsestage.db.embedded import DATABASE, SUPERUSER, EmbeddedPostgres

    return EmbeddedPostgres(Path(config.data_dir)).dsn(SUPERUSER, DATABASE)


@guarded
def run(args) -> int:
    """Run every check and print one line each."""
    from pulsestage.ops import preflight

    config = config_from(args)
    url = args.url or f"http://127.0.0.1:{config.server.port}"
    checks = asyncio.run(preflight.run(config, url, local_dsn(config)))
    for check in checks:
        print(check.line(), flush=True)
    ok = preflight.passed(checks)
    failed = sum(1 for c in checks if c.ok is False)
    print(f"preflight {'passed' if ok else 'FAILED'}: {sum(1 for c in checks if c.ok)} ok, {failed} failed, "
          f"{sum(1 for c in checks if c.ok is None)} skipped")
    return 0 if ok else 1

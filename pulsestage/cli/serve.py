"""`pulsestage serve`: run the server (optionally restarting on code changes)."""

from __future__ import annotations

import logging

from pulsestage import jsonlog
from pulsestage.cli.common import config_from, fail, guarded
from pulsestage.config.rules import check_rules
from pulsestage.errors import StartupError
from pulsestage.ops import graceful

log = logging.getLogger("pulsestage")


def add_parser(sub) -> None:
    """Register the sub-command."""
    parser = sub.add_parser("serve", help="run the PulseStage server")
    parser.add_argument("--host", help="listen address (default from config)")
    parser.add_argument("--port", type=int, help="listen port (default from config)")
    parser.add_argument("--reload", action="store_true", help="restart when Python files change (development)")
    parser.set_defaults(func=run)


@guarded
def run(args) -> int:
    """Check the configuration, then serve until SIGTERM/SIGINT."""
    config = config_from(args)
    problems = check_rules(config)
    if problems:
        for line in problems:
            fail(line)
        return 2
    if args.reload or config.server.reload:
        from pulsestage.cli.reloader import run_with_reload

        return run_with_reload()
    jsonlog.setup(config.logging.level, config.logging.json)
    from pulsestage.app import create_app

    host = args.host or config.server.host
    port = args.port or config.server.port
    try:
        # drains before aiohttp's shutdown so no in-flight request is dropped (see ops/graceful.py)
        graceful.serve(create_app(config), host, port, config.server.shutdown_timeout_seconds)
    except StartupError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}; set PORT or stop the other process")
    except Exception as exc:  # start-up failures of dependencies: one clear line, no traceback
        name = type(exc).__name__
        if name in {"EmbeddedPostgresError", "MigrationError", "OperationalError"}:
            return fail(str(exc).strip().splitlines()[0] if str(exc).strip() else name)
        raise
    return 0



"""Helpers shared by sub-commands: loading config, getting an owner database connection string."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pulsestage.config import Config, ConfigError, load_config


class CommandError(Exception):
    """A one-line failure to print before exiting with code 2."""


def config_from(args) -> Config:
    """Load the config named by --profile/--config (or their environment variables)."""
    return load_config(getattr(args, "profile", None), getattr(args, "config", None))


def fail(message: str, code: int = 2) -> int:
    """Print one line to stderr and return the exit code."""
    print(f"pulsestage: {message}", file=sys.stderr)
    return code


@contextmanager
def database_dsn(args) -> Iterator[str]:
    """An owner DSN: DATABASE_URL, else the embedded server started for the command's duration."""
    config = config_from(args)
    if config.database.url:
        yield config.database.url
        return
    from pulsestage.db.embedded import EmbeddedPostgres

    embedded = EmbeddedPostgres(Path(config.data_dir))
    dsn = embedded.start_sync()
    try:
        yield dsn
    finally:
        embedded.stop_sync()


def guarded(run):
    """Decorator: turn config and command errors into one line and exit code 2."""

    def wrapper(args) -> int:
        try:
            return run(args)
        except (ConfigError, CommandError) as exc:
            return fail(str(exc))

    wrapper.__doc__ = run.__doc__
    return wrapper

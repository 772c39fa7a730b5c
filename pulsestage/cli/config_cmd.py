"""`pulsestage config check`: print the effective config (secrets masked) and what would stop start-up."""

from __future__ import annotations

import argparse
import sys

from pulsestage.config import ConfigError, check_rules, load_config
from pulsestage.config.show import render

EXIT_BAD_CONFIG = 2


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `config check` on the main command group."""
    config = subparsers.add_parser(
        "config", help="inspect the configuration", description="Inspect the configuration."
    )
    actions = config.add_subparsers(dest="config_action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="print the effective config with secrets masked; exit 2 if start-up would be refused",
        description="Print the effective config (profile -> --config file -> environment) with secrets "
        "masked. Problems go to stderr, one per line, and the exit code is 2.",
    )
    # SUPPRESS keeps the main parser's global --profile/--config when they are not repeated here.
    check.add_argument("--profile", default=argparse.SUPPRESS, help="dev, prod or test")
    check.add_argument("--config", default=argparse.SUPPRESS, metavar="FILE", help="admin TOML file")
    check.set_defaults(func=run)
    return config


def run(args: argparse.Namespace) -> int:
    """Print the masked effective config; print problems to stderr and return 2 if there are any."""
    try:
        config = load_config(getattr(args, "profile", None), getattr(args, "config", None))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_CONFIG
    sys.stdout.write(render(config))
    problems = check_rules(config)
    for line in problems:
        print(line, file=sys.stderr)
    return EXIT_BAD_CONFIG if problems else 0

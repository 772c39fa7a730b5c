"""The `pulsestage` command: one sub-command per module in this package."""

from __future__ import annotations

import argparse
import importlib
import sys

# module name → the sub-command it registers; a module that is not present yet is skipped
COMMANDS = ("serve", "migrate", "seed", "config_cmd", "healthcheck", "backup", "preflight", "pulse")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available sub-command."""
    parser = argparse.ArgumentParser(prog="pulsestage", description="PulseStage server and tools.")
    parser.add_argument("--profile", help="configuration profile: dev, prod or test (env PULSESTAGE_PROFILE)")
    parser.add_argument("--config", help="admin TOML file layered over the profile (env PULSESTAGE_CONFIG)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"pulsestage.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"pulsestage.cli.{name}":
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

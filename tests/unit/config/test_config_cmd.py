"""`pulsestage config check`: parser wiring, output streams and exit codes."""

from __future__ import annotations

import argparse

import pytest

from pulsestage.cli import config_cmd
from pulsestage.config.schema import CONFIG_ENV, PROFILE_ENV, env_vars


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """The command reads os.environ: start every test from a blank configuration environment."""
    for var in [*env_vars(), PROFILE_ENV, CONFIG_ENV]:
        monkeypatch.delenv(var, raising=False)


def main_parser() -> argparse.ArgumentParser:
    """A stand-in for the real CLI entry: global --profile/--config, then the command group."""
    parser = argparse.ArgumentParser(prog="pulsestage")
    parser.add_argument("--profile")
    parser.add_argument("--config")
    config_cmd.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def test_parser_wires_check_to_run_with_global_or_local_options():
    args = main_parser().parse_args(["--profile", "prod", "--config", "a.toml", "config", "check"])
    assert args.func is config_cmd.run and (args.profile, args.config) == ("prod", "a.toml")
    args = main_parser().parse_args(["config", "check", "--profile", "test"])
    assert (args.profile, args.config) == ("test", None)
    with pytest.raises(SystemExit):
        main_parser().parse_args(["config"])


def test_dev_check_prints_masked_config_and_exits_zero(capsys, monkeypatch):
    monkeypatch.setenv("SESSION_SECRET", "a-developer-secret-of-enough-length-xyz")
    args = main_parser().parse_args(["--profile", "dev", "config", "check"])
    assert args.func(args) == 0
    out, err = capsys.readouterr()
    assert "[server]" in out and 'secret = "********"' in out
    assert "a-developer-secret" not in out
    assert err == ""


def test_prod_check_lists_refusals_on_stderr_and_exits_two(capsys):
    args = main_parser().parse_args(["config", "check", "--profile", "prod"])
    assert args.func(args) == 2
    out, err = capsys.readouterr()
    assert out.startswith("# profile: prod")
    lines = err.splitlines()
    assert len(lines) == 5 and any("REDIS_URL" in line for line in lines)


def test_load_error_is_one_line_and_exit_two(capsys, monkeypatch):
    monkeypatch.setenv("PORT", "abc")
    args = main_parser().parse_args(["config", "check"])
    assert args.func(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "PORT: server.port: 'abc' is not a whole number; use a whole number such as 3000\n"


def test_admin_file_from_the_global_option(capsys, tmp_path):
    path = tmp_path / "site.toml"
    path.write_text("[server]\nport = 4321\n")
    args = main_parser().parse_args(["--config", str(path), "config", "check"])
    assert args.func(args) == 0
    out, _ = capsys.readouterr()
    assert "port = 4321" in out and str(path) in out

"""Layering, profile choice, unknown keys and unreadable files."""

from __future__ import annotations

import dataclasses

import pytest

from pulsestage import paths
from pulsestage.config import load_config
from tests.unit.config import LINE, admin_file, error_of


def test_profile_defaults_differ_where_the_design_says():
    dev, prod, test = (load_config(p, environ={}) for p in ("dev", "prod", "test"))
    assert (dev.profile, prod.profile, test.profile) == ("dev", "prod", "test")
    assert (dev.database.embedded, prod.database.embedded, test.database.embedded) == (True, False, True)
    assert (dev.auth.demo_enabled, prod.auth.demo_enabled, test.auth.demo_enabled) == (True, False, True)
    assert (dev.server.trust_proxy, prod.server.trust_proxy) == (False, True)
    assert (dev.server.auto_seed, prod.server.auto_seed, test.server.auto_seed) == (True, False, False)
    assert (dev.mail.provider, prod.mail.provider, test.mail.provider) == ("sink", "smtp", "sink")
    assert (dev.pulse.scheduler_enabled, prod.pulse.scheduler_enabled, test.pulse.scheduler_enabled) == (
        True,
        True,
        False,
    )
    assert (dev.rate_limit.enabled, prod.rate_limit.enabled, test.rate_limit.enabled) == (False, True, False)
    assert (dev.tenancy.allow_header, prod.tenancy.allow_header) == (True, False)
    assert len(dev.session.secret) >= 32 and prod.session.secret == ""
    assert dev.server.port == 3000 and dev.data_dir == "./.pulsestage"
    assert dev.auth.demo_users == ("alice", "bob", "moderator", "admin")


def test_profile_comes_from_argument_then_env_then_dev():
    assert load_config(environ={}).profile == "dev"
    assert load_config(environ={"PULSESTAGE_PROFILE": "test"}).profile == "test"
    assert load_config("prod", environ={"PULSESTAGE_PROFILE": "test"}).profile == "prod"
    assert load_config(environ={}).source_files == (str(paths.config_dir() / "dev.toml"),)


def test_unknown_profile_names_its_source():
    assert (
        error_of(profile="staging", environ={})
        == "--profile: unknown profile 'staging'; use one of dev, prod, test"
    )
    assert error_of(environ={"PULSESTAGE_PROFILE": "qa"}).startswith(
        "PULSESTAGE_PROFILE: unknown profile 'qa'"
    )


def test_layers_apply_in_order_profile_then_file_then_env(tmp_path):
    path = admin_file(tmp_path, '[server]\nport = 4000\nhost = "127.0.0.1"\n[auth]\ndemo_enabled = false\n')
    from_file = load_config("dev", path, environ={})
    assert (from_file.server.port, from_file.server.host, from_file.auth.demo_enabled) == (
        4000,
        "127.0.0.1",
        False,
    )
    assert from_file.server.auto_seed is True  # untouched keys keep the profile value
    assert from_file.source_files[-1] == path
    from_env = load_config("dev", path, environ={"PORT": "5000"})
    assert (from_env.server.port, from_env.server.host) == (5000, "127.0.0.1")


def test_admin_file_from_env_and_argument_wins(tmp_path):
    one = admin_file(tmp_path, "[server]\nport = 4001\n")
    other = tmp_path / "other.toml"
    other.write_text("[server]\nport = 4002\n")
    assert load_config("dev", environ={"PULSESTAGE_CONFIG": one}).server.port == 4001
    assert load_config("dev", str(other), environ={"PULSESTAGE_CONFIG": one}).server.port == 4002


def test_top_level_data_dir_from_file_and_env(tmp_path):
    path = admin_file(tmp_path, 'data_dir = "/srv/pulse"\n')
    assert load_config("dev", path, environ={}).data_dir == "/srv/pulse"
    cfg = load_config("dev", path, environ={"PULSESTAGE_DATA_DIR": "/data"})
    assert cfg.data_dir == "/data" and cfg.backup_dir == "/data/backups"


def test_empty_env_var_counts_as_unset(tmp_path):
    path = admin_file(tmp_path, '[redis]\nurl = "redis://from-file:6379"\n')
    cfg = load_config("dev", path, environ={"REDIS_URL": "", "PORT": "", "AUTH_MODE_DEMO": ""})
    assert cfg.redis.url == "redis://from-file:6379" and cfg.server.port == 3000 and cfg.auth.demo_enabled


def test_unknown_key_suggests_the_close_one(tmp_path):
    path = admin_file(tmp_path, "[server]\nprot = 3000\n")
    message = error_of(profile="dev", file=path, environ={})
    match = LINE.fullmatch(message)
    assert match and match["src"] == path and match["key"] == "server.prot"
    assert match["problem"] == "unknown key" and "did you mean server.port?" in match["fix"]


def test_unknown_section_and_top_level_key(tmp_path):
    message = error_of(profile="dev", file=admin_file(tmp_path, "[sever]\nport = 1\n"), environ={})
    assert message.endswith(
        "sever: unknown section; did you mean [server]? (all keys are in config/pulsestage.example.toml)"
    )
    message = error_of(profile="dev", file=admin_file(tmp_path, "[zzz]\nport = 1\n"), environ={})
    assert message.endswith(
        ": zzz: unknown section; remove it or fix its name (all keys are in config/pulsestage.example.toml)"
    )
    message = error_of(profile="dev", file=admin_file(tmp_path, "colour = 1\n"), environ={})
    assert message.endswith(
        ": colour: unknown key; remove it or fix its name (all keys are in config/pulsestage.example.toml)"
    )
    message = error_of(profile="dev", file=admin_file(tmp_path, 'profile = "prod"\n'), environ={})
    assert (
        "profile: the profile cannot be set in a file; choose it with --profile or PULSESTAGE_PROFILE"
        in message
    )


def test_section_must_be_a_table(tmp_path):
    message = error_of(profile="dev", file=admin_file(tmp_path, "server = 3\n"), environ={})
    assert message.endswith(": server: expected a [server] table; put its keys under a [server] line")


def test_unreadable_files(tmp_path):
    missing = str(tmp_path / "nope.toml")
    assert error_of(profile="dev", file=missing, environ={}) == (
        f"{missing}: file not found; check --config / PULSESTAGE_CONFIG"
    )
    broken = admin_file(tmp_path, "[server\nport = 1\n")
    message = error_of(profile="dev", file=broken, environ={})
    assert message.startswith(f"{broken}: invalid TOML (") and message.endswith("; fix the syntax there")


def test_config_is_frozen():
    cfg = load_config("dev", environ={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.server.port = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.profile = "prod"  # type: ignore[misc]


def test_oauth_properties():
    cfg = load_config("dev", environ={"GITHUB_CLIENT_ID": "id", "GITHUB_CLIENT_SECRET": "s"})
    assert cfg.auth.oauth_github and not cfg.auth.oauth_google
    cfg = load_config("dev", environ={"GOOGLE_CLIENT_ID": "id"})
    assert not cfg.auth.oauth_google

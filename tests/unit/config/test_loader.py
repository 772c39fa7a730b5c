"""Layering, profile choice, environment parsing and the one-line error format of the loader."""

from __future__ import annotations

import dataclasses
import re

import pytest

from pulsestage import paths
from pulsestage.config import ConfigError, load_config

# <file or VAR>: <section.key>: <problem>; <fix>
LINE = re.compile(r"(?P<src>[^:]+): (?P<key>[a-z_]+(\.[a-z_]+)?): (?P<problem>[^;\n]+); (?P<fix>[^\n]+)")


def admin_file(tmp_path, text: str) -> str:
    path = tmp_path / "admin.toml"
    path.write_text(text)
    return str(path)


def error_of(**kwargs) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(**kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


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


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("Yes", True),
        ("false", False),
        ("False", False),
        ("0", False),
        ("no", False),
        ("NO", False),
    ],
)
def test_env_booleans(raw, expected):
    assert load_config("prod", environ={"AUTH_MODE_DEMO": raw}).auth.demo_enabled is expected


def test_env_bad_boolean_names_the_variable():
    message = error_of(profile="dev", environ={"PULSE_ENABLED": "maybe"})
    assert message.startswith("PULSE_ENABLED: pulse.scheduler_enabled: 'maybe' is not a boolean; ")
    assert LINE.fullmatch(message)


def test_env_values_of_every_type():
    cfg = load_config(
        "dev",
        environ={
            "PORT": "8080",
            "SSE_HEARTBEAT_SECONDS": "2.5",
            "DEMO_USERS": "alice, bob ,,carol",
            "LOG_LEVEL": "debug",
            "EMAIL_PROVIDER": "RESEND",
            "SMTP_PORT": "465",
            "REDIS_URL": "redis://r:6379/0",
        },
    )
    assert cfg.server.port == 8080
    assert cfg.events.heartbeat_seconds == 2.5
    assert cfg.auth.demo_users == ("alice", "bob", "carol")
    assert cfg.logging.level == "DEBUG" and cfg.mail.provider == "resend"
    assert cfg.mail.smtp_port == 465 and cfg.redis.url == "redis://r:6379/0"


def test_empty_env_var_counts_as_unset(tmp_path):
    path = admin_file(tmp_path, '[redis]\nurl = "redis://from-file:6379"\n')
    cfg = load_config("dev", path, environ={"REDIS_URL": "", "PORT": "", "AUTH_MODE_DEMO": ""})
    assert cfg.redis.url == "redis://from-file:6379" and cfg.server.port == 3000 and cfg.auth.demo_enabled


def test_env_bad_number_names_the_variable():
    message = error_of(profile="dev", environ={"PORT": "three thousand"})
    assert (
        message
        == "PORT: server.port: 'three thousand' is not a whole number; use a whole number such as 3000"
    )


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


@pytest.mark.parametrize(
    ("toml", "key", "problem"),
    [
        ('[server]\nport = "3000"\n', "server.port", "expected a whole number, got str '3000'"),
        ("[server]\nport = 3000.5\n", "server.port", "expected a whole number, got float 3000.5"),
        ("[server]\ntrust_proxy = 1\n", "server.trust_proxy", "expected true or false, got int 1"),
        ('[auth]\ndemo_users = "alice"\n', "auth.demo_users", "expected a list of strings"),
        ("[logging]\nlevel = 10\n", "logging.level", "expected a quoted string, got int 10"),
    ],
)
def test_wrong_type_in_file(tmp_path, toml, key, problem):
    path = admin_file(tmp_path, toml)
    match = LINE.fullmatch(error_of(profile="dev", file=path, environ={}))
    assert match and match["src"] == path and match["key"] == key
    assert match["problem"].startswith(problem)


def test_float_setting_accepts_an_integer(tmp_path):
    cfg = load_config("dev", admin_file(tmp_path, "[events]\nheartbeat_seconds = 5\n"), environ={})
    assert cfg.events.heartbeat_seconds == 5.0 and isinstance(cfg.events.heartbeat_seconds, float)


def test_wrong_type_for_a_secret_does_not_echo_it(tmp_path):
    path = admin_file(tmp_path, "[session]\nsecret = 123456789\n")
    message = error_of(profile="dev", file=path, environ={})
    assert message == f"{path}: session.secret: expected a quoted string, got int; write a quoted string"


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('[server]\npublic_url = "ftp://pulse.example.com"\n', "server.public_url"),
        ('[server]\npublic_url = "pulse.example.com"\n', "server.public_url"),
        ('[server]\npublic_url = "https://"\n', "server.public_url"),
        ('[redis]\nurl = "http://r:6379"\n', "redis.url"),
        ('[auth]\ngithub_api_url = "api.github.com"\n', "auth.github_api_url"),
        ('[auth]\ngithub_base_url = "http://[::1"\n', "auth.github_base_url"),
    ],
)
def test_bad_url_in_file(tmp_path, toml, key):
    path = admin_file(tmp_path, toml)
    match = LINE.fullmatch(error_of(profile="dev", file=path, environ={}))
    assert match and match["src"] == path and match["key"] == key
    assert match["problem"].startswith("bad URL") and match["fix"].startswith("use a URL such as ")


def test_bad_database_url_from_env_hides_the_password():
    message = error_of(profile="dev", environ={"DATABASE_URL": "mysql://app:hunter2secret@db/ama"})
    assert message == (
        "DATABASE_URL: database.url: bad URL: scheme 'mysql', expected postgres:// or postgresql://; "
        "use a URL such as postgresql://app:password@db.internal:5432/ama"
    )
    assert "hunter2secret" not in message


def test_accepted_url_schemes():
    for url in ("postgres://a:b@h/db", "postgresql:///ama?host=/run/postgresql"):
        assert load_config("dev", environ={"DATABASE_URL": url}).database.url == url
    for url in ("redis://h:6379/0", "rediss://:pw@h:6380", "unix:///run/redis.sock"):
        assert load_config("dev", environ={"REDIS_URL": url}).redis.url == url
    assert load_config("dev", environ={"PUBLIC_URL": "https://p.example.com"}).server.public_url.startswith(
        "https"
    )


@pytest.mark.parametrize(
    ("environ", "start"),
    [
        (
            {"EMAIL_PROVIDER": "pigeon"},
            "EMAIL_PROVIDER: mail.provider: 'pigeon' is not allowed; use one of sink, smtp",
        ),
        (
            {"SMTP_SECURITY": "ssl"},
            "SMTP_SECURITY: mail.smtp_security: 'ssl' is not allowed; use one of none,",
        ),
        ({"PORT": "70000"}, "PORT: server.port: 70000 is out of range; use a value from 0 to 65535"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL: logging.level: 'loud' is not allowed; use one of DEBUG,"),
        ({"EMAIL_FROM": "nobody"}, "EMAIL_FROM: mail.from_address: 'nobody' is not an e-mail address;"),
    ],
)
def test_checked_values_from_env(environ, start):
    assert error_of(profile="dev", environ=environ).startswith(start)


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[backup]\nretention_days = 0\n", "backup.retention_days"),
        ("[backup]\nretention_days = 366\n", "backup.retention_days"),
        ('[backup]\nnightly_time = "25:00"\n', "backup.nightly_time"),
        ("[backup]\nweekly_roles_day = 7\n", "backup.weekly_roles_day"),
    ],
)
def test_checked_values_in_file(tmp_path, toml, key):
    match = LINE.fullmatch(error_of(profile="dev", file=admin_file(tmp_path, toml), environ={}))
    assert match and match["key"] == key


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

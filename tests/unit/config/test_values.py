"""Typed values from TOML and the environment: booleans, numbers, lists, URLs, choices, ranges."""

from __future__ import annotations

import pytest

from pulsestage.config import load_config
from tests.unit.config import LINE, admin_file, error_of


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


def test_env_bad_number_names_the_variable():
    message = error_of(profile="dev", environ={"PORT": "three thousand"})
    assert (
        message
        == "PORT: server.port: 'three thousand' is not a whole number; use a whole number such as 3000"
    )


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

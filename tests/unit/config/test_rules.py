"""Per-profile refusals and cross-field rules: one line each, naming the keys."""

from __future__ import annotations

import pytest

from pulsestage.config import check_rules, load_config
from pulsestage.config.rules import MIN_SECRET_LENGTH, RULES

GOOD_PROD = {
    "DATABASE_URL": "postgresql://app:pw@db:5432/ama",
    "REDIS_URL": "redis://redis:6379/0",
    "SESSION_SECRET": "x" * MIN_SECRET_LENGTH,
    "GITHUB_CLIENT_ID": "gh-id",
    "GITHUB_CLIENT_SECRET": "gh-secret",
    "PUBLIC_URL": "https://pulse.example.com",
}


def prod(**changes: str) -> list[str]:
    environ = {k: v for k, v in {**GOOD_PROD, **changes}.items() if v is not None}
    return check_rules(load_config("prod", environ=environ))


def test_a_complete_prod_config_passes():
    assert prod() == []


def test_google_alone_is_enough_oauth_for_prod():
    assert (
        prod(GITHUB_CLIENT_ID="", GITHUB_CLIENT_SECRET="", GOOGLE_CLIENT_ID="g", GOOGLE_CLIENT_SECRET="s")
        == []
    )


@pytest.mark.parametrize("profile", ["dev", "test"])
def test_dev_and_test_profiles_pass_as_shipped(profile):
    assert check_rules(load_config(profile, environ={})) == []


@pytest.mark.parametrize(
    ("changes", "must_name"),
    [
        ({"REDIS_URL": ""}, ["REDIS_URL", "redis.url"]),
        ({"DATABASE_URL": ""}, ["DATABASE_URL", "database.url"]),
        (
            {"SESSION_SECRET": "x" * (MIN_SECRET_LENGTH - 1)},
            ["SESSION_SECRET", "31 characters", "at least 32"],
        ),
        ({"SESSION_SECRET": "dev-session-secret-not-for-production-use"}, ["SESSION_SECRET", "dev/test"]),
        (
            {"GITHUB_CLIENT_ID": "", "GITHUB_CLIENT_SECRET": ""},
            ["OAuth", "GITHUB_CLIENT_ID", "GOOGLE_CLIENT_ID"],
        ),
        ({"AUTH_MODE_DEMO": "true"}, ["AUTH_MODE_DEMO", "demo"]),
        ({"PUBLIC_URL": "http://pulse.example.com"}, ["PUBLIC_URL", "https"]),
        ({"EMAIL_PROVIDER": "sink"}, ["EMAIL_PROVIDER", "sink"]),
    ],
)
def test_each_prod_refusal_is_one_line_naming_the_key(changes, must_name):
    problems = prod(**changes)
    assert len(problems) == 1, problems
    assert "\n" not in problems[0]
    for word in must_name:
        assert word in problems[0]


def test_prod_with_nothing_set_lists_every_refusal():
    problems = check_rules(load_config("prod", environ={}))
    joined = "\n".join(problems)
    for word in ("REDIS_URL", "DATABASE_URL", "SESSION_SECRET", "OAuth", "PUBLIC_URL"):
        assert word in joined
    assert len(problems) == 5


def test_prod_refusals_do_not_apply_to_dev():
    cfg = load_config("dev", environ={"SESSION_SECRET": "short", "PUBLIC_URL": "http://localhost:3000"})
    assert check_rules(cfg) == []


@pytest.mark.parametrize(
    ("profile", "environ", "must_name"),
    [
        ("dev", {"EMAIL_PROVIDER": "resend"}, ["mail.resend_api_key", "RESEND_API_KEY"]),
        ("dev", {"GITHUB_CLIENT_ID": "only-id"}, ["auth.github_client_secret", "GITHUB_CLIENT_SECRET"]),
        ("dev", {"GOOGLE_CLIENT_SECRET": "only-secret"}, ["auth.google_client_id", "GOOGLE_CLIENT_ID"]),
        ("dev", {"SMTP_USER": "mailer"}, ["mail.smtp_password", "SMTP_PASSWORD"]),
        ("dev", {"DATABASE_POOL_MAX": "1"}, []),
        ("dev", {"PORT": "1025"}, ["server.port", "mail.sink_smtp_port", "1025"]),
        ("dev", {"MAIL_SINK_UI_PORT": "1025"}, ["mail.sink_smtp_port", "mail.sink_ui_port"]),
        ("prod", {**GOOD_PROD, "EMAIL_PROVIDER": "resend"}, ["RESEND_API_KEY"]),
    ],
)
def test_cross_field_rules(profile, environ, must_name):
    problems = check_rules(load_config(profile, environ=environ))
    if not must_name:
        assert problems == []
        return
    assert len(problems) == 1, problems
    for word in must_name:
        assert word in problems[0]


def test_pool_min_above_pool_max(tmp_path):
    path = tmp_path / "pool.toml"
    path.write_text("[database]\npool_min = 5\npool_max = 2\n")
    problems = check_rules(load_config("dev", str(path), environ={}))
    assert problems == [
        "database.pool_min (5) is above database.pool_max (2); lower pool_min or raise DATABASE_POOL_MAX"
    ]


def test_zero_ports_never_clash():
    environ = {"PORT": "0", "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0"}
    assert check_rules(load_config("dev", environ=environ)) == []


def test_sink_ports_are_ignored_when_the_sink_is_not_used():
    environ = {**GOOD_PROD, "PORT": "1025"}
    assert prod(**environ) == []


def test_every_rule_has_a_docstring_and_returns_none_for_dev():
    dev = load_config("dev", environ={})
    for rule in RULES:
        assert rule.__doc__ and rule(dev) is None

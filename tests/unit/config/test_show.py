"""The masked dump printed by `pulsestage config check`."""

from __future__ import annotations

import tomllib

import pytest

from pulsestage.config import load_config
from pulsestage.config.schema import iter_settings
from pulsestage.config.show import MASK, mask_url, render

SECRETS = {
    "SESSION_SECRET": "s3ss10n-s3cr3t-value-that-is-long-enough",
    "GITHUB_CLIENT_SECRET": "gh-very-secret",
    "GOOGLE_CLIENT_SECRET": "google-very-secret",
    "SMTP_PASSWORD": "smtp-very-secret",
    "RESEND_API_KEY": "re_very_secret",
    "OPENAI_API_KEY": "sk-very-secret",
    "METRICS_TOKEN": "metrics-very-secret",
    "DATABASE_URL": "postgresql://app:db-very-secret@db.internal:5432/ama",
    "REDIS_URL": "redis://:redis-very-secret@redis.internal:6379/0",
}


def test_no_secret_value_is_printed():
    text = render(load_config("prod", environ=SECRETS))
    for value in SECRETS.values():
        assert value not in text
    for needle in ("very-secret", "very_secret", "s3cr3t"):
        assert needle not in text
    parsed = tomllib.loads(text)
    assert parsed["session"]["secret"] == MASK
    assert parsed["auth"]["github_client_secret"] == MASK
    assert parsed["database"]["url"] == f"postgresql://app:{MASK}@db.internal:5432/ama"
    assert parsed["redis"]["url"] == f"redis://:{MASK}@redis.internal:6379/0"


def test_unset_secrets_stay_visibly_empty():
    parsed = tomllib.loads(render(load_config("prod", environ={})))
    assert parsed["session"]["secret"] == ""
    assert parsed["mail"]["resend_api_key"] == ""


def test_every_secret_field_is_masked():
    secret_fields = [(s, f.name) for s, f, _ in iter_settings() if f.metadata["secret"]]
    assert len(secret_fields) == 7
    parsed = tomllib.loads(render(load_config("prod", environ=SECRETS)))
    for section, name in secret_fields:
        assert parsed[section][name] == MASK, (section, name)


def test_render_is_toml_with_every_effective_value():
    cfg = load_config("dev", environ={"DEMO_USERS": "ann,ben", "PORT": "3100", "SSE_HEARTBEAT_SECONDS": "5"})
    text = render(cfg)
    assert text.startswith("# profile: dev\n# files: ")
    parsed = tomllib.loads(text)
    for section, f, _ in iter_settings():
        if f.metadata["secret"] or f.metadata.get("dsn"):
            continue
        holder = getattr(cfg, section) if section else cfg
        got = parsed[section][f.name] if section else parsed[f.name]
        want = getattr(holder, f.name)
        assert got == (list(want) if isinstance(want, tuple) else want), (section, f.name)
    assert parsed["auth"]["demo_users"] == ["ann", "ben"]


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://app:pw@h:5432/ama", f"postgresql://app:{MASK}@h:5432/ama"),
        ("postgresql://app@h/ama", "postgresql://app@h/ama"),
        (
            "postgresql://h/ama?sslmode=require&password=pw",
            f"postgresql://h/ama?sslmode=require&password={MASK}",
        ),
        ("postgresql://a:p@ss@h/db", f"postgresql://a:{MASK}@h/db"),
        ("redis://:pw@r:6379/0", f"redis://:{MASK}@r:6379/0"),
        ("rediss://user:pw@r:6380", f"rediss://user:{MASK}@r:6380"),
        ("redis://r:6379", "redis://r:6379"),
        ("unix:///run/redis.sock?password=pw&db=1", f"unix:///run/redis.sock?password={MASK}&db=1"),
        ("", ""),
    ],
)
def test_mask_url(url, masked):
    assert mask_url(url) == masked

"""Cross-field and per-profile rules: each returns None or one line naming the keys involved."""

from __future__ import annotations

from collections.abc import Callable

from pulsestage.config.schema import Config

MIN_SECRET_LENGTH = 32
# The dev and test profiles ship a session secret containing this mark; prod must never run with it.
PLACEHOLDER_MARK = "not-for-production"

Rule = Callable[[Config], "str | None"]


def prod_needs_redis(c: Config) -> str | None:
    """Prod keeps sessions, rate limits and the mail queue in Redis."""
    if c.profile == "prod" and not c.redis.url:
        return (
            "redis.url (REDIS_URL) is empty; the prod profile needs Redis: set REDIS_URL=redis://host:6379/0"
        )
    return None


def prod_needs_database_url(c: Config) -> str | None:
    """Prod never starts an embedded PostgreSQL."""
    if c.profile == "prod" and not c.database.url:
        return (
            "database.url (DATABASE_URL) is empty; the prod profile needs a PostgreSQL server: "
            "set DATABASE_URL=postgresql://user:password@host:5432/ama"
        )
    return None


def prod_needs_strong_session_secret(c: Config) -> str | None:
    """Prod needs a session secret of 32+ characters that is not a shipped placeholder."""
    if c.profile != "prod":
        return None
    secret = c.session.secret
    if len(secret) < MIN_SECRET_LENGTH:
        return (
            f"session.secret (SESSION_SECRET) has {len(secret)} characters; prod needs at least "
            f"{MIN_SECRET_LENGTH}: generate one with python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    if PLACEHOLDER_MARK in secret:
        return "session.secret (SESSION_SECRET) is the shipped dev/test value; set a random one for prod"
    return None


def prod_needs_oauth(c: Config) -> str | None:
    """Prod signs people in only through OAuth, so at least one provider must be complete."""
    if c.profile == "prod" and not (c.auth.oauth_github or c.auth.oauth_google):
        return (
            "no OAuth provider is configured; prod needs auth.github_client_id + auth.github_client_secret "
            "(GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET) or auth.google_client_id + auth.google_client_secret "
            "(GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET)"
        )
    return None


def prod_refuses_demo(c: Config) -> str | None:
    """Demo sign-in lets anyone be anyone; never in prod."""
    if c.profile == "prod" and c.auth.demo_enabled:
        return "auth.demo_enabled (AUTH_MODE_DEMO) is true; demo mode is refused in prod: set AUTH_MODE_DEMO=false"
    return None


def prod_needs_https(c: Config) -> str | None:
    """Prod cookies are Secure, so the public URL must be https."""
    if c.profile == "prod" and not c.server.public_url.lower().startswith("https://"):
        return "server.public_url (PUBLIC_URL) is not https; prod needs PUBLIC_URL=https://your.host"
    return None


def prod_refuses_mail_sink(c: Config) -> str | None:
    """The sink keeps mail on the machine; prod must deliver it."""
    if c.profile == "prod" and c.mail.provider == "sink":
        return "mail.provider (EMAIL_PROVIDER) is sink; prod must deliver mail: set EMAIL_PROVIDER=smtp or resend"
    return None


def resend_needs_key(c: Config) -> str | None:
    """The Resend provider cannot send without its API key."""
    if c.mail.provider == "resend" and not c.mail.resend_api_key:
        return "mail.provider (EMAIL_PROVIDER) is resend but mail.resend_api_key (RESEND_API_KEY) is empty; set it"
    return None


def oauth_pairs_complete(c: Config) -> str | None:
    """A client id without its secret (or the reverse) is a half-done setup."""
    for name, cid, secret in (
        ("github", c.auth.github_client_id, c.auth.github_client_secret),
        ("google", c.auth.google_client_id, c.auth.google_client_secret),
    ):
        if bool(cid) != bool(secret):
            upper = name.upper()
            return (
                f"auth.{name}_client_id and auth.{name}_client_secret ({upper}_CLIENT_ID, {upper}_CLIENT_SECRET) "
                "must be set together; set both or neither"
            )
    return None


def smtp_login_complete(c: Config) -> str | None:
    """SMTP login needs both the user and the password."""
    if bool(c.mail.smtp_user) != bool(c.mail.smtp_password):
        return (
            "mail.smtp_user and mail.smtp_password (SMTP_USER, SMTP_PASSWORD) must be set together; "
            "set both or neither"
        )
    return None


def pool_bounds(c: Config) -> str | None:
    """The pool cannot keep more connections than it may open."""
    if c.database.pool_min > c.database.pool_max:
        return (
            f"database.pool_min ({c.database.pool_min}) is above database.pool_max ({c.database.pool_max}); "
            "lower pool_min or raise DATABASE_POOL_MAX"
        )
    return None


def ports_distinct(c: Config) -> str | None:
    """Two listeners in one process cannot share a port."""
    ports = {"server.port": c.server.port, "metrics.port": c.metrics.port}
    if c.mail.provider == "sink":
        ports |= {"mail.sink_smtp_port": c.mail.sink_smtp_port, "mail.sink_ui_port": c.mail.sink_ui_port}
    seen: dict[int, str] = {}
    for key, port in ports.items():
        if port == 0:  # 0 means off (or OS-chosen for server.port): never a clash
            continue
        if port in seen:
            return f"{seen[port]} and {key} are both {port}; give each listener its own port"
        seen[port] = key
    return None


RULES: tuple[Rule, ...] = (
    prod_needs_redis,
    prod_needs_database_url,
    prod_needs_strong_session_secret,
    prod_needs_oauth,
    prod_refuses_demo,
    prod_needs_https,
    prod_refuses_mail_sink,
    resend_needs_key,
    oauth_pairs_complete,
    smtp_login_complete,
    pool_bounds,
    ports_distinct,
)


def check_rules(config: Config) -> list[str]:
    """Every rule violation of the config, one line each (empty when the config may start)."""
    return [line for rule in RULES if (line := rule(config))]

"""The typed configuration table: one frozen dataclass per section, one described field per setting."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

PROFILES = ("dev", "prod", "test")
PROFILE_ENV = "PULSESTAGE_PROFILE"
CONFIG_ENV = "PULSESTAGE_CONFIG"
HTTP = ("http", "https")
OPENAI_MODERATION = "https://api.openai.com/v1/moderations"
GOOGLE_DISCOVERY = "https://accounts.google.com/.well-known/openid-configuration"
DEMO_USERS = ("alice", "bob", "moderator", "admin")
MAIL_PROVIDERS = ("sink", "smtp", "resend")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# (pattern, what it means in plain words) for text settings
COOKIE_NAME = (r"[\w\-]+", "letters, digits, _, -")
SLUG = (r"[a-z0-9][a-z0-9\-]*", "lower-case letters, digits, -")
EMAIL = (r"[^@\s]+@[^@\s]+", "an e-mail address")
HH_MM = (r"([01]\d|2[0-3]):[0-5]\d", "HH:MM")


def setting(default: Any, env: str | None, help: str, *, secret: bool = False, **checks: Any) -> Any:
    """Declare one setting: default, environment variable, secret flag, one line of help, checks.

    Checks understood by the loader: choices, min, max, schemes (URL; "" allowed when the default
    is ""), pattern + pattern_hint, example. ``dsn=True`` marks a URL whose password is masked.
    """
    return field(default=default, metadata={"env": env, "secret": secret, "help": help, **checks})


def masked(env: str, help: str) -> Any:
    """A secret string setting, empty by default."""
    return setting("", env, help, secret=True)


def url(default: str, env: str | None, help: str, schemes: tuple[str, ...] = HTTP, **checks: Any) -> Any:
    """A URL setting; the loader checks its scheme."""
    return setting(default, env, help, schemes=schemes, **checks)


def tcp_port(default: int, env: str | None, help: str) -> Any:
    """A TCP port number, 0 to 65535."""
    return setting(default, env, help, min=0, max=65535)


def dsn(env: str, help: str, schemes: tuple[str, ...], example: str) -> Any:
    """A connection URL, empty by default; its password is masked on display."""
    return setting("", env, help, schemes=schemes, dsn=True, example=example)


def choice(default: str, env: str | None, help: str, *choices: str) -> Any:
    """A string setting limited to a few values (matched case-insensitively)."""
    return setting(default, env, help, choices=choices)


def text(default: str, env: str | None, help: str, shape: tuple[str, str]) -> Any:
    """A string setting that must match a (pattern, plain-words hint) shape."""
    return setting(default, env, help, pattern=shape[0], pattern_hint=shape[1])


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """The HTTP listener and what it assumes about the network in front of it."""

    host: str = setting("0.0.0.0", "HOST", "Address to listen on.")
    port: int = tcp_port(3000, "PORT", "TCP port for API, SPA, SSE and probes (0 lets the OS pick).")
    public_url: str = url("http://localhost:3000", "PUBLIC_URL", "URL people use to reach PulseStage.")
    max_body_bytes: int = setting(1048576, None, "Largest request body accepted, in bytes.", min=1)
    trust_proxy: bool = setting(False, None, "Trust X-Forwarded-For/-Proto from a reverse proxy in front.")
    drain_delay_seconds: float = setting(
        0.0, None, "Seconds to keep serving after readiness turns 503 on SIGTERM.", min=0.0, max=120.0
    )
    shutdown_timeout_seconds: int = setting(30, None, "Seconds to finish work on SIGTERM.", min=0, max=3600)
    listen_backlog: int = setting(
        4096, None, "Connections the kernel queues for the server before it accepts them.", min=1, max=65535
    )
    gc_tuning: bool = setting(True, None, "Freeze the start-up heap and collect garbage less often.")
    auto_seed: bool = setting(True, None, "Seed the demo data when the database is empty.")
    reload: bool = setting(False, None, "Restart the server when Python files change (development only).")


@dataclass(frozen=True, slots=True)
class DatabaseConfig:
    """The PostgreSQL store of record."""

    url: str = dsn(
        "DATABASE_URL",
        "PostgreSQL URL; empty means the embedded server (when enabled).",
        ("postgres", "postgresql"),
        "postgresql://app:password@db.internal:5432/ama",
    )
    pool_min: int = setting(1, None, "Connections kept open in the pool.", min=0, max=1000)
    pool_max: int = setting(10, "DATABASE_POOL_MAX", "Most connections the pool opens.", min=1, max=1000)
    embedded: bool = setting(True, None, "Start an embedded PostgreSQL in the data dir when url is empty.")


@dataclass(frozen=True, slots=True)
class RedisConfig:
    """Redis: sessions, rate limits, the durable e-mail queue and cross-instance events."""

    url: str = dsn(
        "REDIS_URL",
        "Redis URL; empty means in-memory stores.",
        ("redis", "rediss", "unix"),
        "redis://redis:6379/0",
    )


@dataclass(frozen=True, slots=True)
class SessionConfig:
    """Login sessions."""

    secret: str = masked("SESSION_SECRET", "Key that signs session cookies; at least 32 characters.")
    cookie_name: str = text("pulsestage_session", None, "Name of the session cookie.", COOKIE_NAME)
    max_age_hours: int = setting(8, None, "Hours a session lasts.", min=1, max=24 * 365)


@dataclass(frozen=True, slots=True)
class AuthConfig:
    """Sign-in: demo mode and the OAuth providers."""

    demo_enabled: bool = setting(True, "AUTH_MODE_DEMO", "Allow /auth/demo sign-in (never in prod).")
    demo_users: tuple[str, ...] = setting(DEMO_USERS, "DEMO_USERS", "User names allowed in demo mode.")
    github_client_id: str = setting("", "GITHUB_CLIENT_ID", "GitHub OAuth app client id.")
    github_client_secret: str = masked("GITHUB_CLIENT_SECRET", "GitHub OAuth app client secret.")
    google_client_id: str = setting("", "GOOGLE_CLIENT_ID", "Google OAuth client id.")
    google_client_secret: str = masked("GOOGLE_CLIENT_SECRET", "Google OAuth client secret.")
    github_base_url: str = url("https://github.com", None, "GitHub web base URL (authorize, token).")
    github_api_url: str = url("https://api.github.com", None, "GitHub API base URL (user, e-mails).")
    google_discovery_url: str = url(GOOGLE_DISCOVERY, None, "Google OpenID Connect discovery document.")
    allowed_email_domains: tuple[str, ...] = setting((), None, "If set, only these domains may sign in.")
    default_tenant_slug: str = text("default", None, "Tenant for sign-ins that name none.", SLUG)

    @property
    def oauth_github(self) -> bool:
        """True when GitHub sign-in is configured (client id and secret)."""
        return bool(self.github_client_id and self.github_client_secret)

    @property
    def oauth_google(self) -> bool:
        """True when Google sign-in is configured (client id and secret)."""
        return bool(self.google_client_id and self.google_client_secret)


@dataclass(frozen=True, slots=True)
class TenancyConfig:
    """How a request finds its tenant."""

    header: str = setting("x-tenant-id", None, "Request header carrying the tenant slug.")
    allow_header: bool = setting(True, "ALLOW_TENANT_HEADER", "Honour the tenant header.")
    subdomains: bool = setting(True, None, "Resolve the tenant from the subdomain of public_url's host.")


@dataclass(frozen=True, slots=True)
class MailConfig:
    """Outgoing e-mail: provider, sender, queue worker and the dev sink."""

    provider: str = choice("sink", "EMAIL_PROVIDER", "Where mail goes (sink keeps it here).", *MAIL_PROVIDERS)
    from_address: str = text("noreply@pulsestage.local", "EMAIL_FROM", "Sender address.", EMAIL)
    from_name: str = setting("PulseStage", "EMAIL_FROM_NAME", "Sender display name.")
    smtp_host: str = setting("localhost", "SMTP_HOST", "SMTP server host.")
    smtp_port: int = setting(587, "SMTP_PORT", "SMTP server port.", min=1, max=65535)
    smtp_security: str = choice("starttls", "SMTP_SECURITY", "SMTP encryption.", "none", "starttls", "tls")
    smtp_user: str = setting("", "SMTP_USER", "SMTP user name; login only when user and password are set.")
    smtp_password: str = masked("SMTP_PASSWORD", "SMTP password.")
    resend_api_key: str = masked("RESEND_API_KEY", "Resend API key (provider resend).")
    resend_base_url: str = url("https://api.resend.com", "RESEND_BASE_URL", "Resend API base URL.")
    worker_concurrency: int = setting(0, None, "E-mails sent at the same time (0: the provider's own: 8 for SMTP "
                                               "and the sink, 2 for Resend).", min=0, max=64)
    max_attempts: int = setting(12, None, "Attempts before an e-mail is dead-lettered.", min=1, max=100)
    backoff_base_seconds: float = setting(2.0, None, "First retry delay; doubles each attempt.", min=0.0)
    sink_smtp_port: int = tcp_port(1025, "MAIL_SINK_SMTP_PORT", "Dev sink SMTP port (0 = off).")
    sink_ui_port: int = tcp_port(8025, "MAIL_SINK_UI_PORT", "Dev sink mail viewer port (0 = off).")
    sink_host: str = setting("127.0.0.1", None, "Address the dev sink listens on.")


@dataclass(frozen=True, slots=True)
class PulseConfig:
    """The weekly pulse survey scheduler."""

    scheduler_enabled: bool = setting(True, "PULSE_ENABLED", "Run the pulse scheduler in this process.")
    tick_seconds: int = setting(60, None, "Seconds between scheduler checks.", min=1, max=3600)
    invite_ttl_days: int = setting(7, None, "Days a pulse invitation link stays valid.", min=1, max=90)


@dataclass(frozen=True, slots=True)
class EventsConfig:
    """Server-Sent Events."""

    heartbeat_seconds: float = setting(30.0, "SSE_HEARTBEAT_SECONDS", "Seconds between heartbeats.", min=0.1)
    replay_buffer: int = setting(1000, None, "Events kept for replay after a reconnect.", min=0)
    client_queue_size: int = setting(256, None, "Events queued per client before it is dropped.", min=1)
    max_streams_per_user: int = setting(10, None, "Open live streams one person may hold (browser tabs).", min=1)
    max_streams_per_process: int = setting(20000, None, "Open live streams one server process accepts.", min=1)


@dataclass(frozen=True, slots=True)
class RateLimitConfig:
    """Request rate limiting (per tenant and IP)."""

    enabled: bool = setting(False, None, "Turn rate limiting on (Redis-based).")


@dataclass(frozen=True, slots=True)
class ModerationConfig:
    """Automatic content moderation."""

    openai_api_key: str = masked("OPENAI_API_KEY", "Enables the OpenAI moderation check when set.")
    openai_url: str = url(OPENAI_MODERATION, "OPENAI_MODERATION_URL", "OpenAI moderation endpoint.")
    timeout_seconds: float = setting(3.0, None, "Seconds to wait for the moderation API.", min=0.1, max=60.0)


@dataclass(frozen=True, slots=True)
class MetricsConfig:
    """Prometheus /metrics."""

    enabled: bool = setting(True, None, "Serve /metrics.")
    token: str = masked("METRICS_TOKEN", "If set, /metrics needs this bearer token.")
    port: int = tcp_port(0, None, "Separate port for /metrics (0 = served on the main port).")


@dataclass(frozen=True, slots=True)
class BackupConfig:
    """pg_dump backups and their optional in-process schedule."""

    dir: str = setting("", "BACKUP_DIR", "Backup folder (empty = backups/ inside data_dir).")
    retention_days: int = setting(14, None, "Days backups are kept (7-14 recommended).", min=1, max=365)
    schedule_enabled: bool = setting(False, None, "Run nightly data and weekly roles backups in-process.")
    nightly_time: str = text("02:30", None, "Local time of the nightly backup, 24-hour clock.", HH_MM)
    weekly_roles_day: int = setting(0, None, "Day of the weekly roles backup (0 = Sunday).", min=0, max=6)


@dataclass(frozen=True, slots=True)
class LoggingConfig:
    """Log output."""

    level: str = choice("INFO", "LOG_LEVEL", "Lowest level written to the log.", *LOG_LEVELS)
    json: bool = setting(True, None, "One JSON object per line (false = plain text for a terminal).")


@dataclass(frozen=True, slots=True)
class Config:
    """The whole effective configuration, parsed once at start-up."""

    profile: str = "dev"
    source_files: tuple[str, ...] = ()
    data_dir: str = setting("./.pulsestage", "PULSESTAGE_DATA_DIR", "Folder for local state and backups.")
    server: ServerConfig = field(default_factory=ServerConfig)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    redis: RedisConfig = field(default_factory=RedisConfig)
    session: SessionConfig = field(default_factory=SessionConfig)
    auth: AuthConfig = field(default_factory=AuthConfig)
    tenancy: TenancyConfig = field(default_factory=TenancyConfig)
    mail: MailConfig = field(default_factory=MailConfig)
    pulse: PulseConfig = field(default_factory=PulseConfig)
    events: EventsConfig = field(default_factory=EventsConfig)
    rate_limit: RateLimitConfig = field(default_factory=RateLimitConfig)
    moderation: ModerationConfig = field(default_factory=ModerationConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    backup: BackupConfig = field(default_factory=BackupConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)

    @property
    def backup_dir(self) -> str:
        """The backup folder, with the empty default resolved to <data_dir>/backups."""
        return self.backup.dir or f"{self.data_dir.rstrip('/')}/backups"


def sections() -> dict[str, type]:
    """Section name -> section dataclass, in declaration order."""
    hints = typing.get_type_hints(Config)
    return {
        f.name: hints[f.name] for f in dataclasses.fields(Config) if dataclasses.is_dataclass(hints[f.name])
    }


def top_level_settings() -> list[dataclasses.Field]:
    """Settings that live outside any section (data_dir)."""
    return [f for f in dataclasses.fields(Config) if "help" in f.metadata]


def iter_settings() -> Iterator[tuple[str | None, dataclasses.Field, Any]]:
    """Every setting as (section name or None for top level, field, type)."""
    hints = typing.get_type_hints(Config)
    for f in top_level_settings():
        yield None, f, hints[f.name]
    for name, cls in sections().items():
        cls_hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            yield name, f, cls_hints[f.name]


def dotted(section: str | None, name: str) -> str:
    """The key as people write it: section.key, or key at top level."""
    return f"{section}.{name}" if section else name


def env_vars() -> list[str]:
    """Every environment variable a field reads, in table order."""
    return [f.metadata["env"] for _, f, _ in iter_settings() if f.metadata["env"]]

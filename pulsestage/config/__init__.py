"""PulseStage configuration: load_config() builds the frozen Config; check_rules() lists what is refused."""

from __future__ import annotations

import os
from collections.abc import Mapping

from pulsestage.config.loader import ConfigError, load
from pulsestage.config.rules import check_rules
from pulsestage.config.schema import (
    AuthConfig,
    BackupConfig,
    Config,
    DatabaseConfig,
    EventsConfig,
    LoggingConfig,
    MailConfig,
    MetricsConfig,
    ModerationConfig,
    PulseConfig,
    RateLimitConfig,
    RedisConfig,
    ServerConfig,
    SessionConfig,
    TenancyConfig,
)

__all__ = [
    "AuthConfig",
    "BackupConfig",
    "Config",
    "ConfigError",
    "DatabaseConfig",
    "EventsConfig",
    "LoggingConfig",
    "MailConfig",
    "MetricsConfig",
    "ModerationConfig",
    "PulseConfig",
    "RateLimitConfig",
    "RedisConfig",
    "ServerConfig",
    "SessionConfig",
    "TenancyConfig",
    "check_rules",
    "load_config",
]


def load_config(
    profile: str | None = None, file: str | None = None, environ: Mapping[str, str] | None = None
) -> Config:
    """Load profile defaults, then the admin file, then the environment; raise ConfigError on bad input."""
    return load(profile, file, os.environ if environ is None else environ)

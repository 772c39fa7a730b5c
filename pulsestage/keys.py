"""Every typed application and request key, declared once."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:

    pass

CONFIG = web.AppKey("CONFIG", "Config")
DSN = web.AppKey("DSN", str)  # owner connection string (migrations, seed, backups)
PG_POOL = web.AppKey("PG_POOL", "aiopg.Pool")
REDIS = web.AppKey("REDIS", "aioredis.Redis | None")
READINESS = web.AppKey("READINESS", "Readiness")
STARTED_AT = web.AppKey("STARTED_AT", float)
EVENT_BUS = web.AppKey("EVENT_BUS", Any)
MAIL_QUEUE = web.AppKey("MAIL_QUEUE", Any)
MAILER = web.AppKey("MAILER", Any)
SSE_STREAMS = web.AppKey("SSE_STREAMS", weakref.WeakSet)
RATE_LIMITER = web.AppKey("RATE_LIMITER", Any)
METRICS = web.AppKey("METRICS", Any)
TENANTS = web.AppKey("TENANTS", "TenantDirectory")
SESSION_STORAGE = web.AppKey("SESSION_STORAGE", Any)

REQUEST_ID = web.RequestKey("REQUEST_ID", str)
TENANT = web.RequestKey("TENANT", "Tenant")
SESSION_USER = web.RequestKey("SESSION_USER", "SessionUser | None")

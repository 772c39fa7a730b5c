"""Every typed application and request key, declared once."""

from __future__ import annotations

import weakref
from typing import Any

import aiopg
import redis.asyncio as aioredis
from aiohttp import web
from aiohttp_session import AbstractStorage

from pulsestage.auth.identity import SessionUser
from pulsestage.config import Config
from pulsestage.db.tenancy import Tenant
from pulsestage.http.tenant import TenantDirectory
from pulsestage.ops.state import Readiness

CONFIG: web.AppKey[Config] = web.AppKey("CONFIG", Config)
DSN: web.AppKey[str] = web.AppKey("DSN", str)  # owner connection string (migrations, seed, backups)
PG_POOL: web.AppKey[aiopg.Pool] = web.AppKey("PG_POOL", aiopg.Pool)
REDIS: web.AppKey[aioredis.Redis | None] = web.AppKey("REDIS")
READINESS: web.AppKey[Readiness] = web.AppKey("READINESS", Readiness)
STARTED_AT: web.AppKey[float] = web.AppKey("STARTED_AT", float)
EVENT_BUS: web.AppKey[Any] = web.AppKey("EVENT_BUS")
MAIL_QUEUE: web.AppKey[Any] = web.AppKey("MAIL_QUEUE")
MAILER: web.AppKey[Any] = web.AppKey("MAILER")  # mail.mailer.Mailer
MAIL_SINK: web.AppKey[Any] = web.AppKey("MAIL_SINK")  # mail.dev_sink.SinkStore (provider "sink" only)
MAIL_SENT_HOOKS: web.AppKey[list[Any]] = web.AppKey("MAIL_SENT_HOOKS")  # async (MailJob) -> None, after delivery
MAIL_SKIP_CHECKS: web.AppKey[list[Any]] = web.AppKey("MAIL_SKIP_CHECKS")  # async (MailJob) -> bool, True: delivered
SSE_STREAMS: web.AppKey[weakref.WeakSet[Any]] = web.AppKey("SSE_STREAMS")
PRESENTATION: web.AppKey[Any] = web.AppKey("PRESENTATION")  # qa.presentation.PresentationStore
RATE_LIMITER: web.AppKey[Any] = web.AppKey("RATE_LIMITER")
METRICS: web.AppKey[Any] = web.AppKey("METRICS")
TENANTS: web.AppKey[TenantDirectory] = web.AppKey("TENANTS", TenantDirectory)
SESSION_STORAGE: web.AppKey[AbstractStorage] = web.AppKey("SESSION_STORAGE", AbstractStorage)

REQUEST_ID: web.RequestKey[str] = web.RequestKey("REQUEST_ID", str)
TENANT: web.RequestKey[Tenant] = web.RequestKey("TENANT", Tenant)
SESSION_USER: web.RequestKey[SessionUser | None] = web.RequestKey("SESSION_USER")

"""HTTP route of the admin health page."""

from __future__ import annotations

import asyncio
import datetime as dt

from aiohttp import web

from pulsestage import keys
from pulsestage.admin import status_service as service
from pulsestage.http.openapi import doc
from pulsestage.http.responses import iso, json_ok


@doc(summary="Health of this installation for admins: dependencies, queue, streams, versions, counts")
async def admin_health(request: web.Request) -> web.Response:
    """Always 200 with the details; `status` says healthy or degraded."""
    app, tenant = request.app, request[keys.TENANT]
    db, redis, mail = await asyncio.gather(
        service.database(app[keys.PG_POOL], tenant.id),
        service.redis(app[keys.REDIS], app[keys.CONFIG].rate_limit.enabled),
        service.mail(app.get(keys.MAIL_QUEUE), tenant.id),
    )
    proc = service.process(app[keys.STARTED_AT], app[keys.CONFIG].profile)
    readiness = app[keys.READINESS]
    healthy = db["status"] == "connected" and redis["status"] in ("connected", "not_configured")
    if "version" in db:
        proc["versions"]["postgresql"] = db["version"]
    if "version" in redis:
        proc["versions"]["redis"] = redis["version"]
    return json_ok({
        "status": "healthy" if healthy else "degraded",
        "timestamp": iso(dt.datetime.now(dt.UTC)),
        **proc,
        "database": db, "redis": redis, "mail": mail,
        "migrations": {"complete": readiness.migrations_done},
        "sse": service.streams(app[keys.SSE_STREAMS], tenant.id),
        "data": {"tenants": db.get("tenants"), "tables": db.get("tables", {}),
                 "questions": db.get("tables", {}).get("question"), "users": db.get("tables", {}).get("app_user")},
    })

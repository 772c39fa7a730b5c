"""Demo reset (demo mode only): wipe and re-seed the caller's demo tenant, end all its sessions."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from typing import Any

import aiopg
from aiohttp import web

from pulsestage import keys
from pulsestage.admin import audit, settings_queries
from pulsestage.admin.audit import Actor, Entry
from pulsestage.auth.guards import require_user
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.errors import Conflict
from pulsestage.http.openapi import doc
from pulsestage.http.responses import iso, json_ok
from pulsestage.http.routing import add_routes


async def reset(pool: aiopg.Pool, dsn: str, tenant: Tenant, actor: Actor) -> dict[str, Any]:
    """Re-seed the tenant from the demo data, then bump its session version (every session ends)."""
    from pulsestage.seed.data import tenants_for
    from pulsestage.seed.load import seed

    try:
        tenants_for(tenant.slug)
    except ValueError as exc:
        raise Conflict(f"Organisation '{tenant.slug}' has no demo data to reset to", code="no_demo_data") from exc
    try:
        report = await asyncio.to_thread(seed, dsn, reset=True, tenant_slug=tenant.slug)
    except Exception as exc:
        async with tenant_tx(pool, tenant.id) as cur:
            await audit.record(cur, tenant.id, actor, Entry("demo.reset.failed", "demo", tenant.id,
                                                            metadata={"error": type(exc).__name__}))
        raise
    async with tenant_tx(pool, tenant.id) as cur:
        # The seed replaces settings only for tenants that have a settings document; bump anyway,
        # so no session of the old users survives whatever the seed did.
        version = await settings_queries.bump_session_version(cur, str(uuid.uuid4()), tenant.id)
        await audit.record(cur, tenant.id, actor, Entry("demo.reset", "demo", tenant.id,
                                                        metadata={"sessionVersion": version}))
    return {"success": True, "message": "Demo data reset; everyone has to sign in again",
            "timestamp": iso(dt.datetime.now(dt.UTC)), "sessionVersion": version,
            "resetItems": {**report.counts.get(tenant.slug, {}), "demoDataReseeded": True}}


@doc(summary="Reset this organisation to the demo data (demo mode only); every session ends")
async def reset_demo(request: web.Request) -> web.Response:
    """Wipe and re-seed the tenant; the caller is signed out too."""
    user = await require_user(request)
    actor = Actor(user.id, request.remote, request.headers.get("User-Agent"))
    app = request.app
    body = await reset(app[keys.PG_POOL], app[keys.DSN], request[keys.TENANT], actor)
    app[keys.TENANTS].forget()
    return json_ok(body)


def setup_routes(app: web.Application) -> None:
    """The route exists only when demo mode is on (never in prod)."""
    if app[keys.CONFIG].auth.demo_enabled:
        add_routes(app, "admin", [("POST", "/api/admin/reset-demo", reset_demo)])

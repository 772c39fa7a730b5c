"""The admin health page: database, Redis, e-mail queue, live streams, versions, uptime, row counts."""

from __future__ import annotations

import asyncio
import platform
import resource
import time
from typing import Any

import aiohttp
import aiopg
from psycopg2 import sql

from pulsestage import __version__
from pulsestage.db.tenancy import tenant_tx

TIMEOUT = 2.0
# Tenant tables shown on the page, counted for the caller's tenant only.
COUNTED = ("team", "app_user", "team_membership", "user_preferences", "question", "upvote", "tag",
           "question_tag", "audit_log", "pulse_question", "pulse_schedule", "pulse_cohort", "pulse_invite",
           "pulse_response")
_COUNTS = sql.SQL("SELECT {}").format(sql.SQL(", ").join(
    sql.SQL("(SELECT count(*) FROM {t} WHERE tenant_id = %(tenant_id)s)::int AS {t}").format(t=sql.Identifier(t))
    for t in COUNTED))


def formatted(seconds: int) -> str:
    """`1d 2h 3m 4s`, zero parts left out, seconds shown when nothing else is."""
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    if seconds or not parts:
        parts.append(f"{seconds}s")
    return " ".join(parts)


async def _timed(check) -> tuple[dict[str, Any], Any]:
    started = time.perf_counter()
    try:
        value = await asyncio.wait_for(check(), TIMEOUT)
        status, error = "connected", None
    except Exception as exc:  # a failing dependency is reported, never raised
        value, status, error = None, "disconnected", f"{type(exc).__name__}: {exc}"[:200]
    report = {"status": status, "responseTimeMs": round((time.perf_counter() - started) * 1000, 2)}
    if error:
        report["error"] = error
    return report, value


async def database(pool: aiopg.Pool, tenant_id: str) -> dict[str, Any]:
    """Reachability, latency, server version, tenant count and this tenant's row counts."""
    async def check():
        async with tenant_tx(pool, tenant_id) as cur:
            await cur.execute("SELECT current_setting('server_version') AS version, "
                              "(SELECT count(*) FROM tenant)::int AS tenants")
            head = await cur.fetchone()
            await cur.execute(_COUNTS, {"tenant_id": tenant_id})
            return head, await cur.fetchone()

    report, value = await _timed(check)
    report["provider"] = "PostgreSQL"
    if value:
        report["version"] = value[0]["version"]
        report["tenants"] = value[0]["tenants"]
        report["tables"] = dict(value[1])
    return report


async def redis(client, rate_limit_enabled: bool) -> dict[str, Any]:
    """Reachability, latency and version of Redis (or that it is not configured), and what uses it."""
    if client is None:
        return {"status": "not_configured", "rateLimit": {"connected": False, "ready": False,
                                                          "enabled": rate_limit_enabled, "store": "memory"},
                "sessions": {"connected": False, "ready": False, "store": "memory"}}

    async def check():
        await client.ping()
        return await client.info("server")

    report, info = await _timed(check)
    up = report["status"] == "connected"
    if info:
        report["version"] = info.get("redis_version")
    report["rateLimit"] = {"connected": up, "ready": up, "enabled": rate_limit_enabled, "store": "redis"}
    report["sessions"] = {"connected": up, "ready": up, "store": "redis"}
    return report


async def mail(queue, tenant_id: str) -> dict[str, Any]:
    """The e-mail queue's depth and counters (this tenant and all)."""
    if queue is None:
        return {"status": "not_running"}

    async def check():
        return await queue.depth(), await queue.stats(tenant_id)

    report, value = await _timed(check)
    report["status"] = "ok" if value else "unavailable"
    if value:
        report["depth"], report["tenant"] = value
    return report


def streams(open_streams, tenant_id: str) -> dict[str, Any]:
    """Open SSE connections: in total, for this tenant, and how many tenants have any."""
    tenants = [getattr(getattr(getattr(s, "subscription", None), "viewer", None), "tenant_id", None)
               for s in list(open_streams)]
    # Only the caller's own tenant is named: other tenants' ids are not an admin's business.
    return {"totalConnections": len(tenants), "tenantConnections": {tenant_id: tenants.count(tenant_id)},
            "tenantCount": len({t for t in tenants if t})}


def process(started_at: float, profile: str) -> dict[str, Any]:
    """Uptime, versions and memory of this process."""
    seconds = int(time.monotonic() - started_at)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "uptime": {"seconds": seconds, "formatted": formatted(seconds)},
        "versions": {"pulsestage": __version__, "python": platform.python_version(),
                     "aiohttp": aiohttp.__version__},
        "memory": {"peakRssMb": round(peak_kb / 1024, 1)},
        "environment": profile,
    }

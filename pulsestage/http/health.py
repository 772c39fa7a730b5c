"""Probes: /health (process), /health/live (liveness), /health/ready (database, Redis, migrations)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any

from aiohttp import web

from pulsestage import __version__, keys
from pulsestage.http.responses import iso, json_ok
from pulsestage.http.routing import add_routes

CHECK_TIMEOUT = 2.0


def _now() -> str | None:
    return iso(dt.datetime.now(dt.UTC))


def _uptime(app: web.Application) -> float:
    return round(time.monotonic() - app[keys.STARTED_AT], 3)


async def health(request: web.Request) -> web.Response:
    """200 while the process lives."""
    app = request.app
    return json_ok({
        "ok": True, "status": "ok", "service": "pulsestage", "version": __version__,
        "profile": app[keys.CONFIG].profile, "uptime": _uptime(app), "timestamp": _now(),
    })


async def live(request: web.Request) -> web.Response:
    """Liveness: the event loop answers."""
    return json_ok({"status": "alive", "service": "pulsestage", "uptime": _uptime(request.app), "timestamp": _now()})


async def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT)
        status, error = "ok", None
    except Exception as exc:  # any failure of a dependency is a failed check, never a crash
        status, error = "fail", f"{type(exc).__name__}: {exc}".strip()[:200]
    result = {"status": status, "latencyMs": round((time.perf_counter() - started) * 1000, 2)}
    if error:
        result["error"] = error
    return result


async def ready(request: web.Request) -> web.Response:
    """Readiness: database query, Redis ping when configured, migrations complete."""
    app = request.app
    state = app[keys.READINESS]

    async def database():
        pool = app[keys.PG_POOL]
        async with pool.acquire() as conn, conn.cursor() as cur:
            await cur.execute("SELECT 1")

    async def redis():
        await app[keys.REDIS].ping()

    details = {"database": await _timed(database)}
    if app[keys.REDIS] is not None:
        details["redis"] = await _timed(redis)
    details["migrations"] = (
        {"status": "ok"} if state.migrations_done
        else {"status": "fail", "error": state.migrations_error or "migrations are not complete"}
    )
    if state.draining:
        details["shutdown"] = {"status": "fail", "error": "the server is shutting down"}
    failed = [name for name, check in details.items() if check["status"] != "ok"]
    checks = {name: check["status"] == "ok" for name, check in details.items()}
    if "redis" not in checks:
        checks["redis"] = True  # not configured: nothing to wait for
        details["redis"] = {"status": "not_configured"}
    body: dict[str, Any] = {
        "status": "not_ready" if failed else "ready", "checks": checks, "details": details, "timestamp": _now(),
    }
    if failed:
        body["failed"] = failed
        body["message"] = "not ready: " + ", ".join(failed)
    return json_ok(body, status=503 if failed else 200)


def setup_routes(app: web.Application) -> None:
    """Register the probes."""
    add_routes(app, "public", [
        ("GET", "/health", health),
        ("GET", "/health/live", live),
        ("GET", "/health/ready", ready),
    ])

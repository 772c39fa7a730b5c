"""Cleanup context for the Redis client (sessions, rate limits, mail queue, event fan-out)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import redis.asyncio as aioredis
from aiohttp import web

from pulsestage import keys
from pulsestage.errors import StartupError

MAX_CONNECTIONS = 200


def make_client(url: str) -> aioredis.Redis | None:
    """A client for REDIS_URL (connects lazily), or None when Redis is not configured."""
    if not url:
        return None
    # a blocking pool makes bursts wait for a free connection instead of failing with MaxConnectionsError
    pool = aioredis.BlockingConnectionPool.from_url(
        url, max_connections=MAX_CONNECTIONS, timeout=5.0, socket_connect_timeout=2.0, socket_timeout=5.0,
        health_check_interval=30,
    )
    return aioredis.Redis(connection_pool=pool)


async def redis_context(app: web.Application) -> AsyncIterator[None]:
    """Check Redis answers at start-up (a prod requirement) and close the client at shutdown."""
    client = app[keys.REDIS]
    if client is None:
        yield
        return
    try:
        await client.ping()
    except Exception as exc:
        url = app[keys.CONFIG].redis.url
        raise StartupError(f"REDIS_URL: Redis at {_safe(url)} is not reachable ({exc}); start Redis or fix REDIS_URL") from exc
    try:
        yield
    finally:
        await client.aclose()


def _safe(url: str) -> str:
    # never print a password
    if "@" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url

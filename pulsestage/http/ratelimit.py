"""Rate limits per route, tenant and client IP: the tiers of spec/README.md, counted in Redis.

Each limited route has its own fixed-window counter `rate:{route}:{tenantId}:{ip}` whose limit
comes from the route's tier. A tenant's stored `security.rateLimits` settings replace the matching
tiers. Limits are off unless `rate_limit.enabled` (the prod profile turns them on). When Redis
fails, limited routes answer 503: a limiter that lets everything through during an outage is no
limiter at all.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass

import aiopg
from aiohttp import web
from redis.exceptions import RedisError

from pulsestage import keys
from pulsestage.auth import queries
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.errors import DependencyDown, RateLimited

log = logging.getLogger("pulsestage.ratelimit")


@dataclass(frozen=True, slots=True)
class Limit:
    """At most `max` requests per `window` seconds."""

    max: int
    window: int


TIERS: dict[str, Limit] = {
    "reads": Limit(100, 60),
    "create_question": Limit(10, 60),
    "upvote": Limit(30, 60),
    "update": Limit(20, 60),
    "answer": Limit(20, 60),
    "delete": Limit(10, 60),
    "auth": Limit(5, 300),
    "email": Limit(10, 3600),
    "admin": Limit(50, 900),
    "search": Limit(60, 60),
    "export": Limit(5, 900),
}
# tenant setting security.rateLimits.<key> → (tier, window of the setting)
SETTING_TIERS = {
    "questionsPerHour": ("create_question", 3600),
    "upvotesPerMinute": ("upvote", 60),
    "responsesPerHour": ("answer", 3600),
    "searchPerMinute": ("search", 60),
}
LIMITED_PREFIXES = ("/api/", "/auth/", "/events", "/pulse/")
UNLIMITED = {"/auth/logout", "/api/csrf-token"}
SETTINGS_CACHE_SECONDS = 30.0
_PARAM = re.compile(r"\{[^}]*\}")
_EMAIL_ROUTE = re.compile(r"/(invite|invites|resend|send|test-email|trigger|email|retry)(/|$)")


def rate_tier(tier: str):
    """Decorator for a handler whose tier the path rules would not guess (e.g. one that sends mail)."""
    if tier not in TIERS:
        raise ValueError(f"unknown rate-limit tier {tier!r}")

    def mark(handler):
        handler.__rate_tier__ = tier
        return handler

    return mark


def tier_for(method: str, template: str, declared: str | None = None) -> str | None:
    """The tier of a route (None: not limited)."""
    if not template.startswith(LIMITED_PREFIXES) or template in UNLIMITED or method == "OPTIONS":
        return None
    if declared:
        return declared
    path = _PARAM.sub("{}", template)
    if re.fullmatch(r"/auth/(demo|github|google)(/callback)?", path):
        return "auth"
    if path == "/api/questions" and method == "POST":
        return "create_question"
    if path.endswith("/upvote") and method in ("POST", "DELETE"):
        return "upvote"
    if path.endswith("/search"):
        return "search"
    if "export" in path:
        return "export"
    # reads, and two POSTs that only look: a bulk status lookup, and the pulse answer whose
    # single-use token already stops abuse (a whole office behind one NAT answers at 9:00)
    if method in ("GET", "HEAD") or path.endswith("-status") or path.startswith("/pulse/"):
        return "reads"
    if _EMAIL_ROUTE.search(path):
        return "email"
    if path.startswith("/api/admin/"):
        return "admin"
    if path.startswith("/api/questions/{}/respond"):
        return "answer"
    return "delete" if method == "DELETE" else "update"


def client_ip(request: web.Request, trust_proxy: bool) -> str:
    """The caller's address; behind a trusted proxy, the last X-Forwarded-For hop (the one it added)."""
    if trust_proxy:
        forwarded = request.headers.get("X-Forwarded-For", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]
    return request.remote or "unknown"


def describe(limit: Limit) -> str:
    """'10 requests per minute' in plain words."""
    units = {60: "minute", 3600: "hour", 86400: "day"}
    per = units.get(limit.window) or (f"{limit.window // 60} minutes" if limit.window % 60 == 0
                                      else f"{limit.window} seconds")
    return f"Rate limit exceeded. Maximum {limit.max} requests per {per}."


class RateLimiter:
    """Counts hits in Redis (or in memory when no Redis is configured, for single-process dev)."""

    def __init__(self, enabled: bool, redis, trust_proxy: bool) -> None:
        self.enabled = enabled
        self.trust_proxy = trust_proxy
        self._redis = redis
        self._memory: dict[str, tuple[float, int]] = {}
        self._overrides: dict[str, tuple[float, dict[str, Limit]]] = {}

    async def limits(self, pool: aiopg.Pool, tenant: Tenant | None) -> dict[str, Limit]:
        """The tiers with this tenant's stored overrides applied (cached briefly)."""
        if tenant is None:
            return TIERS
        hit = self._overrides.get(tenant.id)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        async with tenant_tx(pool, tenant.id) as cur:
            stored = await queries.select_settings(cur, tenant.id)
        merged = dict(TIERS)
        for key, value in ((stored.get("security") or {}).get("rateLimits") or {}).items():
            if key in SETTING_TIERS and isinstance(value, int) and not isinstance(value, bool) and value > 0:
                tier, window = SETTING_TIERS[key]
                merged[tier] = Limit(value, window)
        self._overrides[tenant.id] = (time.monotonic() + SETTINGS_CACHE_SECONDS, merged)
        return merged

    async def hit(self, key: str, limit: Limit) -> tuple[int, int]:
        """Count one request; returns (count in this window, seconds until the window resets)."""
        if self._redis is None:
            return self._hit_memory(key, limit)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, limit.window, nx=True)
                pipe.ttl(key)
                count, _, ttl = await pipe.execute()
        except (RedisError, OSError) as exc:
            log.error("rate limiter cannot reach Redis", extra={"reason": type(exc).__name__})
            raise DependencyDown("Rate limiting is unavailable (Redis is down); try again shortly.") from exc
        return int(count), int(ttl) if ttl and ttl > 0 else limit.window

    def _hit_memory(self, key: str, limit: Limit) -> tuple[int, int]:
        now = time.monotonic()
        expires, count = self._memory.get(key, (0.0, 0))
        if expires <= now:
            expires, count = now + limit.window, 0
            if len(self._memory) > 10_000:
                self._memory = {k: v for k, v in self._memory.items() if v[0] > now}
        self._memory[key] = (expires, count + 1)
        return count + 1, max(1, int(expires - now + 0.999))


@web.middleware
async def rate_limit_middleware(request: web.Request, handler):
    """Count the request against its route's tier; 429 with Retry-After when over the limit."""
    limiter: RateLimiter | None = request.app.get(keys.RATE_LIMITER)
    if limiter is None or not limiter.enabled:
        return await handler(request)
    resource = request.match_info.route.resource
    template = resource.canonical if resource is not None else None
    declared = getattr(request.match_info.handler, "__rate_tier__", None)
    tier = tier_for(request.method, template, declared) if template else None
    if tier is None:
        return await handler(request)
    tenant = request.get(keys.TENANT)
    limit = (await limiter.limits(request.app[keys.PG_POOL], tenant))[tier]
    ip = client_ip(request, limiter.trust_proxy)
    key = f"rate:{request.method}:{template}:{tenant.id if tenant else 'no-tenant'}:{ip}"
    count, reset = await limiter.hit(key, limit)
    if count > limit.max:
        raise RateLimited(describe(limit), retry_after=reset)
    return await handler(request)

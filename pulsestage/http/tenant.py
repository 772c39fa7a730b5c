"""Tenant resolution: x-tenant-id header, then a subdomain of PUBLIC_URL's host, then `default`."""

from __future__ import annotations

import functools
import time
from urllib.parse import urlsplit

import aiopg
from aiohttp import web

from pulsestage.auth import queries
from pulsestage.config import Config
from pulsestage.db.tenancy import Tenant, global_tx
from pulsestage.errors import NotFound
from pulsestage.flight import Flights

_CACHE_SECONDS = 10.0
# Paths that work without a tenant: probes, metrics, assets, the SPA shell and first-run setup
# (with the CSRF token its unsafe requests need, so setup works on an installation with no tenant).
TENANT_PREFIXES = ("/api/", "/auth/", "/events", "/pulse/")
TENANT_FREE = ("/api/setup/", "/api/csrf-token", "/auth/modes")


def needs_tenant(path: str) -> bool:
    """Whether this path acts inside a tenant."""
    return path.startswith(TENANT_PREFIXES) and not path.startswith(TENANT_FREE)


def requested_slug(request: web.Request, config: Config) -> str:
    """The slug this request names, by the documented order."""
    if config.tenancy.allow_header:
        value = request.headers.get(config.tenancy.header, "").strip().lower()
        if value:
            return value
    if config.tenancy.subdomains:
        base = (urlsplit(config.server.public_url).hostname or "").lower()
        host = (request.host or "").rsplit(":", 1)[0].lower() if not request.host.startswith("[") else ""
        if base and host.endswith("." + base):
            sub = host[: -len(base) - 1]
            if sub and sub != "www":
                return sub
    return config.auth.default_tenant_slug


class TenantDirectory:
    """Slug → tenant, cached briefly (tenants are created rarely, never renamed by slug)."""

    def __init__(self, pool: aiopg.Pool) -> None:
        self._pool = pool
        self._cache: dict[str, tuple[float, Tenant]] = {}
        self._flights: Flights[Tenant | None] = Flights()
        self._generation = 0  # bumped by forget(): reads started before it are neither joined nor cached

    async def lookup(self, slug: str) -> Tenant | None:
        """The tenant with this slug, or None; requests missing the cache together share one read."""
        hit = self._cache.get(slug)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        generation = self._generation
        return await self._flights.join(slug, functools.partial(self._load, slug, generation),
                                        now=generation, not_before=generation)

    async def _load(self, slug: str, generation: int) -> Tenant | None:
        async with global_tx(self._pool) as cur:
            row = await queries.select_tenant_by_slug(cur, slug)
        if row is None:
            self._cache.pop(slug, None)
            return None
        tenant = Tenant(row["id"], row["slug"], row["name"])
        if generation == self._generation:  # forget() meanwhile: the answer may predate the change
            self._cache[slug] = (time.monotonic() + _CACHE_SECONDS, tenant)
        return tenant

    async def require(self, slug: str) -> Tenant:
        """The tenant with this slug, or 404."""
        tenant = await self.lookup(slug)
        if tenant is None:
            raise NotFound(f"Tenant '{slug}' does not exist.", code="tenant_not_found")
        return tenant

    def forget(self) -> None:
        """Drop the cache (after a tenant is created or renamed); reads in flight no longer count."""
        self._generation += 1
        self._cache.clear()

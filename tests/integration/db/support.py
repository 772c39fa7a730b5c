"""Shared by the database tests: a pool as the application uses it, and the seeded tenants' ids."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiopg

from pulsestage.db.pool import create_pool
from pulsestage.db.tenancy import global_tx


@asynccontextmanager
async def app_pool(dsn: str, maxsize: int = 1) -> AsyncIterator[aiopg.Pool]:
    """A pool of the application role (closed afterwards); one connection shows what a request leaves behind."""
    pool = await create_pool(dsn, 1, maxsize)
    try:
        yield pool
    finally:
        pool.close()
        await pool.wait_closed()


async def tenant_ids(pool: aiopg.Pool) -> dict[str, str]:
    """slug → id of every tenant."""
    async with global_tx(pool) as cur:
        await cur.execute("SELECT slug, id FROM tenant")
        return {r["slug"]: r["id"] for r in await cur.fetchall()}

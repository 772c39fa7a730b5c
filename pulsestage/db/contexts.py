"""Cleanup contexts for the database: embedded server (when needed), migrations, seed, pool."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web

from pulsestage import keys
from pulsestage.db import migrate
from pulsestage.db.pool import create_pool
from pulsestage.http.tenant import TenantDirectory

log = logging.getLogger("pulsestage.db")


async def database_context(app: web.Application) -> AsyncIterator[None]:
    """Start the embedded PostgreSQL if no DATABASE_URL, migrate, seed an empty dev database, pool."""
    config = app[keys.CONFIG]
    embedded = None
    dsn = config.database.url
    if not dsn:
        from pulsestage.db.embedded import EmbeddedPostgres

        embedded = EmbeddedPostgres(Path(config.data_dir))
        dsn = await embedded.start()
        log.info("embedded postgresql started", extra={"dataDir": str(Path(config.data_dir).resolve())})
    app[keys.DSN] = dsn
    try:
        applied = await asyncio.to_thread(migrate.apply, dsn)
        app[keys.READINESS].migrations_done = True
        if applied:
            log.info("migrations applied", extra={"migrations": applied})
        if config.server.auto_seed:
            from pulsestage.seed.load import seed_if_empty

            report = await asyncio.to_thread(seed_if_empty, dsn)
            if report is not None:
                log.info("empty database seeded with the demo data")
        pool = await create_pool(dsn, config.database.pool_min, config.database.pool_max)
        app[keys.PG_POOL] = pool
        app[keys.TENANTS] = TenantDirectory(pool)
        try:
            yield
        finally:
            pool.close()
            await pool.wait_closed()
    finally:
        if embedded is not None:
            await embedded.stop()

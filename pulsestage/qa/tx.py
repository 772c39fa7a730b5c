"""The tenant transaction of every Q&A service call, with the tenant's settings read first."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiopg

from pulsestage.admin.settings_doc import load_settings
from pulsestage.db.tenancy import tenant_tx


@asynccontextmanager
async def settings_tx(pool: aiopg.Pool, tenant_id: str) -> AsyncIterator[tuple[Any, dict[str, Any]]]:
    """`tenant_tx` yielding (cursor, effective tenant settings)."""
    async with tenant_tx(pool, tenant_id) as cur:
        yield cur, await load_settings(cur, tenant_id)

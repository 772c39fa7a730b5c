"""The tenant transaction of every Q&A service call, with the tenant's settings at hand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiopg

from pulsestage.admin.settings_doc import load_settings
from pulsestage.auth.identity import SessionUser
from pulsestage.db.tenancy import tenant_tx


async def settings_for(cur, tenant_id: str, user: SessionUser | None) -> dict[str, Any]:
    """The settings read with the caller earlier in this request, else read them now."""
    if user is not None and user.tenant_settings is not None:
        return user.tenant_settings
    return await load_settings(cur, tenant_id)


@asynccontextmanager
async def settings_tx(pool: aiopg.Pool, tenant_id: str,
                      user: SessionUser | None = None) -> AsyncIterator[tuple[Any, dict[str, Any]]]:
    """`tenant_tx` yielding (cursor, effective tenant settings)."""
    async with tenant_tx(pool, tenant_id) as cur:
        yield cur, await settings_for(cur, tenant_id, user)

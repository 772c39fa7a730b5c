"""The aiopg pool: every pooled connection drops to the RLS-bound application role."""

from __future__ import annotations

import aiopg

APP_ROLE = "pulsestage_app"


async def _as_app_role(conn) -> None:
    # Superusers and table owners could bypass row-level security; the app role cannot.
    async with conn.cursor() as cur:
        await cur.execute(f"SET ROLE {APP_ROLE}")
        await cur.execute("SET TIME ZONE 'UTC'")


async def create_pool(dsn: str, minsize: int, maxsize: int) -> aiopg.Pool:
    """Create a pool whose connections run as the application role, in UTC."""
    return await aiopg.create_pool(
        dsn, minsize=minsize, maxsize=maxsize, timeout=10.0, on_connect=_as_app_role
    )

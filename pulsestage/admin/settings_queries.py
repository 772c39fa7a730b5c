"""SQL for the tenant row and its settings document."""

from __future__ import annotations

from psycopg2.extras import Json

SELECT_TENANT = "SELECT id, name, slug, created_at, updated_at FROM tenant WHERE id = %(tenant_id)s"

RENAME_TENANT = """
UPDATE tenant SET name = %(name)s, updated_at = (now() AT TIME ZONE 'utc') WHERE id = %(tenant_id)s
"""

LOCK_SETTINGS = "SELECT settings FROM tenant_settings WHERE tenant_id = %(tenant_id)s FOR UPDATE"

UPSERT_SETTINGS = """
INSERT INTO tenant_settings (id, tenant_id, settings) VALUES (%(id)s, %(tenant_id)s, %(settings)s)
ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = (now() AT TIME ZONE 'utc')
"""

BUMP_SESSION_VERSION = """
INSERT INTO tenant_settings (id, tenant_id, settings)
VALUES (%(id)s, %(tenant_id)s, jsonb_build_object('sessionVersion', 1))
ON CONFLICT (tenant_id) DO UPDATE SET
    settings = tenant_settings.settings || jsonb_build_object(
        'sessionVersion', coalesce((tenant_settings.settings->>'sessionVersion')::int, 0) + 1),
    updated_at = (now() AT TIME ZONE 'utc')
RETURNING (settings->>'sessionVersion')::int AS session_version
"""


async def select_tenant(cur, tenant_id: str) -> dict | None:
    """The tenant row."""
    await cur.execute(SELECT_TENANT, {"tenant_id": tenant_id})
    return await cur.fetchone()


async def rename_tenant(cur, tenant_id: str, name: str) -> None:
    """Change the organisation's display name (the slug never changes)."""
    await cur.execute(RENAME_TENANT, {"tenant_id": tenant_id, "name": name})


async def lock_settings(cur, tenant_id: str) -> dict:
    """The stored settings document (without defaults), row-locked; {} when none is stored."""
    await cur.execute(LOCK_SETTINGS, {"tenant_id": tenant_id})
    row = await cur.fetchone()
    return row["settings"] if row else {}


async def store_settings(cur, row_id: str, tenant_id: str, document: dict) -> None:
    """Write the whole stored settings document."""
    await cur.execute(UPSERT_SETTINGS, {"id": row_id, "tenant_id": tenant_id, "settings": Json(document)})


async def bump_session_version(cur, row_id: str, tenant_id: str) -> int:
    """Increase the tenant's sessionVersion (every older session ends); returns the new value."""
    await cur.execute(BUMP_SESSION_VERSION, {"id": row_id, "tenant_id": tenant_id})
    return (await cur.fetchone())["session_version"]

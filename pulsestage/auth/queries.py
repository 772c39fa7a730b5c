"""SQL for sign-in and session resolution."""

from __future__ import annotations

from pulsestage.db.prepared import Prepared
from pulsestage.db.tenancy import tenant_read

# the user, their memberships and the tenant's stored settings: one bound read (tenant_read), on
# every signed-in request, so prepared: planning it cost PostgreSQL as much as running it
SELECT_SESSION_USER = Prepared.of("ps_session_user", """
SELECT u.id, u.tenant_id, u.email, u.name, u.sso_id, u.primary_team_id, u.is_active,
       coalesce((SELECT s.settings FROM tenant_settings s WHERE s.tenant_id = u.tenant_id), '{}') AS settings,
       coalesce((SELECT json_object_agg(m.team_id, m.role) FROM team_membership m
                 WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id), '{}') AS memberships
FROM app_user u
WHERE u.tenant_id = %(tenant_id)s AND u.id = %(user_id)s
""")

SELECT_USER_BY_EMAIL = """
SELECT id, is_active FROM app_user WHERE tenant_id = %(tenant_id)s AND lower(email) = lower(%(email)s)
"""

SELECT_SETTINGS = "SELECT settings FROM tenant_settings WHERE tenant_id = %(tenant_id)s"

SELECT_TENANT_BY_SLUG = "SELECT id, slug, name FROM tenant WHERE slug = %(slug)s"


async def select_session_user(pool, tenant_id: str, user_id: str) -> dict | None:
    """The user with memberships and the tenant's stored settings, in one round trip; None if unknown."""
    rows = await tenant_read(pool, tenant_id, SELECT_SESSION_USER, {"tenant_id": tenant_id, "user_id": user_id})
    return rows[0] if rows else None


async def select_user_by_email(cur, tenant_id: str, email: str) -> dict | None:
    """A user of the tenant by e-mail (case-insensitive)."""
    await cur.execute(SELECT_USER_BY_EMAIL, {"tenant_id": tenant_id, "email": email})
    return await cur.fetchone()


async def select_settings(cur, tenant_id: str) -> dict:
    """The stored settings document (without defaults)."""
    await cur.execute(SELECT_SETTINGS, {"tenant_id": tenant_id})
    row = await cur.fetchone()
    return row["settings"] if row else {}


async def select_tenant_by_slug(cur, slug: str) -> dict | None:
    """A tenant by slug."""
    await cur.execute(SELECT_TENANT_BY_SLUG, {"slug": slug})
    return await cur.fetchone()

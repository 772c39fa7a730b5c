"""Demo sign-in: the four demo users, found (or created) in the tenant; never in prod."""

from __future__ import annotations

import uuid

import aiopg

from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.errors import Conflict

DEMO_NAMES = {"alice": "Alice (Demo)", "bob": "Bob (Demo)", "moderator": "Demo Moderator", "admin": "Demo Admin"}
DEMO_ROLES = {"admin": "admin", "moderator": "moderator"}

_FIND = "SELECT id FROM app_user WHERE tenant_id = %(tenant_id)s AND lower(email) = lower(%(email)s)"
_FIRST_TEAM = """
SELECT id FROM team WHERE tenant_id = %(tenant_id)s AND is_active ORDER BY created_at, slug LIMIT 1
"""
_INSERT_USER = """
INSERT INTO app_user (id, tenant_id, email, name, sso_id, primary_team_id)
VALUES (%(id)s, %(tenant_id)s, %(email)s, %(name)s, %(sso_id)s, %(team_id)s)
"""
_INSERT_MEMBERSHIP = """
INSERT INTO team_membership (id, tenant_id, user_id, team_id, role)
VALUES (%(mid)s, %(tenant_id)s, %(id)s, %(team_id)s, %(role)s)
"""
_INSERT_PREFS = """
INSERT INTO user_preferences (id, tenant_id, user_id, email_notifications)
VALUES (%(pid)s, %(tenant_id)s, %(id)s, false)
"""


def demo_email(username: str) -> str:
    """`{username}@pulsestage.app`."""
    return f"{username}@pulsestage.app"


async def find_or_create(pool: aiopg.Pool, tenant: Tenant, username: str) -> tuple[str, bool]:
    """The demo user's id in this tenant (created on first use); returns (id, created)."""
    email = demo_email(username)
    async with tenant_tx(pool, tenant.id) as cur:
        await cur.execute(_FIND, {"tenant_id": tenant.id, "email": email})
        row = await cur.fetchone()
        if row:
            return row["id"], False
        await cur.execute(_FIRST_TEAM, {"tenant_id": tenant.id})
        team = await cur.fetchone()
        if team is None:
            raise Conflict("This organisation has no team yet; finish setup first.", code="no_team")
        params = {
            "id": str(uuid.uuid4()), "mid": str(uuid.uuid4()), "pid": str(uuid.uuid4()),
            "tenant_id": tenant.id, "email": email, "name": DEMO_NAMES.get(username, f"{username} (Demo)"),
            "sso_id": username, "team_id": team["id"], "role": DEMO_ROLES.get(username, "member"),
        }
        await cur.execute(_INSERT_USER, params)
        await cur.execute(_INSERT_MEMBERSHIP, params)
        await cur.execute(_INSERT_PREFS, params)
        return params["id"], True

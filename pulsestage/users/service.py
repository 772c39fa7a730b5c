"""Profile decisions for the signed-in user."""

from __future__ import annotations

from typing import Any

import aiopg

from pulsestage.auth.identity import SessionUser
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.errors import NotFound
from pulsestage.http.responses import camel_row
from pulsestage.users import queries
from pulsestage.users.serialize import preferences_json, team_json


async def profile(pool: aiopg.Pool, tenant: Tenant, user: SessionUser) -> dict[str, Any]:
    """`/api/users/me`: who I am, my role per team, my primary team and preferences."""
    async with tenant_tx(pool, tenant.id) as cur:
        row = await queries.select_me(cur, tenant.id, user.id)
    if row is None:
        raise NotFound("User not found")
    body = camel_row(row, drop=("primary_team", "memberships", "preferences", "is_active"))
    body.update({
        "isActive": row["is_active"],
        "tenantSlug": tenant.slug,
        "tenantName": tenant.name,
        "role": user.role,
        "primaryTeam": team_json(row["primary_team"]),
        "teams": row["memberships"],
        "preferences": preferences_json(row["preferences"]),
    })
    return body

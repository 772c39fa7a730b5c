"""User administration decisions: the searchable list, deactivation, roles and team memberships."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiopg

from pulsestage.admin import audit
from pulsestage.admin.audit import Actor, Entry
from pulsestage.auth.identity import SessionUser
from pulsestage.db.tenancy import tenant_tx
from pulsestage.errors import Forbidden, NotFound
from pulsestage.http.responses import camel_row
from pulsestage.teams import members_service
from pulsestage.teams.serialize import iso_text
from pulsestage.users import admin_queries as queries


@dataclass(frozen=True, slots=True)
class UserFilters:
    """Search and filters of the admin user list."""

    search: str | None = None
    team_id: str | None = None
    role: str | None = None
    active: bool | None = None
    limit: int = 200
    offset: int = 0


def _like(search: str | None) -> str | None:
    if not search:
        return None
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _admin_user_json(row: dict[str, Any]) -> dict[str, Any]:
    out = camel_row(row, drop=("memberships", "upvotes", "total"))
    out["memberships"] = [{**m, "createdAt": iso_text(m["createdAt"])} for m in row["memberships"]]
    # No per-user question count: it would hint at who wrote which anonymous question.
    out["_count"] = {"upvotes": row["upvotes"]}
    return out


async def list_users(pool: aiopg.Pool, tenant_id: str, f: UserFilters) -> dict[str, Any]:
    """`{"users", "total", "limit", "offset"}`, newest first."""
    async with tenant_tx(pool, tenant_id) as cur:
        rows = await queries.select_users(cur, {
            "tenant_id": tenant_id, "pattern": _like(f.search), "active": f.active, "team_id": f.team_id,
            "role": f.role, "limit": f.limit, "offset": f.offset})
    total = rows[0]["total"] if rows else 0
    return {"users": [_admin_user_json(r) for r in rows], "total": total, "limit": f.limit, "offset": f.offset}


async def set_active(pool: aiopg.Pool, tenant_id: str, caller: SessionUser, actor: Actor, user_id: str,
                     active: bool) -> dict[str, Any]:
    """(De)activate a user; a deactivated user's sessions end on their next request."""
    async with tenant_tx(pool, tenant_id) as cur:
        target = await queries.lock_user(cur, tenant_id, user_id)
        if target is None:
            raise NotFound("User not found", code="user_not_found")
        if user_id == caller.id:
            raise Forbidden("You cannot deactivate or reactivate yourself", code="own_account")
        if target["is_owner"] and not caller.can("owner.grant"):
            raise Forbidden("Only an owner can deactivate or reactivate an owner", code="owner_required")
        row = await queries.set_active(cur, tenant_id, user_id, active)
        if target["is_active"] != active:
            await audit.record(cur, tenant_id, actor, Entry(
                "user.activate" if active else "user.deactivate", "user", user_id,
                before={"email": target["email"], "isActive": target["is_active"]},
                after={"email": target["email"], "isActive": active}))
    return {"success": True, "user": camel_row(row)}


async def set_role(pool: aiopg.Pool, tenant_id: str, caller: SessionUser, actor: Actor, user_id: str,
                   team_id: str, role: str) -> dict[str, Any]:
    """Give a user a role in a team (creating the membership if needed)."""
    membership = await members_service.set_membership(pool, tenant_id, caller, actor, team_id, user_id, role,
                                                      mode="upsert", action="user.role_update")
    return {"success": True, "membership": membership}


async def add_to_team(pool: aiopg.Pool, tenant_id: str, caller: SessionUser, actor: Actor, user_id: str,
                      team_id: str, role: str) -> dict[str, Any]:
    """Add a user to a team (or change the role if already a member)."""
    membership = await members_service.set_membership(pool, tenant_id, caller, actor, team_id, user_id, role,
                                                      mode="upsert", action="user.team_add")
    return {"success": True, "membership": membership}


async def remove_from_team(pool: aiopg.Pool, tenant_id: str, caller: SessionUser, actor: Actor, user_id: str,
                           team_id: str) -> dict[str, Any]:
    """Take a user out of a team (never their home team)."""
    await members_service.remove_membership(pool, tenant_id, caller, actor, team_id, user_id,
                                            action="user.team_remove")
    return {"success": True}

"""Membership decisions: who may give which role to whom, and the audit row of each change.

Rules (spec/README "Roles"): only admins and owners manage memberships; granting or removing
`owner` needs an owner; nobody changes their own role. Because removing an owner always needs
another owner, a tenant that has an owner keeps one.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

import aiopg

from pulsestage.admin import audit
from pulsestage.admin.audit import Actor, Entry
from pulsestage.auth.identity import SessionUser
from pulsestage.db.tenancy import tenant_tx
from pulsestage.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from pulsestage.teams import member_queries as queries
from pulsestage.teams.serialize import member_json, membership_json
from pulsestage.teams.service import find_team

Mode = Literal["add", "update", "upsert"]


def check_change(caller: SessionUser, user_id: str, old_role: str | None, new_role: str | None) -> None:
    """Refuse changes to one's own role, and owner grants or removals by non-owners."""
    if user_id == caller.id:
        raise Forbidden("You cannot change your own role or memberships", code="own_role")
    if "owner" in (old_role, new_role) and not caller.can("owner.grant"):
        raise Forbidden("Only an owner can grant or remove the owner role", code="owner_required")


async def find_user(cur, tenant_id: str, user_id: str) -> dict:
    """A user of the tenant (brief columns), or 404."""
    user = await queries.select_user(cur, tenant_id, user_id)
    if user is None:
        raise NotFound("User not found", code="user_not_found")
    return user


async def list_members(pool: aiopg.Pool, tenant_id: str, team_id: str) -> dict[str, Any]:
    """`{"members": [...]}` of a team, highest role first."""
    async with tenant_tx(pool, tenant_id) as cur:
        await find_team(cur, tenant_id, team_id)
        rows = await queries.select_members(cur, tenant_id, team_id)
    return {"members": [member_json(r) for r in rows]}


async def set_membership(pool: aiopg.Pool, tenant_id: str, caller: SessionUser, actor: Actor, team_id: str,
                         user_id: str, role: str, *, mode: Mode, action: str) -> dict[str, Any]:
    """Add a membership, change its role, or either (upsert); audited as `action`."""
    async with tenant_tx(pool, tenant_id) as cur:
        team = await find_team(cur, tenant_id, team_id)
        user = await find_user(cur, tenant_id, user_id)
        current = await queries.lock_membership(cur, tenant_id, team_id, user_id)
        if current is not None and mode == "add":
            raise Conflict("User is already a member of this team; use PUT to change the role",
                           code="already_member")
        if current is None and mode == "update":
            raise NotFound("User is not a member of this team", code="membership_not_found")
        old_role = current["role"] if current else None
        check_change(caller, user_id, old_role, role)
        if current is None:
            row = await queries.insert_membership(cur, {"id": str(uuid.uuid4()), "tenant_id": tenant_id,
                                                        "user_id": user_id, "team_id": team_id, "role": role})
        elif old_role != role:
            row = await queries.update_role(cur, tenant_id, team_id, user_id, role)
        else:
            return membership_json(current, user, team)  # nothing changes, nothing to record
        await audit.record(cur, tenant_id, actor, Entry(
            action, "team" if action.startswith("team.") else "user",
            team_id if action.startswith("team.") else user_id,
            before={"teamId": team_id, "role": old_role} if old_role else None,
            after={"teamId": team_id, "teamName": team["name"], "role": role},
            metadata={"userId": user_id, "userEmail": user["email"], "teamName": team["name"],
                      "oldRole": old_role, "newRole": role}))
    return membership_json(row, user, team)


async def remove_membership(pool: aiopg.Pool, tenant_id: str, caller: SessionUser, actor: Actor,
                            team_id: str, user_id: str, *, action: str) -> None:
    """Remove a membership (never the user's home team); audited as `action`."""
    async with tenant_tx(pool, tenant_id) as cur:
        team = await find_team(cur, tenant_id, team_id)
        user = await find_user(cur, tenant_id, user_id)
        current = await queries.lock_membership(cur, tenant_id, team_id, user_id)
        if current is None:
            raise NotFound("User is not a member of this team", code="membership_not_found")
        check_change(caller, user_id, current["role"], None)
        if user["primary_team_id"] == team_id:
            raise Invalid(FieldError("teamId", "home_team",
                                     "Cannot remove a user from their home team; change the home team first"))
        await queries.delete_membership(cur, tenant_id, team_id, user_id)
        await audit.record(cur, tenant_id, actor, Entry(
            action, "team" if action.startswith("team.") else "user",
            team_id if action.startswith("team.") else user_id,
            before={"teamId": team_id, "teamName": team["name"], "role": current["role"]},
            metadata={"userId": user_id, "userEmail": user["email"], "teamName": team["name"],
                      "role": current["role"]}))

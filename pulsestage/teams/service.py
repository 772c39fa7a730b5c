"""Team decisions: list, look up, create, edit, deactivate and reactivate (never delete)."""

from __future__ import annotations

import uuid
from typing import Any

import aiopg
import psycopg2.errors

from pulsestage.admin import audit
from pulsestage.admin.audit import Actor, Entry
from pulsestage.db.tenancy import tenant_tx
from pulsestage.errors import Conflict, NotFound
from pulsestage.teams import queries
from pulsestage.teams.serialize import team_c_json


async def find_team(cur, tenant_id: str, team_id: str) -> dict:
    """A team of the tenant by id inside the caller's transaction, or 404."""
    row = await queries.select_team(cur, tenant_id, team_id)
    if row is None:
        raise NotFound("Team not found", code="team_not_found")
    return row


async def list_teams(pool: aiopg.Pool, tenant_id: str, include_inactive: bool) -> list[dict[str, Any]]:
    """The tenant's teams (active only unless asked), with real counts."""
    async with tenant_tx(pool, tenant_id) as cur:
        rows = await queries.select_teams(cur, tenant_id, include_inactive)
    return [team_c_json(r) for r in rows]


async def by_slug(pool: aiopg.Pool, tenant_id: str, slug: str, include_inactive: bool) -> dict[str, Any]:
    """One team by slug; an inactive team is hidden unless asked for."""
    async with tenant_tx(pool, tenant_id) as cur:
        row = await queries.select_team_by_slug(cur, tenant_id, slug)
    if row is None or not (row["is_active"] or include_inactive):
        raise NotFound("Team not found", code="team_not_found")
    return team_c_json(row)


async def create(pool: aiopg.Pool, tenant_id: str, actor: Actor, name: str, slug: str,
                 description: str | None) -> dict[str, Any]:
    """Create a team; the slug is unique in the tenant."""
    team_id = str(uuid.uuid4())
    try:
        async with tenant_tx(pool, tenant_id) as cur:
            if await queries.slug_taken(cur, tenant_id, slug):
                raise Conflict("Team with this slug already exists", code="team_slug_taken")
            await queries.insert_team(cur, {"id": team_id, "tenant_id": tenant_id, "name": name,
                                            "slug": slug, "description": description})
            await audit.record(cur, tenant_id, actor, Entry(
                "team.create", "Team", team_id, after={"id": team_id, "name": name, "slug": slug},
                metadata={"description": description}))
            row = await find_team(cur, tenant_id, team_id)
    except psycopg2.errors.UniqueViolation as exc:  # a concurrent create won the race
        raise Conflict("Team with this slug already exists", code="team_slug_taken") from exc
    return team_c_json(row)


async def edit(pool: aiopg.Pool, tenant_id: str, actor: Actor, team_id: str,
               changes: dict[str, Any]) -> dict[str, Any]:
    """Change a team's name, description or active flag (only the fields given)."""
    async with tenant_tx(pool, tenant_id) as cur:
        before = await queries.lock_team(cur, tenant_id, team_id)
        if before is None:
            raise NotFound("Team not found", code="team_not_found")
        after = {**before, **changes}
        fields = ("id", "name", "slug", "description", "is_active")
        if any(after[k] != before[k] for k in fields):
            await queries.update_team(cur, {"tenant_id": tenant_id, "team_id": team_id, "name": after["name"],
                                            "description": after["description"],
                                            "is_active": after["is_active"]})
            await audit.record(cur, tenant_id, actor, Entry(
                "team.update", "Team", team_id, before=_audit_view(before), after=_audit_view(after),
                metadata={"teamName": after["name"]}))
        row = await find_team(cur, tenant_id, team_id)
    return team_c_json(row)


async def set_active(pool: aiopg.Pool, tenant_id: str, actor: Actor, team_id: str, active: bool) -> dict:
    """Deactivate (soft delete) or reactivate a team; a no-op changes and records nothing."""
    async with tenant_tx(pool, tenant_id) as cur:
        before = await queries.lock_team(cur, tenant_id, team_id)
        if before is None:
            raise NotFound("Team not found", code="team_not_found")
        if before["is_active"] != active:
            await queries.update_team(cur, {"tenant_id": tenant_id, "team_id": team_id, "name": before["name"],
                                            "description": before["description"], "is_active": active})
            await audit.record(cur, tenant_id, actor, Entry(
                "team.reactivate" if active else "team.deactivate", "Team", team_id,
                before={"id": team_id, "name": before["name"], "slug": before["slug"],
                        "isActive": before["is_active"]},
                after={"id": team_id, "isActive": active}, metadata={"teamName": before["name"]}))
        row = await find_team(cur, tenant_id, team_id)
    return team_c_json(row)


def _audit_view(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "slug": row["slug"], "description": row["description"],
            "isActive": row["is_active"]}

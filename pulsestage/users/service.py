"""Decisions about the signed-in user: profile, teams, favourites, home team, preferences."""

from __future__ import annotations

import uuid
from typing import Any

import aiopg
from psycopg2.extras import Json

from pulsestage.admin import audit
from pulsestage.admin.audit import Actor, Entry
from pulsestage.admin.settings_doc import load_settings
from pulsestage.admin.settings_rules import SELF_JOIN_ROLES
from pulsestage.auth.identity import SessionUser
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.errors import FieldError, Invalid, NotFound
from pulsestage.http.responses import camel_row
from pulsestage.teams import member_queries
from pulsestage.users import queries
from pulsestage.users.serialize import PREF_DEFAULTS, my_team_json, preferences_json, team_json


async def profile(pool: aiopg.Pool, tenant: Tenant, user: SessionUser) -> dict[str, Any]:
    """`/api/users/me`: who I am, my role per team, my primary team and preferences."""
    async with tenant_tx(pool, tenant.id) as cur:
        row = await queries.select_me(cur, tenant.id, user.id)
        prefs = await queries.select_prefs(cur, tenant.id, user.id)
    if row is None:
        raise NotFound("User not found")
    body = camel_row(row, drop=("primary_team", "memberships", "is_active"))
    body.update({
        "tenantSlug": tenant.slug, "tenantName": tenant.name, "isActive": row["is_active"],
        "role": user.role, "primaryTeam": team_json(row["primary_team"]), "teams": row["memberships"],
        "preferences": preferences_json(prefs, tenant.id, user.id),
    })
    return body


async def my_teams(pool: aiopg.Pool, tenant_id: str, user_id: str) -> dict[str, Any]:
    """My active teams with my role, favourites and default team."""
    async with tenant_tx(pool, tenant_id) as cur:
        rows = await queries.select_my_teams(cur, tenant_id, user_id)
        prefs = preferences_json(await queries.select_prefs(cur, tenant_id, user_id), tenant_id, user_id)
    teams = [my_team_json(r, prefs) for r in rows]
    default = next((t for t in teams if t["isDefault"]), None)
    return {"teams": teams, "favorites": prefs["favoriteTeams"], "defaultTeam": default}


async def available_teams(pool: aiopg.Pool, tenant_id: str) -> dict[str, Any]:
    """Every team of the organisation (inactive included) for pickers, by slug."""
    async with tenant_tx(pool, tenant_id) as cur:
        rows = await queries.select_all_teams(cur, tenant_id)
    return {"teams": [team_json(r) for r in rows]}


async def upvote_count(pool: aiopg.Pool, tenant_id: str, user_id: str) -> dict[str, int]:
    """How many questions I have upvoted."""
    async with tenant_tx(pool, tenant_id) as cur:
        return {"count": await queries.count_upvotes(cur, tenant_id, user_id)}


async def update_preferences(pool: aiopg.Pool, tenant_id: str, actor: Actor,
                             changes: dict[str, Any]) -> dict[str, Any]:
    """Change some of my preferences (teams named must exist in my organisation)."""
    user_id = _uid(actor)
    async with tenant_tx(pool, tenant_id) as cur:
        await _check_teams(cur, tenant_id, changes)
        before = await queries.select_prefs(cur, tenant_id, user_id, lock=True)
        row = await _write_prefs(cur, tenant_id, user_id, before, changes)
        await audit.record(cur, tenant_id, actor, Entry(
            "user.preferences.update", "user", user_id,
            before={k: (before or PREF_DEFAULTS).get(k) for k in changes}, after=changes))
        default = await queries.select_team(cur, tenant_id, row["default_team_id"]) if row["default_team_id"] else None
    return {**preferences_json(row, tenant_id, user_id), "defaultTeam": team_json(default)}


async def toggle_favorite(pool: aiopg.Pool, tenant_id: str, actor: Actor, team_id: str) -> dict[str, Any]:
    """Add the team to my favourites, or take it out; returns the new state (stored)."""
    user_id = _uid(actor)
    async with tenant_tx(pool, tenant_id) as cur:
        if await queries.select_team(cur, tenant_id, team_id) is None:
            raise NotFound("Team not found", code="team_not_found")
        before = await queries.select_prefs(cur, tenant_id, user_id, lock=True)
        favorites: list[str] = list((before or PREF_DEFAULTS)["favorite_teams"])
        is_favorite = team_id not in favorites
        favorites = [*favorites, team_id] if is_favorite else [t for t in favorites if t != team_id]
        await _write_prefs(cur, tenant_id, user_id, before, {"favorite_teams": favorites})
        await audit.record(cur, tenant_id, actor, Entry(
            "user.favorite.add" if is_favorite else "user.favorite.remove", "user", user_id,
            metadata={"teamId": team_id}))
    return {"isFavorite": is_favorite, "favorites": favorites}


async def set_primary_team(pool: aiopg.Pool, tenant_id: str, actor: Actor, team_id: str) -> dict[str, Any]:
    """Make an active team my home team, joining it with the default role if I am not a member."""
    user_id = _uid(actor)
    async with tenant_tx(pool, tenant_id) as cur:
        team = await queries.select_team(cur, tenant_id, team_id)
        if team is None or not team["is_active"]:
            raise NotFound("Team not found", code="team_not_found")
        me = await queries.select_me(cur, tenant_id, user_id)
        if me is None:
            raise NotFound("User not found")
        if await member_queries.lock_membership(cur, tenant_id, team_id, user_id) is None:
            role = (await load_settings(cur, tenant_id))["users"]["defaultRole"]
            role = role if role in SELF_JOIN_ROLES else "member"  # never self-promotion via settings
            await member_queries.insert_membership(cur, {"id": str(uuid.uuid4()), "tenant_id": tenant_id,
                                                         "user_id": user_id, "team_id": team_id, "role": role})
        if me["primary_team_id"] != team_id:
            await queries.set_primary_team(cur, tenant_id, user_id, team_id)
            await audit.record(cur, tenant_id, actor, Entry(
                "user.primary_team.update", "user", user_id, before={"primaryTeamId": me["primary_team_id"]},
                after={"primaryTeamId": team_id}, metadata={"teamName": team["name"]}))
    return {"success": True, "user": {"id": user_id, "email": me["email"], "name": me["name"],
                                      "primaryTeamId": team_id, "primaryTeam": team_json(team)}}


def _uid(actor: Actor) -> str:
    if actor.user_id is None:
        raise ValueError("a change to 'my' data needs a signed-in actor")
    return actor.user_id


async def _check_teams(cur, tenant_id: str, changes: dict[str, Any]) -> None:
    named = list(changes.get("favorite_teams") or [])
    if changes.get("default_team_id"):
        named.append(changes["default_team_id"])
    known = await queries.select_existing_team_ids(cur, tenant_id, named) if named else set()
    errors = []
    if any(t not in known for t in changes.get("favorite_teams") or []):
        errors.append(FieldError("favoriteTeams", "unknown_team", "favoriteTeams names a team that does not exist"))
    if changes.get("default_team_id") and changes["default_team_id"] not in known:
        errors.append(FieldError("defaultTeamId", "unknown_team", "defaultTeamId is not a team of your organisation"))
    if errors:
        raise Invalid(errors)


async def _write_prefs(cur, tenant_id: str, user_id: str, before: dict | None, changes: dict) -> dict:
    merged = {**PREF_DEFAULTS, **(before or {}), **changes}
    return await queries.upsert_prefs(cur, {
        "id": (before or {}).get("id") or str(uuid.uuid4()), "tenant_id": tenant_id, "user_id": user_id,
        "favorite_teams": Json(list(dict.fromkeys(merged["favorite_teams"]))),
        "default_team_id": merged["default_team_id"], "email_notifications": merged["email_notifications"],
        "pulse_emails": merged["pulse_emails"], "color_mode": merged["color_mode"]})



async def my_questions(pool: aiopg.Pool, tenant: Tenant, user: SessionUser) -> list[dict[str, Any]]:
    """My own questions, newest first: under review and rejected (with the reason) included."""
    from pulsestage.qa.questions_service import questions_by_author  # the Q&A area owns questions

    return await questions_by_author(pool, tenant, user, include_rejected=True)

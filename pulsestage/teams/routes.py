"""HTTP routes for teams and their members."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from pulsestage import keys
from pulsestage.admin.audit import Actor
from pulsestage.auth.guards import require_user
from pulsestage.auth.permissions import ROLES
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_created, json_ok
from pulsestage.http.routing import add_routes
from pulsestage.http.validation import Checker, json_body
from pulsestage.teams import members_service, schemas, service

SLUG_PATTERN = r"[a-z0-9-]+"


def _actor(request: web.Request, user) -> Actor:
    return Actor(user.id, request.remote, request.headers.get("User-Agent"))


def _ctx(request: web.Request):
    return request.app[keys.PG_POOL], request[keys.TENANT].id


@doc(summary="Teams of my organisation (admins: ?includeInactive=true)", response=schemas.TEAM_LIST,
     query={"includeInactive": {"type": "boolean"}})
async def list_teams(request: web.Request) -> web.Response:
    """Active teams by name, with open-question and member counts."""
    user = await require_user(request)
    include = request.query.get("includeInactive", "").lower() == "true" and user.is_admin
    pool, tenant_id = _ctx(request)
    return json_ok(await service.list_teams(pool, tenant_id, include))


@doc(summary="One team by slug", response=schemas.TEAM_C)
async def get_team(request: web.Request) -> web.Response:
    """A team by slug (inactive teams only for admins)."""
    user = await require_user(request)
    pool, tenant_id = _ctx(request)
    return json_ok(await service.by_slug(pool, tenant_id, request.match_info["slug"], user.is_admin))


@doc(summary="Create a team", body=schemas.TEAM_CREATE, response=schemas.TEAM_C, status=201)
async def create_team(request: web.Request) -> web.Response:
    """Create a team (slug unique in the organisation)."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    name = check.string("name", min_len=1, max_len=100)
    slug = check.string("slug", min_len=1, max_len=50, pattern=SLUG_PATTERN)
    description = check.string("description", required=False, max_len=500) or None
    check.done()
    pool, tenant_id = _ctx(request)
    return json_created(await service.create(pool, tenant_id, _actor(request, user), name, slug, description))


@doc(summary="Edit a team", body=schemas.TEAM_EDIT, response=schemas.TEAM_C)
async def edit_team(request: web.Request) -> web.Response:
    """Change a team's name, description or active flag."""
    user = await require_user(request)
    data = await json_body(request)
    check = Checker(data)
    changes: dict[str, Any] = {}
    if "name" in data:
        changes["name"] = check.string("name", min_len=1, max_len=100)
    if "description" in data:
        changes["description"] = check.string("description", required=False, max_len=500) or None
    if "isActive" in data:
        changes["is_active"] = check.boolean("isActive", required=True)
    check.done()
    pool, tenant_id = _ctx(request)
    return json_ok(await service.edit(pool, tenant_id, _actor(request, user), request.match_info["id"], changes))


@doc(summary="Deactivate a team (teams are never deleted)")
async def deactivate_team(request: web.Request) -> web.Response:
    """Soft-delete: the team disappears from lists but keeps its questions and history."""
    user = await require_user(request)
    pool, tenant_id = _ctx(request)
    team = await service.set_active(pool, tenant_id, _actor(request, user), request.match_info["id"], False)
    return json_ok({"success": True, "message": "Team deactivated successfully", "team": team})


@doc(summary="Reactivate a team", response=schemas.TEAM_C)
async def reactivate_team(request: web.Request) -> web.Response:
    """Bring a deactivated team back."""
    user = await require_user(request)
    pool, tenant_id = _ctx(request)
    return json_ok(await service.set_active(pool, tenant_id, _actor(request, user), request.match_info["id"], True))


@doc(summary="Members of a team", response=schemas.MEMBER_LIST)
async def list_members(request: web.Request) -> web.Response:
    """A team's members, highest role first."""
    pool, tenant_id = _ctx(request)
    return json_ok(await members_service.list_members(pool, tenant_id, request.match_info["teamId"]))


@doc(summary="Add a member to a team", body=schemas.MEMBER_ADD, response=schemas.MEMBERSHIP_RESULT, status=201)
async def add_member(request: web.Request) -> web.Response:
    """Add a user to a team with a role (owner needs an owner)."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    user_id = check.string("userId", min_len=1, max_len=64)
    role = check.choice("role", ROLES, required=False, default="member")
    check.done()
    pool, tenant_id = _ctx(request)
    membership = await members_service.set_membership(
        pool, tenant_id, user, _actor(request, user), request.match_info["teamId"], user_id, role,
        mode="add", action="team.member.add")
    return json_created({"success": True, "membership": membership, "message": "User added to team successfully"})


@doc(summary="Change a member's role in a team", body=schemas.ROLE_BODY, response=schemas.MEMBERSHIP_RESULT)
async def change_member(request: web.Request) -> web.Response:
    """Change the role of an existing member."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    role = check.choice("role", ROLES)
    check.done()
    pool, tenant_id = _ctx(request)
    membership = await members_service.set_membership(
        pool, tenant_id, user, _actor(request, user), request.match_info["teamId"], request.match_info["userId"],
        role, mode="update", action="team.member.update")
    return json_ok({"success": True, "membership": membership, "message": "User role updated successfully"})


@doc(summary="Remove a member from a team")
async def remove_member(request: web.Request) -> web.Response:
    """Remove a user from a team (not from their home team)."""
    user = await require_user(request)
    pool, tenant_id = _ctx(request)
    await members_service.remove_membership(
        pool, tenant_id, user, _actor(request, user), request.match_info["teamId"], request.match_info["userId"],
        action="team.member.remove")
    return json_ok({"success": True, "message": "User removed from team successfully"})


def setup_routes(app: web.Application) -> None:
    """Register team routes: reading for everyone signed in, changes for admins."""
    add_routes(app, "participant", [
        ("GET", "/api/teams", list_teams),
        ("GET", "/api/teams/{slug}", get_team),
    ])
    add_routes(app, "admin", [
        ("POST", "/api/teams", create_team),
        ("PUT", "/api/teams/{id}", edit_team),
        ("DELETE", "/api/teams/{id}", deactivate_team),
        ("POST", "/api/teams/{id}/reactivate", reactivate_team),
        ("GET", "/api/teams/{teamId}/members", list_members),
        ("POST", "/api/teams/{teamId}/members", add_member),
        ("PUT", "/api/teams/{teamId}/members/{userId}", change_member),
        ("DELETE", "/api/teams/{teamId}/members/{userId}", remove_member),
    ])

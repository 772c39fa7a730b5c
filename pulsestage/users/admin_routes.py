"""HTTP routes for user administration (admins and owners only)."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.admin.audit import Actor
from pulsestage.auth.guards import require_user
from pulsestage.auth.permissions import ROLES
from pulsestage.errors import FieldError, Invalid
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_ok
from pulsestage.http.routing import add_routes
from pulsestage.http.validation import Checker, json_body, query_int
from pulsestage.users import admin_service, import_service, schemas
from pulsestage.users.admin_service import UserFilters

_STATUS = {"active": True, "inactive": False, "all": None, "": None}


def _actor(request: web.Request, user) -> Actor:
    return Actor(user.id, request.remote, request.headers.get("User-Agent"))


def _ctx(request: web.Request):
    return request.app[keys.PG_POOL], request[keys.TENANT].id


@doc(summary="Users of the organisation (search, filters, pages)", response=schemas.ADMIN_USERS, query={
    "search": {"type": "string"}, "teamId": {"type": "string"}, "role": {"type": "string"},
    "status": {"type": "string", "enum": ["active", "inactive", "all"]},
    "limit": {"type": "integer"}, "offset": {"type": "integer"}})
async def list_users(request: web.Request) -> web.Response:
    """Newest first, with memberships."""
    q = request.query
    problems = []
    if q.get("role") and q["role"] not in ROLES:
        problems.append(FieldError("role", "enum", f"role must be one of: {', '.join(ROLES)}"))
    if q.get("status", "").lower() not in _STATUS:
        problems.append(FieldError("status", "enum", "status must be one of: active, inactive, all"))
    if problems:
        raise Invalid(problems)
    filters = UserFilters(
        search=(q.get("search") or "").strip()[:200] or None, team_id=q.get("teamId") or None,
        role=q.get("role") or None, active=_STATUS[q.get("status", "").lower()],
        limit=query_int(request, "limit", 200, 1, 1000), offset=query_int(request, "offset", 0, 0, 10_000_000))
    pool, tenant_id = _ctx(request)
    return json_ok(await admin_service.list_users(pool, tenant_id, filters))


async def _set_active(request: web.Request, active: bool) -> web.Response:
    user = await require_user(request)
    pool, tenant_id = _ctx(request)
    return json_ok(await admin_service.set_active(pool, tenant_id, user, _actor(request, user),
                                                  request.match_info["id"], active))


@doc(summary="Deactivate a user (their sessions end at once)")
async def deactivate(request: web.Request) -> web.Response:
    """Deactivate: the user cannot sign in and every session of theirs stops working."""
    return await _set_active(request, False)


@doc(summary="Reactivate a user")
async def activate(request: web.Request) -> web.Response:
    """Reactivate a deactivated user."""
    return await _set_active(request, True)


@doc(summary="Set a user's role in a team", body=schemas.ROLE_IN_TEAM)
async def set_role(request: web.Request) -> web.Response:
    """Upsert the membership with the role (owner needs an owner; never your own)."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    team_id = check.string("teamId", min_len=1, max_len=64)
    role = check.choice("role", ROLES)
    check.done()
    pool, tenant_id = _ctx(request)
    return json_ok(await admin_service.set_role(pool, tenant_id, user, _actor(request, user),
                                                request.match_info["id"], team_id, role))


@doc(summary="Add a user to a team", body=schemas.OPTIONAL_ROLE)
async def add_to_team(request: web.Request) -> web.Response:
    """Add the user to the team with a role (default member)."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    role = check.choice("role", ROLES, required=False, default="member")
    check.done()
    pool, tenant_id = _ctx(request)
    return json_ok(await admin_service.add_to_team(pool, tenant_id, user, _actor(request, user),
                                                   request.match_info["id"], request.match_info["teamId"], role))


@doc(summary="Remove a user from a team (not their home team)")
async def remove_from_team(request: web.Request) -> web.Response:
    """Delete the membership."""
    user = await require_user(request)
    pool, tenant_id = _ctx(request)
    return json_ok(await admin_service.remove_from_team(pool, tenant_id, user, _actor(request, user),
                                                        request.match_info["id"], request.match_info["teamId"]))


@doc(summary="Import users from CSV: ?mode=preview (default) or ?mode=commit", body=schemas.IMPORT_BODY,
     query={"mode": {"type": "string", "enum": ["preview", "commit"]}})
async def import_users(request: web.Request) -> web.Response:
    """Preview lists every bad row (line, field, reason); commit writes all rows or none."""
    user = await require_user(request)
    text, dry_run = await _import_input(request)
    pool, tenant_id = _ctx(request)
    if dry_run:
        return json_ok(await import_service.preview(pool, tenant_id, user, text))
    result = await import_service.commit(pool, tenant_id, user, _actor(request, user), text)
    mailer = request.app[keys.MAILER] if keys.MAILER in request.app else None
    result["welcomeEmails"] = await import_service.welcome(mailer, tenant_id, result)
    return json_ok(result)


async def _import_input(request: web.Request) -> tuple[str, bool]:
    """The CSV text (raw text/csv body, or JSON `csvData`) and whether this is a preview."""
    mode = request.query.get("mode")
    if mode not in (None, "preview", "commit"):
        raise Invalid(FieldError("mode", "enum", "mode must be preview or commit"))
    if request.content_type in ("text/csv", "text/plain"):
        return await request.text(), mode != "commit"
    check = Checker(await json_body(request))
    text = check.string("csvData", min_len=1, strip=False)
    dry_run = check.boolean("dryRun", default=True)
    check.done()
    return text, (mode == "preview") if mode else bool(dry_run)


def setup_routes(app: web.Application) -> None:
    """Register the user administration routes."""
    add_routes(app, "admin", [
        ("GET", "/api/admin/users", list_users),
        ("POST", "/api/admin/users/import", import_users),
        ("PATCH", "/api/admin/users/{id}/deactivate", deactivate),
        ("PATCH", "/api/admin/users/{id}/activate", activate),
        ("PATCH", "/api/admin/users/{id}/role", set_role),
        ("POST", "/api/admin/users/{id}/teams/{teamId}", add_to_team),
        ("DELETE", "/api/admin/users/{id}/teams/{teamId}", remove_from_team),
    ])

"""HTTP routes for the signed-in user's profile, teams and preferences."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.admin.audit import Actor
from pulsestage.auth.guards import require_user
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_ok
from pulsestage.http.routing import add_routes
from pulsestage.http.validation import Checker, json_body
from pulsestage.users import admin_routes, schemas, service

PREFERENCE_FIELDS = {"favoriteTeams": "favorite_teams", "defaultTeamId": "default_team_id",
                     "emailNotifications": "email_notifications", "pulseEmails": "pulse_emails",
                     "colorMode": "color_mode"}
COLOR_MODES = ("light", "dark", "system")


def _actor(request: web.Request, user) -> Actor:
    return Actor(user.id, request.remote, request.headers.get("User-Agent"))


@doc(summary="The signed-in user", response=schemas.ME)
async def get_me(request: web.Request) -> web.Response:
    """Who I am: roles per team, primary team, preferences."""
    user = await require_user(request)
    return json_ok(await service.profile(request.app[keys.PG_POOL], request[keys.TENANT], user))


@doc(summary="My teams with my role, favourites and default team", response=schemas.MY_TEAMS)
async def my_teams(request: web.Request) -> web.Response:
    """Active teams I belong to."""
    user = await require_user(request)
    return json_ok(await service.my_teams(request.app[keys.PG_POOL], request[keys.TENANT].id, user.id))


@doc(summary="Every team I could pick (inactive included)")
async def available_teams(request: web.Request) -> web.Response:
    """All teams of my organisation, by slug."""
    await require_user(request)
    return json_ok(await service.available_teams(request.app[keys.PG_POOL], request[keys.TENANT].id))


@doc(summary="How many upvotes I have given")
async def upvote_count(request: web.Request) -> web.Response:
    """`{"count": n}`."""
    user = await require_user(request)
    return json_ok(await service.upvote_count(request.app[keys.PG_POOL], request[keys.TENANT].id, user.id))


@doc(summary="My own questions, under review and rejected ones included")
async def my_questions(request: web.Request) -> web.Response:
    """My questions, newest first."""
    user = await require_user(request)
    return json_ok(await service.my_questions(request.app[keys.PG_POOL], request[keys.TENANT], user))


@doc(summary="Change my preferences", body=schemas.PREFS_BODY, response=schemas.PREFS)
async def update_preferences(request: web.Request) -> web.Response:
    """Change any of favouriteTeams, defaultTeamId, emailNotifications, pulseEmails, colorMode."""
    user = await require_user(request)
    data = await json_body(request)
    check = Checker(data)
    for key in data:
        if key not in PREFERENCE_FIELDS:
            check.fail(key, "unknown", f"{key} is not a preference; use one of: {', '.join(PREFERENCE_FIELDS)}")
    values = {
        "favoriteTeams": lambda: check.string_list("favoriteTeams", max_items=100),
        "defaultTeamId": lambda: check.string("defaultTeamId", required=False, max_len=64) or None,
        "emailNotifications": lambda: check.boolean("emailNotifications", required=True),
        "pulseEmails": lambda: check.boolean("pulseEmails", required=True),
        "colorMode": lambda: check.choice("colorMode", COLOR_MODES),
    }
    changes = {PREFERENCE_FIELDS[k]: read() for k, read in values.items() if k in data}
    check.done()
    return json_ok(await service.update_preferences(
        request.app[keys.PG_POOL], request[keys.TENANT].id, _actor(request, user), changes))


@doc(summary="Add a team to my favourites, or take it out")
async def toggle_favorite(request: web.Request) -> web.Response:
    """`{"isFavorite": bool, "favorites": [...]}` after the toggle (stored)."""
    user = await require_user(request)
    return json_ok(await service.toggle_favorite(
        request.app[keys.PG_POOL], request[keys.TENANT].id, _actor(request, user), request.match_info["teamId"]))


@doc(summary="Change my home team", body=schemas.PRIMARY_TEAM_BODY)
async def set_primary_team(request: web.Request) -> web.Response:
    """Set my primary team (joining it if needed); audited."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    team_id = check.string("teamId", min_len=1, max_len=64)
    check.done()
    return json_ok(await service.set_primary_team(
        request.app[keys.PG_POOL], request[keys.TENANT].id, _actor(request, user), team_id))


def setup_routes(app: web.Application) -> None:
    """Register the routes about the signed-in user, then user administration."""
    add_routes(app, "participant", [
        ("GET", "/api/users/me", get_me),
        ("GET", "/api/users/me/teams", my_teams),
        ("GET", "/api/users/me/available-teams", available_teams),
        ("GET", "/api/users/me/upvotes/count", upvote_count),
        ("GET", "/api/users/me/questions", my_questions),
        ("PUT", "/api/users/me/preferences", update_preferences),
        ("POST", "/api/users/me/teams/{teamId}/favorite", toggle_favorite),
        ("PATCH", "/api/users/me/primary-team", set_primary_team),
    ])
    admin_routes.setup_routes(app)

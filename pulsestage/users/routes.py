"""HTTP routes for the current user's profile."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.auth.guards import require_user
from pulsestage.http.responses import json_ok
from pulsestage.http.routing import add_routes
from pulsestage.users import service


async def get_me(request: web.Request) -> web.Response:
    """The signed-in user."""
    user = await require_user(request)
    return json_ok(await service.profile(request.app[keys.PG_POOL], request[keys.TENANT], user))


def setup_routes(app: web.Application) -> None:
    """Register profile routes."""
    add_routes(app, "participant", [
        ("GET", "/api/users/me", get_me),
    ])

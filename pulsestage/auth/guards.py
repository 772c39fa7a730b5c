"""Request-side guards: the current user, and permission checks used by routes."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.auth import service
from pulsestage.auth.identity import SessionUser
from pulsestage.errors import Forbidden, Unauthorized


async def current_user(request: web.Request) -> SessionUser | None:
    """The signed-in user of this request (looked up once per request)."""
    if keys.SESSION_USER not in request:
        tenant = request.get(keys.TENANT)
        user = None
        if tenant is not None:
            user = await service.resolve_user(request, request.app[keys.PG_POOL], tenant)
        request[keys.SESSION_USER] = user
    return request[keys.SESSION_USER]


async def require_user(request: web.Request) -> SessionUser:
    """The signed-in user, or 401."""
    user = await current_user(request)
    if user is None:
        raise Unauthorized("Authentication required")
    return user


async def require_permission(request: web.Request, permission: str, team_id: str | None = None) -> SessionUser:
    """The signed-in user if they hold `permission` (for `team_id`, when given), else 401/403."""
    user = await require_user(request)
    if not user.can(permission, team_id):
        if team_id is not None and user.role_in(team_id) is None:
            raise Forbidden("You do not have permission to access this team")
        raise Forbidden(f"This action requires {permission} permission")
    return user

"""Route tables grouped by guard, so the table itself shows who may call what."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from aiohttp import web

from pulsestage.auth import guards

Guard = Literal["public", "participant", "moderator", "admin", "owner"]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class RouteInfo:
    """What the route table knows about a route: its guard and its (unwrapped) handler."""

    guard: Guard
    handler: Handler


ROUTE_GUARDS = web.AppKey("ROUTE_GUARDS", dict)

_MIN_PERMISSION = {
    "participant": None,
    "moderator": "presentation.access",  # any moderator-level role somewhere
    "admin": "admin.access",
    "owner": "owner.grant",
}


def _wrap(guard: Guard, handler: Handler) -> Handler:
    if guard == "public":
        return handler

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        user = await guards.require_user(request)
        permission = _MIN_PERMISSION[guard]
        if permission == "presentation.access":
            if not (user.is_admin or user.moderated_team_ids()):
                await guards.require_permission(request, permission)
        elif permission:
            await guards.require_permission(request, permission)
        return await handler(request)

    return guarded


def add_routes(app: web.Application, guard: Guard, table: list[tuple[str, str, Handler]]) -> None:
    """Register `(method, path, handler)` rows behind one guard and remember the guard."""
    registry = app.setdefault(ROUTE_GUARDS, {})
    for method, path, handler in table:
        app.router.add_route(method, path, _wrap(guard, handler))
        registry[(method, path)] = RouteInfo(guard, handler)

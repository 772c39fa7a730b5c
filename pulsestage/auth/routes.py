"""Sign-in routes: CSRF token, auth modes, demo login, logout."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.auth import csrf, demo, oauth_common, service
from pulsestage.auth.guards import current_user
from pulsestage.auth.oauth_github import GitHub
from pulsestage.auth.oauth_google import Google
from pulsestage.errors import NotFound
from pulsestage.http.responses import json_ok
from pulsestage.http.routing import add_routes


def safe_redirect(target: str | None) -> str:
    """A same-origin path to go to after sign-in (anything else becomes `/`)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


async def csrf_token(request: web.Request) -> web.Response:
    """The session's CSRF token."""
    return json_ok({"csrfToken": await csrf.issue_token(request)})


async def modes(request: web.Request) -> web.Response:
    """Which sign-in methods this installation offers."""
    auth = request.app[keys.CONFIG].auth
    listed = (["demo"] if auth.demo_enabled else []) + (["oauth"] if auth.oauth_github or auth.oauth_google else [])
    return json_ok({
        "modes": listed,
        "demo": {"enabled": True, "users": list(auth.demo_users)} if auth.demo_enabled else {"enabled": False},
        "oauth": {"github": auth.oauth_github, "google": auth.oauth_google},
    })


async def demo_login(request: web.Request) -> web.Response:
    """Sign in as a demo user and go to `redirect` (same-origin only)."""
    config = request.app[keys.CONFIG]
    username = (request.query.get("user") or "").strip().lower()
    if username not in config.auth.demo_users:
        raise NotFound(f"Unknown demo user '{username}'. Choose one of: {', '.join(config.auth.demo_users)}",
                       code="unknown_demo_user")
    tenant = request[keys.TENANT]
    if request.query.get("tenant"):
        tenant = await request.app[keys.TENANTS].require(request.query["tenant"].strip().lower())
    pool = request.app[keys.PG_POOL]
    user_id, _ = await demo.find_or_create(pool, tenant, username)
    await service.start_session(request, pool, tenant, user_id, "demo", config.session.max_age_hours)
    raise web.HTTPFound(safe_redirect(request.query.get("redirect")))


async def logout(request: web.Request) -> web.Response:
    """End the session."""
    await service.end_session(request)
    return json_ok({"success": True, "message": "Logged out successfully"})


async def whoami(request: web.Request) -> web.Response:
    """Whether this browser is signed in (never 401: for the SPA's boot)."""
    user = await current_user(request)
    return json_ok({"authenticated": user is not None, "userId": user.id if user else None})


def setup_routes(app: web.Application) -> None:
    """Register sign-in routes; the demo route exists only when demo mode is on."""
    add_routes(app, "public", [
        ("GET", "/api/csrf-token", csrf_token),
        ("GET", "/auth/modes", modes),
        ("POST", "/auth/logout", logout),
        ("GET", "/auth/session", whoami),
    ])
    if app[keys.CONFIG].auth.demo_enabled:
        add_routes(app, "public", [("GET", "/auth/demo", demo_login)])
    auth = app[keys.CONFIG].auth
    for provider, enabled in ((GitHub(auth), auth.oauth_github), (Google(auth), auth.oauth_google)):
        start, callback = oauth_common.make_handlers(provider, enabled)
        add_routes(app, "public", [
            ("GET", f"/auth/{provider.name}", start),
            ("GET", f"/auth/{provider.name}/callback", callback),
        ])

"""HTTP routes of first-run setup (no tenant needed; CSRF applies: GET /api/csrf-token first)."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.auth import csrf
from pulsestage.auth import service as auth_service
from pulsestage.errors import Forbidden
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_created, json_ok
from pulsestage.http.routing import add_routes
from pulsestage.http.tenant import requested_slug
from pulsestage.http.validation import Checker, json_body
from pulsestage.setup import service
from pulsestage.setup.service import SetupForm

SLUG = r"[a-z0-9-]+"
EMAIL = r"[^\s@]+@[^\s@]+\.[^\s@]+"
DEMO_SLUGS = ("default", "acme")
_S = {"type": "string"}
FORM_SCHEMA = {"type": "object", "required": ["organizationName", "ownerName", "ownerEmail", "teamName", "teamSlug"],
               "properties": {"organizationName": _S, "organizationSlug": _S, "ownerName": _S, "ownerEmail": _S,
                              "teamName": _S, "teamSlug": _S, "teamDescription": _S,
                              "loadDemoData": {"type": "boolean"}}}


@doc(summary="Whether first-run setup is open", tags=["setup"])
async def setup_status(request: web.Request) -> web.Response:
    """`{"needsSetup": bool, ...}` (counts only while setup is open)."""
    slug = requested_slug(request, request.app[keys.CONFIG])
    body = await service.status(request.app[keys.PG_POOL], slug)
    return json_ok({**body, "mode": request.app[keys.CONFIG].profile})


def _form(data: dict, default_slug: str) -> SetupForm:
    check = Checker(data)
    form = SetupForm(
        organization_name=check.string("organizationName", min_len=1, max_len=100),
        organization_slug=check.string("organizationSlug", required=False, min_len=1, max_len=50, pattern=SLUG,
                                       default=default_slug) or default_slug,
        owner_name=check.string("ownerName", min_len=1, max_len=100),
        owner_email=(check.string("ownerEmail", min_len=3, max_len=255, pattern=EMAIL) or "").lower(),
        team_name=check.string("teamName", min_len=1, max_len=100),
        team_slug=check.string("teamSlug", min_len=1, max_len=50, pattern=SLUG),
        team_description=check.string("teamDescription", required=False, max_len=500) or None,
        load_demo_data=bool(check.boolean("loadDemoData", default=False)),
    )
    if form.load_demo_data and form.organization_slug not in DEMO_SLUGS:
        check.fail("loadDemoData", "demo_slug",
                   f"Demo data exists only for organisations with slug {' or '.join(DEMO_SLUGS)}")
    check.done()
    return form


@doc(summary="Finish first-run setup: organisation, owner, first team, optional demo data", body=FORM_SCHEMA,
     status=201, tags=["setup"])
async def complete_setup(request: web.Request) -> web.Response:
    """Create everything in one go, sign the new owner in; 403 for good afterwards."""
    app = request.app
    config = app[keys.CONFIG]
    pool = app[keys.PG_POOL]
    default_slug = requested_slug(request, config)
    if not (await service.status(pool, default_slug))["needsSetup"]:
        raise Forbidden(service.CLOSED, code="setup_closed")  # closed: say so before judging the body
    form = _form(await json_body(request), default_slug)
    tenant, team, owner = await service.complete(pool, form, request.remote, request.headers.get("User-Agent"))
    app[keys.TENANTS].forget()
    demo = {"requested": False, "loaded": False}
    if form.load_demo_data:
        demo = await service.load_demo_data(app[keys.DSN], tenant.slug)
    await auth_service.start_session(request, pool, tenant, owner["id"], "setup", config.session.max_age_hours)
    return json_created({
        "success": True, "message": "Setup complete. You are signed in as the owner.",
        "tenant": {"id": tenant.id, "name": tenant.name, "slug": tenant.slug}, "team": team, "user": owner,
        "demoData": demo, "csrfToken": await csrf.issue_token(request),
    })


def setup_routes(app: web.Application) -> None:
    """Register the setup routes (public: they work only while setup is open)."""
    add_routes(app, "public", [
        ("GET", "/api/setup/status", setup_status),
        ("POST", "/api/setup/complete", complete_setup),
    ])

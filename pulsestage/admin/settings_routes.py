"""HTTP routes for tenant settings: the public read, and the admin read and validated write."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.admin import schemas
from pulsestage.admin import settings_service as service
from pulsestage.admin.audit import Actor
from pulsestage.auth.guards import require_user
from pulsestage.errors import FieldError, Invalid
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_ok
from pulsestage.http.routing import add_routes
from pulsestage.http.validation import Checker, json_body


def _actor(request: web.Request, user) -> Actor:
    return Actor(user.id, request.remote, request.headers.get("User-Agent"))


@doc(summary="Public tenant settings (no sign-in needed)", response=schemas.PUBLIC_SETTINGS)
async def public_settings(request: web.Request) -> web.Response:
    """Theme, branding, question limits, anonymity threshold, feature flags."""
    return json_ok(await service.read_public(request.app[keys.PG_POOL], request[keys.TENANT]))


@doc(summary="The organisation and its settings document")
async def get_settings(request: web.Request) -> web.Response:
    """`{"tenant": {...}, "settings": {...}}` with defaults merged in."""
    return json_ok(await service.read(request.app[keys.PG_POOL], request[keys.TENANT].id))


@doc(summary="Rename the organisation and/or change settings", body=schemas.SETTINGS_PATCH)
async def patch_settings(request: web.Request) -> web.Response:
    """`{"name"?, "settings"?}`: every key validated; 400 names the key and nothing is written."""
    user = await require_user(request)
    data = await json_body(request)
    check = Checker(data)
    for key in data:
        if key not in ("name", "settings"):
            check.fail(key, "unknown", f"{key} is not accepted here; send name and/or settings")
    name = check.string("name", required=False, min_len=1, max_len=100)
    patch = data.get("settings") or {}
    if not isinstance(patch, dict):
        check.fail("settings", "type", "settings must be an object")
    check.done()
    result = await service.update(request.app[keys.PG_POOL], request[keys.TENANT].id, _actor(request, user),
                                  patch, name)
    if name is not None:
        request.app[keys.TENANTS].forget()  # the directory caches tenant names
    return json_ok(result)


@doc(summary="The settings document (defaults merged in)")
async def get_tenant_settings(request: web.Request) -> web.Response:
    """`{"settings": {...}}`."""
    result = await service.read(request.app[keys.PG_POOL], request[keys.TENANT].id)
    return json_ok({"settings": result["settings"]})


@doc(summary="Change settings (partial document, deep-merged)", body=schemas.SETTINGS_DOC)
async def patch_tenant_settings(request: web.Request) -> web.Response:
    """A partial settings document; every key validated, nothing written on a 400."""
    user = await require_user(request)
    patch = await json_body(request)
    if not patch:
        raise Invalid(FieldError("body", "empty", "Send at least one setting to change"))
    result = await service.update(request.app[keys.PG_POOL], request[keys.TENANT].id, _actor(request, user),
                                  patch)
    return json_ok({"success": True, "settings": result["settings"],
                    "message": "Tenant settings updated successfully"})


def setup_routes(app: web.Application) -> None:
    """Register the settings routes."""
    add_routes(app, "public", [("GET", "/api/settings/public", public_settings)])
    add_routes(app, "admin", [
        ("GET", "/api/admin/settings", get_settings),
        ("PATCH", "/api/admin/settings", patch_settings),
        ("GET", "/api/admin/tenant-settings", get_tenant_settings),
        ("PATCH", "/api/admin/tenant-settings", patch_tenant_settings),
    ])

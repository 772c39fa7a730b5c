"""Tenant settings decisions: the admin view, the public view, validated and audited writes."""

from __future__ import annotations

import uuid
from typing import Any

import aiopg

from pulsestage.admin import audit
from pulsestage.admin import settings_queries as queries
from pulsestage.admin.audit import Actor, Entry
from pulsestage.admin.settings_doc import anon_threshold, deep_merge, effective, load_settings
from pulsestage.admin.settings_rules import validate
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.errors import NotFound

INTERNAL_KEYS = ("sessionVersion",)


def tenant_json(row: dict[str, Any]) -> dict[str, Any]:
    """`{id, name, slug, createdAt, updatedAt}`."""
    return {"id": row["id"], "name": row["name"], "slug": row["slug"], "createdAt": row["created_at"],
            "updatedAt": row["updated_at"]}


def visible(settings: dict[str, Any]) -> dict[str, Any]:
    """The document as admins edit it: internal keys (the session version) left out, so a
    document read and sent back unchanged is always a valid patch."""
    return {k: v for k, v in settings.items() if k not in INTERNAL_KEYS}


def public_view(tenant: Tenant, settings: dict[str, Any]) -> dict[str, Any]:
    """The non-sensitive part every member (and the login page) may read."""
    branding, features = settings["branding"], settings["features"]
    return {
        "tenant": {"name": tenant.name, "slug": tenant.slug},
        "theme": branding["theme"],
        "branding": {k: branding.get(k) for k in
                     ("primaryColor", "accentColor", "logoUrl", "faviconUrl", "welcomeMessage")},
        "questions": {"minLength": settings["questions"]["minLength"],
                      "maxLength": settings["questions"]["maxLength"]},
        "pulse": {"anonThreshold": anon_threshold(settings)},
        "features": {k: bool(features.get(k)) for k in
                     ("allowAnonymousQuestions", "requireQuestionApproval", "attributedQuestions")},
    }


async def read_public(pool: aiopg.Pool, tenant: Tenant) -> dict[str, Any]:
    """Theme, branding, question limits, anonymity threshold and feature flags."""
    async with tenant_tx(pool, tenant.id) as cur:
        settings = await load_settings(cur, tenant.id)
    return public_view(tenant, settings)


async def read(pool: aiopg.Pool, tenant_id: str) -> dict[str, Any]:
    """`{"tenant": {...}, "settings": <effective document>}` for the admin pages."""
    async with tenant_tx(pool, tenant_id) as cur:
        row = await queries.select_tenant(cur, tenant_id)
        if row is None:
            raise NotFound("Tenant not found", code="tenant_not_found")
        settings = await load_settings(cur, tenant_id)
    return {"tenant": tenant_json(row), "settings": visible(settings)}


async def update(pool: aiopg.Pool, tenant_id: str, actor: Actor, patch: dict[str, Any],
                 name: str | None = None) -> dict[str, Any]:
    """Rename the organisation and/or deep-merge a validated settings patch; audited, all or nothing."""
    async with tenant_tx(pool, tenant_id) as cur:
        tenant = await queries.select_tenant(cur, tenant_id)
        if tenant is None:
            raise NotFound("Tenant not found", code="tenant_not_found")
        if patch:
            stored = await queries.lock_settings(cur, tenant_id)
            before = effective(stored)
            validate(patch, before)  # raises before anything is written
            await queries.store_settings(cur, str(uuid.uuid4()), tenant_id, deep_merge(stored, patch))
            await audit.record(cur, tenant_id, actor, Entry(
                "tenant.settings.update", "TenantSettings", tenant_id,
                before=_pick(before, patch), after=patch, metadata={"updates": patch}))
        if name is not None and name != tenant["name"]:
            await queries.rename_tenant(cur, tenant_id, name)
            await audit.record(cur, tenant_id, actor, Entry(
                "tenant.update", "tenant", tenant_id, before={"name": tenant["name"]}, after={"name": name},
                metadata={"changes": {"name": name}}))
        row = await queries.select_tenant(cur, tenant_id)
        settings = await load_settings(cur, tenant_id)
    return {"success": True, "tenant": tenant_json(row or tenant), "settings": visible(settings),
            "message": "Settings updated successfully"}


def _pick(document: dict[str, Any], shape: dict[str, Any]) -> dict[str, Any]:
    """The values of `document` at the keys `shape` names (for the audit row's `before`)."""
    out = {}
    for key, value in shape.items():
        current = document.get(key)
        out[key] = _pick(current, value) if isinstance(value, dict) and isinstance(current, dict) else current
    return out

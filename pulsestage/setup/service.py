"""First-run setup decisions: open only while the installation has no organisation, or the
requested one is not set up yet; everything is created in one transaction, then it is closed."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from typing import Any

import aiopg

from pulsestage.admin import audit
from pulsestage.admin.audit import Actor, Entry
from pulsestage.db.tenancy import Tenant, global_tx, tenant_tx
from pulsestage.errors import Forbidden
from pulsestage.setup import queries
from pulsestage.teams.serialize import team_fields

log = logging.getLogger("pulsestage.setup")
CLOSED = "Setup is already complete; sign in instead"


@dataclass(frozen=True, slots=True)
class SetupForm:
    """What the wizard collects."""

    organization_name: str
    organization_slug: str
    owner_name: str
    owner_email: str
    team_name: str
    team_slug: str
    team_description: str | None
    load_demo_data: bool


async def status(pool: aiopg.Pool, slug: str) -> dict[str, Any]:
    """Whether setup is open; counts only while it is (nothing about a live organisation leaks)."""
    async with global_tx(pool) as cur:
        tenants = await queries.count_tenants(cur)
        tenant = await queries.select_tenant(cur, slug)
    open_ = tenants == 0 or (tenant is not None and not tenant["setup_complete"])
    body: dict[str, Any] = {"needsSetup": open_}
    if open_:
        body.update({"tenantSlug": slug, "tenantExists": tenant is not None, "teamCount": 0, "userCount": 0})
        if tenant is not None:
            async with tenant_tx(pool, tenant["id"]) as cur:
                people = await queries.count_people(cur, tenant["id"])
            body.update({"teamCount": people["teams"], "userCount": people["users"]})
    return body


async def complete(pool: aiopg.Pool, form: SetupForm, ip: str | None, user_agent: str | None
                   ) -> tuple[Tenant, dict[str, Any], dict[str, Any]]:
    """Create (or finish) the organisation, its first team and owner; 403 once setup is done."""
    ids = {k: str(uuid.uuid4()) for k in ("tenant_id", "team_id", "user_id", "membership_id", "pref_id")}
    async with global_tx(pool) as cur:
        await queries.lock(cur)
        existing = await queries.select_tenant(cur, form.organization_slug)
        if existing is not None and not existing["setup_complete"]:
            ids["tenant_id"] = existing["id"]
        elif existing is not None or await queries.count_tenants(cur) > 0:
            raise Forbidden(CLOSED, code="setup_closed")
        tenant_id = ids["tenant_id"]
        await queries.bind(cur, tenant_id)
        if existing is None:
            await queries.create_tenant(cur, tenant_id, form.organization_slug, form.organization_name)
        else:
            await queries.finish_tenant(cur, tenant_id, form.organization_name)
        team = await queries.create_team_and_owner(cur, {
            **ids, "team_name": form.team_name, "team_slug": form.team_slug,
            "team_description": form.team_description, "email": form.owner_email, "owner_name": form.owner_name})
        actor = Actor(ids["user_id"], ip, user_agent)
        for entry in (
            Entry("tenant.setup", "tenant", tenant_id, after={"name": form.organization_name,
                                                             "slug": form.organization_slug}),
            Entry("team.create", "Team", ids["team_id"], after={"id": ids["team_id"], "name": form.team_name,
                                                               "slug": form.team_slug}),
            Entry("user.create", "user", ids["user_id"], after={"email": form.owner_email, "name": form.owner_name,
                                                               "role": "owner"}, metadata={"via": "setup"}),
        ):
            await audit.record(cur, tenant_id, actor, entry)
    tenant = Tenant(tenant_id, form.organization_slug, form.organization_name)
    owner: dict[str, Any] = {"id": ids["user_id"], "email": form.owner_email, "name": form.owner_name, "role": "owner"}
    return tenant, team_fields(team), owner


async def load_demo_data(dsn: str, slug: str) -> dict[str, Any]:
    """Add the demo data to the new organisation (after setup committed; a failure is reported)."""
    from pulsestage.seed.load import seed

    try:
        report = await asyncio.to_thread(seed, dsn, tenant_slug=slug)
    except Exception as exc:  # the organisation exists and works; only the sample data is missing
        log.exception("demo data could not be loaded after setup")
        return {"requested": True, "loaded": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return {"requested": True, "loaded": True, "counts": report.counts.get(slug, {})}

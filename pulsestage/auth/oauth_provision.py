"""OAuth sign-in on the database side: domain rules, first-time provisioning, profile refresh."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import aiopg

from pulsestage.admin import audit
from pulsestage.admin.settings_doc import load_settings
from pulsestage.auth.permissions import ROLES
from pulsestage.db.tenancy import Tenant, tenant_tx

if TYPE_CHECKING:
    from pulsestage.auth.oauth_common import Identity

SELECT_BY_SSO = """
SELECT id, is_active FROM app_user WHERE tenant_id = %(tenant_id)s AND sso_id = %(sso_id)s
"""
SELECT_BY_EMAIL = """
SELECT id, is_active FROM app_user WHERE tenant_id = %(tenant_id)s AND lower(email) = lower(%(email)s)
"""
UPDATE_PROFILE = """
UPDATE app_user SET name = coalesce(%(name)s, name), avatar_url = %(avatar_url)s, sso_id = %(sso_id)s,
       updated_at = now() AT TIME ZONE 'utc'
WHERE tenant_id = %(tenant_id)s AND id = %(id)s
"""
SELECT_TEAM = """
SELECT id FROM team WHERE tenant_id = %(tenant_id)s AND is_active AND (%(team_id)s::text IS NULL OR id = %(team_id)s)
ORDER BY created_at, slug LIMIT 1
"""
INSERT_USER = """
INSERT INTO app_user (id, tenant_id, email, name, sso_id, avatar_url, primary_team_id)
VALUES (%(id)s, %(tenant_id)s, %(email)s, %(name)s, %(sso_id)s, %(avatar_url)s, %(team_id)s)
"""
INSERT_MEMBERSHIP = """
INSERT INTO team_membership (id, tenant_id, user_id, team_id, role)
VALUES (%(mid)s, %(tenant_id)s, %(id)s, %(team_id)s, %(role)s)
"""
INSERT_PREFS = """
INSERT INTO user_preferences (id, tenant_id, user_id, email_notifications)
VALUES (%(pid)s, %(tenant_id)s, %(id)s, true)
"""


class Refused(Exception):
    """This person may not sign in here; the message says why in plain words."""


def domain_allowed(email: str, *allow_lists: tuple[str, ...] | list[str]) -> bool:
    """Whether the e-mail's domain is in every non-empty allow list (case-insensitive)."""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    return all(domain in {d.strip().lower().lstrip("@") for d in allowed} for allowed in allow_lists if allowed)


def default_role(settings: dict) -> str:
    """The role for a new user: settings users.defaultRole; owner is never handed out automatically."""
    role = settings.get("users", {}).get("defaultRole", "member")
    return role if role in ROLES and role != "owner" else "member"


async def sign_in(pool: aiopg.Pool, tenant: Tenant, who: Identity, allowed_domains: tuple[str, ...],
                  actor: audit.Actor) -> str:
    """The id of the user this identity signs in as: refreshed if known, provisioned if new."""
    sso_id = f"{who.provider}-{who.subject}"
    async with tenant_tx(pool, tenant.id) as cur:
        settings = await load_settings(cur, tenant.id)
        tenant_domains = settings.get("users", {}).get("allowedEmailDomains") or []
        if not domain_allowed(who.email, allowed_domains, tenant_domains):
            raise Refused("Sign-in with this e-mail domain is not allowed for this organisation.")
        params = {"tenant_id": tenant.id, "sso_id": sso_id, "email": who.email, "name": who.name,
                  "avatar_url": who.avatar_url}
        await cur.execute(SELECT_BY_SSO, params)
        row = await cur.fetchone()
        if row is None:
            await cur.execute(SELECT_BY_EMAIL, params)
            row = await cur.fetchone()
        if row is not None:
            if not row["is_active"]:
                raise Refused("This account is deactivated; ask an administrator of your organisation.")
            await cur.execute(UPDATE_PROFILE, {**params, "id": row["id"]})
            return row["id"]
        return await _provision(cur, tenant, settings, params, actor)


async def _provision(cur, tenant: Tenant, settings: dict, params: dict, actor: audit.Actor) -> str:
    await cur.execute(SELECT_TEAM, {"tenant_id": tenant.id,
                                    "team_id": settings.get("users", {}).get("defaultTeamId")})
    team = await cur.fetchone()
    if team is None:
        await cur.execute(SELECT_TEAM, {"tenant_id": tenant.id, "team_id": None})
        team = await cur.fetchone()
    if team is None:
        raise Refused("This organisation has no team yet; an administrator must finish setup first.")
    row = {**params, "id": str(uuid.uuid4()), "mid": str(uuid.uuid4()), "pid": str(uuid.uuid4()),
           "team_id": team["id"], "role": default_role(settings)}
    await cur.execute(INSERT_USER, row)
    await cur.execute(INSERT_MEMBERSHIP, row)
    await cur.execute(INSERT_PREFS, row)
    await audit.record(cur, tenant.id, audit.Actor(row["id"], actor.ip_address, actor.user_agent), audit.Entry(
        "user.provisioned", "user", row["id"],
        after={"teamId": row["team_id"], "role": row["role"], "provider": params["sso_id"].split("-", 1)[0]},
    ))
    return row["id"]

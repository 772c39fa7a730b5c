"""Sign-in decisions: who the caller is, starting and ending sessions."""

from __future__ import annotations

import secrets
import time

import aiopg
from aiohttp import web
from aiohttp_session import STORAGE_KEY, get_session, new_session

from pulsestage.admin.settings_doc import effective
from pulsestage.auth import queries
from pulsestage.auth.identity import SessionUser
from pulsestage.db.tenancy import Tenant, tenant_tx


async def resolve_user(request: web.Request, pool: aiopg.Pool, tenant: Tenant) -> SessionUser | None:
    """The signed-in user for this tenant, or None; ends sessions of deactivated users."""
    session = await get_session(request)
    user_id = session.get("uid")
    if not user_id:
        return None
    if session.get("tid") != tenant.id:
        return None  # a session belongs to one tenant; elsewhere it is simply not signed in
    row = await queries.select_session_user(pool, tenant.id, user_id)
    settings = row["settings"] if row else {}
    if row is None or not row["is_active"] or int(settings.get("sessionVersion", 0)) > session.get("sv", 0):
        # forget it in the store now: the response may be an error, which saves nothing
        await request[STORAGE_KEY].forget(session.identity)
        session.invalidate()
        return None
    return SessionUser(
        id=row["id"], tenant_id=row["tenant_id"], email=row["email"], name=row["name"],
        sso_id=row["sso_id"], primary_team_id=row["primary_team_id"], memberships=dict(row["memberships"]),
        tenant_settings=effective(settings),
    )


async def start_session(request: web.Request, pool: aiopg.Pool, tenant: Tenant, user_id: str,
                        provider: str, default_hours: int) -> None:
    """Begin a fresh session (new id: no fixation) bound to the user and tenant."""
    async with tenant_tx(pool, tenant.id) as cur:
        settings = await queries.select_settings(cur, tenant.id)
    hours = settings.get("security", {}).get("sessionTimeout", default_hours)
    old = await get_session(request)
    if old.identity is not None:
        await request[STORAGE_KEY].forget(old.identity)
    session = await new_session(request)
    session.max_age = int(hours * 3600)
    session["uid"] = user_id
    session["tid"] = tenant.id
    session["sv"] = int(settings.get("sessionVersion", 0))
    session["provider"] = provider
    session["csrf"] = secrets.token_urlsafe(32)
    session["login_at"] = int(time.time())


async def end_session(request: web.Request) -> None:
    """Forget the session (logout)."""
    session = await get_session(request)
    session.invalidate()

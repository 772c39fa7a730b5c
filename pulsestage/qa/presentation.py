"""Presentation mode: which team is being presented and which question is on screen.

The state is small and short-lived, so it lives in Redis when configured (every instance sees
the same presentation) and in this process's memory otherwise. Each change is audited, and
announced as presentation:started / presentation:changed / presentation:ended.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import aiopg
import orjson

from pulsestage.admin import audit
from pulsestage.db.tenancy import Tenant
from pulsestage.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from pulsestage.http.responses import iso
from pulsestage.qa import questions_queries as q
from pulsestage.qa.access import Caller, attributed, require_team_permission, require_visible
from pulsestage.qa.serialize import broadcast_json
from pulsestage.qa.tx import settings_tx

IDLE = {"active": False, "questionId": None, "teamId": None, "startedAt": None}
TTL_SECONDS = 12 * 3600


class PresentationStore:
    """Per-tenant presentation state in Redis (shared) or in memory (this process)."""

    def __init__(self, redis=None) -> None:
        self._redis = redis
        self._memory: dict[str, dict[str, Any]] = {}

    async def get(self, tenant_id: str) -> dict[str, Any]:
        """The tenant's state (IDLE when nothing is presented)."""
        if self._redis is None:
            return dict(self._memory.get(tenant_id, IDLE))
        raw = await self._redis.get(_key(tenant_id))
        return orjson.loads(raw) if raw else dict(IDLE)

    async def put(self, tenant_id: str, state: dict[str, Any]) -> None:
        """Replace the tenant's state."""
        if self._redis is None:
            self._memory[tenant_id] = dict(state)
        elif state["active"]:
            await self._redis.set(_key(tenant_id), orjson.dumps(state), ex=TTL_SECONDS)
        else:
            await self._redis.delete(_key(tenant_id))


def _key(tenant_id: str) -> str:
    return f"pulsestage:presentation:{tenant_id}"


async def current(store: PresentationStore, tenant: Tenant) -> dict[str, Any]:
    """`{active, questionId, teamId, startedAt}`."""
    return await store.get(tenant.id)


async def start(pool: aiopg.Pool, bus, store: PresentationStore, caller: Caller, team: str | None) -> dict:
    """Begin presenting a team (or, for admins, every team)."""
    tenant = caller.tenant
    async with settings_tx(pool, tenant.id, caller.user) as (cur, _):
        team_id = await _team_id(cur, tenant.id, team)
        if team_id is None and not caller.user.is_admin:
            raise Forbidden("Presenting every team at once requires admin")
        require_team_permission(caller.user, "presentation.access", team_id)
        state = {"active": True, "questionId": None, "teamId": team_id,
                 "startedAt": iso(dt.datetime.now(dt.UTC))}
        await _record(cur, caller, "presentation.start", await store.get(tenant.id), state)
        await store.put(tenant.id, state)  # last: a failure here rolls the audit row back
    await _announce(bus, tenant.id, "presentation:started", state, None)
    return state


async def show(pool: aiopg.Pool, bus, store: PresentationStore, caller: Caller, question_id: str | None) -> dict:
    """Put a question on screen (None clears the screen)."""
    tenant, user = caller.tenant, caller.user
    async with settings_tx(pool, tenant.id, caller.user) as (cur, settings):
        row = None
        if question_id is not None:
            row = require_visible(user, await q.select_question(cur, tenant.id, question_id, None,
                                                                attributed(settings)))
            require_team_permission(user, "presentation.access", row["team_id"])
        before = await store.get(tenant.id)
        if not before["active"]:
            raise Conflict("No presentation is running; start one first", code="no_presentation")
        require_team_permission(user, "presentation.access", before["teamId"])
        if row is not None:
            _check_presentable(row, before)
        state = {**before, "questionId": question_id}
        await _record(cur, caller, "presentation.change", before, state)
        await store.put(tenant.id, state)
    await _announce(bus, tenant.id, "presentation:changed", state, row)
    return state


async def stop(pool: aiopg.Pool, bus, store: PresentationStore, caller: Caller) -> dict:
    """End the presentation (nothing to do when none runs)."""
    tenant = caller.tenant
    async with settings_tx(pool, tenant.id, caller.user) as (cur, _):
        before = await store.get(tenant.id)
        if not before["active"]:
            return dict(IDLE)
        require_team_permission(caller.user, "presentation.access", before["teamId"])
        await _record(cur, caller, "presentation.stop", before, IDLE)
        await store.put(tenant.id, IDLE)
    await _announce(bus, tenant.id, "presentation:ended", IDLE, None)
    return dict(IDLE)


def _check_presentable(row: dict[str, Any], state: dict[str, Any]) -> None:
    if row["status"] == "UNDER_REVIEW":
        raise Conflict("A question under review cannot be presented", code="question_under_review")
    if state["teamId"] is not None and row["team_id"] != state["teamId"]:
        raise Invalid(FieldError("questionId", "team", "The question is not in the team being presented"))


async def _team_id(cur, tenant_id: str, team: str | None) -> str | None:
    if team is None:
        return None
    row = await q.select_team(cur, tenant_id, team)
    if row is None:
        raise NotFound("Team not found")
    if not row["is_active"]:
        raise Invalid(FieldError("teamId", "team", "Invalid or inactive team"))
    return row["id"]


async def _record(cur, caller: Caller, action: str, before: dict, after: dict) -> None:
    await audit.record(cur, caller.tenant.id, caller.actor, audit.Entry(
        action, "Presentation", after.get("teamId") or before.get("teamId") or "all",
        before=before, after=after))


async def _announce(bus, tenant_id: str, type_: str, state: dict, row: dict | None) -> None:
    if bus is not None:
        data = {**state, "question": broadcast_json(row) if row is not None else None}
        await bus.publish(tenant_id, type_, data)

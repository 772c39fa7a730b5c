"""Upvotes: one per person per question, never on one's own, frozen or under-review question.

The question row is locked before the upvote row is written, so concurrent upvotes queue up on
it and the counter always equals the number of upvote rows.
"""

from __future__ import annotations

import uuid
from typing import Any

import aiopg

from pulsestage.auth.identity import SessionUser
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.db.together import commit_together
from pulsestage.errors import Conflict, Forbidden, NotFound
from pulsestage.qa import questions_queries as q
from pulsestage.qa import upvotes_queries as uq
from pulsestage.qa.access import NOT_FOUND, attributed, moderated_team_ids, require_visible
from pulsestage.qa.broadcast import announce
from pulsestage.qa.serialize import question_json
from pulsestage.qa.tx import settings_for


def _check_open(row: dict[str, Any]) -> None:
    if row["status"] == "UNDER_REVIEW":
        raise Conflict("This question is under review and cannot be upvoted yet", code="question_under_review")
    if row["is_frozen"]:
        raise Conflict("This question is frozen: its upvotes are locked", code="question_frozen")


async def upvote(pool: aiopg.Pool, bus, tenant: Tenant, user: SessionUser, question_id: str,
                 on: bool) -> dict[str, Any]:
    """Add (`on`) or remove the caller's upvote; repeating either is a no-op."""
    async with tenant_tx(pool, tenant.id, first=q.locking(tenant.id, question_id)) as cur:
        row = require_visible(user, await cur.fetchone())  # the lock travelled with BEGIN
        settings = await settings_for(cur, tenant.id, user)
        if on and row["author_id"] == user.id:
            raise Forbidden("You cannot upvote your own question", code="own_question")
        _check_open(row)
        if on:
            changed = await uq.insert_upvote(cur, {"id": str(uuid.uuid4()), "tenant_id": tenant.id,
                                                   "question_id": question_id, "user_id": user.id})
        else:
            changed = await uq.delete_upvote(cur, tenant.id, question_id, user.id)
        if not changed and on:
            raise Conflict("You have already upvoted this question", code="already_upvoted")
        # the counter, COMMIT and the read-back in one round trip
        counter = [uq.counting(tenant.id, question_id, 1 if on else -1)] if changed else []
        await commit_together(cur, tenant.id, *counter,
                              then=q.selecting(tenant.id, question_id, user.id, attributed(settings)))
        fresh = await cur.fetchone()
    if fresh is None:  # read after the commit: only a tenant reset in that instant removes it
        raise NotFound(NOT_FOUND)
    if changed:
        await announce(bus, tenant.id, "question:upvoted", fresh)
    return question_json(fresh, user.id)


async def status(pool: aiopg.Pool, tenant: Tenant, user: SessionUser, question_id: str) -> dict[str, bool]:
    """`{hasUpvoted, canUpvote}` for one question."""
    async with tenant_tx(pool, tenant.id) as cur:
        row = require_visible(user, await q.select_question(cur, tenant.id, question_id, user.id, False))
    has = bool(row["has_upvoted"])
    can = (not has and row["author_id"] != user.id and row["status"] != "UNDER_REVIEW"
           and not row["is_frozen"] and user.can("question.upvote"))
    return {"hasUpvoted": has, "canUpvote": can}


async def statuses(pool: aiopg.Pool, tenant: Tenant, user: SessionUser, ids: list[str]) -> dict[str, bool]:
    """`{id: upvoted?}` for a whole list in one query; unknown or hidden ids answer false."""
    moderated = moderated_team_ids(user)
    async with tenant_tx(pool, tenant.id) as cur:
        upvoted = await uq.select_upvoted(cur, tenant.id, user.id, ids, moderated or [], moderated is None)
    return {i: i in upvoted for i in ids}


"""Bulk actions for moderators: tag/untag, pin/unpin, freeze/unfreeze and (admins) delete many.

One transaction and one audit row (`bulk.<action>`, entityId `multiple`) per request, written only
when something changed. A question hidden from the caller or in a team the caller may not act on
counts as an error and is left alone; an id that is not a question of this tenant is a 404.
"""

from __future__ import annotations

from typing import Any

import aiopg

from pulsestage.admin import audit
from pulsestage.errors import AppError, Forbidden, NotFound
from pulsestage.qa import questions_queries as q
from pulsestage.qa import tags_queries as tq
from pulsestage.qa.access import Caller, attributed, require_team_permission, require_visible
from pulsestage.qa.answers_service import FLAGS, apply_flag
from pulsestage.qa.broadcast import announce, announce_gone
from pulsestage.qa.tags_service import change_link
from pulsestage.qa.tx import settings_tx

ACTIONS = {
    # action: (permission, flag or None for delete, value)
    "pin": ("question.pin", "pin", True),
    "unpin": ("question.pin", "pin", False),
    "freeze": ("question.freeze", "freeze", True),
    "unfreeze": ("question.freeze", "freeze", False),
    "delete": ("question.delete", None, None),
}


async def _each(cur, caller: Caller, ids: list[str], permission: str):
    """The locked rows the caller may act on, and how many ids were left alone.

    An id that is not a live question of this tenant makes the whole request 404 (nothing
    changes): it names something this session cannot touch.
    """
    errors = 0
    rows = []
    unique = sorted(set(ids))  # one lock order for every request: concurrent bulk actions cannot deadlock
    for question_id in unique:
        row = await q.lock_question(cur, caller.tenant.id, question_id)
        if row is None:
            raise NotFound(f"Question not found: {question_id}")
        try:
            require_visible(caller.user, row)
            require_team_permission(caller.user, permission, row["team_id"])
        except AppError:
            errors += 1
            continue
        rows.append(row)
    return rows, errors + len(ids) - len(unique)


async def bulk_tag(pool: aiopg.Pool, bus, caller: Caller, ids: list[str], tag_id: str, action: str) -> dict:
    """Add or remove one tag on many questions."""
    tenant, on = caller.tenant, action == "add"
    async with settings_tx(pool, tenant.id, caller.user) as (cur, settings):
        tag = await tq.select_tag(cur, tenant.id, tag_id)
        if tag is None:
            raise NotFound("Tag not found")
        rows, errors = await _each(cur, caller, ids, "question.tag")
        changed = [r["id"] for r in rows if await change_link(cur, caller, r, tag, on, record=False)]
        if changed:
            await audit.record(cur, tenant.id, caller.actor, audit.Entry(
                f"bulk.tag.{action}", "Question", "multiple", metadata={
                    "questionIds": changed, "tagId": tag_id, "tagName": tag["name"],
                    "successCount": len(rows), "errorCount": errors}))
        fresh = await q.select_questions_by_id(cur, tenant.id, changed, caller.user.id, attributed(settings))
    for row in fresh:
        await announce(bus, tenant.id, "question:tagged" if on else "question:untagged", row)
    return _result(len(rows), errors, len(ids))


async def bulk_action(pool: aiopg.Pool, bus, caller: Caller, ids: list[str], action: str) -> dict:
    """Pin, unpin, freeze, unfreeze or delete many questions."""
    permission, flag, value = ACTIONS[action]
    tenant = caller.tenant
    if flag is None and not caller.user.can(permission):
        raise Forbidden(f"This action requires {permission} permission")
    async with settings_tx(pool, tenant.id, caller.user) as (cur, settings):
        rows, errors = await _each(cur, caller, ids, permission)
        if flag is None:
            changed = rows
            for row in rows:
                await q.soft_delete(cur, tenant.id, row["id"])
        else:
            assert value is not None  # every flag action says whether it turns the flag on or off
            column = FLAGS[flag][1]
            changed = [r for r in rows if r[column] != value]
            for row in changed:
                await apply_flag(cur, caller, flag, row, value, record=False)
        if changed:
            await audit.record(cur, tenant.id, caller.actor, audit.Entry(
                f"bulk.{action}", "Question", "multiple", metadata={
                    "questionIds": [r["id"] for r in changed], "successCount": len(rows), "errorCount": errors}))
        fresh = await q.select_questions_by_id(cur, tenant.id, [r["id"] for r in changed], caller.user.id,
                                               attributed(settings)) if flag else []
    if flag is None:
        for row in changed:
            await announce_gone(bus, tenant.id, "question:deleted", row)
    else:
        for row in fresh:
            await announce(bus, tenant.id, FLAGS[flag][3], row)
    return _result(len(rows), errors, len(ids))


def _result(success: int, errors: int, total: int) -> dict[str, Any]:
    return {"success": True, "successCount": success, "errorCount": errors, "total": total}

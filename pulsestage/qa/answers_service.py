"""A moderator's actions on one question: answer (or edit the answer), pin, freeze."""

from __future__ import annotations

from typing import Any

import aiopg

from pulsestage.admin import audit
from pulsestage.errors import Conflict
from pulsestage.qa import notify
from pulsestage.qa import questions_queries as q
from pulsestage.qa.access import Caller, attributed, require_to_act
from pulsestage.qa.broadcast import announce
from pulsestage.qa.serialize import question_json
from pulsestage.qa.tx import settings_tx

FLAGS = {
    # flag: (permission, column, audit action when on / off, event type)
    "pin": ("question.pin", "is_pinned", ("question.pin", "question.unpin"), "question:pinned"),
    "freeze": ("question.freeze", "is_frozen", ("question.freeze", "question.unfreeze"), "question:frozen"),
}


async def answer(pool: aiopg.Pool, bus, mailer, caller: Caller, question_id: str,
                 response: str) -> dict[str, Any]:
    """Answer a question, or replace its answer; the author hears about the first answer."""
    tenant, user = caller.tenant, caller.user
    async with settings_tx(pool, tenant.id, user) as (cur, settings):
        before = require_to_act(user, await q.lock_question(cur, tenant.id, question_id), "question.answer")
        if before["is_frozen"]:
            raise Conflict("This question is frozen: it takes no new answers", code="question_frozen")
        first = before["status"] != "ANSWERED"
        await q.update_answer(cur, tenant.id, question_id, user.id, response)
        team = await q.select_team(cur, tenant.id, before["team_id"]) if before["team_id"] else None
        await audit.record(cur, tenant.id, caller.actor, audit.Entry(
            "question.answer", "Question", question_id,
            before={"id": question_id, "body": before["body"], "status": before["status"],
                    "responseText": before["response_text"]},
            after={"id": question_id, "status": "ANSWERED", "responseText": response},
            metadata={"questionBody": before["body"][:100], "teamId": before["team_id"],
                      "teamName": team["name"] if team else None, "edit": (not first) or None}))
        row = await q.select_question(cur, tenant.id, question_id, user.id, attributed(settings))
        mail = await notify.prepare(cur, tenant.id, settings, before, "question_answered", answer_body=response,
                                    responder_name=user.name or "A moderator") if first else None
    assert row is not None  # locked and answered by the transaction above
    await announce(bus, tenant.id, "question:answered", row)
    await notify.send(mailer, tenant.id, mail)
    return question_json(row, user.id)


async def set_flag(pool: aiopg.Pool, bus, caller: Caller, flag: str, question_id: str,
                   wanted: bool | None) -> dict[str, Any]:
    """Pin/unpin or freeze/unfreeze (`wanted` None toggles); no change writes nothing."""
    permission, column, actions, event = FLAGS[flag]
    tenant, user = caller.tenant, caller.user
    async with settings_tx(pool, tenant.id, user) as (cur, settings):
        before = require_to_act(user, await q.lock_question(cur, tenant.id, question_id), permission)
        on = (not before[column]) if wanted is None else wanted
        changed = on != before[column]
        if changed:
            await apply_flag(cur, caller, flag, before, on)
        row = await q.select_question(cur, tenant.id, question_id, user.id, attributed(settings))
    assert row is not None  # locked by the transaction above
    if changed:
        await announce(bus, tenant.id, event, row)
    return question_json(row, user.id)


async def apply_flag(cur, caller: Caller, flag: str, before: dict[str, Any], on: bool,
                     record: bool = True) -> None:
    """Write one flag change and (unless a bulk action records it) its audit row."""
    _, _, actions, _ = FLAGS[flag]
    await q.update_flag(cur, flag, caller.tenant.id, before["id"], caller.user.id, on)
    if record:
        await audit.record(cur, caller.tenant.id, caller.actor, audit.Entry(
            actions[0] if on else actions[1], "Question", before["id"],
            metadata={"questionBody": before["body"][:100], "teamId": before["team_id"]}))

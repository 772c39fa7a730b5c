"""Moderation: the review queue, approve and reject, the moderation queue and its statistics.

Moderators see and act on the teams they moderate; admins and owners on every team.
"""

from __future__ import annotations

from typing import Any

import aiopg

from pulsestage.admin import audit
from pulsestage.auth.identity import SessionUser
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.errors import Conflict, Forbidden
from pulsestage.qa import notify
from pulsestage.qa import questions_queries as q
from pulsestage.qa import review_queries as rq
from pulsestage.qa.access import Caller, attributed, moderated_team_ids, require_to_act
from pulsestage.qa.broadcast import announce, announce_gone
from pulsestage.qa.serialize import question_json
from pulsestage.qa.tx import settings_tx

APPROVED = "Question approved and published"
REJECTED = "Question rejected and removed"


def _scope(user: SessionUser, team_id: str | None) -> dict[str, Any]:
    teams = moderated_team_ids(user)
    if team_id is not None and teams is not None and team_id not in teams:
        raise Forbidden("Access denied to this team")
    return rq.scope_params(teams)


async def review_queue(pool: aiopg.Pool, tenant: Tenant, user: SessionUser, team_id: str | None,
                       confidence: str | None) -> list[dict[str, Any]]:
    """Questions under review in the caller's teams, oldest first."""
    params = {"tenant_id": tenant.id, "viewer_id": user.id, "team_id": team_id,
              "confidence": confidence, **_scope(user, team_id)}
    async with settings_tx(pool, tenant.id, user) as (cur, settings):
        params["attributed"] = attributed(settings)
        rows = await rq.select_review_queue(cur, params)
    return [question_json(r, user.id) for r in rows]


async def _lock_under_review(cur, caller: Caller, question_id: str) -> dict[str, Any]:
    row = require_to_act(caller.user, await q.lock_question(cur, caller.tenant.id, question_id),
                         "question.moderate")
    if row["status"] != "UNDER_REVIEW":
        raise Conflict("Question is not under review", code="not_under_review")
    return row


async def approve(pool: aiopg.Pool, bus, mailer, caller: Caller, question_id: str) -> dict[str, Any]:
    """Publish a held question; its author is told."""
    tenant = caller.tenant
    async with settings_tx(pool, tenant.id, caller.user) as (cur, settings):
        before = await _lock_under_review(cur, caller, question_id)
        await q.update_reviewed(cur, tenant.id, question_id, caller.user.id)
        await audit.record(cur, tenant.id, caller.actor, audit.Entry(
            "question.moderation.approved", "question", question_id, metadata={
                "questionId": question_id, "teamId": before["team_id"],
                "originalReasons": list(before["moderation_reasons"] or []),
                "confidence": before["moderation_confidence"]}))
        row = await q.select_question(cur, tenant.id, question_id, caller.user.id, attributed(settings))
        mail = await notify.prepare(cur, tenant.id, settings, before, "question_approved")
    assert row is not None  # locked and approved by the transaction above
    await announce(bus, tenant.id, "question:approved", row)
    await notify.send(mailer, tenant.id, mail)
    return {**question_json(row, caller.user.id), "message": APPROVED}


async def reject(pool: aiopg.Pool, bus, mailer, caller: Caller, question_id: str,
                 reason: str | None) -> dict[str, Any]:
    """Remove a held question (soft: its author still sees it, with the reason, in "my questions")."""
    tenant = caller.tenant
    reason = reason or notify.DEFAULT_REJECTION
    async with settings_tx(pool, tenant.id, caller.user) as (cur, settings):
        before = await _lock_under_review(cur, caller, question_id)
        await q.update_rejected(cur, tenant.id, question_id, caller.user.id, reason)
        await audit.record(cur, tenant.id, caller.actor, audit.Entry(
            "question.moderation.rejected", "question", question_id, metadata={
                "questionId": question_id, "questionBody": before["body"][:200], "teamId": before["team_id"],
                "originalReasons": list(before["moderation_reasons"] or []),
                "confidence": before["moderation_confidence"], "rejectionReason": reason}))
        mail = await notify.prepare(cur, tenant.id, settings, before, "question_rejected",
                                    rejection_reason=reason)
    await announce_gone(bus, tenant.id, "question:rejected", before)
    await notify.send(mailer, tenant.id, mail)
    return {"message": REJECTED, "questionId": question_id}


async def moderation_queue(pool: aiopg.Pool, tenant: Tenant, user: SessionUser, filters: dict[str, Any]) -> dict:
    """A page of questions for moderators with filters: `{questions, total, limit, offset}`."""
    params = {"tenant_id": tenant.id, "viewer_id": user.id, **filters, **_scope(user, filters["team_id"])}
    async with settings_tx(pool, tenant.id, user) as (cur, settings):
        params["attributed"] = attributed(settings)
        rows, total = await rq.select_queue(cur, params)
    return {"questions": [question_json(r, user.id) for r in rows], "total": total,
            "limit": filters["limit"], "offset": filters["offset"]}


async def stats(pool: aiopg.Pool, tenant: Tenant, user: SessionUser, team_id: str | None,
                start: str | None, end: str | None) -> dict[str, Any]:
    """Who reviewed how much, and how fast (minutes from question to answer)."""
    params = {"tenant_id": tenant.id, "team_id": team_id, "start": start, "end": end, **_scope(user, team_id)}
    async with tenant_tx(pool, tenant.id) as cur:
        rows = await rq.select_stats(cur, params)
    per = [{
        "moderatorId": r["moderator_id"], "moderatorName": r["moderator_name"],
        "moderatorEmail": r["moderator_email"], "questionsReviewed": r["questions_reviewed"],
        "questionsAnswered": r["questions_answered"], "questionsPinned": r["questions_pinned"],
        "questionsFrozen": r["questions_frozen"], "avgResponseTime": r["avg_response_time"],
        "teamsCount": r["teams_count"],
    } for r in rows]
    times = [p["avgResponseTime"] or 0 for p in per]
    return {"overall": {
        "totalQuestionsReviewed": sum(p["questionsReviewed"] for p in per),
        "totalQuestionsAnswered": sum(p["questionsAnswered"] for p in per),
        "totalQuestionsPinned": sum(p["questionsPinned"] for p in per),
        "totalQuestionsFrozen": sum(p["questionsFrozen"] for p in per),
        "activeModerators": len(per),
        "avgResponseTime": round(sum(times) / len(times)) if times else None,
    }, "byModerator": per}

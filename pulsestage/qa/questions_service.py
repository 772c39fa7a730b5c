"""Questions: ask, read, list and search, edit and delete (the author's side of the lifecycle)."""

from __future__ import annotations

import functools
import uuid
from typing import Any

import aiopg

from pulsestage.admin import audit
from pulsestage.admin.settings_doc import load_settings
from pulsestage.auth.identity import SessionUser
from pulsestage.db.tenancy import Tenant, tenant_read, tenant_tx
from pulsestage.db.together import commit_together
from pulsestage.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from pulsestage.qa import moderation, search
from pulsestage.qa import questions_queries as q
from pulsestage.qa.access import Caller, attributed, can_see, require_visible, visible_team_ids
from pulsestage.qa.broadcast import announce, announce_gone
from pulsestage.qa.moderation_remote import RemoteModeration
from pulsestage.qa.serialize import question_json
from pulsestage.qa.tx import settings_for, settings_tx

UNDER_REVIEW_MESSAGE = "Your question is under review and will be published after moderator approval."


def check_length(body: str, settings: dict[str, Any]) -> None:
    """400 unless the text fits the tenant's question length limits."""
    limits = settings["questions"]
    if len(body) < limits["minLength"]:
        raise Invalid(FieldError("body", "min_length", f"Question must be at least {limits['minLength']} characters"))
    if len(body) > limits["maxLength"]:
        raise Invalid(FieldError("body", "max_length", f"Question must not exceed {limits['maxLength']} characters"))


def _anonymous(settings: dict[str, Any], wants_anonymous: bool | None) -> bool:
    # Authors are named only where the tenant attributes questions; there, anonymity is the
    # author's choice unless the tenant disallows anonymous questions.
    features = settings["features"]
    if not features.get("attributedQuestions"):
        return True
    if not features.get("allowAnonymousQuestions", True):
        return False
    return wants_anonymous is not False


async def _team_for(cur, tenant_id: str, team: str | None, user: SessionUser) -> str:
    return _usable_team(await q.select_team(cur, tenant_id, team or user.primary_team_id))


def _team_lookup(tenant_id: str, team: str | None, user: SessionUser) -> tuple[str, dict]:
    """The team lookup as (sql, params), to open the writing transaction with."""
    return q.SELECT_TEAM, {"tenant_id": tenant_id, "team": team or user.primary_team_id}


def _usable_team(row: dict | None) -> str:
    if row is None:
        raise NotFound("Team not found")  # another tenant's team id lands here too
    if not row["is_active"]:
        raise Invalid(FieldError("teamId", "team", "Invalid or inactive team"))
    return row["id"]


async def ask(pool: aiopg.Pool, bus, remote: RemoteModeration | None, caller: Caller, body: str,
              team: str | None, wants_anonymous: bool | None = None) -> dict[str, Any]:
    """Submit a question: moderate it, then publish it, hold it for review, or refuse it.

    With the settings already read for this request and only the local filter (no I/O), the
    whole submission is one transaction; a remote filter is consulted between two, so no
    transaction stays open while it answers.
    """
    tenant, user = caller.tenant, caller.user
    settings = user.tenant_settings
    team_id = None
    if settings is None or (remote is not None and remote.enabled):
        async with settings_tx(pool, tenant.id, user) as (cur, settings):
            check_length(body, settings)
            team_id = await _team_for(cur, tenant.id, team, user)
    else:
        check_length(body, settings)
    anonymous = _anonymous(settings, wants_anonymous)
    mine = {"author_id": user.id, "is_anonymous": anonymous}
    decision = await moderation.moderate(body, remote,
                                         approval_required=bool(settings["features"].get("requireQuestionApproval")))
    if moderation.refused(decision):
        if team_id is None:
            async with tenant_tx(pool, tenant.id) as cur:
                team_id = await _team_for(cur, tenant.id, team, user)
        await moderation.refuse(pool, tenant.id, caller.actor_on(mine), decision, body, team_id)
    lookup = _team_lookup(tenant.id, team, user) if team_id is None else None
    async with tenant_tx(pool, tenant.id, first=lookup) as cur:
        if team_id is None:
            team_id = _usable_team(await cur.fetchone())  # the lookup travelled with BEGIN
        row = await _store(cur, caller, decision, body, team_id, anonymous, attributed(settings))
    await announce(bus, tenant.id, "question:created", row)
    out = question_json(row, user.id)
    if decision.status == "UNDER_REVIEW":
        out["message"] = UNDER_REVIEW_MESSAGE
    return out


async def _store(cur, caller: Caller, decision: moderation.Decision, body: str, team_id: str,
                 anonymous: bool, attributed_: bool) -> dict[str, Any]:
    """Insert the question with its audit row, commit, and read it back in the full shape: one round trip."""
    tenant_id, verdict, question_id = caller.tenant.id, decision.verdict, str(uuid.uuid4())
    inserting = q.inserting({
        "id": question_id, "tenant_id": tenant_id, "body": body, "status": decision.status,
        "team_id": team_id, "author_id": caller.user.id, "is_anonymous": anonymous,
        "reasons": list(verdict.reasons) if verdict.flagged else [],
        "confidence": verdict.confidence if verdict.flagged else None,
        "providers": list(verdict.providers) if verdict.flagged else [],
    })
    if decision.status == "UNDER_REVIEW":
        entry = audit.Entry("question.moderation.under_review", "question", question_id, metadata={
            "questionId": question_id, "teamId": team_id, "reasons": list(verdict.reasons),
            "confidence": verdict.confidence if verdict.flagged else None,
            "moderationId": decision.moderation_id, "approvalRequired": not verdict.flagged or None})
    else:
        entry = audit.Entry("question.create", "Question", question_id,
                            after={"id": question_id, "teamId": team_id, "status": decision.status})
    mine = {"author_id": caller.user.id, "is_anonymous": anonymous}
    await commit_together(cur, tenant_id, inserting, audit.appending(tenant_id, caller.actor_on(mine), entry),
                          then=q.selecting(tenant_id, question_id, caller.user.id, attributed_))
    row = await cur.fetchone()
    assert row is not None  # inserted and committed just above (the read runs after the commit)
    return row


async def get_one(pool: aiopg.Pool, tenant: Tenant, user: SessionUser, question_id: str) -> dict[str, Any]:
    """One question the caller may see."""
    async with tenant_tx(pool, tenant.id) as cur:
        settings = await settings_for(cur, tenant.id, user)
        row = await q.select_question(cur, tenant.id, question_id, user.id, attributed(settings))
    return question_json(require_visible(user, row), user.id)


async def list_questions(pool: aiopg.Pool, tenant: Tenant, user: SessionUser, query: dict[str, Any]) -> dict:
    """A page of questions with the (capped) total: `{questions, total, page, pageSize, totalCapped}`.

    The page is one bound read (one round trip) when the settings came with the caller; a team
    filter is resolved by a read of its own first.
    """
    team_id = None
    if query.get("team"):
        found = await tenant_read(pool, tenant.id, q.SELECT_TEAM, {"tenant_id": tenant.id, "team": query["team"]})
        if not found:
            raise NotFound("Team not found")
        team_id = found[0]["id"]
    settings = user.tenant_settings
    if settings is None:
        async with tenant_tx(pool, tenant.id) as cur:
            settings = await load_settings(cur, tenant.id)
    spec = search.ListQuery(
        tenant_id=tenant.id, viewer_id=user.id, attributed=attributed(settings),
        team_id=team_id, team_ids=None if team_id else visible_team_ids(user),
        **{k: v for k, v in query.items() if k != "team"})
    rows, total, capped = await search.run(functools.partial(tenant_read, pool, tenant.id), spec)
    return {"questions": [question_json(r, user.id) for r in rows], "total": total,
            "page": spec.page, "pageSize": spec.page_size, "totalCapped": capped}


async def questions_by_author(pool: aiopg.Pool, tenant: Tenant, user: SessionUser, *,
                              include_rejected: bool = True) -> list[dict[str, Any]]:
    """The caller's own questions, newest first, any status (for "my questions")."""
    async with tenant_tx(pool, tenant.id) as cur:
        settings = await settings_for(cur, tenant.id, user)
        rows = await q.select_by_author(cur, tenant.id, user.id, attributed(settings), include_rejected)
    out = []
    for row in rows:
        item = question_json(row, user.id)
        item["rejected"] = row["deleted_at"] is not None
        item["rejectionReason"] = row["rejection_reason"] if item["rejected"] else None
        out.append(item)
    return out


async def edit(pool: aiopg.Pool, bus, remote: RemoteModeration | None, caller: Caller,
               question_id: str, body: str) -> dict[str, Any]:
    """The author rewrites their question while nobody has answered or frozen it."""
    tenant = caller.tenant
    async with tenant_tx(pool, tenant.id) as cur:
        settings = await settings_for(cur, tenant.id, caller.user)
        row = require_visible(caller.user, await q.lock_question(cur, tenant.id, question_id))
        _check_editable(caller, row)
        check_length(body, settings)
    decision = await moderation.moderate(body, remote, approval_required=False)
    if moderation.refused(decision):
        await moderation.refuse(pool, tenant.id, caller.actor_on(row), decision, body, row["team_id"], question_id)
    async with tenant_tx(pool, tenant.id) as cur:
        before = require_visible(caller.user, await q.lock_question(cur, tenant.id, question_id))
        _check_editable(caller, before)
        verdict, held = decision.verdict, decision.status == "UNDER_REVIEW"
        status = "UNDER_REVIEW" if held else before["status"]
        await q.update_body(cur, {
            "tenant_id": tenant.id, "question_id": question_id, "body": body, "status": status,
            "reasons": list(verdict.reasons) if held else list(before["moderation_reasons"] or []),
            "confidence": verdict.confidence if held else before["moderation_confidence"],
            "providers": list(verdict.providers) if held else [],
        })
        await audit.record(cur, tenant.id, caller.actor_on(before), audit.Entry(
            "question.update", "Question", question_id,
            before={"id": question_id, "body": before["body"], "status": before["status"]},
            after={"id": question_id, "body": body, "status": status}))
        fresh = await q.select_question(cur, tenant.id, question_id, caller.user.id, attributed(settings))
    assert fresh is not None  # locked and updated by the transaction above
    if before["status"] != "UNDER_REVIEW" and status == "UNDER_REVIEW":
        await announce_gone(bus, tenant.id, "question:deleted", before)  # it left the public list
    await announce(bus, tenant.id, "question:updated", fresh)
    out = question_json(fresh, caller.user.id)
    if held:
        out["message"] = UNDER_REVIEW_MESSAGE
    return out


def _check_editable(caller: Caller, row: dict[str, Any]) -> None:
    if not caller.is_author(row):
        raise Forbidden("Only the author can edit this question")
    if row["status"] == "ANSWERED":
        raise Conflict("An answered question can no longer be edited", code="question_answered")
    if row["is_frozen"]:
        raise Conflict("This question is frozen", code="question_frozen")


async def remove(pool: aiopg.Pool, bus, caller: Caller, question_id: str) -> None:
    """Soft-delete: the author before an answer, admins and owners at any time."""
    tenant = caller.tenant
    async with tenant_tx(pool, tenant.id) as cur:
        row = await q.lock_question(cur, tenant.id, question_id)
        if row is None or not can_see(caller.user, row):
            raise NotFound("Question not found")
        may_delete = caller.user.can("question.delete", row["team_id"])
        if not may_delete and not caller.is_author(row):
            raise Forbidden("This action requires question.delete permission")
        if not may_delete and row["status"] == "ANSWERED":
            raise Conflict("An answered question can only be removed by an admin", code="question_answered")
        await q.soft_delete(cur, tenant.id, question_id)
        await audit.record(cur, tenant.id, caller.actor_on(row), audit.Entry(
            "question.delete", "Question", question_id,
            before={"id": question_id, "status": row["status"], "teamId": row["team_id"]},
            metadata={"questionBody": row["body"][:100], "byAuthor": caller.is_author(row) or None}))
    await announce_gone(bus, tenant.id, "question:deleted", row)

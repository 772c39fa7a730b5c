"""HTTP routes for moderators: answer, pin, freeze, review queue, approve/reject, bulk, stats.

The route guard only says "a moderator somewhere"; the team-scoped check (moderates the question's
team, or admin/owner) happens in the service, on the question's own team.
"""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.auth.guards import require_user
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_ok
from pulsestage.http.validation import Checker, json_body
from pulsestage.qa import answers_service, bulk_service, params, review_service
from pulsestage.qa import schemas as s
from pulsestage.qa.questions_routes import caller_of

MAX_BULK = 100


def _mailer(request: web.Request):
    # The mail pipeline is optional: without it, outcomes are simply not e-mailed.
    return request.app[keys.MAILER] if keys.MAILER in request.app else None


@doc(summary="Answer a question, or replace its answer", body=s.RESPOND, response=s.QUESTION)
async def respond(request: web.Request) -> web.Response:
    """Answer."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    response = check.string("response", min_len=1, max_len=10_000)
    check.done()
    return json_ok(await answers_service.answer(
        request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS), _mailer(request), caller_of(request, user),
        request.match_info["id"], response))


@doc(summary="Pin or unpin (toggle, or body {pinned})", body=s.PIN, response=s.QUESTION)
async def pin(request: web.Request) -> web.Response:
    """Pin toggle."""
    return await _flag(request, "pin", "pinned")


@doc(summary="Freeze or unfreeze (toggle, or body {frozen})", body=s.FREEZE, response=s.QUESTION)
async def freeze(request: web.Request) -> web.Response:
    """Freeze toggle."""
    return await _flag(request, "freeze", "frozen")


async def _flag(request: web.Request, flag: str, field: str) -> web.Response:
    user = await require_user(request)
    check = Checker(await json_body(request))
    wanted = check.boolean(field)
    check.done()
    return json_ok(await answers_service.set_flag(
        request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS), caller_of(request, user), flag,
        request.match_info["id"], wanted))


@doc(summary="Questions waiting for review in my teams, oldest first",
     query={"teamId": s.STR, "confidence": {"type": "string", "enum": ["high", "medium", "low"]}},
     response=s.array(s.QUESTION))
async def review_queue(request: web.Request) -> web.Response:
    """Review queue."""
    user = await require_user(request)
    p = params.Query(request)
    team_id = p.text("teamId", max_len=100)
    confidence = p.choice("confidence", ("high", "medium", "low"), None)
    p.done()
    return json_ok(await review_service.review_queue(request.app[keys.PG_POOL], request[keys.TENANT], user,
                                                     team_id, confidence))


@doc(summary="Publish a question held for review", response=s.QUESTION)
async def approve(request: web.Request) -> web.Response:
    """Approve."""
    user = await require_user(request)
    return json_ok(await review_service.approve(
        request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS), _mailer(request), caller_of(request, user),
        request.match_info["id"]))


@doc(summary="Reject a question held for review (its author is told why)", body=s.REJECT, response=s.REJECTED)
async def reject(request: web.Request) -> web.Response:
    """Reject."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    reason = check.string("reason", required=False, max_len=500) or None
    check.done()
    return json_ok(await review_service.reject(
        request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS), _mailer(request), caller_of(request, user),
        request.match_info["id"], reason))


@doc(summary="Questions of my teams for moderators, with filters and a total", query=s.QUEUE_QUERY,
     response=s.QUEUE_PAGE)
async def moderation_queue(request: web.Request) -> web.Response:
    """Moderation queue."""
    user = await require_user(request)
    filters = params.queue_query(request)
    return json_ok(await review_service.moderation_queue(request.app[keys.PG_POOL], request[keys.TENANT], user,
                                                         filters))


@doc(summary="Add or remove a tag on many questions", body=s.BULK_TAG, response=s.BULK_RESULT)
async def bulk_tag(request: web.Request) -> web.Response:
    """Bulk tag."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    ids = check.string_list("questionIds", min_items=1, max_items=MAX_BULK, item=lambda v: 0 < len(v) <= 100)
    tag_id = check.string("tagId", min_len=1, max_len=100)
    action = check.choice("action", ("add", "remove"))
    check.done()
    return json_ok(await bulk_service.bulk_tag(request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS),
                                               caller_of(request, user), ids, tag_id, action))


@doc(summary="Pin, unpin, freeze, unfreeze or delete (admins) many questions", body=s.BULK_ACTION,
     response=s.BULK_RESULT)
async def bulk_action(request: web.Request) -> web.Response:
    """Bulk action."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    ids = check.string_list("questionIds", min_items=1, max_items=MAX_BULK, item=lambda v: 0 < len(v) <= 100)
    action = check.choice("action", tuple(bulk_service.ACTIONS))
    check.done()
    return json_ok(await bulk_service.bulk_action(request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS),
                                                  caller_of(request, user), ids, action))


@doc(summary="Moderation statistics per moderator",
     query={"teamId": s.STR, "startDate": {"type": "string", "format": "date"},
            "endDate": {"type": "string", "format": "date"}}, response=s.STATS)
async def moderation_stats(request: web.Request) -> web.Response:
    """Moderation stats."""
    user = await require_user(request)
    p = params.Query(request)
    team_id = p.text("teamId", max_len=100)
    start, end = p.date("startDate"), p.date("endDate")
    p.done()
    return json_ok(await review_service.stats(request.app[keys.PG_POOL], request[keys.TENANT], user,
                                              team_id, start, end))


MODERATOR_ROUTES = [
    ("POST", "/api/questions/{id}/respond", respond),
    ("POST", "/api/questions/{id}/pin", pin),
    ("POST", "/api/questions/{id}/freeze", freeze),
    ("GET", "/api/admin/moderation/review-queue", review_queue),
    ("POST", "/api/admin/moderation/approve/{id}", approve),
    ("POST", "/api/admin/moderation/reject/{id}", reject),
    ("GET", "/api/admin/moderation-queue", moderation_queue),
    ("POST", "/api/admin/bulk-tag", bulk_tag),
    ("POST", "/api/admin/bulk-action", bulk_action),
]
ADMIN_ROUTES = [
    ("GET", "/api/admin/stats/moderation", moderation_stats),
]

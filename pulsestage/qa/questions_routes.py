"""HTTP routes for questions and upvotes: parse, authorise, call one service function, respond."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.auth.guards import require_permission, require_user
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_created, json_ok
from pulsestage.http.validation import Checker, json_body
from pulsestage.qa import params, questions_service, upvotes_service
from pulsestage.qa import schemas as s
from pulsestage.qa.access import Caller
from pulsestage.qa.moderation_remote import RemoteModeration

MAX_BATCH = 200


def caller_of(request: web.Request, user) -> Caller:
    """The caller of this request, with IP and user agent for the audit trail."""
    return Caller(request[keys.TENANT], user, request.remote, request.headers.get("User-Agent"))


def remote_of(request: web.Request) -> RemoteModeration:
    """The optional remote moderation endpoint, as configured."""
    m = request.app[keys.CONFIG].moderation
    return RemoteModeration(m.openai_api_key, m.openai_url, m.timeout_seconds)


def forget_actor_for_logs(request: web.Request) -> None:
    """Keep the access-log line of this request free of the user id.

    The line is written after the handler returns; with the user id in it, "who posted at 10:02"
    would name the author of the question created at 10:02. Called once the work is done.
    """
    request[keys.SESSION_USER] = None


@doc(summary="List questions (filters, sort, pagination with total)", query=s.LIST_QUERY, response=s.QUESTION_PAGE)
async def list_questions(request: web.Request) -> web.Response:
    """List questions."""
    user = await require_user(request)
    query = params.list_query(request)
    return json_ok(await questions_service.list_questions(request.app[keys.PG_POOL], request[keys.TENANT], user, query))


@doc(summary="Search questions of every visible status (similar-question hints)",
     query={"q": s.STR, "teamId": s.STR}, response=s.array(s.QUESTION))
async def search_questions(request: web.Request) -> web.Response:
    """Up to 10 published questions matching the text, best first."""
    user = await require_user(request)
    text = (request.query.get("q") or "").strip()[: params.MAX_SEARCH]
    if len(text) < 2:
        return json_ok([])
    query = {"status": "all", "team": request.query.get("teamId") or None, "tag": None, "date_from": None,
             "date_to": None, "search": text, "sort": "relevance", "page": 1, "page_size": 10}
    page = await questions_service.list_questions(request.app[keys.PG_POOL], request[keys.TENANT], user, query)
    return json_ok(page["questions"])


@doc(summary="Submit a question (moderated)", body=s.ASK, response=s.QUESTION, status=201)
async def create_question(request: web.Request) -> web.Response:
    """Ask a question."""
    user = await require_permission(request, "question.submit")
    check = Checker(await json_body(request))
    body = check.string("body", max_len=100_000)
    team = check.string("teamId", required=False, max_len=100)
    anonymous = check.boolean("isAnonymous")
    check.done()
    question = await questions_service.ask(
        request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS), remote_of(request),
        caller_of(request, user), body, team, anonymous)
    forget_actor_for_logs(request)
    return json_created(question)


@doc(summary="One question", response=s.QUESTION)
async def get_question(request: web.Request) -> web.Response:
    """A question the caller may see."""
    user = await require_user(request)
    return json_ok(await questions_service.get_one(request.app[keys.PG_POOL], request[keys.TENANT], user,
                                                   request.match_info["id"]))


@doc(summary="Edit your own question before it is answered (moderated again)", body=s.EDIT, response=s.QUESTION)
async def edit_question(request: web.Request) -> web.Response:
    """The author edits the text."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    body = check.string("body", max_len=100_000)
    check.done()
    question = await questions_service.edit(request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS),
                                            remote_of(request), caller_of(request, user),
                                            request.match_info["id"], body)
    forget_actor_for_logs(request)
    return json_ok(question)


@doc(summary="Delete a question (the author before it is answered; admins always)",
     response=s.obj(success=s.BOOL))
async def delete_question(request: web.Request) -> web.Response:
    """Soft-delete a question."""
    user = await require_user(request)
    await questions_service.remove(request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS),
                                   caller_of(request, user), request.match_info["id"])
    forget_actor_for_logs(request)
    return json_ok({"success": True})


@doc(summary="Upvote a question", response=s.QUESTION)
async def add_upvote(request: web.Request) -> web.Response:
    """Add my upvote."""
    return await _upvote(request, True)


@doc(summary="Remove my upvote", response=s.QUESTION)
async def remove_upvote(request: web.Request) -> web.Response:
    """Take my upvote back."""
    return await _upvote(request, False)


async def _upvote(request: web.Request, on: bool) -> web.Response:
    user = await require_permission(request, "question.upvote")
    return json_ok(await upvotes_service.upvote(request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS),
                                                request[keys.TENANT], user, request.match_info["id"], on))


@doc(summary="Whether I upvoted a question, and whether I may", response=s.UPVOTE_STATUS)
async def upvote_status(request: web.Request) -> web.Response:
    """My upvote state for one question."""
    user = await require_user(request)
    return json_ok(await upvotes_service.status(request.app[keys.PG_POOL], request[keys.TENANT], user,
                                                request.match_info["id"]))


@doc(summary="Which of these questions I upvoted (one request for a whole list)", body=s.UPVOTE_BATCH,
     response=s.UPVOTED)
async def upvote_statuses(request: web.Request) -> web.Response:
    """Batched upvote state."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    ids = check.string_list("questionIds", max_items=MAX_BATCH, item=lambda v: 0 < len(v) <= 100)
    check.done()
    upvoted = await upvotes_service.statuses(request.app[keys.PG_POOL], request[keys.TENANT], user, ids)
    return json_ok({"upvoted": upvoted})


ROUTES = [
    ("GET", "/api/questions", list_questions),
    ("POST", "/api/questions", create_question),
    ("GET", "/api/questions/search", search_questions),
    ("POST", "/api/questions/upvote-status", upvote_statuses),
    ("GET", "/api/questions/{id}", get_question),
    ("PATCH", "/api/questions/{id}", edit_question),
    ("DELETE", "/api/questions/{id}", delete_question),
    ("POST", "/api/questions/{id}/upvote", add_upvote),
    ("DELETE", "/api/questions/{id}/upvote", remove_upvote),
    ("GET", "/api/questions/{id}/upvote-status", upvote_status),
]

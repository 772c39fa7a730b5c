"""HTTP routes of presentation mode."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.auth.guards import require_user
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_ok
from pulsestage.http.validation import Checker, json_body
from pulsestage.qa import presentation
from pulsestage.qa import schemas as s
from pulsestage.qa.questions_routes import caller_of


@doc(summary="What is being presented right now", response=s.PRESENTATION)
async def get_presentation(request: web.Request) -> web.Response:
    """Presentation state."""
    await require_user(request)
    return json_ok(await presentation.current(request.app[keys.PRESENTATION], request[keys.TENANT]))


@doc(summary="Start presenting a team (teamId null = every team, admins)", body=s.PRESENT_START,
     response=s.PRESENTATION)
async def start(request: web.Request) -> web.Response:
    """Start."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    team = check.string("teamId", required=False, max_len=100) or None
    check.done()
    return json_ok(await presentation.start(request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS),
                                            request.app[keys.PRESENTATION], caller_of(request, user), team))


@doc(summary="Show a question (questionId null clears the screen)", body=s.PRESENT_CURRENT,
     response=s.PRESENTATION)
async def show(request: web.Request) -> web.Response:
    """Change the question on screen."""
    user = await require_user(request)
    check = Checker(await json_body(request))
    question_id = check.string("questionId", required=False, max_len=100) or None
    check.done()
    return json_ok(await presentation.show(request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS),
                                           request.app[keys.PRESENTATION], caller_of(request, user), question_id))


@doc(summary="Stop presenting", response=s.PRESENTATION)
async def stop(request: web.Request) -> web.Response:
    """Stop."""
    user = await require_user(request)
    return json_ok(await presentation.stop(request.app[keys.PG_POOL], request.app.get(keys.EVENT_BUS),
                                           request.app[keys.PRESENTATION], caller_of(request, user)))


PARTICIPANT_ROUTES = [("GET", "/api/presentation", get_presentation)]
MODERATOR_ROUTES = [
    ("POST", "/api/presentation/start", start),
    ("POST", "/api/presentation/current", show),
    ("POST", "/api/presentation/stop", stop),
]

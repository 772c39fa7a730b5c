"""HTTP routes of the pulse for signed-in people: summary, my invites, my history; and area wiring."""

from __future__ import annotations

import datetime as dt
import functools

from aiohttp import web

from pulsestage import keys
from pulsestage.auth.guards import require_user
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_ok
from pulsestage.http.routing import add_routes
from pulsestage.http.validation import query_int
from pulsestage.pulse import admin_routes, mine, respond_page
from pulsestage.pulse import summary as summary_service
from pulsestage.pulse.runner import already_delivered, confirm_delivery
from pulsestage.pulse.timing import local_today

_CELL_PROPERTIES: dict = {"average": {"type": ["number", "null"]}, "responseCount": {"type": ["integer", "null"]},
                          "insufficient": {"type": "boolean"}}
_CELL = {"type": "object", "properties": _CELL_PROPERTIES}
SUMMARY = {"type": "object", "properties": {
    "tenantId": {"type": "string"}, "anonThreshold": {"type": "integer"}, "range": {"type": "string"},
    "team": {"type": ["object", "null"]}, "weeks": {"type": "array", "items": {"type": "string", "format": "date"}},
    "summary": {"type": "object", "properties": {
        "overallTrend": {"type": "array", "items": {"type": "object", "properties": {
            "weekStart": {"type": "string"}, **_CELL_PROPERTIES, "participation": {"type": ["number", "null"]},
            "nps": _CELL}}},
        "totalResponses": {"type": "integer"}, "totalInvites": {"type": "integer"},
        "participationRate": {"type": ["number", "null"]}}},
    "questions": {"type": "array", "items": {"type": "object"}},
    "heatmap": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": _CELL}}}}


@doc(summary="Pulse trends (anonymity threshold from settings; small groups hidden)", response=SUMMARY,
     query={"range": {"type": "string", "example": "12w"}, "team": {"type": "string", "description": "team id or slug"}})
async def get_summary(request: web.Request) -> web.Response:
    """Weekly trends per question, scale and category for one team or all teams."""
    await require_user(request)
    weeks = summary_service.parse_range(request.query.get("range"))
    # Deliberately no threshold parameter: the threshold comes only from the tenant's settings.
    return json_ok(await summary_service.summary(
        request.app[keys.PG_POOL], request[keys.TENANT].id, weeks, request.query.get("team") or None,
        dt.datetime.now(dt.UTC)))


@doc(summary="My open pulse invites")
async def my_invites(request: web.Request) -> web.Response:
    """Unanswered, unexpired invites of the signed-in user, with their tokens for the check-in page."""
    user = await require_user(request)
    return json_ok(await mine.my_invites(request.app[keys.PG_POOL], request[keys.TENANT].id, user.id))


@doc(summary="What I was asked and whether I answered (never scores)", query={"weeks": {"type": "integer"}})
async def my_history(request: web.Request) -> web.Response:
    """One entry per week, newest first."""
    user = await require_user(request)
    weeks = query_int(request, "weeks", 8, 1, 52)
    today = local_today(dt.datetime.now(dt.UTC), "UTC")
    return json_ok(await mine.my_history(request.app[keys.PG_POOL], request[keys.TENANT].id, user.id, weeks, today))


async def _confirm(app: web.Application, job) -> None:
    metrics = app.get(keys.METRICS)
    if await confirm_delivery(app[keys.PG_POOL], job) and metrics is not None:
        metrics.pulse_invites_sent.inc()


async def _delivered(app: web.Application, job) -> bool:
    return await already_delivered(app[keys.PG_POOL], job)


def setup_routes(app: web.Application) -> None:
    """Register every pulse route, the mail hook that marks invites as sent and the check that sends once."""
    add_routes(app, "participant", [
        ("GET", "/api/pulse/summary", get_summary),
        ("GET", "/api/pulse/my-invites", my_invites),
        ("GET", "/api/pulse/my-history", my_history),
    ])
    admin_routes.setup_routes(app)
    respond_page.setup_routes(app)
    app.setdefault(keys.MAIL_SENT_HOOKS, []).append(functools.partial(_confirm, app))
    app.setdefault(keys.MAIL_SKIP_CHECKS, []).append(functools.partial(_delivered, app))

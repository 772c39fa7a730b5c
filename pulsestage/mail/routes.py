"""HTTP routes of the e-mail area: the queue admin page, and the public unsubscribe page (unsubscribe_page.py)."""

from __future__ import annotations

from aiohttp import web

from pulsestage import keys
from pulsestage.admin.audit import Actor
from pulsestage.auth.guards import require_user
from pulsestage.errors import DependencyDown
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_ok
from pulsestage.http.routing import add_routes
from pulsestage.mail import service, unsubscribe_page

_JOB = {"type": "object", "properties": {
    "id": {"type": "string"}, "template": {"type": "string"}, "to": {"type": "string"},
    "subject": {"type": "string"}, "attempts": {"type": "integer"}, "createdAt": {"type": "integer"},
    "lastError": {"type": ["string", "null"]}, "finishedAt": {"type": ["integer", "null"]}}}
STATUS = {"type": "object", "properties": {
    "store": {"enum": ["memory", "redis"]}, "maxAttempts": {"type": "integer"}, "depth": {"type": "integer"},
    "metrics": {"type": "object", "properties": {n: {"type": "integer"} for n in (
        "waiting", "delayed", "inFlight", "dead", "sent", "retried", "failed")}},
    "deadLetters": {"type": "array", "items": _JOB}, "recent": {"type": "array", "items": _JOB}}}


def _queue(request: web.Request):
    if keys.MAIL_QUEUE not in request.app:
        raise DependencyDown("The e-mail queue is not running")
    return request.app[keys.MAIL_QUEUE]


async def _actor(request: web.Request) -> Actor:
    user = await require_user(request)
    return Actor(user.id, request.remote, request.headers.get("User-Agent"))


@doc(summary="E-mail queue status for my organisation", response=STATUS)
async def queue_status(request: web.Request) -> web.Response:
    """Depth, in flight, sent and failed counts, dead letters."""
    return json_ok(await service.queue_status(_queue(request), request[keys.TENANT].id))


@doc(summary="Retry a dead-lettered e-mail")
async def retry_dead(request: web.Request) -> web.Response:
    """Queue the dead letter again with fresh attempts."""
    return json_ok(await service.retry_dead_letter(
        request.app[keys.PG_POOL], _queue(request), request[keys.TENANT].id, await _actor(request),
        request.match_info["id"]))


@doc(summary="Discard a dead-lettered e-mail")
async def discard_dead(request: web.Request) -> web.Response:
    """Delete the dead letter."""
    return json_ok(await service.discard_dead_letter(
        request.app[keys.PG_POOL], _queue(request), request[keys.TENANT].id, await _actor(request),
        request.match_info["id"]))


def setup_routes(app: web.Application) -> None:
    """Register the e-mail queue admin routes and the public unsubscribe page."""
    unsubscribe_page.setup_routes(app)
    add_routes(app, "admin", [
        ("GET", "/api/admin/email-queue", queue_status),
        ("POST", "/api/admin/email-queue/dead/{id}/retry", retry_dead),
        ("DELETE", "/api/admin/email-queue/dead/{id}", discard_dead),
    ])

"""HTTP routes for pulse administration: questions, schedule, cohorts, manual trigger (admin/owner)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import available_timezones

from aiohttp import web

from pulsestage import keys
from pulsestage.admin.audit import Actor
from pulsestage.auth.guards import require_user
from pulsestage.errors import NotFound
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_created, json_ok
from pulsestage.http.routing import add_routes
from pulsestage.http.validation import Checker, json_body
from pulsestage.pulse import admin_service as service
from pulsestage.pulse.runner import RunOptions, run_pulse

SCALES = ("LIKERT_1_5", "NPS_0_10")
CADENCES = ("WEEKLY", "BIWEEKLY", "MONTHLY")
HH_MM = r"([01]\d|2[0-3]):[0-5]\d"
QUESTION_BODY = {"type": "object", "properties": {
    "text": {"type": "string", "maxLength": 500}, "category": {"type": ["string", "null"]},
    "scale": {"enum": list(SCALES)}, "active": {"type": "boolean"}}}
SCHEDULE_BODY = {"type": "object", "properties": {
    "cadence": {"enum": list(CADENCES)}, "dayOfWeek": {"type": "integer", "minimum": 0, "maximum": 6},
    "timeOfDay": {"type": "string", "pattern": HH_MM}, "timezone": {"type": "string"},
    "rotatingCohorts": {"type": "boolean"}, "enabled": {"type": "boolean"}}}
COHORT_BODY = {"type": "object", "properties": {
    "name": {"type": "string"}, "userIds": {"type": "array", "items": {"type": "string"}},
    "position": {"type": "integer"}}}
TRIGGER_BODY = {"type": "object", "properties": {"cohortName": {"type": "string"},
                                                 "tenantId": {"type": "string", "description": "must be this tenant"}}}


async def _ctx(request: web.Request):
    user = await require_user(request)
    return request.app[keys.PG_POOL], request[keys.TENANT].id, Actor(user.id, request.remote,
                                                                    request.headers.get("User-Agent"))


def _question_values(data: dict, *, creating: bool) -> dict:
    check = Checker(data)
    values: dict = {}
    if creating or "text" in data:
        values["text"] = check.string("text", min_len=1, max_len=500)
    if "category" in data:
        values["category"] = check.string("category", required=False, max_len=100) or None
    if creating or "scale" in data:
        values["scale"] = check.choice("scale", SCALES)
    if "active" in data:
        values["active"] = check.boolean("active", required=True)
    check.done()
    return values


@doc(summary="List pulse questions", tags=["pulse-admin"])
async def list_questions(request: web.Request) -> web.Response:
    """Every pulse question in rotation order."""
    pool, tenant_id, _ = await _ctx(request)
    return json_ok(await service.list_questions(pool, tenant_id))


@doc(summary="Create a pulse question", body=QUESTION_BODY, status=201, tags=["pulse-admin"])
async def create_question(request: web.Request) -> web.Response:
    """text, scale (LIKERT_1_5 | NPS_0_10), category?"""
    pool, tenant_id, actor = await _ctx(request)
    values = _question_values(await json_body(request), creating=True)
    return json_created(await service.create_question(pool, tenant_id, actor, values))


@doc(summary="Change a pulse question", body=QUESTION_BODY, tags=["pulse-admin"])
async def update_question(request: web.Request) -> web.Response:
    """Any of text, category, scale (only before it was asked), active."""
    pool, tenant_id, actor = await _ctx(request)
    values = _question_values(await json_body(request), creating=False)
    return json_ok(await service.update_question(pool, tenant_id, actor, request.match_info["id"], values))


@doc(summary="Delete a pulse question (deactivates it when it has history)", tags=["pulse-admin"])
async def delete_question(request: web.Request) -> web.Response:
    """Never-asked questions are deleted; asked ones are deactivated and keep their history."""
    pool, tenant_id, actor = await _ctx(request)
    return json_ok(await service.delete_question(pool, tenant_id, actor, request.match_info["id"]))


@doc(summary="The pulse schedule", tags=["pulse-admin"])
async def get_schedule(request: web.Request) -> web.Response:
    """The schedule, or null before it is first saved."""
    pool, tenant_id, _ = await _ctx(request)
    return json_ok(await service.get_schedule(pool, tenant_id))


@doc(summary="Save the pulse schedule", body=SCHEDULE_BODY, tags=["pulse-admin"])
async def save_schedule(request: web.Request) -> web.Response:
    """Any of cadence, dayOfWeek (0 = Sunday), timeOfDay (HH:MM), timezone (IANA), rotatingCohorts, enabled."""
    pool, tenant_id, actor = await _ctx(request)
    data = await json_body(request)
    check = Checker(data)
    readers = {
        "cadence": ("cadence", lambda: check.choice("cadence", CADENCES)),
        "dayOfWeek": ("day_of_week", lambda: check.integer("dayOfWeek", required=True, minimum=0, maximum=6)),
        "timeOfDay": ("time_of_day", lambda: check.string("timeOfDay", pattern=HH_MM)),
        "timezone": ("timezone", lambda: check.string("timezone", max_len=64)),
        "rotatingCohorts": ("rotating_cohorts", lambda: check.boolean("rotatingCohorts", required=True)),
        "enabled": ("enabled", lambda: check.boolean("enabled", required=True)),
    }
    for key in data:
        if key not in readers:
            check.fail(key, "unknown", f"{key} is not a schedule field; use one of: {', '.join(readers)}")
    changes = {column: read() for key, (column, read) in readers.items() if key in data}
    if "timezone" in changes and changes["timezone"] not in available_timezones():
        check.fail("timezone", "timezone", "timezone must be an IANA time zone such as Europe/Berlin")
    check.done()
    return json_ok(await service.save_schedule(pool, tenant_id, actor, changes))


def _cohort_values(data: dict, *, creating: bool) -> dict:
    check = Checker(data)
    values: dict = {}
    if creating or "name" in data:
        values["name"] = check.string("name", min_len=1, max_len=100)
    if creating or "userIds" in data:
        ids = check.string_list("userIds", required=creating, max_items=100000)
        values["user_ids"] = list(dict.fromkeys(ids))
    if "position" in data:
        values["position"] = check.integer("position", required=True, minimum=0, maximum=10000)
    check.done()
    return values


@doc(summary="List cohorts with their users", tags=["pulse-admin"])
async def list_cohorts(request: web.Request) -> web.Response:
    """Cohorts in rotation order."""
    pool, tenant_id, _ = await _ctx(request)
    return json_ok(await service.list_cohorts(pool, tenant_id))


@doc(summary="Create a cohort", body=COHORT_BODY, status=201, tags=["pulse-admin"])
async def create_cohort(request: web.Request) -> web.Response:
    """name, userIds (JSON array of user ids), position?"""
    pool, tenant_id, actor = await _ctx(request)
    values = _cohort_values(await json_body(request), creating=True)
    return json_created(await service.create_cohort(pool, tenant_id, actor, values))


@doc(summary="Change a cohort", body=COHORT_BODY, tags=["pulse-admin"])
async def update_cohort(request: web.Request) -> web.Response:
    """Any of name, userIds, position."""
    pool, tenant_id, actor = await _ctx(request)
    values = _cohort_values(await json_body(request), creating=False)
    return json_ok(await service.update_cohort(pool, tenant_id, actor, request.match_info["id"], values))


@doc(summary="Delete a cohort", tags=["pulse-admin"])
async def delete_cohort(request: web.Request) -> web.Response:
    """Its users join other cohorts at the next run."""
    pool, tenant_id, actor = await _ctx(request)
    return json_ok(await service.delete_cohort(pool, tenant_id, actor, request.match_info["id"]))


@doc(summary="Rebalance cohorts (optionally to a number of cohorts)", tags=["pulse-admin"],
     body={"type": "object", "properties": {"count": {"type": "integer", "minimum": 1, "maximum": 52}}})
async def rebalance_cohorts(request: web.Request) -> web.Response:
    """Every active user in exactly one cohort; existing assignments kept where possible."""
    pool, tenant_id, actor = await _ctx(request)
    check = Checker(await json_body(request))
    count = check.integer("count", minimum=1, maximum=52)
    check.done()
    return json_ok(await service.rebalance_cohorts(pool, tenant_id, actor, count))


@doc(summary="Send the pulse now (this organisation only)", body=TRIGGER_BODY, tags=["pulse-admin"])
async def trigger(request: web.Request) -> web.Response:
    """Runs the next cohort in rotation (or the named cohort) now."""
    await require_user(request)
    tenant = request[keys.TENANT]
    data = await json_body(request)
    check = Checker(data)
    named_tenant = check.string("tenantId", required=False)
    cohort = check.string("cohortName", required=False, min_len=1, max_len=100)
    check.done()
    # A body naming another tenant is answered as if that tenant did not exist.
    if named_tenant is not None and named_tenant not in (tenant.id, tenant.slug):
        raise NotFound("Tenant not found", code="tenant_not_found")
    config = request.app[keys.CONFIG]
    options = RunOptions(now=dt.datetime.now(dt.UTC), ttl_days=config.pulse.invite_ttl_days,
                         public_url=config.server.public_url, scheduled=False, cohort_name=cohort)
    result = await run_pulse(request.app[keys.PG_POOL], request.app[keys.MAILER], tenant, options)
    return json_ok({"success": True, "message": "Pulse send triggered successfully", "result": result})


def setup_routes(app: web.Application) -> None:
    """Register the pulse admin routes."""
    add_routes(app, "admin", [
        ("GET", "/api/admin/pulse/questions", list_questions),
        ("POST", "/api/admin/pulse/questions", create_question),
        ("PUT", "/api/admin/pulse/questions/{id}", update_question),
        ("PATCH", "/api/admin/pulse/questions/{id}", update_question),
        ("DELETE", "/api/admin/pulse/questions/{id}", delete_question),
        ("GET", "/api/admin/pulse/schedule", get_schedule),
        ("PUT", "/api/admin/pulse/schedule", save_schedule),
        ("GET", "/api/admin/pulse/cohorts", list_cohorts),
        ("POST", "/api/admin/pulse/cohorts", create_cohort),
        ("POST", "/api/admin/pulse/cohorts/rebalance", rebalance_cohorts),
        ("PUT", "/api/admin/pulse/cohorts/{id}", update_cohort),
        ("DELETE", "/api/admin/pulse/cohorts/{id}", delete_cohort),
        ("POST", "/api/admin/pulse/trigger", trigger),
    ])

"""/pulse/respond: the page an invitation's links open, and the POST that records the answer.

GET never records anything (mail scanners fetch links): it shows the question with the tapped
score selected and a form. The form's POST records the answer; a small same-origin script submits
it after a short countdown (stopped when the person starts a comment); without script, one button
press. The SPA's check-in page posts JSON to the same URL. No inline script or style (CSP).
"""

from __future__ import annotations

import datetime as dt

import aiohttp_jinja2
import jinja2
from aiohttp import web

from pulsestage import keys
from pulsestage.admin.settings_doc import load_settings
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.errors import AppError, Conflict, FieldError, Invalid, NotFound
from pulsestage.http.openapi import doc
from pulsestage.http.responses import json_ok
from pulsestage.http.routing import add_routes
from pulsestage.http.validation import form_body, json_body
from pulsestage.mail.render import brand_of
from pulsestage.paths import templates_dir
from pulsestage.pulse import respond_service
from pulsestage.pulse.links import LIKERT, score_range
from pulsestage.pulse.respond_service import Outcome

STATUS = {"OPEN": 200, "RECORDED": 200, "ALREADY_COMPLETED": 409, "EXPIRED": 410, "INVALID_TOKEN": 404,
          "INVALID_SCORE": 400, "INVALID_LINK": 400}
RESPOND_BODY = {"type": "object", "required": ["token", "score"], "properties": {
    "token": {"type": "string"}, "score": {"type": "integer"}, "comment": {"type": "string", "maxLength": 2000},
    "tenant": {"type": "string", "description": "tenant slug (from the e-mail link)"}}}


class Gone(AppError):
    """The link has expired."""

    status = 410
    code = "expired"


async def _tenant(request: web.Request, slug: str | None) -> Tenant | None:
    # The e-mail link names its tenant, so the page works whatever host name it is opened on.
    if slug:
        return await request.app[keys.TENANTS].lookup(slug.strip().lower())
    return request.get(keys.TENANT)


async def _brand(request: web.Request, tenant: Tenant | None):
    settings = {}
    if tenant is not None:
        async with tenant_tx(request.app[keys.PG_POOL], tenant.id) as cur:
            settings = await load_settings(cur, tenant.id)
    return brand_of(tenant.name if tenant else "PulseStage", settings)


def _scores(scale: str | None) -> list[dict]:
    if scale == "LIKERT_1_5":
        return [{"value": s, "label": label, "face": face.strip(), "tone": f"likert-{s}"} for s, label, _, face in LIKERT]
    if scale == "NPS_0_10":
        return [{"value": s, "label": str(s), "face": "",
                 "tone": "nps-low" if s <= 6 else "nps-mid" if s <= 8 else "nps-high"} for s in range(11)]
    return []


async def _page(request: web.Request, tenant: Tenant | None, outcome: Outcome, **extra) -> web.Response:
    context = {"outcome": outcome, "brand": await _brand(request, tenant), "tenant": tenant,
               "scores": _scores(outcome.scale), **extra}
    response = aiohttp_jinja2.render_template("pulse/respond.html", request, context,
                                              status=STATUS.get(outcome.code, 400))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # keep the token out of Referer headers
    return response


def _parse_score(raw) -> int | None:
    try:
        return int(float(raw)) if not isinstance(raw, bool) else None
    except (TypeError, ValueError):
        return None


@doc(summary="One-tap pulse page (HTML; records nothing)",
     query={"token": {"type": "string"}, "score": {"type": "integer"}, "tenant": {"type": "string"}})
async def show(request: web.Request) -> web.Response:
    """The question with the tapped score selected and a form that records it."""
    tenant = await _tenant(request, request.query.get("tenant"))
    token = request.query.get("token", "").strip()
    if tenant is None:
        return await _page(request, None, Outcome("INVALID_TOKEN", "This link was not found"))
    if not token:
        return await _page(request, tenant, Outcome("INVALID_LINK", "This link is incomplete"))
    now = dt.datetime.now(dt.UTC)
    outcome = await respond_service.look_up(request.app[keys.PG_POOL], tenant.id, token, now)
    score = _parse_score(request.query.get("score"))
    if outcome.ok and score is not None and outcome.scale is not None:
        low, high = score_range(outcome.scale)
        score = score if low <= score <= high else None
    return await _page(request, tenant, outcome, token=token, selected=score if outcome.ok else None)


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


@doc(summary="Record a pulse answer (form → HTML page; JSON → JSON)", body=RESPOND_BODY)
async def record(request: web.Request) -> web.Response:
    """Record one answer for the token; a second submit is refused."""
    wants_json = request.content_type == "application/json"
    data = await json_body(request) if wants_json else await form_body(request)
    tenant = await _tenant(request, _text(data.get("tenant")) or request.query.get("tenant"))
    token = (_text(data.get("token")) or "").strip()
    score = _parse_score(data.get("score"))
    comment = _text(data.get("comment"))
    if wants_json:
        fields = []
        if not token:
            fields.append(FieldError("token", "required", "Token required"))
        if data.get("score") is None:
            fields.append(FieldError("score", "required", "Score required"))
        elif score is None:
            fields.append(FieldError("score", "type", "Score must be a whole number"))
        if fields:
            raise Invalid(fields)
        if tenant is None:
            raise NotFound("Invalid response link", code="invalid_token")
    if tenant is None or not token or score is None:
        return await _page(request, tenant, Outcome("INVALID_LINK", "Please choose an answer and try again"))
    outcome = await respond_service.submit(request.app[keys.PG_POOL], tenant.id, token, score, comment,
                                           dt.datetime.now(dt.UTC), bus=request.app.get(keys.EVENT_BUS))
    metrics = request.app.get(keys.METRICS)
    if outcome.code == "RECORDED" and metrics is not None:
        metrics.pulse_responses.inc()
    if not wants_json:
        return await _page(request, tenant, outcome, token=token, selected=score)
    return _json(outcome)


def _json(outcome: Outcome) -> web.Response:
    extra = {"questionText": outcome.question_text} if outcome.question_text else {}
    if outcome.code == "RECORDED":
        return json_ok({"success": True, "message": outcome.message, "questionText": outcome.question_text})
    if outcome.code == "INVALID_TOKEN":
        raise NotFound(outcome.message, code="invalid_token")
    if outcome.code == "ALREADY_COMPLETED":
        raise Conflict(outcome.message, code="already_completed", extra=extra)
    if outcome.code == "EXPIRED":
        raise Gone(outcome.message, extra=extra)
    raise Invalid(FieldError("score", "range", outcome.message), code="invalid_score", extra=extra)


@doc(summary="Theme colours of the pulse page (CSS)", query={"tenant": {"type": "string"}})
async def theme_css(request: web.Request) -> web.Response:
    """CSS custom properties from the tenant's branding (validated hex colours only)."""
    tenant = await _tenant(request, request.query.get("tenant"))
    brand = await _brand(request, tenant)
    css = f":root {{ --brand: {brand.primary}; --accent: {brand.accent}; }}\n"
    return web.Response(text=css, content_type="text/css", headers={"Cache-Control": "public, max-age=300"})


@doc(summary="Static files of the pulse page")
async def static_file(request: web.Request) -> web.StreamResponse:
    """respond.css and respond.js."""
    name = request.match_info["name"]
    types = {"respond.css": "text/css", "respond.js": "text/javascript"}
    if name not in types:
        raise web.HTTPNotFound()
    return web.FileResponse(templates_dir() / "pulse" / name,
                            headers={"Content-Type": types[name], "Cache-Control": "public, max-age=3600"})


def setup_routes(app: web.Application) -> None:
    """Register the public pulse page routes (the token is the credential)."""
    if aiohttp_jinja2.APP_KEY not in app:
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(templates_dir()), autoescape=True)
    add_routes(app, "public", [
        ("GET", "/pulse/respond", show),
        ("POST", "/pulse/respond", record),
        ("GET", "/pulse/theme.css", theme_css),
        ("GET", "/pulse/static/{name}", static_file),
    ])

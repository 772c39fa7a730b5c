"""HTTP routes for question exports: preview and streamed CSV/JSON download."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from pulsestage import keys
from pulsestage.admin import export_service as service
from pulsestage.admin.audit import Actor
from pulsestage.admin.export_format import csv_chunk, json_items
from pulsestage.admin.export_service import ExportFilters
from pulsestage.auth.guards import require_user
from pulsestage.errors import FieldError, Invalid
from pulsestage.http.openapi import doc
from pulsestage.http.responses import dumps, iso, json_ok
from pulsestage.http.routing import add_routes
from pulsestage.http.validation import query_int

STATUSES = ("OPEN", "ANSWERED", "UNDER_REVIEW")
FILTER_QUERY: dict[str, dict[str, Any]] = {
    "teamId": {"type": "string"}, "status": {"type": "string", "enum": [*STATUSES, "both", "all"]},
    "startDate": {"type": "string", "format": "date-time"}, "endDate": {"type": "string", "format": "date-time"},
    "minUpvotes": {"type": "integer"}, "maxUpvotes": {"type": "integer"},
    "tagIds": {"type": "array", "items": {"type": "string"}}, "hasResponse": {"type": "boolean"},
}


def _when(q, name: str, errors: list, end: bool = False) -> dt.datetime | None:
    raw = (q.get(name) or "").strip()
    if not raw:
        return None
    try:
        if len(raw) == 10:  # a plain date covers the whole day
            day = dt.datetime.combine(dt.date.fromisoformat(raw), dt.time())
            return day + dt.timedelta(days=1) if end else day
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        errors.append(FieldError(name, "date", f"{name} must be a date (YYYY-MM-DD) or an ISO date-time"))
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value + dt.timedelta(milliseconds=1) if end else value


def _count(request: web.Request, name: str) -> int | None:
    return query_int(request, name, 0, 0, 10**9) if request.query.get(name) else None


def parse_filters(request: web.Request) -> ExportFilters:
    """The list filters from the query string (400 naming every bad one)."""
    q, errors = request.query, []
    status = (q.get("status") or "").strip().upper()
    statuses = None
    if status and status not in ("BOTH", "ALL"):
        statuses = [s.strip() for s in status.split(",")]
        if not all(s in STATUSES for s in statuses):
            errors.append(FieldError("status", "enum", f"status must be one of: {', '.join(STATUSES)}, all"))
    has_response = {"true": True, "false": False, "": None}.get((q.get("hasResponse") or "").lower(), "bad")
    if has_response == "bad":
        errors.append(FieldError("hasResponse", "type", "hasResponse must be true or false"))
    tag_ids = [t for raw in q.getall("tagIds", []) for t in raw.split(",") if t.strip()]
    team = q.get("teamId") or None
    filters = ExportFilters(
        team_id=None if team == "all" else team, statuses=statuses, start=_when(q, "startDate", errors),
        end=_when(q, "endDate", errors, end=True),
        min_upvotes=_count(request, "minUpvotes"), max_upvotes=_count(request, "maxUpvotes"),
        tag_ids=tag_ids or None, has_response=has_response if isinstance(has_response, bool) else None)
    if errors:
        raise Invalid(errors)
    return filters


@doc(summary="Export preview: how many questions match and the first rows", query={
    **FILTER_QUERY, "limit": {"type": "integer"}})
async def export_preview(request: web.Request) -> web.Response:
    """`{"count", "total", "preview", "filters"}` (no author, ever)."""
    filters = parse_filters(request)
    limit = query_int(request, "limit", 100, 1, 500)
    body = await service.preview(request.app[keys.PG_POOL], request[keys.TENANT].id, filters, limit)
    return json_ok({**body, "filters": dict(request.query)})


@doc(summary="Download the matching questions as CSV or JSON (streamed)", query={
    **FILTER_QUERY, "format": {"type": "string", "enum": ["csv", "json"]}})
async def export_download(request: web.Request) -> web.StreamResponse:
    """Stream every matching question; the server never holds the whole export in memory."""
    fmt = (request.query.get("format") or "csv").lower()
    if fmt not in ("csv", "json"):
        raise Invalid(FieldError("format", "enum", "Invalid format. Use csv or json."))
    filters = parse_filters(request)
    user = await require_user(request)
    actor = Actor(user.id, request.remote, request.headers.get("User-Agent"))
    now = dt.datetime.now(dt.UTC)
    response = web.StreamResponse(headers={
        "Content-Type": "text/csv; charset=utf-8" if fmt == "csv" else "application/json",
        "Content-Disposition": f'attachment; filename="pulsestage-questions-{now:%Y-%m-%d}.{fmt}"',
        "Cache-Control": "no-store"})
    async with service.batches(request.app[keys.PG_POOL], request[keys.TENANT].id, actor, filters, fmt) as rows:
        await response.prepare(request)
        if fmt == "json":
            await response.write(b'{"exportedAt":' + dumps(iso(now)) + b',"filters":'
                                 + dumps(dict(request.query)) + b',"questions":[')
        total = 0
        async for batch in rows:
            await response.write(csv_chunk(batch, header=total == 0) if fmt == "csv" else json_items(batch, total == 0))
            total += len(batch)
        if fmt == "csv" and total == 0:
            await response.write(csv_chunk([], header=True))
        if fmt == "json":
            await response.write(b'],"totalCount":' + str(total).encode() + b"}")
    await response.write_eof()
    return response


def setup_routes(app: web.Application) -> None:
    """Register the export routes."""
    add_routes(app, "admin", [
        ("GET", "/api/admin/export/preview", export_preview),
        ("GET", "/api/admin/export/download", export_download),
    ])

"""GET /api/admin/audit and its CSV/JSON export (admins and owners).

Audit rows never name the author of an anonymous question (the Q&A area records such actions
with no actor), so these endpoints can show every row as stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from aiohttp import web

from pulsestage import keys
from pulsestage.admin import audit_queries as aq
from pulsestage.auth.guards import require_permission
from pulsestage.db.tenancy import tenant_tx
from pulsestage.errors import FieldError, Invalid
from pulsestage.http.openapi import doc
from pulsestage.http.responses import dumps, iso, json_ok
from pulsestage.http.routing import add_routes
from pulsestage.http.validation import query_int

EXPORT_LIMIT = 10_000
CSV_HEADER = ("timestamp", "user_email", "user_name", "action", "entity_type", "entity_id", "ip_address",
              "user_agent", "metadata")
_FILTER_QUERY = {
    "userId": {"type": "string"}, "action": {"type": "string"}, "entityType": {"type": "string"},
    "entityId": {"type": "string"}, "ip": {"type": "string"},
    "startDate": {"type": "string", "format": "date-time"}, "endDate": {"type": "string", "format": "date-time"},
}
_LOG = {"type": "object", "properties": {k: {} for k in (
    "id", "tenantId", "userId", "action", "entityType", "entityId", "before", "after", "ipAddress",
    "userAgent", "metadata", "createdAt", "user")}}


def _text(request: web.Request, *names: str) -> str | None:
    for name in names:
        value = (request.query.get(name) or "").strip()[:200]
        if value:
            return value
    return None


def _moment(request: web.Request, name: str, end: bool) -> str | None:
    raw = _text(request, name)
    if raw is None:
        return None
    try:
        if len(raw) == 10:
            day = dt.date.fromisoformat(raw)
            moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
        else:
            moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            if moment.tzinfo is not None:
                moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    except ValueError:
        raise Invalid(FieldError(name, "date", f"{name} must be a date or date-time (ISO 8601)")) from None
    return moment.isoformat()


def _filters(request: web.Request) -> dict[str, Any]:
    return {
        "tenant_id": request[keys.TENANT].id,
        "user_id": _text(request, "userId"), "action": _text(request, "action"),
        "entity_type": _text(request, "entityType"), "entity_id": _text(request, "entityId"),
        "ip": _text(request, "ip", "ipAddress"),
        "start": _moment(request, "startDate", False), "end": _moment(request, "endDate", True),
    }


def log_json(row: dict[str, Any]) -> dict[str, Any]:
    """AuditLog + `user: {id, email, name} | null`."""
    return {
        "id": row["id"], "tenantId": row["tenant_id"], "userId": row["user_id"], "action": row["action"],
        "entityType": row["entity_type"], "entityId": row["entity_id"], "before": row["before"],
        "after": row["after"], "ipAddress": row["ip_address"], "userAgent": row["user_agent"],
        "metadata": row["metadata"], "createdAt": row["created_at"],
        "user": {"id": row["user_id"], "email": row["user_email"], "name": row["user_name"]}
        if row["user_id"] and row["user_email"] else None,
    }


@doc(summary="The audit trail, newest first, with filters and a total",
     query={**_FILTER_QUERY, "limit": {"type": "integer"}, "offset": {"type": "integer"}},
     response={"type": "object", "properties": {"logs": {"type": "array", "items": _LOG},
                                                "total": {"type": "integer"}, "limit": {"type": "integer"},
                                                "offset": {"type": "integer"}}})
async def list_audit(request: web.Request) -> web.Response:
    """Audit log page."""
    await require_permission(request, "audit.view")
    params = {**_filters(request), "limit": query_int(request, "limit", 100, 1, 500),
              "offset": query_int(request, "offset", 0, 0, 10_000_000)}
    async with tenant_tx(request.app[keys.PG_POOL], params["tenant_id"]) as cur:
        rows = await aq.select_logs(cur, params)
        total = await aq.count_logs(cur, params)
    return json_ok({"logs": [log_json(r) for r in rows], "total": total,
                    "limit": params["limit"], "offset": params["offset"]})


@doc(summary="Export the audit trail (format=csv|json, at most 10,000 rows)",
     query={**_FILTER_QUERY, "format": {"type": "string", "enum": ["csv", "json"]}},
     response={"type": "string"})
async def export_audit(request: web.Request) -> web.Response:
    """Audit export."""
    await require_permission(request, "audit.view")
    fmt = (request.query.get("format") or "csv").strip().lower()
    if fmt not in ("csv", "json"):
        raise Invalid(FieldError("format", "enum", "Invalid format. Use csv or json."))
    params = {**_filters(request), "limit": EXPORT_LIMIT, "offset": 0}
    async with tenant_tx(request.app[keys.PG_POOL], params["tenant_id"]) as cur:
        rows = await aq.select_logs(cur, params)
    today = dt.date.today().isoformat()
    if fmt == "json":
        body = dumps(_export_json(request, params, rows))
        return _download(body, "application/json", f"audit-log-{today}.json")
    return _download(_export_csv(rows).encode(), "text/csv", f"audit-log-{today}.csv")


def _export_json(request: web.Request, params: dict, rows: list[dict]) -> dict[str, Any]:
    filters = {k: v for k, v in params.items() if k not in ("tenant_id", "limit", "offset") and v is not None}
    return {
        "exportedAt": iso(dt.datetime.now(dt.UTC)), "tenant": request[keys.TENANT].slug, "filters": filters,
        "totalRecords": len(rows),
        "logs": [{
            "timestamp": iso(r["created_at"]), "userId": r["user_id"], "userEmail": r["user_email"],
            "userName": r["user_name"], "action": r["action"], "entityType": r["entity_type"],
            "entityId": r["entity_id"], "before": r["before"], "after": r["after"],
            "ipAddress": r["ip_address"], "userAgent": r["user_agent"], "metadata": r["metadata"],
        } for r in rows],
    }


def _export_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        created = iso(r["created_at"])
        assert created is not None  # audit_log.created_at is NOT NULL
        writer.writerow([_cell(v) for v in (
            created, r["user_email"] or "system", r["user_name"] or "System", r["action"],
            r["entity_type"], r["entity_id"] or "", r["ip_address"] or "", r["user_agent"] or "",
            dumps(r["metadata"] or {}).decode())])
    return out.getvalue()


def _cell(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet; a quote disarms it.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _download(body: bytes, content_type: str, filename: str) -> web.Response:
    return web.Response(body=body, content_type=content_type,
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def setup_routes(app: web.Application) -> None:
    """Register the audit routes (admins and owners)."""
    add_routes(app, "admin", [
        ("GET", "/api/admin/audit", list_audit),
        ("GET", "/api/admin/audit/export", export_audit),
    ])

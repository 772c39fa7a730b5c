"""/openapi.json built from the route table, and /api/docs to read it.

Handlers describe themselves with the `@doc(...)` decorator (summary, body/query/response schemas);
a handler without it is still listed, with its docstring as summary and its guard as security.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from pulsestage import __version__
from pulsestage.http.responses import json_ok
from pulsestage.http.routing import ROUTE_GUARDS, add_routes

_PARAM = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message", "requestId"],
    "properties": {
        "error": {"type": "string"}, "message": {"type": "string"}, "requestId": {"type": "string"},
        "fields": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "rule": {"type": "string"}, "message": {"type": "string"}}}},
    },
}


def doc(*, summary: str | None = None, body: dict | None = None, query: Mapping[str, Any] | None = None,
        response: dict | None = None, status: int = 200, tags: list[str] | None = None):
    """Attach OpenAPI details to a handler."""

    def mark(handler):
        handler.__openapi__ = {"summary": summary, "body": body, "query": query or {},
                               "response": response, "status": status, "tags": tags}
        return handler

    return mark


def _operation(method: str, path: str, info) -> dict[str, Any]:
    meta = getattr(info.handler, "__openapi__", {})
    summary = meta.get("summary") or (info.handler.__doc__ or "").strip().splitlines()[0:1]
    operation: dict[str, Any] = {
        "summary": summary if isinstance(summary, str) else (summary[0] if summary else path),
        "x-guard": info.guard,
        "tags": meta.get("tags") or [path.strip("/").split("/")[1 if path.startswith("/api/") else 0] or "root"],
        "responses": {
            str(meta.get("status", 200)): {"description": "OK", "content": {"application/json": {
                "schema": meta.get("response") or {"type": "object"}}}},
            "default": {"description": "Error", "content": {"application/json": {"schema": ERROR_SCHEMA}}},
        },
    }
    params = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in _PARAM.findall(path)]
    params += [{"name": n, "in": "query", "required": False, "schema": s} for n, s in meta.get("query", {}).items()]
    if params:
        operation["parameters"] = params
    if meta.get("body"):
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": meta["body"]}}}
    if info.guard != "public":
        operation["security"] = [{"session": []}]
    return operation


def build_spec(app: web.Application) -> dict[str, Any]:
    """The OpenAPI 3.1 document for every registered route."""
    paths: dict[str, dict[str, Any]] = {}
    for (method, path), info in sorted(app[ROUTE_GUARDS].items()):
        if path == "/{path:.*}":
            continue
        clean = _PARAM.sub(lambda m: "{" + m.group(1) + "}", path)
        paths.setdefault(clean, {})[method.lower()] = _operation(method, clean, info)
    return {
        "openapi": "3.1.0",
        "info": {"title": "PulseStage API", "version": __version__},
        "paths": paths,
        "components": {"securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "pulsestage_session"}}},
    }


async def openapi_json(request: web.Request) -> web.Response:
    """The API contract."""
    return json_ok(build_spec(request.app))


DOCS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PulseStage API</title>
</head><body><h1>PulseStage API</h1>
<p>The machine-readable contract is at <a href="/openapi.json">/openapi.json</a>.</p><div id="ops">{ops}</div></body></html>"""


async def docs_page(request: web.Request) -> web.Response:
    """A plain HTML list of every operation (no scripts, so it passes the CSP)."""
    import html

    spec = build_spec(request.app)
    rows = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            rows.append(f"<p><code>{method.upper()} {html.escape(path)}</code> — {html.escape(op['summary'])}"
                        f" <small>[{op['x-guard']}]</small></p>")
    return web.Response(text=DOCS_PAGE.replace("{ops}", "\n".join(rows)), content_type="text/html")


def setup_routes(app: web.Application) -> None:
    """Register the contract routes."""
    add_routes(app, "public", [
        ("GET", "/openapi.json", openapi_json),
        ("GET", "/api/docs", docs_page),
    ])

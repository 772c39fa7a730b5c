"""The middleware chain. Order (outermost first) and why:

1. request_context — assigns the request id and writes the one access-log line, so it sees the
   final status of everything below, errors included.
2. errors — turns every failure below into the JSON error shape.
   body_limit — refuses oversized bodies before the session or any handler costs anything.
3. session — aiohttp-session loads/saves the session around the handler.
4. tenant — resolves the tenant before any area code runs (404 for an unknown tenant).
5. csrf — needs the session, runs before handlers so a forged request changes nothing.
Security headers are an on_response_prepare signal (http/security.py), so they reach every
response, including errors and streams.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from aiohttp import web

from pulsestage import jsonlog, keys
from pulsestage.auth import csrf
from pulsestage.errors import FieldError, Invalid, PayloadTooLarge
from pulsestage.http.tenant import needs_tenant, requested_slug

access_log = logging.getLogger("pulsestage.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


@web.middleware
async def request_context(request: web.Request, handler):
    """Request id (accepted from X-Request-ID or generated, always echoed) and the access log."""
    incoming = request.headers.get("X-Request-ID", "")
    request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
    request[keys.REQUEST_ID] = request_id
    tokens = [jsonlog.REQUEST_ID.set(request_id), jsonlog.TENANT_ID.set(None), jsonlog.USER_ID.set(None)]
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        response.headers["X-Request-ID"] = request_id
        return response
    except web.HTTPException as exc:
        status = exc.status
        exc.headers["X-Request-ID"] = request_id
        raise
    finally:
        user = request.get(keys.SESSION_USER)
        if user is not None:
            jsonlog.USER_ID.set(user.id)
        route = request.match_info.route.resource
        access_log.info(
            "request",
            extra={
                "method": request.method,
                "route": route.canonical if route is not None else request.path,
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 2),
            },
        )
        for var, token in zip((jsonlog.REQUEST_ID, jsonlog.TENANT_ID, jsonlog.USER_ID), tokens, strict=True):
            var.reset(token)


@web.middleware
async def body_limit(request: web.Request, handler):
    """Refuse a declared body over the limit before anything reads it (chunked bodies are
    stopped by client_max_size when read), and NUL characters in the address."""
    limit = request.app[keys.CONFIG].server.max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes")
    if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.query.items()):
        raise Invalid(FieldError("query", "no_nul", "The address may not contain NUL characters"))
    return await handler(request)


@web.middleware
async def tenant_middleware(request: web.Request, handler):
    """Resolve the tenant for paths that act inside one."""
    if needs_tenant(request.path):
        slug = requested_slug(request, request.app[keys.CONFIG])
        tenant = await request.app[keys.TENANTS].require(slug)
        request[keys.TENANT] = tenant
        jsonlog.TENANT_ID.set(tenant.id)
    return await handler(request)


@web.middleware
async def csrf_middleware(request: web.Request, handler):
    """Refuse unsafe requests without the session's CSRF token."""
    if csrf.needs_check(request):
        await csrf.verify(request)
    return await handler(request)

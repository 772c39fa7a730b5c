"""One middleware turns every failure into the JSON error shape; no traceback reaches a client."""

from __future__ import annotations

import logging

import psycopg2
from aiohttp import web
from redis.exceptions import RedisError

from pulsestage import keys
from pulsestage.errors import AppError, Invalid, RateLimited
from pulsestage.http.responses import json_ok

log = logging.getLogger("pulsestage.http")

_HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
    429: "rate_limited",
}


def error_response(request: web.Request, status: int, code: str, message: str, **extra) -> web.Response:
    """Build the standard error body `{"error", "message", "requestId", ...}`."""
    body = {"error": code, "message": message, "requestId": request.get(keys.REQUEST_ID, "unknown")}
    body.update(extra)
    return json_ok(body, status=status)


@web.middleware
async def errors_middleware(request: web.Request, handler):
    """Map domain errors and HTTP exceptions to JSON; log and hide unexpected ones."""
    try:
        return await handler(request)
    except AppError as exc:
        extra = dict(exc.extra)
        headers = {}
        if isinstance(exc, Invalid):
            extra["fields"] = [f.as_json() for f in exc.fields]
        if isinstance(exc, RateLimited):
            headers["Retry-After"] = str(exc.retry_after)
            extra["retryAfter"] = exc.retry_after
        response = error_response(request, exc.status, exc.code, exc.message, **extra)
        response.headers.update(headers)
        return response
    except web.HTTPException as exc:
        if exc.status < 400 or exc.content_type == "application/json":
            raise
        if exc.status == 404:
            message = f"Route {request.method} {request.path} not found"
        elif exc.status == 405:
            message = f"Method {request.method} is not allowed on {request.path}"
        elif exc.status == 413:
            message = "The request body is too large"
        else:
            message = exc.reason or "Request failed"
        response = error_response(request, exc.status, _HTTP_CODES.get(exc.status, "http_error"), message)
        for name in ("Allow", "Retry-After"):
            if name in exc.headers:
                response.headers[name] = exc.headers[name]
        return response
    except (RedisError, psycopg2.OperationalError, psycopg2.InterfaceError) as exc:
        # a dependency is down: say so (503), never a bare 500
        log.warning("dependency unavailable", extra={"path": request.path, "error": type(exc).__name__})
        which = "Redis" if isinstance(exc, RedisError) else "The database"
        return error_response(request, 503, "dependency_unavailable",
                              f"{which} is unavailable; nothing was changed. Try again shortly.")
    except ValueError as exc:
        if "NUL (0x00)" not in str(exc):
            log.exception("unhandled error", extra={"path": request.path, "method": request.method})
            return error_response(request, 500, "internal_error",
                                  "An unexpected error occurred. Please try again later.")
        # last line of defence; json_body and the query check refuse NUL characters earlier
        return error_response(request, 400, "invalid_request", "Text may not contain NUL characters",
                              fields=[{"field": "body", "rule": "no_nul", "message": "Text may not contain NUL characters"}])
    except Exception:
        log.exception("unhandled error", extra={"path": request.path, "method": request.method})
        return error_response(
            request, 500, "internal_error", "An unexpected error occurred. Please try again later."
        )

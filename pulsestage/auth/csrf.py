"""CSRF: a random token bound to the session, required on unsafe methods under /api and on logout."""

from __future__ import annotations

import hmac
import secrets

from aiohttp import web
from aiohttp_session import get_session

from pulsestage.errors import Forbidden

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HEADER = "X-CSRF-Token"


async def issue_token(request: web.Request) -> str:
    """The session's token, created (and the session saved) on first use."""
    session = await get_session(request)
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def needs_check(request: web.Request) -> bool:
    """Unsafe methods under /api, and logout."""
    if request.method in SAFE_METHODS:
        return False
    return request.path.startswith("/api/") or request.path == "/auth/logout"


async def verify(request: web.Request) -> None:
    """Raise 403 unless the header carries the session's token."""
    sent = request.headers.get(HEADER, "")
    session = await get_session(request)
    expected = session.get("csrf") or ""
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise Forbidden(
            "Invalid or missing CSRF token: fetch one from GET /api/csrf-token and send it in X-CSRF-Token",
            code="csrf_failed",
        )

"""Schemathesis check loaded by test_fuzz.py (SCHEMATHESIS_HOOKS): every 4xx is the JSON error shape."""

from __future__ import annotations

import json

import schemathesis

SHAPE = {"error", "message", "requestId"}
# server-rendered pages for browsers (e-mail links): their errors are HTML pages by design
HTML_PAGES = ("/pulse/respond", "/mail/unsubscribe")


@schemathesis.check
def json_error_shape(ctx, response, case):
    """A 4xx answer is a JSON object with at least `error`, `message` and `requestId`."""
    if not 400 <= response.status_code < 500:
        return None
    content_type = response.headers.get("Content-Type") or response.headers.get("content-type") or ""
    if isinstance(content_type, list):
        content_type = content_type[0] if content_type else ""
    if case.path in HTML_PAGES and content_type.startswith("text/html"):
        return None
    try:
        body = json.loads(response.content or b"")
    except ValueError as exc:
        raise AssertionError(f"{response.status_code} without a JSON body: {response.content[:200]!r}") from exc
    if not isinstance(body, dict) or not SHAPE <= set(body):
        raise AssertionError(f"{response.status_code} body lacks {sorted(SHAPE - set(body or {}))}: {str(body)[:200]}")
    return None

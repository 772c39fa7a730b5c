"""A small Resend API on 127.0.0.1 that checks requests the way Resend documents them.

POST /emails with `Authorization: Bearer <key>`, `Content-Type: application/json` and a JSON body
holding `from`, `to` (a string or a list of at most 50), `subject` and `html` and/or `text`;
optional `headers` (an object of strings), `cc`, `bcc`, `reply_to`, `tags`. An optional
`Idempotency-Key` header (at most 256 characters) makes a repeat of the same request return the
first answer without sending again; the same key with another body is a 409. Answers mirror
Resend's: 200 {"id"}, 401/403 for a bad key, 422 for a bad body. `fail_next(n)` makes the next n
valid requests answer 500.
"""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

ALLOWED = {"from", "to", "subject", "html", "text", "headers", "cc", "bcc", "reply_to", "tags", "attachments",
           "scheduled_at"}


class FakeResend:
    """Start with `await fake.start()`; `fake.url` is the base URL; `fake.sent` lists accepted e-mails."""

    def __init__(self, api_key: str = "re_test_key") -> None:
        self.api_key = api_key
        self.sent: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.failures = 0
        self._idempotent: dict[str, tuple[dict, dict]] = {}
        app = web.Application()
        app.router.add_post("/emails", self._emails)
        self._server = TestServer(app, host="127.0.0.1")

    @property
    def url(self) -> str:
        """Base URL to configure as resend_base_url."""
        return str(self._server.make_url("")).rstrip("/")

    async def start(self) -> FakeResend:
        """Listen on a free port."""
        await self._server.start_server()
        return self

    async def close(self) -> None:
        """Stop listening."""
        await self._server.close()

    def fail_next(self, count: int) -> None:
        """Answer the next `count` valid requests with 500."""
        self.failures = count

    async def _emails(self, request: web.Request) -> web.Response:
        self.requests.append({"headers": dict(request.headers), "body": await request.text()})
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return _error(401, "missing_api_key", "Missing API key in the authorization header.")
        if auth != f"Bearer {self.api_key}":
            return _error(403, "invalid_api_key", "API key is invalid.")
        if request.content_type != "application/json":
            return _error(422, "validation_error", "Content-Type must be application/json.")
        try:
            body = await request.json()
        except ValueError:
            return _error(422, "validation_error", "Body is not JSON.")
        problem = _validate(body)
        if problem:
            return _error(422, "validation_error", problem)
        key = request.headers.get("Idempotency-Key")
        if key is not None:
            if len(key) > 256:
                return _error(422, "invalid_idempotency_key", "Idempotency key is longer than 256 characters.")
            if key in self._idempotent:
                first_body, first_answer = self._idempotent[key]
                if first_body != body:
                    return _error(409, "invalid_idempotent_request", "Same key used with a different payload.")
                return web.json_response(first_answer)
        if self.failures:
            self.failures -= 1
            return _error(500, "internal_server_error", "Simulated failure.")
        answer = {"id": str(uuid.uuid4())}
        self.sent.append({"id": answer["id"], "body": body, "idempotencyKey": key})
        if key is not None:
            self._idempotent[key] = (body, answer)
        return web.json_response(answer)


def _validate(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "Body must be a JSON object."
    unknown = set(body) - ALLOWED
    if unknown:
        return f"Unknown fields: {', '.join(sorted(unknown))}."
    for field in ("from", "to", "subject"):
        if field not in body:
            return f"The `{field}` field is missing."
    if not isinstance(body["from"], str) or "@" not in body["from"]:
        return "Invalid `from` field."
    to = body["to"] if isinstance(body["to"], list) else [body["to"]]
    if not to or len(to) > 50 or not all(isinstance(a, str) and "@" in a for a in to):
        return "Invalid `to` field."
    if not isinstance(body["subject"], str) or not body["subject"]:
        return "Invalid `subject` field."
    if not (isinstance(body.get("html"), str) or isinstance(body.get("text"), str)):
        return "Either `html` or `text` must be provided."
    headers = body.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        return "Invalid `headers` field."
    return None


def _error(status: int, name: str, message: str) -> web.Response:
    return web.json_response({"statusCode": status, "name": name, "message": message}, status=status)

"""The dev mail sink: a real SMTP server (aiosmtpd) inside the process that keeps every message.

Nothing leaves the machine. The mail viewer (viewer.py) reads the same store. With the SMTP port
set to 0 the listener is off and the sink provider files messages into the store directly.
"""

from __future__ import annotations

import asyncio
import builtins
import itertools
import time
from collections import deque
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope

LIMIT = 1000  # messages kept; the oldest go first


@dataclass(slots=True)
class CapturedMessage:
    """One message as the sink received it."""

    id: str
    received_at: float
    mail_from: str
    recipients: list[str]
    subject: str
    text: str | None
    html: str | None
    headers: list[tuple[str, str]] = field(default_factory=list)
    size: int = 0

    def summary(self) -> dict[str, Any]:
        """List entry: id, subject, from, recipients, time."""
        return {"id": self.id, "subject": self.subject, "from": self.mail_from, "to": self.recipients,
                "receivedAt": _iso(self.received_at), "size": self.size}

    def detail(self) -> dict[str, Any]:
        """Everything, for GET /api/messages/{id}."""
        return {**self.summary(), "text": self.text, "html": self.html,
                "headers": [{"name": n, "value": v} for n, v in self.headers]}


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int(ts * 1000) % 1000:03d}Z"


class SinkStore:
    """The captured messages, newest first, with a waiter for tests and preflight."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._messages: deque[CapturedMessage] = deque(maxlen=limit)
        self._ids = itertools.count(1)
        self._arrived = asyncio.Condition()

    async def add_raw(self, raw: bytes, mail_from: str, recipients: list[str]) -> CapturedMessage:
        """Parse and keep one message."""
        parsed: EmailMessage = BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[assignment]
        text = parsed.get_body(preferencelist=("plain",))
        html = parsed.get_body(preferencelist=("html",))
        message = CapturedMessage(
            id=str(next(self._ids)), received_at=time.time(), mail_from=mail_from, recipients=recipients,
            subject=str(parsed.get("Subject", "")), text=text.get_content() if text else None,
            html=html.get_content() if html else None,
            headers=[(k, str(v)) for k, v in parsed.items()], size=len(raw),
        )
        async with self._arrived:
            self._messages.appendleft(message)
            self._arrived.notify_all()
        return message

    def list(self) -> list[CapturedMessage]:
        """Newest first."""
        return list(self._messages)

    def get(self, message_id: str) -> CapturedMessage | None:
        """One message by id."""
        return next((m for m in self._messages if m.id == message_id), None)

    def clear(self) -> int:
        """Delete everything; returns how many were deleted."""
        count = len(self._messages)
        self._messages.clear()
        return count

    async def wait_for(self, count: int, timeout: float = 10.0) -> builtins.list[CapturedMessage]:
        """Wait until at least `count` messages are kept (raises TimeoutError)."""
        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(lambda: len(self._messages) >= count), timeout)
        return self.list()


class _Handler:
    def __init__(self, store: SinkStore) -> None:
        self.store = store

    async def handle_DATA(self, server: SMTP, session, envelope: Envelope) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode()
        await self.store.add_raw(raw, envelope.mail_from or "", list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


async def start_smtp(store: SinkStore, host: str, port: int) -> asyncio.Server:
    """Listen for SMTP on host:port in this event loop (port 0 picks a free port)."""
    loop = asyncio.get_running_loop()
    handler = _Handler(store)
    # hostname given explicitly: the default resolves the machine's FQDN, a blocking DNS call
    return await loop.create_server(
        lambda: SMTP(handler, hostname="pulsestage-sink", loop=loop), host=host, port=port)


class DirectSinkProvider:
    """Files messages straight into the store, for when the sink's SMTP listener is off."""

    name = "sink"

    def __init__(self, store: SinkStore, from_name: str, from_address: str) -> None:
        self.store = store
        self.from_name, self.from_address = from_name, from_address

    async def send(self, job) -> str:
        """Keep the message as the SMTP path would have."""
        from pulsestage.mail.mime import compose

        message_id, raw = compose(job, self.from_name, self.from_address)
        await self.store.add_raw(raw, self.from_address, [job.to])
        return message_id

    async def close(self) -> None:
        """Nothing to close."""

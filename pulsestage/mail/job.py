"""One queued e-mail: what the worker needs to send it, and how it travels through a store."""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson


@dataclass(slots=True)
class MailJob:
    """A rendered e-mail waiting for delivery, with its delivery history."""

    tenant_id: str
    template: str
    to: str
    subject: str
    html: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    idempotency_key: str = ""
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. the pulse invite a delivery confirms
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    attempts: int = 0
    created_at: float = field(default_factory=time.time)
    last_error: str | None = None
    finished_at: float | None = None

    def __post_init__(self) -> None:
        # A stable key is what makes a redelivery harmless (Resend Idempotency-Key, SMTP Message-ID).
        if not self.idempotency_key:
            self.idempotency_key = f"job-{self.id}"

    def dumps(self) -> bytes:
        """Serialise for a store."""
        return orjson.dumps(asdict(self))

    @classmethod
    def loads(cls, raw: bytes | str) -> MailJob:
        """Read back what `dumps` wrote."""
        return cls(**orjson.loads(raw))

    def summary(self) -> dict[str, Any]:
        """What the admin page shows: never the body."""
        return {
            "id": self.id, "template": self.template, "to": self.to, "subject": self.subject,
            "attempts": self.attempts, "createdAt": _ms(self.created_at), "lastError": self.last_error,
            "finishedAt": _ms(self.finished_at),
        }


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else int(seconds * 1000)


def backoff_seconds(base: float, attempts: int) -> float:
    """Delay before retry number `attempts` (1 = first retry): base, 2·base, 4·base …, capped at an hour."""
    return min(3600.0, base * (2 ** max(0, attempts - 1)))


class PermanentFailure(Exception):
    """The provider refused the message for good (bad address, invalid request): do not retry."""

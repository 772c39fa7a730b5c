"""One event as the bus carries it, and its two wire forms (relay line, SSE frame)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from pulsestage.http.responses import dumps


@dataclass(frozen=True, slots=True)
class Event:
    """An event with its id; `audience` is the sealed audience (see filters.seal)."""

    id: int
    tenant_id: str
    type: str
    data: Any
    timestamp: int  # epoch milliseconds
    audience: dict[str, Any]
    # the SSE frame, encoded by the first stream that writes it and shared by all the others
    wire: bytes = field(default=b"", init=False, compare=False, repr=False)

    def envelope(self) -> dict[str, Any]:
        """What a client receives: `{type, tenantId, data, timestamp}` (never the audience)."""
        return {"type": self.type, "tenantId": self.tenant_id, "data": self.data, "timestamp": self.timestamp}

    def frame(self) -> bytes:
        """The SSE frame: an `id:` line and one `data:` line (no `event:`, so onmessage sees it).

        Encoded once per event, however many streams write it (the fields are frozen).
        """
        if not self.wire:
            object.__setattr__(self, "wire", b"id: %d\ndata: %s\n\n" % (self.id, dumps(self.envelope())))
        return self.wire


def body(tenant_id: str, type_: str, data: Any, timestamp: int, audience: dict[str, Any]) -> bytes:
    """The JSON of an event without its id (the id is assigned where it is stored)."""
    return dumps({"tenantId": tenant_id, "type": type_, "data": data, "timestamp": timestamp,
                  "audience": audience})


def encode(event_id: int, payload: bytes) -> bytes:
    """The relay/buffer line: `<id> <json>`."""
    return b"%d %s" % (event_id, payload)


def decode(line: bytes | str) -> Event:
    """Parse a relay/buffer line back into an Event."""
    if isinstance(line, str):
        line = line.encode()
    head, _, payload = line.partition(b" ")
    raw = orjson.loads(payload)
    return Event(int(head), raw["tenantId"], raw["type"], raw["data"], raw["timestamp"], raw["audience"])


def control_frame(event_id: int, tenant_id: str, type_: str, data: Any, timestamp: int) -> bytes:
    """A frame the stream itself writes (connected, heartbeat, reset), carrying the cursor id."""
    envelope = {"type": type_, "tenantId": tenant_id, "data": data, "timestamp": timestamp}
    return b"id: %d\ndata: %s\n\n" % (event_id, dumps(envelope))

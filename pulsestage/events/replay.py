"""The in-process event log: increasing ids and a bounded replay buffer per tenant.

Used when Redis is not configured (the Redis twin lives in redis_relay.py). Ids start at the
process start time in microseconds, so an id remembered from an earlier process is always below
this process's floor and is answered with a reset instead of a wrong replay.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from pulsestage.events.envelope import Event


class MemoryLog:
    """Assigns ids and keeps the last `size` events of each tenant."""

    def __init__(self, size: int, start: int | None = None) -> None:
        self._size = size
        self._last = start if start is not None else int(time.time() * 1_000_000)
        self._base = self._last
        self._buffers: dict[str, deque[Event]] = {}
        self._floors: dict[str, int] = {}

    async def append(self, tenant_id: str, type_: str, data: Any, timestamp: int,
                     audience: dict[str, Any]) -> Event:
        """Store a new event and return it with its id."""
        self._last += 1
        event = Event(self._last, tenant_id, type_, data, timestamp, audience)
        if self._size <= 0:
            self._floors[tenant_id] = event.id
            return event
        buffer = self._buffers.setdefault(tenant_id, deque())
        buffer.append(event)
        while len(buffer) > self._size:
            # the floor is the newest id we no longer hold: a cursor below it has missed events
            self._floors[tenant_id] = buffer.popleft().id
        return event

    async def head(self) -> int:
        """The id of the newest event (or the start id)."""
        return self._last

    async def since(self, tenant_id: str, last_id: int) -> list[Event] | None:
        """Events of the tenant after `last_id`, or None when they can no longer be replayed."""
        floor = self._floors.get(tenant_id, self._base)
        if last_id < floor or last_id > self._last:
            return None
        return [e for e in self._buffers.get(tenant_id, ()) if e.id > last_id]

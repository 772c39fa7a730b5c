"""What the relay delivered to this process, per tenant: replays without a Redis read.

A reconnect storm of 5,000 streams made 5,000 reads of the shared buffer in Redis. Every event
reaches every process through the relay, in id order, so a process can answer "what came after
id N" from the events it has seen itself — as long as it has seen all of them since before N.
`base` is the newest id when the mirror started (or restarted after the relay lost Redis); a
cursor below it, below what the bounded buffer still holds, or above the newest id seen here
(the relay may be a moment behind) is answered by Redis instead.
"""

from __future__ import annotations

from collections import deque

from pulsestage.events.envelope import Event


class Mirror:
    """The last `size` events of each tenant delivered here, and from which id that is complete."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._events: dict[str, deque[Event]] = {}
        self._floors: dict[str, int] = {}
        self._base: int | None = None
        self._newest = 0

    @property
    def newest(self) -> int:
        """The newest id delivered here (or the base): where a fresh stream starts."""
        return self._newest

    def reset(self, base: int) -> None:
        """Start over: complete for every id above `base` from now on."""
        self._events.clear()
        self._floors.clear()
        self._base = base
        self._newest = base

    def add(self, event: Event) -> None:
        """Record an event the relay delivered."""
        if self._base is None or self._size <= 0:
            return
        events = self._events.setdefault(event.tenant_id, deque())
        events.append(event)
        while len(events) > self._size:
            self._floors[event.tenant_id] = events.popleft().id
        self._newest = max(self._newest, event.id)

    def since(self, tenant_id: str, last_id: int) -> list[Event] | None:
        """The tenant's events after `last_id`, or None when this process cannot be sure it has them all."""
        if self._base is None or self._size <= 0:
            return None
        if last_id < max(self._base, self._floors.get(tenant_id, self._base)) or last_id > self._newest:
            return None
        newer = []
        for event in reversed(self._events.get(tenant_id, ())):
            if event.id <= last_id:
                break
            newer.append(event)
        newer.reverse()
        return newer

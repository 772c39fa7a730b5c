"""The event bus: publish once, deliver to every stream that may see it, on every instance.

`publish` gives each event an increasing id and stores it for replay (in memory, or in Redis when
configured, where a relay task fans it out to all instances). Delivery applies the audience filter
per subscriber and never waits: a stream whose bounded queue is full is dropped, reconnects, and
replays what it missed. Concurrent replays of one tenant and cursor share one read of the log.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from pulsestage import keys
from pulsestage.errors import DependencyDown, RateLimited
from pulsestage.events.envelope import Event
from pulsestage.events.filters import Audience, Viewer, may_receive, seal, to_everyone, user_digest
from pulsestage.events.mirror import Mirror
from pulsestage.events.redis_relay import RedisLog, Relay
from pulsestage.events.replay import MemoryLog
from pulsestage.flight import Flights

log = logging.getLogger("pulsestage.events")

__all__ = ["Audience", "EventBus", "Subscription", "event_bus_context"]


@dataclass(slots=True)
class Limits:
    """Stream caps; tests and operators may tighten them on a running bus."""

    per_user: int = 10
    per_process: int = 2000
    queue_size: int = 256


@dataclass(eq=False, slots=True)
class Subscription:
    """One open stream's bounded queue and the reason it ended, if it did."""

    viewer: Viewer
    queue: asyncio.Queue
    ended: str | None = None  # "slow" | "shutdown" | "gone"
    opened: int = 0  # the bus's subscription count once this one was added (see EventBus.replay)

    def offer(self, event: Event) -> None:
        """Queue an event without waiting; a full queue ends the stream (it will replay)."""
        if self.ended:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.end("slow")

    def end(self, reason: str) -> None:
        """Ask the stream to finish."""
        self.ended = self.ended or reason
        try:
            self.queue.put_nowait(None)  # wakes the stream; a full queue wakes it anyway
        except asyncio.QueueFull:
            pass


class EventBus:
    """Publish/subscribe for one process, relayed through Redis when a client is given."""

    def __init__(self, *, secret: bytes, buffer_size: int, heartbeat_seconds: float,
                 redis=None, limits: Limits | None = None) -> None:
        self.secret = secret
        self.heartbeat_seconds = heartbeat_seconds
        self.limits = limits or Limits()
        self._redis = redis
        self._log = RedisLog(redis, buffer_size) if redis is not None else MemoryLog(buffer_size)
        self._relay = Relay(redis, self._dispatch, self._catch_up) if redis is not None else None
        self._mirror = Mirror(buffer_size) if redis is not None else None
        self._subs: dict[str, set[Subscription]] = {}
        self._per_user: dict[tuple[str, str], int] = {}
        self._seen: dict[str, int] = {}
        self._start_head = 0
        self._opened = 0
        self._heads: Flights[int] = Flights()
        self._replays: Flights[list[Event] | None] = Flights()

    async def start(self) -> None:
        """Start the Redis relay (if any) and wait until it listens."""
        if self._relay is not None:
            self._relay.start()
            await asyncio.wait_for(self._relay.ready.wait(), timeout=10)
        self._start_head = await self._log.head()
        if self._mirror is not None:
            self._mirror.reset(self._start_head)

    async def stop(self) -> None:
        """End every stream and stop the relay."""
        for subs in list(self._subs.values()):
            for sub in list(subs):
                sub.end("shutdown")
        if self._relay is not None:
            await self._relay.stop()

    async def publish(self, tenant_id: str, type: str, data: Any,
                      audience: Audience | None = None) -> int | None:
        """Send an event to the tenant's streams that may see it; returns its id.

        Call it after the change is committed. A Redis failure is logged, never raised: the change
        already happened, and clients resynchronise on their next reconnect.
        """
        sealed = seal(audience, self.secret)
        try:
            event = await self._log.append(tenant_id, type, data, int(time.time() * 1000), sealed)
        except Exception as exc:
            log.warning("event not published", extra={"type": type, "error": str(exc)})
            return None
        if self._relay is None:
            self._dispatch(event)
        return event.id

    def viewer(self, tenant_id: str, user_id: str, memberships: dict[str, str]) -> Viewer:
        """The filter identity of a stream."""
        return Viewer(tenant_id, user_id, user_digest(self.secret, user_id), dict(memberships))

    def subscribe(self, viewer: Viewer) -> Subscription:
        """Register a stream; 429 over the per-user cap, 503 over the per-process cap."""
        user_key = (viewer.tenant_id, viewer.user_id)
        if self._per_user.get(user_key, 0) >= self.limits.per_user:
            raise RateLimited(f"Too many open event streams for this user (limit {self.limits.per_user}); "
                              "close another tab or window and retry", retry_after=5)
        if self.connections >= self.limits.per_process:
            raise DependencyDown("This server holds as many event streams as it can; retry shortly",
                                 code="too_many_streams")
        self._opened += 1
        sub = Subscription(viewer, asyncio.Queue(maxsize=self.limits.queue_size), opened=self._opened)
        self._subs.setdefault(viewer.tenant_id, set()).add(sub)
        self._per_user[user_key] = self._per_user.get(user_key, 0) + 1
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        """Forget a stream (idempotent)."""
        subs = self._subs.get(sub.viewer.tenant_id)
        if subs is None or sub not in subs:
            return
        subs.discard(sub)
        if not subs:
            del self._subs[sub.viewer.tenant_id]
        user_key = (sub.viewer.tenant_id, sub.viewer.user_id)
        self._per_user[user_key] -= 1
        if self._per_user[user_key] <= 0:
            del self._per_user[user_key]

    async def head(self) -> int:
        """The newest event id (the cursor a fresh stream starts from).

        While the relay listens this is the newest id it delivered here, no Redis read: a stream
        asks after subscribing, so an event still on its way has a higher id and reaches the
        stream's queue, and nothing older than the answer can. Otherwise concurrent callers share
        one read of the log (a value read a little earlier only lets through more of the events
        already queued for the stream: none is lost).
        """
        mirror = self._current_mirror()
        return mirror.newest if mirror is not None else await self._heads.join(None, self._log.head)

    async def replay(self, viewer: Viewer, last_id: int, opened: int | None = None) -> list[Event] | None:
        """What `viewer` missed after `last_id`, filtered; None when it is too old to replay.

        `opened` is the stream's `Subscription.opened` (default: now). Streams replaying the same
        tenant and cursor share one read of the log, but only a read that started after the
        stream subscribed: an earlier one could lack an event published just before the
        subscription, which the stream's queue lacks too. While the relay listens, a cursor the
        mirror covers is answered from memory: events delivered here before the stream subscribed
        are in the mirror, and later ones reach its queue.
        """
        mirror = self._current_mirror()
        if mirror is not None:
            mirrored = mirror.since(viewer.tenant_id, last_id)
            if mirrored is not None:  # everything after last_id came through here: no Redis read
                return [e for e in mirrored if may_receive(viewer, e.tenant_id, e.audience)]
        events = await self._replays.join(
            (viewer.tenant_id, last_id), functools.partial(self._log.since, viewer.tenant_id, last_id),
            now=self._opened, not_before=self._opened if opened is None else opened)
        if events is None:
            return None
        return [e for e in events if may_receive(viewer, e.tenant_id, e.audience)]

    @property
    def connections(self) -> int:
        """Open streams in this process."""
        return sum(len(s) for s in self._subs.values())

    def stats(self) -> dict[str, Any]:
        """Open streams in total and per tenant (for health pages and metrics)."""
        return {"connections": self.connections, "tenants": {t: len(s) for t, s in self._subs.items()}}

    def _current_mirror(self) -> Mirror | None:
        """The mirror, while the relay listens and it is therefore complete from its base on."""
        if self._mirror is not None and self._relay is not None and self._relay.ready.is_set():
            return self._mirror
        return None

    def _dispatch(self, event: Event) -> None:
        self._seen[event.tenant_id] = max(event.id, self._seen.get(event.tenant_id, 0))
        if self._mirror is not None:
            self._mirror.add(event)
        subs = list(self._subs.get(event.tenant_id, ()))
        if to_everyone(event.audience):  # every stream of the tenant may see it: skip the filter
            for sub in subs:
                sub.offer(event)
            return
        for sub in subs:
            if may_receive(sub.viewer, event.tenant_id, event.audience):
                sub.offer(event)

    async def _catch_up(self) -> None:
        # After the relay reconnects: deliver what was published meanwhile, or end the streams
        # of a tenant whose gap is no longer in the buffer (they reconnect and get a reset).
        # The mirror may have missed events meanwhile: it is complete again from the head on.
        if self._mirror is not None:
            self._mirror.reset(await self._log.head())
        for tenant_id in list(self._subs):
            missed = await self._log.since(tenant_id, self._seen.get(tenant_id, self._start_head))
            if missed is None:
                for sub in list(self._subs.get(tenant_id, ())):
                    sub.end("slow")
                continue
            for event in missed:
                self._dispatch(event)


async def event_bus_context(app: web.Application) -> AsyncIterator[None]:
    """Create the bus (relayed through Redis when configured), and stop it at shutdown."""
    config = app[keys.CONFIG]
    bus = EventBus(
        secret=config.session.secret.encode() or b"pulsestage-events",
        buffer_size=config.events.replay_buffer,
        heartbeat_seconds=config.events.heartbeat_seconds,
        redis=app[keys.REDIS],
        limits=Limits(per_user=config.events.max_streams_per_user,
                      per_process=config.events.max_streams_per_process,
                      queue_size=config.events.client_queue_size),
    )
    await bus.start()
    app[keys.EVENT_BUS] = bus
    try:
        yield
    finally:
        await bus.stop()

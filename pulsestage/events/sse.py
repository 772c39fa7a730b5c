"""GET /events: the Server-Sent Events stream of the signed-in user's tenant.

Fixed shape (STYLE.md habit 10): subscribe to the bus, prepare the stream, register it, send the
`retry:` hint, replay from Last-Event-ID, then loop on the bounded queue; unsubscribe and deregister
in `finally`. Ids on the wire only ever increase: the stream keeps a cursor and skips anything at or
below it.

An idle stream sleeps on its queue with no timer of its own: one watcher per process walks the open
streams twice a second, ends those whose client has gone and queues a heartbeat for those that have
been quiet for `heartbeat_seconds` (a timer per stream cost 10,000 streams 20,000 wake-ups a second).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from aiohttp import web

from pulsestage import keys
from pulsestage.auth.guards import require_user
from pulsestage.errors import NotFound
from pulsestage.events.bus import EventBus, Subscription
from pulsestage.events.envelope import control_frame
from pulsestage.http.openapi import doc

RETRY_MS = 3000
SHUTDOWN_RETRY_MS = 1000
POLL_SECONDS = 0.5  # how often the watcher checks that clients are still there
BEAT = object()  # queued by the watcher: time for a heartbeat frame
HEADERS = {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache",
    "Connection": "keep-alive",
    "X-Accel-Buffering": "no",
}

log = logging.getLogger("pulsestage.events")


@dataclass(eq=False, slots=True, weakref_slot=True)
class OpenStream:
    """What SSE_STREAMS holds: enough to end a stream, see its client leave, and keep it alive."""

    subscription: Subscription
    request: web.Request
    last_write: float = field(default_factory=time.monotonic)

    def close(self) -> None:
        """Ask the stream to end with a retry hint."""
        self.subscription.end("shutdown")

    def gone(self) -> bool:
        """Whether the client has closed the connection."""
        transport = self.request.transport
        return transport is None or transport.is_closing()

    def beat(self) -> None:
        """Queue a heartbeat unless events are already waiting (they keep the stream alive)."""
        if self.subscription.ended is None and self.subscription.queue.empty():
            with contextlib.suppress(asyncio.QueueFull):
                self.subscription.queue.put_nowait(BEAT)


class EventStreamResponse(web.StreamResponse):
    """A stream whose headers leave in the same packet as the opening frames (one send, not two:
    a reconnect storm is thousands of them). aiohttp's own `Response` buffers its headers the same way."""

    _send_headers_immediately = False


def last_event_id(request: web.Request) -> int | None:
    """The client's cursor: the Last-Event-ID header, or `lastEventId` in the query (the SPA's
    fresh EventSource cannot set headers). Anything unreadable counts as absent."""
    raw = request.headers.get("Last-Event-ID") or request.query.get("lastEventId") or ""
    raw = raw.strip()
    return int(raw) if raw.isdigit() and len(raw) < 20 else None


@doc(summary="Live events of the tenant (text/event-stream)", tags=["events"],
     query={"tenant": {"type": "string"}, "lastEventId": {"type": "string"}},
     response={"type": "string", "description": "text/event-stream frames `id:` + `data: {type, tenantId, data, timestamp}`"})
async def stream_events(request: web.Request) -> web.StreamResponse:
    """Open the live stream."""
    user = await require_user(request)
    tenant = request[keys.TENANT]
    named = (request.query.get("tenant") or "").strip().lower()
    if named and named != tenant.slug:
        raise NotFound(f"Tenant '{named}' does not exist.", code="tenant_not_found")
    bus: EventBus = request.app[keys.EVENT_BUS]
    viewer = bus.viewer(tenant.id, user.id, user.memberships)
    subscription = bus.subscribe(viewer)
    stream = OpenStream(subscription, request)
    streams = request.app[keys.SSE_STREAMS]
    response = EventStreamResponse(headers=HEADERS)
    try:
        await response.prepare(request)
        streams.add(stream)
        opening, cursor = await _opening(bus, subscription, tenant, last_event_id(request))
        await response.write(b"retry: %d\n\n%s" % (RETRY_MS, opening))  # one write: a storm is thousands
        stream.last_write = time.monotonic()
        await _pump(response, stream, tenant.id, cursor)
        if subscription.ended == "shutdown":
            await response.write(b"retry: %d\n\n" % SHUTDOWN_RETRY_MS)
    except ConnectionError:
        pass  # the client went away
    except Exception:
        # the 200 is already sent, so no error body can follow: end the stream with a retry hint
        # and let the browser reconnect rather than leave it open and silent
        log.exception("live stream failed after it opened")
        with contextlib.suppress(ConnectionError):
            await response.write(b"retry: %d\n\n" % RETRY_MS)
    finally:
        bus.unsubscribe(subscription)
        streams.discard(stream)
    return response


async def _opening(bus: EventBus, sub: Subscription, tenant, last_id: int | None) -> tuple[bytes, int]:
    """The opening frames, (reset,) `connected` and the replay, and the cursor after them."""
    now = int(time.time() * 1000)
    head = await bus.head()
    replayed = await bus.replay(sub.viewer, last_id, sub.opened) if last_id is not None else None
    frames = []
    if last_id is not None and replayed is None:
        frames.append(control_frame(head, tenant.id, "reset", {
            "reason": "The events since your last one are no longer available; reload.",
            "lastEventId": str(last_id)}, now))
    cursor = head if last_id is None or replayed is None else last_id
    frames.append(control_frame(cursor, tenant.id, "connected", {"tenantSlug": tenant.slug}, now))
    for event in replayed or ():
        frames.append(event.frame())
        cursor = max(cursor, event.id)
    return b"".join(frames), cursor


async def _pump(response, stream: OpenStream, tenant_id: str, cursor: int) -> None:
    """Forward queued events (and the watcher's heartbeats) until the client leaves or the bus ends the stream."""
    sub = stream.subscription
    while sub.ended is None:
        item = await sub.queue.get()
        if item is None or sub.ended is not None:
            return
        if item is BEAT:
            now = int(time.time() * 1000)
            await response.write(control_frame(cursor, tenant_id, "heartbeat", {"timestamp": now}, now))
        elif item.id > cursor:
            await response.write(item.frame())
            cursor = item.id
        else:
            continue
        stream.last_write = time.monotonic()


async def watch_streams(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: the one watcher of every open stream of this process."""
    task = asyncio.create_task(_watch(app), name="sse-watcher")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _watch(app: web.Application) -> None:
    streams = app[keys.SSE_STREAMS]
    while True:
        bus = app.get(keys.EVENT_BUS)
        heartbeat = bus.heartbeat_seconds if bus is not None else 30.0
        await asyncio.sleep(min(POLL_SECONDS, heartbeat))
        now = time.monotonic()
        try:
            for stream in list(streams):
                if stream.gone():
                    stream.subscription.end("gone")
                elif now - stream.last_write >= heartbeat:
                    stream.beat()
        except Exception:  # never let one odd stream stop the watcher
            log.exception("stream watcher failed a round")


async def end_streams(app: web.Application) -> None:
    """on_shutdown: end every open stream with a retry hint before requests are drained."""
    streams = app[keys.SSE_STREAMS]
    for stream in list(streams):
        stream.close()

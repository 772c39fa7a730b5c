"""GET /events: the Server-Sent Events stream of the signed-in user's tenant.

Fixed shape (STYLE.md habit 10): subscribe to the bus, prepare the stream, register it, send the
`retry:` hint, replay from Last-Event-ID, then loop on the bounded queue with a heartbeat timeout;
unsubscribe and deregister in `finally`. Ids on the wire only ever increase: the stream keeps a
cursor and skips anything at or below it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass

from aiohttp import web

from pulsestage import keys
from pulsestage.auth.guards import require_user
from pulsestage.errors import NotFound
from pulsestage.events.bus import EventBus, Subscription
from pulsestage.events.envelope import control_frame
from pulsestage.http.openapi import doc

RETRY_MS = 3000
SHUTDOWN_RETRY_MS = 1000
POLL_SECONDS = 0.5  # how often an idle stream checks that its client is still there
HEADERS = {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache",
    "Connection": "keep-alive",
    "X-Accel-Buffering": "no",
}

log = logging.getLogger("pulsestage.events")


@dataclass(eq=False, slots=True, weakref_slot=True)
class OpenStream:
    """What SSE_STREAMS holds: enough to end a stream at shutdown."""

    subscription: Subscription

    def close(self) -> None:
        """Ask the stream to end with a retry hint."""
        self.subscription.end("shutdown")


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
    stream = OpenStream(subscription)
    streams = request.app[keys.SSE_STREAMS]
    response = web.StreamResponse(headers=HEADERS)
    try:
        await response.prepare(request)
        streams.add(stream)
        await response.write(b"retry: %d\n\n" % RETRY_MS)
        cursor = await _opening(response, bus, subscription, tenant, last_event_id(request))
        await _pump(request, response, bus, subscription, tenant.id, cursor)
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


async def _opening(response, bus: EventBus, sub: Subscription, tenant, last_id: int | None) -> int:
    """Replay (or reset), then `connected`; returns the cursor."""
    now = int(time.time() * 1000)
    head = await bus.head()
    replayed = await bus.replay(sub.viewer, last_id, sub.opened) if last_id is not None else None
    if last_id is not None and replayed is None:
        await response.write(control_frame(head, tenant.id, "reset", {
            "reason": "The events since your last one are no longer available; reload.",
            "lastEventId": str(last_id)}, now))
    cursor = head if last_id is None or replayed is None else last_id
    await response.write(control_frame(cursor, tenant.id, "connected", {"tenantSlug": tenant.slug}, now))
    for event in replayed or ():
        await response.write(event.frame())
        cursor = max(cursor, event.id)
    return cursor


async def _pump(request, response, bus: EventBus, sub: Subscription, tenant_id: str, cursor: int) -> None:
    """Forward queued events until the client leaves or the bus ends the stream."""
    last_write = time.monotonic()
    while sub.ended is None:
        wait = max(0.0, min(POLL_SECONDS, bus.heartbeat_seconds - (time.monotonic() - last_write)))
        try:
            event = await asyncio.wait_for(sub.queue.get(), timeout=wait)
        except TimeoutError:
            if request.transport is None or request.transport.is_closing():
                return
            if time.monotonic() - last_write >= bus.heartbeat_seconds:
                now = int(time.time() * 1000)
                await response.write(control_frame(cursor, tenant_id, "heartbeat", {"timestamp": now}, now))
                last_write = time.monotonic()
            continue
        if event is None or sub.ended is not None:
            return
        if event.id <= cursor:
            continue
        await response.write(event.frame())
        cursor, last_write = event.id, time.monotonic()


async def end_streams(app: web.Application) -> None:
    """on_shutdown: end every open stream with a retry hint before requests are drained."""
    streams = app[keys.SSE_STREAMS]
    for stream in list(streams):
        stream.close()

"""Routes of the live stream, and the shutdown hook that ends open streams."""

from __future__ import annotations

from aiohttp import web

from pulsestage.events.sse import end_streams, stream_events, watch_streams
from pulsestage.http.routing import add_routes


def setup_routes(app: web.Application) -> None:
    """Register GET /events, the watcher of open streams, and ending them (retry hint) at shutdown."""
    add_routes(app, "participant", [
        ("GET", "/events", stream_events),
    ])
    app.on_shutdown.append(end_streams)
    app.cleanup_ctx.append(watch_streams)

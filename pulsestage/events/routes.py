"""Routes of the live stream, and the shutdown hook that ends open streams."""

from __future__ import annotations

from aiohttp import web

from pulsestage.events.sse import end_streams, stream_events
from pulsestage.http.routing import add_routes


def setup_routes(app: web.Application) -> None:
    """Register GET /events and end streams (with a retry hint) when the server shuts down."""
    add_routes(app, "participant", [
        ("GET", "/events", stream_events),
    ])
    app.on_shutdown.append(end_streams)

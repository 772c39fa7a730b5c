"""Prometheus metrics: the request middleware, counters other areas bump, and the /metrics endpoint.

Each app has its own registry (no module-level globals), so several apps in one test process do
not collide. Other areas count through `app[keys.METRICS]`, e.g. `metrics.mail_sent.inc()`.
Routes are labelled by template (never by raw path) so label cardinality stays bounded.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import AsyncIterator

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from pulsestage import keys
from pulsestage.errors import Unauthorized

log = logging.getLogger("pulsestage.metrics")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STREAM_ROUTES = {"/events"}  # long-lived: counted, but kept out of the latency histogram
MAIN_APP = web.AppKey("MAIN_APP", web.Application)  # the side app on metrics.port reads the main app


class Metrics:
    """Every PulseStage metric, in one registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.in_flight = 0  # requests being handled now (graceful shutdown waits for zero)
        r = self.registry
        self.http_requests = Counter("pulsestage_http_requests", "HTTP requests by route template and status.",
                                     ["method", "route", "status"], registry=r)
        self.http_errors = Counter("pulsestage_http_errors", "HTTP responses with status >= 400.",
                                   ["method", "route", "status"], registry=r)
        self.http_latency = Histogram("pulsestage_http_request_duration_seconds", "Time to answer a request.",
                                      ["method", "route"], buckets=LATENCY_BUCKETS, registry=r)
        self.http_in_flight = Gauge("pulsestage_http_requests_in_flight", "Requests being handled now.", registry=r)
        self.http_in_flight.set_function(lambda: self.in_flight)
        self.sse_connections = Gauge("pulsestage_sse_connections", "Open Server-Sent Events streams.", registry=r)
        self.pulse_invites_sent = Counter("pulsestage_pulse_invites_sent", "Pulse invitations sent.", registry=r)
        self.pulse_responses = Counter("pulsestage_pulse_responses", "Pulse responses received.", registry=r)
        self.mail_sent = Counter("pulsestage_mail_sent", "E-mails the provider accepted.", registry=r)
        self.mail_failed = Counter("pulsestage_mail_failed", "E-mail attempts that failed.", registry=r)
        self.mail_queue_depth = Gauge("pulsestage_mail_queue_depth", "E-mails waiting to be sent.", registry=r)
        self.db_pool_size = Gauge("pulsestage_db_pool_connections", "Open database pool connections.", registry=r)
        self.db_pool_in_use = Gauge("pulsestage_db_pool_in_use", "Pool connections lent out.", registry=r)
        self.db_pool_max = Gauge("pulsestage_db_pool_max", "Most connections the pool may open.", registry=r)
        self.jobs = Counter("pulsestage_jobs", "Background job runs by name and outcome.", ["job", "outcome"],
                            registry=r)
        self.backup_last_success = Gauge("pulsestage_backup_last_success_timestamp_seconds",
                                         "Unix time of the last successful backup.", ["kind"], registry=r)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Record one finished request."""
        self.http_requests.labels(method, route, str(status)).inc()
        if status >= 400:
            self.http_errors.labels(method, route, str(status)).inc()
        if route not in STREAM_ROUTES:
            self.http_latency.labels(method, route).observe(seconds)

    async def refresh(self, app: web.Application) -> None:
        """Read the gauges that are sampled at scrape time (streams, pool, mail queue)."""
        self.sse_connections.set(len(app[keys.SSE_STREAMS]))
        pool = app.get(keys.PG_POOL)
        if pool is not None:
            self.db_pool_size.set(pool.size)
            self.db_pool_in_use.set(pool.size - pool.freesize)
            self.db_pool_max.set(pool.maxsize or 0)
        queue = app.get(keys.MAIL_QUEUE)
        if queue is not None:
            try:
                self.mail_queue_depth.set(await queue.depth())
            except Exception as exc:  # a scrape must not fail because the queue store hiccups
                log.warning("mail queue depth unavailable", extra={"reason": type(exc).__name__})

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)


def _route(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


@web.middleware
async def metrics_middleware(request: web.Request, handler):
    """Count and time every request by route template (outside the error middleware: final status)."""
    metrics: Metrics | None = request.app.get(keys.METRICS)
    if metrics is None:
        return await handler(request)
    started = time.perf_counter()
    status = 500
    metrics.in_flight += 1
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        metrics.in_flight -= 1
        metrics.observe(request.method, _route(request), status, time.perf_counter() - started)


def check_token(request: web.Request, token: str) -> None:
    """Require `Authorization: Bearer <token>` when a metrics token is configured."""
    if not token:
        return
    sent = request.headers.get("Authorization", "")
    if not (sent.startswith("Bearer ") and hmac.compare_digest(sent[7:].encode(), token.encode())):
        raise Unauthorized("A valid metrics bearer token is required")


async def serve_metrics(request: web.Request) -> web.Response:
    """Prometheus text format."""
    app = request.app.get(MAIN_APP, request.app)
    check_token(request, app[keys.CONFIG].metrics.token)
    metrics = app[keys.METRICS]
    await metrics.refresh(app)
    return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST,
                                                        "Cache-Control": "no-store"})


async def metrics_port_context(app: web.Application) -> AsyncIterator[None]:
    """When metrics.port is set, serve /metrics on that port only (for a private scrape network)."""
    config = app[keys.CONFIG]
    if not config.metrics.enabled or not config.metrics.port:
        yield
        return
    from pulsestage.http.errors import errors_middleware

    side = web.Application(middlewares=[errors_middleware])
    side[MAIN_APP] = app
    side.router.add_get("/metrics", serve_metrics)
    runner = web.AppRunner(side, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, config.server.host, config.metrics.port).start()
    log.info("metrics listening", extra={"port": config.metrics.port})
    try:
        yield
    finally:
        await runner.cleanup()


def setup_routes(app: web.Application) -> None:
    """Serve /metrics on the main port unless it is disabled or moved to its own port."""
    from pulsestage.http.routing import add_routes

    config = app[keys.CONFIG]
    if config.metrics.enabled and not config.metrics.port:
        add_routes(app, "public", [("GET", "/metrics", serve_metrics)])

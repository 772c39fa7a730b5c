"""Serve until SIGTERM/SIGINT, then drain without dropping a request.

aiohttp's own shutdown (`run_app`) marks every connection closing before it waits for handlers,
and from then on discards incoming bytes: a request whose body is still arriving hangs until the
shutdown timeout and is cancelled. So PulseStage drains first, then lets aiohttp clean up:

1. readiness turns 503 (`draining`), so a load balancer stops sending new requests;
2. the listening sockets close (no new connections);
3. open SSE streams end with a `retry:` hint, so clients reconnect to another instance;
4. in-flight requests finish, bodies and all (bounded by server.shutdown_timeout_seconds);
5. aiohttp's cleanup runs: on_shutdown, idle connections closed, cleanup contexts in reverse.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
import weakref

from aiohttp import web

from pulsestage import keys

log = logging.getLogger("pulsestage.server")


def serve(app: web.Application, host: str, port: int, shutdown_timeout: float) -> None:
    """Run `app` on host:port until a stop signal; drain, then clean up."""
    asyncio.run(_serve(app, host, port, shutdown_timeout))


async def _serve(app: web.Application, host: str, port: int, shutdown_timeout: float) -> None:
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=shutdown_timeout, handle_signals=False)
    await runner.setup()  # start-up (cleanup contexts) runs here; its errors propagate
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        log.info("listening", extra={"host": host, "port": port})
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        await drain(app, runner, shutdown_timeout)
    finally:
        await runner.cleanup()


async def drain(app: web.Application, runner: web.AppRunner, timeout: float) -> None:
    """Steps 1-4 above; returns when no request is in flight or the timeout has passed."""
    started = time.monotonic()
    app[keys.READINESS].draining = True
    for site in list(runner.sites):
        await site.stop()
    streams: weakref.WeakSet = app[keys.SSE_STREAMS]
    for stream in list(streams):
        stream.close()  # each stream writes its retry hint and returns
    metrics = app.get(keys.METRICS)
    while metrics is not None and metrics.in_flight > 0 and time.monotonic() - started < timeout:
        await asyncio.sleep(0.05)
    left = metrics.in_flight if metrics is not None else 0
    log.info("drained", extra={"ms": round((time.monotonic() - started) * 1000), "unfinished": left})

"""Serve until SIGTERM/SIGINT, then drain without dropping a request.

aiohttp's own shutdown (`run_app`) marks every connection closing before it waits for handlers,
and from then on discards incoming bytes: a request whose body is still arriving hangs until the
shutdown timeout and is cancelled. So PulseStage drains first, then lets aiohttp clean up:

1. readiness turns 503 (`draining`), so a load balancer stops sending new requests;
2. for server.drain_delay_seconds everything else carries on as before: new connections are
   accepted and served and SSE streams stay open, because a balancer that has not polled
   readiness yet still sends traffic here (a second SIGTERM/SIGINT ends the delay early);
3. the listening sockets close (no new connections);
4. open SSE streams end with a `retry:` hint, so clients reconnect to another instance;
5. in-flight requests finish, bodies and all (bounded by server.shutdown_timeout_seconds);
6. aiohttp's cleanup runs: on_shutdown, idle connections closed, cleanup contexts in reverse.

Steps 2 to 5 take at most drain_delay_seconds + shutdown_timeout_seconds; the orchestrator's grace
period (terminationGracePeriodSeconds, stop_grace_period) must be longer than that sum.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
import weakref

from aiohttp import web

from pulsestage import keys
from pulsestage.ops import gc_policy

log = logging.getLogger("pulsestage.server")


class StopSignals:
    """The stop signals seen so far: the first starts the drain, a later one cuts its delay short."""

    def __init__(self) -> None:
        self.stop = asyncio.Event()
        self.hurry = asyncio.Event()

    def received(self, sig: signal.Signals) -> None:
        """Record one SIGTERM/SIGINT."""
        if self.stop.is_set():
            if not self.hurry.is_set():
                log.info("second stop signal: ending the drain delay", extra={"signal": sig.name})
            self.hurry.set()
        else:
            log.info("stop signal: draining", extra={"signal": sig.name})
            self.stop.set()


def serve(app: web.Application, host: str, port: int, shutdown_timeout: float) -> None:
    """Run `app` on host:port until a stop signal; drain, then clean up."""
    asyncio.run(_serve(app, host, port, shutdown_timeout))


async def _serve(app: web.Application, host: str, port: int, shutdown_timeout: float) -> None:
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=shutdown_timeout, handle_signals=False)
    await runner.setup()  # start-up (cleanup contexts) runs here; its errors propagate
    try:
        server = app[keys.CONFIG].server
        gc_policy.settle(server.gc_tuning)
        # a deep queue: an all-hands reconnecting at once must wait in it, not retry SYNs for seconds
        site = web.TCPSite(runner, host, port, backlog=server.listen_backlog)
        await site.start()
        log.info("listening", extra={"host": host, "port": port})
        signals = StopSignals()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, signals.received, sig)
        await signals.stop.wait()
        delay = server.drain_delay_seconds
        await drain(app, runner, shutdown_timeout, delay=delay, hurry=signals.hurry)
    finally:
        await runner.cleanup()


async def drain(
    app: web.Application,
    runner: web.AppRunner,
    timeout: float,
    delay: float = 0.0,
    hurry: asyncio.Event | None = None,
) -> None:
    """Steps 1-5 above; returns when no request is in flight or `timeout` has passed after the delay."""
    app[keys.READINESS].draining = True
    log.info("drain: readiness 503, still serving", extra={"delay_s": delay})
    if delay > 0:
        await _delay(delay, hurry or asyncio.Event())
    started = time.monotonic()
    for site in list(runner.sites):
        await site.stop()
    streams: weakref.WeakSet = app[keys.SSE_STREAMS]
    open_streams = list(streams)
    for stream in open_streams:
        stream.close()  # each stream writes its retry hint and returns
    log.info("drain: listening sockets closed, streams ended", extra={"streams": len(open_streams)})
    metrics = app.get(keys.METRICS)
    while metrics is not None and metrics.in_flight > 0 and time.monotonic() - started < timeout:
        await asyncio.sleep(0.05)
    left = metrics.in_flight if metrics is not None else 0
    log.info("drained", extra={"ms": round((time.monotonic() - started) * 1000), "unfinished": left})


async def _delay(delay: float, hurry: asyncio.Event) -> None:
    """Wait `delay` seconds, or less if `hurry` is set (a second stop signal)."""
    started = time.monotonic()
    try:
        await asyncio.wait_for(hurry.wait(), delay)
        cut = True
    except TimeoutError:
        cut = False
    waited = round((time.monotonic() - started) * 1000)
    log.info("drain: delay over" + (", cut short" if cut else ""), extra={"ms": waited})

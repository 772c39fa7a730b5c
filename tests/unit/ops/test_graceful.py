"""The drain order on a bare app: readiness 503, a delay that still serves, then close, streams, in-flight."""

from __future__ import annotations

import asyncio
import signal
import weakref

import pytest
from aiohttp import web

from pulsestage import keys
from pulsestage.config import ConfigError, load_config
from pulsestage.ops import graceful
from pulsestage.ops.state import Readiness
from tests.support.servers import free_port


class Stream:
    """Stands in for an open SSE stream: records when it was told to end."""

    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


async def _running(app: web.Application) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, port


def _app() -> tuple[web.Application, Stream]:
    app = web.Application()
    app[keys.READINESS] = Readiness(migrations_done=True)
    app[keys.SSE_STREAMS] = weakref.WeakSet()
    stream = Stream()
    app[keys.SSE_STREAMS].add(stream)
    app["stream"] = stream  # keeps the weak reference alive
    return app, stream


async def _accepts(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    writer.close()
    await writer.wait_closed()
    return True


async def test_delay_keeps_the_port_and_streams_open_after_readiness_turns_503():
    app, stream = _app()
    runner, port = await _running(app)
    try:
        task = asyncio.create_task(graceful.drain(app, runner, timeout=5, delay=0.5))
        await asyncio.sleep(0.2)
        assert app[keys.READINESS].draining
        assert await _accepts(port), "a new connection was refused during the delay"
        assert not stream.closed, "a stream was ended during the delay"
        assert not task.done()
        await asyncio.wait_for(task, 3)
        assert stream.closed
        assert not await _accepts(port)
    finally:
        await runner.cleanup()


async def test_no_delay_closes_at_once():
    app, stream = _app()
    runner, port = await _running(app)
    try:
        await asyncio.wait_for(graceful.drain(app, runner, timeout=5), 1)
        assert app[keys.READINESS].draining and stream.closed
        assert not await _accepts(port)
    finally:
        await runner.cleanup()


async def test_hurry_ends_the_delay_early():
    app, stream = _app()
    runner, port = await _running(app)
    hurry = asyncio.Event()
    try:
        task = asyncio.create_task(graceful.drain(app, runner, timeout=5, delay=60, hurry=hurry))
        await asyncio.sleep(0.1)
        assert not task.done() and await _accepts(port)
        hurry.set()
        await asyncio.wait_for(task, 2)
        assert stream.closed and not await _accepts(port)
    finally:
        await runner.cleanup()


async def test_first_signal_starts_the_drain_and_a_second_one_hurries_it():
    signals = graceful.StopSignals()
    signals.received(signal.SIGTERM)
    assert signals.stop.is_set() and not signals.hurry.is_set()
    signals.received(signal.SIGINT)
    assert signals.hurry.is_set()


def test_the_delay_is_off_in_dev_and_test_and_on_in_prod():
    assert load_config("dev", environ={}).server.drain_delay_seconds == 0.0
    assert load_config("test", environ={}).server.drain_delay_seconds == 0.0
    assert load_config("prod", environ={}).server.drain_delay_seconds == 5.0


def test_a_delay_out_of_range_is_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[server]\ndrain_delay_seconds = 600\n")
    with pytest.raises(ConfigError, match="server.drain_delay_seconds: 600.0 is out of range"):
        load_config("prod", str(path), environ={})

"""The server's listen queue: a storm of connections to a busy server waits in it instead of
having its SYNs dropped (each dropped SYN costs the client 1, then 2, then 4 seconds)."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from tests.support.servers import ServeProcess

STORM = 400


def _env(database: str, tmp_path) -> dict[str, str]:
    return {"PULSESTAGE_PROFILE": "dev", "DATABASE_URL": database, "PULSESTAGE_DATA_DIR": str(tmp_path / "data"),
            "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0", "PULSE_ENABLED": "false", "HOST": "127.0.0.1"}


async def _handshakes(port: int, count: int, timeout: float = 1.5) -> int:
    """How many of `count` simultaneous connections complete their handshake within `timeout`."""
    async def one():
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
        except (OSError, TimeoutError):
            return None
        return writer

    writers = await asyncio.gather(*(one() for _ in range(count)))
    for writer in writers:
        if writer is not None:
            writer.transport.abort()
    return sum(w is not None for w in writers)


def _storm_while_paused(server: ServeProcess) -> int:
    """Pause the server (it accepts nothing), storm it, resume it; the handshakes completed."""
    os.kill(server.proc.pid, signal.SIGSTOP)
    try:
        return asyncio.run(_handshakes(server.port, STORM))
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)


@pytest.mark.parametrize(("config", "queued"), [
    ("", lambda n: n == STORM),  # the default, 4096: every connection waits in the queue
    ("[server]\nlisten_backlog = 64\n", lambda n: n < STORM // 2),  # a short queue overflows
])
def test_a_connection_storm_waits_in_the_listen_queue(database, tmp_path, config, queued):
    config_file = tmp_path / "backlog.toml"
    config_file.write_text(config)
    server = ServeProcess(_env(database, tmp_path), "--config", str(config_file))
    try:
        server.wait_ready()
        completed = _storm_while_paused(server)
        assert queued(completed), f"{completed} of {STORM} handshakes completed"
        server.wait_ready(timeout=10)  # and the server carries on afterwards
    finally:
        assert server.stop() == 0, server.output()

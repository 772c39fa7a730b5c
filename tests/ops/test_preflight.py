"""preflight and healthcheck against a real server (in this loop), in-process and as CLI subprocesses."""

from __future__ import annotations

import asyncio
import os
import socket
import sys

import pytest

from pulsestage.app import create_app
from pulsestage.ops import preflight


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def env(database, redis_url, tmp_path):
    return {"PULSESTAGE_PROFILE": "test", "DATABASE_URL": database, "REDIS_URL": redis_url,
            "PULSESTAGE_DATA_DIR": str(tmp_path / "data"), "MAIL_SINK_SMTP_PORT": str(_free_port()),
            "MAIL_SINK_UI_PORT": str(_free_port())}


@pytest.fixture
async def server(aiohttp_client, env):
    from pulsestage.config import load_config

    config = load_config("test", None, env)
    client = await aiohttp_client(create_app(config))
    return config, str(client.make_url("/")).rstrip("/")


async def _cli(*args: str, env: dict[str, str]) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "pulsestage", *args, env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode, out.decode()


async def test_every_check_passes_on_a_healthy_dev_server(server, database):
    config, url = server
    checks = await preflight.run(config, url, database)
    failed = [c.line() for c in checks if c.ok is False]
    assert failed == []
    names = [c.name for c in checks]
    for expected in ("config", "database and migrations", "redis", "probe /health/ready", "SPA", "sign-in",
                     "core endpoints", "SSE first event", "seed data integrity", "mail", "metrics"):
        assert expected in names
    assert next(c for c in checks if c.name == "SSE first event").detail == "received 'connected'"


async def test_cli_prints_one_line_per_check_and_exit_0(server, env):
    _, url = server
    code, out = await _cli("preflight", "--url", url, env=env)
    assert code == 0, out
    lines = out.strip().splitlines()
    assert all(line.startswith(("[OK]", "[SKIP]")) for line in lines[:-1]), out
    assert lines[-1].startswith("preflight passed")


async def test_cli_fails_with_fixes_when_nothing_listens(env):
    code, out = await _cli("preflight", "--url", f"http://127.0.0.1:{_free_port()}", env=env)
    assert code == 1
    assert "[FAIL] probe /health: no answer" in out and "fix: start the server" in out
    assert out.strip().splitlines()[-1].startswith("preflight FAILED")


async def test_healthcheck(server, env):
    _, url = server
    assert (await _cli("healthcheck", "--url", url, env=env))[0] == 0
    code, out = await _cli("healthcheck", "--url", f"http://127.0.0.1:{_free_port()}", env=env)
    assert code == 1 and "health/live" in out

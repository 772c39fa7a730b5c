"""Probes: /health, /health/live, /health/ready (503 naming the failing check)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time

import psycopg2
import pytest
import redis

from pulsestage.app import create_app


async def test_health_and_live(client):
    body = await (await client.get("/health")).json()
    assert body["ok"] is True and body["status"] == "ok"
    assert body["profile"] == "test" and body["version"]
    assert body["uptime"] >= 0
    live = await (await client.get("/health/live")).json()
    assert live["status"] == "alive"


async def test_ready_reports_each_check(client):
    response = await client.get("/health/ready")
    body = await response.json()
    assert response.status == 200
    assert body["status"] == "ready"
    assert body["checks"] == {"database": True, "migrations": True, "redis": True}
    assert body["details"]["database"]["latencyMs"] >= 0
    assert body["details"]["redis"] == {"status": "not_configured"}


async def test_ready_is_503_when_the_database_is_gone(client, pg_server, database):
    from urllib.parse import urlsplit

    pg_server.drop(urlsplit(database).path.lstrip("/"))
    response = await client.get("/health/ready")
    body = await response.json()
    assert response.status == 503
    assert body["status"] == "not_ready"
    assert body["failed"] == ["database"]
    assert body["checks"]["database"] is False
    assert "database" in body["message"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis():
    """A redis-server of our own that the test may kill."""
    port = _free_port()
    folder = tempfile.mkdtemp()
    proc = subprocess.Popen([shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--dir", folder],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.RedisError:
            time.sleep(0.05)
    yield proc, url
    proc.kill()
    proc.wait()


async def test_ready_is_503_when_redis_is_down(aiohttp_client, make_config, own_redis):
    proc, url = own_redis
    client = await aiohttp_client(create_app(make_config(REDIS_URL=url)))
    assert (await client.get("/health/ready")).status == 200
    proc.kill()
    proc.wait()
    response = await client.get("/health/ready")
    body = await response.json()
    assert response.status == 503
    assert body["failed"] == ["redis"]
    assert body["checks"] == {"database": True, "redis": False, "migrations": True}


async def test_ready_is_503_until_migrations_are_done(client):
    from pulsestage import keys

    client.server.app[keys.READINESS].migrations_done = False
    body = await (await client.get("/health/ready")).json()
    assert body["failed"] == ["migrations"]


def test_database_fixture_is_a_real_server(database):
    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM schema_migrations")
        assert cur.fetchone()[0] >= 2

"""Two real `pulsestage serve` processes (prod profile) on one PostgreSQL and one Redis behave as one.

Sign-in on A works on B, an event made on A reaches an SSE stream on B, the backup schedule runs
once for both, and SIGTERM to B ends its stream with a retry hint while an in-flight request still
completes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
from urllib.parse import urlsplit

import aiohttp
import pytest

from pulsestage.ops import backup
from tests.support.fake_oauth import FakeOAuth
from tests.support.serve_process import ServeProcess, free_port

COOKIE = "pulsestage_session"
pytestmark = pytest.mark.slow


def _toml(fake: FakeOAuth, backup_dir) -> str:
    today = (dt.datetime.now().weekday() + 1) % 7  # config counts days from Sunday = 0
    return fake.toml() + (
        "[backup]\nschedule_enabled = true\nnightly_time = \"00:00\"\n"
        f"weekly_roles_day = {today}\ndir = \"{backup_dir}\"\n"
        "[server]\nshutdown_timeout_seconds = 20\n"
    )


def _env(database: str, redis_url: str, tmp_path) -> dict[str, str]:
    return {
        "PULSESTAGE_PROFILE": "prod", "DATABASE_URL": database, "REDIS_URL": redis_url,
        "SESSION_SECRET": secrets.token_urlsafe(48), "PUBLIC_URL": "https://pulse.example.test",
        "PULSESTAGE_DATA_DIR": str(tmp_path / "data"), "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(free_port()),
        "SMTP_SECURITY": "none", "LOG_LEVEL": "INFO",
    }


async def _sign_in(http: aiohttp.ClientSession, base: str) -> str:
    """GitHub sign-in through the fake on instance A; returns the session cookie value."""
    async with http.get(base + "/auth/github", allow_redirects=False) as start:
        assert start.status == 302
        flow_cookie = start.cookies[COOKIE].value
        provider = start.headers["Location"]
    async with http.get(provider, allow_redirects=False) as consent:
        callback = urlsplit(consent.headers["Location"])
    async with http.get(f"{base}{callback.path}?{callback.query}", allow_redirects=False,
                        headers={"Cookie": f"{COOKIE}={flow_cookie}"}) as done:
        assert done.status == 302 and done.headers["Location"] == "/", done.headers.get("Location")
        return done.cookies[COOKIE].value


async def _frames(response: aiohttp.ClientResponse):
    """Yield ('data', envelope) and ('retry', ms) from an SSE response."""
    while line := await response.content.readline():
        if line.startswith(b"data:"):
            yield "data", json.loads(line[5:])
        elif line.startswith(b"retry:"):
            yield "retry", int(line[6:])


async def _next_data(frames, kind: str, timeout: float = 10.0) -> dict:
    async with asyncio.timeout(timeout):
        async for what, value in frames:
            if what == "data" and value["type"] == kind:
                return value
    raise AssertionError(f"stream ended before {kind}")


async def _slow_body(payload: bytes, seconds: float):
    half = len(payload) // 2
    yield payload[:half]
    await asyncio.sleep(seconds)
    yield payload[half:]


async def test_two_instances_behave_as_one(database, redis_url, tmp_path):
    fake = FakeOAuth()
    await fake.start()
    config_file = tmp_path / "prod.toml"
    config_file.write_text(_toml(fake, tmp_path / "backups"))
    env = _env(database, redis_url, tmp_path)
    a = ServeProcess("A", env, config_file, tmp_path / "a.log")
    b = ServeProcess("B", env, config_file, tmp_path / "b.log")
    try:
        await asyncio.gather(a.start(), b.start())
        await asyncio.gather(a.wait_ready(), b.wait_ready())
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            # a session made on A works on B (Secure cookie: sent by hand over plain http here)
            cookie = {"Cookie": f"{COOKIE}={await _sign_in(http, a.url)}"}
            async with http.get(b.url + "/auth/session", headers=cookie) as r:
                who = await r.json()
            assert who["authenticated"] is True
            async with http.get(b.url + "/api/csrf-token", headers=cookie) as r:
                csrf = {**cookie, "X-CSRF-Token": (await r.json())["csrfToken"]}

            # an event made on A reaches a stream on B
            stream = await http.get(b.url + "/events", headers=cookie, timeout=aiohttp.ClientTimeout(total=60))
            assert stream.status == 200
            frames = _frames(stream)
            await _next_data(frames, "connected")
            async with http.post(a.url + "/api/questions", headers=csrf,
                                 json={"body": "Will the two instances share this question?"}) as r:
                assert r.status == 201, await r.text()
                asked = (await r.json())["id"]
            event = await _next_data(frames, "question:created")
            assert event["data"]["id"] == asked

            # SIGTERM to B: the in-flight request finishes, the stream gets a retry hint and ends
            body = json.dumps({"body": "Asked while instance B shuts down"}).encode()
            slow = asyncio.create_task(http.post(b.url + "/api/questions", data=_slow_body(body, 1.5),
                                                 headers={**csrf, "Content-Type": "application/json"}))
            await asyncio.sleep(0.5)
            b.terminate()
            async with asyncio.timeout(15):
                hints = [value async for what, value in frames if what == "retry"]
            assert hints, "the stream ended without a retry hint"
            response = await slow
            assert response.status == 201, await response.text()
            assert await asyncio.wait_for(b.proc.wait(), 30) == 0, b.tail()
            async with http.get(a.url + "/health/ready") as r:
                assert r.status == 200

        # the backup schedule ran once for both instances
        assert len(backup.list_backups(tmp_path / "backups", "data")) == 1, a.tail() + b.tail()
        assert len(backup.list_backups(tmp_path / "backups", "roles")) == 1
    finally:
        await asyncio.gather(a.stop(), b.stop())
        await fake.stop()

"""Rate limiting: tiers, per-route/tenant/IP keys, 429 + Retry-After, tenant overrides, Redis outage."""

from __future__ import annotations

import pytest
import redis

from pulsestage import keys
from pulsestage.app import create_app
from pulsestage.config import load_config
from pulsestage.http.ratelimit import Limit, RateLimiter, client_ip, describe, tier_for
from tests.support.oauth_flow import set_settings


@pytest.mark.parametrize(("method", "template", "tier"), [
    ("POST", "/api/questions", "create_question"),
    ("POST", "/api/questions/{id}/upvote", "upvote"),
    ("GET", "/api/questions/search", "search"),
    ("GET", "/api/questions", "reads"),
    ("PATCH", "/api/questions/{question_id}", "update"),
    ("DELETE", "/api/tags/{id}", "delete"),
    ("POST", "/api/questions/{id}/respond", "answer"),
    ("GET", "/auth/github", "auth"),
    ("GET", "/auth/google/callback", "auth"),
    ("GET", "/auth/demo", "auth"),
    ("POST", "/api/admin/pulse/trigger", "email"),
    ("POST", "/api/admin/users/{id}/invite", "email"),
    ("PATCH", "/api/admin/settings", "admin"),
    ("GET", "/api/admin/export", "export"),
    ("GET", "/api/admin/audit/export", "export"),
    ("POST", "/api/admin/email-queue/dead/{id}/retry", "email"),
    ("POST", "/api/questions/upvote-status", "reads"),
    ("POST", "/pulse/respond", "reads"),
    ("GET", "/health/ready", None),
    ("GET", "/metrics", None),
    ("POST", "/auth/logout", None),
    ("GET", "/{path:.*}", None),
])
def test_tiers(method, template, tier):
    assert tier_for(method, template) == tier


def test_declared_tier_wins_and_messages_name_the_window():
    assert tier_for("POST", "/api/pulse/anything", "email") == "email"
    assert describe(Limit(10, 60)) == "Rate limit exceeded. Maximum 10 requests per minute."
    assert describe(Limit(5, 900)) == "Rate limit exceeded. Maximum 5 requests per 15 minutes."


def test_client_ip_trusts_only_the_proxy_hop():
    class Req:
        remote = "10.0.0.9"
        headers = {"X-Forwarded-For": "6.6.6.6, 203.0.113.7"}
    assert client_ip(Req(), trust_proxy=True) == "203.0.113.7"
    assert client_ip(Req(), trust_proxy=False) == "10.0.0.9"


def _config(database, tmp_path, redis_url, enabled=True):
    toml = tmp_path / "rl.toml"
    toml.write_text(f"[rate_limit]\nenabled = {'true' if enabled else 'false'}\n[server]\ntrust_proxy = true\n")
    return load_config("test", str(toml), {
        "DATABASE_URL": database, "REDIS_URL": redis_url, "PULSESTAGE_DATA_DIR": str(tmp_path / "d"),
        "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0"})


def _app(config):
    app = create_app(config)
    if not any(r.method == "POST" and r.resource is not None and r.resource.canonical == "/api/questions"
               for r in app.router.routes()):
        async def stand_in(request):  # the Q&A area's handler when it is not wired in yet
            from aiohttp import web
            return web.json_response({}, status=201)
        app.router.add_post("/api/questions", stand_in)
    return app


async def _post_questions(client, n, ip="198.51.100.1", tenant="default"):
    statuses = []
    for _ in range(n):
        r = await client.post("/api/questions", json={"body": "x" * 20},
                              headers={"X-Forwarded-For": ip, "x-tenant-id": tenant})
        statuses.append(r.status)
    return statuses, r


async def test_eleventh_question_in_a_minute_gets_429(aiohttp_client, database, tmp_path, redis_url):
    client = await aiohttp_client(_app(_config(database, tmp_path, redis_url)))
    statuses, last = await _post_questions(client, 11)
    assert 429 not in statuses[:10] and statuses[10] == 429
    body = await last.json()
    assert body["error"] == "rate_limited" and body["message"].endswith("10 requests per minute.")
    assert 0 < int(last.headers["Retry-After"]) <= 60 and body["retryAfter"] == int(last.headers["Retry-After"])
    # other IPs and other tenants have their own counters
    assert (await _post_questions(client, 1, ip="198.51.100.2"))[0] != [429]
    assert (await _post_questions(client, 1, tenant="acme"))[0] != [429]
    tenant_id = client.app[keys.TENANTS]._cache["default"][1].id
    assert redis.Redis.from_url(redis_url).get(f"rate:POST:/api/questions:{tenant_id}:198.51.100.1") == b"11"


async def test_tenant_settings_override_the_tier(aiohttp_client, database, tmp_path, redis_url):
    set_settings(database, "default", {"security": {"rateLimits": {"questionsPerHour": 3}}})
    client = await aiohttp_client(_app(_config(database, tmp_path, redis_url)))
    statuses, last = await _post_questions(client, 4)
    assert statuses[3] == 429 and statuses[2] != 429
    assert (await last.json())["message"].endswith("3 requests per hour.")
    assert 3000 < int(last.headers["Retry-After"]) <= 3600


async def test_auth_attempts_are_limited(aiohttp_client, database, tmp_path, redis_url):
    client = await aiohttp_client(_app(_config(database, tmp_path, redis_url)))
    codes = [(await client.get("/auth/demo", params={"user": "alice"}, allow_redirects=False)).status
             for _ in range(6)]
    assert codes == [302] * 5 + [429]


async def test_off_when_disabled(aiohttp_client, database, tmp_path, redis_url):
    client = await aiohttp_client(_app(_config(database, tmp_path, redis_url, enabled=False)))
    statuses, _ = await _post_questions(client, 15)
    assert 429 not in statuses


async def test_redis_outage_answers_503_on_limited_routes_only(aiohttp_client, database, tmp_path, redis_url):
    app = _app(_config(database, tmp_path, redis_url))
    dead = redis.asyncio.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    app[keys.RATE_LIMITER] = RateLimiter(True, dead, True)  # as if Redis went away after start-up
    client = await aiohttp_client(app)
    response = await client.post("/api/questions", json={})
    assert response.status == 503
    assert (await response.json())["error"] == "dependency_unavailable"
    assert (await client.get("/health/live")).status == 200
    await dead.aclose()

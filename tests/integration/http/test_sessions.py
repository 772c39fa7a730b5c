"""Both session stores: memory (with expiry) and Redis; deactivation and expiry end sessions."""

from __future__ import annotations

import psycopg2
import redis

from pulsestage.app import create_app
from tests.support.cast import sign_in


async def test_memory_store_sign_in(client):
    storage = client.server.app
    from pulsestage import keys
    from pulsestage.auth.sessions import MemoryStorage

    assert isinstance(storage[keys.SESSION_STORAGE], MemoryStorage)
    await sign_in(client, "bob")
    assert (await client.get("/api/users/me")).status == 200
    assert len(storage[keys.SESSION_STORAGE]) >= 1


async def test_redis_store_sign_in_survives_a_new_app(aiohttp_client, make_config, redis_url):
    config = make_config(REDIS_URL=redis_url)
    first = await aiohttp_client(create_app(config))
    await sign_in(first, "bob")
    cookie = first.session.cookie_jar.filter_cookies(first.make_url("/"))["pulsestage_session"].value
    keys = redis.Redis.from_url(redis_url).keys("pulsestage_session_*")
    assert any(k.decode().endswith(cookie) for k in keys)
    # another process (a second app on the same Redis) honours the same cookie
    second = await aiohttp_client(create_app(config))
    second.session.cookie_jar.update_cookies({"pulsestage_session": cookie})
    me = await second.get("/api/users/me")
    assert me.status == 200
    assert (await me.json())["email"] == "bob@pulsestage.app"


async def test_redis_logout_deletes_the_stored_session(aiohttp_client, make_config, redis_url):
    client = await aiohttp_client(create_app(make_config(REDIS_URL=redis_url)))
    token = await sign_in(client, "bob")
    assert redis.Redis.from_url(redis_url).keys("pulsestage_session_*")
    await client.post("/auth/logout", headers={"X-CSRF-Token": token})
    assert redis.Redis.from_url(redis_url).keys("pulsestage_session_*") == []


async def test_deactivated_user_is_signed_out_at_once(client, database):
    await sign_in(client, "alice")
    assert (await client.get("/api/users/me")).status == 200
    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("SELECT set_config('app.tenant_id', (SELECT id FROM tenant WHERE slug='default'), true)")
        cur.execute("UPDATE app_user SET is_active = false WHERE email = 'alice@pulsestage.app' AND "
                    "tenant_id = (SELECT id FROM tenant WHERE slug='default')")
    assert (await client.get("/api/users/me")).status == 401
    # and the session is gone for good, even if the user is reactivated
    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("SELECT set_config('app.tenant_id', (SELECT id FROM tenant WHERE slug='default'), true)")
        cur.execute("UPDATE app_user SET is_active = true WHERE email = 'alice@pulsestage.app' AND "
                    "tenant_id = (SELECT id FROM tenant WHERE slug='default')")
    assert (await client.get("/api/users/me")).status == 401


async def test_session_lifetime_comes_from_tenant_settings(client, database):
    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("SELECT set_config('app.tenant_id', (SELECT id FROM tenant WHERE slug='default'), true)")
        cur.execute("""UPDATE tenant_settings SET settings = jsonb_set(settings, '{security}',
                       coalesce(settings->'security', '{}') || '{"sessionTimeout": 2}')
                       WHERE tenant_id = (SELECT id FROM tenant WHERE slug='default')""")
    response = await client.get("/auth/demo", params={"user": "bob"}, allow_redirects=False)
    assert "Max-Age=7200" in response.headers["Set-Cookie"]


async def test_default_lifetime_is_eight_hours(client):
    response = await client.get("/auth/demo", params={"user": "bob", "tenant": "acme"},
                                headers={"x-tenant-id": "acme"}, allow_redirects=False)
    assert "Max-Age=28800" in response.headers["Set-Cookie"]

"""The admin health page, and demo reset (which leaves no session pointing at a deleted user)."""

from __future__ import annotations

from pulsestage.app import create_app
from pulsestage.http.routing import ROUTE_GUARDS
from tests.integration.admin.db import one, sql
from tests.support.cast import headers, sign_in

H = {"x-tenant-id": "default"}


def cookies(client) -> dict[str, str]:
    return {k: v.value for k, v in client.session.cookie_jar.filter_cookies(client.make_url("/")).items()}


def use(client, jar: dict[str, str]) -> None:
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies(jar, response_url=client.make_url("/"))


async def test_health_page(aiohttp_client, make_config, redis_url):
    client = await aiohttp_client(create_app(make_config(REDIS_URL=redis_url)))
    await sign_in(client, "admin")
    response = await client.get("/api/admin/health", headers=H)
    assert response.status == 200
    body = await response.json()
    assert body["status"] == "healthy"
    assert body["database"]["status"] == "connected" and body["database"]["provider"] == "PostgreSQL"
    assert body["redis"]["status"] == "connected" and body["versions"]["redis"]
    assert {"pulsestage", "python", "aiohttp", "postgresql"} <= set(body["versions"])
    assert body["uptime"]["seconds"] >= 0 and body["uptime"]["formatted"].endswith("s")
    assert body["data"]["tables"]["app_user"] == 50 and body["data"]["users"] == 50
    assert body["data"]["tenants"] == 2
    assert body["sse"]["totalConnections"] == 0 and list(body["sse"]["tenantConnections"].values()) == [0]
    assert body["redis"]["sessions"]["connected"] is True and body["redis"]["rateLimit"]["enabled"] is False
    assert "mail" in body and body["migrations"]["complete"] is True


async def test_demo_reset_ends_every_session_of_the_tenant(client, database):
    await sign_in(client, "alice")
    alice_browser = cookies(client)
    use(client, {})  # a second browser: signing in here must not replace alice's session
    await sign_in(client, "bob", "acme")
    acme_browser = cookies(client)
    use(client, {})
    token = await sign_in(client, "admin")
    use(client, alice_browser)
    assert (await client.get("/api/users/me", headers=H)).status == 200  # alive before the reset
    use(client, acme_browser)
    assert (await client.get("/api/users/me", headers={"x-tenant-id": "acme"})).status == 200
    use(client, {})
    token = await sign_in(client, "admin")
    created = await client.post("/api/teams", json={"name": "Temp", "slug": "temp"}, headers=headers(token))
    assert created.status == 201
    version_before = (one(database, "SELECT settings FROM tenant_settings") or {"settings": {}})["settings"].get(
        "sessionVersion", 0)

    response = await client.post("/api/admin/reset-demo", headers=headers(token))
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["success"] and body["sessionVersion"] > version_before
    assert one(database, "SELECT count(*) AS n FROM team WHERE slug = 'temp'")["n"] == 0
    assert one(database, "SELECT count(*) AS n FROM app_user")["n"] == 50

    assert (await client.get("/api/users/me", headers=H)).status == 401  # the admin's own session too
    use(client, alice_browser)
    assert (await client.get("/api/users/me", headers=H)).status == 401
    use(client, acme_browser)  # another tenant is untouched
    assert (await client.get("/api/users/me", headers={"x-tenant-id": "acme"})).status == 200
    await sign_in(client, "alice")
    assert (await client.get("/api/users/me", headers=H)).status == 200
    actions = [r["action"] for r in sql(database, "SELECT action FROM audit_log ORDER BY created_at")]
    assert actions[-1] == "demo.reset"


async def test_demo_reset_needs_admin_and_demo_mode(client, make_config):
    token = await sign_in(client, "moderator")
    assert (await client.post("/api/admin/reset-demo", headers=headers(token))).status == 403
    prod_like = create_app(make_config(AUTH_MODE_DEMO="false"))
    assert ("POST", "/api/admin/reset-demo") not in prod_like[ROUTE_GUARDS]

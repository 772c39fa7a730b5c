"""User administration: list and filters, deactivation ends sessions at once, roles and memberships."""

from __future__ import annotations

import pytest

from pulsestage.app import create_app
from tests.integration.admin.db import audit_actions, one, sql
from tests.support.cast import headers, sign_in

H = {"x-tenant-id": "default"}


def user_id(dsn: str, local: str, tenant: str = "default") -> str:
    return one(dsn, "SELECT id FROM app_user WHERE email = %s", (f"{local}@pulsestage.app",), tenant)["id"]


def team_id(dsn: str, slug: str) -> str:
    return one(dsn, "SELECT id FROM team WHERE slug = %s", (slug,))["id"]


def cookies(client) -> dict[str, str]:
    """This browser's cookies (to come back to a session later)."""
    return {k: v.value for k, v in client.session.cookie_jar.filter_cookies(client.make_url("/")).items()}


def use(client, jar: dict[str, str]) -> None:
    """Become the browser that had these cookies."""
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies(jar, response_url=client.make_url("/"))


async def test_list_search_filters_and_pages(client, database):
    await sign_in(client, "admin")
    everyone = await (await client.get("/api/admin/users", headers=H)).json()
    assert everyone["total"] == 50 and len(everyone["users"]) == 50
    assert set(everyone["users"][0]) >= {"id", "email", "name", "isActive", "memberships", "_count", "primaryTeamId"}
    assert "questions" not in everyone["users"][0]["_count"]  # no hint of who asked what

    found = await (await client.get("/api/admin/users", params={"search": "CHEN"}, headers=H)).json()
    assert [u["email"] for u in found["users"]] == ["sarah.chen@pulsestage.app"]
    odd = await (await client.get("/api/admin/users", params={"search": "%_"}, headers=H)).json()
    assert odd["total"] == 0  # LIKE wildcards are searched for literally

    moderators = await (await client.get("/api/admin/users", params={"role": "moderator"}, headers=H)).json()
    assert [u["email"] for u in moderators["users"]] == ["moderator@pulsestage.app"]
    product = team_id(database, "product")
    in_product = await (await client.get("/api/admin/users", params={"teamId": product}, headers=H)).json()
    assert in_product["total"] == one(database, "SELECT count(*) AS n FROM team_membership WHERE team_id = %s",
                                      (product,))["n"]
    page = await (await client.get("/api/admin/users", params={"limit": 10, "offset": 45}, headers=H)).json()
    assert len(page["users"]) == 5 and page["total"] == 50
    bad = await client.get("/api/admin/users", params={"role": "king", "status": "sleeping"}, headers=H)
    assert bad.status == 400 and {f["field"] for f in (await bad.json())["fields"]} == {"role", "status"}


@pytest.mark.parametrize("store", ["memory", "redis"])
async def test_deactivation_ends_sessions_at_once(aiohttp_client, make_config, database, redis_url, store):
    env = {"REDIS_URL": redis_url} if store == "redis" else {}
    client = await aiohttp_client(create_app(make_config(**env)))
    await sign_in(client, "bob")
    bob_browser = cookies(client)
    assert (await client.get("/api/users/me", headers=H)).status == 200

    use(client, {})  # the admin works in another browser
    token = await sign_in(client, "admin")
    bob = user_id(database, "bob")
    response = await client.patch(f"/api/admin/users/{bob}/deactivate", headers=headers(token))
    assert response.status == 200 and (await response.json())["user"]["isActive"] is False

    use(client, bob_browser)
    assert (await client.get("/api/users/me", headers=H)).status == 401
    use(client, {})
    await sign_in(client, "bob")  # signing in again does not help either
    assert (await client.get("/api/users/me", headers=H)).status == 401

    use(client, {})
    token = await sign_in(client, "admin")
    assert (await client.patch(f"/api/admin/users/{bob}/activate", headers=headers(token))).status == 200
    use(client, bob_browser)
    assert (await client.get("/api/users/me", headers=H)).status == 401  # ended, not suspended
    use(client, {})
    await sign_in(client, "bob")
    assert (await client.get("/api/users/me", headers=H)).status == 200
    assert audit_actions(database)[-2:] == ["user.deactivate", "user.activate"]


async def test_cannot_deactivate_yourself_or_an_owner_unless_owner(client, database):
    token = await sign_in(client, "admin")
    me = user_id(database, "admin")
    assert (await client.patch(f"/api/admin/users/{me}/deactivate", headers=headers(token))).status == 403
    sql(database, "UPDATE team_membership SET role = 'owner' WHERE user_id = %s", (user_id(database, "alice"),))
    alice = user_id(database, "alice")
    assert (await client.patch(f"/api/admin/users/{alice}/deactivate", headers=headers(token))).status == 403
    assert one(database, "SELECT is_active FROM app_user WHERE id = %s", (alice,))["is_active"] is True


async def test_role_and_team_membership_changes(client, database):
    token = await sign_in(client, "admin")
    bob, eng, product = user_id(database, "bob"), team_id(database, "engineering"), team_id(database, "product")
    role = await client.patch(f"/api/admin/users/{bob}/role", json={"teamId": eng, "role": "moderator"},
                              headers=headers(token))
    assert role.status == 200 and (await role.json())["membership"]["role"] == "moderator"
    bad = await client.patch(f"/api/admin/users/{bob}/role", json={"teamId": eng, "role": "king"},
                             headers=headers(token))
    assert bad.status == 400
    owner = await client.patch(f"/api/admin/users/{bob}/role", json={"teamId": eng, "role": "owner"},
                               headers=headers(token))
    assert owner.status == 403
    removed = await client.delete(f"/api/admin/users/{bob}/teams/{eng}", headers=headers(token))
    assert removed.status == 200
    home = await client.delete(f"/api/admin/users/{bob}/teams/{product}", headers=headers(token))
    assert home.status == 400
    added = await client.post(f"/api/admin/users/{bob}/teams/{eng}", json={}, headers=headers(token))
    assert added.status == 200 and (await added.json())["membership"]["role"] == "member"
    assert audit_actions(database)[-3:] == ["user.role_update", "user.team_remove", "user.team_add"]


async def test_other_tenant_user_ids_are_not_found(client, database):
    token = await sign_in(client, "admin")
    acme_bob = user_id(database, "bob", "acme")
    eng = team_id(database, "engineering")
    assert (await client.patch(f"/api/admin/users/{acme_bob}/deactivate", headers=headers(token))).status == 404
    assert (await client.patch(f"/api/admin/users/{acme_bob}/role", json={"teamId": eng, "role": "member"},
                               headers=headers(token))).status == 404
    assert (await client.post(f"/api/admin/users/{acme_bob}/teams/{eng}", json={},
                              headers=headers(token))).status == 404
    assert one(database, "SELECT is_active FROM app_user WHERE id = %s", (acme_bob,), "acme")["is_active"]

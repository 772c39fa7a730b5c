"""The caller of a request in one bound read: the user with memberships and settings, never another tenant's."""

from __future__ import annotations

from pulsestage.auth import queries
from pulsestage.db.tenancy import tenant_tx
from tests.integration.db.support import app_pool, tenant_ids


async def _setup(pool) -> tuple[dict[str, str], dict[str, str]]:
    tenants = await tenant_ids(pool)
    users = {}
    for slug, tenant_id in tenants.items():
        async with tenant_tx(pool, tenant_id) as cur:
            await cur.execute("SELECT id FROM app_user ORDER BY email LIMIT 1")
            users[slug] = (await cur.fetchone())["id"]
    return tenants, users


async def test_it_finds_the_user_with_memberships_and_settings(database):
    async with app_pool(database, 1) as pool:
        tenants, users = await _setup(pool)
        found = await queries.select_session_user(pool, tenants["default"], users["default"])
        assert found is not None and found["id"] == users["default"]
        assert found["tenant_id"] == tenants["default"] and found["is_active"] is True
        assert isinstance(found["memberships"], dict) and found["memberships"]
        assert isinstance(found["settings"], dict)
        async with tenant_tx(pool, tenants["default"]) as cur:
            await cur.execute("SELECT settings FROM tenant_settings")
            assert found["settings"] == (await cur.fetchone())["settings"]
            await cur.execute("SELECT team_id, role FROM team_membership WHERE user_id = %s", (users["default"],))
            assert found["memberships"] == {r["team_id"]: r["role"] for r in await cur.fetchall()}


async def test_another_tenants_user_is_not_found(database):
    async with app_pool(database, 1) as pool:
        tenants, users = await _setup(pool)
        assert await queries.select_session_user(pool, tenants["default"], users["acme"]) is None
        assert await queries.select_session_user(pool, tenants["acme"], users["default"]) is None
        assert await queries.select_session_user(pool, "no-such-tenant", users["default"]) is None

"""Tenant resolution and session binding: header, then subdomain, then default; sessions stay home."""

from __future__ import annotations

from aiohttp.test_utils import make_mocked_request

from pulsestage.config import load_config
from pulsestage.http.tenant import requested_slug
from tests.support.cast import sign_in


def _config(**env):
    return load_config("test", None, {"PUBLIC_URL": "https://pulse.example.com", **env})


def test_header_wins_over_subdomain():
    request = make_mocked_request("GET", "/api/x", headers={"x-tenant-id": "acme", "Host": "other.pulse.example.com"})
    assert requested_slug(request, _config()) == "acme"


def test_subdomain_of_public_url_host():
    request = make_mocked_request("GET", "/api/x", headers={"Host": "acme.pulse.example.com:443"})
    assert requested_slug(request, _config()) == "acme"
    www = make_mocked_request("GET", "/api/x", headers={"Host": "www.pulse.example.com"})
    assert requested_slug(www, _config()) == "default"


def test_default_when_nothing_names_a_tenant():
    request = make_mocked_request("GET", "/api/x", headers={"Host": "pulse.example.com"})
    assert requested_slug(request, _config()) == "default"


def test_header_ignored_when_not_allowed():
    request = make_mocked_request("GET", "/api/x", headers={"x-tenant-id": "acme", "Host": "pulse.example.com"})
    assert requested_slug(request, _config(ALLOW_TENANT_HEADER="false")) == "default"


async def test_unknown_tenant_is_404(client):
    response = await client.get("/api/users/me", headers={"x-tenant-id": "nope"})
    assert response.status == 404
    body = await response.json()
    assert body["error"] == "tenant_not_found"
    assert "nope" in body["message"]


async def test_probes_work_without_a_tenant(client):
    assert (await client.get("/health", headers={"x-tenant-id": "nope"})).status == 200


async def test_session_is_bound_to_its_tenant(client):
    await sign_in(client, "alice", "default")
    home = await client.get("/api/users/me", headers={"x-tenant-id": "default"})
    assert home.status == 200
    away = await client.get("/api/users/me", headers={"x-tenant-id": "acme"})
    assert away.status == 401  # the same cookie means nothing in another tenant


async def test_same_email_in_two_tenants_is_two_users(client):
    await sign_in(client, "alice", "acme")
    acme = await (await client.get("/api/users/me", headers={"x-tenant-id": "acme"})).json()
    await sign_in(client, "alice", "default")
    default = await (await client.get("/api/users/me", headers={"x-tenant-id": "default"})).json()
    assert acme["email"] == default["email"] == "alice@pulsestage.app"
    assert acme["id"] != default["id"]
    assert acme["tenantId"] != default["tenantId"]



def test_default_slug_comes_from_config(tmp_path):
    admin_file = tmp_path / "pulsestage.toml"
    admin_file.write_text('[auth]\ndefault_tenant_slug = "acme"\n')
    config = load_config("test", str(admin_file), {"PUBLIC_URL": "https://pulse.example.com"})
    request = make_mocked_request("GET", "/api/x", headers={"Host": "pulse.example.com"})
    assert requested_slug(request, config) == "acme"


async def test_requests_missing_the_directory_together_share_one_read(database):
    import asyncio

    from pulsestage.http.tenant import TenantDirectory
    from tests.integration.db.support import app_pool

    class Counting(TenantDirectory):
        reads = 0

        async def _load(self, slug, generation):
            Counting.reads += 1
            await asyncio.sleep(0.05)  # a slow database: everyone arrives while the read is in flight
            return await super()._load(slug, generation)

    async with app_pool(database, 2) as pool:
        directory = Counting(pool)
        found = await asyncio.gather(*[directory.require("acme") for _ in range(200)])
        assert Counting.reads == 1 and {t.slug for t in found} == {"acme"}
        assert await directory.lookup("nope") is None and Counting.reads == 2
        directory.forget()  # expired: the next miss reads again
        assert (await directory.require("acme")).slug == "acme" and Counting.reads == 3


async def test_a_read_in_flight_when_the_directory_is_told_to_forget_is_not_reused(database):
    import asyncio

    from pulsestage.http.tenant import TenantDirectory
    from tests.integration.db.support import app_pool

    class Slow(TenantDirectory):
        reads = 0

        async def _load(self, slug, generation):
            Slow.reads += 1
            await asyncio.sleep(0.1)
            return await super()._load(slug, generation)

    async with app_pool(database, 2) as pool:
        directory = Slow(pool)
        before = asyncio.create_task(directory.lookup("acme"))
        await asyncio.sleep(0.02)  # that read is in flight ...
        directory.forget()  # ... when a tenant is created or renamed
        after = await directory.lookup("acme")  # a new read, not the one started before
        assert (await before).slug == after.slug == "acme" and Slow.reads == 2
        assert await directory.lookup("acme") == after and Slow.reads == 2  # the fresh answer was cached

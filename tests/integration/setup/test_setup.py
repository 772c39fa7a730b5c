"""First-run setup, from an empty database to a signed-in owner; closed for good afterwards."""

from __future__ import annotations

import asyncio
import csv
import io

import aiohttp
import pytest

from pulsestage.app import create_app
from pulsestage.config import load_config
from pulsestage.db import migrate
from tests.integration.admin.db import audit_actions, one, sql

H = {"x-tenant-id": "default"}
FORM = {"organizationName": "Northwind", "ownerName": "Olga Owner", "ownerEmail": "Olga@Northwind.example",
        "teamName": "Everyone", "teamSlug": "everyone", "teamDescription": "The whole company"}


@pytest.fixture
def fresh_dsn(empty_database):
    """A migrated database with no tenant at all (prod after install)."""
    migrate.apply(empty_database)
    return empty_database


@pytest.fixture
async def fresh(aiohttp_client, fresh_dsn, tmp_path):
    """A client of an app on the empty database."""
    config = load_config("test", None, {"DATABASE_URL": fresh_dsn, "PULSESTAGE_DATA_DIR": str(tmp_path / "d"),
                                        "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0"})
    return await aiohttp_client(create_app(config))


async def _token(client) -> str:
    response = await client.get("/api/csrf-token")
    assert response.status == 200  # works before any tenant exists
    return (await response.json())["csrfToken"]


async def _complete(client, body: dict, token: str):
    return await client.post("/api/setup/complete", json=body, headers={"X-CSRF-Token": token})


async def test_setup_flow_signs_in_the_owner_and_closes(fresh, fresh_dsn):
    status = await (await fresh.get("/api/setup/status")).json()
    assert status["needsSetup"] is True and status["tenantExists"] is False and status["tenantSlug"] == "default"
    token = await _token(fresh)
    assert (await fresh.post("/api/setup/complete", json=FORM)).status == 403  # CSRF applies

    bad = await _complete(fresh, {**FORM, "ownerEmail": "nope", "teamSlug": "Not A Slug"}, token)
    assert bad.status == 400 and {f["field"] for f in (await bad.json())["fields"]} == {"ownerEmail", "teamSlug"}

    done = await _complete(fresh, FORM, token)
    assert done.status == 201, await done.text()
    body = await done.json()
    assert body["tenant"]["slug"] == "default" and body["user"]["role"] == "owner"
    me = await (await fresh.get("/api/users/me", headers=H)).json()
    assert me["email"] == "olga@northwind.example" and me["role"] == "owner" and me["tenantName"] == "Northwind"
    assert me["primaryTeam"]["slug"] == "everyone"
    assert sorted(audit_actions(fresh_dsn)) == ["team.create", "tenant.setup", "user.create"]

    after = await (await fresh.get("/api/setup/status")).json()
    assert after == {"needsSetup": False, "mode": "test"}  # nothing about the organisation leaks
    again = await _complete(fresh, {**FORM, "ownerEmail": "mallory@evil.example"}, body["csrfToken"])
    assert again.status == 403
    assert one(fresh_dsn, "SELECT count(*) AS n FROM app_user")["n"] == 1


async def test_done_when_owner_imports_promotes_themes_and_exports(fresh, fresh_dsn):
    token = (await (await _complete(fresh, FORM, await _token(fresh))).json())["csrfToken"]
    unsafe = {"X-CSRF-Token": token, **H}
    people = "email,name,homeTeam,role\n" + "\n".join(f"p{i}@northwind.example,Person {i},everyone,member"
                                                      for i in range(30))
    imported = await fresh.post("/api/admin/users/import?mode=commit", json={"csvData": people}, headers=unsafe)
    assert imported.status == 200 and (await imported.json())["summary"]["created"] == 30
    team = (await (await fresh.get("/api/teams", headers=H)).json())[0]
    p7 = one(fresh_dsn, "SELECT id FROM app_user WHERE email = 'p7@northwind.example'")["id"]
    promoted = await fresh.put(f"/api/teams/{team['id']}/members/{p7}", json={"role": "moderator"}, headers=unsafe)
    assert promoted.status == 200
    themed = await fresh.patch("/api/admin/settings", json={"settings": {"branding": {"theme": "modern-purple"}}},
                               headers=unsafe)
    assert themed.status == 200
    sql(fresh_dsn, "INSERT INTO question (id, tenant_id, body, team_id, author_id) VALUES "
                   "('q1', current_setting('app.tenant_id'), 'When is the offsite?', %s, %s)", (team["id"], p7))
    export = await fresh.get("/api/admin/export/download?format=csv", headers=H)
    rows = list(csv.DictReader(io.StringIO(await export.text())))
    assert [r["body"] for r in rows] == ["When is the offsite?"] and "authorId" not in rows[0]
    actions = audit_actions(fresh_dsn)
    assert actions.count("user.create") == 31 and "team.member.update" in actions
    assert "tenant.settings.update" in actions and "questions.export" in actions


async def test_demo_data_on_request(fresh, fresh_dsn):
    token = await _token(fresh)
    refused = await _complete(fresh, {**FORM, "organizationSlug": "northwind", "loadDemoData": True}, token)
    assert refused.status == 400 and (await refused.json())["fields"][0]["field"] == "loadDemoData"
    done = await _complete(fresh, {**FORM, "loadDemoData": True}, token)
    assert done.status == 201
    assert (await done.json())["demoData"]["loaded"] is True
    slugs = {r["slug"] for r in sql(fresh_dsn, "SELECT slug FROM team")}
    assert slugs == {"everyone", "engineering", "product"}
    me = await (await fresh.get("/api/users/me", headers=H)).json()
    assert me["role"] == "owner"


async def test_two_setups_at_once_create_one_organisation(fresh, fresh_dsn):
    async def attempt(email: str) -> int:
        jar = aiohttp.CookieJar(unsafe=True)  # the test server is an IP address
        async with aiohttp.ClientSession(base_url=str(fresh.make_url("/")), cookie_jar=jar) as browser:
            token = (await (await browser.get("/api/csrf-token")).json())["csrfToken"]
            response = await browser.post("/api/setup/complete", json={**FORM, "ownerEmail": email},
                                          headers={"X-CSRF-Token": token})
            return response.status

    statuses = await asyncio.gather(attempt("a@x.example"), attempt("b@x.example"))
    assert sorted(statuses) == [201, 403]
    assert one(fresh_dsn, "SELECT count(*) AS n FROM tenant", tenant="default")["n"] == 1


async def test_a_tenant_awaiting_setup_can_be_finished(fresh, fresh_dsn):
    sql(fresh_dsn, "INSERT INTO tenant (id, slug, name, setup_complete) VALUES ('t1', 'default', 'Pending', false)")
    status = await (await fresh.get("/api/setup/status")).json()
    assert status["needsSetup"] is True and status["tenantExists"] is True
    done = await _complete(fresh, FORM, await _token(fresh))
    assert done.status == 201 and (await done.json())["tenant"]["id"] == "t1"
    assert one(fresh_dsn, "SELECT name, setup_complete FROM tenant")["setup_complete"] is True


async def test_closed_on_a_seeded_installation(client):
    status = await (await client.get("/api/setup/status")).json()
    assert status["needsSetup"] is False
    token = await _token(client)
    assert (await _complete(client, FORM, token)).status == 403

"""Teams: lists with real counts, create/edit/deactivate/reactivate, slugs unique per tenant, audit."""

from __future__ import annotations

from tests.integration.admin.db import audit_actions, one
from tests.support.cast import headers, sign_in

H = {"x-tenant-id": "default"}


async def _teams(client, query: str = "") -> list[dict]:
    response = await client.get(f"/api/teams{query}", headers=H)
    assert response.status == 200
    return await response.json()


async def test_list_counts_are_real(client, database):
    await sign_in(client, "alice")
    teams = {t["slug"]: t for t in await _teams(client)}
    assert set(teams) == {"engineering", "product"}
    for slug, team in teams.items():
        counts = one(database, """
            SELECT (SELECT count(*) FROM question q JOIN team t ON t.id = q.team_id
                     WHERE t.slug = %(s)s AND q.status = 'OPEN' AND q.deleted_at IS NULL) AS questions,
                   (SELECT count(*) FROM team_membership m JOIN team t ON t.id = m.team_id
                     WHERE t.slug = %(s)s) AS memberships""", {"s": slug})
        assert team["_count"] == {"questions": counts["questions"], "memberships": counts["memberships"]}
        assert team["_count"]["memberships"] > 20


async def test_create_edit_deactivate_reactivate_with_audit(client, database):
    token = await sign_in(client, "admin")
    created = await client.post("/api/teams", json={"name": "Ops", "slug": "ops", "description": "Run it"},
                                headers=headers(token))
    assert created.status == 201
    team = await created.json()
    assert team["slug"] == "ops" and team["isActive"] and team["_count"] == {"questions": 0, "memberships": 0}

    again = await client.post("/api/teams", json={"name": "Ops 2", "slug": "ops"}, headers=headers(token))
    assert again.status == 409

    edited = await client.put(f"/api/teams/{team['id']}", json={"name": "Operations", "description": ""},
                              headers=headers(token))
    assert edited.status == 200
    assert (await edited.json())["name"] == "Operations" and (await edited.json())["description"] is None

    gone = await client.delete(f"/api/teams/{team['id']}", headers=headers(token))
    assert gone.status == 200
    assert "ops" not in {t["slug"] for t in await _teams(client)}
    assert "ops" in {t["slug"] for t in await _teams(client, "?includeInactive=true")}
    assert (await client.get("/api/teams/ops", headers=H)).status == 200  # admins still see it

    back = await client.post(f"/api/teams/{team['id']}/reactivate", headers=headers(token))
    assert back.status == 200 and (await back.json())["isActive"] is True
    assert one(database, "SELECT count(*) AS n FROM team WHERE slug = 'ops'")["n"] == 1  # never deleted
    assert audit_actions(database)[-4:] == ["team.create", "team.update", "team.deactivate", "team.reactivate"]


async def test_inactive_team_hidden_from_members(client, database):
    token = await sign_in(client, "admin")
    team = await (await client.post("/api/teams", json={"name": "Old", "slug": "old"}, headers=headers(token))).json()
    await client.delete(f"/api/teams/{team['id']}", headers=headers(token))
    await sign_in(client, "alice")
    assert "old" not in {t["slug"] for t in await _teams(client, "?includeInactive=true")}
    assert (await client.get("/api/teams/old", headers=H)).status == 404


async def test_create_validation_names_fields(client):
    token = await sign_in(client, "admin")
    response = await client.post("/api/teams", json={"name": "", "slug": "Bad Slug!"}, headers=headers(token))
    assert response.status == 400
    assert {f["field"] for f in (await response.json())["fields"]} == {"name", "slug"}


async def test_same_slug_allowed_in_another_tenant(client):
    token = await sign_in(client, "admin", "acme")
    response = await client.post("/api/teams", json={"name": "Ops", "slug": "ops"}, headers=headers(token, "acme"))
    assert response.status == 201
    token = await sign_in(client, "admin")
    response = await client.post("/api/teams", json={"name": "Ops", "slug": "ops"}, headers=headers(token))
    assert response.status == 201


async def test_other_tenants_team_is_not_found(client, database):
    acme_team = one(database, "SELECT id FROM team WHERE slug = 'engineering'", tenant="acme")["id"]
    token = await sign_in(client, "admin")
    assert (await client.put(f"/api/teams/{acme_team}", json={"name": "X"}, headers=headers(token))).status == 404
    assert (await client.delete(f"/api/teams/{acme_team}", headers=headers(token))).status == 404
    assert (await client.get(f"/api/teams/{acme_team}/members", headers=H)).status == 404

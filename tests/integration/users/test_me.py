"""The signed-in user: profile shape, my teams, favourites, preferences, home team, counts, questions."""

from __future__ import annotations

from tests.integration.admin.db import audit_actions, one, sql
from tests.support.cast import headers, sign_in

H = {"x-tenant-id": "default"}
ME_KEYS = {"id", "tenantId", "tenantSlug", "tenantName", "email", "name", "ssoId", "avatarUrl", "primaryTeamId",
           "primaryTeam", "isActive", "role", "teams", "preferences", "createdAt", "updatedAt"}


def team_id(dsn: str, slug: str, tenant: str = "default") -> str:
    return one(dsn, "SELECT id FROM team WHERE slug = %s", (slug,), tenant)["id"]


async def test_me_shape(client):
    await sign_in(client, "moderator")
    me = await (await client.get("/api/users/me", headers=H)).json()
    assert set(me) == ME_KEYS
    assert me["tenantSlug"] == "default" and me["role"] == "moderator" and me["isActive"] is True
    assert {t["teamSlug"]: t["role"] for t in me["teams"]} == {"engineering": "moderator", "product": "moderator"}
    assert set(me["teams"][0]) == {"teamId", "teamSlug", "teamName", "role", "isActive"}
    assert me["primaryTeam"]["slug"] == "product"
    assert set(me["preferences"]) >= {"favoriteTeams", "defaultTeamId", "emailNotifications", "pulseEmails",
                                      "colorMode"}
    assert me["createdAt"].endswith("Z")


async def test_signed_out_is_401(client):
    for path in ("/api/users/me", "/api/users/me/teams", "/api/users/me/questions"):
        assert (await client.get(path, headers=H)).status == 401


async def test_my_teams_and_favourites_are_stored(client, database):
    token = await sign_in(client, "alice")
    eng = team_id(database, "engineering")
    toggled = await client.post(f"/api/users/me/teams/{eng}/favorite", headers=headers(token))
    assert toggled.status == 200 and (await toggled.json())["isFavorite"] is True
    stored = one(database, "SELECT favorite_teams FROM user_preferences p JOIN app_user u ON u.id = p.user_id "
                           "WHERE u.email = 'alice@pulsestage.app'")
    assert stored["favorite_teams"] == [eng]
    mine = await (await client.get("/api/users/me/teams", headers=H)).json()
    assert mine["favorites"] == [eng]
    by_slug = {t["slug"]: t for t in mine["teams"]}
    assert by_slug["engineering"]["isFavorite"] and not by_slug["product"]["isFavorite"]
    assert by_slug["engineering"]["userRole"] == "member"
    assert by_slug["engineering"]["memberCount"] == by_slug["engineering"]["_count"]["memberships"] > 20
    toggled = await client.post(f"/api/users/me/teams/{eng}/favorite", headers=headers(token))
    assert (await toggled.json())["isFavorite"] is False


async def test_preferences_validated_and_saved(client, database):
    token = await sign_in(client, "bob")
    product = team_id(database, "product")
    bad = await client.put("/api/users/me/preferences", headers=headers(token), json={
        "colorMode": "neon", "emailNotifications": "yes", "favoriteTeams": ["nope"], "theme": "x"})
    assert bad.status == 400
    assert {f["field"] for f in (await bad.json())["fields"]} == {"colorMode", "emailNotifications", "theme"}
    unknown_team = await client.put("/api/users/me/preferences", headers=headers(token),
                                    json={"favoriteTeams": ["nope"], "defaultTeamId": "nope"})
    assert unknown_team.status == 400
    ok = await client.put("/api/users/me/preferences", headers=headers(token), json={
        "colorMode": "dark", "emailNotifications": True, "pulseEmails": False, "defaultTeamId": product})
    assert ok.status == 200
    body = await ok.json()
    assert body["colorMode"] == "dark" and body["pulseEmails"] is False and body["defaultTeam"]["id"] == product
    me = await (await client.get("/api/users/me", headers=H)).json()
    assert me["preferences"]["colorMode"] == "dark" and me["preferences"]["defaultTeamId"] == product


async def test_primary_team_change_is_audited(client, database):
    token = await sign_in(client, "bob")
    eng = team_id(database, "engineering")
    response = await client.patch("/api/users/me/primary-team", json={"teamId": eng}, headers=headers(token))
    assert response.status == 200
    assert (await response.json())["user"]["primaryTeam"]["slug"] == "engineering"
    row = one(database, "SELECT primary_team_id FROM app_user WHERE email = 'bob@pulsestage.app'")
    assert row["primary_team_id"] == eng
    role = one(database, "SELECT m.role FROM team_membership m JOIN app_user u ON u.id = m.user_id "
                         "WHERE u.email = 'bob@pulsestage.app' AND m.team_id = %s", (eng,))
    assert role["role"] == "member"
    assert "user.primary_team.update" in audit_actions(database)
    missing = await client.patch("/api/users/me/primary-team", json={}, headers=headers(token))
    assert missing.status == 400
    acme_team = team_id(database, "engineering", "acme")
    other = await client.patch("/api/users/me/primary-team", json={"teamId": acme_team}, headers=headers(token))
    assert other.status == 404


async def test_self_join_never_promotes(client, database):
    """A tenant default role above member does not make a home-team change a promotion."""
    sql(database, "INSERT INTO tenant_settings (id, tenant_id, settings) VALUES ('s', current_setting('app.tenant_id'),"
                  " '{\"users\": {\"defaultRole\": \"admin\"}}') ON CONFLICT (tenant_id) DO UPDATE SET "
                  "settings = tenant_settings.settings || EXCLUDED.settings")
    token = await sign_in(client, "bob")
    eng = team_id(database, "engineering")
    await client.patch("/api/users/me/primary-team", json={"teamId": eng}, headers=headers(token))
    me = await (await client.get("/api/users/me", headers=H)).json()
    assert me["role"] == "member"


async def test_upvote_count_matches_rows(client, database):
    await sign_in(client, "alice")
    count = (await (await client.get("/api/users/me/upvotes/count", headers=H)).json())["count"]
    expected = one(database, "SELECT count(*) AS n FROM upvote v JOIN app_user u ON u.id = v.user_id "
                             "WHERE u.email = 'alice@pulsestage.app'")["n"]
    assert count == expected


async def test_my_questions_include_under_review_and_rejected(client, database):
    alice = one(database, "SELECT id FROM app_user WHERE email = 'alice@pulsestage.app'")["id"]
    sql(database, """
        INSERT INTO question (id, tenant_id, body, status, author_id, team_id)
        VALUES ('q-review', current_setting('app.tenant_id'), 'Why is the review slow?', 'UNDER_REVIEW', %(a)s, NULL),
               ('q-rejected', current_setting('app.tenant_id'), 'Something rude', 'UNDER_REVIEW', %(a)s, NULL)""",
        {"a": alice})
    sql(database, "UPDATE question SET deleted_at = now(), rejection_reason = 'Off topic' WHERE id = 'q-rejected'")
    await sign_in(client, "alice")
    response = await client.get("/api/users/me/questions", headers=H)
    assert response.status == 200
    mine = {q["id"]: q for q in await response.json()}
    assert mine["q-review"]["status"] == "UNDER_REVIEW" and not mine["q-review"]["rejected"]
    assert mine["q-rejected"]["rejected"] is True and mine["q-rejected"]["rejectionReason"] == "Off topic"
    await sign_in(client, "bob")
    theirs = {q["id"] for q in await (await client.get("/api/users/me/questions", headers=H)).json()}
    assert not theirs & {"q-review", "q-rejected"}

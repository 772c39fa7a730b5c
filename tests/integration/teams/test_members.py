"""Team members: add, change role, remove; owner grants need an owner; nobody changes their own role."""

from __future__ import annotations

from tests.integration.admin.db import audit_actions, one, sql
from tests.support.cast import headers, sign_in

H = {"x-tenant-id": "default"}


def ids(dsn: str) -> dict[str, str]:
    """Team ids by slug and user ids by e-mail local part, in tenant default."""
    out = {r["slug"]: r["id"] for r in sql(dsn, "SELECT slug, id FROM team")}
    out.update({r["email"].split("@")[0]: r["id"] for r in sql(dsn, "SELECT email, id FROM app_user")})
    return out


def make_owner(dsn: str, user: str, team: str) -> None:
    """Give a demo user the owner role in a team, straight in the database."""
    sql(dsn, """UPDATE team_membership SET role = 'owner'
                WHERE user_id = (SELECT id FROM app_user WHERE email = %(e)s)
                  AND team_id = (SELECT id FROM team WHERE slug = %(t)s)""",
        {"e": f"{user}@pulsestage.app", "t": team})


async def test_add_change_remove_member_audited(client, database):
    i = ids(database)
    token = await sign_in(client, "admin")
    eng, bob = i["engineering"], i["bob"]
    added = await client.post(f"/api/teams/{eng}/members", json={"userId": bob, "role": "member"},
                              headers=headers(token))
    assert added.status == 201
    body = await added.json()
    assert body["membership"]["user"]["id"] == bob and body["membership"]["team"]["slug"] == "engineering"
    dup = await client.post(f"/api/teams/{eng}/members", json={"userId": bob}, headers=headers(token))
    assert dup.status == 409

    changed = await client.put(f"/api/teams/{eng}/members/{bob}", json={"role": "moderator"}, headers=headers(token))
    assert changed.status == 200 and (await changed.json())["membership"]["role"] == "moderator"
    members = await (await client.get(f"/api/teams/{eng}/members", headers=H)).json()
    assert {"userId": bob, "role": "moderator"}.items() <= next(
        m for m in members["members"] if m["userId"] == bob).items()

    removed = await client.delete(f"/api/teams/{eng}/members/{bob}", headers=headers(token))
    assert removed.status == 200
    assert one(database, "SELECT 1 AS x FROM team_membership WHERE team_id = %s AND user_id = %s", (eng, bob)) is None
    assert audit_actions(database)[-3:] == ["team.member.add", "team.member.update", "team.member.remove"]


async def test_members_listed_highest_role_first(client, database):
    i = ids(database)
    await sign_in(client, "admin")
    members = (await (await client.get(f"/api/teams/{i['product']}/members", headers=H)).json())["members"]
    ranks = ["owner", "admin", "moderator", "member", "viewer"]
    assert [ranks.index(m["role"]) for m in members] == sorted(ranks.index(m["role"]) for m in members)


async def test_home_team_membership_cannot_be_removed(client, database):
    i = ids(database)
    token = await sign_in(client, "admin")
    response = await client.delete(f"/api/teams/{i['product']}/members/{i['bob']}", headers=headers(token))
    assert response.status == 400


async def test_nobody_changes_their_own_role(client, database):
    i = ids(database)
    token = await sign_in(client, "admin")
    response = await client.put(f"/api/teams/{i['engineering']}/members/{i['admin']}", json={"role": "member"},
                                headers=headers(token))
    assert response.status == 403
    assert one(database, "SELECT role FROM team_membership WHERE team_id = %s AND user_id = %s",
               (i["engineering"], i["admin"]))["role"] == "admin"


async def test_owner_grants_and_removals_need_an_owner(client, database):
    i = ids(database)
    token = await sign_in(client, "admin")
    grant = await client.put(f"/api/teams/{i['product']}/members/{i['bob']}", json={"role": "owner"},
                             headers=headers(token))
    assert grant.status == 403

    make_owner(database, "admin", "engineering")  # now the admin is an owner
    grant = await client.put(f"/api/teams/{i['product']}/members/{i['bob']}", json={"role": "owner"},
                             headers=headers(token))
    assert grant.status == 200

    make_owner(database, "moderator", "product")
    sql(database, "UPDATE team_membership SET role = 'admin' WHERE user_id = %s AND team_id = %s",
        (i["admin"], i["engineering"]))  # the admin is no longer an owner
    demote = await client.put(f"/api/teams/{i['product']}/members/{i['moderator']}", json={"role": "member"},
                              headers=headers(token))
    assert demote.status == 403
    assert one(database, "SELECT role FROM team_membership WHERE team_id = %s AND user_id = %s",
               (i["product"], i["moderator"]))["role"] == "owner"

"""CSV import: the preview lists exactly the bad rows; the commit writes every row or none."""

from __future__ import annotations

from tests.integration.admin.db import audit_actions, one
from tests.support.cast import headers, sign_in

H = {"x-tenant-id": "default"}
GOOD = [f"new{i}@example.com,New Person {i},{'engineering' if i % 2 else 'product'},member" for i in range(30)]
FILE = "\n".join([
    "Email,Name,Home Team,Role",
    *GOOD[:10],
    "not-an-email,Broken,engineering,member",             # line 12
    "sarah.chen@pulsestage.app,Sarah Chen-Li,product,moderator",  # existing user: an update
    "",
    "ghost@example.com,Ghost,no-such-team,member",         # line 15
    "new0@example.com,New Person 0,engineering,member",    # line 16: same e-mail, different team
    "new1@example.com,New Person 1,engineering,member",    # line 17: exact duplicate, skipped
    "king@example.com,King,engineering,king",              # line 18
    "boss@example.com,Boss,engineering,owner",             # line 19: owner needs an owner
    "admin@pulsestage.app,Me,engineering,member",          # line 20: my own account
    *GOOD[10:],
])
BAD_LINES = {12: {"email"}, 15: {"homeTeam"}, 16: {"email"}, 18: {"role"}, 19: {"role"}, 20: {"email"}}


def users(dsn: str) -> int:
    return one(dsn, "SELECT count(*) AS n FROM app_user")["n"]


async def test_preview_lists_exactly_the_bad_rows(client, database):
    token = await sign_in(client, "admin")
    before = users(database)
    response = await client.post("/api/admin/users/import?mode=preview", json={"csvData": FILE},
                                 headers=headers(token))
    assert response.status == 200
    body = await response.json()
    found: dict[int, set] = {}
    for problem in body["problems"]:
        found.setdefault(problem["line"], set()).add(problem["field"])
        assert problem["reason"]
    assert found == BAD_LINES
    assert body["summary"] == {"total": 38, "valid": 32, "errors": 6, "toCreate": 30, "toUpdate": 1,
                               "duplicates": 1}
    assert {r["line"] for r in body["results"] if r["status"] == "error"} == set(BAD_LINES)
    assert users(database) == before  # a preview writes nothing


async def test_commit_with_bad_rows_writes_nothing(client, database):
    token = await sign_in(client, "admin")
    before, audits = users(database), len(audit_actions(database))
    response = await client.post("/api/admin/users/import?mode=commit", json={"csvData": FILE},
                                 headers=headers(token))
    assert response.status == 400
    body = await response.json()
    assert {p["line"] for p in body["problems"]} == set(BAD_LINES)
    assert users(database) == before and len(audit_actions(database)) == audits


async def test_commit_writes_all_rows_and_duplicates_are_updates(client, database):
    token = await sign_in(client, "admin")
    before = users(database)
    good = "email,name,homeTeam,role\n" + "\n".join(GOOD) + "\nsarah.chen@pulsestage.app,Sarah Chen-Li,product,moderator\n"
    response = await client.post("/api/admin/users/import?mode=commit", data=good.encode(),
                                 headers={**headers(token), "Content-Type": "text/csv"})
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["summary"]["imported"] == 31 and body["summary"]["created"] == 30 and body["summary"]["updated"] == 1
    assert body["welcomeEmails"] == 30  # only the people the import created are welcomed
    assert users(database) == before + 30
    sarah = one(database, """SELECT u.name, t.slug, m.role FROM app_user u JOIN team t ON t.id = u.primary_team_id
                             JOIN team_membership m ON m.user_id = u.id AND m.team_id = t.id
                             WHERE u.email = 'sarah.chen@pulsestage.app'""")
    assert sarah == {"name": "Sarah Chen-Li", "slug": "product", "role": "moderator"}
    actions = audit_actions(database)
    assert actions.count("user.create") == 30 and actions.count("user.update") == 1

    again = await client.post("/api/admin/users/import", json={"csvData": good, "dryRun": True},
                              headers=headers(token))
    assert (await again.json())["summary"]["toUpdate"] == 31  # importing twice only updates


async def test_a_failure_mid_commit_rolls_everything_back(client, database, monkeypatch):
    from pulsestage.users import admin_queries

    real, calls = admin_queries.create_user, []

    async def failing(cur, params):
        calls.append(params["email"])
        if len(calls) == 10:
            raise RuntimeError("disk full")
        await real(cur, params)

    monkeypatch.setattr(admin_queries, "create_user", failing)
    token = await sign_in(client, "admin")
    before = users(database)
    good = "email,name,homeTeam,role\n" + "\n".join(GOOD)
    response = await client.post("/api/admin/users/import?mode=commit", json={"csvData": good},
                                 headers=headers(token))
    assert response.status == 500
    assert users(database) == before
    assert "user.create" not in audit_actions(database)


async def test_unreadable_files_are_400(client):
    token = await sign_in(client, "admin")
    for text in ("", "email,name\nx@y.z,X", "email,name,homeTeam,role\n\n"):
        response = await client.post("/api/admin/users/import", json={"csvData": text}, headers=headers(token))
        assert response.status == 400, text

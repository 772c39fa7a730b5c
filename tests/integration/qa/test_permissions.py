"""Every endpoint of the Q&A area × every role (signed out and another tenant too) → expected status.

Each role gets a fresh copy of the seeded database and runs the whole table in order; rows that
change something act on their own question, so the rows do not depend on each other.
"""

from __future__ import annotations

import pytest

from tests.integration.qa.support import Session, questions, set_role, sql, tag_id, team_id, user_id

ROLES = ("viewer", "member", "modother", "moderator", "admin", "owner", "anon", "other")
LOGIN = {"viewer": "viewer", "member": "alice", "modother": "bob", "moderator": "moderator",
         "admin": "admin", "owner": "owner", "anon": None, "other": "admin"}

# (method, path template, body template, expected status per role in ROLES order)
TABLE = [
    ("GET", "/api/questions", None, (200, 200, 200, 200, 200, 200, 401, 200)),
    ("POST", "/api/questions", {"body": "How will the new release train work for us?", "teamId": "{eng}"},
     (403, 201, 201, 201, 201, 201, 401, 404)),
    ("GET", "/api/questions/search?q=database", None, (200, 200, 200, 200, 200, 200, 401, 200)),
    ("POST", "/api/questions/upvote-status", {"questionIds": ["{read}"]}, (200, 200, 200, 200, 200, 200, 401, 200)),
    ("GET", "/api/questions/{read}", None, (200, 200, 200, 200, 200, 200, 401, 404)),
    ("PATCH", "/api/questions/{mine}", {"body": "Could we revisit the connection pool settings soon?"},
     (403, 200, 403, 403, 403, 403, 401, 404)),
    ("DELETE", "/api/questions/{delete}", None, (403, 200, 403, 403, 200, 200, 401, 404)),
    ("POST", "/api/questions/{upvote}/upvote", None, (403, 200, 200, 200, 200, 200, 401, 404)),
    ("DELETE", "/api/questions/{upvote}/upvote", None, (403, 200, 200, 200, 200, 200, 401, 404)),
    ("GET", "/api/questions/{read}/upvote-status", None, (200, 200, 200, 200, 200, 200, 401, 404)),
    ("POST", "/api/questions/{answer}/respond", {"response": "Yes, next sprint."},
     (403, 403, 403, 200, 200, 200, 401, 404)),
    ("POST", "/api/questions/{pin}/pin", None, (403, 403, 403, 200, 200, 200, 401, 404)),
    ("POST", "/api/questions/{freeze}/freeze", {"frozen": True}, (403, 403, 403, 200, 200, 200, 401, 404)),
    ("POST", "/api/questions/{tag}/tags", {"tagId": "{bug}"}, (403, 403, 403, 200, 200, 200, 401, 404)),
    ("DELETE", "/api/questions/{untag}/tags/{untag_tag}", None, (403, 403, 403, 200, 200, 200, 401, 404)),
    ("GET", "/api/tags", None, (200, 200, 200, 200, 200, 200, 401, 200)),
    ("POST", "/api/tags", {"name": "New tag {role}", "color": "#123456"}, (403, 403, 201, 201, 201, 201, 401, 201)),
    ("PUT", "/api/tags/{process}", {"color": "#654321"}, (403, 403, 403, 403, 200, 200, 401, 404)),
    ("DELETE", "/api/tags/{question_tag}", None, (403, 403, 403, 403, 200, 200, 401, 404)),
    ("GET", "/api/admin/moderation/review-queue", None, (403, 403, 200, 200, 200, 200, 401, 200)),
    ("POST", "/api/admin/moderation/approve/{review1}", None, (403, 403, 403, 200, 200, 200, 401, 404)),
    ("POST", "/api/admin/moderation/reject/{review2}", {"reason": "Off topic"}, (403, 403, 403, 200, 200, 200, 401, 404)),
    ("GET", "/api/admin/moderation-queue", None, (403, 403, 200, 200, 200, 200, 401, 200)),
    ("POST", "/api/admin/bulk-tag", {"questionIds": ["{bulk}"], "tagId": "{bug}", "action": "add"},
     (403, 403, 200, 200, 200, 200, 401, 404)),
    ("POST", "/api/admin/bulk-action", {"questionIds": ["{bulk}"], "action": "pin"},
     (403, 403, 200, 200, 200, 200, 401, 404)),
    ("GET", "/api/admin/stats/moderation", None, (403, 403, 403, 403, 200, 200, 401, 200)),
    ("GET", "/api/admin/audit", None, (403, 403, 403, 403, 200, 200, 401, 200)),
    ("GET", "/api/admin/audit/export?format=json", None, (403, 403, 403, 403, 200, 200, 401, 200)),
    ("GET", "/api/presentation", None, (200, 200, 200, 200, 200, 200, 401, 200)),
    ("POST", "/api/presentation/start", {"teamId": "{eng}"}, (403, 403, 403, 200, 200, 200, 401, 404)),
    ("POST", "/api/presentation/current", {"questionId": "{read}"}, (403, 403, 403, 200, 200, 200, 401, 404)),
    ("POST", "/api/presentation/stop", None, (403, 403, 200, 200, 200, 200, 401, 200)),
    ("GET", "/events", None, (200, 200, 200, 200, 200, 200, 401, 200)),
]


def targets(dsn: str) -> dict[str, str]:
    """Give every changing row its own Engineering question; authors are arranged for the table."""
    open_eng = questions(dsn, team="engineering", status="OPEN")
    review = questions(dsn, team="engineering", status="UNDER_REVIEW")
    sarah = sql(dsn, "SELECT id FROM app_user WHERE email = 'sarah.chen@pulsestage.app'")[0]["id"]
    names = ("read", "mine", "delete", "upvote", "answer", "pin", "freeze", "tag", "bulk")
    ids = {name: row["id"] for name, row in zip(names, open_eng, strict=False)}
    for name in names:  # nobody in the table wrote these, so nobody is refused as the author...
        sql(dsn, "UPDATE question SET author_id = %s WHERE id = %s", (sarah, ids[name]))
    for name in ("mine", "delete"):  # ...except alice, the member, for edit and delete
        sql(dsn, "UPDATE question SET author_id = %s WHERE id = %s", (user_id(dsn, "alice"), ids[name]))
    tagged = sql(dsn, """SELECT qt.question_id, qt.tag_id FROM question_tag qt JOIN question q ON q.id = qt.question_id
                         JOIN team m ON m.id = q.team_id WHERE m.slug = 'engineering' AND q.status = 'ANSWERED'
                         ORDER BY q.created_at LIMIT 1""")[0]
    return {**ids, "untag": tagged["question_id"], "untag_tag": tagged["tag_id"],
            "review1": review[0]["id"], "review2": review[1]["id"], "eng": team_id(dsn, "engineering"),
            "bug": tag_id(dsn, "Bug"), "process": tag_id(dsn, "Process"), "question_tag": tag_id(dsn, "Question")}


def fill(template, values: dict[str, str]):
    """Substitute {names} in a path or (nested) body."""
    if isinstance(template, str):
        return template.format(**values)
    if isinstance(template, dict):
        return {k: fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [fill(v, values) for v in template]
    return template


@pytest.mark.parametrize("role", ROLES)
async def test_every_endpoint_for_every_role(role, aiohttp_client, make_config, database):
    from pulsestage.app import create_app

    client = await aiohttp_client(create_app(make_config(DEMO_USERS="alice,bob,moderator,admin,viewer,owner")))
    values = {**targets(database), "role": role}
    session = await Session(client, LOGIN[role], "acme" if role == "other" else "default").start()
    if role == "viewer":
        set_role(database, "viewer", "engineering", "viewer")
    if role == "owner":
        set_role(database, "owner", "engineering", "owner")
    if role == "modother":
        set_role(database, "bob", "product", "moderator")
    failures = []
    for method, path, body, expected in TABLE:
        want = expected[ROLES.index(role)]
        url = fill(path, values)
        if url == "/events":
            response = await client.get(url, headers={"x-tenant-id": session.tenant})
            got = response.status
            response.close()
        else:
            got, payload = await session.call(method, url, fill(body, values))
        if got != want:
            failures.append(f"{method} {path}: {got} (want {want}) {payload if url != '/events' else ''}")
    assert not failures, "\n".join(failures)


async def test_every_route_of_the_area_is_in_the_table(client):
    from pulsestage.http.routing import ROUTE_GUARDS

    mine = {(m, p) for (m, p) in client.server.app[ROUTE_GUARDS]
            if p.startswith(("/api/questions", "/api/tags", "/api/presentation", "/events", "/api/admin/moderation",
                             "/api/admin/bulk", "/api/admin/stats/moderation", "/api/admin/audit"))}
    table = {(m, p.split("?")[0].replace("{read}", "{id}").replace("{mine}", "{id}").replace("{delete}", "{id}")
              .replace("{upvote}", "{id}").replace("{answer}", "{id}").replace("{pin}", "{id}")
              .replace("{freeze}", "{id}").replace("{tag}", "{id}").replace("{untag}", "{id}")
              .replace("{untag_tag}", "{tagId}").replace("{process}", "{id}").replace("{question_tag}", "{id}")
              .replace("{review1}", "{id}").replace("{review2}", "{id}")) for m, p, _, _ in TABLE}
    assert mine - table == set()

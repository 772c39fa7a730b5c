"""Tenant isolation: tenant B's ids through tenant A's session are 404; search never crosses tenants."""

from __future__ import annotations

from tests.integration.qa.support import Session, questions, sql, tag_id, team_id


async def test_acme_ids_are_not_found_through_a_default_session(client, database):
    admin = await Session(client, "admin").start()
    acme_question = questions(database, "acme")[0]["id"]
    acme_tag = tag_id(database, "Infrastructure", "acme")
    calls = [
        ("GET", f"/api/questions/{acme_question}", None),
        ("GET", f"/api/questions/{acme_question}/upvote-status", None),
        ("PATCH", f"/api/questions/{acme_question}", {"body": "Rewritten by someone from another tenant"}),
        ("DELETE", f"/api/questions/{acme_question}", None),
        ("POST", f"/api/questions/{acme_question}/upvote", None),
        ("POST", f"/api/questions/{acme_question}/respond", {"response": "no"}),
        ("POST", f"/api/questions/{acme_question}/pin", None),
        ("POST", f"/api/questions/{acme_question}/freeze", None),
        ("POST", f"/api/questions/{acme_question}/tags", {"tagId": tag_id(database, "Bug")}),
        ("DELETE", f"/api/questions/{acme_question}/tags/{acme_tag}", None),
        ("PUT", f"/api/tags/{acme_tag}", {"name": "Hijacked"}),
        ("DELETE", f"/api/tags/{acme_tag}", None),
        ("POST", f"/api/admin/moderation/approve/{acme_question}", None),
        ("POST", f"/api/admin/moderation/reject/{acme_question}", None),
        ("POST", "/api/admin/bulk-action", {"questionIds": [acme_question], "action": "pin"}),
        ("POST", "/api/admin/bulk-tag", {"questionIds": [acme_question], "tagId": acme_tag, "action": "add"}),
        ("POST", "/api/questions", {"body": "Which team does this land in, really?",
                                    "teamId": team_id(database, "marketing", "acme")}),
        ("POST", "/api/presentation/start", {"teamId": team_id(database, "marketing", "acme")}),
        ("GET", "/api/questions?team=marketing", None),
    ]
    snapshot = sql(database, "SELECT * FROM question ORDER BY id")
    for method, path, body in calls:
        status, payload = await admin.call(method, path, body)
        assert status == 404, (method, path, status, payload)
    assert sql(database, "SELECT count(*) AS n FROM audit_log")[0]["n"] == 0
    assert sql(database, "SELECT * FROM question ORDER BY id") == snapshot


async def test_lists_and_search_stay_inside_the_tenant(client, database):
    admin = await Session(client, "admin").start()
    acme_bodies = {q["body"] for q in questions(database, "acme")}
    word = "strategy"  # appears in acme's questions
    assert any(word in b.lower() for b in acme_bodies)
    for params in ({"status": "all", "pageSize": "100"}, {"search": word, "status": "all"},
                   {"search": "strat", "status": "all"}):
        status, page = await admin.call("GET", "/api/questions", params=params)
        assert status == 200
        assert not acme_bodies & {q["body"] for q in page["questions"]}
        assert {q["tenantId"] for q in page["questions"]} <= {sql(database, "SELECT id FROM tenant WHERE slug = 'default'")[0]["id"]}
    status, similar = await admin.call("GET", "/api/questions/search", params={"q": word})
    assert not acme_bodies & {q["body"] for q in similar}
    status, ours = await admin.call("GET", "/api/questions", params={"search": "product", "status": "all"})
    assert ours["total"] > 0

    acme = await Session(client, "admin", "acme").start()
    status, theirs = await acme.call("GET", "/api/questions", params={"search": word, "status": "all"})
    assert theirs["total"] >= 1
    assert {q["body"] for q in theirs["questions"]} <= acme_bodies


async def test_events_never_cross_tenants(client, database, peers):
    from tests.integration.qa.support import open_stream

    acme_client = await peers()
    await Session(acme_client, "alice", "acme").start()
    acme_stream = await open_stream(acme_client, tenant="acme")
    named_default = await acme_client.get("/events", headers={"x-tenant-id": "acme"}, params={"tenant": "default"})
    assert named_default.status == 404
    alice = await Session(client, "alice").start()
    status, _ = await alice.call("POST", "/api/questions", {"body": "Is the new expense tool live yet?"})
    assert status == 201
    frames = await acme_stream.drain()
    assert {f.type for f in frames} <= {None, "connected", "heartbeat"}, [f.raw for f in frames]

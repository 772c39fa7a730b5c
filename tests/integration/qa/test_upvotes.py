"""Upvotes: exact under concurrency, one per person, removable, refused on frozen/under-review/own."""

from __future__ import annotations

import asyncio
from collections import Counter

from tests.integration.qa.support import Session, questions, sql, user_id


async def test_fifty_people_upvoting_at_once_give_an_exact_count(aiohttp_client, make_config, database, peers):
    from pulsestage.app import create_app

    target = questions(database, team="engineering", status="OPEN")[0]["id"]
    sql(database, "DELETE FROM upvote WHERE question_id = %s", (target,))
    sql(database, "UPDATE question SET upvotes = 0, author_id = NULL WHERE id = %s", (target,))
    names = [r["email"].split("@")[0] for r in sql(
        database, "SELECT u.email FROM app_user u JOIN tenant t ON t.id = u.tenant_id WHERE t.slug = 'default'")]
    assert len(names) == 50
    client = await aiohttp_client(create_app(make_config(DEMO_USERS=",".join(names))))
    import aiohttp

    sessions = []
    for name in names:
        jar = aiohttp.ClientSession(base_url=str(client.make_url("/")), cookie_jar=aiohttp.CookieJar(unsafe=True))
        sessions.append(await Session(jar, name).start())
    try:
        # every person clicks twice at the same moment: 100 requests racing for 50 upvotes
        results = await asyncio.gather(*[s.call("POST", f"/api/questions/{target}/upvote")
                                         for s in sessions for _ in range(2)])
    finally:
        for s in sessions:
            await s.client.close()
    assert Counter(status for status, _ in results) == {200: 50, 409: 50}
    row = sql(database, "SELECT upvotes, (SELECT count(*) FROM upvote WHERE question_id = q.id) AS n "
                        "FROM question q WHERE id = %s", (target,))[0]
    assert row == {"upvotes": 50, "n": 50}


async def test_upvote_rules(client, database):
    alice = await Session(client, "alice").start()
    open_eng = questions(database, team="engineering", status="OPEN")
    theirs = next(q for q in open_eng if q["author_name"] != "alice")
    own = next(q for q in open_eng if q["author_name"] == "alice")

    status, body = await alice.call("POST", f"/api/questions/{theirs['id']}/upvote")
    assert status == 200 and body["upvotes"] == theirs["upvotes"] + 1 and body["hasUpvoted"] is True
    status, body = await alice.call("POST", f"/api/questions/{theirs['id']}/upvote")
    assert status == 409 and body["error"] == "already_upvoted"
    status, state = await alice.call("GET", f"/api/questions/{theirs['id']}/upvote-status")
    assert state == {"hasUpvoted": True, "canUpvote": False}
    status, batch = await alice.call("POST", "/api/questions/upvote-status",
                                     {"questionIds": [theirs["id"], own["id"], "nope"]})
    assert batch == {"upvoted": {theirs["id"]: True, own["id"]: False, "nope": False}}
    status, body = await alice.call("DELETE", f"/api/questions/{theirs['id']}/upvote")
    assert status == 200 and body["upvotes"] == theirs["upvotes"] and body["hasUpvoted"] is False
    status, body = await alice.call("DELETE", f"/api/questions/{theirs['id']}/upvote")
    assert status == 200 and body["upvotes"] == theirs["upvotes"]  # nothing to remove: no change

    status, body = await alice.call("POST", f"/api/questions/{own['id']}/upvote")
    assert status == 403 and body["error"] == "own_question"
    status, state = await alice.call("GET", f"/api/questions/{own['id']}/upvote-status")
    assert state == {"hasUpvoted": False, "canUpvote": False}

    sql(database, "UPDATE question SET is_frozen = true WHERE id = %s", (theirs["id"],))
    status, body = await alice.call("POST", f"/api/questions/{theirs['id']}/upvote")
    assert status == 409 and body["error"] == "question_frozen"
    held = next(q for q in questions(database, team="engineering", status="UNDER_REVIEW")
                if q["author_id"] != user_id(database, "alice"))
    status, body = await alice.call("POST", f"/api/questions/{held['id']}/upvote")
    assert status == 404  # alice may not even see someone else's question under review
    mod = await Session(client, "moderator").start()
    status, body = await mod.call("POST", f"/api/questions/{held['id']}/upvote")
    assert status in (403, 409)
    counts = sql(database, "SELECT q.id, q.upvotes, (SELECT count(*) FROM upvote v WHERE v.question_id = q.id) AS n "
                           "FROM question q")
    assert all(r["upvotes"] == r["n"] for r in counts)

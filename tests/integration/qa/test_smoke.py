"""The issue's 'done when': a moderator answers, pins and tags while alice watches /events."""

from __future__ import annotations

from tests.integration.qa.support import Session, open_stream, questions, tag_id


async def test_moderator_flow_is_seen_live_by_alice(client, database, peers):
    watcher = await peers()
    alice = await Session(watcher, "alice").start()
    stream = await open_stream(watcher)
    first = await stream.next()
    assert first.retry == 3000
    assert (await stream.next()).type == "connected"

    mod = await Session(client, "moderator").start()
    status, page = await mod.call("GET", "/api/questions", params={"team": "engineering"})
    assert status == 200, page
    assert page["total"] == 10 and len(page["questions"]) == 10
    target = page["questions"][0]["id"]

    status, answered = await mod.call("POST", f"/api/questions/{target}/respond", {"response": "We will."})
    assert status == 200, answered
    frame = await stream.until("question:answered")
    assert frame.data["data"]["id"] == target and frame.id

    status, pinned = await mod.call("POST", f"/api/questions/{target}/pin")
    assert status == 200 and pinned["isPinned"] is True
    assert (await stream.until("question:pinned")).data["data"]["isPinned"] is True

    bug = tag_id(database, "Bug")
    status, body = await mod.call("POST", f"/api/questions/{target}/tags", {"tagId": bug})
    assert status == 200, body
    tagged = await stream.until("question:tagged")
    assert bug in [t["tagId"] for t in tagged.data["data"]["tags"]]

    status, refused = await alice.call("POST", "/api/questions", {"body": "What the fuck is this bullshit plan?"})
    assert status == 400, refused
    assert refused["reasons"] == ["Contains profanity"] and refused["moderationId"].startswith("mod_")
    assert len(questions(database, body="What the fuck is this bullshit plan?")) == 0

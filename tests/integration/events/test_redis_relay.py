"""Two app instances on one Redis: each delivers the other's events, and either can replay them."""

from __future__ import annotations

import asyncio

from pulsestage import keys
from tests.integration.qa.support import Session, open_stream, questions


async def two_instances(aiohttp_client, make_config, redis_url):
    from pulsestage.app import create_app

    config = make_config(REDIS_URL=redis_url)
    return (await aiohttp_client(create_app(config)), await aiohttp_client(create_app(config)))


async def test_an_event_published_on_one_instance_reaches_a_stream_on_the_other(
        aiohttp_client, make_config, redis_url, database):
    one, two = await two_instances(aiohttp_client, make_config, redis_url)
    await Session(one, "alice").start()
    mod = await Session(two, "moderator").start()
    watching = await open_stream(one)
    await watching.until("connected")

    _, asked = await mod.call("POST", "/api/questions", {"body": "Are we hiring more SREs this year?"})
    created = await watching.until("question:created", timeout=2)
    assert created.data["data"]["id"] == asked["id"]
    _, held = await mod.call("POST", "/api/questions", {"body": "WHY IS THE ONCALL ROTATION SO UNFAIR TO US"})
    await mod.call("POST", "/api/presentation/start", {"teamId": "engineering"})
    started = await watching.until("presentation:started", timeout=2)  # the held question was filtered out
    assert started.data["data"]["teamId"] is not None
    assert [f.type for f in watching.frames if f.type == "question:created"] == ["question:created"]

    # the presentation state is shared through Redis too (alice is signed in on instance one)
    status, state = await Session(one, "alice").call("GET", "/api/presentation")
    assert state["active"] is True and state["teamId"] == started.data["data"]["teamId"]


async def test_replay_works_from_any_instance(aiohttp_client, make_config, redis_url, database):
    one, two = await two_instances(aiohttp_client, make_config, redis_url)
    await Session(one, "alice").start()
    await Session(two, "alice").start()
    mod = await Session(one, "moderator").start()
    first = await open_stream(one)
    cursor = (await first.until("connected")).id
    first.response.close()
    targets = [q["id"] for q in questions(database, team="engineering", status="OPEN")[:2]]
    for question_id in targets:
        await mod.call("POST", f"/api/questions/{question_id}/pin")
    again = await open_stream(two, last_id=cursor)
    await again.until("connected")
    assert [(f.type, f.data["data"]["id"]) for f in await again.drain()] == [
        ("question:pinned", targets[0]), ("question:pinned", targets[1])]


async def test_the_relay_survives_losing_its_redis_connection(aiohttp_client, make_config, redis_url, database):
    one, two = await two_instances(aiohttp_client, make_config, redis_url)
    await Session(one, "alice").start()
    mod = await Session(two, "moderator").start()
    stream = await open_stream(one)
    await stream.until("connected")
    relay = one.server.app[keys.EVENT_BUS]._relay
    redis = one.server.app[keys.REDIS]
    await redis.execute_command("CLIENT", "KILL", "TYPE", "pubsub")  # drops every instance's subscription
    _, asked = await mod.call("POST", "/api/questions", {"body": "Is the VPN migration finished now?"})
    got = await stream.until("question:created", timeout=15)  # delivered live or by the catch-up
    assert got.data["data"]["id"] == asked["id"]
    for _ in range(100):
        if relay.ready.is_set():
            break
        await asyncio.sleep(0.1)
    assert relay.ready.is_set()


async def test_a_fresh_stream_on_the_quiet_instance_starts_at_the_newest_id(
        aiohttp_client, make_config, redis_url, database):
    """The head a new stream starts from is what the relay delivered here (no Redis read), and it
    is the newest id: a stream opened on the other instance right after an event gets nothing older."""
    one, two = await two_instances(aiohttp_client, make_config, redis_url)
    mod = await Session(one, "moderator").start()
    await Session(two, "alice").start()
    bus_two = two.server.app[keys.EVENT_BUS]
    targets = [q["id"] for q in questions(database, team="engineering", status="OPEN")[:3]]
    for question_id in targets:
        await mod.call("POST", f"/api/questions/{question_id}/pin")
    seq = int(await two.server.app[keys.REDIS].get("pulsestage:events:seq"))
    for _ in range(50):
        if await bus_two.head() == seq:
            break
        await asyncio.sleep(0.05)
    assert await bus_two.head() == seq
    stream = await open_stream(two)
    assert int((await stream.until("connected")).id) == seq
    _, asked = await mod.call("POST", "/api/questions", {"body": "Is the new office opening in spring?"})
    created = await stream.until("question:created", timeout=2)
    assert int(created.id) == seq + 1 and created.data["data"]["id"] == asked["id"]
    assert [f.type for f in stream.frames if f.type == "question:pinned"] == []  # nothing older replayed

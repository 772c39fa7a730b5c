"""GET /events: frame shape, per-role subsets, replay after Last-Event-ID, heartbeats, caps, shutdown."""

from __future__ import annotations

import asyncio

from pulsestage import keys
from pulsestage.events.sse import end_streams
from tests.integration.qa.support import Session, open_stream, questions


async def test_frames_have_ids_a_retry_hint_and_the_envelope(client, database):
    alice = await Session(client, "alice").start()
    stream = await open_stream(client)
    retry = await stream.next()
    assert retry.retry == 3000 and retry.id is None and retry.data is None
    connected = await stream.next()
    assert connected.type == "connected" and connected.id.isdigit()
    assert set(connected.data) == {"type", "tenantId", "data", "timestamp"}
    assert stream.response.headers["Content-Type"] == "text/event-stream"
    assert stream.response.headers["Cache-Control"] == "no-cache"
    status, _ = await alice.call("POST", "/api/questions", {"body": "Will the office be open over the holidays?"})
    created = await stream.until("question:created")
    assert int(created.id) > int(connected.id)
    assert set(created.data) == {"type", "tenantId", "data", "timestamp"}
    assert isinstance(created.data["timestamp"], int)


async def test_the_headers_leave_with_the_opening_frames(client, database):
    """One packet: status, headers, retry hint and `connected` arrive in the first read."""
    await Session(client, "alice").start()
    cookie = "; ".join(f"{c.key}={c.value}" for c in client.session.cookie_jar)
    reader, writer = await asyncio.open_connection(client.host, client.port)
    try:
        writer.write(f"GET /events HTTP/1.1\r\nHost: {client.host}:{client.port}\r\nCookie: {cookie}\r\n\r\n".encode())
        first = await asyncio.wait_for(reader.read(65536), 10)
    finally:
        writer.close()
    assert first.startswith(b"HTTP/1.1 200 OK\r\n"), first
    assert b"Content-Type: text/event-stream\r\n" in first
    assert b"retry: 3000\n\n" in first and b'"type":"connected"' in first, first


async def test_each_role_sees_only_what_it_may(client, database, peers):
    """alice (member) and the moderator watch while bob asks, is held for review, approved, rejected."""
    streams = {}
    for name in ("alice", "moderator", "bob"):
        peer = await peers()
        await Session(peer, name).start()
        streams[name] = await open_stream(peer)
        await streams[name].until("connected")
    bob = await Session(client, "bob").start()
    mod = await Session(await peers(), "moderator").start()

    _, clean = await bob.call("POST", "/api/questions", {"body": "Can we move standup to 10am?", "teamId": "product"})
    _, held = await bob.call("POST", "/api/questions", {"body": "WHY ARE WE NOT SHIPPING THE MOBILE APP YET",
                                                        "teamId": "product"})
    _, held2 = await bob.call("POST", "/api/questions", {"body": "THIS ROADMAP MAKES NO SENSE TO ANYONE HERE",
                                                         "teamId": "product"})
    assert held["status"] == held2["status"] == "UNDER_REVIEW"
    await mod.call("POST", f"/api/admin/moderation/approve/{held['id']}")
    await mod.call("POST", f"/api/admin/moderation/reject/{held2['id']}", {"reason": "Please rephrase"})

    def seen(name):
        return [(f.type, f.data["data"].get("id")) for f in streams[name].frames
                if f.type and f.type.startswith("question:")]

    for name in streams:
        await streams[name].drain()
    everyone = [("question:created", clean["id"]), ("question:approved", held["id"])]
    held_events = [("question:created", held["id"]), ("question:created", held2["id"])]
    assert seen("alice") == everyone
    assert seen("moderator") == [everyone[0], *held_events, everyone[1], ("question:rejected", held2["id"])]
    assert seen("bob") == seen("moderator")  # the author follows their own question's review


async def test_reconnect_replays_exactly_what_was_missed(client, database, peers):
    await Session(client, "alice").start()
    mod = await Session(await peers(), "moderator").start()
    first = await open_stream(client)
    cursor = (await first.until("connected")).id
    first.response.close()

    targets = [q["id"] for q in questions(database, team="engineering", status="OPEN")[:3]]
    for question_id in targets:
        await mod.call("POST", f"/api/questions/{question_id}/pin")
    await mod.call("POST", "/api/questions", {"body": "SHOUTING ABOUT THE BUILD BEING RED AGAIN"})  # held: not alice's
    await mod.call("POST", f"/api/questions/{targets[0]}/freeze")

    again = await open_stream(client, last_id=cursor)
    await again.until("connected")
    missed = await again.drain()
    assert [(f.type, f.data["data"]["id"]) for f in missed] == [
        *(("question:pinned", t) for t in targets), ("question:frozen", targets[0])]
    ids = [int(f.id) for f in missed]
    assert ids == sorted(ids) and len(set(ids)) == len(ids) and ids[0] > int(cursor)

    # the SPA's fresh EventSource sends the cursor as ?lastEventId=, with the same result
    third = await open_stream(client, lastEventId=str(ids[1]))
    await third.until("connected")
    assert [int(f.id) for f in await third.drain()] == ids[2:]

    # live events continue after the replay, never repeating a replayed id
    await mod.call("POST", f"/api/questions/{targets[1]}/freeze")
    live = await again.until("question:frozen")
    assert int(live.id) > ids[-1]


async def test_a_cursor_that_cannot_be_replayed_gets_a_reset(client, database):
    await Session(client, "alice").start()
    for stale in ("1", "999999999999999999"):
        stream = await open_stream(client, last_id=stale)
        await stream.next()
        reset = await stream.next()
        assert reset.type == "reset" and reset.data["data"]["lastEventId"] == stale
        assert (await stream.next()).type == "connected"
        stream.response.close()


async def test_a_trimmed_buffer_answers_reset(aiohttp_client, database, tmp_path, peers):
    from pulsestage.app import create_app
    from pulsestage.config import load_config

    toml = tmp_path / "small.toml"
    toml.write_text("[events]\nreplay_buffer = 2\n")
    config = load_config("test", str(toml), {"DATABASE_URL": database, "PULSESTAGE_DATA_DIR": str(tmp_path),
                                              "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0"})
    client = await aiohttp_client(create_app(config))
    mod = await Session(client, "moderator").start()
    stream = await open_stream(client)
    cursor = (await stream.until("connected")).id
    stream.response.close()
    for question_id in [q["id"] for q in questions(database, team="engineering", status="OPEN")[:3]]:
        await mod.call("POST", f"/api/questions/{question_id}/pin")
    again = await open_stream(client, last_id=cursor)
    await again.next()
    assert (await again.next()).type == "reset"


async def test_heartbeats_carry_the_cursor(aiohttp_client, make_config, database):
    from pulsestage.app import create_app

    client = await aiohttp_client(create_app(make_config(SSE_HEARTBEAT_SECONDS="0.2")))
    await Session(client, "alice").start()
    stream = await open_stream(client)
    connected = await stream.until("connected")
    beat = await stream.until("heartbeat", timeout=2)
    assert beat.id == connected.id and isinstance(beat.data["data"]["timestamp"], int)


async def test_connection_caps_answer_with_clear_errors(client, database, peers):
    await Session(client, "alice").start()
    bus = client.server.app[keys.EVENT_BUS]
    bus.limits.per_user = 1
    await open_stream(client)
    second = await client.get("/events", headers={"x-tenant-id": "default"})
    assert second.status == 429
    body = await second.json()
    assert body["error"] == "rate_limited" and "Too many open event streams" in body["message"]
    assert second.headers["Retry-After"] == "5"

    bus.limits.per_user, bus.limits.per_process = 10, 1
    other = await peers()
    await Session(other, "bob").start()
    third = await other.get("/events", headers={"x-tenant-id": "default"})
    assert third.status == 503
    assert (await third.json())["error"] == "too_many_streams"


async def test_signed_out_is_401_and_shutdown_ends_streams_with_a_retry_hint(client, database):
    anonymous = await client.get("/events", headers={"x-tenant-id": "default"})
    assert anonymous.status == 401
    await Session(client, "alice").start()
    stream = await open_stream(client)
    await stream.until("connected")
    assert len(client.server.app[keys.SSE_STREAMS]) == 1
    await end_streams(client.server.app)
    assert (await stream.next()).retry == 1000
    assert await stream.response.content.read() == b""
    assert client.server.app[keys.EVENT_BUS].connections == 0


async def test_a_client_that_leaves_frees_its_stream(aiohttp_client, make_config, database):
    """As in production, the server does not cancel a handler whose client left (aiohttp's default):
    the stream watcher notices the closed connection and ends the stream."""
    import asyncio

    from aiohttp.test_utils import TestServer

    from pulsestage.app import create_app

    class ServerLikeProduction(TestServer):
        async def _make_runner(self, handler_cancellation: bool = False, **kwargs):
            return await super()._make_runner(handler_cancellation=False, **kwargs)

    client = await aiohttp_client(ServerLikeProduction(create_app(make_config())))
    await Session(client, "alice").start()
    bus = client.server.app[keys.EVENT_BUS]
    stream = await open_stream(client)
    await stream.until("connected")
    assert bus.connections == 1 and len(client.server.app[keys.SSE_STREAMS]) == 1
    stream.response.close()  # the browser tab closes; no event will ever be written to it
    for _ in range(40):  # the watcher looks twice a second
        if bus.connections == 0:
            break
        await asyncio.sleep(0.1)
    assert bus.connections == 0

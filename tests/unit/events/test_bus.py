"""The event bus without Redis: ids, replay and its floor, per-subscriber filters, slow clients, caps."""

from __future__ import annotations

import pytest

from pulsestage.errors import DependencyDown, RateLimited
from pulsestage.events.bus import EventBus, Limits
from pulsestage.events.envelope import decode, encode
from pulsestage.events.filters import Audience, may_receive, seal
from pulsestage.events.replay import MemoryLog

SECRET = b"k" * 32


def make_bus(**limits) -> EventBus:
    return EventBus(secret=SECRET, buffer_size=5, heartbeat_seconds=30, limits=Limits(**limits))


def drain(sub) -> list:
    out = []
    while not sub.queue.empty():
        out.append(sub.queue.get_nowait())
    return out


async def test_ids_increase_and_replay_returns_exactly_what_follows():
    log = MemoryLog(5, start=100)
    events = [await log.append("t1", "x", {"n": i}, 0, seal(None, SECRET)) for i in range(3)]
    assert [e.id for e in events] == [101, 102, 103]
    assert [e.id for e in await log.since("t1", 101)] == [102, 103]
    assert await log.since("t1", 103) == []
    assert await log.since("t2", 101) == []  # another tenant: nothing, but not too old either


async def test_a_cursor_below_the_floor_or_from_the_future_cannot_replay():
    log = MemoryLog(2, start=0)
    for i in range(4):
        await log.append("t1", "x", i, 0, seal(None, SECRET))
    assert [e.id for e in await log.since("t1", 2)] == [3, 4]
    assert await log.since("t1", 1) is None  # event 2 was trimmed away
    assert await log.since("t1", 99) is None  # an id this process never issued
    assert await MemoryLog(2).since("t1", 5) is None  # an id from an earlier process


def test_audiences():
    viewer = lambda memberships, uid="u1": make_bus().viewer("t1", uid, memberships)  # noqa: E731
    member, mod, admin = viewer({"eng": "member"}), viewer({"eng": "moderator"}), viewer({"x": "admin"})
    other_mod = viewer({"prod": "moderator"})
    everyone = seal(Audience.everyone(), SECRET)
    review = seal(Audience.moderators("eng", "author-1"), SECRET)
    assert all(may_receive(v, "t1", everyone) for v in (member, mod, admin, other_mod))
    assert not may_receive(member, "t2", everyone)
    assert [may_receive(v, "t1", review) for v in (member, mod, admin, other_mod)] == [False, True, True, False]
    assert may_receive(viewer({}, "author-1"), "t1", review)
    assert "author-1" not in str(review)  # the author travels only as a keyed digest


async def test_publish_filters_per_subscriber():
    bus = make_bus()
    member = bus.subscribe(bus.viewer("t1", "m", {"eng": "member"}))
    mod = bus.subscribe(bus.viewer("t1", "d", {"eng": "moderator"}))
    other = bus.subscribe(bus.viewer("t2", "o", {"eng": "admin"}))
    await bus.publish("t1", "question:created", {"id": "q1"})
    await bus.publish("t1", "question:created", {"id": "q2"}, Audience.moderators("eng"))
    assert [e.data["id"] for e in drain(member)] == ["q1"]
    assert [e.data["id"] for e in drain(mod)] == ["q1", "q2"]
    assert drain(other) == []
    replay = await bus.replay(member.viewer, (await bus.head()) - 2)
    assert [e.data["id"] for e in replay] == ["q1"]


async def test_a_slow_subscriber_is_dropped_without_holding_up_the_others():
    bus = make_bus(queue_size=2)
    slow, fast = (bus.subscribe(bus.viewer("t1", u, {})) for u in ("a", "b"))
    for i in range(3):
        await bus.publish("t1", "x", i)
        drain(fast)
    assert slow.ended == "slow"
    assert fast.ended is None


async def test_stream_caps_per_user_and_per_process():
    bus = make_bus(per_user=2, per_process=3)
    first = bus.subscribe(bus.viewer("t1", "a", {}))
    bus.subscribe(bus.viewer("t1", "a", {}))
    with pytest.raises(RateLimited):
        bus.subscribe(bus.viewer("t1", "a", {}))
    bus.subscribe(bus.viewer("t1", "b", {}))
    with pytest.raises(DependencyDown):
        bus.subscribe(bus.viewer("t1", "c", {}))
    bus.unsubscribe(first)
    bus.unsubscribe(first)  # idempotent
    bus.subscribe(bus.viewer("t1", "a", {}))
    assert bus.stats() == {"connections": 3, "tenants": {"t1": 3}}


def test_relay_lines_round_trip():
    event = decode(encode(7, b'{"tenantId":"t","type":"x","data":{"a":1},"timestamp":5,"audience":{}}'))
    assert (event.id, event.tenant_id, event.type, event.data, event.timestamp) == (7, "t", "x", {"a": 1}, 5)
    assert event.frame().startswith(b"id: 7\ndata: ")
    assert b"audience" not in event.frame()

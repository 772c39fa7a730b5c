"""Concurrent replays of one tenant and cursor share one log read; nothing outlives the read."""

from __future__ import annotations

import asyncio

import pytest

from pulsestage.events.bus import EventBus
from pulsestage.events.filters import Audience
from pulsestage.events.replay import MemoryLog

SECRET = b"k" * 32


class GatedLog(MemoryLog):
    """A MemoryLog whose reads are counted and wait for `gate` (so callers overlap)."""

    def __init__(self) -> None:
        super().__init__(10, start=0)
        self.gate = asyncio.Event()
        self.reads: list[tuple[str, int]] = []
        self.heads = 0
        self.error: Exception | None = None

    async def since(self, tenant_id, last_id):
        self.reads.append((tenant_id, last_id))
        await self.gate.wait()
        if self.error is not None:
            raise self.error
        return await super().since(tenant_id, last_id)

    async def head(self):
        self.heads += 1
        await self.gate.wait()
        return await super().head()


async def make_bus() -> tuple[EventBus, GatedLog]:
    bus = EventBus(secret=SECRET, buffer_size=10, heartbeat_seconds=30)
    bus._log = log = GatedLog()
    log.gate.set()
    await bus.publish("t1", "x", {"n": 1})
    await bus.publish("t1", "x", {"n": 2}, Audience.moderators("eng"))
    await bus.publish("t1", "x", {"n": 3})
    log.gate.clear()
    return bus, log


async def settle(*tasks) -> list:
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return list(tasks)


async def test_two_replays_of_one_cursor_share_one_read_and_keep_their_own_filter():
    bus, log = await make_bus()
    member = bus.subscribe(bus.viewer("t1", "m", {"eng": "member"}))
    mod = bus.subscribe(bus.viewer("t1", "d", {"eng": "moderator"}))
    waiting = await settle(*(asyncio.create_task(bus.replay(s.viewer, 0, s.opened)) for s in (member, mod)))
    log.gate.set()
    seen, modseen = await asyncio.gather(*waiting)
    assert log.reads == [("t1", 0)]
    assert [e.data["n"] for e in seen] == [1, 3]
    assert [e.data["n"] for e in modseen] == [1, 2, 3]
    assert len(bus._replays) == 0  # nothing kept once the read is done
    await bus.replay(member.viewer, 0, member.opened)
    assert log.reads == [("t1", 0), ("t1", 0)]


async def test_different_cursors_or_tenants_do_not_share():
    bus, log = await make_bus()
    subs = [bus.subscribe(bus.viewer(t, u, {})) for t, u in (("t1", "a"), ("t1", "b"), ("t2", "c"))]
    waiting = await settle(*(asyncio.create_task(bus.replay(s.viewer, cursor, s.opened))
                             for s, cursor in zip(subs, (0, 1, 0), strict=True)))
    log.gate.set()
    results = await asyncio.gather(*waiting)
    assert sorted(log.reads) == [("t1", 0), ("t1", 1), ("t2", 0)]
    assert [[e.data["n"] for e in r] for r in results] == [[1, 3], [3], []]


async def test_an_error_reaches_every_waiter():
    bus, log = await make_bus()
    log.error = ConnectionError("redis went away")
    subs = [bus.subscribe(bus.viewer("t1", u, {})) for u in ("a", "b")]
    waiting = await settle(*(asyncio.create_task(bus.replay(s.viewer, 0, s.opened)) for s in subs))
    log.gate.set()
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert log.reads == [("t1", 0)]
    assert [type(r) for r in results] == [ConnectionError, ConnectionError]
    assert len(bus._replays) == 0


async def test_a_stream_never_joins_a_read_that_started_before_it_subscribed():
    bus, log = await make_bus()
    early = bus.subscribe(bus.viewer("t1", "a", {}))
    first = await settle(asyncio.create_task(bus.replay(early.viewer, 0, early.opened)))
    late = bus.subscribe(bus.viewer("t1", "b", {}))  # the first read may lack what comes next
    log.gate.set()
    await bus.publish("t1", "x", {"n": 4})
    log.gate.clear()
    second = await settle(asyncio.create_task(bus.replay(late.viewer, 0, late.opened)))
    log.gate.set()
    assert [e.data["n"] for e in await second[0]] == [1, 3, 4]
    await first[0]
    assert log.reads == [("t1", 0), ("t1", 0)]


async def test_a_cancelled_waiter_leaves_the_read_to_the_others():
    bus, log = await make_bus()
    subs = [bus.subscribe(bus.viewer("t1", u, {})) for u in ("a", "b")]
    gone, stays = await settle(*(asyncio.create_task(bus.replay(s.viewer, 0, s.opened)) for s in subs))
    gone.cancel()
    log.gate.set()
    assert [e.data["n"] for e in await stays] == [1, 3]
    with pytest.raises(asyncio.CancelledError):
        await gone


async def test_concurrent_heads_share_one_read():
    bus, log = await make_bus()
    waiting = await settle(*(asyncio.create_task(bus.head()) for _ in range(3)))
    log.gate.set()
    assert await asyncio.gather(*waiting) == [3, 3, 3]
    assert log.heads == 1

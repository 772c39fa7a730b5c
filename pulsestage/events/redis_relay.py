"""Events across processes: ids, replay buffer and fan-out in Redis.

One Lua script assigns the id (INCR), stores the event in the tenant's bounded buffer, moves the
tenant's floor when the buffer is trimmed, and PUBLISHes it. Scripts run one at a time, so every
instance receives events in id order and any instance can replay any other instance's events.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import redis.asyncio as aioredis

from pulsestage.events.envelope import Event, body, decode

log = logging.getLogger("pulsestage.events")

PREFIX = "pulsestage:events"
CHANNEL = f"{PREFIX}:channel"
SEQ = f"{PREFIX}:seq"
BUFFER_TTL_SECONDS = 7 * 24 * 3600

APPEND = """
local id = redis.call('INCR', KEYS[1])
local line = id .. ' ' .. ARGV[1]
local size = tonumber(ARGV[3])
if size > 0 then
  redis.call('ZADD', KEYS[2], id, line)
  local n = redis.call('ZCARD', KEYS[2])
  if n > size then
    local gone = redis.call('ZRANGE', KEYS[2], 0, n - size - 1, 'WITHSCORES')
    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - size - 1)
    redis.call('SET', KEYS[3], gone[#gone], 'EX', ARGV[4])
  end
  redis.call('EXPIRE', KEYS[2], ARGV[4])
else
  redis.call('SET', KEYS[3], id, 'EX', ARGV[4])
end
redis.call('PUBLISH', ARGV[2], line)
return id
"""


def _buffer_key(tenant_id: str) -> str:
    return f"{PREFIX}:buffer:{tenant_id}"


def _floor_key(tenant_id: str) -> str:
    return f"{PREFIX}:floor:{tenant_id}"


class RedisLog:
    """The shared event log: same interface as replay.MemoryLog."""

    def __init__(self, client: aioredis.Redis, size: int) -> None:
        self._client = client
        self._size = size
        self._append = client.register_script(APPEND)

    async def append(self, tenant_id: str, type_: str, data: Any, timestamp: int,
                     audience: dict[str, Any]) -> Event:
        """Store and publish an event; every instance (this one too) receives it by the relay."""
        payload = body(tenant_id, type_, data, timestamp, audience)
        event_id = await self._append(
            keys=[SEQ, _buffer_key(tenant_id), _floor_key(tenant_id)],
            args=[payload, CHANNEL, self._size, BUFFER_TTL_SECONDS],
        )
        return Event(int(event_id), tenant_id, type_, data, timestamp, audience)

    async def head(self) -> int:
        """The id of the newest event of any instance."""
        return int(await self._client.get(SEQ) or 0)

    async def since(self, tenant_id: str, last_id: int) -> list[Event] | None:
        """Events of the tenant after `last_id`, or None when they can no longer be replayed."""
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.get(SEQ)
            pipe.get(_floor_key(tenant_id))
            pipe.zrangebyscore(_buffer_key(tenant_id), f"({last_id}", "+inf")
            head, floor, lines = await pipe.execute()
        if last_id < int(floor or 0) or last_id > int(head or 0):
            return None
        return [decode(line) for line in lines]


class Relay:
    """Listens on the Redis channel and hands each event to `deliver`; reconnects on failure.

    After a reconnect it asks `catch_up` to fetch, from the shared buffer, whatever arrived while
    the subscription was down, so local streams miss nothing that is still replayable.
    """

    def __init__(self, client: aioredis.Redis, deliver: Callable[[Event], None],
                 catch_up: Callable[[], Awaitable[None]]) -> None:
        self._client = client
        self._deliver = deliver
        self._catch_up = catch_up
        self._task: asyncio.Task | None = None
        self.ready = asyncio.Event()

    def start(self) -> None:
        """Start listening in a background task."""
        self._task = asyncio.create_task(self._run(), name="events-relay")

    async def stop(self) -> None:
        """Cancel the listener and wait for it."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _run(self) -> None:
        delay, first = 0.5, True
        while True:
            pubsub = self._client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(CHANNEL)
                if not first:
                    await self._catch_up()
                first, delay = False, 0.5
                self.ready.set()
                while True:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is not None and message.get("type") == "message":
                        self._deliver(decode(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis gone: keep trying, streams stay open meanwhile
                self.ready.clear()
                log.warning("event relay lost Redis; retrying", extra={"error": str(exc), "retryIn": delay})
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
            finally:
                try:
                    await pubsub.aclose()
                except Exception:
                    pass

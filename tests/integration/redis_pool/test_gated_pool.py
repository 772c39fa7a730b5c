"""The Redis pool under a storm: everyone waits in line, nobody is refused, every place comes back."""

from __future__ import annotations

import asyncio

import redis
import redis.asyncio as aioredis

from pulsestage.redis_context import GatedPool, make_client


async def test_a_storm_larger_than_the_pool_is_served_in_line(redis_url):
    client = aioredis.Redis(connection_pool=GatedPool.from_url(redis_url, max_connections=3, timeout=10))
    try:
        await client.set("gated:n", 0)

        async def one(i: int) -> None:
            await client.incr("gated:n")
            async with client.pipeline(transaction=True) as pipe:
                pipe.get("gated:n")
                pipe.exists("gated:n")
                await pipe.execute()

        await asyncio.gather(*(one(i) for i in range(2000)))
        assert int(await client.get("gated:n")) == 2000
        pool = client.connection_pool
        assert pool._gate._value == 3  # every place given back
        assert len(pool._in_use_connections) == 0 and len(pool._available_connections) <= 3
    finally:
        await client.delete("gated:n")
        await client.aclose()


async def test_waiting_past_the_timeout_is_a_connection_error(redis_url):
    client = aioredis.Redis(connection_pool=GatedPool.from_url(redis_url, max_connections=1, timeout=0.2))
    try:
        pubsub = client.pubsub()
        await pubsub.subscribe("gated:hold")  # holds the only connection
        try:
            await client.get("gated:x")
        except aioredis.ConnectionError as exc:
            assert "No connection available" in str(exc)
        else:
            raise AssertionError("expected the pool to refuse after its timeout")
        await pubsub.aclose()
        assert await client.get("gated:x") is None  # the place came back
    finally:
        await client.aclose()


async def test_new_connections_share_one_driver_info_and_still_name_the_library(redis_url):
    client = make_client(redis_url)
    try:
        await asyncio.gather(*(client.get("gated:absent") for _ in range(50)))  # grows the pool
        pool = client.connection_pool
        assert len(pool._available_connections) > 1
        infos = {id(c.driver_info): c.driver_info for c in pool._available_connections}
        assert len(infos) == 1  # made once, not looked up again per connection
        (info,) = infos.values()
        assert (info.name, info.lib_version) == ("redis-py", redis.__version__)  # what CLIENT SETINFO reports
    finally:
        await client.aclose()

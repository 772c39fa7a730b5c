"""The in-memory queue store: retries with back-off, dead letters, idempotency, tenant scoping."""

from __future__ import annotations

import asyncio

from pulsestage.mail.job import MailJob, backoff_seconds
from pulsestage.mail.memory_store import MemoryQueue


def job(tenant: str = "t1", key: str = "") -> MailJob:
    return MailJob(tenant_id=tenant, template="welcome", to="a@example.com", subject="s", html="<p>h</p>",
                   text="t", idempotency_key=key)


def test_backoff_doubles_from_the_base() -> None:
    assert [backoff_seconds(2.0, n) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, 16.0]
    assert backoff_seconds(2.0, 40) == 3600.0


async def test_retry_then_dead_letter_then_retry_by_admin() -> None:
    queue = MemoryQueue(max_attempts=3, backoff_base=0.0)
    await queue.enqueue(job())
    for expected in ("retry", "retry", "dead"):
        taken = await queue.take(0.1)
        assert taken is not None
        assert await queue.fail(taken, "SMTP down") == expected
        await queue.housekeep()
    assert await queue.take(0.05) is None
    stats = await queue.stats("t1")
    assert stats["retried"] == 2 and stats["failed"] == 1 and stats["dead"] == 1
    dead = await queue.dead_letters("t1")
    assert len(dead) == 1 and dead[0].attempts == 3 and dead[0].last_error == "SMTP down"
    assert not await queue.retry_dead("other-tenant", dead[0].id)
    assert await queue.retry_dead("t1", dead[0].id)
    again = await queue.take(0.1)
    assert again is not None and again.attempts == 0
    await queue.ack(again)
    assert (await queue.stats("t1"))["sent"] == 1


async def test_backoff_delays_the_retry() -> None:
    queue = MemoryQueue(max_attempts=5, backoff_base=0.3)
    await queue.enqueue(job())
    await queue.fail(await queue.take(0.1), "boom")
    await queue.housekeep()
    assert await queue.depth() == 1 and await queue.take(0.05) is None  # still delayed
    await asyncio.sleep(0.35)
    await queue.housekeep()
    assert await queue.take(0.1) is not None


async def test_permanent_failure_dead_letters_at_once() -> None:
    queue = MemoryQueue(max_attempts=5, backoff_base=0.0)
    await queue.enqueue(job())
    assert await queue.fail(await queue.take(0.1), "550 no such user", permanent=True) == "dead"


async def test_same_idempotency_key_is_queued_once() -> None:
    queue = MemoryQueue(max_attempts=3, backoff_base=0.0)
    first = await queue.enqueue(job(key="pulse-invite:1"))
    second = await queue.enqueue(job(key="pulse-invite:1"))
    assert first == second and await queue.depth() == 1


async def test_stats_are_per_tenant() -> None:
    queue = MemoryQueue(max_attempts=3, backoff_base=0.0)
    await queue.enqueue(job("t1"))
    await queue.enqueue(job("t2"))
    assert (await queue.stats("t1"))["waiting"] == 1
    assert (await queue.stats())["waiting"] == 2

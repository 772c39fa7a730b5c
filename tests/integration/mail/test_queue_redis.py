"""The Redis store: a killed worker's message is delivered after a restart, once; retries with back-off;
dead letters; an SMTP outage leaves everything queued until SMTP returns."""

from __future__ import annotations

import asyncio
import socket

import redis.asyncio as aioredis

from pulsestage.mail.dev_sink import SinkStore, start_smtp
from pulsestage.mail.job import MailJob
from pulsestage.mail.redis_store import RedisQueue
from pulsestage.mail.smtp_provider import SmtpProvider
from pulsestage.mail.worker import MailWorker


def job(n: int = 0, tenant: str = "t1") -> MailJob:
    return MailJob(tenant_id=tenant, template="welcome", to=f"user{n}@example.com", subject=f"Hello {n}",
                   html=f"<p>{n}</p>", text=str(n), idempotency_key=f"test:{n}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def smtp(port: int) -> SmtpProvider:
    return SmtpProvider(host="127.0.0.1", port=port, security="none", user="", password="", from_name="PS",
                        from_address="noreply@ps.test", timeout=2.0)


class Hanging:
    """A provider that never answers: the worker holding a job 'dies' while sending."""

    async def send(self, job):
        await asyncio.Event().wait()


async def test_killed_workers_message_is_delivered_after_restart_once(redis_url) -> None:
    client = aioredis.from_url(redis_url)
    store = SinkStore()
    server = await start_smtp(store, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        first = RedisQueue(client, max_attempts=3, backoff_base=0.0, lease_seconds=0.5)
        await first.enqueue(job(1))
        doomed = MailWorker(first, Hanging(), concurrency=1, poll_seconds=0.05)
        await doomed.start()
        await asyncio.sleep(0.2)
        assert (await first.stats("t1"))["inFlight"] == 1
        await doomed.stop(timeout=0)  # the process dies with the message in hand: no ack
        # "restart": a new queue object and worker on the same Redis
        second = RedisQueue(client, max_attempts=3, backoff_base=0.0, lease_seconds=0.5)
        worker = MailWorker(second, smtp(port), concurrency=2, poll_seconds=0.05)
        await worker.start()
        messages = await store.wait_for(1, timeout=10)
        await asyncio.sleep(0.7)  # longer than a lease: nothing else comes back
        await worker.stop()
        assert len(store.list()) == 1 and messages[0].subject == "Hello 1"
        stats = await second.stats("t1")
        assert stats["sent"] == 1 and stats["waiting"] == stats["inFlight"] == 0
    finally:
        server.close()
        await client.aclose()


async def test_smtp_outage_keeps_messages_queued_until_smtp_returns(redis_url) -> None:
    client = aioredis.from_url(redis_url)
    port = free_port()  # nothing listens yet: SMTP is down
    queue = RedisQueue(client, max_attempts=20, backoff_base=0.1)
    for n in range(4):
        await queue.enqueue(job(n))
    worker = MailWorker(queue, smtp(port), concurrency=2, poll_seconds=0.05)
    await worker.start()
    await asyncio.sleep(0.5)
    stats = await queue.stats("t1")
    assert stats["sent"] == 0 and stats["retried"] >= 4 and stats["dead"] == 0
    assert stats["waiting"] + stats["delayed"] + stats["inFlight"] == 4
    store = SinkStore()
    server = await start_smtp(store, "127.0.0.1", port)
    try:
        await store.wait_for(4, timeout=15)
        await worker.stop()
        assert sorted(m.subject for m in store.list()) == [f"Hello {n}" for n in range(4)]
        assert (await queue.stats("t1"))["sent"] == 4
    finally:
        server.close()
        await client.aclose()


async def test_retries_back_off_then_dead_letter_and_admin_retry(redis_url) -> None:
    client = aioredis.from_url(redis_url)

    class Failing:
        calls: list[float] = []

        async def send(self, job):
            Failing.calls.append(asyncio.get_running_loop().time())
            raise ConnectionError("SMTP down")

    queue = RedisQueue(client, max_attempts=3, backoff_base=0.2)
    await queue.enqueue(job(7))
    worker = MailWorker(queue, Failing(), concurrency=1, poll_seconds=0.02)
    await worker.start()
    for _ in range(100):
        if (await queue.stats("t1"))["dead"]:
            break
        await asyncio.sleep(0.05)
    await worker.stop()
    gaps = [b - a for a, b in zip(Failing.calls, Failing.calls[1:], strict=False)]
    assert len(Failing.calls) == 3 and gaps[0] >= 0.18 and gaps[1] >= 0.38  # 0.2 s, then 0.4 s
    dead = await queue.dead_letters("t1")
    assert [d.attempts for d in dead] == [3] and "SMTP down" in dead[0].last_error
    assert not await queue.retry_dead("t2", dead[0].id)  # another tenant cannot touch it
    assert await queue.retry_dead("t1", dead[0].id)
    assert (await queue.stats("t1"))["waiting"] == 1
    await client.aclose()


async def test_same_idempotency_key_is_queued_once(redis_url) -> None:
    client = aioredis.from_url(redis_url)
    queue = RedisQueue(client, max_attempts=3, backoff_base=0.0)
    first, second = await queue.enqueue(job(9)), await queue.enqueue(job(9))
    assert first == second and await queue.depth() == 1
    await client.aclose()


class Slow:
    """A provider that takes longer than a lease to answer."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.sent: list[str] = []

    async def send(self, job):
        await asyncio.sleep(self.seconds)
        self.sent.append(job.id)
        return job.id


async def test_a_living_worker_keeps_its_lease_and_a_dead_ones_lapses(redis_url) -> None:
    client = aioredis.from_url(redis_url)
    try:
        queue = RedisQueue(client, max_attempts=3, backoff_base=0.0, lease_seconds=0.6)
        await queue.enqueue(job(1))
        slow = Slow(2.0)
        worker = MailWorker(queue, slow, concurrency=1, poll_seconds=0.1)
        other = MailWorker(RedisQueue(client, max_attempts=3, backoff_base=0.0, lease_seconds=0.6), slow,
                           concurrency=1, poll_seconds=0.1)
        await worker.start()
        await asyncio.sleep(0.2)
        await other.start()  # would take the job if its lease lapsed while the first worker sends
        await asyncio.sleep(2.5)
        await worker.stop()
        await other.stop()
        assert len(slow.sent) == 1 and (await queue.stats("t1"))["sent"] == 1
    finally:
        await client.aclose()


async def test_enqueue_is_idempotent_and_atomic(redis_url) -> None:
    client = aioredis.from_url(redis_url)
    try:
        queue = RedisQueue(client, max_attempts=3, backoff_base=0.0)
        first, again = job(7), job(7)
        assert await queue.enqueue(first) == first.id
        assert await queue.enqueue(again) == first.id  # same key: the first job's id, nothing queued
        assert (await queue.stats("t1"))["waiting"] == 1
        ttl = await client.ttl(f"pulsestage:mail:idem:{first.idempotency_key}")
        assert ttl > 6 * 24 * 3600  # remembered as long as a pulse invite lives
    finally:
        await client.aclose()


async def test_smtp_keeps_one_connection_per_loop_and_reconnects_after_a_restart(redis_url) -> None:
    store = SinkStore()
    server = await start_smtp(store, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    provider = smtp(port)
    client = aioredis.from_url(redis_url)
    try:
        queue = RedisQueue(client, max_attempts=3, backoff_base=0.0)
        worker = MailWorker(queue, provider, concurrency=2, poll_seconds=0.05)
        await queue.enqueue_many([job(n) for n in range(20)])
        await worker.start()
        await store.wait_for(20, timeout=10)
        assert provider.connections <= 2  # one session per worker loop, not one per message
        # the server drops the kept connections (as on a restart or an idle timeout): the next messages
        # notice it and go over fresh ones, without a failed attempt
        for connection, _, _ in provider._idle:
            connection.transport.close()
        await asyncio.sleep(0.05)
        await queue.enqueue_many([job(n) for n in range(20, 24)])
        await store.wait_for(24, timeout=10)
        await worker.stop()
        stats = await queue.stats("t1")
        assert stats["sent"] == 24 and stats["failed"] == 0 and len(store.list()) == 24
        assert 2 < provider.connections <= 4
    finally:
        await provider.close()
        server.close()
        await client.aclose()

"""Invites committed but never queued (a crash between the two) get their e-mail from the scheduler's
re-queue, exactly once; a delivery confirmed but not acknowledged is not sent again."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

from pulsestage import keys
from pulsestage.mail.job import MailJob
from pulsestage.mail.mailer import Mailer
from pulsestage.mail.memory_store import MemoryQueue
from pulsestage.mail.render import Renderer
from pulsestage.mail.worker import MailWorker
from pulsestage.pulse.requeue import requeue_unsent
from pulsestage.pulse.runner import INVITE_KIND, already_delivered, confirm_delivery
from pulsestage.pulse.scheduler import all_tenants, tick
from tests.integration.pulse.helpers import sql
from tests.integration.pulse.test_scheduler import PUBLIC, prepare

MONDAY = dt.datetime(2030, 1, 7, 9, 1, tzinfo=dt.UTC)
WEEK = "2030-01-07"


class DeadQueue(MemoryQueue):
    """A queue that fails every enqueue: the process 'dies' after committing the invites."""

    async def enqueue(self, job: MailJob) -> str:
        raise ConnectionError("killed")


async def _default(pool):
    return next(t for t in await all_tenants(pool) if t.slug == "default")


async def _crashed_run(client, database) -> dict:
    """A scheduled run whose invites are committed but whose e-mails never reached the queue."""
    prepare(database, questions=2)
    pool = client.app[keys.PG_POOL]
    broken = Mailer(pool, DeadQueue(max_attempts=1, backoff_base=0.0), Renderer(PUBLIC))
    result = (await tick(pool, broken, now=MONDAY, ttl_days=7, public_url=PUBLIC))["default"]
    assert result["failed"] == result["invited"] > 0 and result["queued"] == 0
    return result


async def _all_sent(database) -> list[dict]:
    for _ in range(100):
        rows = sql(database, "SELECT status, sent_at FROM pulse_invite WHERE week_start = %s", (WEEK,))
        if all(r["sent_at"] for r in rows):
            break
        await asyncio.sleep(0.05)
    return rows


async def test_unqueued_invites_are_requeued_once_and_delivered(client, database) -> None:
    result = await _crashed_run(client, database)
    pool, mailer, sink = client.app[keys.PG_POOL], client.app[keys.MAILER], client.app[keys.MAIL_SINK]
    tenant = await _default(pool)
    sink.clear()
    # too young for a tick: the run that made them may still be queueing them
    assert await requeue_unsent(pool, mailer, tenant, now=MONDAY, public_url=PUBLIC) is None
    first = await requeue_unsent(pool, mailer, tenant, now=MONDAY, public_url=PUBLIC, min_age=0)
    again = await requeue_unsent(pool, mailer, tenant, now=MONDAY, public_url=PUBLIC, min_age=0)
    assert first["unsent"] == first["queued"] == result["invited"]
    assert again is None or again["failed"] == 0  # queued again under the same key: a no-op
    await sink.wait_for(result["invited"])
    rows = await _all_sent(database)
    assert len(rows) == result["invited"] and all(r["status"] == "SENT" and r["sent_at"] for r in rows)
    await asyncio.sleep(0.3)  # a duplicate would show up now
    messages = sink.list()
    assert len(messages) == result["invited"]
    assert all(n == 1 for n in Counter(m.summary()["to"][0] for m in messages).values())
    # nothing is left to repair
    assert await requeue_unsent(pool, mailer, tenant, now=MONDAY, public_url=PUBLIC, min_age=0) is None


async def test_a_tick_requeues_before_it_runs(client, database) -> None:
    result = await _crashed_run(client, database)
    pool, sink = client.app[keys.PG_POOL], client.app[keys.MAIL_SINK]
    sink.clear()
    ran = await tick(pool, client.app[keys.MAILER], now=MONDAY + dt.timedelta(hours=1), ttl_days=7,
                     public_url=PUBLIC, requeue_after=0)
    assert "default" not in (ran or {})  # the run itself is not repeated
    await sink.wait_for(result["invited"])
    assert len(await _all_sent(database)) == result["invited"]


async def test_expired_and_old_invites_are_left_alone(client, database) -> None:
    await _crashed_run(client, database)
    pool, mailer = client.app[keys.PG_POOL], client.app[keys.MAILER]
    tenant = await _default(pool)
    after_expiry = MONDAY + dt.timedelta(days=8)
    assert await requeue_unsent(pool, mailer, tenant, now=after_expiry, public_url=PUBLIC, min_age=0) is None
    # older than the queue's memory of idempotency keys: re-queueing could send a delivered one twice
    sql(database, "UPDATE pulse_invite SET created_at = created_at - interval '7 days' WHERE week_start = %s", (WEEK,))
    assert await requeue_unsent(pool, mailer, tenant, now=MONDAY, public_url=PUBLIC, min_age=0) is None


class Recording:
    """A provider that records what it was asked to send."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, job: MailJob) -> str:
        self.sent.append(job.idempotency_key)
        return job.idempotency_key


async def test_delivered_but_unacknowledged_invitation_is_not_sent_again(client, database) -> None:
    result = await _crashed_run(client, database)
    pool = client.app[keys.PG_POOL]
    invite = sql(database, "SELECT id, tenant_id FROM pulse_invite WHERE week_start = %s LIMIT 1", (WEEK,))[0]
    job = MailJob(tenant_id=invite["tenant_id"], template="pulse_invitation", to="x@example.com", subject="s",
                  html="h", text="t", idempotency_key=f"pulse-invite:{invite['id']}",
                  meta={"kind": INVITE_KIND, "inviteId": invite["id"]})
    assert not await already_delivered(pool, job)
    queue, provider = MemoryQueue(max_attempts=3, backoff_base=0.0), Recording()
    acked_when_confirmed: list[int] = []

    async def confirm(j: MailJob) -> None:
        acked_when_confirmed.append((await queue.stats())["sent"])
        await confirm_delivery(pool, j)

    async def check(j: MailJob) -> bool:
        return await already_delivered(pool, j)

    worker = MailWorker(queue, provider, concurrency=1, hooks=[confirm], skip_checks=[check], poll_seconds=0.05)
    await worker.deliver(job)
    assert provider.sent == [job.idempotency_key] and acked_when_confirmed == [0]  # recorded before the ack
    assert await already_delivered(pool, job)
    # the same job comes back (its process died before the ack): acknowledged, not sent
    await worker.deliver(job)
    assert provider.sent == [job.idempotency_key]
    assert (await queue.stats())["sent"] == 2 and result["invited"] >= 1

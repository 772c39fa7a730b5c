"""The durable Redis queue store: the reliable-queue pattern with leases.

A worker takes a job with BLMOVE from `ready` to `processing` and records a lease (a deadline)
in `leases`, which it renews every second while the job is in its hands. Acknowledging removes it from `processing`. A job whose lease ran out — its worker
died or its process was killed — is moved back to `ready` by `housekeep`, which every worker runs
at start-up and every second, so nothing taken is ever lost: delivery is at-least-once, and the
job's idempotency key keeps a redelivery from sending twice where the provider honours it.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import orjson

from pulsestage.mail.job import MailJob, backoff_seconds
from pulsestage.mail.queue import IDEMPOTENCY_TTL, LEASE_SECONDS, RECENT

# Due retries → ready; expired leases → ready (front of the line). A job found in `processing`
# without a lease was taken by a worker that died between BLMOVE and ZADD: it gets a lease now.
_HOUSEKEEP = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('LPUSH', KEYS[2], id)
end
local reclaimed = 0
for _, id in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
  local lease = redis.call('ZSCORE', KEYS[4], id)
  if not lease then
    redis.call('ZADD', KEYS[4], tonumber(ARGV[1]) + tonumber(ARGV[2]), id)
  elseif tonumber(lease) < tonumber(ARGV[1]) then
    redis.call('LREM', KEYS[3], 1, id)
    redis.call('ZREM', KEYS[4], id)
    redis.call('RPUSH', KEYS[2], id)
    reclaimed = reclaimed + 1
  end
end
return {#due, reclaimed}
"""


# Queue a job unless its idempotency key is known, in one atomic step: a process dying between
# "remember the key" and "queue the job" would otherwise leave a key that blocks every re-queue.
# KEYS: idem, job, live, ready; ARGV: job id, job JSON, key TTL. Returns the id that holds the key.
_ENQUEUE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[3]) then
  redis.call('SET', KEYS[2], ARGV[2])
  redis.call('SADD', KEYS[3], ARGV[1])
  redis.call('LPUSH', KEYS[4], ARGV[1])
  return ARGV[1]
end
return redis.call('GET', KEYS[1])
"""


# Take the next job without blocking: move its id to `processing`, lease it and load it, in one round
# trip (while work is waiting this is every take). The job's key is built from its id inside the
# script, so it is not declared in KEYS: fine on one Redis, which is what PulseStage runs on.
# KEYS: ready, processing, leases; ARGV: lease deadline, job key prefix. Returns {id, job JSON or false}.
_TAKE = """
local id = redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')
if not id then return false end
redis.call('ZADD', KEYS[3], ARGV[1], id)
return {id, redis.call('GET', ARGV[2] .. id)}
"""


class RedisQueue:
    """Jobs as JSON strings; ids in lists and sorted sets; counters and dead letters per tenant."""

    kind = "redis"

    def __init__(self, redis, *, max_attempts: int, backoff_base: float, lease_seconds: float = LEASE_SECONDS,
                 prefix: str = "pulsestage:mail") -> None:
        self.redis = redis
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.lease_seconds = lease_seconds
        self.p = prefix
        self._housekeep = redis.register_script(_HOUSEKEEP)
        self._enqueue = redis.register_script(_ENQUEUE)
        self._take = redis.register_script(_TAKE)

    def _k(self, *parts: str) -> str:
        return ":".join((self.p, *parts))

    async def enqueue(self, job: MailJob) -> str:
        """Queue a job unless its idempotency key was queued before (then return the first id)."""
        [job_id] = await self.enqueue_many([job])
        return job_id

    async def enqueue_many(self, jobs: list[MailJob]) -> list[str]:
        """The same script for every job, pipelined: one round trip for the batch."""
        if not jobs:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for job in jobs:
                keys = [self._k("idem", job.idempotency_key), self._k("job", job.id),
                        self._k("live", job.tenant_id), self._k("ready")]
                await self._enqueue(keys=keys, args=[job.id, job.dumps(), IDEMPOTENCY_TTL], client=pipe)
            return [_text(value) for value in await pipe.execute()]

    async def take(self, timeout: float) -> MailJob | None:
        """Move the next id to `processing`, lease it, load it; wait up to `timeout` for one (BLMOVE)."""
        taken = await self._take(keys=[self._k("ready"), self._k("processing"), self._k("leases")],
                                 args=[time.time() + self.lease_seconds, self._k("job", "")])
        if taken:
            job_id, raw = _text(taken[0]), taken[1] or None
        else:
            raw_id = await self.redis.blmove(self._k("ready"), self._k("processing"), timeout, "RIGHT", "LEFT")
            if raw_id is None:
                return None
            job_id = raw_id.decode()
            await self.redis.zadd(self._k("leases"), {job_id: time.time() + self.lease_seconds})
            raw = await self.redis.get(self._k("job", job_id))
        if raw is None:  # finished meanwhile by a worker whose lease had run out
            await self._release(job_id)
            return None
        return MailJob.loads(raw)

    async def ack(self, job: MailJob) -> None:
        """Forget the job, count it sent, remember its summary."""
        job.finished_at = time.time()
        async with self.redis.pipeline(transaction=True) as pipe:
            self._unlease(pipe, job.id)
            pipe.delete(self._k("job", job.id))
            pipe.srem(self._k("live", job.tenant_id), job.id)
            self._count(pipe, job.tenant_id, "sent")
            pipe.lpush(self._k("recent", job.tenant_id), orjson.dumps(job.summary()))
            pipe.ltrim(self._k("recent", job.tenant_id), 0, RECENT - 1)
            await pipe.execute()

    async def fail(self, job: MailJob, error: str, *, permanent: bool = False) -> str:
        """Delay a retry by back-off, or dead-letter the job after its last attempt."""
        job.attempts += 1
        job.last_error = error[:500]
        dead = permanent or job.attempts >= self.max_attempts
        async with self.redis.pipeline(transaction=True) as pipe:
            self._unlease(pipe, job.id)
            if dead:
                job.finished_at = time.time()
                pipe.srem(self._k("live", job.tenant_id), job.id)
                pipe.lpush(self._k("dead", job.tenant_id), job.id)
                self._count(pipe, job.tenant_id, "failed")
            else:
                due = time.time() + backoff_seconds(self.backoff_base, job.attempts)
                pipe.zadd(self._k("delayed"), {job.id: due})
                self._count(pipe, job.tenant_id, "retried")
            pipe.set(self._k("job", job.id), job.dumps())
            await pipe.execute()
        return "dead" if dead else "retry"

    async def housekeep(self) -> None:
        """Promote due retries and reclaim jobs whose lease expired."""
        await self._housekeep(
            keys=[self._k("delayed"), self._k("ready"), self._k("processing"), self._k("leases")],
            args=[time.time(), self.lease_seconds],
        )

    async def renew(self, job_ids: list[str]) -> None:
        """Push the leases of these in-flight jobs forward (only those still leased: XX)."""
        if job_ids:
            deadline = time.time() + self.lease_seconds
            await self.redis.zadd(self._k("leases"), dict.fromkeys(job_ids, deadline), xx=True)

    async def depth(self, tenant_id: str | None = None) -> int:
        """Ready plus delayed jobs."""
        stats = await self.stats(tenant_id)
        return stats["waiting"] + stats["delayed"]

    async def stats(self, tenant_id: str | None = None) -> dict[str, int]:
        """Counts for one tenant (from its live set) or for the whole queue."""
        r = self.redis
        if tenant_id is None:
            counts = await r.hgetall(self._k("stats"))
            waiting, delayed, in_flight = await _all(r.llen(self._k("ready")), r.zcard(self._k("delayed")),
                                                     r.llen(self._k("processing")))
            dead = 0
        else:
            counts = await r.hgetall(self._k("stats", tenant_id))
            live = {m.decode() for m in await r.smembers(self._k("live", tenant_id))}
            processing = {m.decode() for m in await r.lrange(self._k("processing"), 0, -1)}
            ids = sorted(live - processing)
            scores = await r.zmscore(self._k("delayed"), ids) if ids else []
            delayed = sum(1 for s in scores if s is not None)
            in_flight = len(live & processing)
            waiting = len(ids) - delayed
            dead = await r.llen(self._k("dead", tenant_id))
        numbers = {k.decode(): int(v) for k, v in counts.items()}
        return {"waiting": waiting, "delayed": delayed, "inFlight": in_flight, "dead": dead,
                **{name: numbers.get(name, 0) for name in ("sent", "retried", "failed")}}

    async def dead_letters(self, tenant_id: str, limit: int = 50) -> list[MailJob]:
        """Newest first."""
        ids = await self.redis.lrange(self._k("dead", tenant_id), 0, limit - 1)
        if not ids:
            return []
        raws = await self.redis.mget([self._k("job", i.decode()) for i in ids])
        return [MailJob.loads(raw) for raw in raws if raw is not None]

    async def recent(self, tenant_id: str) -> list[dict[str, Any]]:
        """Recently sent, newest first."""
        return [orjson.loads(raw) for raw in await self.redis.lrange(self._k("recent", tenant_id), 0, -1)]

    async def retry_dead(self, tenant_id: str, job_id: str) -> bool:
        """Requeue one dead letter with fresh attempts."""
        if not await self.redis.lrem(self._k("dead", tenant_id), 1, job_id):
            return False
        raw = await self.redis.get(self._k("job", job_id))
        if raw is None:
            return False
        job = MailJob.loads(raw)
        job.attempts, job.finished_at = 0, None
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(self._k("job", job.id), job.dumps())
            pipe.sadd(self._k("live", tenant_id), job.id)
            pipe.lpush(self._k("ready"), job.id)
            await pipe.execute()
        return True

    async def discard_dead(self, tenant_id: str, job_id: str) -> bool:
        """Delete one dead letter."""
        if not await self.redis.lrem(self._k("dead", tenant_id), 1, job_id):
            return False
        await self.redis.delete(self._k("job", job_id))
        return True

    def _unlease(self, pipe, job_id: str) -> None:
        pipe.lrem(self._k("processing"), 1, job_id)
        pipe.zrem(self._k("leases"), job_id)

    async def _release(self, job_id: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            self._unlease(pipe, job_id)
            await pipe.execute()

    def _count(self, pipe, tenant_id: str, name: str) -> None:
        pipe.hincrby(self._k("stats", tenant_id), name, 1)
        pipe.hincrby(self._k("stats"), name, 1)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


async def _all(*aws):
    return await asyncio.gather(*aws)

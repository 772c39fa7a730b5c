"""The e-mail queue: one interface, two stores (memory for dev without Redis, Redis otherwise).

Life of a job: enqueue → ready → taken by a worker (in flight, under a lease) → acknowledged after
the provider accepted it, or failed: retried after an exponential back-off (delayed) until
`max_attempts`, then moved to the tenant's dead letters, from where an admin may retry it.
"""

from __future__ import annotations

from typing import Any, Protocol

from pulsestage.mail.job import MailJob

RECENT = 20  # finished jobs remembered per tenant for the admin page
IDEMPOTENCY_TTL = 7 * 24 * 3600  # an idempotency key is remembered this long (a pulse invite's life)
# A worker renews the leases of the jobs in its hands every second, so a short lease is safe and a
# dead process's jobs come back within this many seconds.
LEASE_SECONDS = 15.0


class MailQueue(Protocol):
    """What the worker, the mailer and the admin page need from a store."""

    kind: str
    max_attempts: int

    async def enqueue(self, job: MailJob) -> str:
        """Queue a job; a job with an idempotency key seen before is not queued twice (old id returned)."""

    async def enqueue_many(self, jobs: list[MailJob]) -> list[str]:
        """`enqueue` for each job in one go (one round trip per batch); the ids, in order."""

    async def take(self, timeout: float) -> MailJob | None:
        """The next ready job, now in flight under a lease; None after `timeout` seconds."""

    async def ack(self, job: MailJob) -> None:
        """The provider accepted the job: forget it and count it as sent."""

    async def fail(self, job: MailJob, error: str, *, permanent: bool = False) -> str:
        """Record a failed attempt: 'retry' (delayed by back-off) or 'dead' (dead-lettered)."""

    async def housekeep(self) -> None:
        """Move due retries to ready and reclaim jobs whose lease ran out (their worker died)."""

    async def renew(self, job_ids: list[str]) -> None:
        """Extend the leases of jobs still in a living worker's hands."""

    async def depth(self, tenant_id: str | None = None) -> int:
        """Jobs waiting to be sent (ready or delayed), for one tenant or all."""

    async def stats(self, tenant_id: str | None = None) -> dict[str, int]:
        """Counts: waiting, delayed, inFlight, sent, retried, failed (dead-lettered), dead (now)."""

    async def dead_letters(self, tenant_id: str, limit: int = 50) -> list[MailJob]:
        """The tenant's dead letters, newest first."""

    async def recent(self, tenant_id: str) -> list[dict[str, Any]]:
        """Summaries of the tenant's most recently sent jobs."""

    async def retry_dead(self, tenant_id: str, job_id: str) -> bool:
        """Put one of the tenant's dead letters back in the queue with fresh attempts."""

    async def discard_dead(self, tenant_id: str, job_id: str) -> bool:
        """Delete one of the tenant's dead letters."""


def make_queue(redis, *, max_attempts: int, backoff_base: float, lease_seconds: float = LEASE_SECONDS) -> MailQueue:
    """The Redis store when a Redis client is configured, else the in-memory store."""
    if redis is not None:
        from pulsestage.mail.redis_store import RedisQueue

        return RedisQueue(redis, max_attempts=max_attempts, backoff_base=backoff_base,
                          lease_seconds=lease_seconds)
    from pulsestage.mail.memory_store import MemoryQueue

    return MemoryQueue(max_attempts=max_attempts, backoff_base=backoff_base)

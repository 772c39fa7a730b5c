"""The in-memory queue store (dev without Redis): same semantics as Redis, lost on restart."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from typing import Any

from pulsestage.mail.job import MailJob, backoff_seconds
from pulsestage.mail.queue import RECENT

_COUNTERS = ("sent", "retried", "failed")


class MemoryQueue:
    """Ready deque, delayed map, in-flight map and per-tenant dead letters, all in this process."""

    kind = "memory"

    def __init__(self, *, max_attempts: int, backoff_base: float) -> None:
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self._ready: deque[MailJob] = deque()
        self._delayed: dict[str, tuple[float, MailJob]] = {}
        self._in_flight: dict[str, MailJob] = {}
        self._dead: dict[str, list[MailJob]] = defaultdict(list)
        self._recent: dict[str, deque[dict]] = defaultdict(lambda: deque(maxlen=RECENT))
        self._counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_COUNTERS, 0))
        self._idempotency: dict[str, str] = {}
        self._wake = asyncio.Event()

    async def enqueue(self, job: MailJob) -> str:
        """Queue a job unless its idempotency key was queued before."""
        seen = self._idempotency.setdefault(job.idempotency_key, job.id)
        if seen != job.id:
            return seen
        self._ready.append(job)
        self._wake.set()
        return job.id

    async def enqueue_many(self, jobs: list[MailJob]) -> list[str]:
        """Queue each job unless its idempotency key was queued before."""
        return [await self.enqueue(job) for job in jobs]

    async def take(self, timeout: float) -> MailJob | None:
        """The next ready job, or None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not self._ready:
            self._wake.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                await asyncio.wait_for(self._wake.wait(), remaining)
            except TimeoutError:
                return None
        job = self._ready.popleft()
        self._in_flight[job.id] = job
        return job

    async def ack(self, job: MailJob) -> None:
        """Count the job as sent."""
        self._in_flight.pop(job.id, None)
        job.finished_at = time.time()
        self._count(job.tenant_id, "sent")
        self._recent[job.tenant_id].appendleft(job.summary())

    async def fail(self, job: MailJob, error: str, *, permanent: bool = False) -> str:
        """Delay a retry, or dead-letter the job after its last attempt."""
        self._in_flight.pop(job.id, None)
        job.attempts += 1
        job.last_error = error[:500]
        if permanent or job.attempts >= self.max_attempts:
            job.finished_at = time.time()
            self._dead[job.tenant_id].insert(0, job)
            self._count(job.tenant_id, "failed")
            return "dead"
        due = time.time() + backoff_seconds(self.backoff_base, job.attempts)
        self._delayed[job.id] = (due, job)
        self._count(job.tenant_id, "retried")
        return "retry"

    async def housekeep(self) -> None:
        """Move due retries to the ready queue (in-flight jobs cannot outlive this process)."""
        now = time.time()
        for job_id, (due, job) in list(self._delayed.items()):
            if due <= now:
                del self._delayed[job_id]
                self._ready.append(job)
                self._wake.set()

    async def renew(self, job_ids: list[str]) -> None:
        """Nothing to do: in-flight jobs cannot outlive this process."""

    async def depth(self, tenant_id: str | None = None) -> int:
        """Ready plus delayed jobs."""
        jobs = list(self._ready) + [job for _, job in self._delayed.values()]
        return sum(1 for job in jobs if tenant_id is None or job.tenant_id == tenant_id)

    async def stats(self, tenant_id: str | None = None) -> dict[str, int]:
        """Counts for one tenant or all."""
        def mine(job: MailJob) -> bool:
            return tenant_id is None or job.tenant_id == tenant_id

        tenants = [tenant_id] if tenant_id else list(self._counts)
        totals = {name: sum(self._counts[t][name] for t in tenants if t in self._counts) for name in _COUNTERS}
        return {
            "waiting": sum(1 for job in self._ready if mine(job)),
            "delayed": sum(1 for _, job in self._delayed.values() if mine(job)),
            "inFlight": sum(1 for job in self._in_flight.values() if mine(job)),
            "dead": sum(len(jobs) for t, jobs in self._dead.items() if tenant_id is None or t == tenant_id),
            **totals,
        }

    async def dead_letters(self, tenant_id: str, limit: int = 50) -> list[MailJob]:
        """Newest first."""
        return list(self._dead.get(tenant_id, [])[:limit])

    async def recent(self, tenant_id: str) -> list[dict[str, Any]]:
        """Recently sent, newest first."""
        return list(self._recent.get(tenant_id, []))

    async def retry_dead(self, tenant_id: str, job_id: str) -> bool:
        """Requeue a dead letter with fresh attempts."""
        job = self._pop_dead(tenant_id, job_id)
        if job is None:
            return False
        job.attempts, job.finished_at = 0, None
        self._ready.append(job)
        self._wake.set()
        return True

    async def discard_dead(self, tenant_id: str, job_id: str) -> bool:
        """Drop a dead letter."""
        return self._pop_dead(tenant_id, job_id) is not None

    def _pop_dead(self, tenant_id: str, job_id: str) -> MailJob | None:
        jobs = self._dead.get(tenant_id, [])
        for i, job in enumerate(jobs):
            if job.id == job_id:
                return jobs.pop(i)
        return None

    def _count(self, tenant_id: str, name: str) -> None:
        self._counts[tenant_id][name] += 1

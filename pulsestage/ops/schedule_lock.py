"""Named background jobs run by one instance at a time: a PostgreSQL advisory lock keyed by the job's name.

Several PulseStage processes may share a database; each runs the same schedulers, and whichever
takes the lock for a job name does the work while the others skip quietly. The lock is a
session-level `pg_try_advisory_lock` on one pooled connection held for the job's duration, so a
crashed process releases it with its connection.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

log = logging.getLogger("pulsestage.jobs")
T = TypeVar("T")


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a job name (the same in every process and release)."""
    return int.from_bytes(hashlib.sha256(f"pulsestage:job:{name}".encode()).digest()[:8], "big", signed=True)


@asynccontextmanager
async def job_lock(pool, name: str) -> AsyncIterator[bool]:
    """Yield True while this process holds the lock for `name`, False if another instance holds it."""
    key = lock_key(name)
    conn = await pool.acquire()
    try:
        async with conn.cursor() as cur:
            await cur.execute("SELECT pg_try_advisory_lock(%s)", (key,))
            held = bool((await cur.fetchone())[0])
            try:
                yield held
            finally:
                if held:
                    await cur.execute("SELECT pg_advisory_unlock(%s)", (key,))
    finally:
        await pool.release(conn)


async def run_exclusive(pool, name: str, job: Callable[[], Awaitable[T]]) -> T | None:
    """Run `job` under the lock for `name`, logging start, finish and duration; None when skipped."""
    async with job_lock(pool, name) as held:
        if not held:
            log.debug("job skipped: another instance holds its lock", extra={"job": name})
            return None
        started = time.perf_counter()
        log.info("job started", extra={"job": name})
        try:
            result = await job()
        except Exception:
            log.exception("job failed", extra={"job": name, "ms": _ms(started)})
            raise
        log.info("job finished", extra={"job": name, "ms": _ms(started)})
        return result


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)

"""The in-process pulse scheduler: every tick, one instance (advisory lock) re-queues invitations a
crash left unqueued (pulse/requeue.py), runs every tenant's due pulse and sends the reminders that
are due (pulse/reminders.py)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from pulsestage import keys
from pulsestage.db.tenancy import Tenant, global_tx
from pulsestage.ops.schedule_lock import run_exclusive
from pulsestage.pulse.reminders import send_reminders
from pulsestage.pulse.requeue import REQUEUE_AFTER, requeue_unsent
from pulsestage.pulse.runner import RunOptions, run_pulse

log = logging.getLogger("pulsestage.pulse")
JOB_NAME = "pulse-scheduler"
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The real clock."""
    return dt.datetime.now(dt.UTC)


async def all_tenants(pool) -> list[Tenant]:
    """Every tenant (the registry has no row-level security)."""
    async with global_tx(pool) as cur:
        await cur.execute("SELECT id, slug, name FROM tenant ORDER BY slug")
        return [Tenant(r["id"], r["slug"], r["name"]) for r in await cur.fetchall()]


async def tick(pool, mailer, *, now: dt.datetime, ttl_days: int, public_url: str,
               requeue_after: float = REQUEUE_AFTER) -> dict[str, dict] | None:
    """One scheduler pass under the job lock; {tenant slug: run result} for tenants that ran, None if skipped.

    Unqueued invitations older than `requeue_after` seconds are queued first (before the run, so
    the run's own fresh invites are left to it); reminders after the run, so a fresh invitation is
    never reminded.
    """

    async def job() -> dict[str, dict]:
        results = {}
        for tenant in await all_tenants(pool):
            try:
                await requeue_unsent(pool, mailer, tenant, now=now, public_url=public_url, min_age=requeue_after)
            except Exception:
                log.exception("pulse invitations could not be re-queued", extra={"tenant": tenant.slug})
            try:
                result = await run_pulse(pool, mailer, tenant, RunOptions(now=now, ttl_days=ttl_days,
                                                                          public_url=public_url))
            except Exception:
                log.exception("pulse run failed", extra={"tenant": tenant.slug})
                result = None
            if result is not None:
                results[tenant.slug] = result
            try:
                await send_reminders(pool, mailer, tenant, now=now, public_url=public_url)
            except Exception:
                log.exception("pulse reminders failed", extra={"tenant": tenant.slug})
        return results

    return await run_exclusive(pool, JOB_NAME, job)


async def pulse_scheduler_context(app: web.Application) -> AsyncIterator[None]:
    """Tick every pulse.tick_seconds when pulse.scheduler_enabled; at shutdown, finish the tick in progress.

    The first tick, at start-up, re-queues every unqueued invitation whatever its age: whatever a
    previous process left half-done is repaired now (an e-mail another instance is queueing at the
    same moment keeps its one job, thanks to the shared idempotency key).

    A run commits its invites before it queues their e-mails, and marks the schedule as run: cancelling
    it in between would leave invites that never get an e-mail. So shutdown stops the loop between
    ticks and waits for a running tick (up to server.shutdown_timeout_seconds) before cancelling it.
    """
    config = app[keys.CONFIG]
    if not config.pulse.scheduler_enabled:
        yield
        return
    stopping = asyncio.Event()

    async def loop() -> None:
        requeue_after = 0.0
        while not stopping.is_set():
            try:
                await tick(app[keys.PG_POOL], app[keys.MAILER], now=utc_now(), ttl_days=config.pulse.invite_ttl_days,
                           public_url=config.server.public_url, requeue_after=requeue_after)
                requeue_after = REQUEUE_AFTER
            except Exception:
                log.exception("pulse scheduler tick failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), config.pulse.tick_seconds)

    task = asyncio.create_task(loop(), name="pulse-scheduler")
    try:
        yield
    finally:
        stopping.set()
        _, pending = await asyncio.wait({task}, timeout=config.server.shutdown_timeout_seconds)
        if pending:
            log.warning("pulse scheduler tick still running at the shutdown timeout; cancelled")
            task.cancel()
        await asyncio.gather(task, return_exceptions=True)

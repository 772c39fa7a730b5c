"""The e-mail worker: N loops inside the server that take, send, and acknowledge after the provider accepted.

On stop each loop finishes the message in hand and leaves the rest queued (the Redis store keeps
them; a message taken but never acknowledged comes back when its lease runs out).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from pulsestage import jsonlog
from pulsestage.mail.job import MailJob, PermanentFailure
from pulsestage.mail.queue import MailQueue

log = logging.getLogger("pulsestage.mail")
SentHook = Callable[[MailJob], Awaitable[None]]


class MailWorker:
    """Delivers jobs from `queue` through `provider` with `concurrency` loops plus a housekeeper."""

    def __init__(self, queue: MailQueue, provider, *, concurrency: int, hooks: list[SentHook] | None = None,
                 poll_seconds: float = 1.0) -> None:
        self.queue = queue
        self.provider = provider
        self.concurrency = concurrency
        self.hooks = hooks if hooks is not None else []
        self.poll = poll_seconds
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    async def start(self) -> None:
        """Reclaim what a previous process left in flight, then start the loops."""
        self._stopping.clear()
        try:
            await self.queue.housekeep()
        except Exception:
            log.exception("mail queue housekeeping failed at start-up")
        self._tasks = [asyncio.create_task(self._run(i), name=f"mail-worker-{i}") for i in range(self.concurrency)]
        self._tasks.append(asyncio.create_task(self._housekeeper(), name="mail-housekeeper"))

    async def stop(self, timeout: float = 30.0) -> None:
        """Let each loop finish its message in hand; cancel whatever is still running after `timeout`."""
        self._stopping.set()
        if not self._tasks:
            return
        _, pending = await asyncio.wait(self._tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        self._tasks = []

    async def _run(self, index: int) -> None:
        while not self._stopping.is_set():
            try:
                job = await self.queue.take(self.poll)
            except Exception:
                log.exception("mail queue unavailable; retrying in a moment")
                await self._pause(self.poll)
                continue
            if job is not None:
                try:
                    await self.deliver(job)
                except Exception:
                    # the queue failed while recording the outcome; the lease brings the job back
                    log.exception("mail queue unavailable while finishing a job")

    async def deliver(self, job: MailJob) -> None:
        """Send one job; acknowledge on success, record the failure otherwise."""
        token = jsonlog.JOB_ID.set(job.id)
        try:
            try:
                await self.provider.send(job)
            except PermanentFailure as exc:
                await self.queue.fail(job, str(exc), permanent=True)
                log.warning("e-mail refused for good; dead-lettered", extra={"template": job.template, "error": str(exc)})
                return
            except Exception as exc:
                outcome = await self.queue.fail(job, f"{type(exc).__name__}: {exc}")
                log.warning("e-mail delivery failed", extra={"template": job.template, "outcome": outcome,
                                                             "attempts": job.attempts, "error": str(exc)})
                return
            await self.queue.ack(job)
            log.info("e-mail sent", extra={"template": job.template, "attempts": job.attempts + 1})
            for hook in self.hooks:
                try:
                    await hook(job)
                except Exception:
                    log.exception("after-send hook failed", extra={"template": job.template})
        finally:
            jsonlog.JOB_ID.reset(token)

    async def _housekeeper(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.queue.housekeep()
            except Exception:
                log.exception("mail queue housekeeping failed")
            await self._pause(self.poll)

    async def _pause(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), seconds)
        except TimeoutError:
            pass

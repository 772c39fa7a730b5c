"""The e-mail worker: N loops inside the server that take, send, and acknowledge after the provider accepted.

On stop each loop finishes the message in hand and leaves the rest queued (the Redis store keeps
them; a message taken but never acknowledged comes back when its lease runs out).

Around each delivery the areas' checks and hooks run: a skip check may say the job was already
delivered (then it is acknowledged without sending), and the after-send hooks record the delivery
*before* the acknowledgement — so a job whose process died after recording but before the ack is
recognised by its skip check when it comes back, and not sent twice.
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
SkipCheck = Callable[[MailJob], Awaitable[bool]]  # True: already delivered, do not send


class MailWorker:
    """Delivers jobs from `queue` through `provider` with `concurrency` loops plus a housekeeper."""

    def __init__(self, queue: MailQueue, provider, *, concurrency: int, hooks: list[SentHook] | None = None,
                 skip_checks: list[SkipCheck] | None = None, poll_seconds: float = 1.0) -> None:
        self.queue = queue
        self.provider = provider
        self.concurrency = concurrency
        self.hooks = hooks if hooks is not None else []
        self.skip_checks = skip_checks if skip_checks is not None else []
        self.poll = poll_seconds
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._in_hand: set[str] = set()  # ids of jobs being delivered: their leases are renewed

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
                self._in_hand.add(job.id)
                try:
                    await self.deliver(job)
                except Exception:
                    # the queue failed while recording the outcome; the lease brings the job back
                    log.exception("mail queue unavailable while finishing a job")
                finally:
                    self._in_hand.discard(job.id)

    async def deliver(self, job: MailJob) -> None:
        """Send one job (unless already delivered); run the hooks, then acknowledge; record failures."""
        token = jsonlog.JOB_ID.set(job.id)
        try:
            if await self._already_delivered(job):
                await self.queue.ack(job)
                log.info("e-mail already delivered; not sent again", extra={"template": job.template})
                return
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
            for hook in self.hooks:  # before the ack: see the module docstring
                try:
                    await hook(job)
                except Exception:
                    log.exception("after-send hook failed", extra={"template": job.template})
            await self.queue.ack(job)
            log.info("e-mail sent", extra={"template": job.template, "attempts": job.attempts + 1})
        finally:
            jsonlog.JOB_ID.reset(token)

    async def _already_delivered(self, job: MailJob) -> bool:
        for check in self.skip_checks:
            try:
                if await check(job):
                    return True
            except Exception:  # cannot tell: send (at-least-once rather than never)
                log.exception("delivery check failed; sending", extra={"template": job.template})
        return False

    async def _housekeeper(self) -> None:
        # Runs until the loops have finished their messages in hand: their leases must not lapse.
        while not self._stopping.is_set() or self._in_hand:
            try:
                await self.queue.renew(list(self._in_hand))
                await self.queue.housekeep()
            except Exception:
                log.exception("mail queue housekeeping failed")
            if self._stopping.is_set():
                await asyncio.sleep(self.poll)
            else:
                await self._pause(self.poll)

    async def _pause(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), seconds)
        except TimeoutError:
            pass

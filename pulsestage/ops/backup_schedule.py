"""The optional in-process backup schedule: nightly data, weekly roles, monthly restore test.

Every instance runs the loop; each job takes its advisory lock (ops/schedule_lock.py), so only one
instance works on it at a time, and a job whose slot is already done is skipped: a data or roles
file newer than the slot in the backup folder, or a marker in Redis (for instances that do not
share a folder, and for the verify job, which writes no file).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from psycopg2.extensions import make_dsn

from pulsestage import keys
from pulsestage.config import Config
from pulsestage.ops import backup, verify
from pulsestage.ops.jobs import job_run
from pulsestage.ops.schedule_lock import job_lock

log = logging.getLogger("pulsestage.backup")
TICK_SECONDS = 60
MARKER_TTL = 40 * 86400
RETRY_AFTER_FAILURE = 900  # seconds before a failed slot is tried again


@dataclass(frozen=True, slots=True)
class Slot:
    """One scheduled run: which job and the moment it became due."""

    kind: str  # data | roles | verify
    due: dt.datetime

    @property
    def marker(self) -> str:
        """The Redis key recording that this slot ran."""
        return f"pulsestage:backup:{self.kind}:{self.due:%Y%m%dT%H%M}"


def due_slots(config: Config, now: dt.datetime) -> list[Slot]:
    """Slots due by `now` (local time of the server): today's nightly, weekly roles, monthly verify."""
    hour, minute = (int(x) for x in config.backup.nightly_time.split(":"))
    slot = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if now < slot:
        return []
    slots = [Slot("data", slot)]
    if (slot.weekday() + 1) % 7 == config.backup.weekly_roles_day:  # config counts from Sunday = 0
        slots.append(Slot("roles", slot))
    if slot.day == 1:
        slots.append(Slot("verify", slot))
    return slots


class BackupScheduler:
    """Runs due slots once, under the job lock; knows nothing about HTTP."""

    def __init__(self, config: Config, pool, dsn: str, redis=None, metrics=None,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.config = config
        self.pool = pool
        self.dsn = dsn
        self.redis = redis
        self.metrics = metrics
        self.clock = clock or (lambda: dt.datetime.now().astimezone())
        self.folder = Path(config.backup_dir)
        self._done: set[str] = set()
        self._failed: dict[str, float] = {}

    async def tick(self) -> list[str]:
        """Run every due slot not yet done; returns the kinds this call ran."""
        ran = []
        for slot in due_slots(self.config, self.clock()):
            if self._failed.get(slot.marker, 0) > time.monotonic() or await self._is_done(slot):
                continue
            async with job_lock(self.pool, f"backup-{slot.kind}") as held:
                if not held or await self._is_done(slot):  # another instance has it, or just did it
                    continue
                try:
                    async with job_run(f"backup-{slot.kind}", self.metrics):
                        await asyncio.to_thread(self._run, slot.kind)
                except Exception:
                    self._failed[slot.marker] = time.monotonic() + RETRY_AFTER_FAILURE
                    continue  # job_run logged it with the job id
                await self._mark(slot)
                ran.append(slot.kind)
        return ran

    def _run(self, kind: str) -> None:
        if kind == "data":
            made = backup.backup_data(self.dsn, self.folder, now=self.clock())
            for path in backup.prune(self.folder, self.config.backup.retention_days):
                log.info("backup pruned", extra={"file": path.name})
            log.info("backup written", extra={"file": made.path.name})
        elif kind == "roles":
            made, _ = backup.backup_roles(self.dsn, self.folder, now=self.clock())
            log.info("roles backup written", extra={"file": made.path.name})
        else:
            report = verify.verify(self.dsn, self.folder)
            level = logging.INFO if report.ok else logging.ERROR
            log.log(level, "backup verify " + ("passed" if report.ok else "FAILED"),
                    extra={"file": report.file.name, "mismatches": [r[0] for r in report.rows if r[1] != r[2]]})
            if not report.ok:
                raise RuntimeError(f"backup verify failed for {report.file.name}")
        if self.metrics is not None:
            self.metrics.backup_last_success.labels(kind).set(time.time())

    async def _is_done(self, slot: Slot) -> bool:
        if slot.marker in self._done:
            return True
        if slot.kind in backup.KINDS:
            latest = backup.newest(self.folder, slot.kind)
            if latest is not None and latest.taken >= slot.due.astimezone(dt.UTC):
                return True
        if self.redis is not None:
            try:
                return bool(await self.redis.exists(slot.marker))
            except Exception:  # Redis down: the folder check and the lock still prevent doubles
                log.warning("backup schedule cannot read its Redis marker")
        return False

    async def _mark(self, slot: Slot) -> None:
        self._done.add(slot.marker)
        if self.redis is not None:
            try:
                await self.redis.set(slot.marker, "1", ex=MARKER_TTL)
            except Exception:
                log.warning("backup schedule cannot write its Redis marker")


def backup_dsn(config: Config, dsn: str) -> str:
    """The DSN backups use: DATABASE_URL, or the embedded server's superuser (reads past RLS)."""
    return dsn if config.database.url else make_dsn(dsn, user="postgres")


async def backup_schedule_context(app: web.Application) -> AsyncIterator[None]:
    """Run the schedule every minute when backup.schedule_enabled; cancel it at shutdown."""
    config = app[keys.CONFIG]
    if not config.backup.schedule_enabled:
        yield
        return
    scheduler = BackupScheduler(config, app[keys.PG_POOL], backup_dsn(config, app[keys.DSN]),
                                app[keys.REDIS], app.get(keys.METRICS))

    async def loop() -> None:
        while True:
            try:
                await scheduler.tick()
            except Exception:
                log.exception("backup schedule tick failed")
            await asyncio.sleep(TICK_SECONDS)

    task = asyncio.create_task(loop(), name="backup-scheduler")
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

"""The in-process backup schedule: which slots are due, and exactly one run per slot across instances."""

from __future__ import annotations

import asyncio
import datetime as dt

import redis.asyncio as aioredis

from pulsestage.db.pool import create_pool
from pulsestage.ops import backup
from pulsestage.ops.backup_schedule import BackupScheduler, due_slots

TZ = dt.timezone(dt.timedelta(hours=2))


def _config(make_config, folder, **env):
    return make_config(BACKUP_DIR=str(folder), **env)


def test_due_slots(make_config, tmp_path):
    config = _config(make_config, tmp_path)  # 02:30, roles on Sunday (0)
    sunday_first = dt.datetime(2026, 3, 1, 3, 0, tzinfo=TZ)  # a Sunday and the 1st
    assert [s.kind for s in due_slots(config, sunday_first)] == ["data", "roles", "verify"]
    assert [s.kind for s in due_slots(config, dt.datetime(2026, 3, 3, 2, 31, tzinfo=TZ))] == ["data"]
    assert due_slots(config, dt.datetime(2026, 3, 3, 2, 29, tzinfo=TZ)) == []


async def test_two_instances_run_each_slot_once(make_config, database, tmp_path, redis_url):
    config = _config(make_config, tmp_path / "shared")
    now = dt.datetime.now().astimezone().replace(hour=23, minute=59)
    clock = lambda: now  # noqa: E731
    pool_a = await create_pool(database, 1, 3)
    pool_b = await create_pool(database, 1, 3)
    try:
        a = BackupScheduler(config, pool_a, database, clock=clock)
        b = BackupScheduler(config, pool_b, database, clock=clock)
        ran = await asyncio.gather(a.tick(), b.tick())
        assert sorted(k for kinds in ran for k in kinds).count("data") == 1
        assert len(backup.list_backups(tmp_path / "shared", "data")) == 1
        assert await a.tick() == [] and await b.tick() == []

        # an instance with its own folder learns from the Redis marker that the slot is done
        client = aioredis.from_url(redis_url)
        first = BackupScheduler(config, pool_a, database, redis=client, clock=clock)
        first.folder = tmp_path / "a"
        await first.tick()
        other = BackupScheduler(config, pool_b, database, redis=client, clock=clock)
        other.folder = tmp_path / "b"
        assert await other.tick() == []
        assert not backup.list_backups(tmp_path / "b")
        await client.aclose()
    finally:
        for pool in (pool_a, pool_b):
            pool.close()
            await pool.wait_closed()

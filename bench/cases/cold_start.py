"""Cold start: `pulsestage serve` to /health/ready on an existing embedded data dir (dev profile).

The first start creates the data dir (initdb, migrations, demo seed) and is not timed; the server
is stopped with SIGTERM and started again STARTS times, each timed from spawn to the first 200 of
/health/ready. The bare floor is measured in the same run: starting the embedded PostgreSQL of the
same data dir on its own, plus starting bench/bare_app.py (Python, aiohttp, aiopg) to ready.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from bench import procs, scratch
from bench.harness import Result, Run

NAME = "coldstart"
TITLE = "Cold start of `pulsestage serve` to /health/ready on an existing embedded data dir"
STARTS = 3


def dev_env(data_dir: Path, port: int) -> dict[str, str]:
    """Dev profile, embedded PostgreSQL, no Redis, sink listeners off (no fixed ports)."""
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("PULSESTAGE_", "DATABASE_", "REDIS_", "SESSION_", "SMTP_", "EMAIL_", "PORT",
                                 "MAIL_SINK", "PUBLIC_URL"))}
    return {**keep, "PULSESTAGE_PROFILE": "dev", "PULSESTAGE_DATA_DIR": str(data_dir), "PORT": str(port),
            "MAIL_SINK_SMTP_PORT": "0", "MAIL_SINK_UI_PORT": "0", "PULSE_ENABLED": "false"}


def timed_start(r: Run, data_dir: Path, label: str) -> float:
    """Spawn serve, wait for ready, stop it; seconds to ready."""
    server = r.stack.add(procs.Server(f"serve-{label}", dev_env(data_dir, procs.free_port()), r.dir))
    try:
        return server.wait_ready(timeout=180)
    finally:
        server.stop()


def run() -> Result:
    """One untimed first start, then STARTS timed starts; then the bare floor."""
    from pulsestage.db.embedded import EmbeddedPostgres

    result = Result(NAME, TITLE)
    with Run(NAME) as r:
        data_dir = r.dir / "data"
        first = timed_start(r, data_dir, "first")
        times = [timed_start(r, data_dir, f"warm-{i}") for i in range(STARTS)]
        pg = EmbeddedPostgres(data_dir)
        began = time.monotonic()
        pg.start_sync()
        pg_s = time.monotonic() - began
        pg.stop_sync()
        db = scratch.seeded("list")
        bare = r.bare(db, {})
        bare_s = time.monotonic() - bare.started
    median = statistics.median(times)
    result.row("spawn → /health/ready (median of 3)", median, "< 3 s", median < 3, bare=pg_s + bare_s, unit="s")
    result.details.update(first_start_s=round(first, 2), starts_s=[round(t, 2) for t in times],
                          bare_embedded_pg_start_s=round(pg_s, 2), bare_app_start_s=round(bare_s, 2))
    result.notes.append("bare = starting the same embedded PostgreSQL alone + starting bench/bare_app.py to ready")
    return result

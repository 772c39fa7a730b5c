"""PostgreSQL restarted under load: readiness follows it, no request hangs, no acknowledged write is lost.

The test runs its own embedded PostgreSQL (so it can stop and start it without touching the
machine's service), a prod-profile server on it, writers that submit questions and readers that
list them, and a prober that polls /health/ready every 100 ms.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import quote

import pytest

from pulsestage.db import migrate
from pulsestage.db.embedded import EmbeddedPostgres
from pulsestage.seed.load import seed
from tests.resilience.conftest import call
from tests.support.databases import with_database

pytestmark = pytest.mark.slow
REQUEST_TIMEOUT = 20.0
DOWN = 6.0
WORKERS = 6


class Load:
    """Writers and readers in threads, recording every outcome."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.url, self.headers = url, headers
        self.stop = threading.Event()
        self.outcomes: list[tuple[float, float, int | str, str | None]] = []  # start, seconds, status, id
        self._lock = threading.Lock()

    def worker(self, n: int) -> None:
        i = 0
        while not self.stop.is_set():
            i += 1
            started = time.monotonic()
            try:
                if n % 2:
                    status, body = call(self.url + "/api/questions", self.headers, "POST",
                                        {"body": f"Restart test question {n}-{i}: are the backups verified?"},
                                        timeout=REQUEST_TIMEOUT)
                else:
                    status, body = call(self.url + "/api/questions?pageSize=10", self.headers, timeout=REQUEST_TIMEOUT)
            except OSError as exc:  # a timeout or a refused connection
                status, body = type(exc).__name__, None
            question_id = body.get("id") if status == 201 and isinstance(body, dict) else None
            with self._lock:
                self.outcomes.append((started, time.monotonic() - started, status, question_id))


def probe(url: str, stop: threading.Event, seen: list[tuple[float, int | None]]) -> None:
    """Poll /health/ready every 100 ms."""
    while not stop.is_set():
        try:
            status = call(url + "/health/ready", timeout=5)[0]
        except OSError:
            status = None
        seen.append((time.monotonic(), status))
        stop.wait(0.1)


@pytest.mark.timeout(150)
def test_postgres_restart_under_load(rig, rig_dir):
    pg = EmbeddedPostgres(rig_dir / "pg")
    pg.start_sync()
    try:
        socket_dir = quote(str(pg.socket_dir), safe="")
        admin_url = f"postgresql://postgres@/postgres?host={socket_dir}&port=5432"
        rig.sql("CREATE DATABASE resilience", database_url=admin_url)
        db_url = with_database(admin_url, "resilience")
        migrate.apply(db_url)
        seed(db_url, reset=True)
        redis = rig.redis()
        server = rig.server(redis.url, 2525, database_url=db_url)
        alice = rig.sign_in(redis.url, "alice", database_url=db_url)

        load = Load(server.url, alice)
        stop_probe, readiness = threading.Event(), []
        threads = [threading.Thread(target=load.worker, args=(n,), daemon=True) for n in range(WORKERS)]
        threads.append(threading.Thread(target=probe, args=(server.url, stop_probe, readiness), daemon=True))
        for t in threads:
            t.start()
        time.sleep(3)
        stopped_at = time.monotonic()
        pg.stop_sync()
        time.sleep(DOWN)
        pg.start_sync()
        back_at = time.monotonic()
        time.sleep(6)
        load.stop.set()
        stop_probe.set()
        for t in threads:
            t.join(timeout=REQUEST_TIMEOUT + 5)
        stored = {r[0] for r in rig.sql("SELECT id FROM question", database_url=db_url)}
    finally:
        rig.close()  # the server first: it holds connections to the embedded server
        pg.stop_sync()

    first_503 = next((t for t, s in readiness if t >= stopped_at and s == 503), None)
    first_200 = next((t for t, s in readiness if t >= back_at and s == 200), None)
    assert first_503 is not None and first_503 - stopped_at <= 5, "readiness did not turn 503 within 5 s"
    assert first_200 is not None and first_200 - back_at <= 5, "readiness did not return to 200 within 5 s"
    hung = [o for o in load.outcomes if not isinstance(o[2], int) or o[1] > REQUEST_TIMEOUT]
    assert not hung, f"{len(hung)} requests hung past {REQUEST_TIMEOUT} s: {hung[:5]}"
    acknowledged = {o[3] for o in load.outcomes if o[3]}
    assert acknowledged, "no write was acknowledged at all"
    lost = acknowledged - stored
    assert not lost, f"{len(lost)} acknowledged questions are missing after the restart"
    crashes = [o for o in load.outcomes if isinstance(o[2], int) and o[2] >= 500 and o[2] != 503]
    assert not crashes, f"{len(crashes)} requests failed with an unexpected error: {sorted({o[2] for o in crashes})}"

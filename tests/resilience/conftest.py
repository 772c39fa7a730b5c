"""Fault tests run real processes: `pulsestage serve` (prod profile), redis-server, an SMTP sink,
and PostgreSQL (the test session's server, or an embedded one a test stops and starts itself).

`rig` gives each test a folder and a process stack that stops everything it started (SIGTERM,
then SIGKILL) even when the test fails. The process helpers are the benchmark suite's
(bench/procs.py), so the two exercise the server the same way.
"""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2
import pytest
import redis as redis_lib

from bench import procs

COOKIE = "pulsestage_session"


class Rig:
    """One test's processes, folder and database."""

    def __init__(self, folder: Path, database_url: str) -> None:
        self.dir = folder
        self.database_url = database_url
        self.stack = procs.Stack(folder)

    def redis(self, port: int | None = None, aof: bool = False) -> procs.Redis:
        """A redis-server of this test (optionally persistent, so a restart keeps the queue)."""
        return self.stack.add(procs.Redis(self.dir, port=port, aof=aof))

    def restart_redis(self, redis: procs.Redis) -> procs.Redis:
        """Start `redis` again on its port and folder (after `redis.stop()`)."""
        return self.stack.add(procs.Redis(self.dir, port=redis.port, aof=redis.aof, folder=redis.dir))

    def sink(self, port: int | None = None, out: Path | None = None) -> procs.Sink:
        """An SMTP sink; a new one on the same port and file continues the count."""
        return self.stack.add(procs.Sink(self.dir, port=port, out=out))

    def server(self, redis_url: str, smtp_port: int, *, name: str = "server", rate_limit: bool = False,
               database_url: str | None = None, extra: dict[str, str] | None = None, wait: bool = True) -> procs.Server:
        """`pulsestage serve` on the prod profile (rate limiting as asked, scheduler off)."""
        config = self.dir / f"{name}.toml"
        config.write_text(f"[rate_limit]\nenabled = {str(rate_limit).lower()}\n\n[pulse]\nscheduler_enabled = false\n")
        env = procs.prod_env(database_url=database_url or self.database_url, redis_url=redis_url,
                             port=procs.free_port(), data_dir=self.dir / name, smtp_port=smtp_port,
                             extra={"PULSESTAGE_CONFIG": str(config), **(extra or {})})
        server = self.stack.add(procs.Server(name, env, self.dir))
        if wait:
            server.wait_ready(timeout=60)
        return server

    def sql(self, statement: str, params: dict | None = None, database_url: str | None = None) -> list[tuple]:
        """Run one statement as the database owner (superuser: no RLS) and fetch its rows."""
        conn = psycopg2.connect(database_url or self.database_url)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(statement, params)
                return cur.fetchall() if cur.description else []
        finally:
            conn.close()

    def sign_in(self, redis_url: str, sso_id: str, tenant: str = "default",
                database_url: str | None = None) -> dict[str, str]:
        """A session for a demo user written into Redis as the server's store writes it; returns headers."""
        user_id, tenant_id = self.sql(
            "SELECT u.id, u.tenant_id FROM app_user u JOIN tenant t ON t.id = u.tenant_id "
            "WHERE t.slug = %(t)s AND u.sso_id = %(s)s", {"t": tenant, "s": sso_id}, database_url)[0]
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = int(time.time())
        data = {"created": now, "session": {"uid": user_id, "tid": tenant_id, "sv": 0, "provider": "github",
                                            "csrf": csrf, "login_at": now}}
        client = redis_lib.Redis.from_url(redis_url)
        client.set(f"{COOKIE}_{token}", json.dumps(data), ex=8 * 3600)
        client.close()
        return {"Cookie": f"{COOKIE}={token}", "X-CSRF-Token": csrf, "Accept": "application/json"}

    def close(self) -> None:
        """Stop every process of the test."""
        self.stack.close()


@pytest.fixture
def rig_dir():
    """A folder the embedded PostgreSQL's service user can enter (pytest's tmp_path is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="pulsestage-resilience-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def rig(database, rig_dir):
    """Processes for one test against a fresh seeded database."""
    r = Rig(rig_dir, database)
    yield r
    r.close()


def everyone_in_one_cohort(rig: Rig, database_url: str | None = None) -> None:
    """Make the next pulse run invite every active person of `default` (no cohorts, nobody invited)."""
    rig.sql("DELETE FROM pulse_cohort", database_url=database_url)
    rig.sql("UPDATE pulse_schedule SET rotating_cohorts = false", database_url=database_url)
    rig.sql("DELETE FROM pulse_invite WHERE week_start >= date_trunc('week', now() AT TIME ZONE 'utc')::date",
            database_url=database_url)


def add_people(rig: Rig, count: int) -> None:
    """`count` extra members of `default` (both teams), for sends big enough to interrupt."""
    rig.sql("""
        INSERT INTO app_user (id, tenant_id, email, name, sso_id, primary_team_id)
        SELECT gen_random_uuid()::text, t.id, format('extra-%%s@resilience.local', i), format('Extra %%s', i),
               format('extra-%%s', i), (SELECT min(id) FROM team WHERE tenant_id = t.id)
        FROM tenant t, generate_series(1, %(n)s) AS i WHERE t.slug = 'default'""", {"n": count})
    rig.sql("""
        INSERT INTO team_membership (id, tenant_id, user_id, team_id, role)
        SELECT gen_random_uuid()::text, u.tenant_id, u.id, u.primary_team_id, 'member'
        FROM app_user u WHERE u.email LIKE 'extra-%%@resilience.local'""")


def invitees(rig: Rig, database_url: str | None = None) -> dict[str, int]:
    """E-mail → number of this week's invites of `default` people."""
    rows = rig.sql("""
        SELECT u.email, count(*) FROM pulse_invite i JOIN app_user u ON u.id = i.user_id
        WHERE i.week_start >= date_trunc('week', now() AT TIME ZONE 'utc')::date GROUP BY u.email""",
                   database_url=database_url)
    return dict(rows)


def mail_counts(sink: procs.Sink) -> dict[str, int]:
    """Recipient → messages the sink accepted (copies of one message included)."""
    counts: dict[str, int] = {}
    for _at, rcpt, _subject, _message_id in sink.lines():
        counts[rcpt] = counts.get(rcpt, 0) + 1
    return counts


def mail_ids(sink: procs.Sink) -> dict[str, set[str]]:
    """Recipient → the distinct Message-IDs the sink accepted (a redelivered copy adds none)."""
    ids: dict[str, set[str]] = {}
    for _at, rcpt, _subject, message_id in sink.lines():
        ids.setdefault(rcpt, set()).add(message_id)
    return ids


def call(url: str, headers: dict[str, str] | None = None, method: str = "GET", body: dict | None = None,
         timeout: float = 30.0) -> tuple[int, object]:
    """One HTTP request; returns (status, parsed JSON or text). Connection failures raise OSError."""
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw, status = response.read(), response.status
    except urllib.error.HTTPError as exc:
        raw, status = exc.read(), exc.code
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def wait_for_mail(sink: procs.Sink, expected: int, timeout: float, stall: float = 15.0) -> int:
    """Wait until the sink holds `expected` messages, or nothing arrived for `stall` seconds."""
    deadline = time.monotonic() + timeout
    seen, changed = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = len(sink.lines())
        if count >= expected:
            return count
        if count != seen:
            seen, changed = count, time.monotonic()
        elif time.monotonic() - changed > stall:
            break
        time.sleep(0.25)
    return len(sink.lines())


def dead_letters(redis_url: str) -> int:
    """E-mails the queue gave up on (all tenants)."""
    client = redis_lib.Redis.from_url(redis_url)
    try:
        return sum(client.llen(key) for key in client.scan_iter("pulsestage:mail:dead:*"))
    finally:
        client.close()


def wait_until(predicate, timeout: float, step: float = 0.25):
    """Poll `predicate` until truthy or `timeout` seconds; returns its last value."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(step)
        value = predicate()
    return value

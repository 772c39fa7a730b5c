"""Two real `pulsestage serve` processes (prod profile) on one PostgreSQL and one Redis: background jobs.

* The pulse scheduler runs a due pulse on exactly one instance: made due while both instances tick
  every second, it creates one invite per selected user, advances the rotation once, and each
  invitation e-mail reaches the SMTP server once.
* SIGTERM drops no e-mail: a pulse sent through instance B is being delivered by both instances when
  B gets SIGTERM while holding messages mid-SMTP; B finishes the messages in hand before it exits,
  A delivers the rest from the shared Redis queue, and every message arrives exactly once.
* SIGTERM in the middle of a scheduled pulse run (invites made, e-mails not yet queued: the schedule
  row is held by the test, then Redis writes are paused for a moment) still gets every invitation
  e-mail out: the instance finishes the run before it exits.

The SMTP server is an aiosmtpd sink in the test's own event loop on 127.0.0.1; it can hold messages
in the middle of DATA (before answering 250) to catch the workers mid-delivery.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
from collections import Counter
from email import policy
from email.parser import BytesParser
from pathlib import Path

import aiohttp
import psycopg2
import pytest
import redis
from aiosmtpd.smtp import SMTP

from tests.ops.test_multi_instance import COOKIE, _sign_in
from tests.support.fake_oauth import FakeOAuth, Person
from tests.support.oauth_flow import query
from tests.support.serve_process import ServeProcess

pytestmark = pytest.mark.slow
MAIL_DOMAIN = "pulsestage.local"  # the default sender's domain: Message-IDs end with it


class SmtpSink:
    """An SMTP server recording the Message-ID of each message it accepted (answered 250).

    While `gate` is clear, messages wait inside DATA, unanswered: the sender is mid-delivery.
    """

    def __init__(self) -> None:
        self.accepted: list[str] = []
        self.holding = 0
        self.delay = 0.0
        self.gate = asyncio.Event()
        self.gate.set()
        self._changed = asyncio.Condition()
        self._server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> int:
        """Listen on a free loopback port; returns it."""
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: SMTP(self, hostname="test-sink", loop=loop),
                                                host="127.0.0.1", port=0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        """Stop listening (and let held messages go so their handlers end)."""
        self.gate.set()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        """Hold while the gate is closed, then accept and record."""
        raw = envelope.original_content or envelope.content or b""
        message_id = BytesParser(policy=policy.default).parsebytes(raw)["Message-ID"]
        await self._bump("holding", 1)
        try:
            await self.gate.wait()
            await asyncio.sleep(self.delay)
        finally:
            await self._bump("holding", -1)
        async with self._changed:
            self.accepted.append(str(message_id).strip())
            self._changed.notify_all()
        return "250 Message accepted"

    async def _bump(self, name: str, by: int) -> None:
        async with self._changed:
            setattr(self, name, getattr(self, name) + by)
            self._changed.notify_all()

    async def wait(self, predicate, timeout: float, what: str) -> None:
        """Wait until predicate(self) holds."""
        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(lambda: predicate(self)), timeout)
        except TimeoutError:
            raise AssertionError(f"SMTP sink: timed out waiting for {what} (accepted {len(self.accepted)}, "
                                 f"holding {self.holding})") from None


def _env(database: str, redis_url: str, tmp_path, smtp_port: int, **extra: str) -> dict[str, str]:
    return {
        "PULSESTAGE_PROFILE": "prod", "DATABASE_URL": database, "REDIS_URL": redis_url,
        "SESSION_SECRET": secrets.token_urlsafe(48), "PUBLIC_URL": "https://pulse.example.test",
        "PULSESTAGE_DATA_DIR": str(tmp_path / "data"), "EMAIL_PROVIDER": "smtp", "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port), "SMTP_SECURITY": "none", "LOG_LEVEL": "INFO", **extra,
    }


def _config(tmp_path, fake: FakeOAuth, pulse: str) -> Path:
    path = tmp_path / "prod.toml"
    # two mail loops per instance: the SIGTERM test catches exactly four messages in hand
    path.write_text(fake.toml() + pulse + "[server]\nshutdown_timeout_seconds = 20\n[mail]\nworker_concurrency = 2\n")
    return path


def _log_lines(*processes: ServeProcess, msg: str) -> list[dict]:
    """JSON log lines with this message from the processes' logs."""
    found = []
    for process in processes:
        for line in process.log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("msg") == msg:
                    found.append({**entry, "instance": process.name})
    return found


def _message_ids(invite_ids) -> set[str]:
    """The Message-IDs of the invitation e-mails for these invites (idempotency key based)."""
    return {f"<pulse-invite-{invite_id}@{MAIL_DOMAIN}>" for invite_id in invite_ids}


def _mail_queue_left(redis_url: str) -> dict[str, int]:
    client = redis.Redis.from_url(redis_url)
    try:
        p = "pulsestage:mail"
        return {"ready": client.llen(f"{p}:ready"), "processing": client.llen(f"{p}:processing"),
                "delayed": client.zcard(f"{p}:delayed"), "leases": client.zcard(f"{p}:leases")}
    finally:
        client.close()


async def _until(check, timeout: float, what: str, every: float = 0.2):
    """Poll `check()` (sync) until it returns something truthy."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = check()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(every)


async def _stop_all(*processes: ServeProcess) -> None:
    await asyncio.gather(*(p.stop() for p in processes), return_exceptions=True)


async def _schedule_for_today(database: str) -> tuple[str, str, dt.date, dict]:
    """Disable every pulse schedule and point the default tenant's at today 00:00 UTC (it is due once enabled).

    Returns (tenant id, the question the next run asks, this ISO week's Monday, the rotation before the run).
    """
    tenant = query(database, "SELECT id FROM tenant WHERE slug = 'default'")[0]["id"]
    query(database, "UPDATE pulse_schedule SET enabled = false")  # so no instance runs it at start-up
    # The demo seed's open invites of this week were never e-mailed; the scheduler's start-up pass
    # would queue them (pulse/requeue.py). Count them as delivered so that only the run sends.
    query(database, "UPDATE pulse_invite SET sent_at = created_at, status = 'SENT' "
                    "WHERE status = 'PENDING' AND sent_at IS NULL")
    now = dt.datetime.now(dt.UTC)
    if now.hour == 23 and now.minute >= 59:  # keep "today" the same day for the whole test
        await asyncio.sleep(61 - now.second)
        now = dt.datetime.now(dt.UTC)
    query(database, "UPDATE pulse_schedule SET day_of_week = %(d)s, time_of_day = '00:00', timezone = 'UTC', "
                    "cadence = 'WEEKLY' WHERE tenant_id = %(t)s",
          {"d": (now.weekday() + 1) % 7, "t": tenant})  # schedule days count from Sunday = 0
    before = query(database, "SELECT next_cohort_index, next_question_index FROM pulse_schedule "
                             "WHERE tenant_id = %(t)s", {"t": tenant})[0]
    questions = query(database, "SELECT id FROM pulse_question WHERE tenant_id = %(t)s AND active "
                                "ORDER BY created_at, id", {"t": tenant})
    question = questions[before["next_question_index"] % len(questions)]["id"]
    return tenant, question, now.date() - dt.timedelta(days=now.weekday()), before


INVITES_SQL = ("SELECT id, user_id, sent_at FROM pulse_invite WHERE tenant_id = %(t)s AND question_id = %(q)s "
               "AND week_start = %(w)s")


async def test_pulse_scheduler_runs_on_exactly_one_instance(database, redis_url, tmp_path):
    tenant, question, week_start, before = await _schedule_for_today(database)
    params = {"t": tenant, "q": question, "w": week_start}
    assert query(database, INVITES_SQL, params) == []

    fake = FakeOAuth()
    sink = SmtpSink()
    await fake.start()
    smtp_port = await sink.start()
    config = _config(tmp_path, fake, "[pulse]\nscheduler_enabled = true\ntick_seconds = 1\n")
    env = _env(database, redis_url, tmp_path, smtp_port)
    a = ServeProcess("A", env, config, tmp_path / "a.log")
    b = ServeProcess("B", env, config, tmp_path / "b.log")
    try:
        await asyncio.gather(a.start(), b.start())
        await asyncio.gather(a.wait_ready(), b.wait_ready())
        await asyncio.sleep(1.5)  # both schedulers are ticking now
        assert _log_lines(a, b, msg="pulse run") == []

        # the schedule becomes due while both instances tick every second
        query(database, "UPDATE pulse_schedule SET enabled = true, last_run_at = NULL WHERE tenant_id = %(t)s",
              {"t": tenant})
        await _until(lambda: query(database, "SELECT 1 FROM pulse_schedule WHERE tenant_id = %(t)s "
                                             "AND last_run_at IS NOT NULL", {"t": tenant}), 10, "the pulse run")
        invites = query(database, INVITES_SQL, params)
        expected = _message_ids(i["id"] for i in invites)
        await sink.wait(lambda s: expected <= set(s.accepted), 15, "every invitation e-mail")
        await asyncio.sleep(3.5)  # three more ticks on each instance: nothing more may happen

        assert a.proc.returncode is None and b.proc.returncode is None, a.tail() + b.tail()
        ticks = Counter(line["instance"] for line in _log_lines(a, b, msg="job started")
                        if line.get("job") == "pulse-scheduler")
        assert ticks["A"] >= 3 and ticks["B"] >= 3, ticks  # both schedulers took the lock turn by turn
        runs = _log_lines(a, b, msg="pulse run")
        assert len(runs) == 1, runs
        assert runs[0]["scheduled"] is True

        # the run's invites: exactly the selected cohort's reachable members, once each
        after = query(database, INVITES_SQL, params)
        assert sorted(i["id"] for i in after) == sorted(i["id"] for i in invites)
        users = [i["user_id"] for i in after]
        assert len(users) == len(set(users)) == runs[0]["invited"] > 0
        schedule = query(database, "SELECT next_cohort_index, last_run_at FROM pulse_schedule "
                                   "WHERE tenant_id = %(t)s", {"t": tenant})[0]
        cohorts = query(database, "SELECT user_ids FROM pulse_cohort WHERE tenant_id = %(t)s ORDER BY position, name",
                        {"t": tenant})
        assert schedule["next_cohort_index"] == (before["next_cohort_index"] + 1) % len(cohorts)  # advanced once
        members = query(database, """
            SELECT u.id FROM app_user u LEFT JOIN user_preferences p ON p.user_id = u.id AND p.tenant_id = u.tenant_id
            WHERE u.tenant_id = %(t)s AND u.is_active AND coalesce(p.pulse_emails, true)
              AND u.id = ANY(%(ids)s)""",
                        {"t": tenant, "ids": list(cohorts[before["next_cohort_index"] % len(cohorts)]["user_ids"])})
        assert set(users) == {m["id"] for m in members}

        # each invitation e-mail was delivered once and confirmed (invite marked sent); nothing else was sent
        assert Counter(sink.accepted) == dict.fromkeys(expected, 1)
        assert all(i["sent_at"] is not None for i in query(database, INVITES_SQL, params))
    finally:
        await _stop_all(a, b)
        await sink.stop()
        await fake.stop()


async def test_sigterm_drops_no_email(database, redis_url, tmp_path):
    fake = FakeOAuth(person=Person(id="9001", login="admin", name="Admin (Demo)", email="admin@pulsestage.app"))
    sink = SmtpSink()
    await fake.start()
    smtp_port = await sink.start()
    config = _config(tmp_path, fake, "")
    env = _env(database, redis_url, tmp_path, smtp_port, PULSE_ENABLED="false")  # only the trigger sends
    a = ServeProcess("A", env, config, tmp_path / "a.log")
    b = ServeProcess("B", env, config, tmp_path / "b.log")
    try:
        await asyncio.gather(a.start(), b.start())
        await asyncio.gather(a.wait_ready(), b.wait_ready())
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            cookie = {"Cookie": f"{COOKIE}={await _sign_in(http, b.url)}"}
            async with http.get(b.url + "/api/csrf-token", headers=cookie) as r:
                headers = {**cookie, "X-CSRF-Token": (await r.json())["csrfToken"]}

            # a batch of e-mails queued through B; the SMTP server holds every message it is handed
            sink.gate.clear()
            async with http.post(b.url + "/api/admin/pulse/trigger", json={}, headers=headers) as r:
                assert r.status == 200, await r.text()
                run = (await r.json())["result"]
        assert run["queued"] >= 6, run  # more than the four workers (2 per instance, pinned in _config) can hold
        invites = query(database, "SELECT id FROM pulse_invite WHERE question_id = %(q)s AND week_start = %(w)s",
                        {"q": run["questionId"], "w": run["weekStart"]})
        expected = _message_ids(i["id"] for i in invites)
        assert len(expected) == run["queued"]

        # all four workers are mid-delivery, so both of B's hold a message: SIGTERM B now
        await sink.wait(lambda s: s.holding == 4, 10, "four messages in hand")
        b.terminate()
        await asyncio.sleep(1.0)
        assert b.proc.returncode is None, "B exited with messages still in hand:\n" + b.tail()
        sink.delay = 0.2  # a slow server from now on
        sink.gate.set()
        assert await asyncio.wait_for(b.proc.wait(), 25) == 0, b.tail()
        await sink.wait(lambda s: expected <= set(s.accepted), 20, "every e-mail")
        await asyncio.sleep(1.5)  # a duplicate would show up now

        counts = Counter(sink.accepted)
        assert counts == dict.fromkeys(expected, 1), counts
        sent_by = Counter(line["instance"] for line in _log_lines(a, b, msg="e-mail sent"))
        assert sent_by["B"] >= 2 and sent_by["A"] >= 1 and sum(sent_by.values()) == len(expected), sent_by
        assert _mail_queue_left(redis_url) == {"ready": 0, "processing": 0, "delayed": 0, "leases": 0}
        unsent = query(database, "SELECT id FROM pulse_invite WHERE id = ANY(%(ids)s) AND sent_at IS NULL",
                       {"ids": [i["id"] for i in invites]})
        assert unsent == []  # every delivery was confirmed, B's before it exited
        assert a.proc.returncode is None
    finally:
        await _stop_all(a, b)
        await sink.stop()
        await fake.stop()


def _named(dsn: str, name: str) -> str:
    """The DSN with an application_name, so pg_stat_activity tells which instance a backend serves."""
    return f"{dsn}{'&' if '?' in dsn else '?'}application_name={name}"


async def test_sigterm_during_a_scheduled_run_drops_no_invitation(database, redis_url, tmp_path):
    tenant, question, week_start, _ = await _schedule_for_today(database)
    params = {"t": tenant, "q": question, "w": week_start}
    fake = FakeOAuth()
    sink = SmtpSink()
    await fake.start()
    smtp_port = await sink.start()
    config = _config(tmp_path, fake, "[pulse]\nscheduler_enabled = true\ntick_seconds = 1\n")
    processes = {name: ServeProcess(name, {**_env(database, redis_url, tmp_path, smtp_port),
                                           "DATABASE_URL": _named(database, f"pulsestage-{name}")},
                                    config, tmp_path / f"{name.lower()}.log") for name in "AB"}
    held = psycopg2.connect(database)
    paused = redis.Redis.from_url(redis_url)
    try:
        await asyncio.gather(*(p.start() for p in processes.values()))
        await asyncio.gather(*(p.wait_ready() for p in processes.values()))
        # Due, but its row stays locked by this transaction: the instance that took the scheduler's
        # lock waits inside the run, before it creates anything.
        with held.cursor() as cur:
            cur.execute("UPDATE pulse_schedule SET enabled = true, last_run_at = NULL WHERE tenant_id = %s",
                        (tenant,))
        waiting = await _until(lambda: query(database, """
            SELECT application_name FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND application_name LIKE 'pulsestage-%' AND query LIKE '%pulse_schedule%'
        """), 10, "a scheduler waiting for the schedule row")
        runner = processes[waiting[0]["application_name"].removeprefix("pulsestage-")]
        other = next(p for p in processes.values() if p is not runner)

        # Redis holds writes: the run creates its invites, then waits to queue the first e-mail.
        paused.client_pause(4000, all=False)
        held.commit()
        await _until(lambda: query(database, INVITES_SQL, params), 3, "the run's invites")
        runner.terminate()  # mid-run: invites made, e-mails not yet queued
        await asyncio.sleep(0.5)
        paused.client_unpause()

        assert await asyncio.wait_for(runner.proc.wait(), 25) == 0, runner.tail()
        invites = query(database, INVITES_SQL, params)
        expected = _message_ids(i["id"] for i in invites)
        await sink.wait(lambda s: expected <= set(s.accepted), 15, "every invitation e-mail")
        await asyncio.sleep(1.5)  # a duplicate would show up now

        runs = _log_lines(runner, other, msg="pulse run")
        assert [(r["instance"], r["invited"], r["queued"]) for r in runs] == [(runner.name, len(invites), len(invites))]
        counts = Counter(sink.accepted)
        assert {m: counts[m] for m in expected} == dict.fromkeys(expected, 1)
        assert all(i["sent_at"] is not None for i in query(database, INVITES_SQL, params))
        assert _mail_queue_left(redis_url) == {"ready": 0, "processing": 0, "delayed": 0, "leases": 0}
        assert other.proc.returncode is None
    finally:
        paused.client_unpause()
        paused.close()
        held.close()
        await _stop_all(*processes.values())
        await sink.stop()
        await fake.stop()

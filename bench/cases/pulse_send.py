"""Pulse send for 10,000 people: invites written and e-mails queued, then delivery to a local SMTP sink.

The manual trigger (POST /api/admin/pulse/trigger) runs the whole send inside the request and
answers when every invitation is written and queued, so its duration is the "written and queued"
figure. Delivery is measured at the sink (its own process): messages accepted per second between
the first and the last arrival. The bare figures: one multi-row INSERT of the same invites, one
pipelined push of same-sized jobs to Redis, and aiosmtplib sending to a second sink with the
worker's concurrency and one SMTP session per message (what the provider does).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from email.message import EmailMessage

import aiosmtplib
import psycopg2
import redis as redis_lib

from bench import scratch, sessions
from bench.cases.common import fetch, sign_in_file
from bench.harness import Result, Run
from pulsestage.mail.contexts import PROVIDER_CONCURRENCY

NAME = "pulse"
TITLE = "Pulse send: one run for 10,000 people (invites + queued e-mails), delivery to a local SMTP sink"
WAIT_DELIVERY = 150.0  # seconds at most; beyond that the rate so far is reported
BARE_MAILS = 1500
WORKER_CONCURRENCY = PROVIDER_CONCURRENCY["smtp"]  # the worker's loops for SMTP (mail.worker_concurrency 0)


def prepare(db: str) -> None:
    """One run must invite every active person: no cohorts, no rotation, nobody invited this week."""
    scratch.query(db, "DELETE FROM pulse_cohort")
    scratch.query(db, "UPDATE pulse_schedule SET rotating_cohorts = false")
    scratch.query(db, "DELETE FROM pulse_invite WHERE week_start >= date_trunc('week', now() AT TIME ZONE 'utc')::date")


def wait_delivery(sink, expected: int) -> list[float]:
    """Arrival times at the sink, waiting (bounded) until `expected` messages arrived."""
    deadline = time.monotonic() + WAIT_DELIVERY
    last_count, last_change = -1, time.monotonic()
    while time.monotonic() < deadline:
        arrivals = [float(line[0]) for line in sink.lines()]
        if len(arrivals) >= expected:
            return arrivals
        if len(arrivals) != last_count:
            last_count, last_change = len(arrivals), time.monotonic()
        elif time.monotonic() - last_change > 20:
            break  # nothing arrives any more
        time.sleep(0.5)
    return [float(line[0]) for line in sink.lines()]


def bare_queue(db: str, redis_url: str, tenant_id: str, job_bytes: int, n: int) -> dict:
    """Seconds for one INSERT of n invites (rolled back) and one pipelined push of n jobs."""
    question = scratch.query(db, "SELECT id FROM pulse_question WHERE tenant_id = %(t)s LIMIT 1", {"t": tenant_id})[0][0]
    users = [u for u, _ in sessions.users(db, limit=n)]
    conn = psycopg2.connect(scratch.dsn_for(db))
    try:
        with conn.cursor() as cur:
            rows = [(str(uuid.uuid4()), tenant_id, u, None, question, uuid.uuid4().hex, "2020-01-06",
                     "2020-01-13") for u in users]
            started = time.perf_counter()
            cur.execute("INSERT INTO pulse_invite (id, tenant_id, user_id, team_id, question_id, token, week_start, "
                        "expires_at) VALUES " + ",".join(["%s"] * len(rows)), rows)
            insert_s = time.perf_counter() - started
        conn.rollback()
    finally:
        conn.close()
    client = redis_lib.Redis.from_url(redis_url)
    payload = b"x" * job_bytes
    started = time.perf_counter()
    with client.pipeline(transaction=False) as pipe:
        for i in range(len(users)):
            pipe.set(f"bench:job:{i}", payload)
            pipe.lpush("bench:ready", i)
        pipe.execute()
    push_s = time.perf_counter() - started
    client.delete("bench:ready", *[f"bench:job:{i}" for i in range(len(users))])
    client.close()
    return {"invites": len(users), "insert_s": round(insert_s, 3), "push_s": round(push_s, 3)}


async def _bare_send(port: int, n: int, size: int) -> float:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "bench@bench.local", "someone@bench.local", "bare"
    message.set_content("x" * size)
    queue: asyncio.Queue = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)

    async def loop() -> None:
        while not queue.empty():
            queue.get_nowait()
            await aiosmtplib.send(message, hostname="127.0.0.1", port=port, timeout=30)

    started = time.perf_counter()
    await asyncio.gather(*[loop() for _ in range(WORKER_CONCURRENCY)])
    return n / (time.perf_counter() - started)


def run() -> Result:
    """Trigger one run as an admin, time it, then follow delivery at the sink."""
    result = Result(NAME, TITLE)
    with Run(NAME) as r:
        db = r.database("list", writable=True)
        prepare(db)
        redis = r.redis()
        sink = r.sink()
        server = r.server(db, redis, sink)
        admin = sessions.named(db, "admin")
        logins, _path = sign_in_file(r, redis, [admin], "admin")
        started = time.time()
        status, body = fetch(server.url + "/api/admin/pulse/trigger", logins[0], method="POST", body={}, timeout=600)
        queued_s = time.time() - started
        if status != 200 or not isinstance(body, dict):
            raise RuntimeError(f"trigger answered {status}: {str(body)[:500]}")
        run_info = body.get("result") or {}
        expected = int(run_info.get("queued") or 0)
        arrivals = wait_delivery(sink, expected)
        invites = scratch.query(db, "SELECT count(*), count(DISTINCT user_id), count(*) FILTER (WHERE status = 'SENT') "
                                    "FROM pulse_invite WHERE week_start >= date_trunc('week', now() AT TIME ZONE 'utc')::date")[0]
        job_bytes = max((len(v) for v in _sample_jobs(redis.url)), default=6000)
        bare_q = bare_queue(db, redis.url, admin[1], job_bytes, expected or 10_000)
        bare_sink = r.sink()
        bare_rate = asyncio.run(_bare_send(bare_sink.port, BARE_MAILS, job_bytes // 2))
    delivered = len(arrivals)
    span = (max(arrivals) - min(arrivals)) if delivered > 1 else 0.0
    overall = delivered / span if span else 0.0
    # the worker's own speed: the backlog left when the send finished, drained after it
    queued_at = started + queued_s
    after = sorted(t for t in arrivals if t > queued_at)
    rate = (len(after) - 1) / (after[-1] - after[0]) if len(after) > 100 and after[-1] > after[0] else overall
    bare_queued = bare_q["insert_s"] + bare_q["push_s"]
    result.row("invites written + e-mails queued", queued_s, "< 30 s", queued_s < 30 and expected >= 10_000,
               bare=bare_queued, unit="s")
    result.row("delivery to the SMTP sink", rate, "≥ 200 mails/s", rate >= 200, bare=bare_rate, unit="mails/s")
    result.row("delivered / queued", delivered, f"{expected} (all)", delivered == expected and expected > 0)
    result.row("invites per person", invites[0] / max(1, invites[1]), "exactly 1", invites[0] == invites[1])
    result.notes.append("delivery rate = the backlog left when the trigger returned, drained by the worker on its own; "
                        f"over the whole run (sharing the loop with the send) it was {overall:.0f} mails/s")
    result.details.update(run=run_info, invites={"rows": invites[0], "people": invites[1], "sent": invites[2]},
                          delivered_after_send=len(after), overall_rate=round(overall, 1),
                          delivery_span_s=round(span, 2), first_arrival_after_trigger_s=round(min(arrivals) - started, 2)
                          if arrivals else None, bare_queue=bare_q, job_bytes=job_bytes)
    return result


def _sample_jobs(redis_url: str) -> list[bytes]:
    client = redis_lib.Redis.from_url(redis_url)
    try:
        keys = [k for k in client.scan_iter("pulsestage:mail:job:*", count=100)][:5]
        return [v for v in (client.get(k) for k in keys) if v]
    finally:
        client.close()

"""Redis stopped in prod: limited routes answer 503, sessions fail closed, the mail queue resumes.

Redis runs with AOF (fsync always), as a prod Redis holding a durable mail queue must; the e-mails
are queued while the SMTP sink is down, so they are still in Redis when Redis stops.
"""

from __future__ import annotations

import time

import pytest

from bench.procs import free_port
from tests.resilience.conftest import call, everyone_in_one_cohort, invitees, mail_counts, wait_for_mail

pytestmark = pytest.mark.slow
REQUEST_TIMEOUT = 15.0


@pytest.mark.timeout(150)
def test_redis_outage_fails_closed_and_loses_no_mail(rig):
    everyone_in_one_cohort(rig)
    redis = rig.redis(aof=True)
    sink_port = free_port()
    server = rig.server(redis.url, sink_port, rate_limit=True)
    # a second instance with rate limiting off shows the session store on its own
    plain = rig.server(redis.url, sink_port, name="plain")
    alice = rig.sign_in(redis.url, "alice")
    admin = rig.sign_in(redis.url, "admin")
    assert call(server.url + "/api/questions", alice)[0] == 200
    status, body = call(server.url + "/api/admin/pulse/trigger", admin, "POST", {}, timeout=60)
    assert status == 200, body
    queued = body["result"]["queued"]
    assert queued >= 40

    redis.stop()
    try:
        started = time.monotonic()
        asked = call(server.url + "/api/questions", alice, "POST",
                     {"body": "Is this question limited while Redis is down?"}, timeout=REQUEST_TIMEOUT)
        limited_read = call(server.url + "/api/questions", alice, timeout=REQUEST_TIMEOUT)
        listed = call(plain.url + "/api/questions", alice, timeout=REQUEST_TIMEOUT)
        anonymous = call(plain.url + "/api/questions", {"Accept": "application/json"}, timeout=REQUEST_TIMEOUT)
        ready = call(server.url + "/health/ready", timeout=REQUEST_TIMEOUT)
        elapsed = time.monotonic() - started
    finally:
        sink = rig.sink(port=sink_port)
        redis = rig.restart_redis(redis)

    problems = []  # every expectation is checked, so one run shows all that is wrong
    if asked[0] != 503:
        problems.append(f"rate-limited POST while Redis is down answered {asked[0]}, not 503")
    if limited_read[0] != 503:
        problems.append(f"rate-limited GET while Redis is down answered {limited_read[0]}, not 503")
    if listed[0] != 401:
        problems.append(f"a signed-in request whose session cannot be read answered {listed[0]}, not 401")
    if anonymous[0] != 401:
        problems.append(f"an anonymous request answered {anonymous[0]}, not 401")
    if ready[0] != 503:
        problems.append(f"/health/ready answered {ready[0]} while Redis is down")
    if elapsed > 4 * REQUEST_TIMEOUT:
        problems.append(f"the four requests took {elapsed:.1f} s")
    for _status, payload in (asked, limited_read, listed, anonymous):
        if not (isinstance(payload, dict) and {"error", "message", "requestId"} <= set(payload)):
            problems.append(f"not the JSON error shape: {payload!r:.200}")

    assert server.wait_ready(timeout=15) >= 0  # /health/ready is 200 again
    plain.stop()
    if call(server.url + "/api/questions", alice)[0] != 200:
        problems.append("alice's session did not come back with Redis")
    wait_for_mail(sink, queued, timeout=90, stall=75)
    invited, counts = invitees(rig), mail_counts(sink)
    if set(counts) != set(invited):
        problems.append(f"{len(set(invited) - set(counts))} of {len(invited)} invitees got no e-mail")
    twice = {k: n for k, n in counts.items() if n != 1}
    if twice:
        problems.append(f"e-mailed more than once: {twice}")
    assert not problems, "\n".join(problems)

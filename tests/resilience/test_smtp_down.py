"""SMTP down for a minute: every queued message is delivered once the server returns, none twice.

The server runs with the default retry settings (mail.max_attempts = 12, backoff 2 s doubling): the
retry due about 62 s after the first attempt finds the server back.
"""

from __future__ import annotations

import time

import pytest

from bench.procs import free_port
from tests.resilience.conftest import (
    call,
    dead_letters,
    everyone_in_one_cohort,
    invitees,
    mail_counts,
    wait_for_mail,
)

pytestmark = pytest.mark.slow
OUTAGE = 60.0


@pytest.mark.timeout(200)
def test_mail_queued_during_an_smtp_outage_is_delivered_exactly_once(rig):
    everyone_in_one_cohort(rig)
    redis = rig.redis()
    sink_port = free_port()
    server = rig.server(redis.url, sink_port)  # nothing listens on the SMTP port yet: the provider is down
    admin = rig.sign_in(redis.url, "admin")

    down_since = time.monotonic()
    status, body = call(server.url + "/api/admin/pulse/trigger", admin, "POST", {}, timeout=60)
    assert status == 200, body
    queued = body["result"]["queued"]
    assert queued >= 40
    time.sleep(max(0.0, OUTAGE - (time.monotonic() - down_since)))

    sink = rig.sink(port=sink_port)  # the provider is back after a minute
    wait_for_mail(sink, queued, timeout=90)
    invited, counts = invitees(rig), mail_counts(sink)
    missing = set(invited) - set(counts)
    assert not missing, f"{len(missing)} of {len(invited)} invitees got no e-mail ({dead_letters(redis.url)} dead-lettered)"
    assert all(n == 1 for n in counts.values()), {k: n for k, n in counts.items() if n != 1}

"""`kill -9` of the server mid-way through a pulse send: after a restart every invitee has exactly one
invite and one e-mail (one Message-ID; a message in hand at the kill may arrive twice as the same message).

About 1,050 people are invited; the server is killed once the SMTP sink has accepted the first
e-mails (so invites are written, some mail is delivered, some is queued and some is not queued
yet). A new server is started on the same database and Redis, and nobody does anything else.
Both servers run the pulse scheduler, as in production (its start-up pass re-queues what the killed
process never queued); the schedule itself is off, so only the manual trigger invites anyone.
"""

from __future__ import annotations

import threading

import pytest

from pulsestage.mail.contexts import PROVIDER_CONCURRENCY
from tests.resilience.conftest import (
    add_people,
    call,
    everyone_in_one_cohort,
    invitees,
    mail_counts,
    mail_ids,
    wait_for_mail,
    wait_until,
)

pytestmark = pytest.mark.slow
PEOPLE = 1000
SCHEDULER_ON = {"PULSE_ENABLED": "true"}


@pytest.mark.timeout(180)
def test_kill_mid_pulse_send_leaves_one_invite_and_one_mail_each(rig):
    add_people(rig, PEOPLE)
    everyone_in_one_cohort(rig)
    rig.sql("UPDATE pulse_schedule SET enabled = false")
    redis = rig.redis()
    sink = rig.sink()
    server = rig.server(redis.url, sink.port, extra=SCHEDULER_ON)
    admin = rig.sign_in(redis.url, "admin")

    def trigger() -> None:
        try:
            call(server.url + "/api/admin/pulse/trigger", admin, "POST", {}, timeout=120)
        except OSError:
            pass  # the server dies under it

    sender = threading.Thread(target=trigger, daemon=True)
    sender.start()
    assert wait_until(lambda: len(sink.lines()) >= 20, timeout=60), "no e-mail was delivered before the kill"
    server.kill()  # SIGKILL: no drain, no cleanup
    sender.join(timeout=10)
    delivered_before = len(sink.lines())

    rig.server(redis.url, sink.port, name="restarted", extra=SCHEDULER_ON)
    invited = wait_until(lambda: invitees(rig), timeout=10)
    wait_for_mail(sink, len(invited), timeout=90, stall=20)
    counts, ids = mail_counts(sink), mail_ids(sink)
    problems = []
    if any(n != 1 for n in invited.values()):
        problems.append(f"people with several invites: {sum(n != 1 for n in invited.values())}")
    if len(invited) < PEOPLE:
        problems.append(f"only {len(invited)} people were invited")
    missing = set(invited) - set(counts)
    if missing:
        problems.append(f"{len(missing)} of {len(invited)} invitees never got an e-mail "
                        f"({delivered_before} delivered before the kill, {len(sink.lines())} in all)")
    several = {k: sorted(v) for k, v in ids.items() if len(v) != 1}
    if several:
        problems.append(f"{len(several)} people got more than one distinct e-mail: {list(several.items())[:3]}")
    # One e-mail each, by Message-ID. A message the sink accepted in the few milliseconds before the
    # kill, but whose delivery was not yet recorded, is sent again after its lease: a copy with the
    # same Message-ID, which mail systems file as the message already received. Only a message a
    # worker loop had in hand at the kill can be copied: at most one per loop, once.
    copies = {k: n for k, n in counts.items() if n > 1}
    in_hand = PROVIDER_CONCURRENCY["smtp"]  # the worker's loops (mail.worker_concurrency 0: SMTP's own)
    if len(copies) > in_hand or any(n > 2 for n in copies.values()):
        problems.append(f"{len(copies)} people were sent copies: {sorted(copies.values())}")
    assert not problems, "\n".join(problems)

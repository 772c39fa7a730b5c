"""Mailer.send_many: the same e-mails, preferences and idempotency as send(), for many recipients at once."""

from __future__ import annotations

import psycopg2

from pulsestage import keys
from pulsestage.mail.mailer import SUPPRESSED, Mailer, Outgoing
from pulsestage.mail.memory_store import MemoryQueue
from pulsestage.mail.render import Renderer
from pulsestage.mail.unsubscribe import UnsubscribeLinks

PUBLIC = "https://ps.test"
CONTEXT = {"question_text": "How?", "scale": "LIKERT_1_5",
           "answer_links": [{"score": 1, "url": "u", "label": "l", "color": "#000000", "face": ""}]}


def mailer_on(pool) -> tuple[Mailer, MemoryQueue]:
    queue = MemoryQueue(max_attempts=1, backoff_base=0.0)  # not drained: the jobs stay to be looked at
    return Mailer(pool, queue, Renderer(PUBLIC), UnsubscribeLinks("s" * 40, PUBLIC)), queue


async def test_send_many_matches_send_for_every_recipient(client, database) -> None:
    tenant = await client.app[keys.TENANTS].require("default")
    with psycopg2.connect(database) as conn, conn.cursor() as cur:
        cur.execute("SELECT email FROM app_user WHERE tenant_id = %s AND is_active ORDER BY email LIMIT 6", (tenant.id,))
        emails = [r[0] for r in cur.fetchall()]
        cur.execute("UPDATE user_preferences SET pulse_emails = false WHERE tenant_id = %s AND user_id = "
                    "(SELECT id FROM app_user WHERE tenant_id = %s AND email = %s)", (tenant.id, tenant.id, emails[1]))
    addresses = [emails[0], emails[1].upper(), *emails[2:], "outsider@example.com"]
    messages = [Outgoing(a, {**CONTEXT, "user_name": a}, f"k:{i}", {"n": i}) for i, a in enumerate(addresses)]
    many, many_queue = mailer_on(client.app[keys.PG_POOL])
    one, one_queue = mailer_on(client.app[keys.PG_POOL])
    ids = await many.send_many(tenant_id=tenant.id, template="pulse_invitation", messages=messages)
    singles = [await one.send(tenant_id=tenant.id, template="pulse_invitation", to=m.to, context=m.context,
                              idempotency_key=m.idempotency_key, meta=m.meta) for m in messages]
    assert [bool(i) for i in ids] == [bool(i) for i in singles] and ids[1] == SUPPRESSED  # pulse e-mails off
    assert all(ids[i] for i in (0, 2, len(ids) - 1))  # users, and an address that is no user
    jobs, expected = [await many_queue.take(0) for _ in ids[1:]], [await one_queue.take(0) for _ in ids[1:]]
    for job, same in zip(jobs, expected, strict=True):
        assert job is not None and same is not None
        assert (job.to, job.subject, job.html, job.text, job.headers, job.idempotency_key, job.meta) == (
            same.to, same.subject, same.html, same.text, same.headers, same.idempotency_key, same.meta)
    # the same keys again: nothing new is queued, the first ids come back
    again = await many.send_many(tenant_id=tenant.id, template="pulse_invitation", messages=messages)
    assert again == ids and await many_queue.depth() == 0


async def test_send_many_of_nothing_queues_nothing(client) -> None:
    mailer, queue = mailer_on(client.app[keys.PG_POOL])
    assert await mailer.send_many(tenant_id="none", template="pulse_invitation", messages=[]) == []
    assert await queue.depth() == 0

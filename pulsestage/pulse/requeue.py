"""Re-queue invitation e-mails that were never queued: the repair for a crash mid-send.

A run commits its invites PENDING and only then queues their e-mails; a process killed in between
(or a queue outage while queueing) leaves invites nobody would ever e-mail, since a new run skips
people already asked this week. The scheduler calls `requeue_unsent` at start-up and on every tick,
under its lock: every open PENDING invite with no delivered e-mail that is older than `min_age`
gets its invitation queued again with the original key `pulse-invite:<id>`. The queue keeps that
key for 7 days, so an e-mail already queued (or sent but not yet confirmed) is not queued twice;
invites older than REQUEUE_WINDOW are left alone for the same reason.
"""

from __future__ import annotations

import datetime as dt
import logging

from pulsestage.admin.settings_doc import anon_threshold, load_settings
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.pulse import invite_queries
from pulsestage.pulse.links import invite_context
from pulsestage.pulse.reminders import days_left
from pulsestage.pulse.runner import queue_invitations

log = logging.getLogger("pulsestage.pulse")
REQUEUE_AFTER = 60.0  # seconds: a younger invite may still be being queued by the run that made it
REQUEUE_WINDOW = 6 * 24 * 3600.0  # seconds: inside the queue's 7-day memory of idempotency keys


async def requeue_unsent(pool, mailer, tenant: Tenant, *, now: dt.datetime, public_url: str,
                         min_age: float = REQUEUE_AFTER) -> dict | None:
    """Queue the invitation of every unsent open invite older than `min_age`; None when there were none."""
    naive_now = now.astimezone(dt.UTC).replace(tzinfo=None)
    async with tenant_tx(pool, tenant.id) as cur:
        rows = await invite_queries.select_unsent(cur, tenant.id, now=naive_now, min_age=min_age,
                                                  window=REQUEUE_WINDOW)
        if not rows:
            return None
        threshold = anon_threshold(await load_settings(cur, tenant.id))
    contexts = [invite_context(public_url, tenant.slug, name=row["name"], token=row["token"],
                               question_text=row["question_text"], scale=row["scale"],
                               expires_days=days_left(row["expires_at"], now), threshold=threshold)
                for row in rows]
    queued, suppressed, failed = await queue_invitations(mailer, tenant.id, rows, contexts)
    log.info("pulse invitations re-queued", extra={"tenant": tenant.slug, "unsent": len(rows), "queued": queued,
                                                   "suppressed": suppressed, "failed": failed})
    return {"unsent": len(rows), "queued": queued, "suppressed": suppressed, "failed": failed}

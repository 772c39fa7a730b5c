"""Pulse reminders: one e-mail to each person who has not answered N days after their invitation.

Off by default; the tenant setting `pulse.reminderAfterDays` (1-6; null or 0 = off) turns it on,
and the pulse itself must be enabled. Only a delivered invite (SENT: the provider accepted the
invitation) that is still unanswered and unexpired gets one; the invite's `reminded` flag is set in
the same statement that selects it, so no invite is ever reminded twice — even when a queueing
error loses the e-mail, which is the right way round for a nudge. The scheduler runs this on every
tick, under its advisory lock.
"""

from __future__ import annotations

import datetime as dt
import logging
import math

from pulsestage.admin.settings_doc import anon_threshold, load_settings
from pulsestage.db.tenancy import Tenant, tenant_tx
from pulsestage.pulse import invite_queries
from pulsestage.pulse.links import invite_context
from pulsestage.pulse.timing import aware

log = logging.getLogger("pulsestage.pulse")
REMINDER_KIND = "pulse_reminder"


def reminder_days(settings: dict) -> int | None:
    """Days after the invitation when the reminder goes, or None when reminders are off."""
    pulse = settings.get("pulse") or {}
    days = pulse.get("reminderAfterDays")
    if not pulse.get("enabled") or isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 6:
        return None
    return days


def days_left(expires_at: dt.datetime, now: dt.datetime) -> int:
    """Whole days until expiry, rounded up, at least 1 (the reminder only goes before expiry)."""
    seconds = (aware(expires_at) - now).total_seconds()  # type: ignore[operator]
    return max(1, math.ceil(seconds / 86400))


async def send_reminders(pool, mailer, tenant: Tenant, *, now: dt.datetime, public_url: str) -> dict | None:
    """Queue the tenant's due reminders; None when reminders are off, else {reminded, queued}."""
    naive_now = now.astimezone(dt.UTC).replace(tzinfo=None)
    async with tenant_tx(pool, tenant.id) as cur:
        settings = await load_settings(cur, tenant.id)
        days = reminder_days(settings)
        if days is None:
            return None
        due = await invite_queries.claim_reminders(cur, tenant.id, cutoff=naive_now - dt.timedelta(days=days),
                                                   now=naive_now)
    queued = 0
    for invite in due:
        context = invite_context(public_url, tenant.slug, name=invite["name"], token=invite["token"],
                                 question_text=invite["question_text"], scale=invite["scale"],
                                 expires_days=days_left(invite["expires_at"], now),
                                 threshold=anon_threshold(settings))
        try:
            job_id = await mailer.send(tenant_id=tenant.id, template="pulse_reminder", to=invite["email"],
                                       context=context, idempotency_key=f"pulse-reminder:{invite['id']}",
                                       meta={"kind": REMINDER_KIND})
        except Exception:
            log.exception("pulse reminder could not be queued", extra={"inviteId": invite["id"]})
            continue
        queued += bool(job_id)
    if due:
        log.info("pulse reminders", extra={"tenant": tenant.slug, "reminded": len(due), "queued": queued})
    return {"reminded": len(due), "queued": queued}

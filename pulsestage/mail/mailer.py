"""The Mailer: what areas call to send an e-mail (app[keys.MAILER]).

`send()` decides whether the recipient wants this e-mail, renders it with the tenant's branding
and queues it; the worker delivers it later. `send_many()` does the same for many recipients of
one template (a pulse run): tenant and settings read once, every recipient in one query, jobs
queued in pipelined batches. The preference check lives here so that no caller
can forget it:

* pulse e-mails (invitation, reminder) go unless the user turned `pulse_emails` off;
* question notifications (answered, approved, rejected) need the tenant setting
  `features.enableEmailNotifications` and the user's `email_notifications`;
* the welcome e-mail needs the user's `email_notifications`;
* deactivated users get nothing. Addresses that are not users of the tenant are not filtered.

Every e-mail to a user of the tenant carries a signed one-click unsubscribe link for the kind of
e-mail it is (mail/unsubscribe.py), in the List-Unsubscribe headers and in the footer; other
addresses get the preferences page.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from pulsestage.admin.settings_doc import load_settings
from pulsestage.db.tenancy import tenant_tx
from pulsestage.mail import queries
from pulsestage.mail.job import MailJob
from pulsestage.mail.queue import MailQueue
from pulsestage.mail.render import Brand, Renderer, brand_of
from pulsestage.mail.unsubscribe import Claim, UnsubscribeLinks, kind_of

log = logging.getLogger("pulsestage.mail")

SUPPRESSED = ""  # what send() returns when preferences stop an e-mail
PULSE = frozenset({"pulse_invitation", "pulse_reminder"})
NOTIFICATIONS = frozenset({"question_answered", "question_approved", "question_rejected"})
BATCH = 250  # jobs rendered, then queued in one round trip, before the event loop gets a turn


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One e-mail of a `send_many` call."""

    to: str
    context: dict
    idempotency_key: str = ""
    meta: dict = field(default_factory=dict)


def suppression(template: str, recipient: dict | None, settings: dict[str, Any]) -> str | None:
    """Why this e-mail must not go to this recipient, or None when it may."""
    if recipient is not None and not recipient["is_active"]:
        return "recipient deactivated"
    if template in PULSE:
        return "pulse e-mails turned off" if recipient and not recipient["pulse_emails"] else None
    if template in NOTIFICATIONS and not (settings.get("features") or {}).get("enableEmailNotifications"):
        return "tenant e-mail notifications off"
    if recipient is not None and not recipient["email_notifications"]:
        return "e-mail notifications turned off"
    return None


class Mailer:
    """Checks preferences, renders and enqueues; returns the queue's job id."""

    def __init__(self, pool, queue: MailQueue, renderer: Renderer, links: UnsubscribeLinks | None = None) -> None:
        self.pool = pool
        self.queue = queue
        self.renderer = renderer
        self.links = links

    async def send(self, *, tenant_id: str, template: str, to: str, context: dict,
                   idempotency_key: str | None = None, meta: dict | None = None) -> str:
        """Queue `template` for `to`; returns the job id, or "" (SUPPRESSED) when preferences say no.

        A repeated `idempotency_key` returns the first job's id and queues nothing.
        Unknown templates or missing required variables raise ValueError.
        """
        async with tenant_tx(self.pool, tenant_id) as cur:
            recipient = await queries.select_recipient(cur, tenant_id, to)
            settings = await load_settings(cur, tenant_id)
            tenant = await queries.select_tenant(cur, tenant_id)
        brand = brand_of(tenant["name"] if tenant else "PulseStage", settings)
        job = self._job(tenant_id, template, Outgoing(to, context, idempotency_key or "", meta or {}),
                        recipient, settings, brand)
        if job is None:
            return SUPPRESSED
        job_id = await self.queue.enqueue(job)
        log.info("e-mail queued", extra={"template": template, "mailJobId": job_id})
        return job_id

    async def send_many(self, *, tenant_id: str, template: str, messages: list[Outgoing]) -> list[str]:
        """`send` for many recipients of one template; one job id (or SUPPRESSED) per message, in order.

        Raises like `send`; jobs of batches before the failing one stay queued.
        """
        if not messages:
            return []
        async with tenant_tx(self.pool, tenant_id) as cur:
            recipients = await queries.select_recipients(cur, tenant_id, [m.to for m in messages])
            settings = await load_settings(cur, tenant_id)
            tenant = await queries.select_tenant(cur, tenant_id)
        brand = brand_of(tenant["name"] if tenant else "PulseStage", settings)
        ids: list[str] = []
        for start in range(0, len(messages), BATCH):
            jobs = [self._job(tenant_id, template, m, recipients.get(m.to.lower()), settings, brand)
                    for m in messages[start:start + BATCH]]
            queued = iter(await self.queue.enqueue_many([job for job in jobs if job is not None]))
            ids.extend(SUPPRESSED if job is None else next(queued) for job in jobs)
            await asyncio.sleep(0)  # rendering is CPU work: let requests in between batches
        log.info("e-mails queued", extra={"template": template, "count": sum(map(bool, ids)),
                                          "suppressed": ids.count(SUPPRESSED)})
        return ids

    def _job(self, tenant_id: str, template: str, message: Outgoing, recipient: dict | None,
             settings: dict[str, Any], brand: Brand) -> MailJob | None:
        """The rendered job, or None when the recipient's preferences say no."""
        reason = suppression(template, recipient, settings)
        if reason:
            log.info("e-mail not sent", extra={"template": template, "reason": reason})
            return None
        context = message.context
        headers = {"List-Unsubscribe": f"<{self.renderer.unsubscribe_url()}>"}
        if self.links is not None and recipient is not None:
            claim = Claim(tenant_id, recipient["id"], kind_of(template))
            headers = self.links.headers(claim)
            context = {**context, "stop_url": self.links.url(claim)}
        subject, html, text = self.renderer.render(template, context, brand)
        return MailJob(
            tenant_id=tenant_id, template=template, to=message.to, subject=subject, html=html, text=text,
            headers=headers, idempotency_key=message.idempotency_key, meta=message.meta,
        )

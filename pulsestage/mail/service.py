"""The admin view of the e-mail queue: status for one tenant, and retrying or discarding its dead letters."""

from __future__ import annotations

from typing import Any

from pulsestage.admin import audit
from pulsestage.admin.audit import Actor, Entry
from pulsestage.db.tenancy import tenant_tx
from pulsestage.errors import NotFound
from pulsestage.mail.mailer import Outgoing
from pulsestage.mail.queue import MailQueue

__all__ = ["Outgoing", "discard_dead_letter", "queue_status", "retry_dead_letter"]  # Outgoing: for Mailer.send_many


async def queue_status(queue: MailQueue, tenant_id: str) -> dict[str, Any]:
    """Depth, in flight, sent / retried / failed counts, the dead letters and the recently sent."""
    stats = await queue.stats(tenant_id)
    dead = await queue.dead_letters(tenant_id)
    return {
        "store": queue.kind,
        "maxAttempts": queue.max_attempts,
        "depth": stats["waiting"] + stats["delayed"],
        "metrics": stats,
        "deadLetters": [job.summary() for job in dead],
        "recent": await queue.recent(tenant_id),
    }


async def retry_dead_letter(pool, queue: MailQueue, tenant_id: str, actor: Actor, job_id: str) -> dict:
    """Put a dead letter back in the queue (404 if it is not one of this tenant's)."""
    if not await queue.retry_dead(tenant_id, job_id):
        raise NotFound("No such dead letter")
    async with tenant_tx(pool, tenant_id) as cur:
        await audit.record(cur, tenant_id, actor, Entry("email.retry", "email_job", job_id))
    return {"retried": True, "id": job_id}


async def discard_dead_letter(pool, queue: MailQueue, tenant_id: str, actor: Actor, job_id: str) -> dict:
    """Delete a dead letter for good (404 if it is not one of this tenant's)."""
    if not await queue.discard_dead(tenant_id, job_id):
        raise NotFound("No such dead letter")
    async with tenant_tx(pool, tenant_id) as cur:
        await audit.record(cur, tenant_id, actor, Entry("email.discard", "email_job", job_id))
    return {"deleted": True, "id": job_id}

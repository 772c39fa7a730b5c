"""Outcome e-mails to a question's author (answered, approved, rejected).

The author's address is looked up inside the transaction and handed only to the mailer, after the
commit. Nothing is sent unless the tenant turned e-mail notifications on and the author's
preferences allow it (no preferences row means yes). A mailer failure never fails the request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pulsestage.qa import questions_queries as q

log = logging.getLogger("pulsestage.qa")

DEFAULT_REJECTION = "Content did not meet community guidelines"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One e-mail ready to hand to the mailer."""

    template: str
    to: str
    context: dict[str, Any]
    idempotency_key: str


async def prepare(cur, tenant_id: str, settings: dict, row: dict, template: str, **context: Any) -> Outcome | None:
    """Build the author's e-mail for `template`, or None when it must not be sent.

    Context names are the mail templates' (snake_case); the mailer derives the links.
    """
    if not settings.get("features", {}).get("enableEmailNotifications"):
        return None
    contact = await q.select_author_contact(cur, tenant_id, row["id"])
    if contact is None or not contact["email_notifications"]:
        return None
    return Outcome(
        template=template,
        to=contact["email"],
        context={"user_name": contact["name"] or "there", "question_body": row["body"],
                 "question_id": row["id"], **context},
        idempotency_key=f"{template}:{row['id']}",
    )


async def send(mailer, tenant_id: str, outcome: Outcome | None) -> None:
    """Hand the e-mail to the mailer (if the server has one); log, never raise, on failure."""
    if outcome is None or mailer is None:
        return
    try:
        await mailer.send(tenant_id=tenant_id, template=outcome.template, to=outcome.to,
                          context=outcome.context, idempotency_key=outcome.idempotency_key)
    except Exception as exc:
        log.warning("outcome e-mail not queued", extra={"template": outcome.template, "error": type(exc).__name__})

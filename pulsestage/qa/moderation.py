"""Moderating a submission: run the filters, then decide its tier (behaviours.md §9.4).

- high confidence → refused: 400 with the reasons and a moderation id; only the audit row stays;
- flagged with medium or low confidence, or the tenant requires approval → UNDER_REVIEW;
- otherwise → OPEN.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from pulsestage.admin import audit
from pulsestage.admin.audit import Actor
from pulsestage.db.tenancy import tenant_tx
from pulsestage.errors import FieldError, Invalid
from pulsestage.qa.moderation_filter import Verdict, check_local, combine
from pulsestage.qa.moderation_remote import RemoteModeration, check_remote

REFUSED = "Content does not meet community guidelines"


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict and what it means for the question."""

    verdict: Verdict
    status: str  # OPEN | UNDER_REVIEW
    moderation_id: str


def new_moderation_id() -> str:
    """`mod_<epoch ms>_<random>`: names one moderation decision in the audit trail."""
    return f"mod_{int(time.time() * 1000)}_{secrets.token_hex(3)}"


async def moderate(text: str, remote: RemoteModeration | None, *, approval_required: bool) -> Decision:
    """Run the local filter and (if configured) the remote one; decide the tier."""
    verdict = check_local(text)
    if remote is not None:
        verdict = combine(verdict, await check_remote(remote, text))
    held = (verdict.flagged and verdict.confidence != "high") or approval_required
    return Decision(verdict, "UNDER_REVIEW" if held else "OPEN", new_moderation_id())


def refused(decision: Decision) -> bool:
    """Whether the submission must be refused outright."""
    return decision.verdict.flagged and decision.verdict.confidence == "high"


async def refuse(pool, tenant_id: str, actor: Actor, decision: Decision, text: str,
                 team_id: str | None, question_id: str | None = None) -> None:
    """Write the `question.moderation.flagged` row in its own transaction, then raise the 400."""
    verdict = decision.verdict
    async with tenant_tx(pool, tenant_id) as cur:
        await audit.record(cur, tenant_id, actor, audit.Entry(
            "question.moderation.flagged", "question", question_id, metadata={
                "questionPreview": text[:200], "teamId": team_id, "reasons": list(verdict.reasons),
                "confidence": verdict.confidence, "providers": list(verdict.providers),
                "moderationId": decision.moderation_id,
            }))
    raise Invalid(FieldError("body", "moderation", REFUSED), message=REFUSED, code="content_refused",
                  extra={"reasons": list(verdict.reasons), "moderationId": decision.moderation_id})
